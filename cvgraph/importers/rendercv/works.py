"""Publications: the owner among the authors, venues, kinds, identifiers."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.builder import default_pub_id, id_slug, numbered
from cvgraph.importers.common import loader_key
from cvgraph.importers.rendercv.base import ConverterBase
from cvgraph.importers.rendercv.markup import ARXIV, ARXIV_IN, DOI, plain, printed_author, short
from cvgraph.importers.rendercv.model import Ctx, entry_type
from cvgraph.importers.rendercv.phrases import parse_journal, thesis_parts
from cvgraph.importers.text.dates import parse_when
from cvgraph.importers.text.identifiers import arxiv_in_url, doi_in_url, strip_doi_prefix, url_ok
from cvgraph.importers.text.venues import (
    CONFERENCE_ACRONYM,
    CONFERENCE_WORDS,
    JOURNAL_WORDS,
    PREPRINT_WORDS,
    REPOSITORIES,
)


class WorksReader(ConverterBase):
    # ------------------------------------------------------------------ publications

    def prescan(self, sections: dict[str, Any]) -> None:
        """Owner names first, so that every publication treats them alike."""
        for name in (self.person.get("name"), self.me_name):
            if name and loader_key(name) not in self.owner_keys:
                self.owner_keys.add(loader_key(name))
                self.owner_slugs.add(id_slug(name))
        pubs = [(("cv", "sections", title, i), entry) for title, entries in sections.items()
                if isinstance(entries, list) for i, entry in enumerate(entries)
                if entry_type(entry) == "PublicationEntry" and isinstance(entry.get("authors"), list)]
        for path, entry in pubs:
            self.marked_owner(path, entry)
        for path, chosen in self.owner_marks.items():
            if not self.is_owner(chosen):
                self.add_owner_name(chosen, f"printed so (marked) in {self.where(path)}")
        if self.person.get("name"):
            for path, entry in pubs:
                if path not in self.owner_marks:
                    self.unmarked_owner(path, entry)

    def marked_owner(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        """The author marked as the owner (``**Name**``) in one publication, if any."""
        marked = []
        for j, author in enumerate(entry["authors"]):
            raw = self.text(author, (*path, "authors", j))
            if raw:
                name_, mark, _, _ = printed_author(raw)
                if mark and name_:
                    marked.append(name_)
        if not marked:
            return
        chosen = next((m for m in marked if self.is_owner(m)), None)
        if chosen is None:
            family = loader_key(((self.person.get("name") or "").split()[-1:] or [""])[0])
            chosen = next((m for m in marked if loader_key(m.split()[-1]) == family), marked[0])
        self.owner_marks[path] = chosen
        if "name" not in self.person:
            self.person["name"] = chosen
            self.owner_keys.add(loader_key(chosen))
            self.owner_slugs.add(id_slug(chosen))
            self.comment(("person", "name"), "the CV gives no name: taken from the author marked as "
                         "the owner")

    def unmarked_owner(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        """In a publication with no marked author, the names the owner rule accepts."""
        for j, author in enumerate(entry["authors"]):
            raw = self.text(author, (*path, "authors", j))
            printed = printed_author(raw)[0] if raw else None
            if printed and not self.is_owner(printed) and self.initials_match(printed):
                self.add_owner_name(printed, f"printed so (unmarked, the owner's initials and "
                                    f"family name) in {self.where(path)}")

    def publication(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        P = ctx.path
        title_raw = self.text(entry.get("title"), (*P, "title"))
        if not title_raw:
            self.warn(P, f"{ctx}: no title: not imported ({short(self.describe(entry, ctx))!r})")
            return
        title, title_urls = plain(title_raw)
        idx = len(self.out["publications"])
        path = ("publications", idx)
        record: dict[str, Any] = {"kind": None, "title": title}
        authors, et_al = self.pub_authors(entry, ctx, path)
        if not authors:
            self.warn(P, f"{ctx}: no authors: not imported ({title!r})")
            return
        record["authors"] = authors
        if et_al:
            record["et_al"] = True
        journal = self.text(entry.get("journal"), (*P, "journal"))
        extras, notes = self.pub_venue(record, entry, journal, ctx, path)
        self.pub_date(record, entry, journal, extras, ctx, path)
        for key in ("volume", "issue", "pages"):
            if extras.get(key):
                record[key] = extras[key]
        self.pub_doi(record, entry, ctx, path)
        self.pub_urls(record, entry, title_urls, ctx)
        if journal and "arxiv" not in record:
            m = ARXIV_IN.search(journal)
            if m and ARXIV.fullmatch(m.group(1)):
                record["arxiv"] = m.group(1)
        if extras.get("acceptance_rate"):
            record["acceptance_rate"] = extras["acceptance_rate"]
        notes += self.body(entry, ctx)  # summary, and highlights (not a PublicationEntry field)
        loc = self.text(entry.get("location"), (*P, "location"))
        if loc:
            notes.append(f"location: {plain(loc)[0]}")
        if notes:
            record["notes"] = notes
        self.pub_id(record, path)
        self.place("publications", record, ctx, last)
        self.extra_keys(entry, ctx, ("publications", idx), handled={"highlights", "location"})

    def pub_authors(self, entry: dict[str, Any], ctx: Ctx, path: tuple[Any, ...]) -> tuple[list[str], bool]:
        """The printed authors (the owner's variants recorded, co-authors registered) and et al."""
        P = ctx.path
        value = entry.get("authors")
        if value is not None and not isinstance(value, list):
            value = [value]
        authors, et_al = [], False
        chosen = self.owner_marks.get(P)
        for j, raw in enumerate(self.texts(value, (*P, "authors"), ctx)):
            name_plain, mark, urls, printed = printed_author(raw)
            if re.fullmatch(r"(et\.?\s*al\.?|others|and others|…|\.\.\.)", name_plain, re.IGNORECASE):
                et_al = True
                continue
            if not name_plain:
                self.warn((*P, "authors", j), f"{ctx}: author {raw!r} is empty once markup is removed: "
                          "left out")
                continue
            if printed != name_plain:
                self.comment((*path, "authors"), f"footnote marks after {printed!r} dropped "
                             "(equal contribution / corresponding author)")
            if (mark and name_plain == chosen) or self.is_owner(name_plain):
                by_me = self.me_name and loader_key(name_plain) == loader_key(self.me_name)
                self.add_owner_name(name_plain, f"printed so in {ctx.where} " + (
                    "(the name given with --me)" if by_me
                    else "(the owner's name with other accents or punctuation)"))
                authors.append(name_plain)
                continue
            if mark:
                self.warn((*P, "authors", j), f"{ctx}: several authors are marked; {chosen!r} is taken "
                          f"as the owner and {name_plain!r} as a co-author")
            authors.append(self.person_ref(name_plain, urls[0] if urls else None))
        return authors, et_al

    def pub_venue(self, record: dict[str, Any], entry: dict[str, Any], journal: str | None, ctx: Ctx,
                  path: tuple[Any, ...]) -> tuple[dict[str, Any], list[str]]:
        """Kind, venue (or publisher, degree) from RenderCV's ``journal``; its extras and notes."""
        venue_name: str | None = None
        extras: dict[str, Any] = {}
        notes: list[str] = []
        if journal:
            venue_name, extras, notes = parse_journal(plain(journal)[0])
        kind, why = self.pub_kind(venue_name or "", ctx.title, entry, ctx.path)
        record["kind"] = kind
        self.comment((*path, "kind"), why)
        if not venue_name or not journal:
            return extras, notes
        if kind == "thesis":
            degree, school = thesis_parts(venue_name)
            if degree:
                record["degree"] = degree
            if school:
                record["publisher"] = self.org(school)
            self.comment(path, f"thesis read from journal {journal!r}")
        elif kind in ("book", "report"):
            record["publisher"] = self.org(venue_name)
        else:
            vkind = {"preprint": "repository", "chapter": "book"}.get(kind, kind)
            if vkind not in ("journal", "conference", "workshop", "repository", "book"):
                vkind = "journal"
            if kind == "preprint":
                low = venue_name.lower()
                venue_name = next((v for k, v in REPOSITORIES.items() if k in low), venue_name)
            record["venue"] = self.venue(venue_name, vkind)
        if venue_name != plain(journal)[0] or extras:
            self.comment((*path, "venue") if "venue" in record else path,
                         f"RenderCV journal {plain(journal)[0]!r}")
        return extras, notes

    def pub_date(self, record: dict[str, Any], entry: dict[str, Any], journal: str | None,
                 extras: dict[str, Any], ctx: Ctx, path: tuple[Any, ...]) -> None:
        """``year`` from ``date``, else from a year printed in the venue text."""
        when = None
        date = self.text(entry.get("date"), (*ctx.path, "date"))
        if date:
            when = parse_when(date)
            if when is None:
                self.warn((*ctx.path, "date"), f"{ctx}: cannot read the date {date!r}: left out")
        if when:
            record["year"] = when.first
            if not when.single or when.approximate:
                self.comment((*path, "year"), f"from the date {when.printed!r}")
        elif extras.get("year"):
            record["year"] = extras["year"]
            self.comment((*path, "year"), f"from the year printed in journal {journal!r}")

    def pub_doi(self, record: dict[str, Any], entry: dict[str, Any], ctx: Ctx, path: tuple[Any, ...]) -> None:
        doi = self.text(entry.get("doi"), (*ctx.path, "doi"))
        if not doi:
            return
        bare = strip_doi_prefix(doi.strip())
        if bare != doi.strip():
            self.comment((*path, "doi"), f"DOI written {doi!r}: prefix dropped")
        if not DOI.fullmatch(bare):
            self.warn((*ctx.path, "doi"), f"{ctx}: {doi!r} is not a DOI: left out")
            return
        record["doi"] = bare
        m = re.fullmatch(r"10\.48550/arxiv\.(\d{4}\.\d{4,5}(?:v\d+)?)", bare, re.IGNORECASE)
        if m:
            record["arxiv"] = m.group(1)

    def pub_urls(self, record: dict[str, Any], entry: dict[str, Any], title_urls: list[str],
                 ctx: Ctx) -> None:
        """``url`` and the links in the title: arXiv and doi.org links give ids, the first other the url."""
        url = self.text(entry.get("url"), (*ctx.path, "url"))
        for candidate in [url.strip() if url else None, *title_urls]:
            if not candidate:
                continue
            if not url_ok(candidate):
                self.warn((*ctx.path, "url"), f"{ctx}: {candidate!r} is not an http(s) URL: left out")
                continue
            arxiv = arxiv_in_url(candidate)
            if arxiv and "arxiv" not in record:
                record["arxiv"] = arxiv
            doi_in = doi_in_url(candidate)
            if doi_in and "doi" not in record:
                record["doi"] = doi_in
            elif "url" not in record:
                record["url"] = candidate

    def pub_kind(self, venue: str, section: str, entry: dict[str, Any],
                 P: tuple[Any, ...]) -> tuple[str, str]:
        sec = section.replace("_", " ").lower()
        if venue and PREPRINT_WORDS.search(venue):
            return "preprint", f"preprint: the venue {venue!r} is a preprint server"
        if venue and re.search(r"\bworkshops?\b", venue, re.IGNORECASE):
            return "workshop", f"workshop: the venue {venue!r} says so"
        if venue and re.search(r"\b(thesis|dissertation)\b", venue, re.IGNORECASE):
            return "thesis", f"thesis: the venue {venue!r} says so"
        for pattern, kind in ((r"pre-?prints?|working papers?|under review|submitted", "preprint"),
                              (r"workshops?", "workshop"),
                              (r"journals?", "journal"),
                              (r"conferences?|proceedings", "conference"),
                              (r"theses|thesis|dissertations?", "thesis"),
                              (r"chapters?", "chapter"),
                              (r"books?", "book"),
                              (r"(technical )?reports?", "report")):
            if re.search(rf"\b{pattern}\b", sec):
                return kind, f"{kind}: from the section title {section!r}"
        if venue and (CONFERENCE_WORDS.search(venue) or CONFERENCE_ACRONYM.search(venue)):
            return "conference", f"conference: the venue {venue!r} reads as a conference"
        if venue and JOURNAL_WORDS.search(venue):
            return "journal", f"journal: the venue {venue!r} reads as a journal"
        if venue:
            return "journal", (f"journal: RenderCV calls the venue 'journal' and {venue!r} shows no sign "
                               "of a conference")
        doi = str(entry.get("doi") or "") + str(entry.get("url") or "")
        if re.search(r"10\.48550/arxiv|arxiv\.org/", doi, re.IGNORECASE):
            return "preprint", "preprint: an arXiv identifier and no venue"
        return "other", "other: RenderCV gives no venue (journal) to tell the kind from"

    def pub_id(self, record: dict[str, Any], path: tuple[Any, ...]) -> None:
        """The loader's default id, made unique with a suffix where two would collide."""
        default = default_pub_id(record)
        ident = numbered(default, self.pub_ids.__contains__)
        self.pub_ids.add(ident)
        if ident != default:
            record["id"] = ident
            self.comment((*path, "id"), f"{default!r} is already another publication's id")
