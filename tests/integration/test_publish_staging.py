"""Staging graphs, the atomic switch, checksum verification and the VIVO mode of `cvgraph publish`,
against a real Oxigraph server (Virtuoso: tests/integration/test_publish_virtuoso.py)."""
from __future__ import annotations

import json
import urllib.parse

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import IRI, Lit
from cvgraph.store import verify
from cvgraph.store.client import Client, endpoints
from cvgraph.store.publishing import publish_jobs
from cvgraph.store.updates import METADATA_GRAPH, staging_graph, switch_request
from integration.test_publish import DOC, SAMPLE, changed_title, local_lines, read_graph

OTHER_GRAPH = "https://example.org/cv/other"


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    yield oxigraph_server
    oxigraph_server.clear()


def _graphs(server) -> set[str]:
    from support.servers import http_request

    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, body = http_request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    return {b["g"]["value"] for b in json.loads(body)["results"]["bindings"]}


def _client(server) -> Client:
    return Client(endpoints(server.base, "oxigraph"), None, 30)


def test_checksum_query_equals_local_checksum_on_oxigraph(server):
    """The store computes exactly the local figures, non-ASCII text included (Oxigraph hashes UTF-8)."""
    s = IRI("https://example.org/s")
    items = [(s, IRI("https://example.org/p1"), Lit("é \"q\"\n中 \U0001F600")),
             (s, IRI("https://example.org/p2"), Lit("hi", lang="en-us")),
             (s, IRI("https://example.org/p3"), Lit("1.5", "http://www.w3.org/2001/XMLSchema#decimal")),
             (s, IRI("https://example.org/p4"), IRI("https://example.org/é"))]
    from cvgraph.store.updates import update_request

    server.update(update_request(OTHER_GRAPH, items))
    n, plain, quirk = verify.local_checksum(verify.canonical(items))
    assert plain != quirk  # the text is not ASCII: the two forms differ, Oxigraph's is the plain one
    assert verify.store_checksums(_client(server), [OTHER_GRAPH, "https://example.org/none"]) == {
        OTHER_GRAPH: (n, plain), "https://example.org/none": (0, 0)}


def test_checksum_catches_a_changed_literal(server):
    """Same count, one literal altered in the store: the checksum differs, verification fails."""
    cv = cvgraph.load(SAMPLE)
    cvgraph.publish(cv, server.base)
    server.update(f'DELETE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{DOC}> {{ ?s ?p "tampered" }} }} '
                  f'WHERE {{ GRAPH <{DOC}> {{ ?s ?p ?o FILTER(isLiteral(?o) && STR(?o) = "Sunwoo Lee") }} }}')
    got = verify.store_checksums(_client(server), [DOC])[DOC]
    local = verify.local_checksum(verify.canonical(_skolemised(cv)))
    assert got[0] == local[0] and not verify.matches(got, local)


def _skolemised(cv):
    from cvgraph.mapping.walker import triples
    from cvgraph.store.updates import skolemise

    return skolemise(triples(cv), DOC)


def test_gsp_switches_all_cvs_in_and_leaves_no_staging_graph(server, tmp_path):
    runner = CliRunner()
    other = tmp_path / "other.yaml"
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "homepage: https://sites.google.com/view/sunwoolee", f"homepage: {OTHER_GRAPH}"), encoding="utf-8")
    args = ["publish", "--endpoint", server.base, "--protocol", "gsp", str(SAMPLE), str(other)]
    for how in ("gsp into a new graph, directly", "gsp via a staging graph"):  # the graphs are new, then exist
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) == 2 and all(f", {how}, " in ln and ln.endswith(" verified") for ln in lines), lines
        assert _graphs(server) == {DOC, OTHER_GRAPH, METADATA_GRAPH}  # no staging graph left behind
        assert read_graph(server, DOC) == local_lines()
        assert read_graph(server, OTHER_GRAPH) == local_lines(other, OTHER_GRAPH)
        assert len(_provenance(server, DOC)) == 4  # replaced, not added to


def test_gsp_empties_a_staging_graph_a_killed_run_left(server):
    """The graph exists and its staging graph holds what a killed run left: the batch's existence
    query sees it, so it is emptied before the N-Quads POST adds the new version (which alone is
    switched in); without such leftovers no emptying request is sent (test_publish_transport)."""
    runner = CliRunner()
    args = ["publish", "--endpoint", server.base, "--protocol", "gsp", str(SAMPLE)]
    assert runner.invoke(main, args).exit_code == 0
    server.load('<https://example.org/left> <https://example.org/by> "a killed run" .', graph=staging_graph(DOC))
    result = runner.invoke(main, args)
    assert result.exit_code == 0 and ", gsp via a staging graph, " in result.stdout, result.output
    assert read_graph(server, DOC) == local_lines()
    assert _graphs(server) == {DOC, METADATA_GRAPH}


def _provenance(server, graph: str) -> set[str]:
    from support.servers import http_request

    query = f"CONSTRUCT {{ <{graph}> ?p ?o }} WHERE {{ GRAPH <{METADATA_GRAPH}> {{ <{graph}> ?p ?o }} }}"
    status, body = http_request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                headers={"Accept": "application/n-triples"})
    assert status == 200
    return {ln for ln in body.decode().splitlines() if ln.strip()}


def test_large_graph_goes_through_staging_with_update(server, tmp_path, monkeypatch):
    """A graph over ``request_triples`` is sent as several update requests into its staging graph,
    then switched in: the published graph is the new version, the staging graph is gone."""
    sent = []
    real = Client.send

    def spy(self, method, url, body, *args, **kwargs):
        sent.append((method, url, body or b""))
        return real(self, method, url, body, *args, **kwargs)

    old = cvgraph.load(SAMPLE)
    cvgraph.publish(old, server.base)
    new = cvgraph.load(changed_title(tmp_path))
    monkeypatch.setattr(Client, "send", spy)
    outcome = cvgraph.publish(new, server.base, request_triples=500)[0]
    assert outcome.staged and outcome.verified
    updates = [body.decode() for method, url, body in sent if url == server.update_url]
    stage = staging_graph(DOC)
    assert len(updates) == 4 + 1 + 1  # 1,814 triples in 4 requests of ≤ 500, the switch, the drop
    assert all(f"<{stage}>" in u and f"GRAPH <{DOC}>" not in u for u in updates[:4])
    assert updates[4].startswith(f"DELETE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} "
                                  f"FILTER NOT EXISTS {{ GRAPH <{stage}> {{ ?s ?p ?o }} }} }} ;\nINSERT")
    assert updates[5] == f"DROP SILENT GRAPH <{stage}>\n"
    assert _graphs(server) == {DOC, METADATA_GRAPH}
    assert read_graph(server, DOC) == local_lines(changed_title(tmp_path))


def test_bad_staging_upload_leaves_published_graph_untouched(server, monkeypatch):
    """The staging graph does not hold what was sent (here: the upload lost its last line on the
    way): the checksum of the staging graph catches it before the switch, the published graph is
    the old one, the staging graph is dropped, and the error says so in one line."""
    cvgraph.publish(cvgraph.load(SAMPLE), server.base)
    before = read_graph(server, DOC)
    real_post = Client.post_quads

    def lossy_post(self, body):
        return real_post(self, b"".join(body.splitlines(keepends=True)[:-1]))

    monkeypatch.setattr(Client, "post_quads", lossy_post)
    result = CliRunner().invoke(main, ["publish", "--endpoint", server.base, "--protocol", "gsp"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "in its staging graph (the published graph was not touched)" in lines[0], lines
    assert "1848 triples, expected 1849" in lines[0]
    assert read_graph(server, DOC) == before
    assert _graphs(server) == {DOC, METADATA_GRAPH}


def test_switch_request_is_one_atomic_request_for_every_graph():
    text = switch_request(["https://a.example/cv", "https://b.example/cv"], METADATA_GRAPH, [[], []])
    ops = text.strip().split(" ;\n")
    a, a_stage = "<https://a.example/cv>", "<https://a.example/cv/.well-known/cvgraph-staging>"
    assert ops[0] == (f"DELETE {{ GRAPH {a} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {a} {{ ?s ?p ?o }} "
                      f"FILTER NOT EXISTS {{ GRAPH {a_stage} {{ ?s ?p ?o }} }} }}")
    assert ops[1] == (f"INSERT {{ GRAPH {a} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {a_stage} {{ ?s ?p ?o }} "
                      f"FILTER NOT EXISTS {{ GRAPH {a} {{ ?s ?p ?o }} }} }}")
    assert any("GRAPH <https://b.example/cv/.well-known/cvgraph-staging>" in op for op in ops)
    assert sum(op.startswith("DELETE WHERE { GRAPH <urn:cvgraph:metadata>") for op in ops) == 2
    assert not any(op.startswith(("DROP", "CLEAR", "ADD", "MOVE")) for op in ops)  # only what differs


# ----------------------------------------------------------------------------- VIVO


def test_vivo_preset_and_form_fields(monkeypatch):
    """--store vivo: /api/sparqlUpdate and /api/sparqlQuery under the webapp URL; the email and
    password travel as form fields of the POST body (never in the URL), next to `update`; every
    operation names a GRAPH, as VIVO requires. Checked on the request as sent, at the socket."""
    urls = endpoints("https://vivo.example.edu/vivo", "vivo")
    assert (urls.query, urls.update, urls.gsp, urls.form_auth) == (
        "https://vivo.example.edu/vivo/api/sparqlQuery", "https://vivo.example.edu/vivo/api/sparqlUpdate", None, True)
    sent = []
    monkeypatch.setattr(Client, "send", lambda self, method, url, body, headers, **k: sent.append(
        (method, url, body, headers, k["auth"])) or b"")
    Client(urls, ("admin@example.edu", "s3cr&t=x"), 30).update("DROP SILENT GRAPH <https://g.example/cv>")
    method, url, body, headers, auth = sent[0]
    fields = urllib.parse.parse_qs(body.decode())
    assert (method, url, auth) == ("POST", urls.update, None)  # no HTTP auth: form fields only
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert fields == {"email": ["admin@example.edu"], "password": ["s3cr&t=x"],
                      "update": ["DROP SILENT GRAPH <https://g.example/cv>"]}
    assert "s3cr" not in url


def test_vivo_every_operation_names_a_graph():
    from cvgraph.store.updates import diff_request, update_request

    items = _skolemised(cvgraph.load(SAMPLE))
    for text in (update_request(DOC, items, METADATA_GRAPH, []), diff_request(DOC, items[:3], items[3:9], METADATA_GRAPH, []),
                 switch_request([DOC], METADATA_GRAPH, [[]])):
        assert all("GRAPH <" in op for op in text.strip().split(" ;\n"))


def test_vivo_dry_run_redacts_and_refuses_gsp(monkeypatch):
    from support.fake_vivo import fake_vivo  # a dry run reads what the store holds (tests/integration/test_publish_vivo.py)

    runner = CliRunner()
    monkeypatch.setenv("CVGRAPH_USER", "admin@example.edu")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "hunter2-secret")
    with fake_vivo(email="admin@example.edu", password="hunter2-secret") as vivo:
        result = runner.invoke(main, ["publish", "--store", "vivo", "--endpoint", vivo.base, "--dry-run",
                                      "--profile", "core"])  # the default (vivo): test_publish_vivo.py
    assert result.exit_code == 0, result.output
    assert f"POST {vivo.base}/api/sparqlUpdate (application/x-www-form-urlencoded" in result.stdout
    assert "email=[redacted] password=[redacted]" in result.stdout
    assert "hunter2" not in result.output and "admin@example.edu" not in result.output
    result = runner.invoke(main, ["publish", "--store", "vivo", "--endpoint", "http://127.0.0.1:9/vivo",
                                  "--protocol", "gsp"])
    assert result.exit_code == 2 and "VIVO takes SPARQL Update only" in result.stderr


def test_vivo_without_credentials_is_one_line_error(monkeypatch, tmp_path):
    monkeypatch.delenv("CVGRAPH_USER", raising=False)
    monkeypatch.delenv("CVGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    result = CliRunner().invoke(main, ["publish", "--store", "vivo", "--endpoint", "http://127.0.0.1:9/vivo"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: VIVO needs the account's email and password: set CVGRAPH_USER (the email) and CVGRAPH_PASSWORD, "
        "or put them in ~/.netrc for the host"]


def test_verify_count_and_full_modes(server, tmp_path):
    """--verify full reads the graph back; --verify count compares counts only (a same-count change
    goes unnoticed by design); both verify a correct publish."""
    runner = CliRunner()
    for mode in ("full", "count"):
        for protocol in ("update", "gsp"):
            result = runner.invoke(main, ["publish", "--endpoint", server.base, "--verify", mode, "--protocol", protocol])
            assert result.exit_code == 0 and result.stdout.strip().endswith(" verified"), result.output
    assert read_graph(server, DOC) == local_lines()


@pytest.mark.parametrize("mode", ["count", "checksum", "full"])
def test_every_verify_mode_counts_the_triples_as_the_store_keeps_them(server, mode):
    """"01" and "1" as xsd:integer are one value: the store keeps one triple, and every --verify
    mode expects the canonical count (1), not the number of triples sent (2)."""
    from cvgraph.store.publishing import prepared_job

    g = "https://example.org/cv/numbers"
    xsd = "http://www.w3.org/2001/XMLSchema#integer"
    nt = f'<{g}#me> <https://schema.org/x> "01"^^<{xsd}> .\n<{g}#me> <https://schema.org/x> "1"^^<{xsd}> .\n'
    for protocol in ("update", "gsp"):
        [outcome] = publish_jobs([prepared_job(g, nt, None)], endpoints(server.base, "oxigraph"), protocol=protocol,
                                 verify=mode)
        assert outcome.verified and server.count(g) == 1
