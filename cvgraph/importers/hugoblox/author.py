"""The owner's author profile of a Hugo Blox / Wowchemy site: ``content/authors/NAME/_index.md``
front matter (the one with ``superuser: true``, else ``admin``/``me``) into the person and the
sections it lists (education, work, awards, interests, languages, skills)."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.sitefiles import Doc
from cvgraph.importers.text.identifiers import orcid_id, url_ok
from cvgraph.importers.text.orgs import org_kind

__all__ = ["AuthorReader", "date_of", "read_author", "text_of"]

_IGNORED = ("superuser", "highlight_name", "status", "avatar")  # how the theme shows the page


def text_of(value: object) -> str:
    """A value as one line of text ("" for none)."""
    return _s(value)


def date_of(value: object) -> str:
    """The ``YYYY[-MM[-DD]]`` a value starts with ("" for none)."""
    return _date(value)


def _s(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _flat(value: object) -> str:
    """A value on one line for a warning (a mapping or list spelled out)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value)
    return _s(value)


def _date(value: object) -> str:
    m = re.match(r"\d{4}(-\d{2})?(-\d{2})?", _s(value))
    return m.group(0) if m else ""


_DISPLAY = ("icon", "icon_pack", "color", "color_border", "display", "label", "description", "percent")


class AuthorReader:
    def __init__(self, doc: Doc, body: str, imported: Imported) -> None:
        self.doc, self.body, self.imported = doc, body, imported
        self.fm: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        self.data: dict[str, Any] = {}
        self.orgs: dict[str, dict[str, Any]] = {}

    def warn(self, path: tuple[Any, ...], message: str) -> None:
        self.imported.warn(self.doc.at(path), message)

    def unused(self, path: tuple[Any, ...], entry: dict[str, Any], used: tuple[str, ...]) -> None:
        """A warning for each key of ``entry`` neither in ``used`` nor display-only (icons, colours,
        percentages, labels), with a value."""
        for key, value in entry.items():
            if key not in used and key not in _DISPLAY and value not in (None, "", [], {}):
                self.warn((*path, key), f"{key} = {_flat(value)!r} not imported")

    def language_levels(self) -> None:
        """A language's level (``percent``, ``level``: the records' languages have a fluency text
        only) is a warning at its line."""
        for i, lang in enumerate(self.fm.get("languages") or []):
            for key in ("percent", "level"):
                if isinstance(lang, dict) and lang.get(key) not in (None, ""):
                    self.warn(("languages", i, key), f"language {_s(lang.get('name'))!r}: {key} {lang[key]!r} "
                              "not imported (the records' languages have no level)")

    def skill_items(self, j: int, group: dict[str, Any], names: tuple[str, ...]) -> list[str]:
        """The names of a skill group's items; an item's level (``percent``, ``level``: the records'
        skills have none) is a warning at its line."""
        items = []
        for k, item in enumerate(group.get("items") or []):
            label = next((item[n] for n in names if item.get(n)), None) if isinstance(item, dict) else None
            if label is None:
                continue
            items.append(_s(label))
            for key in ("percent", "level"):
                if item.get(key) not in (None, ""):
                    self.warn(("skills", j, "items", k, key), f"skill {_s(label)!r}: {key} {item[key]!r} not "
                              "imported (the records' skills have no level)")
        return items

    def org(self, name: object, url: object = None) -> str:
        text = _s(name)
        if text not in self.orgs:
            entry: dict[str, Any] = {"name": text}
            kind = org_kind(text)
            if kind:
                entry["kind"] = kind
                self.imported.comment(("organizations", len(self.data.get("organizations", [])), "kind"),
                                      f"kind guessed from the name {text!r}")
            if url and url_ok(_s(url)):
                entry["url"] = _s(url)
            self.orgs[text] = entry
            self.data.setdefault("organizations", []).append(entry)
        return text

    def person(self, me: str | None) -> dict[str, Any]:
        fm = self.fm
        orcid = orcid_id(me) if me else None  # --me an ORCID iD: the page still names the owner
        me = None if orcid else me
        name = me or _s(fm.get("title") or fm.get("name") or f"{_s(fm.get('first_name'))} {_s(fm.get('last_name'))}")
        person: dict[str, Any] = {"name": name, **({"orcid": orcid} if orcid else {})}
        if fm.get("first_name") and fm.get("last_name") and not me:
            person.update(given_name=_s(fm["first_name"]), family_name=_s(fm["last_name"]))
        if fm.get("role"):
            person["job_title"] = _s(fm["role"])
        orgs = [self.org(o.get("name"), o.get("url")) for o in fm.get("organizations") or []
                if isinstance(o, dict) and o.get("name")]
        if orgs:
            person["affiliation"] = orgs
        if fm.get("email"):
            person["email"] = _s(fm["email"])
        paragraphs = [_s(p) for p in re.split(r"\n\s*\n", re.sub(r"\{\{[<%].*?[%>]\}\}", "", self.body)) if _s(p)]
        bio = _s(fm.get("bio")) or (paragraphs[0] if paragraphs else "")
        if bio:
            person["summary"] = bio
        if paragraphs[bool(not fm.get("bio")):]:
            self.warn((), "the page text" + (" after its first paragraph" if not fm.get("bio") else "")
                      + " is not imported (person.summary is " + ("bio" if fm.get("bio") else "that paragraph") + ")")
        for j, item in enumerate(fm.get("social") or fm.get("profiles") or []):
            if isinstance(item, dict):
                self.social(person, item, ("social" if "social" in fm else "profiles", j))
        return person

    def social(self, person: dict[str, Any], item: dict[str, Any], path: tuple[Any, ...]) -> None:
        self.unused(path, item, ("link", "url"))
        link = _s(item.get("link") or item.get("url"))
        if not link:
            return
        if link.startswith("mailto:"):
            person.setdefault("email", link[len("mailto:"):])
        elif orcid_id(link):
            person.setdefault("orcid", orcid_id(link))
        elif "scholar.google." in link and url_ok(link):
            person.setdefault("scholar", link)
        elif url_ok(link):
            person.setdefault("links", []).append(link)
        elif url_ok(f"https://{link}") and "." in link.split("/")[0]:
            person.setdefault("links", []).append(f"https://{link}")
            self.imported.comment(("person", "links"), f"{link} had no https://")
        else:
            self.warn(path, f"social link {link!r}: not an address; not imported")

    def sections(self) -> None:
        fm = self.fm
        self.data["interests"] = [_s(i) for i in fm.get("interests") or [] if i]
        self.education()
        self.work()
        self.awards()
        self.languages_and_skills()
        handled = ("title", "name", "first_name", "last_name", "role", "organizations", "email", "bio", "social",
                   "profiles", "interests", "education", "work", "experience", "awards", "languages", "skills")
        for key, value in fm.items():
            if key not in handled and key not in _IGNORED and value not in (None, "", [], {}):
                self.warn((key,), f"{key} = {_flat(value)!r} not imported")
        self.data = {k: v for k, v in self.data.items() if v}

    def education(self) -> None:
        edu = self.fm.get("education")
        courses = edu.get("courses") if isinstance(edu, dict) else edu
        for j, c in enumerate(courses or []):
            degree = _s(c.get("course") or c.get("area")) if isinstance(c, dict) else ""
            if isinstance(c, dict):
                self.unused(("education", "courses", j) if isinstance(edu, dict) else ("education", j), c,
                            ("course", "area", "institution", "date_start", "date_end", "year", "summary"))
            if not degree or not c.get("institution"):
                self.warn(("education", j), "an education entry needs course/area and institution; not imported")
                continue
            rec: dict[str, Any] = {"degree": degree, "institution": self.org(c["institution"])}
            start, end = _date(c.get("date_start")), _date(c.get("date_end") or c.get("year"))
            rec.update({k: v for k, v in (("start", start), ("end", end)) if v})
            if c.get("summary"):
                rec["notes"] = [_s(c["summary"])]
            self.data.setdefault("education", []).append(rec)

    def work(self) -> None:
        for j, w in enumerate(self.fm.get("work") or self.fm.get("experience") or []):
            if not isinstance(w, dict):
                continue
            self.unused(("work", j), w, ("position", "title", "company_name", "company", "company_url", "date_start",
                                         "date_end", "summary"))
            title, org = _s(w.get("position") or w.get("title")), w.get("company_name") or w.get("company")
            start = _date(w.get("date_start"))
            if not title or not org or not start:
                self.warn(("work", j), "a position needs position, company_name and date_start; not imported")
                continue
            rec: dict[str, Any] = {"title": title, "organization": self.org(org, w.get("company_url")), "start": start}
            rec["end"] = _date(w.get("date_end")) or "present"
            if w.get("summary"):
                rec["notes"] = [_s(w["summary"])]
            self.data.setdefault("employment", []).append(rec)

    def awards(self) -> None:
        for j, a in enumerate(self.fm.get("awards") or []):
            if not isinstance(a, dict) or not a.get("title"):
                self.warn(("awards", j), "an award without title; not imported")
                continue
            self.unused(("awards", j), a, ("title", "date", "awarder", "summary"))
            rec: dict[str, Any] = {"name": _s(a["title"])}
            date = _date(a.get("date"))
            if date:
                rec.update(year=date[:4], **({"date": date} if len(date) == 10 else {}))
            if a.get("awarder"):
                rec["awarder"] = self.org(a["awarder"])
            if a.get("summary"):
                rec["notes"] = [_s(a["summary"])]
            self.data.setdefault("awards", []).append(rec)

    def languages_and_skills(self) -> None:
        fm = self.fm
        self.data["languages"] = [{"name": _s(x["name"])} for x in fm.get("languages") or []
                                  if isinstance(x, dict) and x.get("name")]
        self.language_levels()
        for j, group in enumerate(fm.get("skills") or []):
            if isinstance(group, dict) and group.get("name"):
                self.unused(("skills", j), group, ("name", "items"))
                items = self.skill_items(j, group, ("name",))
                if items:
                    self.data.setdefault("skills", []).append({"group": _s(group["name"]), "items": items})


def read_author(doc: Doc, body: str, me: str | None, imported: Imported) -> dict[str, Any]:
    """The records of the owner's profile page (``person`` and the sections it lists)."""
    reader = AuthorReader(doc, body, imported)
    person = reader.person(me)
    reader.sections()
    return {"person": person, **reader.data}
