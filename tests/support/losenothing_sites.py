"""Lose nothing silently, for the site importers (al-folio, Hugo Blox): a site is a folder, so its
check reads each of the site's files the importer reads (see :func:`site_files`) into
:class:`~support.losenothing.Source` leaves placed at the file's lines, and checks them all against
the one import of the folder with :func:`~support.losenothing.losses` (the same check as a file
importer's: in the records, or in a warning at ``file:line``, at its entry's or section's line, or
on the whole file).

Known gap: when ``assets/json/resume.json`` or ``_data/cv.yml`` disagrees with the bibliography
about the owner (another email, homepage), the merge's warning quotes the value but names the
records' path (``resume.json: person.email``), not the source's (``basics.email``): such a site
fails this check (no fixture does).

What is exempt is listed below with its reason: theme and site settings that are not facts of the
CV, and how the page is laid out.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from support.losenothing import (BIBTEX, JSONRESUME, Adapter, Entry, Leaf, Source, line_place, losses, read_bibtex,
                                 scalars, yaml_leaves)

from cvgraph.importers import import_file
from cvgraph.importers.base import Imported, Note

# al-folio's _config.yml: only the owner's keys are CV data (the owner's name, the site's address,
# jekyll-scholar's names of the owner in the bibliography, the social/identity keys of older
# al-folio); everything else (title, description, keywords, lang, icon, jekyll-scholar's style,
# plugins, …) configures Jekyll and the theme.
ALFOLIO_OWNER_KEYS = ("first_name", "middle_name", "last_name", "contact_note", "url", "baseurl", "email",
                      "orcid_id", "scholar_userid", "dblp_url", "github_username", "gitlab_username",
                      "linkedin_username", "x_username", "twitter_username", "bluesky_url",
                      "research_gate_profile", "semanticscholar_id", "inspirehep_id", "wikipedia_id", "website")
ALFOLIO_SCHOLAR_KEYS = ("first_name", "last_name")  # scholar.*: the rest is jekyll-scholar's style
# about.md: how Jekyll lays out the page (layout, permalink, the page's menu title), and the theme's
# switches for what the page shows (news, selected_papers, social, announcements, latest_posts) and
# how the picture is placed (align, image_circular)
ALFOLIO_ABOUT_LAYOUT = {"layout", "title", "permalink", "news", "selected_papers", "social", "announcements",
                        "latest_posts", "align", "image_circular"}
# cv.yml: a section's `type` says how the theme draws it (map, time_table, list, nested_list); its
# `title` ("Education", "Honors and Awards") and a map row's `name` ("Full Name") are headings that
# say where the values below them go (the importer picks the section or field by them)
ALFOLIO_CV_LAYOUT = {"type"}
# Hugo page machinery: whether the page is published (draft), when it was edited or is to appear
# (lastmod, publishDate), its picture and the site pages it links to (image, projects, slides: other
# pages of the same site), how the theme shows it (icon, icon_pack, color, color_border, display,
# highlight_name, superuser, avatar, status, weight, type, layout, sharing, reading_time, math)
# A profile's `schema` (hugoblox/author/v1) and `slug` name the file's format and how pages refer to
# it; `publication_types` selects the publication's kind (like JSON Resume's profile `network`), and
# a publication's `authors` item that is an author profile's slug (admin, me) stands for that
# profile's name (its profile is checked as its own file; `admin` and `me` are Hugo Blox's names of
# the site's owner); a social link's `label` (social, profiles, links) is its icon's tooltip
HUGO_SELECTORS = {"schema", "slug", "publication_types"}
HUGO_MACHINERY = {"draft", "lastmod", "publishDate", "image", "projects", "slides", "icon", "icon_pack", "color",
                  "color_border", "display", "highlight_name", "superuser", "avatar", "status", "weight", "type",
                  "layout", "share", "reading_time", "profile", "commentable", "math", "focal_point",
                  "preview_only", "caption"}


_TAG = re.compile(r"<[^>]+>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _decode(text: str) -> str:
    """Markdown/HTML of site text: a link is its text and its address; tags are not words; a range
    of years ending ``now`` (al-folio's cv.yml ``2015-now``) ends ``present``; an arXiv PDF address
    (Hugo Blox's ``url_preprint``) is the arXiv id the importer keeps."""
    text = re.sub(r"\b(\d{4})\s*[-\u2013]\s*now\b", r"\1 present", text, flags=re.IGNORECASE)
    text = re.sub(r"https?://arxiv\.org/pdf/([^\s/]+?)(?:\.pdf)?(?=\s|$)", r"\1", text)  # a preprint link: its arXiv id
    return _TAG.sub(" ", _MD_LINK.sub(r"\1 \2", text))


@dataclass(frozen=True)
class SiteFile:
    """One file of a site, read for the check: its name as the importer's warnings write it."""

    name: str
    source: Source
    decode: Callable[[str], str] = _decode
    place_of: Callable[[Note, str], str | None] = line_place  # how a warning names a place in it


def _whole_file(source: Source) -> Source:
    """A warning on the whole file (``file`` without a line) that says it was not imported covers
    every value and entry of it."""
    leaves = [replace(leaf, around=(*leaf.around, "")) for leaf in source.leaves]
    entries = [replace(e, around=(*e.around, "")) for e in source.entries]
    return Source(leaves, entries)


def _fence(text: str) -> tuple[str, str]:
    """(``yaml``/``toml``/``""``, the front matter with blank lines in place of the body and fences)."""
    lines = text.removeprefix("\ufeff").splitlines()
    fence = lines[0].strip() if lines else ""
    kind = {"---": "yaml", "+++": "toml"}.get(fence, "")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), None) if kind else None
    if end is None:
        return "", ""
    return kind, "\n" + "\n".join(lines[1:end]) + "\n"


def _toml_leaves(text: str, skip: Callable[[tuple[Any, ...]], bool]) -> list[Leaf]:
    """Scalars of TOML front matter, placed at the line of their key (TOML keeps no positions)."""
    def line(key: str) -> str:
        m = re.search(rf"^\s*\[*\s*{re.escape(key)}\s*[=\]]", text, re.MULTILINE)
        return str(text.count("\n", 0, m.start()) + 1) if m else "1"

    out: list[Leaf] = []
    for path, node in scalars(tomllib.loads(text), (), lambda path: bool(path) and skip(path)):
        if node is not None and not isinstance(node, bool) and str(node).strip():
            keys = [p for p in path if isinstance(p, str)]
            out.append(Leaf(line(keys[-1]), str(node), tuple(dict.fromkeys(line(k) for k in keys[:-1]))[::-1],
                            keys[-1]))
    return out


def front_matter_source(path: Path, skip: Callable[[tuple[Any, ...]], bool]) -> tuple[Any, Source]:
    """A page's front matter (YAML or TOML) as leaves at the page's lines; a page without one has none."""
    kind, inner = _fence(path.read_text(encoding="utf-8"))
    if kind == "toml":
        return tomllib.loads(inner), Source(_toml_leaves(inner, skip))
    if kind == "yaml":
        data, leaves, _ = yaml_leaves(inner, str(path), (), skip)
        return data, Source(leaves)
    return {}, Source()


def _bib(path: Path) -> Source:
    """A bibliography; a flag (al-folio's ``selected={true}``) is a boolean of the records, as the
    JSON and YAML adapters treat true/false."""
    source = read_bibtex(path.read_text(encoding="utf-8"), str(path))
    return Source([leaf for leaf in source.leaves if leaf.value.strip().lower() not in ("true", "false")],
                  source.entries)


def _key_skip(exempt: set[str]) -> Callable[[tuple[Any, ...]], bool]:
    return lambda path: any(isinstance(p, str) and p in exempt for p in path)


# ------------------------------------------------------------------------------------- al-folio

def _config_skip(path: tuple[Any, ...]) -> bool:
    if not path:
        return False
    if path[0] == "scholar":
        return len(path) > 1 and path[1] not in ALFOLIO_SCHOLAR_KEYS
    return path[0] not in ALFOLIO_OWNER_KEYS


def _cv_yml(path: Path) -> Source:
    def heading(p: tuple[Any, ...]) -> bool:
        return bool(p) and (p[-1] in ALFOLIO_CV_LAYOUT or (len(p) == 2 and p[1] == "title")
                            or (len(p) == 4 and p[1] == "contents" and p[3] == "name"))

    data, leaves, line = yaml_leaves(path.read_text(encoding="utf-8"), str(path), (), heading)
    entries = []
    for s, section in enumerate(data if isinstance(data, list) else []):
        contents = section.get("contents") if isinstance(section, dict) else None
        for i, item in enumerate(contents if isinstance(contents, list) else []):
            label = item if isinstance(item, str) else next(
                (str(item[k]) for k in ("title", "value", "name", "institution")
                 if isinstance(item, dict) and item.get(k)), "")
            if isinstance(item, dict) and not label and isinstance(item.get("items"), list) and item["items"]:
                label = str(item["items"][0])
            if label.strip():
                entries.append(Entry(line((s, "contents", i)), label, (line((s,)),)))
    return Source(leaves, entries)


def _coauthors(path: Path) -> Source:
    data, leaves, line = yaml_leaves(path.read_text(encoding="utf-8"), str(path), (), lambda p: False)
    entries = [Entry(line((key,)), str(key), tuple(line((key, i)) for i in range(len(forms))))
               for key, forms in (data if isinstance(data, dict) else {}).items() if isinstance(forms, list)]
    return Source(leaves, entries)


def alfolio_files(root: Path) -> Iterator[SiteFile]:
    config = root / "_config.yml"
    yield SiteFile(str(config), Source(yaml_leaves(config.read_text(encoding="utf-8"), str(config), (),
                                                   _config_skip)[1]))
    for bib in sorted((root / "_bibliography").glob("*.bib")):
        yield SiteFile(str(bib), _bib(bib), BIBTEX.decode)
    if (root / "_data" / "cv.yml").is_file():
        yield SiteFile(str(root / "_data" / "cv.yml"), _cv_yml(root / "_data" / "cv.yml"))
    if (root / "_data" / "coauthors.yml").is_file():
        yield SiteFile(str(root / "_data" / "coauthors.yml"), _coauthors(root / "_data" / "coauthors.yml"))
    socials = root / "_data" / "socials.yml"
    if socials.is_file():
        yield SiteFile(str(socials), Source(yaml_leaves(socials.read_text(encoding="utf-8"), str(socials), (),
                                                        lambda p: False)[1]))
    resume = root / "assets" / "json" / "resume.json"
    if resume.is_file():  # read through the JSON Resume importer: its adapter, its places (``file: work[0]``)
        yield SiteFile(str(resume), JSONRESUME.read(resume.read_text(encoding="utf-8"), str(resume)),
                       JSONRESUME.decode, JSONRESUME.place_of)
    about = root / "_pages" / "about.md"
    if about.is_file():
        yield SiteFile(str(about), front_matter_source(about, _key_skip(ALFOLIO_ABOUT_LAYOUT))[1])


# ------------------------------------------------------------------------------------- Hugo Blox

def _hugo_skip(path: tuple[Any, ...]) -> bool:
    return any(isinstance(p, str) and p in HUGO_MACHINERY | HUGO_SELECTORS for p in path) or \
        (len(path) == 3 and path[0] in ("social", "profiles", "links") and path[2] == "label")


def _without_slugs(source: Source, slugs: set[str]) -> Source:
    return Source([leaf for leaf in source.leaves if not (leaf.key == "authors" and leaf.value in slugs)],
                  source.entries)


def hugoblox_files(root: Path) -> Iterator[SiteFile]:
    slugs = {p.parent.name for p in (root / "content" / "authors").glob("*/_index.md")} | \
        {p.stem for p in (root / "data" / "authors").glob("*.yaml")} | {"admin", "me"}
    for folder in ("publication", "publications"):
        for page in sorted((root / "content" / folder).glob("**/index.md")):
            data, source = front_matter_source(page, _hugo_skip)
            title = data.get("title") if isinstance(data, dict) else None
            if title:
                source.entries.append(Entry("1", str(title)))
            yield SiteFile(str(page), _without_slugs(source, slugs))
            bib = page.parent / "cite.bib"
            if bib.is_file():
                yield SiteFile(str(bib), _bib(bib), BIBTEX.decode)
    for page in sorted((root / "content" / "authors").glob("*/_index.md")):
        yield SiteFile(str(page), front_matter_source(page, _hugo_skip)[1])
    for profile in sorted((root / "data" / "authors").glob("*.yaml")):
        yield SiteFile(str(profile), Source(yaml_leaves(profile.read_text(encoding="utf-8"), str(profile), (),
                                                        _hugo_skip)[1]))


SITE_FILES: dict[str, Callable[[Path], Iterator[SiteFile]]] = {"alfolio": alfolio_files,
                                                                "hugoblox": hugoblox_files}


def site_losses(fmt: str, root: Path, imported: Imported | None = None) -> list[str]:
    """What the site importer ``fmt`` lost silently on the site folder ``root``."""
    imported = imported if imported is not None else import_file(root, fmt)
    lost = []
    for file in SITE_FILES[fmt](root):
        source = _whole_file(file.source)
        adapter = Adapter(fmt, lambda _text, _name, source=source: source, file.place_of, file.decode)
        lost += losses(adapter, "", file.name, imported)
    return lost
