"""Education and roles (employment, internships, volunteering)."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.rendercv.base import ConverterBase
from cvgraph.importers.rendercv.markup import a_or_an, plain, short, split_top
from cvgraph.importers.rendercv.model import Ctx
from cvgraph.importers.rendercv.phrases import ORGISH, split_role
from cvgraph.importers.text.dates import split_when
from cvgraph.importers.text.identifiers import url_ok


class CareerReader(ConverterBase):
    # ------------------------------------------------------------------ education

    def education(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        P = ctx.path
        institution = self.text(entry.get("institution"), (*P, "institution"))
        area = self.text(entry.get("area"), (*P, "area"))
        degree = self.text(entry.get("degree"), (*P, "degree"))
        location = self.text(entry.get("location"), (*P, "location"))
        if not institution:
            self.unmapped("education", entry, ctx, last)
            return
        record: dict[str, Any] = {}
        note = None
        if degree:
            record["degree"] = plain(degree)[0]
        elif area:
            record["degree"] = plain(area)[0]
            note = "RenderCV gives no degree: the area is written as the degree"
            self.warn(P, f"{ctx}: no degree given; the area {plain(area)[0]!r} is used as the degree")
        else:
            self.warn(P, f"{ctx}: neither degree nor area given: not imported "
                      f"({plain(institution)[0]!r})")
            return
        if area and degree:
            record["field"] = plain(area)[0]
        record["institution"] = self.org(institution, location)
        self.finish_education(record, entry, ctx, last, note)

    def finish_education(self, record: dict[str, Any], entry: dict[str, Any], ctx: Ctx, last: list[Any],
                         note: str | None) -> None:
        when = self.dates(entry, ctx)
        idx_path = ("education", len(self.out["education"]))
        if when:
            if when.single:
                record["end"] = when.single
                self.comment((*idx_path, "end"), f"a single date {when.printed!r}: read as the end "
                             "(graduation)")
            else:
                if when.start:
                    record["start"] = when.start
                if when.end:
                    record["end"] = when.end
                self.when_comment((*idx_path, "start"), when, "dates")
        notes = self.body(entry, ctx)
        notes = self.thesis_and_advisors(record, notes, idx_path)
        if notes:
            record["notes"] = notes
        self.place("education", record, ctx, last, note)
        self.extra_keys(entry, ctx, (*idx_path[:1], idx_path[1]))

    def thesis_and_advisors(self, record: dict[str, Any], notes: list[str],
                            path: tuple[Any, ...]) -> list[str]:
        """"Thesis: …" and "Advisor(s): …" lines → thesis / advisors."""
        rest = []
        for note in notes:
            m = re.match(r"^(?:ph\.?\s?d\.?\s+|master'?s?\s+|m\.?s\.?\s+|b\.?s\.?\s+|senior\s+)?"
                         r"(thesis|dissertation)(?:\s+title)?\s*:\s*(.+)$", note, re.IGNORECASE)
            if m and "thesis" not in record and path[0] == "education":
                title = m.group(2).strip().strip('"“”')
                urls = re.findall(r"\((https?://[^)\s]+)\)\s*$", title)
                title = re.sub(r"\s*\(https?://[^)\s]+\)\s*$", "", title).strip().strip('"“”')
                record["thesis"] = {"title": title, **({"url": urls[0]} if urls and url_ok(urls[0])
                                                       else {})}
                self.comment((*path, "thesis"), f"from the line {note!r}")
                continue
            m = re.match(r"^(?:co-?)?(?:advis[oe]rs?|supervisors?|mentors?)\s*:\s*(.+)$", note, re.IGNORECASE)
            if m and "advisors" not in record and path[0] in ("education", "employment", "internships"):
                names = [re.sub(r"^(prof\.?|professor|dr\.?)\s+", "", n, flags=re.IGNORECASE).strip()
                         for n in split_top(re.sub(r"\s+(and|&)\s+", ",", m.group(1)))]
                names = [re.sub(r"\s*\(https?://[^)\s]+\)$", "", n) for n in names if n]
                if names and all(1 <= len(n.split()) <= 5 and not self.is_owner(n) for n in names):
                    record["advisors"] = [self.person_ref(n) for n in names]
                    self.comment((*path, "advisors"), f"from the line {note!r}")
                    continue
            rest.append(note)
        return rest

    _DEGREE = re.compile(r"\b(ph\.?\s?d|d\.?\s?phil|doctor(ate)?|master'?s?|m\.?\s?sc?\.?|m\.?\s?a\.?|"
                         r"m\.?\s?eng|m\.?\s?phil|mba|b\.?\s?sc?\.?|b\.?\s?a\.?|b\.?\s?eng|bachelor'?s?|"
                         r"diploma|associate|habilitation|licen[cs]iate|j\.?d\.?|m\.?d\.?)(?=\W|$)",
                         re.IGNORECASE)

    def parse_degree_line(self, text: str) -> tuple[str, str | None, str] | None:
        """"Ph.D. in Computer Science, Stanford University" → (degree, field, institution)."""
        m = re.match(r"^(?P<a>.+?)(?:,\s*|\s+at\s+|\s+[–—|-]\s+)(?P<b>[^,]+(?:,[^,]+)?)$", text)
        if not m:
            return None
        a, b = m.group("a").strip(), m.group("b").strip()
        if self._DEGREE.search(b) and not self._DEGREE.search(a):
            a, b = b, a
        if not self._DEGREE.search(a):
            return None
        dm = re.match(r"^(.+?)\s+(?:in|of)\s+(.+)$", a)
        degree, fld = (dm.group(1), dm.group(2)) if dm else (a, None)
        return degree.strip(), fld.strip() if fld else None, b

    def education_normal(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        parsed = self.parse_degree_line(name)
        used_summary = False
        if parsed is None and summary and self._DEGREE.search(summary) and ORGISH.search(name):
            parsed = self.parse_degree_line(f"{plain(summary)[0]}, {name}")
            used_summary = parsed is not None
        if parsed is None:
            self.unmapped("education", entry, ctx, last, "no degree and institution in the name (write "
                          "'Ph.D. in Field, University', or use an EducationEntry)")
            return
        degree, fld, inst = parsed
        record = {"degree": degree, **({"field": fld} if fld else {}),
                  "institution": self.org(inst, self.text(entry.get("location"), (*ctx.path, "location")))}
        sub = dict(entry)
        if used_summary:
            sub.pop("summary")
        self.finish_education(record, sub, ctx, last, f"degree, field and institution read from {name!r}"
                              + (f" and {plain(summary or '')[0]!r}" if used_summary else ""))

    def education_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        body, when = split_when(plain(text)[0])
        parsed = self.parse_degree_line(body)
        if parsed is None:
            self.unmapped("education", text, ctx, last)
            return
        degree, fld, inst = parsed
        record = {"degree": degree, **({"field": fld} if fld else {}), "institution": self.org(inst)}
        if when:
            if when.single:
                record["end"] = when.single
            else:
                record["start"] = when.start
                if when.end:
                    record["end"] = when.end
        self.place("education", record, ctx, last, f"read from the text {plain(text)[0]!r}")

    # ------------------------------------------------------------------ roles

    def role(self, section: str, entry: dict[str, Any], ctx: Ctx, last: list[Any],
             experience: bool = False) -> None:
        P = ctx.path
        location = self.text(entry.get("location"), (*P, "location"))
        extra_notes: list[str] = []
        if experience:
            company = self.text(entry.get("company"), (*P, "company"))
            position = self.text(entry.get("position"), (*P, "position"))
            if not company or not position:
                missing = "company" if not company else "position"
                self.warn(P, f"{ctx}: no {missing}: {a_or_an(section)} record needs a title and an "
                          f"organization; not imported ({short(self.describe(entry, ctx))!r})")
                return
            title, title_urls = plain(position)
            extra_notes += [f"link: {u}" for u in title_urls]
            org_text, how = company, None
        else:
            name = self.text(entry.get("name"), (*P, "name")) or ""
            summary = self.text(entry.get("summary"), (*P, "summary"))
            split = split_role(plain(name)[0])
            how = f"title and organization read from {plain(name)[0]!r}"
            if split is None and summary and len(plain(summary)[0].split()) <= 8 and ORGISH.search(summary):
                split = (plain(name)[0], plain(summary)[0])
                how = f"title from {plain(name)[0]!r}, organization from the summary"
                entry = {k: v for k, v in entry.items() if k != "summary"}
            if split is None:
                self.unmapped(section, entry, ctx, last, "no organization in the name (write "
                              "'Title at Organization', or use an ExperienceEntry)")
                return
            title, org_text = split
        when = self.dates(entry, ctx)
        record: dict[str, Any] = {"title": title, "organization": self.org(org_text, location)}
        if when is None or not self.set_role_dates(section, record, when, ctx):
            self.warn(P, f"{ctx}: no date: {a_or_an(section)} record needs a start date; not imported "
                      f"({title!r} at {plain(org_text)[0]!r})")
            return
        idx = len(self.out[section])
        if when.single:
            self.comment((section, idx, "start"), f"a single date {when.printed!r}: read as start and end")
        else:
            self.when_comment((section, idx, "start"), when, "dates")
        notes = self.body(entry, ctx) + extra_notes
        notes = self.thesis_and_advisors(record, notes, (section, idx))
        if notes:
            record["notes"] = notes
        self.place(section, record, ctx, last, how)
        self.extra_keys(entry, ctx, (section, idx))

    def role_text(self, section: str, text: str, ctx: Ctx, last: list[Any]) -> None:
        body, when = split_when(plain(text)[0])
        split = split_role(body)
        if split is None or when is None:
            self.unmapped(section, text, ctx, last)
            return
        title, org_text = split
        record = {"title": title, "organization": self.org(org_text)}
        self.set_role_dates(section, record, when, ctx)
        self.place(section, record, ctx, last, f"read from the text {plain(text)[0]!r}")
