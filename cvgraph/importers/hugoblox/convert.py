"""The Hugo Blox importer: a Hugo site folder into records (see the package docstring)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cvgraph.errors import ImportError_
from cvgraph.importers.base import Imported
from cvgraph.importers.builder import default_pub_id, numbered, ordered
from cvgraph.importers.hugoblox.author import read_author
from cvgraph.importers.hugoblox.layout import PUB_DIRS, is_site
from cvgraph.importers.hugoblox.profile_v1 import read_author_v1
from cvgraph.importers.hugoblox.publication import PubReader
from cvgraph.importers.sitefiles import Doc, front_matter, read_site_text, toml_file, yaml_file
from cvgraph.importers.text.identifiers import orcid_id, url_ok
from cvgraph.importers.text.names import match_key

__all__ = ["convert_site", "is_site"]

def _base_url(root: Path, imported: Imported) -> str | None:
    """``baseURL`` of the Hugo config (hugo.yaml/toml or config.yaml/toml, or config/_default/)."""
    for folder in (root, root / "config" / "_default"):
        for name in ("hugo", "config"):
            for ext in ("yaml", "yml", "toml"):
                path = folder / f"{name}.{ext}"
                if not path.is_file():
                    continue
                doc = yaml_file(path) if ext != "toml" else toml_file(path)
                data = doc.data if isinstance(doc.data, dict) else {}
                url = next((str(v) for k, v in data.items() if k.lower() == "baseurl" and v), None)
                if url and url_ok(url):
                    return url
                if url:
                    imported.warn(doc.at(("baseURL",)), f"baseURL {url!r}: not an http(s) address; not the homepage")
    return None


def _author_pages(root: Path) -> list[Path]:
    folder = root / "content" / "authors"
    return sorted(p for p in folder.glob("*/_index.md")) if folder.is_dir() else []


def _owner_page(pages: list[Path]) -> Path | None:
    for page in pages:
        doc, _ = front_matter(page)
        if isinstance(doc.data, dict) and doc.data.get("superuser") is True:
            return page
    return next((p for p in pages if p.parent.name in ("admin", "me")), pages[0] if pages else None)


def _pub_pages(root: Path) -> list[Path]:
    out: list[Path] = []
    for name in PUB_DIRS:
        folder = root / "content" / name
        if folder.is_dir():
            out += sorted(folder.glob("*/index.md")) + sorted(p for p in folder.glob("*.md") if p.name != "_index.md")
    return out


def _profile(root: Path, me: str | None, imported: Imported) -> tuple[dict[str, Any], dict[str, str], set[str]]:
    """The owner's records from their author page, the other authors' names by folder, and the
    names that stand for the owner in author lists."""
    v1 = _v1_profiles(root)
    if v1:
        for page in _author_pages(root):
            imported.warn(f"{page}:1", "not read: data/authors/ holds the author profiles (Hugo Blox's current "
                          "layout); move what is only here to data/authors/")
        return _profile_v1(v1, me, imported)
    pages = _author_pages(root)
    owner_page = _owner_page(pages)
    if owner_page is None:
        if not me:
            raise ImportError_(f"{root}: no author profile (content/authors/*/_index.md); give the owner with "
                               "--me NAME")
        if orcid_id(me):
            raise ImportError_(f"{root}: no author profile (content/authors/*/_index.md) to name the owner; "
                               "give the owner's name with --me NAME")
        return {"person": {"name": me}}, {}, {"admin", "me"}
    doc, body = front_matter(owner_page)
    data = read_author(doc, body, me, imported)
    names: dict[str, str] = {}
    for page in pages:
        if page != owner_page:
            other, _ = front_matter(page)
            title = other.data.get("title") if isinstance(other.data, dict) else None
            if title:
                names[page.parent.name] = str(title)
            imported.warn(other.at(), "another author's profile: only their name is used (in author lists)")
    return data, names, {"admin", "me", owner_page.parent.name}


def _v1_profiles(root: Path) -> list[Doc]:
    folder = root / "data" / "authors"
    return [yaml_file(p) for p in sorted(folder.glob("*.y*ml"))] if folder.is_dir() else []


def _profile_v1(docs: list[Doc], me: str | None,
                imported: Imported) -> tuple[dict[str, Any], dict[str, str], set[str]]:
    """Hugo Blox's current layout: ``data/authors/SLUG.yaml`` (``is_owner: true``, else ``me``)."""
    def slug(doc: Doc) -> str:
        data = doc.data if isinstance(doc.data, dict) else {}
        return str(data.get("slug") or Path(doc.file).stem)

    owner = next((d for d in docs if isinstance(d.data, dict) and d.data.get("is_owner") is True),
                 next((d for d in docs if slug(d) == "me"), docs[0]))
    names: dict[str, str] = {}
    for doc in docs:
        if doc is not owner:
            name = doc.data.get("name") if isinstance(doc.data, dict) else None
            name = name.get("display") if isinstance(name, dict) else name
            if name:
                names[slug(doc)] = str(name)
            imported.warn(doc.at(), "another author's profile: only their name is used (in author lists)")
    return read_author_v1(owner, me, imported), names, {"admin", "me", slug(owner)}


def _cite_bib(page: Path, owner: str) -> Imported | None:
    bib = page.parent / "cite.bib"
    if page.name != "index.md" or not bib.is_file():
        return None
    # lazy: the BibTeX importer loads bibtexparser and pylatexenc (heavy)
    from cvgraph.importers.bibtex import convert

    return convert(read_site_text(bib), str(bib), me=owner)


def convert_site(root: str | Path, me: str | None = None) -> Imported:
    """Import the Hugo Blox site in folder ``root`` (see the package docstring)."""
    # lazy: the merge loads nameparser (heavy)
    from cvgraph.importers.merge import merge

    root = Path(root)
    if not is_site(root):
        raise ImportError_(f"{root}: not a Hugo Blox site (needs a Hugo config and content/authors/ or "
                           "content/publication(s)/)")
    imported = Imported({})
    data, names, keys = _profile(root, me, imported)
    base = _base_url(root, imported)
    if base and "homepage" not in data["person"]:
        data["person"]["homepage"] = base
        imported.comment(("person", "homepage"), "the site's baseURL")
    owner = data["person"]["name"]
    reader = PubReader(imported, owner, keys, names)
    pubs: list[dict[str, Any]] = []
    bibs: list[Imported] = []
    for page in _pub_pages(root):
        doc, _ = front_matter(page)
        pub = reader.read(doc)
        bib = _cite_bib(page, owner)
        if pub is not None:
            pub["id"] = numbered(default_pub_id(pub), lambda i: any(p["id"] == i for p in pubs))
            pubs.append(pub)
        elif bib is None:
            imported.warn(doc.at(), "no title and no cite.bib: publication not imported")
        if bib is not None:
            bibs.append(bib)
    for key, items in (("people", reader.people.items), ("venues", reader.venues.items), ("publications", pubs)):
        if items:
            data[key] = items
    for bib in bibs:
        _reconcile(pubs, bib, reader)
    for bib in bibs:  # cite.bib: what the front matter lacks (a duplicate is merged, its extra fields kept)
        merged = merge(data, bib, base_name="the front matter", new_name="cite.bib")
        data = merged.data
        imported.warnings.extend(merged.warnings)
        imported.comments.update(merged.comments)
    for i, pub in enumerate(data.get("publications", [])):
        for anchor, sub, text in reader.notes:
            if anchor is pub or (anchor.get("id") == pub.get("id")):
                imported.comment(("publications", i, *sub), text)
    imported.data = ordered(data)
    return imported


def _reconcile(pubs: list[dict[str, Any]], bib: Imported, reader: PubReader) -> None:
    """A page and its cite.bib entry, before they are merged: a year that cite.bib states more
    precisely (2022 → 2022-08) takes cite.bib's date; cite.bib's other name of the page's venue
    ("31st USENIX Security Symposium (USENIX Security 22)") becomes an alias of that venue
    (commented) instead of a second venue."""
    venues = {v.get("id"): v for v in bib.data.get("venues", [])}
    for other in bib.data.get("publications", []):
        key = match_key(str(other.get("title", "")))
        for pub in pubs:
            if match_key(str(pub.get("title", ""))) != key:
                continue
            year, more = str(pub.get("year", "")), str(other.get("year", ""))
            if len(more) > len(year) and more.startswith(year):
                pub["year"] = more
            page_venue = reader.venues.find(str(pub.get("venue", "")))
            bib_venue = venues.get(other.get("venue"))
            if page_venue is None or bib_venue is None or bib_venue["name"] == page_venue["name"]:
                continue
            reader.venues.alias(page_venue, bib_venue["name"])
            reader.notes.append((pub, ("venue",), f"cite.bib names the venue {bib_venue['name']!r}: an alias"))
            other["venue"] = page_venue["id"]
            if not any(p.get("venue") == bib_venue["id"] for p in bib.data["publications"]):
                bib.data["venues"] = [v for v in bib.data["venues"] if v is not bib_venue]
