"""JSON as every importer reads it (JSON Resume, ORCID, and the format detection before them).

One located error for text that is not JSON (or is nested too deeply to read), and the values JSON
can hold but a CV cannot, repaired with a warning naming their JSON path instead of crashing later
or writing YAML the loader refuses:

* a lone surrogate (``"\\ud800"``: half of a UTF-16 pair, not a character) becomes U+FFFD;
* a number Python will not read (more digits than ``int()`` takes, a float that overflows to
  infinity, the ``NaN``/``Infinity`` that Python's parser accepts) is kept as its text.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

from cvgraph.errors import ImportError_
from cvgraph.importers.base import Note

__all__ = ["json_path", "load_json"]

_SURROGATE = re.compile("[\ud800-\udfff]")  # in a decoded str, a surrogate is always a lone one


class _Unread(str):
    """A number kept as its text because Python cannot read it as a number."""


def _int(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        return _Unread(text)


def _float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else _Unread(text)


def json_path(path: tuple[Any, ...]) -> str:
    """``("work", 0, "name")`` → ``work[0].name``: how the importers name a place in a JSON file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_json(text: str, source: str, hint: str = "") -> tuple[Any, list[Note]]:
    """The JSON document ``text`` (read from ``source``) and the warnings about what was repaired.
    Raises :class:`ImportError_` (one line, ``source:line:column``, then ``hint``) when it is not JSON."""
    try:
        doc = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_Unread)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{source}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}{hint}") from None
    except RecursionError:
        raise ImportError_(f"{source}: JSON nested too deeply to read (over ~1,000 levels){hint}") from None
    notes: list[Note] = []
    return _repaired(doc, source, notes), notes


def _repaired(doc: Any, source: str, notes: list[Note]) -> Any:  # noqa: ANN401 - any JSON value
    """``doc`` with its lone surrogates and unread numbers repaired (a note for each), walked without
    recursion (the parser allows ~1,000 levels)."""

    def note(path: tuple[Any, ...], message: str) -> None:
        notes.append(Note(f"{source}: {json_path(path)}" if path else source, message))

    root: list[Any] = [doc]
    stack: list[tuple[list[Any] | dict[str, Any], Any, tuple[Any, ...]]] = [(root, 0, ())]
    while stack:
        parent, key, path = stack.pop()
        value = parent[key]
        if isinstance(value, dict):
            if any(_SURROGATE.search(name) for name in value):  # keys repaired, their order kept
                items = [(_SURROGATE.sub("\ufffd", name), item) for name, item in value.items()]
                for (name, _), original in zip(items, value, strict=True):
                    if name != original:
                        note((*path, name), f"{_lone(original)} in this key replaced by U+FFFD")
                value.clear()
                value.update(items)
            stack.extend((value, name, (*path, name)) for name in reversed(list(value)))
        elif isinstance(value, list):
            stack.extend((value, i, (*path, i)) for i in reversed(range(len(value))))
        elif isinstance(value, _Unread):
            shown = value if len(value) <= 20 else value[:20] + "…"
            note(path, f"the number {shown} ({len(value)} characters) cannot be read as a number; kept as "
                       "its text")
            parent[key] = str(value)
        elif isinstance(value, str) and _SURROGATE.search(value):
            note(path, f"{_lone(value)} replaced by U+FFFD")
            parent[key] = _SURROGATE.sub("\ufffd", value)
    return root[0]


def _lone(text: str) -> str:
    """``a lone surrogate (\\ud800)``: the first in ``text``, as JSON writes it."""
    found = _SURROGATE.search(text)
    return f"a lone surrogate (\\u{ord(found.group()) if found else 0:04x})"
