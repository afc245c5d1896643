"""The RenderCV converter: sections dispatched to their readers, the result, and ``convert``."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cvgraph.errors import ImportError_, RecordError
from cvgraph.importers.base import Imported
from cvgraph.importers.builder import ordered
from cvgraph.importers.rendercv.activities import ActivitiesReader
from cvgraph.importers.rendercv.career import CareerReader
from cvgraph.importers.rendercv.header import HeaderReader
from cvgraph.importers.rendercv.lists import ListsReader
from cvgraph.importers.rendercv.markup import plain, short, show, split_top
from cvgraph.importers.rendercv.model import (
    SETTINGS_BLOCKS,
    TEXT_KEY,
    Ctx,
    classify,
    entry_type,
)
from cvgraph.importers.rendercv.patents import PatentsReader
from cvgraph.records.yamlsafe import load_yaml


class Converter(HeaderReader, CareerReader, PatentsReader, ActivitiesReader, ListsReader):
    """RenderCV sections → records: each entry to the reader of its type and section."""

    # ------------------------------------------------------------------ sections

    def sections(self, sections: object) -> None:
        if sections is None:
            return
        if not isinstance(sections, dict):
            self.warn(("cv", "sections"), "cv.sections is not a mapping of section titles: not imported")
            return
        self.prescan(sections)
        for title, entries in sections.items():
            spath = ("cv", "sections", title)
            if entries is None:
                continue
            if not isinstance(entries, list):
                entries = [entries] if isinstance(entries, str) else None
                if entries is None:
                    self.warn(spath, f"section {title!r} is not a list of entries: not imported")
                    continue
            kind = classify(title)
            last: list[Any] = []  # the records this section made (for notes)
            for i, entry in enumerate(entries):
                epath = (*spath, i) if isinstance(sections[title], list) else spath
                etype = entry_type(entry)
                ctx = Ctx(title, i, etype or "unknown", epath, self.where(epath))
                if entry is None:
                    self.warn(epath, f"{ctx}: empty entry")
                    continue
                if etype is None:
                    self.warn(epath, f"{ctx}: matches no RenderCV entry type: not imported "
                              f"({show(entry)})")
                    continue
                if isinstance(entry, dict) and entry.get("tags") is not None:
                    self.warn((*epath, "tags"), f"{ctx}: RenderCV tags {show(entry['tags'])} not imported "
                              "(they select entries for CV variants)")
                self.entry(kind, etype, entry, ctx, last)

    def entry(self, kind: str | None, etype: str, entry: Any, ctx: Ctx, last: list[Any]) -> None:  # noqa: ANN401 - a RenderCV entry, its shape told by etype
        if etype == "EducationEntry":
            return self.education(entry, ctx, last)
        if etype == "ExperienceEntry":
            section = {"internships": "internships", "volunteer": "volunteer", "service": "volunteer"}
            return self.role(section.get(kind or "", "employment"), entry, ctx, last, experience=True)
        if etype == "PublicationEntry":
            return self.publication_in(kind, entry, ctx, last)
        if etype == "NormalEntry":
            if not plain(self.text(entry.get("name"), (*ctx.path, "name")) or "")[0]:
                self.warn(ctx.path, f"{ctx}: the name is empty or not text: not imported "
                          f"({short(self.describe(entry, ctx))!r})")
                return None
            handler = {
                "employment": lambda: self.role("employment", entry, ctx, last),
                "internships": lambda: self.role("internships", entry, ctx, last),
                "volunteer": lambda: self.role("volunteer", entry, ctx, last),
                "education": lambda: self.education_normal(entry, ctx, last),
                "awards": lambda: self.award(entry, ctx, last),
                "talks": lambda: self.talk(entry, ctx, last),
                "teaching": lambda: self.teaching(entry, ctx, last),
                "service": lambda: self.service(entry, ctx, last),
                "projects": lambda: self.project(entry, ctx, last),
                "certificates": lambda: self.certificate(entry, ctx, last),
                "skills": lambda: self.skill_normal(entry, ctx, last),
                "languages": lambda: self.language_normal(entry, ctx, last),
                "interests": lambda: self.interest_normal(entry, ctx, last),
            }.get(kind or "")
            if handler:
                return handler()
            return self.unmapped(kind, entry, ctx, last)
        # text-like entries: OneLine, Bullet, Numbered, ReversedNumbered, Text
        if etype == "OneLineEntry":
            label = self.text(entry.get("label"), (*ctx.path, "label")) or ""
            details = self.text(entry.get("details"), (*ctx.path, "details")) or ""
            self.extra_keys(entry, ctx, None)
            if kind == "skills" and plain(details)[0]:
                return self.skill(plain(label)[0], details, ctx, last)
            if kind == "languages" and plain(label)[0] and plain(details)[0]:
                return self.language(plain(label)[0], plain(details)[0], ctx, last)
            if kind == "interests" and split_top(plain(details)[0]):
                for item in split_top(plain(details)[0]):
                    self.out["interests"].append(item)
                self.comment(("interests", len(self.out["interests"]) - 1),
                             f"from {ctx}: {label!r} items")
                return None
            text = f"{label}: {details}" if label and details else label or details
        elif etype == "TextEntry":
            text = self.text(entry, ctx.path) or ""
        else:
            text = self.text(entry.get(TEXT_KEY[etype]), (*ctx.path, TEXT_KEY[etype])) or ""
            self.extra_keys(entry, ctx, None)
        if not plain(text)[0]:
            self.warn(ctx.path, f"{ctx}: empty text")
            return None
        handlers: dict[str, Callable[[str, Ctx, list[Any]], None]] = {
            "summary": self.summary_text,
            "interests": self.interest_text,
            "skills": lambda t, c, rs: self.skill("", t, c, rs),
            "languages": self.language_text,
            "awards": self.award_text,
            "talks": self.talk_text,
            "teaching": self.teaching_text,
            "service": self.service_text,
            "projects": self.project_text,
            "certificates": self.certificate_text,
            "employment": lambda t, c, rs: self.role_text("employment", t, c, rs),
            "internships": lambda t, c, rs: self.role_text("internships", t, c, rs),
            "volunteer": lambda t, c, rs: self.role_text("volunteer", t, c, rs),
            "education": self.education_text,
            "patents": self.patent_text,
        }
        text_handler = handlers.get(kind or "")
        if text_handler:
            return text_handler(text, ctx, last)
        return self.unmapped(kind, text, ctx, last)

    # ------------------------------------------------------------------ result

    def result(self) -> dict[str, Any]:
        if "name" not in self.person:
            self.person["name"] = "Unknown"
            self.warn(f"{self.source}: cv", "the CV gives no name (cv.name) and --me was not given: "
                      "person.name set to 'Unknown'")
        if self.summary:
            self.person["summary"] = "\n\n".join(self.summary)
        current = []
        for section in ("employment",):
            for entry in self.out[section]:
                if entry.get("end") == "present" and entry["organization"] not in current:
                    current.append(entry["organization"])
        if current and "affiliation" not in self.person:
            self.person["affiliation"] = current
            self.comment(("person", "affiliation"), "the organisations of ongoing employment")
        self.imp.warnings.sort(key=self.line_of)
        data: dict[str, Any] = {"cvgraph": 1, "person": self.person}
        if self.out["interests"]:
            data["interests"] = self.out["interests"]
        for name, reg in (("organizations", self.orgs), ("people", self.people), ("venues", self.venues)):
            if reg.items:
                data[name] = reg.items
        for section in ("education", "employment", "internships", "teaching", "awards", "publications",
                        "talks", "service", "skills", "volunteer", "certificates", "languages",
                        "projects"):
            if self.out[section]:
                data[section] = self.out[section]
        return ordered(data)


# ----------------------------------------------------------------------------- entry point

def convert(text: str, source: str, me: str | None = None) -> Imported:
    """RenderCV YAML ``text`` (from ``source``) → :class:`~cvgraph.importers.base.Imported`."""
    try:
        loaded = load_yaml(source, text)
    except RecordError as exc:
        first = exc.problems[0] if exc.problems else None
        raise ImportError_(f"{source}: cannot read as YAML: {first.message if first else exc}"
                           + (f" (line {first.line})" if first else "")) from None
    top = loaded.data
    if not isinstance(top, dict):
        raise ImportError_(f"{source}: not a RenderCV file (expected a mapping with a 'cv:' block)")
    conv = Converter(loaded, source, me)
    if "cv" in top:
        cv = top["cv"]
        if not isinstance(cv, dict):
            raise ImportError_(f"{source}: not a RenderCV file ('cv:' is not a mapping)")
        ignored = [k for k in SETTINGS_BLOCKS if k in top]
        others = [k for k in top if k != "cv" and k not in SETTINGS_BLOCKS]
        if ignored:
            conv.warn((ignored[0],), "ignored the RenderCV " + ", ".join(ignored) + " block"
                      + ("s" if len(ignored) > 1 else "") + " (layout and tooling settings, not CV content)")
        for key in others:
            conv.warn((key,), f"top-level {key!r} is not part of a RenderCV file: not imported")
        base_path: tuple[Any, ...] = ("cv",)
    elif isinstance(top.get("sections"), dict):
        cv = top  # the content of a cv: block alone (RenderCV's sample_content.yaml)
        base_path = ()
        conv.warn(f"{source}:1", "no 'cv:' block: the file is read as the content of one")
    else:
        raise ImportError_(f"{source}: not a RenderCV file (no 'cv:' block with name and sections)")
    if base_path == ():
        # paths in messages are relative to the file: re-root marks under ("cv",)
        loaded.marks = {("cv", *k): v for k, v in loaded.marks.items()} | loaded.marks
        loaded.raw = {("cv", *k): v for k, v in loaded.raw.items()} | loaded.raw
    conv.header(cv)
    conv.sections(cv.get("sections"))
    conv.imp.data = conv.result()
    return conv.imp
