"""The owner's profile in Hugo Blox's current layout: ``data/authors/SLUG.yaml`` with
``schema: hugoblox/author/v1`` and ``is_owner: true`` (name.display/given/family, role, bio,
affiliations, links, interests, education, experience, skills, languages, awards)."""
from __future__ import annotations

from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.hugoblox.author import AuthorReader, date_of, text_of
from cvgraph.importers.sitefiles import Doc
from cvgraph.importers.text.identifiers import orcid_id

__all__ = ["read_author_v1"]

_SHOWN = ("schema", "slug", "is_owner", "status", "avatar", "highlight_name")


class V1Reader(AuthorReader):
    def person(self, me: str | None) -> dict[str, Any]:
        fm = self.fm
        found = fm.get("name")
        names: dict[str, Any] = found if isinstance(found, dict) else {"display": found}
        orcid = orcid_id(me) if me else None
        me = None if orcid else me
        full = f"{text_of(names.get('given'))} {text_of(names.get('family'))}".strip()
        display = text_of(names.get("display"))
        person: dict[str, Any] = {"name": me or full or display}
        if display and display != person["name"]:
            self.imported.comment(("person", "name"), f"given and family name; name.display is {display!r}")
        if orcid:
            person["orcid"] = orcid
        if names.get("given") and names.get("family") and not me:
            person.update(given_name=text_of(names["given"]), family_name=text_of(names["family"]))
        self.unused(("name",), names, ("display", "given", "family"))
        for key, field in (("role", "job_title"), ("bio", "summary"), ("email", "email")):
            if fm.get(key):
                person[field] = text_of(fm[key])
        orgs = [self.org(o.get("name"), o.get("url")) for o in fm.get("affiliations") or []
                if isinstance(o, dict) and o.get("name")]
        if orgs:
            person["affiliation"] = orgs
        for j, item in enumerate(fm.get("links") or []):
            if isinstance(item, dict):
                self.social(person, item, ("links", j))
        return person

    def sections(self) -> None:
        fm = self.fm
        self.data["interests"] = [text_of(i) for i in fm.get("interests") or [] if i]
        for j, e in enumerate(fm.get("education") or []):
            if not isinstance(e, dict) or not e.get("degree") or not e.get("institution"):
                self.warn(("education", j), "an education entry needs degree and institution; not imported")
                continue
            self.unused(("education", j), e, ("degree", "institution", "start", "end", "summary"))
            rec: dict[str, Any] = {"degree": text_of(e["degree"]), "institution": self.org(e["institution"])}
            rec.update({k: date_of(e.get(k)) for k in ("start", "end") if date_of(e.get(k))})
            if e.get("summary"):
                rec["notes"] = [text_of(e["summary"])]
            self.data.setdefault("education", []).append(rec)
        for j, w in enumerate(fm.get("experience") or []):
            start = date_of(w.get("start")) if isinstance(w, dict) else ""
            if not isinstance(w, dict) or not w.get("role") or not w.get("org") or not start:
                self.warn(("experience", j), "an experience entry needs role, org and start; not imported")
                continue
            self.unused(("experience", j), w, ("role", "org", "org_url", "start", "end", "summary"))
            rec = {"title": text_of(w["role"]), "organization": self.org(w["org"], w.get("org_url")),
                   "start": start, "end": date_of(w.get("end")) or "present"}
            if w.get("summary"):
                rec["notes"] = [text_of(w["summary"])]
            self.data.setdefault("employment", []).append(rec)
        self.awards()
        self.data["languages"] = [{"name": text_of(x["name"]), **({"fluency": text_of(x["label"])}
                                                                   if x.get("label") else {})}
                                  for x in fm.get("languages") or [] if isinstance(x, dict) and x.get("name")]
        self.language_levels()
        for j, group in enumerate(fm.get("skills") or []):
            if isinstance(group, dict) and group.get("name"):
                self.unused(("skills", j), group, ("name", "items"))
                items = self.skill_items(j, group, ("label", "name"))
                if items:
                    self.data.setdefault("skills", []).append({"group": text_of(group["name"]), "items": items})
        handled = ("name", "role", "bio", "email", "affiliations", "links", "interests", "education", "experience",
                   "awards", "languages", "skills", *_SHOWN)
        for key, value in fm.items():
            if key not in handled and value not in (None, "", [], {}):
                self.warn((key,), f"{key} = {value!r} not imported")
        self.data = {k: v for k, v in self.data.items() if v}


def read_author_v1(doc: Doc, me: str | None, imported: Imported) -> dict[str, Any]:
    """The records of a ``hugoblox/author/v1`` owner profile."""
    reader = V1Reader(doc, "", imported)
    person = reader.person(me)
    reader.sections()
    return {"person": person, **reader.data}
