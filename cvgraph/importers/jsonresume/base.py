"""The JSON Resume importer's plumbing: messages, texts, dates, URLs, the organisations registry."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from cvgraph.importers.base import Imported
from cvgraph.importers.builder import Registry
from cvgraph.importers.common import CONTROL
from cvgraph.importers.jsonresume.model import BARE_HOST, ISO, LEGACY, STAMP, kind_of
from cvgraph.importers.text.dates import PRESENT, ends_before, read_point, valid_date
from cvgraph.importers.text.identifiers import url_ok
from cvgraph.importers.text.orgs import org_kind_word
from cvgraph.records.types import Education, Project, Venue


class ConverterBase:
    """Messages, values (text, dates, URLs) and the organisations registry."""

    def __init__(self, source: str, me: str | None) -> None:
        self.source, self.me = source, (me or "").strip() or None
        self.imp = Imported(data={})
        self.sections: dict[str, list[Any]] = {}
        self.orgs = Registry()
        self.venues: list[Venue] = []
        self.pub_ids: set[str] = set()
        self.person: dict[str, Any] = {}
        self.affiliation: list[str] = []

    # -- messages -----------------------------------------------------------------------------
    def warn(self, path: str, message: str) -> None:
        self.imp.warn(f"{self.source}: {path}", message)

    def comment(self, path: tuple[Any, ...], text: str) -> None:
        self.imp.comment(path, text)

    # -- values -------------------------------------------------------------------------------
    def text(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        """A non-empty text (numbers are read as their text), or None with a warning for a value
        that is not text (a list, an object, true/false)."""
        return self.text_value(obj.get(key), f"{path}.{key}")

    def text_value(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(where, f"expected text, got {kind_of(value)}: not imported")
            return None
        value = str(value)
        if CONTROL.search(value):
            self.warn(where, "control characters removed")
            value = CONTROL.sub("", value)
        return value.strip() or None

    def texts(self, obj: dict[str, Any], key: str, path: str) -> list[str]:
        """A list of non-empty texts (a single text is read as a list of one)."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            return [t for t in [self.text(obj, key, path)] if t]
        found = (self.text_value(item, f"{path}.{key}[{i}]") for i, item in enumerate(value))
        return [t for t in found if t]

    def date(self, obj: dict[str, Any], key: str, path: str,
             end: bool = False) -> tuple[str | None, str | None]:
        """(date in the record format, comment) for ``obj[key]``; None and a warning when it
        cannot be read. ``end`` allows ``present``."""
        where = f"{path}.{key}"
        raw = obj.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool) and 1000 <= raw <= 9999:
            return str(raw), None
        value = self.text(obj, key, path)
        if value is None:
            return None, None
        low = " ".join(value.lower().split())
        if low in PRESENT:
            if end:
                return "present", (f"endDate {value!r}" if low != "present" else None)
            self.warn(where, f"{value!r} is not a start date: not imported")
            return None, None
        if ISO.fullmatch(value):
            if valid_date(value):
                return value, None
            self.warn(where, f"invalid date {value!r}: not imported")
            return None, None
        m = STAMP.fullmatch(value)
        if m and valid_date(m.group(1)):
            return m.group(1), f"time of day dropped from {value!r}"
        point = read_point(value)
        best = point.date if point and point.date != "present" else None
        if best:
            self.warn(where, f"date {value!r} is not ISO 8601: read as {best!r}")
            return best, f"read {value!r} as {best}"
        self.warn(where, f"invalid date {value!r}: not imported")
        return None, None

    def url(self, value: str | None, where: str) -> tuple[str | None, str | None]:
        """(http(s) URL, comment); None and a warning when it is not one."""
        if value is None:
            return None, None
        note = None
        fixed = value
        if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", fixed) and BARE_HOST.match(fixed):
            fixed, note = "https://" + fixed, f"https:// added to {value!r}"
        if re.search(r"[\s<>\"{}|\\^`]", fixed) and re.match(r"https?://", fixed):
            fixed = quote(fixed, safe=":/?#[]@!$&'()*+,;=%~")
            note = f"{note}; " if note else ""
            note += f"characters percent-encoded in {value!r}"
        if url_ok(fixed):
            return fixed, note
        self.warn(where, f"not an http(s) URL: {value!r}: not imported")
        return None, None

    def span(self, e: dict[str, Any], path: str, entry: Education | Project,
             comments: dict[str | None, str]) -> None:
        """``startDate``/``endDate`` → ``entry["start"]``/``["end"]`` with their comments; an end
        before the start is left out with a warning."""
        start, note = self.date(e, "startDate", path)
        if start:
            entry["start"] = start
            if note:
                comments["start"] = note
        end, note = self.date(e, "endDate", path, end=True)
        if end and start and end != "present" and ends_before(end, start):
            self.warn(f"{path}.endDate", f"ends ({end}) before it starts ({start}): end date not imported")
            end = None
        if end:
            entry["end"] = end
            if note:
                comments["end"] = note

    # -- registries ---------------------------------------------------------------------------
    def org(self, name: str, url: str | None = None, notes: list[str] | None = None) -> str:
        """The id of the organisation named ``name`` (added on first use; names match as the
        loader matches them, case and white space folded). ``url`` becomes the organisation's
        url; one that differs from the url it already has goes to ``notes``."""
        kind, word = org_kind_word(name)
        entry, new = self.orgs.add(name, kind=kind)
        if new and kind:
            self.comment(("organizations", len(self.orgs.items) - 1, "kind"),
                         f"guessed from {word!r} in the name")
        if url and "url" not in entry:
            entry["url"] = url
        elif url and entry["url"] != url and notes is not None:
            notes.append(f"URL: {url}")
        return str(entry["id"])

    def obj(self, parent: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.warn(path, f"expected an object, got {kind_of(value)}: not imported")
            return None
        return value

    def items(self, doc: dict[str, Any], section: str,
              known: set[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        value = doc.get(section)
        if value is None:
            return
        if not isinstance(value, list):
            self.warn(section, f"expected a list, got {kind_of(value)}: not imported")
            return
        for i, entry in enumerate(value):
            path = f"{section}[{i}]"
            if not isinstance(entry, dict):
                if entry is not None:
                    self.warn(path, f"expected an object, got {kind_of(entry)}: not imported")
                continue
            self.unknown(entry, known, path)
            # pre-1.0 spellings (work.company, …) are read as the 1.x field unless both are given
            yield i, {LEGACY[k] if k in LEGACY and k in known and LEGACY[k] not in entry else k: v
                      for k, v in entry.items()}

    def unknown(self, entry: dict[str, Any], known: set[str], path: str) -> None:
        for key in entry:
            if key not in known:
                self.warn(f"{path}.{key}", "not a JSON Resume field: not imported")

    def add(self, section: str, entry: Mapping[str, object], comments: dict[str | None, str]) -> None:
        """Append ``entry`` (a record of ``section``) with ``comments`` on its keys (None: on all of it)."""
        entries = self.sections.setdefault(section, [])
        for key, text in comments.items():
            self.comment((section, len(entries)) + ((key,) if key else ()), text)
        entries.append(entry)
