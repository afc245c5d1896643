"""The structural check of a loaded CV against the format (:data:`cvgraph.records.spec.FORMAT`):
every problem collected with its position; the data normalised (dates as strings, numbers written
where text is expected read back as text)."""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from cvgraph.errors import Problem
from cvgraph.iri import iri_problem
from cvgraph.records.spec import (
    AUTHOR_OBJ,
    FORMAT,
    HINTS,
    IRIS,
    PATTERNS,
    F,
    S,
    close_matches,
    identifier_iri,
)
from cvgraph.records.yamlsafe import Loaded

__all__ = ["CONTROL", "Checker", "check", "orcid_checksum_ok", "parse_date", "valid_day", "value_problem",
           "venue_guess"]


# C0/C1 controls other than tab, LF, CR cannot be written in RDF/XML (XML 1.0) and are never
# meaningful in a CV; U+FFFE/U+FFFF are not characters.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")




def parse_date(value: str) -> str:
    """Return the date's precision: ``"year"``, ``"month"`` or ``"day"``."""
    return ("year", "month", "day")[value.count("-")]


def valid_day(value: str) -> bool:
    if value.count("-") < 2:
        return True
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


class Checker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []

    def fail(self, path: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.append(self.loaded.problem(path, message, hint))

    def text(self, value: object, path: tuple[Any, ...]) -> str | None:
        """A string, or a plain-scalar number read back as the text it was written as."""
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and path in self.loaded.raw:
            return self.loaded.raw[path]
        return None

    def value(self, spec: F, value: object, path: tuple[Any, ...]) -> Any:  # noqa: ANN401 - checked data
        kind = spec.kind
        if kind in ("obj", "list", "strs", "author"):
            return self.container(spec, value, path)
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail(path, f"expected true or false, got {_kind(value)}", "write true or false")
                return None
            return value
        if isinstance(value, float) and value.is_integer() and kind in ("int", "date", "enddate", "year"):
            value = int(value)  # 2020.0 is 2020, as JSON Schema's "integer" reads it
            self.loaded.raw[path] = str(value)
        if kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(path, f"expected a whole number, got {_kind(value)}")
                return None
            if spec.enum and value not in spec.enum:
                self.fail(path, f"unsupported value {value}", f"use {spec.enum[0]}")
            return value
        return self.scalar(spec, value, path)

    def container(self, spec: F, value: object, path: tuple[Any, ...]) -> Any:  # noqa: ANN401 - checked data
        """An object, a list, a string or list of strings, or an author (text or {name, ref})."""
        kind = spec.kind
        if kind == "obj":
            return self.object(spec.of, value, path)
        if kind == "author":
            return self.object(AUTHOR_OBJ, value, path) if isinstance(value, dict) else self.value(S, value, path)
        if kind == "list" and not isinstance(value, list):
            self.fail(path, f"expected a list, got {_kind(value)}", "write one '- item' per line")
            return []
        if isinstance(value, list) and spec.required and not value:
            self.fail(path, "is empty", "list at least one item")
            return []
        one = spec.of if kind == "list" else S
        if isinstance(value, list):
            return [self.value(one, v, (*path, i)) for i, v in enumerate(value)]
        return [self.value(S, value, path)]  # strs: one string

    def scalar(self, spec: F, value: object, path: tuple[Any, ...]) -> str | None:
        """Text of a scalar kind: not empty, no control characters, in its enum, matching its pattern."""
        kind = spec.kind
        text = self.text(value, path) if not (kind == "id" and isinstance(value, float)) else None
        if text is None:
            self.fail(path, f"expected text, got {_kind(value)}", "write a value or remove the key")
            return None
        if not text.strip():
            self.fail(path, "is empty", "write a value or remove the key")
            return None
        bad = CONTROL.search(text)
        if bad:
            self.fail(path, f"contains the control character U+{ord(bad.group()):04X}",
                      "remove it (only tab, line feed and carriage return are allowed in text)")
            return None
        if spec.enum and text not in spec.enum:
            close = close_matches(text, spec.enum, 1)
            self.fail(path, f"unknown value {text!r}",
                      f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(spec.enum))
            return None
        if kind == "enddate" and text == "present":
            return text
        problem = value_problem(kind, text)
        if problem:
            self.fail(path, *problem)
            return None
        return text

    def object(self, fields: dict[str, F], value: object, path: tuple[Any, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping of keys, got {_kind(value)}", "write 'key: value' lines")
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in fields:
                close = close_matches(key, list(fields), 1, 0.6)
                self.fail((*path, key), "unknown key",
                          f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(fields))
                continue
            if item is None:
                continue  # `key:` with no value is the same as leaving it out
            checked = self.value(fields[key], item, (*path, key))
            if checked is not None:
                out[key] = checked
        for key, spec in fields.items():
            if spec.required and value.get(key) is None:
                self.fail(path, f"missing required field {key!r}", f"add '{key}:'" + (
                    f" ({spec.doc})" if spec.doc else ""))
            elif key not in out and spec.default is not None:
                out[key] = spec.default
        return out


_IRI_HINT = ("percent-encode what an IRI does not allow (%25 for a literal %, %5B and %5D for [ ] outside "
             "an IPv6 host), and keep to one '#'")


_FULL = {kind: re.compile(p.lstrip("^").rstrip("$")) for kind, p in PATTERNS.items()}  # compiled once, matched whole


def value_problem(kind: str, text: str) -> tuple[str, str] | None:
    """(message, hint) when ``text`` is not a valid value of ``kind`` (its pattern, a year from
    1000, a real day, a right ORCID check digit, a valid IRI where it names one); else None."""
    pattern = _FULL.get("date" if kind == "enddate" else kind)
    if pattern and not pattern.fullmatch(text):
        year = re.search(r"(?<![0-9])0[0-9]{3}(?![0-9])", text)
        if year and kind in ("date", "enddate", "year", "term") and pattern.fullmatch(
                text.replace(year.group(), "1000", 1)):
            return f"the year {year.group()} is before 1000", "check the year (a typo?)"
        what = {"date": "a date", "enddate": "a date or 'present'"}.get(kind, f"a valid {kind}")
        hint = HINTS["date" if kind == "enddate" else kind]
        return f"expected {what}, got {text!r}", hint + (", or present" if kind == "enddate" else "")
    if kind in ("date", "enddate") and not valid_day(text):
        return f"there is no day {text!r}", "check the day of the month"
    if kind == "orcid" and not orcid_checksum_ok(text):
        return f"ORCID iD {text!r} has a wrong check digit", "copy the iD from orcid.org"
    if kind in IRIS:
        problem = iri_problem(identifier_iri(kind, text))
        if problem is not None:
            return f"{text!r} is not a valid IRI (RFC 3987: {problem})", _IRI_HINT
    return None


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11,2 check digit, as ORCID documents it."""
    total = 0
    for ch in orcid.replace("-", "")[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return orcid[-1] == ("X" if check == 10 else str(check))


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
            type(None): "nothing", str: "text"}.get(type(value), type(value).__name__)


def check(loaded: Loaded) -> tuple[dict[str, Any], list[Problem]]:
    """Check ``loaded`` against FORMAT; return the normalised data and every problem found."""
    checker = Checker(loaded)
    data = checker.object(FORMAT, loaded.data, ())
    return data or {}, checker.problems




# Words a venue is cited with that do not tell venues apart: "Proceedings of the 38th AAAI
# Conference on Artificial Intelligence (AAAI-24)" is the AAAI Conference on Artificial Intelligence.
_CITED_WITH = {"proceedings", "proc", "of", "the", "in", "on", "for", "and", "annual", "international", "intl"}
_NUMBERED = re.compile(r"[0-9]+(?:st|nd|rd|th)?")


def _venue_words(name: str) -> str:
    """``name`` without what citations add to a venue's name: years, edition numbers, "Proceedings
    of the", punctuation; casefolded."""
    words = re.findall(r"[^\W_]+", name.casefold())
    return " ".join(w for w in words if w not in _CITED_WITH and not _NUMBERED.fullmatch(w))


def venue_guess(value: str, names: Mapping[str, set[str]]) -> list[str]:
    """The id of the one venue that ``value`` (a venue reference that names none) most likely means,
    as a one-item list (empty: no one venue): its name, short name, id or alias is ``value`` once
    years, edition numbers and "Proceedings of the" are taken off both, or is a run of the words
    left of ``value`` ("AAAI" in "Proc. AAAI 2024"). ``names``: each known name (as a name key) and
    the ids it names."""
    wanted = _venue_words(value)
    if not wanted:
        return []
    found: set[str] = set()
    for name, ids in names.items():
        words = _venue_words(name)
        if words and (words == wanted or (len(words) >= 3 and f" {words} " in f" {wanted} ")):
            found |= ids
    return sorted(found) if len(found) == 1 else []
