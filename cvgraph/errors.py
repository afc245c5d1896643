"""The exception family: every user-facing failure is a :class:`CvgraphError`.

The CLI turns these into one-line messages and exit code 2 in one place (``cli.py``);
library users catch them like any other exception.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["CvgraphError", "ImportError_", "NotConformingError", "OutputError", "Problem", "PublishError", "Readable",
           "RecordError", "ShapesError", "one_line"]

# What str.splitlines() breaks a line at: in a message each is shown as its escape (a file name or
# a quoted value with a line break must not turn one message into two lines).
_LINE_BREAKS = {ord(c): c.encode("unicode_escape").decode("ascii")
                for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: object) -> str:
    """``text`` as one line, for a message: every line break in it (``\\n``, ``\\r``, VT, FF,
    U+001C–U+001E, U+0085, U+2028, U+2029) written as its escape, such as ``\\n`` or ``\\u2028``."""
    return str(text).translate(_LINE_BREAKS)


class CvgraphError(Exception):
    """Base class: something the user can fix (bad input, bad option, unwritable output)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a records file, located at the YAML node that caused it."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    field: str  # dotted path such as ``publications[2].year``; "" for the whole file
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class RecordError(CvgraphError):
    """A records file could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class ShapesError(CvgraphError):
    """The SHACL shapes could not be loaded or run."""


class OutputError(CvgraphError):
    """An output file could not be written."""


class PublishError(CvgraphError):
    """Publishing to a triple store failed (unreachable, refused, or the result did not verify)."""


class Readable(Protocol):
    """What a report must offer to be shown (a SHACL report, :class:`cvgraph.shacl.validation.Report`)."""

    def text(self) -> str: ...


class NotConformingError(PublishError):
    """A graph was not published because it does not conform; ``report`` says why."""

    def __init__(self, message: str, report: Readable) -> None:
        self.report = report
        super().__init__(message)


class ImportError_(CvgraphError):
    """A file an importer cannot read at all (not BibTeX, not JSON, not the expected schema)."""
