"""One BibTeX entry → one publication, one method per part of it."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from bibtexparser.model import Entry

from cvgraph.importers.bibtex.extras import journal_macro, read_extras, read_pages
from cvgraph.importers.bibtex.latex import unescape, ws
from cvgraph.importers.bibtex.model import Name, Pub, Reg
from cvgraph.importers.bibtex.state import State
from cvgraph.importers.bibtex.tables import (
    ARXIV_ANY,
    ARXIV_URL,
    DEGREES,
    INHERITED,
    KINDS,
    MISC_LIKE,
    NOTE_FIELDS,
    OTHER_TYPES,
    RE,
    VERBATIM,
)
from cvgraph.importers.text.identifiers import ARXIV_ID, url_ok


class EntryReader:
    """One entry → one publication: every field is used, kept as a note, or named in a warning.
    Each part of the publication is read by one method, in the order the fields depend on."""

    def __init__(self, conv: State, entry: Entry) -> None:
        self.conv, self.entry = conv, entry
        self.raw = raw = conv.raw.get(id(entry), {})
        self.fields = fields = entry.fields_dict
        self.val = {k: unescape(raw[k]) if k in VERBATIM and isinstance(raw.get(k), str) else ws(str(f.value))
                    for k, f in fields.items() if not isinstance(f.value, list)}
        self.used = {"author", "editor", "title", "crossref", "orcid-numbers"}
        self.etype = entry.entry_type.lower()
        self.kind = KINDS.get(self.etype)
        self.comments: dict[tuple[Any, ...], str] = {}
        self.notes: list[str] = []
        self.pub: dict[str, Any] = {}
        self.arxiv: str | None = None
        self.arxiv_from: str | None = None
        val = self.val
        self.eprint = val.get("eprint") or None
        self.prefix_key = "archiveprefix" if val.get("archiveprefix") else "eprinttype"
        self.eprint_scheme = val.get(self.prefix_key, "").lower()
        self.journal_key = "journal" if val.get("journal") else "journaltitle"
        self.journal = val.get(self.journal_key, "")
        self.url = val.get("url") or None
        self.how = val.get("howpublished", "")
        self.how_url = not self.url and url_ok(unescape(str(raw.get("howpublished", ""))))
        if self.how_url:
            self.url = unescape(str(raw["howpublished"]))
        self.journal_arxiv = bool(re.match(r"^\s*(arxiv\b|corr\s*$)", self.journal, re.IGNORECASE))
        self.venue: Reg | None = None
        self.award: dict[str, Any] | None = None

    def comment(self, path: tuple[Any, ...], text: str) -> None:
        old = self.comments.get(path)
        self.comments[path] = f"{old}; {text}" if old else text

    def warn(self, message: str, key: str | None = None) -> None:
        self.conv.warn(self.entry, message, self.fields.get(key) if key else None)

    def read(self) -> Pub | None:
        """The publication, or None (with a warning) when the entry cannot be one."""
        title = self.val.get("title", "")
        names = self.conv.names.get(id(self.entry), {})
        authors, editors = names.get("author", []), names.get("editor", [])
        if not title:
            self.warn("has no title; not imported")
            return None
        if not [a for a in authors if a != "others"] and not [e for e in editors if e != "others"]:
            self.warn("has no author or editor; not imported")
            return None
        self.find_arxiv()
        self.decide_kind()
        p = self.start(title, authors, editors)
        self.read_venue()
        self.read_date()
        self.read_numbers()
        self.read_doi_and_url()
        if self.arxiv:
            self.pub["arxiv"] = self.arxiv
        self.read_publisher()
        if self.kind == "thesis":
            self.read_degree()
        self.read_isbn_and_issn()
        self.read_identifiers()
        read_extras(self)
        p.award = self.award
        return self.finish(p, authors)

    def find_arxiv(self) -> None:
        """arXiv evidence: eprint, a journal "arXiv preprint arXiv:…" or CoRR, howpublished, url."""
        eprint, scheme, journal = self.eprint, self.eprint_scheme, self.journal
        if eprint:
            bare = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
            if scheme == "arxiv" or (not scheme and RE["arxiv"].match(bare)):
                self.used.update((self.prefix_key, "eprint"))
                if RE["arxiv"].match(bare):
                    self.arxiv, self.arxiv_from = bare, "eprint"
                    if not scheme:
                        self.comment(("arxiv",), f"eprint {eprint} has no archivePrefix; read as an arXiv id")
                else:
                    self.warn(f"eprint {eprint!r} is not a valid arXiv id; not imported", "eprint")
        alfolio = re.sub(r"^arxiv:\s*", "", self.val.get("arxiv", ""), flags=re.IGNORECASE)
        if not self.arxiv and alfolio:
            self.used.add("arxiv")
            if RE["arxiv"].match(alfolio):
                self.arxiv, self.arxiv_from = alfolio, "arxiv"
            else:
                self.warn(f"arxiv {alfolio!r} is not a valid arXiv id; not imported", "arxiv")
        if not self.arxiv and self.journal_arxiv:
            m = ARXIV_ANY.search(journal) or re.search(rf"({ARXIV_ID})", self.val.get("volume", ""))
            if m:
                self.arxiv, self.arxiv_from = m.group(1), "journal"
        found = ARXIV_ANY.search(self.how)
        if not self.arxiv and re.search(r"arxiv", self.how, re.IGNORECASE) and found:
            self.arxiv, self.arxiv_from = found.group(1), "howpublished"
            self.used.add("howpublished")
        found = ARXIV_URL.search(self.url) if self.url else None
        if not self.arxiv and found:
            self.arxiv, self.arxiv_from = found.group(1), "url"

    def decide_kind(self) -> None:
        etype = self.etype
        if etype in MISC_LIKE and self.arxiv:
            self.kind = "preprint"
            self.comment(("kind",), f"@{etype} with an arXiv id (from its {self.arxiv_from}): a preprint")
        elif self.val.get("pubstate", "").lower() == "preprint":  # biblatex's publication state
            self.kind = "preprint"
            self.used.add("pubstate")
            self.comment(("kind",), f"@{etype} with pubstate = {{preprint}}: a preprint")
        elif self.kind is None:
            self.kind = "other"
            if etype in OTHER_TYPES:
                self.comment(("kind",), f"@{etype} has no kind of its own in the record format")
            else:
                self.warn(f"unknown entry type @{etype}; imported as kind 'other'")
                self.comment(("kind",), f"unknown entry type @{etype}")
        elif etype == "article" and self.journal_arxiv:
            self.kind = "preprint"
            self.comment(("kind",), f"@article in {self.journal!r}: an arXiv preprint")

    def start(self, title: str, authors: list[Any], editors: list[Any]) -> Pub:
        """id, kind and title; the publication being built."""
        pub, key = self.pub, self.entry.key
        if RE["id"].match(key):
            pub["id"] = key
        else:
            self.comment(("id",), f"the BibTeX key {key} is not a valid id; made from the first author, "
                         "year and title")
        pub["kind"] = self.kind
        pub["title"] = title
        if re.search(r"(?<!\\)\$", str(self.raw.get("title", ""))):
            self.comment(("title",), f"math decoded to plain text (written: {ws(str(self.raw['title']))})")
        p = Pub(self.entry, len(self.conv.pubs), str(self.kind), pub)
        p.authors, p.editors = authors, editors
        inherited = self.entry.parser_metadata.get(INHERITED)
        if inherited:
            self.comment((), f"{', '.join(inherited[1])} inherited from crossref {inherited[0]}")
        return p

    def read_venue(self) -> None:
        """The journal, the proceedings/book a paper is in, a book's series, or arXiv."""
        val, kind, journal, entry = self.val, self.kind, self.journal, self.entry
        venue = None
        if kind == "preprint" and (self.arxiv or self.journal_arxiv):
            printed = journal.strip()
            venue = self.conv.venue("arXiv", "repository", entry,
                                    alias=printed if re.fullmatch(r"corr", printed, re.IGNORECASE) else None)
            if journal:
                self.used.add(self.journal_key)
                if printed != "arXiv":
                    self.comment(("venue",), f"printed {journal!r}: the arXiv repository")
            if self.arxiv_from == "howpublished":
                self.comment(("venue",), f"howpublished = {{{self.how}}}")
        elif journal:
            venue = self.conv.venue(journal, "journal", entry)
            self.used.add(self.journal_key)
            journal_macro(self, venue)
        elif val.get("booktitle") and self.etype not in ("proceedings", "book"):
            venue = self.conv.venue(val["booktitle"], "book" if kind == "chapter" else "conference", entry)
            self.used.add("booktitle")
        elif val.get("series") and kind in ("book", "proceedings"):
            venue = self.conv.venue(val["series"], "series", entry)
            self.used.add("series")
        if venue is not None:
            self.pub["venue"] = venue
            if {(id(entry), k) for k in ("journal", "booktitle", "series")} & self.conv.undefined:
                self.comment(("venue",), "the name of an undefined @string macro")
        self.venue = venue

    def read_date(self) -> None:
        year, bad_year = self.conv.date(self.entry, self.val, self.fields, self.comment)
        self.used |= {"year", "month", "date"}
        if bad_year:
            self.notes.append(f"year: {bad_year}")
        if year:
            self.pub["year"] = year

    def read_numbers(self) -> None:
        """Volume, issue, pages, article number."""
        val, pub = self.val, self.pub
        vol = val.get("volume")
        self.used.add("volume")
        if vol and not (self.journal_arxiv and re.search(ARXIV_ID, vol)):
            pub["volume"] = vol
        elif vol:
            self.comment(("arxiv",), f"volume {vol} (CoRR's way of printing the arXiv id) left out")
        if self.kind in ("report", "patent") and val.get("number"):  # the record format's `number`
            pub["number"] = val["number"]
            self.used.add("number")
        for k in ("issue", "number") if self.etype == "article" else ("issue",):
            if val.get(k):
                pub["issue"] = val[k]
                self.used.add(k)
                break
        for k in ("eid", "articleno", "article-number"):
            if val.get(k):
                self.used.add(k)
                if self.arxiv and val[k].lower() == f"arxiv:{self.arxiv}".lower():  # ADS, for e-prints
                    self.comment(("arxiv",), f"{k} = {{{val[k]}}} is this arXiv id")
                else:
                    pub["article"] = val[k]
                break
        if val.get("pages"):
            self.used.add("pages")
            read_pages(self, val["pages"])

    def read_doi_and_url(self) -> None:
        pub, url = self.pub, self.url
        if isinstance(self.raw.get("doi"), str):
            self.used.add("doi")
            doi = self.conv.doi(self.entry, self.raw["doi"], self.fields.get("doi"), self.comment)
            if doi:
                pub["doi"] = doi
        if not url:
            return
        self.used.add("howpublished" if self.how_url else "url")
        m = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", url, re.IGNORECASE)
        if m and "doi" not in pub:
            doi = self.conv.doi(self.entry, url, self.fields.get("url"), self.comment)
            if doi:
                pub["doi"] = doi
                self.comment(("doi",), "taken from the url (a doi.org address)")
        elif m and pub.get("doi") == unquote(m.group(1)).lower():
            self.comment(("doi",), "the url is this DOI's address: not repeated as url")
        else:
            first = url.split()[0]
            if len(url.split()) > 1:
                self.warn(f"url holds several addresses; only {first!r} is imported", "url")
            if url_ok(first):
                pub["url"] = first
                if self.how_url:
                    self.comment(("url",), "from howpublished (an address)")
            else:
                self.warn(f"url {first!r} is not an http(s) address; not imported", "url")

    def read_publisher(self) -> None:
        """Thesis school, report institution, else publisher (or a proceedings' sponsor)."""
        val, kind = self.val, self.kind
        publisher, kind_of_org, from_key = None, None, None
        for k, ok, kinds in (("school", "university", ("thesis",)),
                             ("institution", "university", ("thesis",)),
                             ("institution", None, ("report",)),
                             ("publisher", None, None), ("school", "university", None),
                             ("institution", None, None)):
            if val.get(k) and (kinds is None or kind in kinds):
                publisher, kind_of_org, from_key = val[k], ok, k
                break
        if not publisher and val.get("organization") and self.etype in ("inproceedings", "conference",
                                                                          "proceedings"):
            publisher, from_key = val["organization"], "organization"
            self.comment(("publisher",),
                         f"organization = {{{publisher}}} (the proceedings' sponsor) taken as "
                         "publisher")
        if publisher and from_key:
            self.pub["publisher"] = self.conv.org(publisher, kind_of_org)
            self.used.add(from_key)

    def read_degree(self) -> None:
        etype = self.etype
        degree = DEGREES.get(etype)
        typ = self.val.get("type", "")
        if typ and (etype == "thesis" or not degree):
            if re.search(r"ph\.?\s*d|doctor", typ, re.IGNORECASE):
                degree = "Ph.D."
            elif re.search(r"master|\bm\.?\s*[as]\b|mathesis", typ, re.IGNORECASE):
                degree = "M.S."
            if degree:
                self.used.add("type")
                self.comment(("degree",), f"from type = {{{typ}}}")
        if degree:
            self.pub["degree"] = degree
            if etype == "mastersthesis" and "type" not in self.used:
                self.comment(("degree",), "@mastersthesis does not say which master's degree: M.S. assumed")
        else:
            self.warn("a thesis of unknown degree (no Ph.D. or Master's type); degree left out")

    def read_isbn_and_issn(self) -> None:
        val = self.val
        if val.get("isbn"):
            self.used.add("isbn")
            if self.kind in ("journal", "conference", "chapter", "preprint", "workshop"):
                self.notes.append(f"ISBN of the volume: {val['isbn']}")
                self.comment(("notes",), "the ISBN is the containing volume's: kept as a note")
            else:
                self.pub["isbn"] = val["isbn"]
        if val.get("issn") and self.venue is not None and self.venue.kind == "journal":
            self.used.add("issn")
            if RE["issn"].match(val["issn"].upper()):
                self.venue.extra.setdefault("issn", val["issn"].upper())
            else:
                self.warn(f"issn {val['issn']!r} is not a valid ISSN; not imported", "issn")

    def read_identifiers(self) -> None:
        """The BibTeX key always, dblp/WoS/PubMed ids, other eprints."""
        val, key = self.val, self.entry.key
        identifiers: list[str] = []

        def ident(scheme: str, value: str, *keys: str) -> None:
            """Add "scheme:value" if it is a valid identifier, else keep the fields as notes."""
            cand = f"{scheme}:{value}"
            if RE["identifier"].match(cand):
                identifiers.append(cand)
                self.used.update(keys)

        dblp = re.search(r"dblp\.(?:org|uni-trier\.de)/rec/(?:bibtex/)?(.+?)(?:\.bib)?$",
                         val.get("biburl", ""))
        if key.startswith("DBLP:"):
            ident("dblp", key[5:], *(["biburl"] if dblp else []))
        elif dblp:
            ident("dblp", dblp.group(1), "biburl")
        # Web of Science's accession number
        if re.match(r"^wos:\S+$", val.get("unique-id", ""), re.IGNORECASE):
            ident("wos", val["unique-id"][4:], "unique-id")
        for k, scheme in (("pmid", "pmid"), ("pubmedid", "pmid"), ("pmcid", "pmcid")):
            if val.get(k):
                ident(scheme, val[k], k)
        scheme = self.eprint_scheme
        if self.eprint and not self.arxiv and re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", scheme) \
                and scheme != "arxiv":
            ident(scheme, self.eprint, "eprint", self.prefix_key)
        if identifiers:
            self.pub["identifiers"] = identifiers

    def finish(self, p: Pub, authors: list[Any]) -> Pub | None:
        """Editors and notes, the checks that need the whole entry, and what is not imported."""
        pub, notes, kind = self.pub, self.notes, self.kind
        if p.editors and kind in ("journal", "conference", "chapter", "preprint", "workshop"):
            printed = ", ".join(e.printed for e in p.editors if isinstance(e, Name))
            notes.append(f"editors of the volume: {printed}" + (" et al." if "others" in p.editors else ""))
            self.comment(("notes",),
                         "the editors are the containing volume's, not this work's: kept as a note")
            p.editors = []
        corporate_editors = [e for e in p.editors if isinstance(e, Name) and e.org]
        if corporate_editors:  # schema:editor takes a Person
            notes.append(f"edited by {', '.join(e.printed for e in corporate_editors)}")
            self.comment(("notes",),
                         "an organisation as editor (in double braces) is kept as a note: editors "
                         "are people")
            p.editors = [e for e in p.editors if e not in corporate_editors]
        persons = [a for a in authors if isinstance(a, Name) and not a.org]
        named = [a for a in authors if isinstance(a, Name)]
        if kind == "thesis" and (not persons or len(persons) != len(named)):
            self.warn("a thesis is written by a person, and this one's author list is not; imported as "
                      "kind 'other'")
            pub["kind"] = p.kind = self.kind = "other"
            pub.pop("degree", None)
        if not any(isinstance(n, Name) for n in [*p.authors, *p.editors]):
            self.warn("has no person or organisation as author, nor a person as editor; not imported")
            return None
        self.rest_as_notes()
        if notes:
            pub["notes"] = notes
        p.comments = self.comments
        return p

    def rest_as_notes(self) -> None:
        """``note`` first, then the note fields not used; any other field left is named in a warning."""
        val = self.val
        if val.get("note"):
            self.notes.insert(0, val["note"])
            self.used.add("note")
        dropped = []
        for k in self.fields:
            if k in self.used or not val.get(k):
                continue
            if k in NOTE_FIELDS:
                self.notes.append(f"{k}: {val[k]}")
            else:
                dropped.append(k)
        if dropped:
            self.warn(f"not imported: {', '.join(sorted(dropped))}")
