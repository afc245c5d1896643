"""The RenderCV converter's plumbing, shared by the section readers."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cvgraph.importers.base import Imported, Note
from cvgraph.importers.builder import Registry, id_slug, new_colleague, new_venue
from cvgraph.importers.common import CONTROL, loader_key
from cvgraph.importers.rendercv.markup import ORCID, a_or_an, first_url, plain, short
from cvgraph.importers.rendercv.model import ELABORATED, FIELDS, NOTED, Ctx
from cvgraph.importers.text.dates import When, ends_before, parse_when, read_point
from cvgraph.importers.text.identifiers import url_ok
from cvgraph.importers.text.names import is_owner_name, split_name
from cvgraph.importers.text.orgs import org_kind
from cvgraph.importers.text.places import parse_address
from cvgraph.records.yamlsafe import Loaded


class ConverterBase:
    """What every section reader needs: messages, texts, registries, the owner, dates and places."""

    def __init__(self, loaded: Loaded, source: str, me: str | None) -> None:
        self.loaded, self.source = loaded, source
        self.imp = Imported({})
        self.me_name = me.strip() if me and not ORCID.fullmatch(me.strip().rsplit("/", 1)[-1]) else None
        self.me_orcid = me.strip().rsplit("/", 1)[-1] if me and not self.me_name else None
        self.person: dict[str, Any] = {}
        self.orgs = Registry()
        self.people = Registry(("me",), new=new_colleague)
        self.venues = Registry(new=new_venue)
        self.out: dict[str, list[Any]] = {k: [] for k in (
            "interests", "education", "employment", "internships", "volunteer", "teaching", "awards",
            "publications", "talks", "service", "skills", "languages", "projects", "certificates")}
        self.summary: list[str] = []
        self.owner_keys: set[str] = set()
        self.owner_slugs: set[str] = set()
        self.owner_marks: dict[tuple[Any, ...], str] = {}  # publication path -> printed owner name
        self.pub_ids: set[str] = {"me"}  # "me" names the owner in the graph: never a publication id

    # ------------------------------------------------------------------ plumbing

    def where(self, path: tuple[Any, ...]) -> str:
        return f"{self.source}:{self.loaded.where(path)[0]}"

    def warn(self, path: tuple[Any, ...] | str, message: str) -> None:
        self.imp.warn(path if isinstance(path, str) else self.where(path), message)

    def comment(self, path: tuple[Any, ...], text: str) -> None:
        self.imp.comment(path, text)

    def line_of(self, note: Note) -> float:
        """Warnings in file order; those without a line last (stable)."""
        tail = note.where[len(self.source) + 1:]
        return int(tail) if note.where.startswith(self.source + ":") and tail.isdigit() else float("inf")

    def text(self, value: object, path: tuple[Any, ...]) -> str | None:
        """A scalar as the text written (numbers as in the file); None for nothing/lists/maps."""
        if value is None or isinstance(value, (list, dict)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(self.loaded.raw.get(path, str(value)))
        text = CONTROL.sub("", str(value))
        return text if text.strip() else None

    def texts(self, value: object, path: tuple[Any, ...], ctx: Ctx | None = None) -> list[str]:
        """A list of scalars (or one scalar) as texts."""
        if value is None:
            return []
        if not isinstance(value, list):
            one = self.text(value, path)
            return [one] if one else []
        out = []
        for i, item in enumerate(value):
            t = self.text(item, (*path, i))
            if t:
                out.append(t)
            elif item is not None and ctx is not None:
                self.warn((*path, i), f"{ctx}: {path[-1]}[{i}] is not text: not imported")
        return out

    # ------------------------------------------------------------------ registries

    def org(self, printed: str, location: str | None = None, at: tuple[Any, ...] | None = None) -> str | None:
        """The id of the organisation printed ``printed`` (markdown allowed), created when new."""
        name, urls = plain(printed)
        name = name.strip(" ,;")
        if not name:
            return None
        kind = org_kind(name)
        entry, new = self.orgs.add(name, kind=kind)
        idx = self.orgs.position(entry)
        if new and kind:
            self.comment(("organizations", idx, "kind"), f"kind guessed from the name {name!r}")
        url = first_url(urls)
        if url and "url" not in entry:
            entry["url"] = url
        if location and not any(k in entry for k in ("locality", "region", "country")):
            address, how = parse_address(plain(location)[0])
            if address:
                if "locality" in address:
                    entry["locality"] = address["locality"]
                if "region" in address:
                    entry["region"] = address["region"]
                if "country" in address:
                    entry["country"] = address["country"]
                self.comment(("organizations", idx), f"address from location {location!r} ({how})")
        return str(entry["id"])

    def venue(self, name: str, kind: str) -> str:
        return str(self.venues.add(name, kind=kind)[0]["id"])

    def person_ref(self, printed: str, url: str | None = None) -> str:
        """Register a co-author / advisor printed ``printed``; return the name to write."""
        entry = self.people.find(printed)
        if entry is None:
            same = self.people.slugs.get(id_slug(printed))
            if same is not None:
                self.people.alias(same, printed)
                self.comment(("people", self.people.position(same), "aliases"),
                             f"{printed!r} taken to be the same person as {same['name']!r} (same letters)")
                return printed
            entry, _ = self.people.add(printed)
        if url and "url" not in entry and url_ok(url):
            entry["url"] = url
        return printed

    # ------------------------------------------------------------------ owner

    def is_owner(self, name: str) -> bool:
        return loader_key(name) in self.owner_keys or id_slug(name) in self.owner_slugs

    def add_owner_name(self, name: str, why: str) -> None:
        """``name`` is the owner: the loader must find it in person.name/aliases."""
        self.owner_keys.add(loader_key(name))
        self.owner_slugs.add(id_slug(name))
        written = [self.person.get("name", ""), *self.person.get("aliases", [])]
        if loader_key(name) not in {loader_key(n) for n in written}:
            aliases = self.person.setdefault("aliases", [])
            aliases.append(name)
            self.comment(("person", "aliases", len(aliases) - 1), why)

    def initials_match(self, printed: str) -> bool:
        """The owner rule (:func:`cvgraph.importers.text.names.is_owner_name`): "S. Lee", "Lee, S."
        and "S.-W. Lee" for the owner Sunwoo Lee."""
        return is_owner_name(printed, split_name(self.person.get("name", "")))

    # ------------------------------------------------------------------ common entry parts

    def dates(self, entry: dict[str, Any], ctx: Ctx) -> When | None:
        """RenderCV's date rules: ``date`` wins; a start alone is ongoing; an end alone is a date."""
        date = self.text(entry.get("date"), (*ctx.path, "date"))
        start = self.text(entry.get("start_date"), (*ctx.path, "start_date"))
        end = self.text(entry.get("end_date"), (*ctx.path, "end_date"))
        if date:
            when = parse_when(date)
            if when is None:
                self.warn((*ctx.path, "date"), f"{ctx}: cannot read the date {date!r}: left out")
                return None
            when.ignored = bool(start or end)
            when.free = True
            return when
        if not start and not end:
            return None
        pa = read_point(start) if start else None
        pb = read_point(end) if end else None
        a = (pa.date, pa.term, pa.approximate) if pa else None
        b = (pb.date, pb.term, pb.approximate) if pb else None
        if start and (a is None or a[0] == "present"):
            self.warn((*ctx.path, "start_date"), f"{ctx}: cannot read start_date {start!r}: left out")
            a = None
        if end and b is None:
            self.warn((*ctx.path, "end_date"), f"{ctx}: cannot read end_date {end!r}: left out")
        if a is None and b is None:
            return None
        printed = f"{start or ''} – {end or ''}".strip(" –")
        if a is None:
            if b is None or b[0] == "present":
                return None
            return When(single=b[0], terms=[b[1]] if b[1] else [], printed=printed, approximate=b[2])
        if b is None:
            return When(start=a[0], end="present" if not end else None,
                        terms=[a[1]] if a[1] else [], printed=printed, approximate=a[2])
        if b[0] != "present" and ends_before(b[0], a[0]):
            self.warn((*ctx.path, "end_date"), f"{ctx}: end_date {end!r} is before start_date "
                      f"{start!r}: the end is left out")
            return When(start=a[0], printed=printed, approximate=a[2])
        return When(start=a[0], end=b[0], terms=[t for t in (a[1], b[1]) if t], printed=printed,
                    approximate=a[2] or b[2])

    def body(self, entry: dict[str, Any], ctx: Ctx) -> list[str]:
        """summary + highlights → notes (plain text, links kept as "text (url)")."""
        notes = []
        summary = self.text(entry.get("summary"), (*ctx.path, "summary"))
        if summary:
            notes.append(plain(summary, keep_urls=True)[0])
        highlights = entry.get("highlights")
        if highlights is not None and not isinstance(highlights, list):
            highlights = [highlights]
        for h in self.texts(highlights, (*ctx.path, "highlights"), ctx):
            notes.append(plain(h, keep_urls=True)[0])
        return [n for n in notes if n]

    def place(self, section: str, record: Mapping[str, object], ctx: Ctx, last: list[Any],
              note: str | None = None) -> int:
        self.out[section].append(record)
        idx = len(self.out[section]) - 1
        last.append((section, idx))
        if note:
            self.comment((section, idx), note)
        return idx

    def set_role_dates(self, section: str, record: dict[str, Any], when: When | None, ctx: Ctx) -> bool:
        """start/end of a role; False when there is no start (our format requires one)."""
        if when is None:
            return False
        if when.single:
            record["start"] = record["end"] = when.single
        else:
            record["start"] = when.start
            if when.end:
                record["end"] = when.end
        return True

    def when_comment(self, path: tuple[Any, ...], when: When, what: str) -> None:
        if when.approximate or when.ignored or (when.free and when.printed != when.single):
            detail = f"{what} from {when.printed!r}"
            if when.ignored:
                detail += " (start_date/end_date ignored: RenderCV uses date when both are given)"
            if when.terms and when.approximate:
                detail += f" (the term{'s' if len(when.terms) > 1 else ''} "\
                          f"{', '.join(when.terms)} read as the year)"
            self.comment(path, detail)

    # ------------------------------------------------------------------ what is not mapped

    def unmapped(self, kind: str | None, entry: object, ctx: Ctx, last: list[Any],
                 why: str | None = None) -> None:
        """Keep as a note on this section's previous record, or warn."""
        text = self.describe(entry, ctx) if isinstance(entry, dict) else plain(str(entry), keep_urls=True)[0]
        if why is None and kind is None:
            why = "the section title is not one cvgraph knows"
        elif why is None and kind == "publications":
            why = "a publication needs a PublicationEntry (title, authors)"
        elif why is None and kind is not None:
            why = f"{a_or_an(ctx.etype)} cannot be read as {a_or_an(kind)} record"
        target = last[-1] if last else None
        if target is not None and target[0] in ELABORATED and not isinstance(entry, dict):
            section, idx = target
            record = self.out[section][idx]
            record.setdefault("notes", []).append(text)
            self.warn(ctx.path, f"{ctx}: {why}; kept as a note on {section}[{idx}]: {short(text)!r}")
            return
        self.warn(ctx.path, f"{ctx}: {why}; not imported: {short(text)!r}")

    def describe(self, entry: dict[str, Any], ctx: Ctx) -> str:
        """A whole dict entry as one line of plain text."""
        parts = []
        for key, value in entry.items():
            if key == "tags" or value is None:
                continue
            vals = self.texts(value, (*ctx.path, key))
            if vals:
                parts.append(f"{key}: " + "; ".join(plain(v, keep_urls=True)[0] for v in vals))
        return " | ".join(parts)

    def extra_keys(self, entry: dict[str, Any], ctx: Ctx, record: tuple[Any, ...] | None,
                   handled: set[str] | frozenset[str] = frozenset()) -> None:
        """Keys RenderCV's entry type does not define (RenderCV 2 allows them for templates)."""
        own = FIELDS.get(ctx.etype, set()) | {"tags"} | set(handled)
        for key, value in entry.items():
            if key in own or value is None:
                continue
            vals = self.texts(value, (*ctx.path, key))
            text = f"{key}: " + "; ".join(plain(v, keep_urls=True)[0] for v in vals) if vals else None
            if record is not None and text and record[0] in NOTED:
                section, idx = record
                self.out[section][idx].setdefault("notes", []).append(text)
                self.warn((*ctx.path, key),
                          f"{ctx}: {key!r} is not {a_or_an(ctx.etype)} field; kept as a note")
            else:
                self.warn((*ctx.path, key), f"{ctx}: {key!r} is not {a_or_an(ctx.etype)} field; not imported"
                          + (f": {short(text)!r}" if text else ""))
