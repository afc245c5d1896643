"""An organisation's kind (university, research, government, company, …) from its name.

The rules are data (``cvgraph/importers/data/org_kinds.yaml``): an ordered list of kinds, each
with case-insensitive patterns and case-sensitive acronyms; the first rule that matches wins.
Every importer asks :func:`org_kind`, so one name gets one kind whatever file it came from.

>>> org_kind("ETH Zürich"), org_kind("Max Planck Institute for Informatics")
('university', 'research')
>>> org_kind("National Science Foundation"), org_kind("Wikimedia")
('government', None)
>>> org_kind_word("Universität Wien")
('university', 'Universität')

:func:`org_name_key` is how two sources' names of one organisation are compared (the merge's
rule): accents, case and punctuation folded (:func:`~cvgraph.importers.text.names.match_key`),
a leading "The" dropped, "&" read as "and", "Univ."/"Inst."/"Dept." spelt out. Word order counts:
"University of Washington" and "Washington University" are two universities.

>>> org_name_key("The Univ. of Washington") == org_name_key("University of Washington")
True
>>> org_name_key("University of Washington") == org_name_key("Washington University")
False
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from cvgraph.importers.text.names import match_key
from cvgraph.importers.text.tables import table

__all__ = ["org_kind", "org_kind_word", "org_name_key"]

# abbreviations spelt out before names are compared (whole words, after folding)
_ABBREVIATIONS = {"univ": "university", "u": "university", "inst": "institute", "dept": "department",
                  "natl": "national", "intl": "international", "lab": "laboratory", "labs": "laboratories",
                  "ctr": "center", "centre": "center", "coll": "college", "sch": "school", "&": "and"}


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


@cache
def _rules() -> tuple[_Rule, ...]:
    rules: list[_Rule] = []
    for rule in table("org_kinds")["rules"]:
        kind = rule["kind"]
        if rule.get("patterns"):
            rules.append(_Rule(kind, re.compile("|".join(f"(?:{p})" for p in rule["patterns"]), re.IGNORECASE)))
        acronyms = [rf"\b{re.escape(a)}\b" for a in rule.get("acronyms", [])]
        acronyms += rule.get("acronym_patterns", [])
        if acronyms:
            rules.append(_Rule(kind, re.compile("|".join(acronyms))))
    return tuple(rules)


def _word(text: str, start: int, end: int) -> str:
    """The whole words around ``text[start:end]``."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def org_kind_word(name: str) -> tuple[str | None, str | None]:
    """(kind, the words of the name that gave it), or (None, None) when no rule matches."""
    text = unicodedata.normalize("NFC", name)
    for rule in _rules():
        m = rule.pattern.search(text)
        if m:
            return rule.kind, _word(text, m.start(), m.end())
    return None, None


def org_kind(name: str) -> str | None:
    """The kind of the organisation ``name`` names; None leaves the format's default."""
    return org_kind_word(name)[0]


def org_name_key(name: str) -> str:
    """The key two names of one organisation share (module docstring)."""
    words = match_key(name.replace("&", " and ")).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
