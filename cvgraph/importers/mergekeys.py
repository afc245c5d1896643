"""How a merge matches records: registries and their reference fields, title and DOI keys, the
id an entry has, values that are the same, and which organisation an imported one is
(:func:`find_org`: the same ROR id, else the same id or name; two RORs that differ are never one)."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.builder import default_pub_id
from cvgraph.importers.common import loader_key
from cvgraph.importers.text.identifiers import ror_id, strip_doi_prefix
from cvgraph.importers.text.names import match_key
from cvgraph.importers.text.orgs import org_name_key
from cvgraph.records.ids import slug

__all__ = ["REFS", "REGISTRIES", "UNION", "doi_key", "effective_id", "entry_names", "find_org",
           "pub_effective_id", "same_value", "show", "title_key"]

REGISTRIES = ("organizations", "people", "venues", "grants")
UNION = {"aliases", "links", "notes", "identifiers"}  # list fields merged as sets, in order
# reference fields: (section, field) -> registry; "*" is the owner's person record
REFS = {
    ("person", "affiliation"): "organizations",
    ("organizations", "parent"): "organizations",
    ("people", "affiliation"): "organizations",
    ("venues", "part_of"): "venues", ("venues", "publisher"): "organizations",
    ("education", "institution"): "organizations", ("education", "advisors"): "people",
    ("employment", "organization"): "organizations", ("employment", "advisors"): "people",
    ("internships", "organization"): "organizations", ("internships", "advisors"): "people",
    ("volunteer", "organization"): "organizations",
    ("teaching", "institution"): "organizations",
    ("talks", "host"): "organizations",
    ("service", "venue"): "venues",
    ("publications", "venue"): "venues", ("publications", "publisher"): "organizations",
    ("awards", "awarder"): "organizations",
    ("grants", "funder"): "organizations", ("publications", "funding"): "grants",
    ("certificates", "issuer"): "organizations",
}


def title_key(title: str) -> str:
    """A title for comparison: LaTeX commands and braces dropped, accents and case folded,
    punctuation and white space collapsed.

    >>> title_key("{Deep} Learning:  the {\\\\'E}cole   Way!") == title_key("deep learning - the école way")
    True
    """
    text = re.sub(r"\\[A-Za-z]+\s*", " ", title)  # \emph, \textit, …
    text = re.sub(r"\\.", "", text)  # accent commands: \" \' \`
    return match_key(text.replace("{", "").replace("}", "").replace("$", ""))


def doi_key(doi: str) -> str:
    """``https://doi.org/10.1/ABC`` and ``doi:10.1/abc`` and ``10.1/abc`` are one DOI."""
    return strip_doi_prefix(doi.strip()).casefold()


def entry_names(entry: dict[str, Any]) -> list[str]:
    out = []
    for name in [entry.get("id"), entry.get("name"), entry.get("short"), *(entry.get("aliases") or [])]:
        if isinstance(name, str) and name.strip():
            out.append(name)
    if "id" not in entry and isinstance(entry.get("name"), str):
        out.append(slug(entry["name"]))  # the default id the loader gives it
    return out


def effective_id(entry: dict[str, Any]) -> str | None:
    if isinstance(entry.get("id"), str):
        return str(entry["id"])
    return slug(entry["name"]) if isinstance(entry.get("name"), str) else None


def same_value(a: object, b: object) -> bool:
    """Equal values, strings compared with case and white space folded, numbers as text."""
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        a = str(a)
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        b = str(b)
    if isinstance(a, str) and isinstance(b, str):
        return loader_key(a) == loader_key(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return bool(a == b)


def show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return repr(value) if isinstance(value, str) else str(value)


def pub_effective_id(pub: dict[str, Any]) -> str:
    if isinstance(pub.get("id"), str):
        return str(pub["id"])
    return default_pub_id(pub)


def _ror(entry: dict[str, Any]) -> str | None:
    return ror_id(entry["ror"]) if isinstance(entry.get("ror"), str) else None


def _org_keys(entry: dict[str, Any], localities: set[str]) -> set[str]:
    """:func:`org_name_key` of every name of ``entry``, and of each without a trailing locality
    ("University of Washington, Seattle" is also "University of Washington" in Seattle)."""
    keys = set()
    for name in [entry.get("name"), entry.get("short"), *(entry.get("aliases") or [])]:
        if not isinstance(name, str):
            continue
        key = org_name_key(name)
        keys.add(key)
        for place in localities:
            if key.endswith(f" {place}") and len(key) > len(place) + 1:
                keys.add(key[: -len(place) - 1])
    keys.discard("")
    return keys


def find_org(target: list[Any], entry: dict[str, Any], renamed: dict[str, str]) -> int | None:
    """The base organisation ``entry`` (imported) is: the same ROR id first; else, where neither
    ROR id contradicts and the parents (``renamed``: imported id → base id) agree, the same id,
    then a name or alias with the same :func:`org_name_key` (a trailing locality aside)."""
    ror = _ror(entry)
    orgs = [(i, base) for i, base in enumerate(target) if isinstance(base, dict)]
    if ror:
        for i, base in orgs:
            if _ror(base) == ror:
                return i
    parent = entry.get("parent")
    parent = renamed.get(parent, parent) if isinstance(parent, str) else None
    fits = [(i, base) for i, base in orgs
            if not (ror and _ror(base)) and not (parent and isinstance(base.get("parent"), str)
                                                 and loader_key(base["parent"]) != loader_key(parent))]
    new_id = effective_id(entry)
    for i, base in fits:
        if new_id and effective_id(base) == new_id:
            return i
    for i, base in fits:
        places = {org_name_key(e["locality"]) for e in (base, entry) if isinstance(e.get("locality"), str)}
        if _org_keys(base, places) & _org_keys(entry, places):
            return i
    return None
