"""Skills, languages, interests, summary, projects and certificates."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.rendercv.base import ConverterBase
from cvgraph.importers.rendercv.markup import first_url, plain, section_title, split_top
from cvgraph.importers.rendercv.model import FIELDS, Ctx
from cvgraph.importers.text.dates import split_when
from cvgraph.importers.text.identifiers import url_ok
from cvgraph.records.types import Certificate, Language, Project

_LIST_USED = {"name", "summary", "highlights"}  # what a skill, language or interest entry reads


class ListsReader(ConverterBase):
    def rest_unused(self, entry: dict[str, Any], ctx: Ctx) -> None:
        """Warn of the keys of a skill, language or interest entry that it does not use: its entry
        type's other fields (a skill has no date, place or link) and keys of no RenderCV type."""
        for key in sorted(FIELDS.get(ctx.etype, set()) - _LIST_USED):
            vals = self.texts(entry.get(key), (*ctx.path, key)) if entry.get(key) is not None else []
            if vals:
                self.warn((*ctx.path, key), f"{ctx}: {key!r} has no place in {section_title(ctx.title)!r}; "
                          f"not imported: {'; '.join(plain(v, keep_urls=True)[0] for v in vals)!r}")
        self.extra_keys(entry, ctx, None, handled=_LIST_USED | FIELDS.get(ctx.etype, set()))

    # ------------------------------------------------------------------ skills, languages, interests

    def skill(self, group: str, details: str, ctx: Ctx, last: list[Any]) -> None:
        details = plain(details)[0]
        if not group.strip():
            m = re.match(r"^([^:]{1,60}):(?!//)\s*(.+)$", details)
            if m:
                group, details = m.group(1).strip(), m.group(2)
            else:
                group = section_title(ctx.title)
        items = split_top(details)
        if not items:
            self.warn(ctx.path, f"{ctx}: no skills listed: not imported")
            return
        self.place("skills", {"group": group, "items": items}, ctx, last)

    def skill_normal(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        group = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        items = []
        for note in self.body(entry, ctx):
            items += split_top(note)
        if not items:
            self.warn(ctx.path, f"{ctx}: no skills listed: not imported ({group!r})")
            return
        self.place("skills", {"group": group, "items": items}, ctx, last)
        self.rest_unused(entry, ctx)

    def language(self, name: str, fluency: str | None, ctx: Ctx, last: list[Any]) -> None:
        if not name.strip():
            self.warn(ctx.path, f"{ctx}: no language name: not imported")
            return
        record: Language = {"name": name}
        if fluency:
            record["fluency"] = fluency
        self.place("languages", record, ctx, last)

    def language_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        for item in split_top(plain(text)[0]):
            m = re.match(r"^(.+?)\s*\((.+)\)$", item) or re.match(r"^(.+?)\s*[:–—]\s*(.+)$", item) or \
                re.match(r"^(.+?)\s+-\s+(.+)$", item)
            self.language(m.group(1).strip() if m else item, m.group(2).strip() if m else None, ctx, last)

    def language_normal(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        body = self.body(entry, ctx)
        self.language(name, "; ".join(body) or None, ctx, last)
        self.rest_unused(entry, ctx)

    def interest_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        self.out["interests"].append(plain(text)[0])

    def interest_normal(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]
        body = self.body(entry, ctx)
        self.out["interests"].append(f"{name}: {'; '.join(body)}" if body else name)
        self.rest_unused(entry, ctx)

    def summary_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        self.summary.append(plain(text, keep_urls=True)[0])

    # ------------------------------------------------------------------ projects, certificates

    def project(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")
        record: Project = {"name": name}
        idx = len(self.out["projects"])
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        if summary:
            record["description"] = plain(summary, keep_urls=True)[0]
        when = self.dates(entry, ctx)
        if when:
            if when.single:
                record["start"] = record["end"] = when.single
                self.comment(("projects", idx, "start"), f"a single date {when.printed!r}: read as start "
                             "and end" + (" (a term read as its year)" if when.approximate else ""))
            else:
                record["start"] = when.start  # type: ignore[typeddict-item]  # a When has a single date or a start
                if when.end:
                    record["end"] = when.end
                self.when_comment(("projects", idx, "start"), when, "dates")
        url = first_url(urls)
        extra_url = self.text(entry.get("url"), (*ctx.path, "url"))
        if extra_url and url_ok(extra_url.strip()):
            url = url or extra_url.strip()
        if url:
            record["url"] = url
        notes = self.body({k: v for k, v in entry.items() if k != "summary"}, ctx)
        location = self.text(entry.get("location"), (*ctx.path, "location"))
        if location:
            notes.append(f"location: {plain(location)[0]}")
        if notes:
            record["notes"] = notes
        self.place("projects", record, ctx, last)
        self.extra_keys(entry, ctx, ("projects", idx), handled={"url"} if extra_url else set())

    def project_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(text)
        record: Project = {"name": name}
        url = first_url(urls)
        if url:
            record["url"] = url
        self.place("projects", record, ctx, last)

    def certificate(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")
        record: Certificate = {"name": name}
        idx = len(self.out["certificates"])
        when = self.dates(entry, ctx)
        if when:
            record["date"] = when.first  # type: ignore[typeddict-item]  # a When has a single date or a start
            self.when_comment(("certificates", idx, "date"), when, "date")
        url = first_url(urls)
        if url:
            record["url"] = url
        notes = self.body(entry, ctx)
        if notes:
            record["notes"] = notes
        self.place("certificates", record, ctx, last)
        self.extra_keys(entry, ctx, ("certificates", idx))

    def certificate_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        name, urls = plain(text)
        name, when = split_when(name)
        record: Certificate = {"name": name}
        if when:
            record["date"] = when.first  # type: ignore[typeddict-item]  # a When has a single date or a start
        url = first_url(urls)
        if url:
            record["url"] = url
        self.place("certificates", record, ctx, last)
