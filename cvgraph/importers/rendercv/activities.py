"""Awards, talks, teaching and service."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.common import loader_key
from cvgraph.importers.rendercv.base import ConverterBase
from cvgraph.importers.rendercv.markup import plain, short
from cvgraph.importers.rendercv.model import Ctx
from cvgraph.importers.rendercv.phrases import ORGISH, split_service, venue_kind, venue_years, years_in
from cvgraph.importers.text.dates import When, season_of, split_when, terms_between
from cvgraph.importers.text.orgs import org_kind
from cvgraph.records.types import Award, Course, Service, Talk


class ActivitiesReader(ConverterBase):
    # ------------------------------------------------------------------ awards

    def award(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")
        if not name:
            return self.unmapped("awards", entry, ctx, last)
        when = self.dates(entry, ctx)
        if when is None:
            name, when = split_when(name)
        record: Award = {"name": name}
        idx = len(self.out["awards"])
        self.award_when(record, when, ("awards", idx))
        notes = self.body(entry, ctx) + [f"link: {u}" for u in urls]
        location = self.text(entry.get("location"), (*ctx.path, "location"))
        if location:
            notes.append(f"location: {plain(location)[0]}")
        if notes:
            record.setdefault("notes", []).extend(notes)
        self.place("awards", record, ctx, last)
        self.extra_keys(entry, ctx, ("awards", idx))

    def award_when(self, record: Award, when: When | None, path: tuple[Any, ...]) -> None:
        if when is None:
            return
        first = when.first or ""
        if when.single and len(first) > 4 and not when.approximate:
            record["date"] = first
        else:
            record["year"] = first[:4]
        if when.start or when.approximate:
            if when.start:
                record.setdefault("notes", []).append(when.printed)
            self.comment((*path, "date" if "date" in record else "year"),
                         f"from {when.printed!r}" + (": the first year" if when.start else ""))

    def award_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(text)
        name, when = split_when(name)
        record: Award = {"name": name}
        idx = len(self.out["awards"])
        self.award_when(record, when, ("awards", idx))
        if urls:
            record.setdefault("notes", []).extend(f"link: {u}" for u in urls)
        self.place("awards", record, ctx, last)

    # ------------------------------------------------------------------ talks

    def talk_where(self, record: Talk, text: str) -> None:
        """Host organisation or event series from the text after the title; what kind of talk it
        was ("Invited talk at …", "Keynote at …") goes to the notes."""
        kind = re.match(r"^(invited talk|keynote|seminar|invited|plenary talk|plenary)\b", text.strip(), re.IGNORECASE)
        if kind:
            record.setdefault("notes", []).append(kind.group(1)[0].upper() + kind.group(1)[1:])
        text = re.sub(r"^(invited talk|talk|keynote|seminar|presented|presentation)\s*(at|,|:)?\s*", "",
                      text.strip(), flags=re.IGNORECASE).strip()
        text = re.sub(r"^at\s+", "", text, flags=re.IGNORECASE)
        if not text:
            return
        if ORGISH.search(text) or org_kind(text):
            record["host"] = self.org(text)  # type: ignore[typeddict-item]  # None only for a name of mere punctuation
        else:
            record["series"] = text

    def talk(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        title, urls = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")
        if not title:
            return self.unmapped("talks", entry, ctx, last)
        record: Talk = {"title": title}
        idx = len(self.out["talks"])
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        location = self.text(entry.get("location"), (*ctx.path, "location"))
        notes: list[str] = []
        used = False
        if summary and len(plain(summary)[0].split()) <= 12:
            self.talk_where(record, plain(summary)[0])
            used = "host" in record or "series" in record
            if used:
                self.comment(("talks", idx), f"{'host' if 'host' in record else 'series'} from the summary "
                             f"{plain(summary)[0]!r}")
        if location:
            if "host" not in record and (ORGISH.search(location) or org_kind(location)):
                record["host"] = self.org(location)  # type: ignore[typeddict-item]  # None only for a name of mere punctuation
                self.comment(("talks", idx, "host"), f"from the location {location!r}")
            else:
                notes.append(f"location: {plain(location)[0]}")
        when = self.dates(entry, ctx)
        if when:
            record["date"] = when.first  # type: ignore[typeddict-item]  # a When has a single date or a start
            self.when_comment(("talks", idx, "date"), when, "date")
        sub = {k: v for k, v in entry.items() if not (k == "summary" and used)}
        notes = [*record.pop("notes", []), *self.body(sub, ctx), *notes, *(f"link: {u}" for u in urls)]
        if notes:
            record["notes"] = notes
        self.place("talks", record, ctx, last)
        self.extra_keys(entry, ctx, ("talks", idx))

    def talk_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        body, urls = plain(text)
        body, when = split_when(body)
        m = re.match(r'^[“"](.+?)[”"]\s*[,.:–—-]?\s*(.*)$', body)
        if m:
            title, rest = m.group(1).strip(), m.group(2)
        else:
            parts = re.split(r"\s+[–—]\s+|\s+-\s+", body, maxsplit=1)
            title, rest = parts[0].strip(), parts[1] if len(parts) > 1 else ""
        record: Talk = {"title": title}
        idx = len(self.out["talks"])
        if rest:
            self.talk_where(record, rest.strip(" ,.;"))
        if when:
            record["date"] = when.first  # type: ignore[typeddict-item]  # a When has a single date or a start
            self.when_comment(("talks", idx, "date"), when, "date")
        if urls:
            record.setdefault("notes", []).extend(f"link: {u}" for u in urls)
        self.place("talks", record, ctx, last, f"read from the text {body!r}" if rest else None)

    # ------------------------------------------------------------------ teaching

    _CODE = r"[A-Z]{2,6}[ -]?\d{2,4}[A-Z]?(?:/[A-Z]{0,6}[ -]?\d{2,4}[A-Z]?)?"

    def course(self, text: str) -> tuple[str | None, str, str | None]:
        """"CS 101: Intro" / "Intro (CS 101)" / "TA, Intro" → (code, title, role note)."""
        role = None
        m = re.match(r"^(teaching assistant|TA|head TA|instructor|lecturer|co-?instructor|guest lecturer|"
                     r"teaching fellow|grader|tutor)\s*(?:,|:|for|–|—|-)\s*(.+)$", text, re.IGNORECASE)
        if m:
            role, text = m.group(1), m.group(2).strip()
        m = re.match(rf"^({self._CODE})\s*[:,–—-]?\s+(.+)$", text)
        if m:
            return m.group(1), m.group(2).strip(), role
        m = re.match(rf"^(.+?)\s*\(({self._CODE})\)$", text)
        if m:
            return m.group(2), m.group(1).strip(), role
        return None, text, role

    def teaching(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        if not name:
            return self.unmapped("teaching", entry, ctx, last)
        location = self.text(entry.get("location"), (*ctx.path, "location"))
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        code, title, role = self.course(name)
        when = self.dates(entry, ctx)
        inst = None
        for cand in (location, summary):
            if cand and ORGISH.search(cand):
                inst = plain(cand)[0]
                break
        m = re.match(r"^(.+?),\s*([^,]*(?:universit|college|institut|school)[^,]*)$", title, re.IGNORECASE)
        if inst is None and m:
            title, inst = m.group(1), m.group(2)
        self.teaching_record(code, title, role, inst, when, ctx, last, self.body(entry, ctx))

    def teaching_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        body, when = split_when(plain(text)[0])
        inst = None
        m = re.match(r"^(.+?)\s*(?:,|\bat\b|[–—])\s*([^,]*(?:universit|college|institut|school)[^,]*)$",
                     body, re.IGNORECASE)
        if m:
            body, inst = m.group(1).strip(), m.group(2).strip()
        code, title, role = self.course(body)
        self.teaching_record(code, title, role, inst, when, ctx, last, [])

    def teaching_record(self, code: str | None, title: str, role: str | None, inst: str | None,
                        when: When | None, ctx: Ctx, last: list[Any], notes: list[str]) -> None:
        terms: list[str] = []
        how = ""
        if when and len(when.terms) >= 1:
            terms = list(when.terms)
            if when.start and not when.listed and len(when.terms) == 2 and when.terms[0] != when.terms[1]:
                how = f"terms {when.printed!r}: the first and last printed"
        elif when and (when.start or when.single):
            a, b = (when.single, when.single) if when.single else (when.start or "", when.end)
            if b and b != "present" and len(a) >= 7 and len(b) >= 7:
                terms = terms_between(a, b)
                how = f"terms worked out from the months {when.printed!r}"
                self.warn(ctx.path, f"{ctx}: the months {when.printed!r} read as the terms {', '.join(terms)} "
                          "(a course records terms, not months)")
            elif len(a) >= 7 and (not b or b == "present" or b == a):
                terms = [season_of(a) or ""]
                how = f"term worked out from the month {when.printed!r}"
        if not terms:
            self.warn(ctx.path, f"{ctx}: teaching needs its terms (e.g. Fall 2023) and "
                      f"{when.printed if when else 'no date'!r} gives none; not imported ({title!r})")
            return
        if inst is None:
            academic = {o["id"] for o in self.orgs.items if o.get("kind") in ("university", "school",
                                                                                "department")}
            current = next((e for e in self.out["employment"]
                            if e.get("end") == "present" and e["organization"] in academic), None)
            if current is None:
                self.warn(ctx.path, f"{ctx}: teaching needs an institution; none is printed and there "
                          f"is no current academic employer to assume: not imported ({title!r})")
                return
            inst_id = current["organization"]
            how = (how + "; " if how else "") + "institution not printed: the current (academic) employer"
        else:
            inst_id = self.org(inst)
        for i, old in enumerate(self.out["teaching"]):  # one course, several offerings: one record
            if code or old.get("code"):
                same = old.get("code") == code
            else:
                same = loader_key(old["title"]) == loader_key(title)
            if same and old["institution"] == inst_id:
                old["terms"] += [t for t in terms if t not in old["terms"]]
                self.comment(("teaching", i, "terms"), f"{ctx}" + (
                    f" printed the title {title!r}" if loader_key(title) != loader_key(old["title"]) else "")
                    + f" adds {', '.join(terms)}" + (f" ({how})" if how else ""))
                last.append(("teaching", i))
                return
        record: Course = {"title": title, "institution": inst_id, "terms": terms}
        if code:
            record["code"] = code
        if role or notes:
            lost = ([f"role {role!r}"] if role else []) + [repr(short(n)) for n in notes]
            self.warn(ctx.path, f"{ctx}: {', '.join(lost)} not imported (a course records its title, code, "
                      "institution and terms only)")
            how = (how + "; " if how else "") + f"not imported: {', '.join(lost)}"
        self.place("teaching", record, ctx, last, how or None)

    # ------------------------------------------------------------------ service

    def service(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        when = self.dates(entry, ctx)
        text = name
        if summary and split_service(name) is None:
            text = f"{name}, {plain(summary)[0]}"
        self.service_record(text, when, ctx, last)

    def service_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        self.service_record(plain(text)[0], None, ctx, last)

    def service_record(self, text: str, when: When | None, ctx: Ctx, last: list[Any]) -> None:
        split = split_service(text)
        if split is None:
            self.warn(ctx.path, f"{ctx}: service needs a role and a venue (conference or journal) and "
                      f"{text!r} names none; not imported")
            return
        role, venues = split
        shared_years = when.years if when else []
        made = 0
        for venue_text in venues:
            vname, vyears = venue_years(venue_text)
            years = vyears or shared_years or years_in(text)
            if not vname:
                continue
            if not years:
                self.warn(ctx.path, f"{ctx}: service needs its years and {text!r} gives none; "
                          f"{role!r} for {vname!r} not imported")
                continue
            kind, why = venue_kind(vname, role)
            ref = self.venue(vname, kind)
            record: Service = {"role": role, "venue": ref, "years": years}
            note = f"read from {text!r}" + (f"; venue kind {why}" if why else "")
            self.place("service", record, ctx, last, note)
            made += 1
        if not made and not any(venue_years(v)[0] for v in venues):
            self.warn(ctx.path, f"{ctx}: no venue in {text!r}: not imported")
