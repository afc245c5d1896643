"""`cvgraph publish` against a real Oxigraph server (the session fixture ``oxigraph_server``)."""
from __future__ import annotations

import hashlib
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support.paths import TESTS

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import nt_line
from cvgraph.store.updates import CHUNK, GENID, METADATA_GRAPH, skolemise, update_request

SAMPLE = cvgraph.sample_path()
DOC = "https://sites.google.com/view/sunwoolee"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    yield oxigraph_server
    oxigraph_server.clear()


def read_graph(server, graph: str) -> set[str]:
    """The named graph as a set of N-Triples lines, read by a Graph Store GET."""
    from support.servers import http_request

    status, body = http_request(server.store_url + "?graph=" + urllib.parse.quote(graph, safe=""),
                                headers={"Accept": "application/n-triples"})
    assert status == 200, body
    return {str(t) + " ." for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def local_lines(path=SAMPLE, graph: str = DOC) -> set[str]:
    """The local graph, skolemised as publish does, as a set of N-Triples lines (via pyoxigraph,
    so both sides are written by the same serialiser)."""
    text = "".join(nt_line(t) for t in skolemise(cvgraph.triples(path), graph))
    return {str(t) + " ." for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)}


def _publish(runner, server, *args):
    return runner.invoke(main, ["publish", "--endpoint", server.base, *map(str, args)])


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_publish_sample_reads_back_identical(runner, server, protocol):
    result = _publish(runner, server, "--protocol", protocol)
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith(f"{DOC}: 1849 triples, {protocol}") and line.endswith("verified"), line
    assert read_graph(server, DOC) == local_lines()
    assert server.count() == 0  # the default graph is untouched


def test_readback_is_isomorphic_after_unskolemising(runner, server):
    from rdflib import BNode, Graph, URIRef
    from rdflib.compare import isomorphic

    assert _publish(runner, server).exit_code == 0
    back = Graph()
    for line in read_graph(server, DOC):
        back.parse(data=line, format="nt")
    unsk = Graph()
    for s, p, o in back:
        s, o = (BNode(str(x).rsplit("/", 1)[1]) if isinstance(x, URIRef) and GENID in str(x) else x for x in (s, o))
        unsk.add((s, p, o))
    assert isomorphic(unsk, cvgraph.build(SAMPLE))


def test_republish_changed_cv_replaces_only_its_graph(runner, server, tmp_path):
    server.load('<https://example.org/s> <https://example.org/p> "other" .\n', graph="https://example.org/other")
    assert _publish(runner, server).exit_code == 0
    old_title = "Scalable Parallelization Strategy for Large-Scale Deep Learning"
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old_title) == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(old_title, "A Changed Thesis Title"), encoding="utf-8")
    cvgraph.loads(changed.read_text(encoding="utf-8"))  # still a valid CV
    result = _publish(runner, server, changed)
    assert result.exit_code == 0, result.output
    held = "\n".join(read_graph(server, DOC))
    assert old_title not in held and '"A Changed Thesis Title"' in held
    assert read_graph(server, DOC) == local_lines(changed)
    assert server.count("https://example.org/other") == 1
    meta = "\n".join(read_graph(server, METADATA_GRAPH))
    assert hashlib.sha256(changed.read_bytes()).hexdigest() in meta
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() not in meta  # old provenance replaced


def test_provenance_holds_time_and_sha256(runner, server):
    assert _publish(runner, server).exit_code == 0
    meta = read_graph(server, METADATA_GRAPH)
    sha = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert f"<{DOC}> <http://purl.org/dc/terms/source> <urn:sha256:{sha}> ." in meta
    assert any(line.startswith(f"<{DOC}> <http://www.w3.org/ns/prov#generatedAtTime> \"")
               and line.endswith("^^<http://www.w3.org/2001/XMLSchema#dateTime> .") for line in meta)
    assert any("prov#wasAttributedTo> <https://pypi.org/project/cvgraph/" in line for line in meta)


def test_graph_option_names_the_graph(runner, server):
    result = _publish(runner, server, "--graph", "https://example.org/cv/lee")
    assert result.exit_code == 0, result.output
    assert server.count("https://example.org/cv/lee") == 1849 and server.count(DOC) == 0


def _nonconforming(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    orcid = "0000-0002-1825-0097"
    for pid, name in (("alok-choudhary", "Alok Choudhary"), ("ankit-agrawal", "Ankit Agrawal")):
        old = f"  - id: {pid}\n    name: {name}"
        assert old in text
        text = text.replace(old, f"  - id: {pid}\n    orcid: {orcid}\n    name: {name}", 1)
    path = tmp_path / "shared-orcid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nonconforming_cv_is_refused_and_nothing_sent(runner, server, tmp_path):
    result = _publish(runner, server, _nonconforming(tmp_path))
    assert result.exit_code == 1
    assert "does not conform" in result.stderr and "--force" in result.stderr
    assert server.count(DOC) == 0 and server.count(METADATA_GRAPH) == 0


def test_dry_run_sends_nothing_and_redacts(runner, server, monkeypatch):
    monkeypatch.setenv("CVGRAPH_USER", "alice")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "s3cret-Pw")
    for protocol in ("update", "gsp"):
        result = _publish(runner, server, "--dry-run", "--protocol", protocol)
        assert result.exit_code == 0, result.output
        assert "s3cret-Pw" not in result.output and "[redacted]" in result.output
        assert "DROP SILENT GRAPH" in result.output or f"POST {server.base}/store (application/n-quads" in result.output
    assert server.count(DOC) == 0 and server.count(METADATA_GRAPH) == 0


def test_credentials_in_url_are_refused_without_echoing_them(runner):
    result = runner.invoke(main, ["publish", "--endpoint", "http://bob:hunter2@127.0.0.1:9"])
    assert result.exit_code == 2 and "hunter2" not in result.output
    assert "CVGRAPH_PASSWORD" in result.stderr


def test_unreachable_endpoint_is_one_line_exit_2(runner, monkeypatch):
    from support.servers import free_port

    import cvgraph.http as transport

    monkeypatch.setattr(transport, "BACKOFF", 0.01)
    base = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(main, ["publish", "--endpoint", base])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {base}/update: cannot connect: Connection refused "
                                     "(gave up after 3 attempts)")  # a refused connection is retried
    result = runner.invoke(main, ["publish", "--endpoint", base, "--retries", "0"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {base}/update: cannot connect: Connection refused"


def test_timeout_is_one_line_exit_2(runner):
    from support.servers import silent_server

    with silent_server() as base:
        result = runner.invoke(main, ["publish", "--endpoint", base, "--timeout", "0.3"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {base}/update: no answer within 0.3 s"), lines


@pytest.mark.parametrize("status", [401, 403, 404, 413, 400, 500, 503])
def test_http_errors_are_one_line_exit_2(runner, status, monkeypatch):
    from support.servers import static_http_server

    import cvgraph.http as transport

    monkeypatch.setattr(transport, "BACKOFF", 0.01)  # 5xx are retried

    with static_http_server("nope\nmore", status=status) as base:
        result = runner.invoke(main, ["publish", "--endpoint", base])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {base}/update: HTTP {status}"), lines
    assert "Traceback" not in result.output
    if status == 404:
        assert lines[0].endswith("(check the URL (or --store))")


def test_update_request_chunks_and_has_no_blank_nodes():
    items = skolemise(cvgraph.triples(SAMPLE), DOC)
    text = update_request(DOC, items, METADATA_GRAPH, [])
    assert text.count("INSERT DATA") == -(-len(items) // CHUNK)  # no provenance given: no metadata insert
    assert "_:" not in text
    stage = f"<{DOC}/.well-known/cvgraph-staging>"
    assert text.startswith(f"DROP SILENT GRAPH {stage} ;\nINSERT DATA {{ GRAPH {stage} {{\n")
    assert f"INSERT DATA {{ GRAPH <{DOC}>" not in text and "DROP SILENT GRAPH <" + DOC + ">" not in text


def test_graph_with_several_cvs_is_refused(runner, server):
    other = TESTS / "data" / "extended.yaml"
    result = _publish(runner, server, SAMPLE, other, "--graph", "https://example.org/g")
    assert result.exit_code == 2 and "one CV" in result.stderr


def test_credentials_from_env_then_netrc(monkeypatch, tmp_path):
    from cvgraph.http import credentials

    monkeypatch.delenv("CVGRAPH_USER", raising=False)
    monkeypatch.delenv("CVGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert credentials("http://store.example.org/update") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine store.example.org login carol password n3trc-pw\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert credentials("http://store.example.org:8890/update") == ("carol", "n3trc-pw")
    assert credentials("http://other.example.org/update") is None
    monkeypatch.setenv("CVGRAPH_USER", "alice")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "pw")
    assert credentials("http://store.example.org/update") == ("alice", "pw")


def test_basic_auth_is_sent_only_when_asked(monkeypatch):
    """Credentials go out only in answer to a 401 challenge (Basic here; Digest: test_publish_virtuoso)."""
    import base64
    import http.server
    import threading

    from cvgraph.errors import PublishError
    from cvgraph.http import request

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(self.headers.get("Authorization"))
            ok = self.headers.get("Authorization") == "Basic " + base64.b64encode(b"alice:pw").decode()
            self.send_response(200 if ok else 401)
            if not ok:
                self.send_header("WWW-Authenticate", 'Basic realm="cv"')
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/update"
    try:
        assert request("POST", url, b"x", {}, timeout=5, auth=("alice", "pw")) == b"ok"
        assert seen == [None, "Basic " + base64.b64encode(b"alice:pw").decode()]
        with pytest.raises(PublishError, match=r"^http://127\.0\.0\.1:\d+/update: HTTP 401 Unauthorized: the "
                                               r"credentials were refused \(check CVGRAPH_USER"):
            request("POST", url, b"x", {}, timeout=5, auth=("alice", "wrong"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ----------------------------------------------------------------------------- --diff

OLD_TITLE = "Scalable Parallelization Strategy for Large-Scale Deep Learning"


def changed_title(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(OLD_TITLE) == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(OLD_TITLE, "A Changed Thesis Title"), encoding="utf-8")
    return changed


def record_requests(monkeypatch) -> list[tuple[str, str, bytes]]:
    """Wrap the one method publish's requests go out through: every request, as (method, url, body)."""
    from cvgraph.store.client import Client

    sent, real = [], Client.send

    def spy(self, method, url, body, *args, **kwargs):
        sent.append((method, url, body or b""))
        return real(self, method, url, body, *args, **kwargs)

    monkeypatch.setattr(Client, "send", spy)
    return sent


def data_ops(body: bytes, graph: str = DOC) -> dict[str, list[str]]:
    """The triple lines of the DELETE DATA / INSERT DATA operations on ``graph`` in one update body."""
    import re

    ops: dict[str, list[str]] = {"DELETE DATA": [], "INSERT DATA": []}
    for op, name, inner in re.findall(r"(DELETE DATA|INSERT DATA) \{ GRAPH <([^>]*)> \{\n(.*?)\} \}",
                                      body.decode("utf-8"), re.DOTALL):
        if name == graph:
            ops[op] += [ln for ln in inner.splitlines() if ln.strip()]
    return ops


def nt_set(lines) -> set[str]:
    return {str(t) + " ." for t in ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)}


def test_diff_sends_only_the_change(runner, server, tmp_path, monkeypatch):
    assert _publish(runner, server).exit_code == 0
    changed = changed_title(tmp_path)
    sent = record_requests(monkeypatch)
    result = _publish(runner, server, "--diff", changed)
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    # the title is one value written twice (dcterms:title and schema:name): 2 triples out, 2 in
    assert line.startswith(f"{DOC}: 1849 triples, update, diff: 2 removed, 2 added, ") and line.endswith(" verified")
    updates = [body for method, url, body in sent if url == server.update_url]
    assert len(updates) == 1  # one atomic request
    ops = data_ops(updates[0])
    old, new = local_lines(), local_lines(changed)
    assert nt_set(ops["DELETE DATA"]) == old - new and len(old - new) == 2
    assert nt_set(ops["INSERT DATA"]) == new - old and len(new - old) == 2
    assert all(OLD_TITLE in ln for ln in ops["DELETE DATA"])
    assert all('"A Changed Thesis Title"' in ln for ln in ops["INSERT DATA"])
    assert b"DROP" not in updates[0]
    assert read_graph(server, DOC) == local_lines(changed)
    meta = "\n".join(read_graph(server, METADATA_GRAPH))
    assert hashlib.sha256(changed.read_bytes()).hexdigest() in meta
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() not in meta


def test_diff_unchanged_sends_only_provenance(runner, server, monkeypatch):
    assert _publish(runner, server).exit_code == 0
    sent = record_requests(monkeypatch)
    result = _publish(runner, server, "--diff")
    assert result.exit_code == 0, result.output
    assert "diff: 0 removed, 0 added" in result.stdout
    updates = [body for method, url, body in sent if url == server.update_url]
    assert len(updates) == 1 and data_ops(updates[0]) == {"DELETE DATA": [], "INSERT DATA": []}
    assert f"GRAPH <{METADATA_GRAPH}>".encode() in updates[0]
    assert read_graph(server, DOC) == local_lines()


def test_diff_into_empty_store_inserts_everything(runner, server):
    result = _publish(runner, server, "--diff")
    assert result.exit_code == 0, result.output
    assert "diff: 0 removed, 1849 added" in result.stdout
    assert read_graph(server, DOC) == local_lines()


def test_diff_dry_run_reads_but_writes_nothing(runner, server, tmp_path):
    assert _publish(runner, server).exit_code == 0
    changed = changed_title(tmp_path)
    result = _publish(runner, server, "--diff", "--dry-run", changed)
    assert result.exit_code == 0, result.output
    assert "diff: 2 removed, 2 added, nothing sent" in result.output and "DELETE DATA" in result.output
    assert read_graph(server, DOC) == local_lines()


def test_diff_with_gsp_is_refused(runner, server):
    result = _publish(runner, server, "--diff", "--protocol", "gsp")
    assert result.exit_code == 2 and "--diff" in result.stderr


def test_diff_request_chunks():
    from cvgraph.store.updates import diff_request

    items = skolemise(cvgraph.triples(SAMPLE), DOC)
    text = diff_request(DOC, items[:1500], items[1500:], METADATA_GRAPH, [])
    assert text.count("DELETE DATA") == 2 and text.count("INSERT DATA") == 1
    assert text.index("DELETE DATA") < text.index("INSERT DATA")


# ----------------------------------------------------------------------------- presets

@pytest.mark.parametrize("store, base, expected", [
    ("fuseki", "http://127.0.0.1:3030/cv/",
     ("http://127.0.0.1:3030/cv/query", "http://127.0.0.1:3030/cv/update", "http://127.0.0.1:3030/cv/data")),
    ("graphdb", "http://127.0.0.1:7200/repositories/cv",
     ("http://127.0.0.1:7200/repositories/cv", "http://127.0.0.1:7200/repositories/cv/statements",
      "http://127.0.0.1:7200/repositories/cv/rdf-graphs/service")),
    ("oxigraph", "http://h:7878", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
])
def test_store_presets(store, base, expected):
    from cvgraph.store.client import Endpoints, endpoints

    assert endpoints(base, store) == Endpoints(*expected, dataset=store == "oxigraph")  # N-Quads POST
    assert endpoints(base, store, update_url="http://x/u").update == "http://x/u"


def test_store_presets_in_cli_dry_run(runner):
    result = runner.invoke(main, ["publish", "--store", "graphdb", "--endpoint", "http://127.0.0.1:9/repositories/cv",
                                  "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "POST http://127.0.0.1:9/repositories/cv/statements " in result.output
