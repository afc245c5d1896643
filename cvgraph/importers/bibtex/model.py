"""What the BibTeX importer builds: printed names, registry entries whose ids come last, publications."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bibtexparser.model import Entry

from cvgraph.importers.builder import UniqueIds, id_slug
from cvgraph.importers.text.names import family_key, fold, given_tokens
from cvgraph.records.spec import VENUE_KINDS

# ----------------------------------------------------------------------------- names

@dataclass
class Name:
    """One printed name of an author or editor."""

    printed: str               # first-name-first, decoded: "Jan van der Berg"
    given: str = ""            # decoded first names
    family: str = ""           # decoded von + last
    jr: str = ""
    org: bool = False          # corporate author ({{IEEE Computer Society}})
    markers: list[str] = field(default_factory=list)   # removed marks ("*", "bold", …)
    raw: str = ""
    orcid_name: Name | None = None  # the owner's name as an ORCID-Numbers field writes it
    homonym: str = ""  # dblp's number for one of several people of this name ("0001")

    # computed once, after the decoded parts are filled in
    @cached_property
    def family_key(self) -> str:
        return family_key(self.family)

    @cached_property
    def tokens(self) -> list[str]:
        return given_tokens(self.given)

    @property
    def label(self) -> str:
        """The printed name, with dblp's homonym number if it has one."""
        return f"{self.printed} {self.homonym}" if self.homonym else self.printed

    @cached_property
    def group_key(self) -> tuple[str, str, str]:
        """Family, given names (and dblp's number), generational suffix: "Richard Adams Jr." and
        "Richard Adams III" are two people."""
        return (self.family_key, "".join(self.tokens) + (f"#{self.homonym}" if self.homonym else ""),
                self.jr.lower().rstrip("."))


def fullness(tokens: list[str]) -> tuple[int, int]:
    return sum(len(t) for t in tokens if len(t) > 1), len(tokens)


# ----------------------------------------------------------------------------- registries

@dataclass
class Reg:
    """A registry entry (organization, venue or person) whose id is assigned at the end."""

    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    short: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ident: str = ""
    first: int = 0  # order of first use

    def names(self) -> list[str]:
        return [self.name, *(self.aliases), *([self.short] if self.short else [])]

    def add_alias(self, printed: str) -> None:
        if printed != self.name and printed not in self.aliases:
            self.aliases.append(printed)


def give_ids(entries: list[Reg], reserved: frozenset[str] | set[str] = frozenset()) -> None:
    """Give each entry an id that resolves to it alone (the loader matches ids, names, shorts and
    aliases case-insensitively within one registry)."""
    ids = UniqueIds([entry.names() for entry in entries], reserved)
    for i, entry in enumerate(entries):
        if entry.extra.get("_id"):
            base = id_slug(entry.extra["_id"])
        elif entry.short and entry.kind != "person":
            base = id_slug(entry.short)
        elif entry.kind in VENUE_KINDS:  # a dblp booktitle goes on with place and dates
            base = id_slug(entry.name.split(",")[0])
        else:
            base = id_slug(entry.name)
        entry.ident = ids.take(i, base)


def venue_key(name: str) -> str:
    """Dedup key of a venue: printed names differing only in "Proceedings of the", years,
    ordinals, case, accents and punctuation are one venue."""
    text = fold(name)
    text = re.sub(r"^\s*(in\s*:?\s+)?(proceedings|proc\.?)(\s+of)?(\s+the)?\b", " ", text)
    text = re.sub(r"\([^()]*\)", " ", text)  # "(NASTY)", "(Big Data)"
    text = re.sub(r"\b(19|20)\d{2}\b|\b\d+(st|nd|rd|th)\b|'\d{2}\b", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split()) or fold(name)


def short_name(name: str) -> tuple[str | None, str]:
    """A venue's short name where the printed name gives one: "… Big Data (Big Data), Atlanta, …"
    (an acronym in parentheses before a comma or the end) or dblp's "…, AAAI 2023, Washington, …"
    (an acronym and the year as the second part)."""
    m = re.search(r"\(([^()]{2,15})\)\s*(?:,|$)", name)
    if m and re.search(r"[A-Z]", m.group(1)):
        return m.group(1).strip(), "taken from the parentheses in the printed name"
    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 1:
        m = re.fullmatch(r"([A-Z][\w@/+\-]*(?: [A-Z][\w@/+\-]*)?) '?(?:19|20)?\d{2}", parts[1])
        if m and re.search(r"[A-Z]{2}", m.group(1)):
            return m.group(1), "the acronym before the year in the printed name"
    return None, ""


@dataclass
class Pub:
    """A publication while it is being built: refs are Reg objects until ids are assigned."""

    entry: Entry
    index: int
    kind: str
    data: dict[str, Any]
    authors: list[Any] = field(default_factory=list)   # Name, or "others"
    editors: list[Any] = field(default_factory=list)
    comments: dict[tuple[Any, ...], str] = field(default_factory=dict)  # path in the publication → comment
    award: dict[str, Any] | None = None  # al-folio's award of this work: {name, notes}
