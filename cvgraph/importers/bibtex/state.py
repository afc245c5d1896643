"""What the BibTeX importer knows while it reads: messages, the owner, registries, dates, DOIs."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from bibtexparser.model import (
    Entry,
    Field,
)

from cvgraph.importers.base import Imported
from cvgraph.importers.bibtex.latex import unescape, ws
from cvgraph.importers.bibtex.model import Name, Pub, Reg, short_name, venue_key
from cvgraph.importers.bibtex.tables import RE
from cvgraph.importers.text.dates import real_day
from cvgraph.importers.text.identifiers import orcid_id, orcid_ok, strip_doi_prefix
from cvgraph.importers.text.names import PersonName, compatible, is_owner_name, match_key, split_name
from cvgraph.importers.text.orgs import org_kind
from cvgraph.records.spec import PATTERNS

#: attaches a comment at a path inside the publication being read
Comment = Callable[[tuple[Any, ...], str], None]


class State:
    """The importer's state and the helpers every step uses: messages, the owner's name, the
    organisation and venue registries, dates and DOIs."""

    def __init__(self, text: str, source: str, me: str | None, link_base: str | None = None) -> None:
        self.text, self.source = text, source
        self.link_base = link_base  # relative link file names (al-folio's pdf = {x.pdf}) are joined to it
        self.ads_notes = 0  # entries with ADS's attribution line (one warning for all)
        self.imp = Imported(data={})
        self.me_orcid: str | None = None
        self.me_name: str | None = None
        if me:
            orcid = orcid_id(me)
            if orcid and orcid_ok(orcid):
                self.me_orcid = orcid
            elif orcid:
                self.imp.warn(source, f"--me {me.strip()!r} is not a valid ORCID iD (wrong check digit); "
                              "the CV owner is taken to be the most frequent author")
            else:
                self.me_name = ws(me)
        self.orgs: dict[str, Reg] = {}
        self.venues: dict[tuple[str, str], Reg] = {}
        self.pubs: list[Pub] = []
        self.orcids: dict[int, list[tuple[Name, str]]] = {}  # id(entry) → ORCID-Numbers (name, iD)
        self.names: dict[int, dict[str, list[Any]]] = {}  # id(entry) → field → [Name | "others"]
        self.undefined: set[tuple[int, str]] = set()  # (id(entry), field) named an undefined macro
        self.original_keys: dict[str, str] = {}  # renamed duplicate key → the key as written
        self.crossref_targets: dict[str, list[str]] = {}  # key → the keys of the entries naming it
        self.raw: dict[int, dict[str, Any]] = {}  # id(entry) → field → value before LaTeX decoding
        self.strings: dict[str, str] = {}  # @string macros, lower-case names
        self.me_split: Name | None = None  # the owner's name in parts, once known

    def where(self, line: int | None, key: str | None = None) -> str:
        if line is not None:
            return f"{self.source}:{line + 1}"
        return f"{self.source}: {key}" if key else self.source

    def warn(self, entry: Entry | None, message: str, fld: Field | None = None) -> None:
        line = fld.start_line if fld is not None and fld.start_line is not None else \
            (entry.start_line if entry is not None else None)
        prefix = f"entry '{entry.key}': " if entry is not None else ""
        self.imp.warn(self.where(line, entry.key if entry is not None else None), prefix + message)

    def orcid_of(self, name: Name, entry: Entry) -> tuple[str | None, Name | None]:
        """The ORCID iD its entry's ORCID-Numbers give for an author (same family name,
        compatible given names), and the name as ORCID-Numbers writes it."""
        for who, orcid in self.orcids.get(id(entry), []):
            if who.family_key == name.family_key and compatible(who.tokens, name.tokens):
                return orcid, who
        return None, None

    def me_parts(self) -> Name:
        if self.me_split is None:
            me = split_name(self.me_name or "")  # the toolkit's split: "Adams, Richard Manly Jr." too
            self.me_split = Name(printed=me.full, given=me.given, family=me.family, jr=me.suffix)
        return self.me_split

    def is_me(self, name: Name) -> bool:
        if name.org:
            return False
        me = self.me_parts()
        return is_owner_name(PersonName(name.given, name.family, name.jr), PersonName(me.given, me.family, me.jr))

    def date(self, entry: Entry, val: dict[str, Any], fields: dict[str, Any],
             comment: Comment) -> tuple[str | None, str | None]:
        """The publication date (YYYY, YYYY-MM or YYYY-MM-DD) and an unusable year's text."""
        year = val.get("year", "").strip()
        bad = None
        date = val.get("date", "").strip()
        out = None
        if year:
            if re.fullmatch(r"\d{4}", year):
                out = year
            else:
                self.warn(entry, f"year {year!r} is not a four-digit year; kept as a note",
                          fields.get("year"))
                bad = year
        if date:
            first = date.split("/")[0].strip()
            if re.fullmatch(PATTERNS["date"].strip("^$"), first) and real_day(first):
                if out and not first.startswith(out):
                    self.warn(entry, f"date {date!r} disagrees with year {year!r}; the year is imported",
                              fields.get("date"))
                else:
                    out = first
                    if "/" in date:
                        comment(("year",), f"date range {date!r}: its start")
            else:
                self.warn(entry, f"date {date!r} is not a YYYY[-MM[-DD]] date; not imported",
                          fields.get("date"))
        month = fields.get("month")
        if month is not None and out and len(out) == 4:
            if isinstance(month.value, int) and 1 <= month.value <= 12:
                out = f"{out}-{month.value:02d}"
            else:
                self.warn(entry,
                          f"month {ws(str(month.value))!r} is not a month; only the year is imported", month)
        elif month is not None and not out:
            self.warn(entry, f"month {ws(str(month.value))!r} without a year; not imported", month)
        return out, bad

    def doi(self, entry: Entry, raw: str, fld: Field | None, comment: Comment) -> str | None:
        text = unescape(raw)
        how = []
        if "\\_" in raw or "\\%" in raw:
            how.append("LaTeX escapes removed")
        bare = strip_doi_prefix(text).strip()
        if bare != text:
            how.append(f"prefix {text[:len(text) - len(bare)].strip()!r} removed")
        if "%" in bare:
            bare = unquote(bare)
            how.append("URL escapes decoded")
        bare = bare.lower()
        if not RE["doi"].match(bare):
            self.warn(entry, f"doi {text!r} is not a valid DOI (10.NNNN/…); not imported", fld)
            return None
        if how:
            comment(("doi",), "DOI normalised: " + ", ".join(how))
        return bare

    def venue(self, name: str, kind: str, entry: Entry, alias: str | None = None) -> Reg:
        key = (kind, venue_key(name))
        reg = self.venues.get(key)
        if reg is None:
            reg = Reg(name=name, kind=kind, first=len(self.venues))
            if kind in ("conference", "workshop", "journal"):
                reg.short, how = short_name(name)
                if reg.short:
                    reg.extra["_short"] = how
            self.venues[key] = reg
        else:
            reg.add_alias(name)
        if alias:
            reg.add_alias(alias)
        return reg

    def org(self, name: str, kind: str | None = None) -> Reg:
        """The organisation printed ``name``; ``kind`` is what the field says (a thesis school is a
        university), else the kind is guessed from the name as every importer guesses it."""
        key = match_key(name)
        reg = self.orgs.get(key)
        if reg is None:
            reg = Reg(name=name, kind=kind, first=len(self.orgs))
            if not kind and (guess := org_kind(name)):
                reg.kind, reg.extra["_guessed"] = guess, True
            self.orgs[key] = reg
        else:
            reg.add_alias(name)
            if kind and (reg.extra.pop("_guessed", False) or not reg.kind):
                reg.kind = kind
        return reg

