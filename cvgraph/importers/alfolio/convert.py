"""The al-folio importer: a Jekyll site folder into records (see the package docstring)."""
from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

from cvgraph.errors import ImportError_
from cvgraph.importers.alfolio.cvyml import read_cv_yml
from cvgraph.importers.alfolio.layout import is_site
from cvgraph.importers.base import Imported
from cvgraph.importers.sitefiles import Doc, front_matter, read_site_text, yaml_file
from cvgraph.importers.text.identifiers import valid_orcid
from cvgraph.importers.text.names import is_owner_name, match_key, split_name

__all__ = ["convert_site", "is_site", "join_awards"]

# _config.yml (older al-folio) or _data/socials.yml (newer): key -> (person field, URL template)
_SOCIAL = {
    "email": ("email", "{}"),
    "orcid_id": ("orcid", "{}"),
    "scholar_userid": ("scholar", "https://scholar.google.com/citations?user={}"),
    "dblp_url": ("dblp", "{}"),
    "github_username": ("links", "https://github.com/{}"),
    "gitlab_username": ("links", "https://gitlab.com/{}"),
    "linkedin_username": ("links", "https://www.linkedin.com/in/{}"),
    "x_username": ("links", "https://x.com/{}"),
    "twitter_username": ("links", "https://twitter.com/{}"),
    "bluesky_url": ("links", "{}"),
    "research_gate_profile": ("links", "https://www.researchgate.net/profile/{}"),
    "semanticscholar_id": ("links", "https://www.semanticscholar.org/author/{}"),
    "inspirehep_id": ("links", "https://inspirehep.net/authors/{}"),
    "wikipedia_id": ("links", "https://en.wikipedia.org/wiki/User:{}"),
    "website": ("links", "{}"),
}


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _site_url(config: dict[str, Any]) -> str:
    url, base = _text(config.get("url")).rstrip("/"), _text(config.get("baseurl")).strip("/")
    return f"{url}/{base}" if url and base else url


def _socials(doc: Doc, data: dict[str, Any], person: dict[str, Any], imported: Imported,
             every: bool = False) -> None:
    """The social ids of ``data`` into ``person``; ``every``: the file holds only social ids
    (``_data/socials.yml``), so an unknown one is a warning."""
    for key, value in data.items():
        if value in (None, ""):
            continue
        if key not in _SOCIAL:
            if every:
                imported.warn(doc.at((key,)), f"{key} = {_text(value)!r} not imported (not a profile cvgraph knows)")
            continue
        field, template = _SOCIAL[key]
        text = template.format(_text(value))
        if field == "orcid":
            orcid = valid_orcid(text)
            if orcid is None:
                imported.warn(doc.at((key,)), f"{key} {value!r}: not an ORCID iD; left out")
                continue
            text = orcid
        if field == "links":
            person.setdefault("links", []).append(text)
        else:
            person.setdefault(field, text)


def _owner(config: Doc, me: str | None, imported: Imported) -> tuple[dict[str, Any], str | None]:
    """The person from _config.yml and the name the bibliography marks as the owner's
    (jekyll-scholar's ``scholar.first_name``/``last_name``)."""
    data = config.data if isinstance(config.data, dict) else {}
    parts = [_text(data.get(k)) for k in ("first_name", "middle_name", "last_name")]
    name = me if me and not valid_orcid(me) else " ".join(p for p in parts if p)
    person: dict[str, Any] = {"name": name} if name else {}
    if parts[0] and parts[2] and name == " ".join(p for p in parts if p):
        person.update(given_name=" ".join(p for p in parts[:2] if p), family_name=parts[2])
    if me and valid_orcid(me):
        person["orcid"] = valid_orcid(me)
    url = _site_url(data)
    if url:
        person["homepage"] = url
    _socials(config, data, person, imported)
    if _text(data.get("contact_note")):
        imported.warn(config.at(("contact_note",)), f"contact_note not imported (the records have no such "
                      f"field): {_text(data['contact_note'])[:80]!r}")
    found = data.get("scholar")
    scholar: dict[str, Any] = found if isinstance(found, dict) else {}
    last, first = scholar.get("last_name"), scholar.get("first_name")
    lasts = [_text(x) for x in (last if isinstance(last, list) else [last]) if x]
    firsts = [_text(x) for x in (first if isinstance(first, list) else [first]) if x]
    bib_me = f"{firsts[0]} {lasts[0]}" if firsts and lasts else None
    if bib_me:
        variants = [f"{f} {la}" for la in lasts for f in firsts]
        if name and not is_owner_name(bib_me, split_name(name)):
            imported.warn(config.at(("scholar", "last_name")), f"the bibliography marks {bib_me!r} as the owner "
                          f"(scholar.first_name/last_name), not {name!r} (first_name/last_name): its variants "
                          "become the owner's aliases; fix _config.yml if they are not the same person")
        person["aliases"] = [v for v in variants if match_key(v) != match_key(name)]
    if not name:
        if bib_me is None:
            raise ImportError_(f"{config.file}: no first_name/last_name (nor scholar.last_name); give the owner "
                               "with --me NAME")
        person["name"] = bib_me
    named = me if me and not valid_orcid(me) else None  # an ORCID iD names no printed form
    return person, named or bib_me or person["name"]


def _bibliography(root: Path, owner: str | None, site_url: str, imported: Imported) -> Imported:
    # lazy: the BibTeX importer loads bibtexparser and pylatexenc (heavy)
    from cvgraph.importers.bibtex import convert

    path = root / "_bibliography" / "papers.bib"
    if not path.is_file():
        imported.warn(str(root / "_bibliography"), "no papers.bib: no publications imported")
        return Imported({})
    for other in sorted((root / "_bibliography").glob("*.bib")):
        if other.name != "papers.bib":
            imported.warn(str(other), "not papers.bib (al-folio's default bibliography); not imported: import it "
                          "with `cvgraph import bibtex` and --into")
    text = read_site_text(path)
    # Jekyll front matter (two --- lines) at the top of papers.bib: blank lines keep the line numbers
    text = re.sub(r"\A---[ \t]*\n(?:.*\n)*?---[ \t]*\n", lambda m: "\n" * m.group(0).count("\n"), text)
    kwargs: dict[str, Any] = {}
    # al-folio's pdf = {name.pdf} lives in assets/pdf/; the BibTeX importer joins relative link
    # names to link_base (branch h14-bibtex; older BibTeX importers have no such parameter)
    if site_url and "link_base" in inspect.signature(convert).parameters:
        kwargs["link_base"] = f"{site_url}/assets/pdf/"
    return convert(text, str(path), me=owner, **kwargs)


def _coauthors(root: Path, data: dict[str, Any], imported: Imported) -> None:
    """``_data/coauthors.yml`` (``"Family": [{firstname: [...], url}]``): each co-author's homepage
    goes to the ``people`` entry of that name (``url``)."""
    path = root / "_data" / "coauthors.yml"
    if not path.is_file():
        return
    doc = yaml_file(path)
    people = data.get("people", [])
    index: dict[str, dict[str, Any]] = {}
    for person in people:
        for printed in [person.get("name", ""), *person.get("aliases", [])]:
            index[match_key(printed)] = person
    for family, entries in (doc.data or {}).items():
        for j, entry in enumerate(entries if isinstance(entries, list) else []):
            where = doc.at((family, j))
            firsts = entry.get("firstname") if isinstance(entry, dict) else None
            url = _text(entry.get("url")) if isinstance(entry, dict) else ""
            firsts = firsts if isinstance(firsts, list) else [firsts] if firsts else []
            found = next((index[k] for f in firsts if (k := match_key(f"{f} {family}")) in index), None)
            if found is None:
                imported.warn(where, f"co-author {family} ({', '.join(map(str, firsts))}; {url}) is not an author "
                              "in papers.bib; not imported")
                continue
            if url:
                found.setdefault("url", url)
            taken = {match_key(n) for p in people for n in [p.get("name", ""), *p.get("aliases", []), p.get("id", "")]}
            for first in firsts:  # every listed form of the name is a printed variant of this person
                variant = f"{first} {family}"
                if match_key(variant) not in taken:
                    found.setdefault("aliases", []).append(variant)
                    taken.add(match_key(variant))


def _about(root: Path, person: dict[str, Any], site_url: str, imported: Imported) -> None:
    """The about page's front matter: ``profile.image`` → ``person.image``; the rest is a warning."""
    path = root / "_pages" / "about.md"
    if not path.is_file():
        return
    doc, _ = front_matter(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    layout_keys = ("layout", "title", "permalink", "nav", "nav_order", "news", "selected_papers", "social",
                   "latest_posts", "announcements")
    for key, value in data.items():
        if key == "profile" and isinstance(value, dict):
            for sub, inner in value.items():
                if sub == "image" and inner and site_url:
                    person.setdefault("image", f"{site_url}/assets/img/{_text(inner)}")
                elif sub not in ("align", "image_circular") and inner not in (None, "", False):
                    imported.warn(doc.at(("profile", sub)), f"profile.{sub} = {_text(inner)!r} not imported")
        elif key == "subtitle" and value:
            imported.warn(doc.at((key,)), f"subtitle {_text(value)[:80]!r} not imported (free HTML; put the "
                          "affiliation in the CV's employment)")
        elif key not in layout_keys:
            imported.warn(doc.at((key,)), f"{key}: not imported")


def _resume(root: Path, me: str | None, homepage: str | None) -> Imported | None:
    """``assets/json/resume.json`` through the JSON Resume importer; the site's URL stands for a
    missing ``basics.url``."""
    path = root / "assets" / "json" / "resume.json"
    if not path.is_file():
        return None
    from cvgraph.importers.jsondoc import load_json
    from cvgraph.importers.jsonresume import convert

    text = read_site_text(path)
    doc, _ = load_json(text, str(path), "")
    basics = doc.get("basics") if isinstance(doc, dict) else None
    if homepage and isinstance(basics, dict) and not basics.get("url"):
        basics["url"] = homepage
        text = json.dumps(doc)
    return convert(text, str(path), me=me)


def convert_site(root: str | Path, me: str | None = None) -> Imported:
    """Import the al-folio site in folder ``root`` (see the package docstring)."""
    # lazy: the merge loads nameparser (heavy)
    from cvgraph.importers.merge import merge

    root = Path(root)
    if not is_site(root):
        raise ImportError_(f"{root}: not an al-folio site (needs _config.yml and a _bibliography folder)")
    notes = Imported({})
    config = yaml_file(root / "_config.yml")
    person, owner = _owner(config, me, notes)
    socials = root / "_data" / "socials.yml"
    if socials.is_file():
        doc = yaml_file(socials)
        _socials(doc, doc.data if isinstance(doc.data, dict) else {}, person, notes, every=True)
    site_url = _site_url(config.data if isinstance(config.data, dict) else {})
    result = _bibliography(root, owner, site_url, notes)
    data = result.data
    bib_person = data.get("person", {})
    aliases = [a for a in [bib_person.get("name", ""), *bib_person.get("aliases", []), *person.get("aliases", [])]
               if a and match_key(a) != match_key(person["name"])]
    person["aliases"] = list(dict.fromkeys(aliases))
    data["person"] = {**{k: v for k, v in bib_person.items() if k not in ("name", "aliases")}, **person}
    if not data["person"]["aliases"]:
        del data["person"]["aliases"]
    _coauthors(root, data, notes)
    _about(root, data["person"], site_url, notes)
    cv_yml = root / "_data" / "cv.yml"
    resume = _resume(root, data["person"]["name"], data["person"].get("homepage"))
    parts = [resume] if resume is not None else []
    if cv_yml.is_file():
        parts.append(read_cv_yml(yaml_file(cv_yml), data["person"]))
    for part in parts:
        name = cv_yml if part is parts[-1] and cv_yml.is_file() else root / "assets" / "json" / "resume.json"
        merged = merge(data, part, base_name="papers.bib", new_name=str(name))
        data = merged.data
        result.warnings.extend(merged.warnings)
        result.comments.update(merged.comments)
    join_awards(data, result)
    result.data = data
    result.warnings[:0] = notes.warnings
    return result


def _shifted(path: tuple[Any, ...], gone: int) -> tuple[Any, ...]:
    """A comment's path once awards[gone] is removed."""
    if path[:1] == ("awards",) and len(path) > 1 and isinstance(path[1], int) and path[1] > gone:
        return ("awards", path[1] - 1, *path[2:])
    return path


def join_awards(data: dict[str, Any], result: Imported) -> None:
    """An award of a work in papers.bib (``award_name``, with the ``award`` text as its note) that
    cv.yml lists too ("Nobel Prize" whose note names the "Nobel Prize in Physics" of cv.yml) is one
    award: cv.yml's entry, with the work and the note added (commented)."""
    awards = data.get("awards", [])
    for bib in [a for a in awards if a.get("work")]:
        text = " ".join(re.sub(r"[*_]", "", n) for n in bib.get("notes", [])).casefold()
        same = next((a for a in awards if a is not bib and not a.get("work")
                     and bib["name"].casefold() in a["name"].casefold() and a["name"].casefold() in text), None)
        if same is None:
            continue
        same["work"] = bib["work"]
        same["notes"] = [*same.get("notes", []), *bib.get("notes", [])]
        gone = next(i for i, a in enumerate(awards) if a is bib)
        del awards[gone]
        result.comments = {_shifted(k, gone): v for k, v in result.comments.items()
                           if k[:2] != ("awards", gone)}
        index = next(i for i, a in enumerate(awards) if a is same)
        result.comment(("awards", index), f"also papers.bib's award {bib['name']!r} of {bib['work']} (its note "
                       f"names this award): one award")
