"""One Hugo Blox / Wowchemy publication page (``content/publication(s)/NAME/index.md`` front matter)
into a publication record."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.builder import Registry, new_colleague, new_venue
from cvgraph.importers.sitefiles import Doc, declared, put
from cvgraph.importers.text.identifiers import arxiv_in_url, bare_arxiv, bare_doi, url_ok
from cvgraph.records.spec import PUBLICATION_KINDS

__all__ = ["KINDS", "LINK_KEYS", "PubReader"]

# publication_types: Wowchemy's numeric codes (docs: 0 Uncategorized, 1 Conference paper, 2 Journal
# article, 3 Preprint / Working Paper, 4 Report, 5 Book, 6 Book section, 7 Thesis, 8 Patent) and
# the CSL types Hugo Blox uses since 2024
KINDS = {
    "0": "other", "1": "conference", "2": "journal", "3": "preprint", "4": "report", "5": "book",
    "6": "chapter", "7": "thesis", "8": "patent",
    "paper-conference": "conference", "article-journal": "journal", "article": "preprint",
    "report": "report", "book": "book", "chapter": "chapter", "thesis": "thesis", "patent": "patent",
    "manuscript": "manuscript", "article-magazine": "journal", "article-newspaper": "other",
}
VENUE_KIND = {"conference": "conference", "journal": "journal", "preprint": "repository", "chapter": "book",
              "report": "series", "book": "series"}
# url_* keys and links[].type → the format's links keys
LINK_KEYS = {
    "pdf": "pdf", "code": "code", "dataset": "data", "poster": "poster", "project": "project",
    "slides": "slides", "source": "html", "video": "video", "supplement": "supplement", "html": "html",
}
# site machinery (published or not, edit dates, the page's picture, links to other pages of the site);
# anything else unmapped (categories, subtitle, url_preprint, …) is a warning at its line
_IGNORED = ("draft", "lastmod", "publishDate", "image", "projects", "slides")
_EMPHASIS = re.compile(r"(?<!\\)\*+")


def _plain(value: object) -> str:
    """A venue name as Hugo Blox writes it (``In *Journal*``) without the emphasis stars."""
    return " ".join(_EMPHASIS.sub("", str(value)).split())


def _ws(value: object) -> str:
    return " ".join(str(value).split())


class PubReader:
    """Publication pages into records, sharing the people and venue registries."""

    def __init__(self, imported: Imported, owner: str, owner_keys: set[str], authors: dict[str, str]) -> None:
        self.imported = imported
        self.owner = owner
        self.owner_keys = owner_keys  # "admin", "me", the owner's author folder
        self.authors = authors  # other author folders → their names
        self.people: Registry[Any] = Registry((owner,), new=new_colleague)
        self.venues: Registry[Any] = Registry(new=new_venue)
        self.notes: list[tuple[dict[str, Any], tuple[Any, ...], str]] = []  # comments, placed at the end

    def read(self, doc: Doc) -> dict[str, Any] | None:
        fm = doc.data if isinstance(doc.data, dict) else {}
        title = _ws(fm.get("title", ""))
        if not title:
            self.imported.warn(doc.at(), "no title in the front matter; left to cite.bib (if any)")
            return None
        pub: dict[str, Any] = {"kind": self.kind(doc, fm), "title": title}
        pub["authors"] = [self.author(a) for a in fm.get("authors") or [] if a]
        if not pub["authors"]:
            self.imported.warn(doc.at(("authors",)), "no authors; the owner is assumed the sole author")
            pub["authors"] = [self.owner]
        self.venue(doc, fm, pub)
        date = str(fm.get("date") or "")
        m = re.match(r"(\d{4})(-\d{2})?(-\d{2})?", date)
        clock = re.search(r"[T ](\d\d:\d\d(?::\d\d)?)", date)
        if clock and clock.group(1).strip("0:"):
            self.imported.warn(doc.at(("date",)), f"date {date!r}: the time of day is not imported")
        if m and m.group(0).endswith("-01-01") and not re.search(r"T\d\d:\d\d", date):
            pub["year"] = m.group(1)  # Hugo Blox's BibTeX import writes YYYY-01-01 for a bare year
            text = (f"date {date} read as the year {m.group(1)} (YYYY-01-01 is what Hugo Blox's import "
                    "writes for a year alone)")
            self.imported.warn(doc.at(("date",)), text)
        elif m:
            pub["year"] = m.group(0)
        elif date:
            self.imported.warn(doc.at(("date",)), f"date {date!r}: not a date; left out")
        self.ids(doc, fm, pub)
        self.extras(doc, fm, pub)
        handled = {"title", "authors", "date", "publication_types", "publication", "publication_short", "doi",
                   "abstract", "summary", "tags", "featured", "selected", "links", "hugoblox", "author_notes", *_IGNORED}
        self.author_notes(doc, fm, pub)
        for key, value in fm.items():
            if key.startswith("url_"):
                self.link(doc, pub, key[4:], value, (key,))
            elif key not in handled and value not in (None, "", [], {}, False):
                self.imported.warn(doc.at((key,)), f"{key} = {_ws(value)!r} not imported")
        return pub

    def author_notes(self, doc: Doc, fm: dict[str, Any], pub: dict[str, Any]) -> None:
        """``author_notes`` (one per author, e.g. "Equal contribution") → the publication's notes."""
        notes = fm.get("author_notes") or []
        if not isinstance(notes, list):
            notes = [notes]
        pairs = [f"{name}: {_ws(note)}" for name, note in zip(pub["authors"], notes, strict=False) if note]
        if len(notes) > len(pub["authors"]):
            self.imported.warn(doc.at(("author_notes",)), f"author_notes has {len(notes)} notes for "
                               f"{len(pub['authors'])} authors; the extra ones: {notes[len(pub['authors']):]!r}")
        if pairs:
            pub.setdefault("notes", []).append("author notes: " + "; ".join(pairs))

    def kind(self, doc: Doc, fm: dict[str, Any]) -> str:
        types = fm.get("publication_types") or ["0"]
        code = str(types[0] if isinstance(types, list) and types else types).strip()
        kind = KINDS.get(code)
        if kind is None:
            self.imported.warn(doc.at(("publication_types",)), f"publication type {code!r} unknown; kind other")
            return "other"
        if kind not in PUBLICATION_KINDS:
            self.imported.warn(doc.at(("publication_types",)), f"publication type {code!r} ({kind}): this "
                               "cvgraph has no such kind; kind other")
            return "other"
        return kind

    def author(self, printed: object) -> str:
        name = str(printed).strip()
        if name in self.owner_keys:
            return self.owner
        name = self.authors.get(name, name)
        if name != self.owner:
            self.people.add(name)
        return name

    def venue(self, doc: Doc, fm: dict[str, Any], pub: dict[str, Any]) -> None:
        name = re.sub(r"^In\s+", "", _plain(fm.get("publication", "")))
        short = re.sub(r"^In\s+", "", _plain(fm.get("publication_short", "")))
        if not name:
            if short:
                self.imported.warn(doc.at(("publication_short",)), f"publication_short {short!r} without "
                                   "publication; not imported")
            return
        m = re.fullmatch(r"(.+?),?\s+(\d+)\s*\((\d+)\)", name)  # "Journal of X, 1(1)": volume and issue
        if m:
            name, pub["volume"], pub["issue"] = m.group(1), m.group(2), m.group(3)
        kind = VENUE_KIND.get(pub["kind"])
        if pub["kind"] == "patent" and declared("publications", "number"):
            pub["number"] = name  # a patent's "publication" is its number ("US Patent 1,234,567")
            return
        if kind is None:
            self.imported.warn(doc.at(("publication",)), f"publication {name!r}: a publication of kind "
                               f"{pub['kind']} has no venue; kept in notes")
            pub.setdefault("notes", []).append(name)
            return
        entry, _ = self.venues.add(name, kind)
        if short and short != name:
            entry.setdefault("short", short)
        pub["venue"] = entry["id"]

    def ids(self, doc: Doc, fm: dict[str, Any], pub: dict[str, Any]) -> None:
        ids = fm.get("hugoblox", {}).get("ids", {}) if isinstance(fm.get("hugoblox"), dict) else {}
        for key, value, path in (("doi", fm.get("doi"), ("doi",)), ("doi", ids.get("doi"), ("hugoblox", "ids")),
                                 ("arxiv", ids.get("arxiv"), ("hugoblox", "ids"))):
            if not value:
                continue
            found = bare_doi(str(value)) if key == "doi" else bare_arxiv(str(value))
            if found:
                pub.setdefault(key, found)
            else:
                self.imported.warn(doc.at(path), f"{key} {value!r}: not a valid {key}; left out")
        for key in ids:
            if key not in ("doi", "arxiv"):
                self.imported.warn(doc.at(("hugoblox", "ids", key)), f"hugoblox.ids.{key} not imported")

    def extras(self, doc: Doc, fm: dict[str, Any], pub: dict[str, Any]) -> None:
        where = doc.at(("abstract",))
        put(self.imported, pub, "publications", "abstract", _ws(fm.get("abstract") or ""), where, "abstract")
        summary = _ws(fm.get("summary") or "")
        if summary and not pub.get("abstract") and declared("publications", "abstract"):
            pub["abstract"] = summary  # the page's only abstract
            self.notes.append((pub, ("abstract",), "the page's summary (it has no abstract)"))
        elif summary and summary.rstrip(".…") not in str(pub.get("abstract", "")):
            self.imported.warn(doc.at(("summary",)), f"summary (a shortened abstract, not a part of the abstract) "
                               f"not imported: {summary!r}")
        tags = [str(t) for t in fm.get("tags") or [] if t]
        put(self.imported, pub, "publications", "keywords", tags, doc.at(("tags",)), "tags")
        for key in ("featured", "selected"):  # `selected`: the Academic theme's name of it before v4
            if fm.get(key) is True:
                put(self.imported, pub, "publications", "selected", True, doc.at((key,)), key)
        for j, link in enumerate(fm.get("links") or []):
            if not isinstance(link, dict):
                continue
            kind = str(link.get("type") or link.get("name") or "").lower()
            if kind == "preprint" and link.get("provider") == "arxiv" and link.get("id"):
                found = bare_arxiv(str(link["id"]))
                if found:
                    pub.setdefault("arxiv", found)
                    continue
            self.link(doc, pub, kind, link.get("url"), ("links", j))

    def link(self, doc: Doc, pub: dict[str, Any], kind: str, url: object, path: tuple[Any, ...]) -> None:
        url = str(url or "").strip()
        if not url:
            return
        where = doc.at(path)
        key = LINK_KEYS.get(kind)
        if kind in ("preprint", "arxiv") and arxiv_in_url(url):
            pub.setdefault("arxiv", arxiv_in_url(url))
            return
        if key is None or not url_ok(url):
            self.imported.warn(where, f"link {kind or '?'} {url!r}: " + ("not an http(s) address" if key else
                               "no such kind of link in the records") + "; not imported")
            return
        if not declared("publications", "links"):
            put(self.imported, pub, "publications", "links", {key: url}, where, f"link {kind}")
            return
        links = pub.setdefault("links", {})
        if key in links:
            self.imported.warn(where, f"a second {key} link {url!r}; not imported")
            return
        links[key] = url
