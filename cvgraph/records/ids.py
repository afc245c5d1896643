"""Ids and name keys: the slugs registries and publications get, and how names are compared.

>>> slug("Wei-keng Liao")
'wei-keng-liao'
>>> name_key("  Sunwoo   LEE ") == name_key("sunwoo lee")
True
>>> default_publication_id({"authors": [{"name": "Sunwoo Lee"}], "title": "The Layer Approach", "year": "2024"})
'lee2024layer'
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["default_publication_id", "name_key", "slug", "surely_before"]

_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "and", "to", "via", "with"})


def slug(text: str) -> str:
    """Readable ASCII slug: ``"Wei-keng Liao"`` → ``wei-keng-liao``."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


def name_key(name: str) -> str:
    """Names match case-insensitively, with white space folded."""
    return " ".join(name.split()).casefold()


def surely_before(end: str, start: str) -> bool:
    """Is the date ``end`` surely before ``start``? Compared at the coarser of the two
    precisions, so an end of "2023" is not before a start of "2023-05"."""
    n = min(len(end), len(start))
    return end[:n] < start[:n]


def default_publication_id(pub: dict[str, Any]) -> str:
    """Default id: first author's last name + year + first title word (``lee2024layer``)."""
    people = pub.get("authors") or pub.get("editors")
    first = people[0]["name"] if people else "anon"
    words = [w for w in re.findall(r"[A-Za-z0-9]+", slug(pub.get("title", "")).replace("-", " "))
             if w not in _STOP_WORDS]
    family = slug((first or "anon").split()[-1]).replace("-", "")
    return f"{family}{(pub.get('year') or '')[:4]}{words[0] if words else ''}"
