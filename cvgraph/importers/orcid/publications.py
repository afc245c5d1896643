"""One work → one publication record: identifiers, citation, contributors and the owner among them."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.common import loader_key
from cvgraph.importers.orcid.base import ImporterBase
from cvgraph.importers.orcid.model import (
    BIB_FIELD,
    KINDS,
    RELATIONS,
    TYPE_NOTES,
    VENUE_KINDS,
    Author,
    Pub,
    Ref,
    get,
)
from cvgraph.importers.text.identifiers import bare_arxiv
from cvgraph.importers.text.names import PersonName, is_owner_name, match_key, split_name
from cvgraph.records.spec import PATTERNS


class PublicationWriter(ImporterBase):
    # -- a publication's record -------------------------------------------------------------
    def publication(self, pub: Pub) -> dict[str, Any]:
        f = pub.fields
        rec: dict[str, Any] = {}
        raw_type, tpath = f.get("type", (None, pub.path))
        kind = KINDS.get(raw_type or "")
        if kind is None:
            kind = "other"
            self.warn(tpath, f"work type {raw_type!r} has no equivalent: imported as kind: other"
                      if raw_type else "a work without a type: imported as kind: other")
            if raw_type:
                pub.notes.insert(0, f"ORCID work type: {raw_type}")
        elif raw_type in TYPE_NOTES:
            pub.notes.insert(0, TYPE_NOTES[raw_type])
            pub.comments.append((("kind",), f"ORCID type {raw_type}"))
        rec["kind"] = kind
        rec["title"] = f["title"]
        authors, editors = self.contributors(pub, rec)
        rec["authors"] = authors
        if editors:
            rec["editors"] = editors
        journal = f.get("journal")
        venue_kind = VENUE_KINDS.get(kind)
        if journal and venue_kind:
            rec["venue"] = Ref(self.venue(journal, venue_kind))
        elif journal:
            pub.notes.append(f"in: {journal}")
            pub.comments.append((("notes",), (f"ORCID journal-title: no venue kind fits a {kind} "
                                             "publication, kept as a note")))
        if "year" in f:
            rec["year"] = f["year"]
        self.citation(pub, rec)
        if pub.doi:
            rec["doi"] = pub.doi
        if "url" in f:
            rec["url"] = f["url"]
        identifiers: list[str] = []
        for kind_, value, rel, path in pub.ids:
            self.identifier(pub, rec, identifiers, kind_, value, rel, path)
        identifiers += [f"orcid-put-code:{c}" for c in pub.put_codes]
        if identifiers:
            rec["identifiers"] = identifiers
        if pub.notes:
            rec["notes"] = pub.notes
        return rec

    def identifier(self, pub: Pub, rec: dict[str, Any], identifiers: list[str], kind: str, value: str,
                   rel: str, path: tuple[Any, ...]) -> None:
        vpath = (*path, "external-id-value")
        if rel != "self":
            self.related_id(pub, rec, kind, value, rel, vpath)
            return
        if kind == "arxiv":
            bare = bare_arxiv(value)
            if bare is None:
                self.warn(vpath, f"not an arXiv id: {value!r}: left out")
            elif "arxiv" not in rec:
                rec["arxiv"] = bare
                if bare != value:
                    pub.comments.append((("arxiv",), f"arXiv id written {value!r} in ORCID"))
            elif bare != rec["arxiv"]:
                identifiers.append(f"arxiv:{bare}")
            return
        if kind == "isbn":
            digits = re.sub(r"[\s-]", "", re.sub(r"^isbn[:\s]*", "", value, flags=re.IGNORECASE))
            if not re.fullmatch(r"\d{9}[\dXx]|\d{13}", digits):
                self.warn(vpath, f"not an ISBN: {value!r}: left out")
            elif "isbn" not in rec:
                rec["isbn"] = value
            elif match_key(value) != match_key(rec["isbn"]):
                identifiers.append(f"isbn:{value}")
            return
        text = value if value.lower().startswith(f"{kind}:") else f"{kind}:{value}"
        if not re.fullmatch(PATTERNS["identifier"].strip("^$"), text):
            pub.notes.append(f"{kind}: {value}")
            pub.comments.append((("notes",), (f"ORCID external id {kind} {value!r} is not a \"scheme:value\" "
                                             "identifier: kept as a note")))
        elif text not in identifiers:
            identifiers.append(text)

    def related_id(self, pub: Pub, rec: dict[str, Any], kind: str, value: str, rel: str,
                   vpath: tuple[Any, ...]) -> None:
        """An id of something related: a journal's ISSN, a grant of the record (``funding``), else
        a note ("version of doi:…")."""
        grant = next((g for g in self.grants if kind == "grant_number" and rel == "funded-by"
                      and match_key(g.get("number", "")) == match_key(value)), None)
        if grant is not None:
            refs = rec.setdefault("funding", [])
            if not any(r.entry is grant for r in refs):
                refs.append(Ref(grant))
            return
        if kind == "issn" and rel == "part-of" and isinstance(rec.get("venue"), Ref) \
                and rec["venue"].entry["kind"] == "journal":
            issn = value.upper()
            if re.fullmatch(r"\d{8}|\d{7}X", issn):
                issn = f"{issn[:4]}-{issn[4:]}"
            venue = rec["venue"].entry
            if re.fullmatch(PATTERNS["issn"].strip("^$"), issn):
                venue.setdefault("issn", issn)
                if venue["issn"] != issn:
                    self.warn(vpath, f"ISSN {value!r}: the venue already has ISSN {venue['issn']}: not imported")
                elif issn != value:
                    self.warn(vpath, f"ISSN written {value!r} in ORCID: imported as {issn}")
                return
            self.warn(vpath, f"not an ISSN: {value!r}: kept as a note")
        pub.notes.append(f"{RELATIONS.get(rel, rel)} {kind}:{value}")

    def citation(self, pub: Pub, rec: dict[str, Any]) -> None:
        if pub.citation is None:
            return
        ctype, value, path = pub.citation
        if ctype != "bibtex":
            self.warn(path, f"{ctype or 'untyped'} citation not imported (a rendering of the work's fields)")
            return
        found: dict[str, Any] = {}
        for m in BIB_FIELD.finditer(value):
            text = " ".join((m.group(2) or m.group(3) or m.group(4) or "").split())
            if text:
                found.setdefault(m.group(1).lower(), text)
        for bib, field in (("volume", "volume"), ("number", "issue"), ("pages", "pages")):
            if bib in found:
                rec[field] = found[bib].replace("--", "-")
        kept = [k for k in ("volume", "issue", "pages") if k in rec]
        if kept:
            pub.comments.append(((), f"{', '.join(kept)} from the work's BibTeX citation"))
        self.warn(path, f"BibTeX citation: {', '.join(kept) or 'nothing'} read from it, the rest not imported "
                        "(a rendering of the work's fields)")

    # -- contributors -------------------------------------------------------------------------
    def contributors(self, pub: Pub, rec: dict[str, Any]) -> tuple[list[Any], list[Any]]:
        owner_name = self.person["name"]
        if not pub.contributors:
            self.incomplete(pub, rec, "ORCID gives no contributors for this work")
            return [Author(owner_name, None)], []
        entries = []
        for n, (c, path) in enumerate(pub.contributors):
            if not isinstance(c, dict):
                self.warn(path, "expected a contributor object: left out")
                continue
            attrs = c.get("contributor-attributes")
            attrs = attrs if isinstance(attrs, dict) else {}
            seq = (self.text(attrs.get("contributor-sequence"), path) or "").lower()
            role = (self.text(attrs.get("contributor-role"), path) or "author").lower().replace("_", "-")
            name = self.text(c.get("credit-name"), (*path, "credit-name"))
            raw = self.text(get(c, "contributor-orcid", "path") or get(c, "contributor-orcid", "uri"),
                            (*path, "contributor-orcid", "path"))
            orcid = self.orcid(raw, (*path, "contributor-orcid", "path")) if raw else None
            entries.append((0 if seq == "first" else 1, n, c, path, role, name, orcid))
        entries.sort(key=lambda e: e[:2])
        authors: list[Author] = []
        editors: list[Author] = []
        owner_found = False
        for _, _, _c, path, role, name, orcid in entries:
            is_owner = bool(orcid and orcid == self.owner_orcid)
            if not name:
                if is_owner:
                    name = owner_name
                    pub.comments.append((("authors",), ("the owner's contributor entry has no name: "
                                                       "the owner's name is used")))
                else:
                    self.warn(path, "a contributor without a name" + (f" (ORCID {orcid})" if orcid else "")
                              + ": left out of the author list, which is marked authors_incomplete")
                    rec["authors_incomplete"] = True  # the printed list had someone here
                    continue
            if role in ("author", "") or role.startswith(("http://credit.niso.org/", "https://credit.niso.org/")):
                target = authors
            elif role == "editor":
                target = editors
            else:
                pub.notes.append(f"{role}: {name}")
                self.warn(path, f"contributor role {role!r} ({name}) is neither author nor editor: "
                                "kept as a note")
                continue
            if not is_owner and not orcid and self.owner_variant(name):
                is_owner = True
            if is_owner:
                owner_found = True
                target.append(Author(name, None))
                self.owner_variants.append(name)
            else:
                target.append(Author(name, self.coauthor(name, orcid)))
        if not owner_found:
            candidates = [(lst, i) for lst in (authors, editors) for i, a in enumerate(lst)
                          if a.person is not None and not a.person.get("orcid")
                          and self.owner_initials(a.printed)]
            if len(candidates) == 1:
                lst, i = candidates[0]
                a = lst[i]
                if a.person is not None:
                    self.unuse(a.person, a.printed)
                lst[i] = Author(a.printed, None)
                self.owner_variants.append(a.printed)
                pub.comments.append((("authors",), f"{a.printed!r} taken to be the owner (initials match)"))
            else:
                self.warn(pub.path, f"the owner is not among the contributors of {rec['title'][:60]!r} "
                          f"(from {pub.contributor_source}): check the author list")
        if not authors and not editors:
            self.incomplete(pub, rec, "no author or editor among the work's contributors")
            authors = [Author(owner_name, None)]
        return authors, editors

    def incomplete(self, pub: Pub, rec: dict[str, Any], why: str) -> None:
        """No author list known: the owner alone, marked incomplete (no positions asserted)."""
        rec["authors_incomplete"] = True
        pub.comments.append((("authors_incomplete",), ("the author list is unknown: only the owner is "
                                                       "listed, and no author positions are asserted")))
        self.warn(pub.path, f"{why} ({rec['title'][:60]!r}): authors: [the owner] with "
                            "authors_incomplete: true; get the full works from ORCID "
                            "(docs/importing.md, 'Importing from ORCID') or import the works' BibTeX")

    def owner_names(self) -> list[str]:
        return [self.person["name"], *self.aliases, *self.owner_variants]

    def owner_variant(self, name: str) -> bool:
        """The same words as a known owner name, in any order."""
        words = sorted(match_key(name).split())
        return any(sorted(match_key(n).split()) == words for n in self.owner_names())

    def owner_initials(self, name: str) -> bool:
        """The owner rule (:func:`cvgraph.importers.text.names.is_owner_name`): ``S. Lee``,
        ``Lee, S.``, ``S.-W. Lee`` for Sunwoo Lee."""
        given, family = self.person.get("given_name"), self.person.get("family_name")
        owner = PersonName(given, family) if given and family else split_name(self.person["name"])
        return is_owner_name(name, owner)

    def coauthor(self, name: str, orcid: str | None) -> dict[str, Any]:
        """The ``people`` entry for a co-author: one per ORCID iD, else one per name."""
        key = match_key(name)
        if orcid:
            person = self.people_by_orcid.get(orcid)
            if person is None:
                person = {"name": name, "aliases": [], "orcid": orcid, "_uses": {}}
                self.people.append(person)
                self.people_by_orcid[orcid] = person
                self.people_by_name.setdefault(key, []).append(person)
        else:
            same = self.people_by_name.get(key, [])
            person = same[0] if len(same) == 1 else None
            if person is None:
                person = {"name": name, "aliases": [], "_uses": {}}
                self.people.append(person)
                self.people_by_name.setdefault(key, []).append(person)
        if loader_key(name) != loader_key(person["name"]) and name not in person["aliases"]:
            person["aliases"].append(name)
            same = self.people_by_name.setdefault(match_key(name), [])
            if person not in same:
                same.append(person)
        person["_uses"][name] = person["_uses"].get(name, 0) + 1
        return person

    def unuse(self, person: dict[str, Any], name: str) -> None:
        person["_uses"][name] -= 1
