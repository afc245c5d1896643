"""Affiliations (employment, education, distinctions, memberships, services) and what is not
imported."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.orcid.base import ImporterBase
from cvgraph.importers.orcid.model import Affiliation, Ref, as_list, get, listed_put_codes, rank
from cvgraph.importers.text.dates import ends_before


class AffiliationsReader(ImporterBase):
    # -- affiliations -----------------------------------------------------------------------
    def affiliations(self, section: object, path: tuple[Any, ...], summary_key: str, target: str) -> None:
        if section is None:
            return
        if not isinstance(section, dict):
            self.warn(path, "expected an object: section not imported")
            return
        groups: list[list[tuple[Any, tuple[Any, ...]]]] = []
        if "affiliation-group" in section:
            for g, group in enumerate(as_list(section.get("affiliation-group"))):
                groups.append([(get(summary, summary_key),
                                (*path, "affiliation-group", g, "summaries", s,
                                 *((summary_key,) if isinstance(summary, dict) else ())))
                               for s, summary in enumerate(as_list(get(group, "summaries")))])
        else:  # v2.x: the summaries straight in the section, one per affiliation
            groups = [[(summary, (*path, summary_key, s))]
                      for s, summary in enumerate(as_list(section.get(summary_key)))]
        for group in groups:
            versions = self.objects(group, "entry not imported")
            if not versions:
                continue
            # versions of one affiliation (several sources, grouped by ORCID): the preferred one
            # (highest display-index), its gaps filled from the others
            versions = [v for _, v in sorted(enumerate(versions), key=rank)]
            summary, spath = versions[0]
            if len(versions) > 1:
                summary = dict(summary)
                for key in ("role-title", "department-name", "start-date", "end-date", "organization", "url"):
                    if summary.get(key) is None:
                        summary[key] = next((v[0][key] for v in versions[1:] if v[0].get(key) is not None),
                                            None)
                codes = [self.text(v[0].get("put-code"), (*v[1], "put-code")) for v in versions]
                preferred = f"put-code {codes[0]}" if codes[0] else "the one without a put-code"
                summary["_versions"] = (f"ORCID lists {len(versions)} versions of this entry "
                                        f"({listed_put_codes(codes)}): {preferred} imported (the preferred "
                                        "one), gaps filled from the others")
                for other, opath in versions[1:]:
                    self.other_version(summary, other, opath, ("role-title", "department-name", "start-date",
                                                               "end-date", "organization", "url", "external-ids"))
            self.affiliation(summary, spath, path[-1], target)

    def affiliation(self, s: dict[str, Any], path: tuple[Any, ...], section: str, target: str) -> None:
        """One affiliation summary → an award, an education or a role (employment, volunteer)."""
        role = self.text(s.get("role-title"), (*path, "role-title"))
        dept = self.text(s.get("department-name"), (*path, "department-name"))
        start = self.date(s.get("start-date"), (*path, "start-date"))
        end = self.date(s.get("end-date"), (*path, "end-date"))
        org_obj = s.get("organization")
        org_name = self.text(get(org_obj, "name"), (*path, "organization", "name")) \
            if isinstance(org_obj, dict) else None
        what = ", ".join(x for x in (role, dept, org_name, "–".join(x or "?" for x in (start, end))
                                     if start or end else None) if x) or "no details"
        if start and end and ends_before(end, start):
            self.warn((*path, "end-date"), f"ends ({end}) before it starts ({start}): end date left out")
            end = None
        aff = Affiliation(s, path, section, target, role, dept, start, end, org_obj, what,
                          self.affiliation_notes(s, path))
        if target == "awards":
            self.award(aff)
        elif target == "education":
            self.education(aff)
        else:
            self.role(aff)

    def affiliation_notes(self, s: dict[str, Any], path: tuple[Any, ...]) -> list[str]:
        """An affiliation's url and external ids, as notes (the format has no field for them)."""
        notes: list[str] = []
        url = self.text(get(s, "url"), (*path, "url"))
        if url:
            notes.append(f"url: {url}")
        for i, ext in enumerate(as_list(get(s, "external-ids", "external-id"))):
            epath = (*path, "external-ids", "external-id", i)
            kind = self.text(get(ext, "external-id-type"), (*epath, "external-id-type"))
            value = self.text(get(ext, "external-id-value"), (*epath, "external-id-value"))
            if value:
                notes.append(f"{kind or 'id'}: {value}")
        return notes

    def award(self, a: Affiliation) -> None:
        if not a.role:
            self.warn(a.path, f"a distinction without a role-title (the award's name) cannot be "
                              f"imported: {a.what}")
            return
        org = self.org(a.org_obj, (*a.path, "organization"), a.dept, "no awarder")
        entry: dict[str, Any] = {"name": a.role}
        if a.start:
            entry["year"] = a.start[:4]
            if len(a.start) > 4:
                entry["date"] = a.start
        if org:
            entry["awarder"] = Ref(org)
        if any(note.startswith("grant_number: ") for note in a.notes):
            self.funded_award(a, entry)
        if a.end and a.end != a.start:
            a.notes.append(f"until {a.end}")
        if a.notes:
            entry["notes"] = a.notes
        self.add_entry("awards", entry, a.summary)

    def funded_award(self, a: Affiliation, award: dict[str, Any]) -> None:
        """A distinction with a grant number (a fellowship, a funded prize): its funding is a
        ``grants`` entry (name, funder, number, url, dates), not notes of the award (issue 14:
        funding is never an award)."""
        grant: dict[str, Any] = {"name": a.role}
        if "awarder" in award:
            grant["funder"] = Ref(award["awarder"].entry)
        rest: list[str] = []
        for note in a.notes:
            key, _, value = note.partition(": ")
            if key == "grant_number" and "number" not in grant:
                grant["number"] = value
            elif key == "url" and "url" not in grant and value.startswith(("http://", "https://")):
                grant["url"] = value
            else:
                rest.append(note)
        grant.update({k: v for k, v in (("start", a.start), ("end", a.end)) if v})
        a.notes[:] = [n for n in rest if not n.startswith("grant_number: ")]
        if len(rest) != len(a.notes):
            grant["notes"] = [n for n in rest if n.startswith("grant_number: ")]
        self.grants.append(grant)
        self.comment(grant, (), f"ORCID distinction {a.role!r} with a grant number: its funding, as a grant")
        self.comment(award, (), "its grant number and URL are in grants")

    def education(self, a: Affiliation) -> None:
        if not a.role:
            self.warn(a.path, f"{'an education' if a.section == 'educations' else 'a qualification'} "
                              f"without a role-title (the degree) cannot be imported: {a.what}")
            return
        org = self.org(a.org_obj, (*a.path, "organization"))
        if org is None:
            return
        entry: dict[str, Any] = {"degree": a.role}
        if a.dept:
            field = re.sub(r"^(the\s+)?(department|dept\.?|school|faculty|division)\s+of\s+", "", a.dept,
                           flags=re.IGNORECASE)
            entry["field"] = field
            self.comment(entry, ("field",), f"department-name {a.dept!r}" if field != a.dept
                         else "department-name")
        entry["institution"] = Ref(org)
        if a.start:
            entry["start"] = a.start
        if a.end:
            entry["end"] = a.end
        else:
            self.comment(entry, (), "no end date in ORCID: left open (unknown, or not finished)")
        if a.section == "qualifications":
            a.notes.insert(0, "qualification")
        if a.notes:
            entry["notes"] = a.notes
        self.add_entry("education", entry, a.summary)

    def role(self, a: Affiliation) -> None:
        """Employment or volunteer."""
        singular = a.section[:-1].replace("-", " ")
        title = a.role
        if not title and a.section == "memberships":
            title = "Member"
        if not title or not a.start:
            missing = " and ".join(x for x, ok in (("a role-title", title), ("a start date", a.start))
                                   if not ok)
            self.warn(a.path, f"{'an' if singular[0] in 'aeiou' else 'a'} {singular} without {missing} "
                              f"cannot be imported ({a.target} needs both): {a.what}")
            return
        org = self.org(a.org_obj, (*a.path, "organization"), a.dept)
        if org is None:
            return
        entry: dict[str, Any] = {"title": title, "organization": Ref(org), "start": a.start}
        if title != a.role:
            self.comment(entry, ("title",), "no role-title in ORCID: a membership")
        ongoing = a.summary.get("end-date") is None  # an end date given but unreadable is not "present"
        if a.end or ongoing:
            entry["end"] = a.end or "present"
        if ongoing:
            self.comment(entry, ("end",), "no end date in ORCID (shown there as ongoing)")
        if a.section == "invited-positions":
            a.notes.insert(0, "invited position")
            self.comment(entry, (), "ORCID invited position, imported as employment")
        elif a.section in ("memberships", "services"):
            self.comment(entry, (), f"ORCID {singular}")
        if a.notes:
            entry["notes"] = a.notes
        self.add_entry(a.target, entry, a.summary)
        if a.section == "employments" and ongoing:
            self.ongoing.append((entry, org))

    def add_entry(self, section: str, entry: dict[str, Any], summary: dict[str, Any]) -> None:
        self.sections[section].append(entry)
        if "_versions" in summary:
            self.comment(entry, (), summary["_versions"])

    # -- not mapped -------------------------------------------------------------------------
    def unmapped(self, activities: dict[str, Any]) -> None:
        for g, group in enumerate(as_list(get(activities, "research-resources", "group"))):
            for s, summary in enumerate(as_list(get(group, "research-resource-summary"))):
                spath = ("activities-summary", "research-resources", "group", g,
                         "research-resource-summary", s)
                title = self.text(get(summary, "proposal", "title", "title"), spath) or "untitled"
                self.warn(spath, f"research resource {title!r} not imported: the format has no "
                                 "section for it")
