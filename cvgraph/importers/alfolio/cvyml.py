"""al-folio's own CV format, ``_data/cv.yml``: a list of sections, each ``{title, type, contents}``
with ``type`` one of ``map`` (name/value pairs), ``time_table`` (entries with title, institution,
year, description, or year + items), ``list`` (strings) and ``nested_list`` (title + items).

The section's title says what it holds (al-folio renders every section alike): Education →
``education``; Experience/Employment/Positions/Work → ``employment``; Awards/Honors/Prizes/
Scholarships → ``awards`` (never publications); Projects → ``projects``; Interests →
``interests``; a ``map``'s Languages / Email / Full Name → the person. Every other section,
entry and key is a warning at its line.
"""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.sitefiles import Doc
from cvgraph.importers.text.dates import When, parse_when
from cvgraph.importers.text.orgs import org_kind
from cvgraph.importers.text.places import COUNTRIES

__all__ = ["read_cv_yml"]

_KINDS = (
    ("education", re.compile(r"educat|degree|studies", re.IGNORECASE)),
    ("awards", re.compile(r"award|honou?r|prize|scholarship|fellowship|distinction", re.IGNORECASE)),
    ("employment", re.compile(r"experience|employment|position|work|career|appointment", re.IGNORECASE)),
    ("projects", re.compile(r"project", re.IGNORECASE)),
    ("interests", re.compile(r"interest", re.IGNORECASE)),
)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""href=["']([^"']+)["']""")


def _plain(text: object) -> str:
    return " ".join(_TAG.sub("", str(text)).split())


def _notes(value: object) -> list[str]:
    """A description: a string, a list of strings, or {title, contents} items, as note lines."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        return [_plain(value)]
    out: list[str] = []
    for item in value:
        if isinstance(item, dict):
            title = _plain(item.get("title", ""))
            subs = [_plain(s) for s in item.get("contents") or []]
            out.append(f"{title}: {'; '.join(subs)}" if subs else title)
        elif item not in (None, ""):
            out.append(_plain(item))
    return [n for n in out if n]


def _entry_text(entry: object) -> str:
    """An entry's values on one line, for a warning that names what was not imported."""
    if isinstance(entry, dict):
        return "; ".join(f"{k}: {_entry_text(v)}" for k, v in entry.items() if v not in (None, ""))
    if isinstance(entry, list):
        return ", ".join(_entry_text(v) for v in entry)
    return _plain(entry)


def _split_place(text: str) -> tuple[str, dict[str, str]]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 3 or parts[-1].casefold() not in COUNTRIES:
        return text, {}
    place = {"country": parts[-1]}
    rest = parts[:-1]
    if len(rest) >= 3:
        place["region"] = rest.pop()
    place["locality"] = rest.pop()
    return ", ".join(rest), place


class CvYml:
    """The sections of one cv.yml into records (``data``) and warnings (``imported``)."""

    def __init__(self, doc: Doc, person: dict[str, Any]) -> None:
        self.doc = doc
        self.person = person
        self.imported = Imported({})
        self.data = self.imported.data
        self.orgs: dict[str, dict[str, Any]] = {}

    def warn(self, path: tuple[Any, ...], message: str) -> None:
        self.imported.warn(self.doc.at(path), message)

    def org(self, printed: str) -> str:
        """The organisation printed as ``Name, City[, Region], Country`` (al-folio's example
        writes places into ``institution``): the name, and the place when it ends in a known
        country (commented)."""
        name, place = _split_place(_plain(printed).rstrip("."))
        if name not in self.orgs:
            entry: dict[str, Any] = {"name": name, **place}
            kind = org_kind(name)
            if kind:
                entry["kind"] = kind
                self.imported.comment(("organizations", len(self.data.get("organizations", [])), "kind"),
                                      f"kind guessed from the name {name!r}")
            self.orgs[name] = entry
            self.data.setdefault("organizations", []).append(entry)
            if place:
                self.imported.comment(("organizations", len(self.data["organizations"]) - 1),
                                      f"place read from {_plain(printed)!r}")
        return name

    def when(self, path: tuple[Any, ...], value: object) -> When | None:
        if value in (None, ""):
            return None
        text = re.sub(r"\b(now|today)\b", "present", str(value), flags=re.IGNORECASE)
        when = parse_when(text)
        if when is None:
            self.warn(path, f"year {value!r}: not a year or a range of years; left out")
        return when

    def run(self) -> Imported:
        sections = self.doc.data
        if not isinstance(sections, list):
            self.warn((), "not a list of sections (al-folio's cv.yml format); not imported")
            return self.imported
        for i, section in enumerate(sections):
            if not isinstance(section, dict):
                self.warn((i,), "a section is a mapping with title, type and contents; not imported")
                continue
            self.section(i, section)
        return self.imported

    def section(self, i: int, section: dict[str, Any]) -> None:
        title, kind = _plain(section.get("title", "")), section.get("type")
        contents = section.get("contents") or []
        for key in section:
            if key not in ("title", "type", "contents"):
                self.warn((i, key), f"section {title!r}: key {key!r} not imported")
        target = next((k for k, pattern in _KINDS if pattern.search(title)), None)
        if kind == "map":
            self.map(i, title, contents)
        elif kind == "time_table" and target in ("education", "employment", "awards", "projects"):
            for j, entry in enumerate(contents):
                path = (i, "contents", j)
                if not isinstance(entry, dict):
                    self.warn(path, f"section {title!r}: entry {entry!r} is not a mapping; not imported")
                    continue
                getattr(self, target)(path, entry)
        elif kind in ("list", "nested_list") and target == "interests":
            self.interests(i, kind, contents)
        else:
            self.warn((i,), f"section {title!r} (type {kind!r}, {len(contents)} entries): cvgraph does not "
                      "know what it holds; not imported (rename it Education, Experience, Awards, Projects "
                      "or Interests, or add its entries to the CV by hand)")
            for j, entry in enumerate(contents):
                self.warn((i, "contents", j), f"section {title!r}: entry {_entry_text(entry)!r} not imported")

    def map(self, i: int, title: str, contents: list[Any]) -> None:
        for j, pair in enumerate(contents):
            path = (i, "contents", j)
            name = _plain(pair.get("name", "")) if isinstance(pair, dict) else ""
            value = _plain(pair.get("value", "")) if isinstance(pair, dict) else ""
            low = name.lower()
            if low == "languages":
                for lang in re.split(r"\s*,\s*(?![^()]*\))", value):
                    m = re.fullmatch(r"(.+?)\s*\((.+)\)", lang)
                    entry = {"name": m.group(1), "fluency": m.group(2)} if m else {"name": lang}
                    self.data.setdefault("languages", []).append(entry)
            elif low in ("email", "e-mail"):
                self.person.setdefault("email", value)
            elif low in ("full name", "name"):
                if value and value != self.person.get("name"):
                    self.person.setdefault("aliases", []).append(value)
                    self.warn(path, f"Full Name {value!r} differs from the site owner {self.person.get('name')!r} "
                              "(_config.yml); kept as an alias")
            else:
                self.warn(path, f"section {title!r}: {name} = {value!r} not imported (no such field)")

    def common(self, path: tuple[Any, ...], entry: dict[str, Any], used: tuple[str, ...]) -> None:
        for key, value in entry.items():
            if key not in used:
                self.warn((*path, key), f"{key} = {_entry_text(value)!r} not imported")

    def education(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        self.common(path, entry, ("title", "institution", "year", "description"))
        if not entry.get("title") or not entry.get("institution"):
            self.warn(path, f"an education entry needs title (the degree) and institution; {_entry_text(entry)!r} "
                      "not imported")
            return
        rec: dict[str, Any] = {"degree": _plain(entry["title"]), "institution": self.org(entry["institution"])}
        when = self.when((*path, "year"), entry.get("year"))
        if when:
            rec.update({"start": when.start, "end": when.end} if when.start else {"end": when.single})
        rec["notes"] = _notes(entry.get("description"))
        self.data.setdefault("education", []).append({k: v for k, v in rec.items() if v})

    def employment(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        self.common(path, entry, ("title", "institution", "year", "description"))
        when = self.when((*path, "year"), entry.get("year"))
        if not entry.get("title") or not entry.get("institution") or when is None:
            self.warn(path, f"a position needs title, institution and year; {_entry_text(entry)!r} not imported")
            return
        rec: dict[str, Any] = {"title": _plain(entry["title"]), "organization": self.org(entry["institution"])}
        if when.start:
            rec.update(start=when.start, end=when.end)
        else:
            rec.update(start=when.single, end=when.single)
            self.imported.comment(("employment", len(self.data.get("employment", [])), "end"),
                                  f"one year printed ({when.printed}): start and end")
        rec["notes"] = _notes(entry.get("description"))
        self.data.setdefault("employment", []).append({k: v for k, v in rec.items() if v})

    def awards(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        self.common(path, entry, ("year", "items", "title", "institution", "description"))
        when = self.when((*path, "year"), entry.get("year"))
        names = [_plain(x) for x in entry.get("items") or []] + ([_plain(entry["title"])] if entry.get("title") else [])
        notes = _notes(entry.get("description")) + ([_plain(entry["institution"])] if entry.get("institution") else [])
        for name in names:
            rec: dict[str, Any] = {"name": name}
            if when and when.first:
                rec["year"] = when.first[:4]
                if when.start and when.end:
                    notes_here = [f"{when.printed}", *notes]
                    rec["notes"] = notes_here
            if notes and "notes" not in rec:
                rec["notes"] = notes
            self.data.setdefault("awards", []).append(rec)
        if not names:
            self.warn(path, "an award entry without items or title; not imported")

    def projects(self, path: tuple[Any, ...], entry: dict[str, Any]) -> None:
        self.common(path, entry, ("title", "year", "description"))
        title = str(entry.get("title") or "")
        rec: dict[str, Any] = {"name": _plain(title)}
        href = _HREF.search(title)
        if href:
            rec["url"] = href.group(1)
        when = self.when((*path, "year"), entry.get("year"))
        if when:
            rec.update({"start": when.start, "end": when.end} if when.start else {"start": when.single})
        notes = _notes(entry.get("description"))
        if notes:
            rec["description"] = notes[0]
            rec["notes"] = notes[1:]
        self.data.setdefault("projects", []).append({k: v for k, v in rec.items() if v})

    def interests(self, i: int, kind: str, contents: list[Any]) -> None:
        for j, item in enumerate(contents):
            if kind == "list" or not isinstance(item, dict):
                self.data.setdefault("interests", []).append(_plain(item))
                continue
            topic = _plain(item.get("title", ""))
            subs = [_plain(s) for s in item.get("items") or []]
            self.data.setdefault("interests", []).append(f"{topic}: {'; '.join(subs)}" if subs else topic)
            if not topic:
                self.warn((i, "contents", j), "an interest without title")


def read_cv_yml(doc: Doc, person: dict[str, Any]) -> Imported:
    """``_data/cv.yml`` as records (education, employment, awards, projects, interests, languages);
    ``person`` (the owner) gets the map section's email and name variants."""
    return CvYml(doc, person).run()
