"""`cvgraph publish --store virtuoso` against a real Virtuoso 7 (the session fixture ``virtuoso_server``):
digest auth, both protocols, read-back, replace, a refused password, anonymous reads."""
from __future__ import annotations

import hashlib
import json
import time
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import nt_line
from cvgraph.store.updates import METADATA_GRAPH, skolemise

SAMPLE = cvgraph.sample_path()
DOC = "https://sites.google.com/view/sunwoolee"
OTHER = "https://example.org/other"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def server(virtuoso_server, monkeypatch):
    monkeypatch.setenv("CVGRAPH_USER", virtuoso_server.user)
    monkeypatch.setenv("CVGRAPH_PASSWORD", virtuoso_server.password)
    virtuoso_server.drop(DOC, METADATA_GRAPH, OTHER)
    yield virtuoso_server
    virtuoso_server.drop(DOC, METADATA_GRAPH, OTHER)


def read_graph(server, graph: str) -> set[str]:
    """The named graph as N-Triples lines: CONSTRUCT on the anonymous /sparql, parsed by pyoxigraph."""
    from support.servers import http_request

    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    status, body = http_request(server.query_url, urllib.parse.urlencode({"query": query}).encode(), "POST",
                                {"Accept": "application/n-triples",
                                 "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    return {str(t) + " ." for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def local_lines(path=SAMPLE, graph: str = DOC) -> set[str]:
    """The local graph, skolemised as publish does, as N-Triples lines written by pyoxigraph. Virtuoso
    7.2 keeps every literal of the CVs (plain/xsd:string, xsd:gYear, gYearMonth, date) exactly as
    written, so no canonicalisation is applied here: an exact set comparison."""
    text = "".join(nt_line(t) for t in skolemise(cvgraph.triples(path), graph))
    return {str(t) + " ." for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)}


def _publish(runner, server, *args):
    return runner.invoke(main, ["publish", "--store", "virtuoso", "--endpoint", server.base, *map(str, args)])


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_publish_sample_reads_back_identical(runner, server, protocol):
    started = time.monotonic()
    result = _publish(runner, server, "--protocol", protocol)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 20
    line = result.stdout.strip()
    assert line.startswith(f"{DOC}: 1849 triples, {protocol}") and line.endswith("verified"), line
    assert server.count(DOC) == 1849
    assert read_graph(server, DOC) == local_lines()  # read by the anonymous endpoint
    assert server.count(DOC + "/.well-known/cvgraph-staging") == 0  # no staging graph left behind
    sha = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert f"<{DOC}> <http://purl.org/dc/terms/source> <urn:sha256:{sha}> ." in read_graph(server, METADATA_GRAPH)


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_republish_changed_cv_replaces_old_version(runner, server, tmp_path, protocol):
    server.load("<https://example.org/s> <https://example.org/p> \"other\" .", graph=OTHER)
    assert _publish(runner, server, "--protocol", protocol).exit_code == 0
    old_title = "Scalable Parallelization Strategy for Large-Scale Deep Learning"
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old_title) == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(old_title, "A Changed Thesis Title"), encoding="utf-8")
    result = _publish(runner, server, "--protocol", protocol, changed)
    assert result.exit_code == 0, result.output
    held = read_graph(server, DOC)
    assert old_title not in "\n".join(held) and '"A Changed Thesis Title"' in "\n".join(held)
    assert held == local_lines(changed)
    assert server.count(OTHER) == 1
    meta = "\n".join(read_graph(server, METADATA_GRAPH))
    assert hashlib.sha256(changed.read_bytes()).hexdigest() in meta
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() not in meta


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_wrong_password_is_one_line_401_exit_2(runner, server, monkeypatch, protocol):
    assert _publish(runner, server).exit_code == 0
    monkeypatch.setenv("CVGRAPH_PASSWORD", "not-the-password")
    result = _publish(runner, server, "--protocol", protocol)
    assert result.exit_code == 2, result.output
    endpoint = server.update_url if protocol == "update" else server.gsp_url
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {endpoint}: HTTP 401 Unauthorized"), lines
    assert "not-the-password" not in result.output and "Traceback" not in result.output
    assert server.count(DOC) == 1849  # the old graph is untouched


def test_no_credentials_is_401(runner, server, monkeypatch):
    monkeypatch.delenv("CVGRAPH_USER")
    monkeypatch.delenv("CVGRAPH_PASSWORD")
    monkeypatch.setenv("HOME", "/nonexistent")  # no ~/.netrc
    result = _publish(runner, server)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {server.update_url}: HTTP 401 Unauthorized")
    assert server.count(DOC) == 0


def test_anonymous_endpoint_reads_but_cannot_write(runner, server):
    from support.servers import http_request

    assert _publish(runner, server).exit_code == 0
    rows = server.select(f"SELECT ?name WHERE {{ GRAPH <{DOC}> {{ ?p <https://schema.org/name> ?name }} }}")
    assert rows  # read without credentials
    status, _ = http_request(server.query_url, urllib.parse.urlencode(
        {"query": f"DROP SILENT GRAPH <{DOC}>"}).encode(), "POST",
        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status >= 400 and server.count(DOC) == 1849, status  # anonymous /sparql may not write (500, SR186)


def test_dry_run_sends_nothing(runner, server):
    result = _publish(runner, server, "--dry-run", "--protocol", "gsp")
    assert result.exit_code == 0, result.output
    assert f"POST {server.gsp_url}?graph=" in result.output and "[redacted]" in result.output
    assert server.password not in result.output
    assert server.count(DOC) == 0


def test_virtuoso_literal_forms_match_local_canonicalisation(server):
    """What publish's verification relies on: Virtuoso's read-back of each literal form equals the
    local pyoxigraph canonicalisation (``1.70`` → ``1.7``, ``01`` → ``1``, tags lower-cased), and
    Virtuoso's answer to the checksum query equals the checksum computed locally."""
    from cvgraph.http import request
    from cvgraph.rdf.terms import IRI, XSD, Lit
    from cvgraph.store.client import Client, endpoints
    from cvgraph.store.updates import update_request
    from cvgraph.store.verify import canonical, local_checksum, read_back, store_checksums

    s = IRI("https://example.org/s")
    values = [Lit("plain"), Lit("typed", XSD + "string"), Lit("1.70", XSD + "decimal"), Lit("01", XSD + "integer"),
              Lit("2020", XSD + "gYear"), Lit("2020-05", XSD + "gYearMonth"), Lit("2020-05-01", XSD + "date"),
              Lit("2020-05-01T10:00:00Z", XSD + "dateTime"), Lit("true", XSD + "boolean"),
              Lit('é "quoted"\nline\ttab \u4e2d'), Lit("hi", lang="EN-us")]
    items = [(s, IRI(f"https://example.org/p{i}"), v) for i, v in enumerate(values)]
    urls = endpoints(server.base, "virtuoso")
    auth = (server.user, server.password)
    request("POST", urls.update, update_request(OTHER, items).encode(),
            {"Content-Type": "application/sparql-update"}, timeout=30, auth=auth)
    client = Client(urls, None, 30)
    count, got = read_back(client, OTHER)
    assert count == len(items)
    assert got == canonical(items)
    n, plain, quirk = local_checksum(got)
    assert store_checksums(client, [OTHER]) == {OTHER: (n, quirk)} and quirk != plain  # non-ASCII text


def test_diff_sends_only_the_change(runner, server, tmp_path, monkeypatch):
    """--diff on Virtuoso: one request with DELETE DATA of the old title's 2 triples (dcterms:title,
    schema:name) and INSERT DATA of the new ones; the read-back equals the new local graph."""
    from integration.test_publish import data_ops, nt_set, record_requests

    assert _publish(runner, server).exit_code == 0
    old_title = "Scalable Parallelization Strategy for Large-Scale Deep Learning"
    changed = tmp_path / "changed.yaml"
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace(old_title, "A Changed Thesis Title"),
                       encoding="utf-8")
    sent = record_requests(monkeypatch)
    result = _publish(runner, server, "--diff", changed)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith(f"{DOC}: 1849 triples, update, diff: 2 removed, 2 added, ")
    updates = [body for method, url, body in sent if url == server.update_url]
    assert len(updates) == 1
    ops = data_ops(updates[0], DOC)
    old, new = local_lines(), local_lines(changed)
    assert nt_set(ops["DELETE DATA"]) == old - new and len(old - new) == 2
    assert nt_set(ops["INSERT DATA"]) == new - old and len(new - old) == 2
    assert read_graph(server, DOC) == new
    assert hashlib.sha256(changed.read_bytes()).hexdigest() in "\n".join(read_graph(server, METADATA_GRAPH))
    # unchanged: no data operation at all, only the provenance
    sent.clear()
    result = _publish(runner, server, "--diff", changed)
    assert result.exit_code == 0 and "diff: 0 removed, 0 added" in result.stdout, result.output
    updates = [body for method, url, body in sent if url == server.update_url]
    assert len(updates) == 1 and data_ops(updates[0], DOC) == {"DELETE DATA": [], "INSERT DATA": []}
    assert read_graph(server, DOC) == new


def test_gsp_switches_a_large_batch_in_groups(server):
    """120 CVs with --protocol gsp: Virtuoso refuses ONE request switching ~200 graphs ("SQ200:
    Query too large"), so the switch goes in requests of SWITCH_GRAPHS (50) CVs; every graph ends
    up published and verified, and no staging graph is left."""
    from cvgraph.store.client import endpoints
    from cvgraph.store.publishing import prepared_job, publish_jobs
    from cvgraph.store.staging import SWITCH_GRAPHS
    from cvgraph.store.updates import staging_graph

    graphs = [f"https://example.org/batch/cv{i}" for i in range(120)]
    jobs = [prepared_job(g, f'<{g}#me> <https://schema.org/name> "Person {i}" .\n'
                            f'<{g}#me> <https://schema.org/jobTitle> "Professor {i}" .\n', f"cv {i}".encode())
            for i, g in enumerate(graphs)]
    assert len(jobs) > 2 * SWITCH_GRAPHS
    urls = endpoints(server.base, "virtuoso")
    outcomes = publish_jobs(jobs, urls, protocol="gsp")  # new graphs: loaded directly, nothing switched
    assert [o.graph for o in outcomes] == graphs and all(o.verified and not o.staged for o in outcomes)
    jobs = [prepared_job(g, f'<{g}#me> <https://schema.org/name> "Person {i}, again" .\n', b"v2")
            for i, g in enumerate(graphs)]
    outcomes = publish_jobs(jobs, urls, protocol="gsp")  # they exist: staged, switched in groups
    assert [o.graph for o in outcomes] == graphs and all(o.verified and o.staged for o in outcomes)
    assert all(server.count(g) == 1 for g in graphs[::17])
    assert all(server.count(staging_graph(g)) == 0 for g in graphs[::17])
    for i in range(0, len(graphs), 20):  # isql's command line has a length limit
        server.drop(*graphs[i:i + 20])


def test_gsp_new_graph_directly_then_through_a_stale_staging_graph(runner, server):
    """--protocol gsp on Virtuoso (one Graph Store POST per CV): a new graph goes straight in, its
    provenance added once it is checked; republished, it goes through its staging graph, which a
    killed run left holding other triples (emptied first: the POST adds), and is switched in; the
    provenance is replaced, not added to, and no staging graph is left."""
    from cvgraph.store.updates import staging_graph

    for how, stale in (("gsp into a new graph, directly", False), ("gsp via a staging graph", True)):
        if stale:
            server.load('<https://example.org/left> <https://example.org/by> "a killed run" .', graph=staging_graph(DOC))
        result = _publish(runner, server, "--protocol", "gsp")
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().startswith(f"{DOC}: 1849 triples, {how}, "), result.stdout
        assert read_graph(server, DOC) == local_lines()
        assert server.count(staging_graph(DOC)) == 0
        sha = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
        meta = [ln for ln in read_graph(server, METADATA_GRAPH) if ln.startswith(f"<{DOC}> ")]
        assert len(meta) == 4 and any(sha in ln for ln in meta), meta


def test_query_endpoint_with_digest_credentials(runner, server, monkeypatch):
    """`cvgraph query --endpoint` goes through publish's HTTP layer: on Virtuoso's digest-protected
    /sparql-auth the credentials (CVGRAPH_USER/CVGRAPH_PASSWORD) answer the Digest challenge, and
    the answers equal the local ones; without them, one line with the 401 (not retried)."""
    assert _publish(runner, server).exit_code == 0
    local = runner.invoke(main, ["query", "publications-by-year", "-f", "json"])
    args = ["query", "publications-by-year", "--endpoint", server.base, "--store", "virtuoso", "--query-url",
            server.base + "/sparql-auth", "-f", "json"]  # the published CV graph: DOC
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"]
    assert json.loads(result.stdout) == json.loads(local.stdout)
    assert server.password not in result.output
    monkeypatch.delenv("CVGRAPH_USER")
    monkeypatch.delenv("CVGRAPH_PASSWORD")
    monkeypatch.setenv("HOME", "/nonexistent")
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {server.base}/sparql-auth: HTTP 401 "), lines
