"""``export orcid``: works for an ORCID record.

Without a member API key: ``-f bibtex`` (the default) writes a ``.bib`` for ORCID's "Add works →
Import BibTeX" (the same writer as ``export bibtex``). With a key: ``-f xml`` / ``-f json``
write ORCID's member API v3.0 bulk works document (``POST /v3.0/{orcid}/works``, see
:mod:`cvgraph.export.orcidwork`). ``orcid_record`` (a record or works JSON from ORCID's public API
v3.0, e.g. ``GET https://pub.orcid.org/v3.0/{orcid}/works``) keeps only the works not already on
the record: matched by DOI, else by the title (case, accents, punctuation and spacing ignored)
and year.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from cvgraph.errors import CvgraphError
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, Work

__all__ = ["OrcidError", "on_record", "read_record", "title_key", "write"]


class OrcidError(CvgraphError):
    """An unreadable ORCID record file, or an unknown output format."""


def title_key(title: str, year: str) -> str:
    """A title as the matching compares it: letters and digits only, case and accents folded, with the year."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "", plain.casefold()) + "|" + year


def _summaries(data: object) -> Iterator[dict[str, Any]]:
    """Every work summary of a v3.0 record, activities summary, works or bulk document."""
    if isinstance(data, dict):
        if "title" in data and "type" in data:
            yield data
            return
        for key in ("activities-summary", "works", "group", "work-summary", "bulk", "work"):
            if key in data:
                yield from _summaries(data[key])
    elif isinstance(data, list):
        for item in data:
            yield from _summaries(item)


def _value(node: object, *path: str) -> str:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return str(node) if node is not None and not isinstance(node, dict | list) else ""


def read_record(path: Path) -> tuple[set[str], set[str]]:
    """The DOIs (lower case) and title keys of the works on an ORCID record JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OrcidError(f"{path}: cannot read the ORCID record: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OrcidError(f"{path}: not an ORCID record JSON file ({exc}); save ORCID's public API answer "
                         "(https://pub.orcid.org/v3.0/<orcid>/works with Accept: application/json)") from None
    dois, titles = set(), set()
    found = 0
    for summary in _summaries(data):
        found += 1
        for ident in (summary.get("external-ids") or {}).get("external-id") or []:
            if _value(ident, "external-id-type").lower() == "doi":
                dois.add(_value(ident, "external-id-value").lower().removeprefix("https://doi.org/"))
        title = _value(summary, "title", "title", "value")
        if title:
            titles.add(title_key(title, _value(summary, "publication-date", "year", "value")))
    if not found and not (isinstance(data, dict) and ("group" in data or "activities-summary" in data)):
        raise OrcidError(f"{path}: no ORCID works in this JSON (give a record or works answer of ORCID's "
                         "public API v3.0)")
    return dois, titles


def on_record(work: Work, dois: set[str], titles: set[str]) -> bool:
    """Whether the record has the work: by DOI, else by title and year."""
    if work.doi and work.doi.lower() in dois:
        return True
    return title_key(work.title, work.year) in titles


def write(graph: Graph, options: ExportOptions) -> Exported:
    notes: list[str] = []
    if options.orcid_record:
        dois, titles = read_record(Path(options.orcid_record))
        kept = tuple(w for w in graph.works if not on_record(w, dois, titles))
        notes.append(f"note: export orcid: {len(graph.works) - len(kept)} of {len(graph.works)} works are on "
                     f"the ORCID record already: {len(kept)} written")
        graph = replace(graph, works=kept)
    fmt = options.output_format or "bibtex"
    if fmt == "bibtex":
        from cvgraph.export.bibtex import write as bibtex

        result = bibtex(graph, options)
    elif fmt in ("xml", "json"):
        from cvgraph.export.orcidwork import write as api

        result = api(graph, fmt)
    else:
        raise OrcidError(f"export orcid: unknown output format {fmt!r} (bibtex, xml or json)")
    return replace(result, warnings=(*notes, *result.warnings))
