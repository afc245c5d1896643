"""``cvgraph publish``: CVs into a triple store, each into its own named graph, verified."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import publish as publish_cvs
from cvgraph.cli.common import BASE, CV_ARGS, FROM, echo_line, errors_to_exit, exit_with, sources_of
from cvgraph.cli.iris import IRI_PARAM
from cvgraph.cli.network import network_options
from cvgraph.cli.profiles import VIVO_OPTIONS, profile_option, vivo_options
from cvgraph.errors import NotConformingError
from cvgraph.store.presets import STORES


@click.command()
@CV_ARGS
@click.option("--endpoint", metavar="URL", help="The store's base URL (with --store oxigraph: /query, /update, "
              "/store; virtuoso: /sparql, /sparql-auth, /sparql-graph-crud-auth; fuseki: the dataset URL, "
              "/query, /update, /data; graphdb: the repository URL, itself, /statements, /rdf-graphs/service; "
              "vivo: the VIVO webapp URL, /api/sparqlQuery, /api/sparqlUpdate).")
@click.option("--store", type=click.Choice(STORES),
              default="oxigraph", show_default=True,
              help="Preset endpoint paths under --endpoint; generic: give the URLs. vivo: SPARQL Update "
              "through VIVO's API, the account's email and password (CVGRAPH_USER/CVGRAPH_PASSWORD or "
              "~/.netrc) sent as form fields; every CV into ONE graph (--graph), by its change only: cvgraph "
              "records in <urn:cvgraph:metadata> which triples each CV asserted, deletes the ones a CV no "
              "longer asserts unless another CV does, and inserts only what is not there yet (one update per "
              "CV; triples shared by several CVs are sent once). Publish from one place at a time: two "
              "publishers changing CVs that share triples at once can leave a shared triple wrongly kept "
              "or removed.")
@profile_option(default=None, extra=" Default: vivo with --store vivo, else core.")
@VIVO_OPTIONS
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint (overrides the preset).")
@click.option("--update-url", metavar="URL", help="SPARQL update endpoint (overrides the preset).")
@click.option("--gsp-url", metavar="URL", help="Graph Store Protocol endpoint (overrides the preset).")
@click.option("--protocol", type=click.Choice(["update", "gsp"]), default="update", show_default=True,
              help="update: one atomic SPARQL Update request per CV (a graph over 100,000 triples goes "
              "through a staging graph); gsp (fast, for many CVs): the CVs streamed from the batch workers in "
              "large Graph Store requests (Oxigraph: N-Quads POSTs; a new graph goes straight in with its "
              "provenance) into staging graphs, checked while uploading, then switched in atomically, 50 CVs "
              "per request.")
@click.option("--verify", "verify", type=click.Choice(["checksum", "full", "count"]), default="checksum",
              show_default=True, help="After publishing: compare the store's count and checksum (one aggregate "
              "query), read the whole graph back (full), or compare the count only (count: fastest, weakest). "
              "With --store vivo: count checks that the graph holds every triple of the CV and that its "
              "record has as many lines; checksum also compares the record's checksum; full reads both back.")
@click.option("--graph", metavar="IRI", type=IRI_PARAM, help="Named graph to replace (one CV only; default: the CV's "
              "document IRI). With --store vivo: the graph every CV goes into (default VIVO's graph for "
              "ingested data, http://vitro.mannlib.cornell.edu/default/vitro-kb-2).")
@click.option("--force", is_flag=True, help="Publish even if the graph does not conform.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent (credentials redacted); send nothing.")
@click.option("--diff", is_flag=True, help="Read the graph back and send only the changed triples (DELETE DATA / "
              "INSERT DATA, one atomic request; --protocol update). --store vivo always does.")
@network_options(timeout=60.0)
@FROM
@BASE
@errors_to_exit
def publish(cvs: tuple[Path, ...], endpoint: str | None, store: str, query_url: str | None, update_url: str | None,
            gsp_url: str | None, protocol: str, graph: str | None, force: bool, dry_run: bool, diff: bool,
            timeout: float, retries: int, source_format: str | None, ca_cert: str | None, base: str | None,
            verify: str = "checksum", allow_insecure_auth: bool = False, profile: str | None = None,
            vivo_namespace: str | None = None, vivo_orcid: str = "https") -> None:
    """Publish CV file(s) (default: ./cv.yaml, else the bundled sample) into a triple store, each into its own named
    graph (VIVO: one shared graph), replaced atomically, then verified; provenance goes to the graph <urn:cvgraph:metadata>.
    Several CVs (files, folders, globs) are built and validated in parallel first, and published
    only if every one can be (with --protocol gsp: one atomic switch for all).

    Credentials: CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc (HTTP Digest or Basic, as the server
    asks; Basic over plain http only to a loopback host or with --allow-insecure-auth; never after a
    redirect: none is followed). Failed requests are retried with backoff (--retries) on refused/reset connections and 5xx;
    a progress indicator shows large uploads when stderr is a terminal. A graph that violates the
    core shapes is not sent (exit 1) unless --force; a store error, or no store given (--endpoint,
    or the URLs), exits 2.

    --store vivo: the VIVO profile by default (--profile), every CV into VIVO's one graph for
    ingested data (--graph), each by its change only (see --store); a dry run reads the store to
    show the change.
    """
    try:
        outcomes = publish_cvs(sources_of(cvs, source_format), endpoint, store=store, query_url=query_url,
                               update_url=update_url, gsp_url=gsp_url, protocol=protocol, graph=graph, force=force,
                               dry_run=dry_run, timeout=timeout, base=base, diff=diff, retries=retries,
                               ca_cert=ca_cert, verify=verify, allow_insecure_auth=allow_insecure_auth,
                               profile=profile, vivo=vivo_options(vivo_namespace, vivo_orcid))
    except NotConformingError as exc:
        click.echo(exc.report.text(), err=True)
        echo_line(f"error: {exc}")
        exit_with("nonconforming")
    for outcome in outcomes:
        into = f" into <{outcome.into}>" if outcome.into else ""
        click.echo(f"dry run: {outcome.graph}{into}: {outcome.triples} triples, {outcome.change()}nothing sent\n"
                   f"{outcome.preview}"
                   if dry_run else outcome.summary())


command = publish  # what cvgraph.cli.app loads
