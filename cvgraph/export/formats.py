"""The export formats by name, and :func:`export_graph`: triples in, a format's output out."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from cvgraph.errors import CvgraphError
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, read_graph
from cvgraph.rdf.terms import Triple

__all__ = ["FORMATS", "OUTPUT_FORMATS", "ExportError", "export_graph"]


class ExportError(CvgraphError):
    """An unknown format, style or option value."""


def _bibtex(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.bibtex import write

    return write(graph, options)


def _csl_json(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.csljson import write

    return write(graph, options)


def _citations(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.citations import write  # lazy: citeproc-py, only for citations

    return write(graph, options)


def _coa(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.coa import write  # lazy: openpyxl, only for the .xlsx table

    return write(graph, options)


def _orcid(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.orcid import write

    return write(graph, options)


def _quickstatements(graph: Graph, options: ExportOptions) -> Exported:
    from cvgraph.export.quickstatements import write

    return write(graph, options)


#: format name → its writer (each module imported only when its format is asked for)
FORMATS: dict[str, Callable[[Graph, ExportOptions], Exported]] = {
    "bibtex": _bibtex, "csl-json": _csl_json, "citations": _citations,
    "coa": _coa, "orcid": _orcid, "quickstatements": _quickstatements,
}
#: format name → its output formats (``-f``), the default first
OUTPUT_FORMATS: dict[str, tuple[str, ...]] = {
    "citations": ("text", "html", "markdown"), "coa": ("csv", "xlsx"), "orcid": ("bibtex", "xml", "json"),
}


def export_graph(fmt: str, triples: Iterable[Triple], options: ExportOptions | None = None,
                 ids: Mapping[str, str] | None = None) -> Exported:
    """The works of ``triples`` in format ``fmt`` (``ids``: work IRI → publication id)."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    opts = options or ExportOptions()
    known = OUTPUT_FORMATS.get(fmt, ())
    if known and opts.output_format == ExportOptions.output_format and opts.output_format not in known:
        opts = replace(opts, output_format=known[0])  # the options' default ("text") is citations': FORMAT's own
    return writer(read_graph(triples, ids), opts)
