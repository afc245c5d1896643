"""The list sections: work, volunteer, education, awards, certificates, publications, skills,
languages, interests, projects."""
from __future__ import annotations

import re
from typing import Any, Literal

from cvgraph.importers.builder import id_slug
from cvgraph.importers.jsonresume.base import ConverterBase
from cvgraph.importers.jsonresume.model import ABSTRACT_WORDS, STOP, pub_kind
from cvgraph.importers.text.dates import ends_before
from cvgraph.importers.text.identifiers import arxiv_in_url, doi_in_url
from cvgraph.records.types import (
    Award,
    Certificate,
    Education,
    Language,
    Project,
    Publication,
    Role,
    SkillGroup,
)


class SectionsReader(ConverterBase):
    def role(self, e: dict[str, Any], path: str, org_key: str, section: str) -> None:
        """work → employment, volunteer → volunteer (the same shape)."""
        comments: dict[str | None, str] = {}
        general: list[str] = []  # comments on the whole entry
        notes: list[str] = []
        title = self.text(e, "position", path)
        org_name = self.text(e, org_key, path)
        start, start_note = self.date(e, "startDate", path)
        end, end_note = self.date(e, "endDate", path, end=True)
        what = ", ".join(x for x in (title, org_name) if x)
        if not title and section == "volunteer":
            title = "Volunteer"
            comments["title"] = "no position given: 'Volunteer'"
        # Our format requires title, organization and start on a role: an entry without them
        # cannot be recorded, so it is left out with a warning naming the JSON path (not hidden
        # in notes of the person, where it would never reach the graph as a role).
        if not (title and org_name and start):
            missing = [n for n, v in (("position", title), (org_key, org_name), ("startDate", start))
                       if not v]
            self.warn(path, f"not imported: no {', no '.join(missing)}" + (f" ({what})" if what else ""))
            return
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        entry: Role = {"title": title, "organization": self.org(org_name, url, notes), "start": start}
        if start_note:
            comments["start"] = start_note
        if end and end != "present" and ends_before(end, start):
            self.warn(f"{path}.endDate", f"ends ({end}) before it starts ({start}): end date not imported")
            end = None
        if end:
            entry["end"] = end
            if end_note:
                comments["end"] = end_note
            if end == "present" and section == "employment" and entry["organization"] not in self.affiliation:
                self.affiliation.append(entry["organization"])
        elif not str(e.get("endDate") or "").strip():
            general.append("no endDate (JSON Resume themes show that as ongoing): "
                           "add `end: present` if it is")
        if (summary := self.text(e, "summary", path)):
            notes.insert(0, summary)
        notes += self.texts(e, "highlights", path)
        if (where := self.text(e, "location", path)):
            notes.append(f"Location: {where}")
        if (desc := self.text(e, "description", path)):
            notes.append(f"About {org_name}: {desc}")
        if notes:
            entry["notes"] = notes
        if url_note:
            general.append(f"organization url: {url_note}")
        if general:
            comments[None] = "; ".join(general)
        self.add(section, entry, comments)

    def work(self, e: dict[str, Any], path: str) -> None:
        self.role(e, path, "name", "employment")

    def volunteer(self, e: dict[str, Any], path: str) -> None:
        self.role(e, path, "organization", "volunteer")

    def education(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        degree = self.text(e, "studyType", path)
        inst = self.text(e, "institution", path)
        area = self.text(e, "area", path)
        if not (degree and inst):
            missing = [n for n, v in (("studyType", degree), ("institution", inst)) if not v]
            what = ", ".join(x for x in (degree, area, inst) if x)
            self.warn(path, f"not imported: no {', no '.join(missing)}" + (f" ({what})" if what else ""))
            return
        notes: list[str] = []
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        institution = self.org(inst, url, notes)
        entry: Education = {"degree": degree, "field": area, "institution": institution} if area \
            else {"degree": degree, "institution": institution}
        self.span(e, path, entry, comments)
        if (score := self.text(e, "score", path)):
            notes.append(f"Score: {score}")
        courses = self.texts(e, "courses", path)
        if courses:
            notes.append("Courses: " + "; ".join(courses))
        if notes:
            entry["notes"] = notes
        if url_note:
            comments[None] = f"institution url: {url_note}"
        self.add("education", entry, comments)

    def award(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "title", path)
        if not name:
            self.warn(path, "not imported: no title")
            return
        entry: Award = {"name": name}
        when, note = self.date(e, "date", path)
        if when:
            key: Literal["year", "date"] = "year" if len(when) == 4 else "date"
            entry[key] = when
            if note:
                comments[key] = note
        if (awarder := self.text(e, "awarder", path)):
            entry["awarder"] = self.org(awarder)
        if (summary := self.text(e, "summary", path)):
            entry["notes"] = [summary]
        self.add("awards", entry, comments)

    def certificate(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        if not name:
            self.warn(path, "not imported: no name")
            return
        entry: Certificate = {"name": name}
        if (issuer := self.text(e, "issuer", path)):
            entry["issuer"] = self.org(issuer)
        when, note = self.date(e, "date", path)
        if when:
            entry["date"] = when
            if note:
                comments["date"] = note
        url, note = self.url(self.text(e, "url", path), f"{path}.url")
        if url:
            entry["url"] = url
            if note:
                comments["url"] = note
        self.add("certificates", entry, comments)

    def publication(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        title = self.text(e, "name", path)
        if not title:
            self.warn(path, "not imported: no name (title)")
            return
        owner = self.person.get("name")
        if not owner:
            self.warn(path, "not imported: no author (JSON Resume has no author list and "
                      "basics.name is missing)")
            return
        publisher = self.text(e, "publisher", path)
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        year, year_note = self.date(e, "releaseDate", path)
        arxiv = arxiv_in_url(url) if url else None
        doi = doi_in_url(url) if url else None
        if not year and arxiv and (m := re.match(r"(\d{2})(\d{2})\.", arxiv)) and 1 <= int(m.group(2)) <= 12:
            year, year_note = f"20{m.group(1)}-{m.group(2)}", "month of first submission, from the arXiv id"
        is_arxiv = bool(arxiv or (publisher and re.search(r"\barxiv\b", publisher, re.IGNORECASE))
                        or (url and "arxiv.org/" in url.lower()))
        ident = self.pub_id(owner, year, title)
        kind, comments["kind"] = pub_kind(is_arxiv, publisher, url)
        entry: Publication = {"id": ident, "kind": kind, "title": title, "authors": [owner]}
        comments["authors"] = "JSON Resume lists no authors: the CV owner is assumed to be the sole author"
        if is_arxiv:
            entry["venue"] = self.arxiv_venue()
        elif publisher:
            entry["publisher"] = self.org(publisher)
        if year:
            entry["year"] = year
            if year_note:
                comments["year"] = year_note
        if doi:
            entry["doi"] = doi
            comments["doi"] = "from the doi.org URL"
        if url:
            entry["url"] = url
            if url_note:
                comments["url"] = url_note
        if arxiv:
            entry["arxiv"] = arxiv
            comments["arxiv"] = "from the arxiv.org URL"
        if (summary := self.text(e, "summary", path)):
            # JSON Resume's summary is "discussion of the publication": long prose is its abstract,
            # a short text (a venue, "Best paper", …) stays a note
            if len(summary.split()) >= ABSTRACT_WORDS:
                entry["abstract"] = summary
                comments["abstract"] = f"{path}.summary: {len(summary.split())} words of prose, read as the abstract"
            else:
                entry["notes"] = [summary]
        self.add("publications", entry, comments)

    def arxiv_venue(self) -> str:
        if not self.venues:
            self.venues.append({"id": "arxiv", "name": "arXiv", "kind": "repository"})
        return "arxiv"

    def pub_id(self, author: str, year: str | None, title: str) -> str:
        """``<family name><year><first title word>`` as the loader makes it, unique (b, c, …)."""
        words = [w for w in id_slug(title).split("-") if w not in STOP]
        family = id_slug(author.split()[-1]).replace("-", "")
        base = f"{family}{(year or '')[:4]}{words[0] if words else ''}"
        ident, n = base, 1
        while ident in self.pub_ids:
            n += 1
            ident = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}-{n}"
        self.pub_ids.add(ident)
        return ident

    def skill(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        items = list(dict.fromkeys(self.texts(e, "keywords", path)))
        if not name and not items:
            self.warn(path, "not imported: no name and no keywords")
            return
        if (level := self.text(e, "level", path)):
            self.warn(f"{path}.level", f"skill level {level!r} not imported (skills have no level or notes)")
        if not name:
            name = "Skills"
            comments["group"] = "no name given: 'Skills'"
        if not items:
            items = [name]
            comments["items"] = "no keywords: the skill's name is its only item"
        entry: SkillGroup = {"group": name, "items": items}
        self.add("skills", entry, comments)

    def language(self, e: dict[str, Any], path: str) -> None:
        name = self.text(e, "language", path)
        if not name:
            self.warn(path, "not imported: no language")
            return
        entry: Language = {"name": name}
        if (fluency := self.text(e, "fluency", path)):
            entry["fluency"] = fluency
        self.add("languages", entry, {})

    def interest(self, e: dict[str, Any], path: str) -> None:
        name = self.text(e, "name", path)
        keywords = self.texts(e, "keywords", path)
        if not name and not keywords:
            self.warn(path, "not imported: no name and no keywords")
            return
        text = f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
        entries = self.sections.setdefault("interests", [])
        if keywords:
            self.comment(("interests", len(entries)), f"{path}: " + (
                "the name and its keywords as one text" if name else "no name: the keywords as one text"))
        entries.append(text)

    def project(self, e: dict[str, Any], path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        if not name:
            self.warn(path, "not imported: no name")
            return
        entry: Project = {"name": name}
        if (desc := self.text(e, "description", path)):
            entry["description"] = desc
        self.span(e, path, entry, comments)
        url, note = self.url(self.text(e, "url", path), f"{path}.url")
        if url:
            entry["url"] = url
            if note:
                comments["url"] = note
        if (roles := self.texts(e, "roles", path)):
            entry["roles"] = roles
        notes = self.texts(e, "highlights", path)
        if (keywords := self.texts(e, "keywords", path)):
            notes.append("Keywords: " + ", ".join(keywords))
        if (entity := self.text(e, "entity", path)):
            notes.append(f"Entity: {entity}")
        if (kind := self.text(e, "type", path)):
            notes.append(f"Type: {kind}")
        if notes:
            entry["notes"] = notes
        self.add("projects", entry, comments)
