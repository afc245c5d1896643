"""``cvgraph serve``: the CVs' graph in a local SPARQL server (Oxigraph) with a query editor."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from cvgraph.cli.common import (
    BASE,
    CV_ARGS,
    FROM,
    NO_CACHE,
    Reporter,
    count,
    default_cv,
    echo_line,
    errors_to_exit,
    exit_with,
    problems_summary,
    sources_of,
)
from cvgraph.pipeline.localserver import LocalServer
from cvgraph.pipeline.serving import Served, Watcher, build_graph, serve_graph

DEFAULT_PORT = 7878  # Oxigraph's own default


@click.command()
@CV_ARGS
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, metavar="N",
              help="Listen on 127.0.0.1:N (0: any free port).")
@click.option("--watch", is_flag=True,
              help="Rebuild when a CV (or people.yaml, a BibTeX file) changes; a rebuild that fails "
              "keeps the last good graph served.")
@BASE
@FROM
@NO_CACHE
@errors_to_exit
def serve(cvs: tuple[Path, ...], port: int, watch: bool, base: str | None, source_format: str | None,
          no_cache: bool) -> None:
    """Serve the graph of CV file(s) (default: ./cv.yaml, else the bundled sample) with a local
    SPARQL server: the Oxigraph server (`pip install oxigraph`), on 127.0.0.1 only, with its
    query editor in the browser.

    The CVs are built and validated as by build; one that cannot be read or does not conform is
    reported and nothing is served (exit 2 or 1). The graph is the server's default graph, so
    `cvgraph query NAME --endpoint URL` answers as `cvgraph query NAME CV...`. Runs until Ctrl-C
    (exit 0); the server stops with it.
    """
    sources = sources_of(cvs, source_format)
    watcher = Watcher(list(cvs), default_cv) if watch else None  # before the build: a change during it counts
    if sources.batch:
        with Reporter(len(sources.units)) as report:
            served = build_graph(sources, base=base, use_cache=not no_cache, on_outcome=report)
    else:
        served = build_graph(sources, base=base, use_cache=not no_cache)
    _report(served)
    if served.status != "ok":
        echo_line(f"error: not served: {served.reason()}")
        exit_with(served.status)
    try:
        serve_graph(served, list(cvs), port=port, watch=watch, source_format=source_format, default=default_cv,
                    base=base, use_cache=not no_cache, watcher=watcher, on_ready=_ready, on_rebuilt=_rebuilt)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, the server already stopped
        if sys.stderr is not None and sys.stderr.isatty():
            click.echo(err=True)  # off the line where the terminal echoed ^C
        echo_line("stopped")


def _report(served: Served) -> None:
    """What build says about the CVs: warnings, the SHACL report, the batch's summary."""
    for note in served.notes:
        echo_line(f"warning: {note}")
    if served.report is not None and served.report.results:
        click.echo(served.report.text(), err=True)
    if served.batch is not None:
        problems_summary(served.batch.outcomes, written=False)


def _ready(server: LocalServer) -> None:
    click.echo(f"SPARQL endpoint: {server.query_url}")
    click.echo(f"Query editor:    {server.base}/")
    click.echo(f"Try:             cvgraph query publication-list --endpoint {server.base}")


def _rebuilt(served: Served) -> None:
    if served.status == "ok":
        echo_line(f"rebuilt: {served.triples} triples from {count(served.cvs, 'CV')}, now served")
    else:
        echo_line(f"error: {served.reason()}; still serving the last good graph")


command = serve  # what cvgraph.cli.app loads
