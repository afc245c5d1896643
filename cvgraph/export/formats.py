"""The export formats by name, and :func:`export_graph`: triples in, a format's output out."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from importlib import import_module

from cvgraph.errors import CvgraphError
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, read_graph
from cvgraph.rdf.terms import Triple

__all__ = ["FORMATS", "OUTPUT_FORMATS", "ExportError", "export_graph"]


class ExportError(CvgraphError):
    """An unknown format, style or option value."""


#: format name → the module of its writer (``cvgraph.export.<module>.write``), imported only when
#: its format is asked for (so citeproc-py and openpyxl load only for the formats that use them)
FORMATS: dict[str, str] = {
    "bibtex": "bibtex", "csl-json": "csljson", "citations": "citations",
    "coa": "coa", "orcid": "orcid", "quickstatements": "quickstatements",
}
#: format name → its output formats (``-f``), the default first
OUTPUT_FORMATS: dict[str, tuple[str, ...]] = {
    "citations": ("text", "html", "markdown"), "coa": ("csv", "xlsx"), "orcid": ("bibtex", "xml", "json"),
}


def export_graph(fmt: str, triples: Iterable[Triple], options: ExportOptions | None = None,
                 ids: Mapping[str, str] | None = None) -> Exported:
    """The works of ``triples`` in format ``fmt`` (``ids``: work IRI → publication id)."""
    module = FORMATS.get(fmt)
    if module is None:
        raise ExportError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    opts = options or ExportOptions()
    known = OUTPUT_FORMATS.get(fmt, ())
    if known and opts.output_format == ExportOptions.output_format and opts.output_format not in known:
        opts = replace(opts, output_format=known[0])  # the options' default ("text") is citations': FORMAT's own
    writer: Callable[[Graph, ExportOptions], Exported] = import_module(f"cvgraph.export.{module}").write
    return writer(read_graph(triples, ids), opts)
