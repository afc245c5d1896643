"""``cvgraph query``: a bundled SPARQL query (or a .rq file) on CVs, an RDF file or an endpoint."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from cvgraph.api import query as run_query
from cvgraph.cli.common import (
    BASE,
    FROM,
    RdfFormatChoice,
    echo_line,
    emit,
    errors_to_exit,
    exit_with,
    sources_of,
)
from cvgraph.cli.completion import query_args
from cvgraph.cli.iris import IRI_PARAM
from cvgraph.cli.network import network_options
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.syntax import FORMATS, serialize
from cvgraph.rdf.terms import order
from cvgraph.sparql.bounded import DEFAULT_TIMEOUT, MAX_RESULTS
from cvgraph.sparql.catalogue import QueryError, catalogue, load_query
from cvgraph.sparql.engines import ENGINES
from cvgraph.sparql.results import TABLE_FORMATS, render
from cvgraph.store.presets import PRESETS, STORES

TABLE_WIDTH = 100  # columns of a table written to a file or pipe
_PATHS = ", ".join(f"{name} {preset[0] or '(the URL itself)'}" for name, preset in PRESETS.items() if preset)


@click.command()
@click.argument("args", nargs=-1, metavar="[NAME|FILE.rq] [CV|DIR|GLOB]...", shell_complete=query_args)
@click.option("--list", "list_", is_flag=True, help="List the bundled queries and their parameters.")
@click.option("--show", is_flag=True, help="Print the SPARQL text of query NAME (to copy and adapt) instead of running it.")
@FROM
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path),
              help="Query this RDF file (.ttl, .nt, .nq, .trig, .rdf, .jsonld) instead of CVs.")
@click.option("--endpoint", metavar="URL", help="Query this triple store instead of local data: its base URL, as "
              "for publish (the query URL under it comes from --store: " + _PATHS + ").")
@click.option("--store", type=click.Choice(STORES), default="oxigraph", show_default=True,
              help="With --endpoint: the kind of store, as for publish; generic: give --query-url.")
@click.option("--query-url", metavar="URL", help="The store's SPARQL query URL (overrides the --store preset).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", type=IRI_PARAM,
              help="With --endpoint: query this named graph (repeatable: their union) instead of every CV graph "
              "cvgraph published there.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as an RDF term of its declared type). Repeatable.")
@click.option("-f", "--format", "fmt", default=None, type=RdfFormatChoice(extra=list(TABLE_FORMATS)),
              help="table (default), csv, tsv, json (SPARQL 1.1 results); for CONSTRUCT/DESCRIBE an RDF syntax.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="Local engine; auto is pyoxigraph.")
@click.option("--allow-service", is_flag=True,
              help="Let a query on local data call the http(s) endpoints its SERVICE clauses name "
              "(refused by default: local queries are offline).")
@click.option("--max-results", type=click.IntRange(min=1), default=MAX_RESULTS, show_default=True, metavar="N",
              help="Fail a local query that gives more than N rows or triples.")
@network_options(timeout=DEFAULT_TIMEOUT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (atomically).")
@BASE
@errors_to_exit
def query(args: tuple[str, ...], list_: bool, show: bool, source_format: str | None, data: Path | None, endpoint: str | None,
          store: str, query_url: str | None, graphs: tuple[str, ...], params: tuple[str, ...], fmt: str | None, engine: str,
          allow_service: bool, max_results: int, timeout: float, retries: int, ca_cert: str | None,
          output: Path | None, base: str | None, allow_insecure_auth: bool = False) -> None:
    """Run a bundled SPARQL query (by name) or a .rq file on CV file(s) (default: ./cv.yaml,
    else the bundled sample), on an RDF file (--data) or on a triple store (--endpoint).

    ASK queries answer through the exit code: 0 true, 1 false.

    Many CVs (a folder, a glob) are queried as their merged graph, kept built in the cache folder
    (the query store): a later query builds only the CVs that changed and loads the rest.

    The table fits the terminal (100 columns in a file or pipe): IRIs as CURIEs, the CV's own as
    `:local` (a first `PREFIX :` line names them), long cells cut with `…`. csv, tsv and json are
    exact. --show NAME prints a bundled query's SPARQL, to copy and adapt.

    On local data (CVs, --data) a query is offline: SERVICE is refused unless --allow-service, and
    JSON-LD contexts are never fetched. --timeout bounds loading and evaluating it, --max-results
    the size of its answer.

    A store is named as for publish: --endpoint URL (its base URL) and --store (default oxigraph),
    e.g. `cvgraph publish cv.yaml --endpoint http://127.0.0.1:7878` then `cvgraph query
    publication-list --endpoint http://127.0.0.1:7878`. The query reads what cvgraph published
    there: the union of the CV graphs listed in its provenance graph <urn:cvgraph:metadata> (with
    --store vivo, VIVO's API reads all of VIVO's graphs); --graph IRI reads the graphs named
    instead; a store without that provenance is read as its default graph. An empty answer adds a
    line on stderr saying what was read and how to read something else. Several graphs are read
    as their merge, rows once each; but the stores match a triple two CVs both hold (a shared
    paper's title) once per CV, so an aggregate without DISTINCT (COUNT(*)) may count it twice. Credentials from
    CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc (HTTP Digest or Basic, as the server asks; VIVO:
    the account's email and password), --ca-cert, --timeout and --retries work as for publish.
    """
    if list_:
        _list()
        return
    if not args:
        raise QueryError("name a query (see `cvgraph query --list`) or a .rq file")
    if show:
        if args[1:]:
            raise QueryError(f"--show prints one query's SPARQL; remove {' '.join(args[1:])!r}")
        click.echo(load_query(args[0]).text, nl=False)
        return
    bound = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: write NAME=VALUE")
        bound[name] = value
    remote = endpoint is not None or query_url is not None
    local = args[1:] or (data is None and not remote)  # CV files, else ./cv.yaml or the sample
    cvs = sources_of(tuple(Path(a) for a in args[1:]), source_format) if local else None
    result = run_query(args[0], cvs, data=data, endpoint=endpoint, store=store, query_url=query_url, graphs=graphs,
                       params=bound, engine=engine, timeout=timeout, retries=retries, ca_cert=ca_cert, base=base,
                       allow_insecure_auth=allow_insecure_auth, allow_service=allow_service,
                       max_results=max_results)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        out = serialize(sorted(set(result.triples), key=order), fmt if fmt in FORMATS else "turtle")
    else:
        out = render(result, fmt if fmt in TABLE_FORMATS else "table", PREFIXES, _table_width(output)).encode("utf-8")
    emit(out, output, [args[0], *(cvs.files if cvs else ()), *([data] if data else [])])  # never over an input
    if result.hint:
        echo_line(f"note: {result.hint}")
    if result.form == "ASK" and not result.boolean:
        exit_with("nonconforming")


def _table_width(output: Path | None) -> int:
    """The terminal's width when the table goes to one, else 100 columns."""
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
    return TABLE_WIDTH


def _list() -> None:
    width = max((len(name) for name in catalogue()), default=0) + 2
    for q in catalogue().values():
        params_text = ", ".join(f"{p.name} ({p.type})" for p in q.params)
        click.echo(f"{q.name:{width}s}{q.title}" + (f"  [params: {params_text}]" if params_text else ""))


command = query  # what cvgraph.cli.app loads
