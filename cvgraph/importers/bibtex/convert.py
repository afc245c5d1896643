"""The BibTeX importer: entries to publications, the owner and co-authors, ids, and ``convert``."""
from __future__ import annotations

import re
from typing import Any, cast

from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts
from bibtexparser.model import Entry

from cvgraph.errors import ImportError_
from cvgraph.importers.base import Imported, Note
from cvgraph.importers.bibtex.entry import EntryReader
from cvgraph.importers.bibtex.extras import ADS_NOTE, award_records
from cvgraph.importers.bibtex.latex import unescape, ws
from cvgraph.importers.bibtex.model import Name, Pub, Reg, give_ids
from cvgraph.importers.bibtex.parse import Parser
from cvgraph.importers.bibtex.people import PeopleReader
from cvgraph.importers.bibtex.tables import NAME_FIELDS, STYLES
from cvgraph.importers.builder import default_pub_id, numbered, ordered
from cvgraph.importers.common import loader_key
from cvgraph.importers.text.identifiers import valid_orcid
from cvgraph.importers.text.names import (
    SUFFIXES,
    match_key,
    split_suffix,
)
from cvgraph.records.spec import FORMAT
from cvgraph.records.types import Person


class Converter(Parser):
    """The entries → the CV: the owner, publications, registries and their ids."""

    # ------------------------------------------------------------------ conversion
    def run(self) -> Imported:
        entries = self.parse()
        for entry in entries:
            names = self.names.get(id(entry), {})
            for key in NAME_FIELDS:
                f = entry.fields_dict.get(key)
                if key not in names or f is None:
                    continue
                decoded = iter(f.value if isinstance(f.value, list) else [])
                for name in names[key]:
                    if name == "others":
                        continue
                    np_ = next(decoded, NameParts())
                    first, von = ws(" ".join(np_.first)), ws(" ".join(np_.von))
                    last, jr = ws(" ".join(np_.last)), ws(" ".join(np_.jr))
                    printed = ws(np_.merge_first_name_first)
                    if not jr:  # "Adams, Richard Manly Jr.": BibTeX reads Jr. as a given name
                        first, jr = split_suffix(first)
                        printed = ws(f"{first} {von} {last} {jr}") if jr else printed
                    if not jr and not von and first and last.lower().rstrip(".") in SUFFIXES:
                        # "Richard Manly Adams Jr." (no comma): BibTeX reads Jr. as the last name
                        first, last, jr = ws(" ".join(np_.first[:-1])), np_.first[-1], last
                    name.given, name.family, name.jr = first, ws(f"{von} {last}"), jr
                    name.printed = printed if not name.org else last
                    if not name.printed:
                        self.warn(entry, f"{key}: the name {ws(name.raw)!r} is empty once decoded; skipped",
                                  f)
                names[key] = [n for n in names[key] if n == "others" or n.printed]
            self.read_orcids(entry)
        skipped_parents = self.parents_only(entries)
        for entry in entries:
            if entry.key in skipped_parents:
                self.warn(entry, "used only as the crossref target of "
                          f"{', '.join(self.crossref_targets[entry.key])}; not imported as a publication "
                          "(the CV owner is not among its authors or editors)")
                continue
            self.publication(entry)
        self.duplicates()
        return self.finish()

    def read_orcids(self, entry: Entry) -> None:
        """Web of Science's `ORCID-Numbers = {Lee, Sunwoo/0000-…; …}`."""
        raw = self.raw.get(id(entry), {}).get("orcid-numbers")
        if not isinstance(raw, str):
            return
        for item in re.split(r"[;\n]", raw):
            item = unescape(item)
            if "/" not in item:
                continue
            who, _, orcid = item.rpartition("/")
            orcid = orcid.strip().upper()
            if not valid_orcid(orcid):
                self.warn(entry, f"ORCID-Numbers: {orcid!r} ({who.strip()}) is not a valid ORCID iD; "
                          "not imported", entry.fields_dict.get("orcid-numbers"))
            elif who.strip():
                np_ = parse_single_name_into_parts(who.strip(), strict=False)
                n = Name(printed=ws(np_.merge_first_name_first), given=" ".join(np_.first),
                         family=" ".join(np_.von + np_.last))
                self.orcids.setdefault(id(entry), []).append((n, orcid))

    def parents_only(self, entries: list[Entry]) -> set[str]:
        """@proceedings/@book entries present only as crossref targets, unless the owner edited them."""
        out = set()
        for entry in entries:
            if entry.key in self.crossref_targets and entry.entry_type in ("proceedings", "book",
                                                                           "collection"):
                everyone = [n for k in NAME_FIELDS for n in self.names.get(id(entry), {}).get(k, [])
                            if isinstance(n, Name)]
                if not any(self.could_be_owner(n) for n in everyone):
                    out.add(entry.key)
        return out

    def could_be_owner(self, name: Name) -> bool:
        if self.me_name:
            return self.is_me(name)
        return True  # without --me every name might turn out to be the owner's

    # ---- the owner
    # ---- one entry
    def publication(self, entry: Entry) -> None:
        """One entry → one publication (``self.pubs``), read by :class:`EntryReader`."""
        p = EntryReader(self, entry).read()
        if p is not None:
            self.pubs.append(p)

    def duplicates(self) -> None:
        seen: dict[tuple[Any, ...], Pub] = {}
        for p in self.pubs:
            keys: list[tuple[str, ...]] = []
            if p.data.get("doi"):
                keys.append(("doi", p.data["doi"]))
            keys.append(("title", match_key(p.data["title"]), p.data.get("year", "")[:4]))
            for k in keys:
                if k in seen and seen[k] is not p:
                    what = "DOI" if k[0] == "doi" else "title and year"
                    self.warn(p.entry, f"same {what} as entry '{seen[k].entry.key}': possibly the same work "
                              "twice (both imported)")
                    break
                seen.setdefault(k, p)

    # ------------------------------------------------------------------ people and output
    def people(self) -> tuple[Person, list[Reg], dict[int, Reg | str]]:
        """The person section, the people registry and a map id(Name) → Reg or "me"
        (:class:`PeopleReader`)."""
        return PeopleReader(self).read()

    def finish(self) -> Imported:
        person, people, where = self.people()
        orgs, venues, corporate = self.assign_ids(person, people)
        data: dict[str, Any] = {"person": person}
        self.registries(data, orgs, people, venues)
        data["publications"] = self.records(person, where, corporate)
        awards = award_records(self.pubs)
        if awards:
            data["awards"] = awards
            for i in range(len(awards)):
                self.imp.comment(("awards", i), "al-folio's award of this work (award / award_name)")
        if self.ads_notes:
            self.imp.warn(self.source, f"adsnote = {{{ADS_NOTE}}} (ADS's attribution) in {self.ads_notes} "
                          "entries: not imported")
        data["person"] = ordered(person, FORMAT["person"])
        for section in ("organizations", "people", "venues"):
            if section in data:
                data[section] = [ordered(x, FORMAT[section]) for x in data[section]]
        self.imp.data = data

        def line(note: Note) -> int:
            m = re.match(rf"^{re.escape(self.source)}:(\d+)$", note.where)
            return int(m.group(1)) if m else 0
        self.imp.warnings.sort(key=line)
        return self.imp

    def assign_ids(self, person: Person,
                   people: list[Reg]) -> tuple[list[Reg], list[Reg], dict[int, Reg]]:
        """Ids of people, organisations (corporate authors registered first) and venues, each
        resolving to its entry alone; the organisations, the venues and the corporate authors."""
        owner_keys = self.owner_keys = {loader_key(n) for n in [person["name"], *person.get("aliases", [])]}
        give_ids(people, reserved={"me"} | owner_keys)
        self.people_keys: dict[str, set[str]] = {}
        for r in people:
            for n in [r.ident, *r.names()]:
                self.people_keys.setdefault(loader_key(n), set()).add(r.ident)
        corporate: dict[int, Reg] = {}
        for p in self.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and n.org:
                    corporate[id(n)] = self.org(n.printed)
        orgs = sorted(self.orgs.values(), key=lambda r: r.first)
        give_ids(orgs, reserved={"me"} | owner_keys | set(self.people_keys))
        venues = sorted(self.venues.values(), key=lambda r: r.first)
        give_ids(venues)
        return orgs, venues, corporate

    def registries(self, data: dict[str, Any], orgs: list[Reg], people: list[Reg], venues: list[Reg]) -> None:
        """The organizations, people and venues sections, with their comments."""
        if orgs:
            data["organizations"] = [clean({"id": r.ident, "name": r.name, "kind": r.kind,
                                             "aliases": r.aliases or None}) for r in orgs]
            for i, r in enumerate(orgs):
                if r.extra.get("_guessed"):
                    self.imp.comment(("organizations", i, "kind"), f"kind guessed from the name {r.name!r}")
        if people:
            data["people"] = []
            for i, r in enumerate(people):
                data["people"].append(clean({"id": r.ident, "name": r.name, "aliases": r.aliases or None,
                                              "orcid": r.extra.get("orcid")}))
                if r.extra.get("_comment"):
                    self.imp.comment(("people", i), r.extra["_comment"])
        if venues:
            data["venues"] = []
            for i, r in enumerate(venues):
                data["venues"].append(clean({"id": r.ident, "name": r.name, "short": r.short, "kind": r.kind,
                                              "aliases": r.aliases or None, "issn": r.extra.get("issn")}))
                if r.aliases:
                    self.imp.comment(("venues", i),
                                     "printed names that differ only in \"Proceedings of the\", "
                                     "years, ordinals, parentheses, case or punctuation are one venue")
                if r.short:
                    self.imp.comment(("venues", i, "short"), r.extra["_short"])

    def records(self, person: Person, where: dict[int, Reg | str],
                corporate: dict[int, Reg]) -> list[dict[str, Any]]:
        """The publications with their author lists, references and ids resolved."""
        pubs = []
        owner_found = any(w == "me" for w in where.values())  # if not, one warning has said so
        used_ids = {p.data["id"] for p in self.pubs if "id" in p.data}
        for i, p in enumerate(self.pubs):
            d = p.data
            d["authors"] = self.author_list(p.authors, where, corporate, ("publications", i, "authors"))
            if p.editors:
                d["editors"] = self.author_list(p.editors, where, corporate, ("publications", i, "editors"))
            if "others" in p.authors and d["authors"]:
                d["et_al"] = True
                self.imp.comment(("publications", i, "et_al"), "the printed list ends with \"and others\"")
            elif "others" in p.editors and d.get("editors"):
                d.setdefault("notes", []).append("the editor list ends with \"and others\"")
            if owner_found and not any(
                    where.get(id(n)) == "me" for n in [*p.authors, *p.editors] if isinstance(n, Name)):
                self.warn(p.entry, f"the CV owner ({person['name']}) is not among its authors or editors")
            for key in ("venue", "publisher"):
                if key in d:
                    d[key] = d[key].ident
            if "id" not in d:
                d["id"] = numbered(default_pub_id(d), used_ids.__contains__)
                used_ids.add(d["id"])
            for path, text in p.comments.items():
                if path and path[0] not in d:  # about a field that was given up later
                    continue
                self.imp.comment(("publications", i, *path), text)
            pubs.append(ordered(d, FORMAT["publications"]))
        return pubs

    def author_list(self, names: list[Any], where: dict[int, Reg | str], corporate: dict[int, Reg],
                    path: tuple[Any, ...]) -> list[Any]:
        out: list[Any] = []
        for n in names:
            if not isinstance(n, Name):
                continue
            j = len(out)
            if n.org:
                reg = corporate[id(n)]
                out.append({"name": n.printed, "ref": reg.ident})
                self.imp.comment((*path, j), "in double braces: a corporate author (organization)")
            elif where.get(id(n)) == "me" and loader_key(n.printed) in self.people_keys:
                out.append({"name": n.printed, "ref": "me"})
                self.imp.comment((*path, j),
                                 "a co-author has this name too (dblp homonyms): written with ref me")
            elif isinstance(where.get(id(n)), Reg) and (len(self.people_keys.get(loader_key(n.printed), ()))
                                                        > 1
                                                        or loader_key(n.printed) in self.owner_keys):
                out.append({"name": n.printed, "ref": cast("Reg", where[id(n)]).ident})
                self.imp.comment((*path, j),
                                 "this name is several people's (dblp homonyms): written with its id")
            else:
                out.append(n.printed)
            if n.markers:
                what = [f"{m} removed" if m.startswith("dblp") or m in STYLES.values() else
                        f"marker {m} removed" for m in n.markers]
                self.imp.comment((*path, j), f"printed {ws(n.raw)}: {', '.join(what)}")
        return out


# ----------------------------------------------------------------------------- output helpers

def clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, [], "")}


def convert(text: str, source: str, me: str | None = None, link_base: str | None = None) -> Imported:
    """Import a BibTeX file's text; ``me`` is the CV owner's name or ORCID iD (see base.py).
    ``link_base`` is the address relative link file names are joined to (al-folio's
    ``pdf = {paper.pdf}`` is ``<site>/assets/pdf/paper.pdf``: the al-folio importer passes that
    folder's URL); without it such names are warned about and not imported."""
    if not isinstance(text, str):
        raise ImportError_(f"{source}: not text")
    return Converter(text, source, me, link_base).run()
