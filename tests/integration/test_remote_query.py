"""``cvgraph query --query-url URL`` against a real Oxigraph server on 127.0.0.1: the store as a
plain SPARQL endpoint, data loaded by hand (no cvgraph provenance, so the store's default graph
is read). Publishing then querying with ``--endpoint URL [--store S]``: test_publish_query.py.

1. Every bundled query (whatever ``queries/*.rq`` holds at run time), unbound and with its
   parameters bound to values taken from the sample, answers the same remotely as locally with
   both local engines (rdflib and pyoxigraph): SELECT results as SPARQL JSON, ASK booleans,
   CONSTRUCT/DESCRIBE triple sets. Remotely the sample sits either in the store's default graph
   or in a named graph reached through the SPARQL protocol (``default-graph-uri``,
   ``union-default-graph``) or through ``oxigraph serve --union-default-graph``.
2. The CLI end to end (``python -m cvgraph.cli``): remote ``-f json`` output is byte-identical to
   the local one; the other formats via CliRunner.
3. Remote failures are one ``error: …`` line on stderr, exit code 2, no traceback. Known gaps
   were ``xfail(strict=True)`` until engines.py was fixed; they are regression tests now.
4. The HTTP layer shared with publish (cvgraph.http): credentials (environment, ~/.netrc)
   answered to a Basic challenge of a server in front of the real Oxigraph, never shown; a 503
   retried (``--retries``); ``--ca-cert`` for an https front with a private CA. (Digest: the
   Virtuoso tests, tests/integration/test_publish_virtuoso.py.)

All traffic goes to 127.0.0.1 (the servers come from tests/support/servers.py; proxies are bypassed).
"""
from __future__ import annotations

import base64
import contextlib
import http.server
import json
import re
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from functools import cache

import pytest
from click.testing import CliRunner
from support.servers import free_port, serve_handler, silent_server, static_http_server
from support.servers import oxigraph_server as start_oxigraph

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import IRI, Blank
from cvgraph.sparql.catalogue import PARAM_TYPES, QueryError, catalogue

OWNER = "https://sites.google.com/view/sunwoolee#me"  # the sample CV's owner
NAMED = "https://example.org/graphs/sunwoo-lee"  # the named graph the sample goes into
FALLBACK = {"iri": OWNER, "gYear": "2023", "date": "2023-06-01", "integer": "1", "string": "Machine Learning"}


def bundled_queries():
    catalogue.cache_clear()  # queries/*.rq as they are now, not as first read in this process
    return list(catalogue().values())


QUERIES = bundled_queries()
CASES = [(q.name, False) for q in QUERIES] + [(q.name, True) for q in QUERIES if q.params]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """cvgraph (urllib) and its child processes never go through a proxy."""
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")


# ----------------------------------------------------------------------------- stores

@pytest.fixture(scope="module")
def sample_nt() -> bytes:
    return cvgraph.serialize(cvgraph.sample_path(), "nt")


@pytest.fixture(scope="module")
def default_store(oxigraph_server, sample_nt):
    """The session's server, holding the sample in its default graph only."""
    oxigraph_server.clear()
    oxigraph_server.load(sample_nt)
    yield oxigraph_server
    oxigraph_server.clear()


@pytest.fixture(scope="module")
def named_store(oxigraph_server, sample_nt):  # oxigraph_server: skip/fail the same way when no binary
    """A plain server holding the sample in the named graph NAMED only."""
    with start_oxigraph() as server:
        server.load(sample_nt, graph=NAMED)
        yield server


@pytest.fixture(scope="module")
def union_store(oxigraph_server, sample_nt):
    """A server started with --union-default-graph, holding the sample in NAMED only."""
    with start_oxigraph("--union-default-graph") as server:
        server.load(sample_nt, graph=NAMED)
        yield server


ENDPOINTS = {  # how the remote side sees the sample → its query URL
    "default-graph": lambda r: r.getfixturevalue("default_store").query_url,
    "named+default-graph-uri": lambda r: r.getfixturevalue("named_store").query_url
    + "?default-graph-uri=" + urllib.parse.quote(NAMED, safe=""),
    "named+union-default-graph-param": lambda r: r.getfixturevalue("named_store").query_url + "?union-default-graph",
    "named+server-union-default-graph": lambda r: r.getfixturevalue("union_store").query_url,
}


# ----------------------------------------------------------------------------- comparing

@cache
def local_result(name: str, params: tuple, engine: str):
    result = cvgraph.query(name, params=dict(params), engine=engine)
    assert result.engine == engine
    return result


@cache
def sensible_params(name: str) -> tuple:
    """A value for each declared parameter: from the unbound local answer's column of that name
    when it has one, else a typical value of the parameter's type (person/IRIs: the owner)."""
    query = catalogue()[name]
    unbound = local_result(name, (), "rdflib")
    chosen = {}
    for p in query.params:
        value = None
        if unbound.form == "SELECT" and p.name in unbound.variables:
            i = unbound.variables.index(p.name)
            for row in unbound.rows:
                t = row[i]
                if t is not None and type(t) is not Blank and re.fullmatch(PARAM_TYPES[p.type][1], t.value) \
                        and (p.type == "iri") == (type(t) is IRI):
                    value = t.value
                    break
        chosen[p.name] = value if value is not None else FALLBACK[p.type]
    return tuple(sorted(chosen.items()))


def _ordered(text: str) -> bool:
    body = "\n".join(line.split("#", 1)[0] for line in re.sub(r"<[^<>\s]*>", "<>", text).splitlines())
    return re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE) is not None


def comparable(result, text: str):
    """What must agree between engines: SELECT as SPARQL JSON (row order only under ORDER BY;
    blank-node labels are engine-local, so all read "_:"), ASK's boolean, a graph up to blank nodes."""
    if result.form == "ASK":
        return result.boolean
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        triples = set(result.triples)
        if any(type(x) is Blank for t in triples for x in t):
            from rdflib.compare import to_isomorphic

            from cvgraph.rdf.graph import to_graph

            return to_isomorphic(to_graph(sorted(triples, key=repr)))
        return triples
    data = result.to_json()
    bindings = [{v: ({"type": "bnode", "value": "_:"} if t["type"] == "bnode" else t) for v, t in b.items()}
                for b in data["results"]["bindings"]]
    if not _ordered(text):
        bindings.sort(key=lambda b: json.dumps(b, sort_keys=True))
    return {"vars": data["head"]["vars"], "bindings": bindings}


def remote_query(name: str, url: str, params: dict):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = cvgraph.query(name, query_url=url, params=params)
    assert not [w for w in caught if "cvgraph" in w.filename], [str(w.message) for w in caught]
    assert result.engine == "remote"
    return result


# ----------------------------------------------------------------------------- 1. same answers

def test_stores_hold_the_sample(request, sample_nt):
    n = len(sample_nt.splitlines())
    assert request.getfixturevalue("default_store").count() == n
    named = request.getfixturevalue("named_store")
    assert (named.count(), named.count(NAMED)) == (0, n)


def test_catalogue_is_not_empty():
    assert QUERIES, "no bundled queries found"
    assert "publications-by-year" in {q.name for q in QUERIES}


@pytest.mark.parametrize("where", list(ENDPOINTS))
@pytest.mark.parametrize("name,bound", CASES, ids=[f"{n}{'[bound]' if b else ''}" for n, b in CASES])
def test_remote_answers_equal_local(name, bound, where, request):
    url = ENDPOINTS[where](request)
    params = sensible_params(name) if bound else ()
    query = catalogue()[name]
    remote = remote_query(name, url, dict(params))
    assert remote.form == query.form
    got = comparable(remote, query.text)
    for engine in ("rdflib", "oxigraph"):
        expected = comparable(local_result(name, params, engine), query.text)
        assert got == expected, f"{name} {dict(params)} on {url}: remote differs from local {engine}"


def test_bound_person_counts_only_the_owner(request):
    url = ENDPOINTS["default-graph"](request)
    remote = remote_query("publications-by-year", url, {"person": OWNER})
    assert remote.rows, "the sample's owner has publications"
    assert {row[0] for row in remote.rows} == {IRI(OWNER)}
    none = remote_query("publications-by-year", url, {"person": "https://example.org/nobody"})
    assert none.rows == []


def test_named_graph_is_invisible_to_a_plain_query(request, tmp_path):
    """Oxigraph's /query default graph is the store's default graph only (no union): a sample
    loaded into a named graph answers nothing unless the request names the graph
    (default-graph-uri), asks for the union, or the server runs with --union-default-graph."""
    store = request.getfixturevalue("named_store")
    ask = tmp_path / "any.rq"
    ask.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    assert cvgraph.query(str(ask), query_url=store.query_url).boolean is False
    assert cvgraph.query("publications-by-year", query_url=store.query_url).rows == []
    for where in ("named+default-graph-uri", "named+union-default-graph-param", "named+server-union-default-graph"):
        assert cvgraph.query(str(ask), query_url=ENDPOINTS[where](request)).boolean is True, where


# ----------------------------------------------------------------------------- 2. the CLI

def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cvgraph.cli", *args], capture_output=True, timeout=timeout,
                          check=False)


@pytest.mark.parametrize("params", [[], ["-p", f"person={OWNER}"]], ids=["unbound", "person"])
def test_cli_remote_json_equals_local(params, default_store):
    local = cli("query", "publications-by-year", *params, "-f", "json")
    remote = cli("query", "publications-by-year", *params, "--query-url", default_store.query_url, "-f", "json")
    assert (local.returncode, local.stderr) == (0, b"")
    assert (remote.returncode, remote.stderr) == (0, b""), remote.stderr.decode()
    assert json.loads(remote.stdout)["results"]["bindings"], "expected rows"
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert remote.stdout == local.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_cli_remote_formats_equal_local(fmt, default_store):
    run = CliRunner().invoke
    local = run(main, ["query", "publications-by-year", "-f", fmt])
    remote = run(main, ["query", "publications-by-year", "--query-url", default_store.query_url, "-f", fmt])
    assert (local.exit_code, remote.exit_code) == (0, 0), remote.output
    assert remote.stdout_bytes == local.stdout_bytes


# ----------------------------------------------------------------------------- 3. errors

def error_line(*args: str) -> str:
    """Run the CLI; assert exit 2, nothing on stdout, one `error: …` line and no traceback on stderr."""
    proc = cli(*args)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 2, f"exit {proc.returncode}; stdout {proc.stdout[:300]!r}; stderr {stderr!r}"
    assert proc.stdout == b""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_unreachable_endpoint():
    url = f"http://127.0.0.1:{free_port()}/query"
    line = error_line("query", "publications-by-year", "--query-url", url)
    assert url in line and "cannot connect" in line


def test_endpoint_that_never_answers_times_out():
    with silent_server() as base:
        started = time.monotonic()
        line = error_line("query", "publications-by-year", "--query-url", base + "/sparql", "--timeout", "1")
        elapsed = time.monotonic() - started
    assert "no answer within 1 s" in line and "--timeout" in line
    assert elapsed < 15, f"--timeout 1 took {elapsed:.1f} s"


def test_wrong_path_on_live_server_is_404(default_store):
    url = default_store.base + "/nope"
    line = error_line("query", "publications-by-year", "--query-url", url)
    assert url in line


def test_404_message_says_404(default_store):
    line = error_line("query", "publications-by-year", "--query-url", default_store.base + "/nope")
    assert "404" in line and "connect" not in line
    assert line.endswith("(check the URL)")  # not publish's "(or --store)": query has no --store


def test_html_answer_is_not_sparql_results():
    with static_http_server("<!doctype html>\n<html><body><h1>Welcome</h1></body></html>\n") as base:
        line = error_line("query", "publications-by-year", "--query-url", base + "/sparql")
    assert "not SPARQL" in line


def test_html_answer_to_construct_is_not_rdf(tmp_path):
    rq = tmp_path / "graph.rq"
    rq.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with static_http_server("<!doctype html>\n<html><body><h1>Welcome</h1></body></html>\n") as base:
        line = error_line("query", str(rq), "--query-url", base + "/sparql")
    assert "not" in line and ("RDF" in line or "SPARQL" in line)


def test_json_that_is_not_sparql_results_select():
    with static_http_server('{"status": "ok"}', "application/json") as base:
        line = error_line("query", "publications-by-year", "--query-url", base + "/sparql")
    assert "not SPARQL" in line


def test_json_that_is_not_sparql_results_ask(tmp_path):
    rq = tmp_path / "any.rq"
    rq.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    with static_http_server('{"status": "ok"}', "application/json") as base:
        line = error_line("query", str(rq), "--query-url", base + "/sparql")
    assert "not SPARQL" in line


def test_request_the_live_server_rejects_is_400(default_store):
    # cvgraph checks syntax with the same parser as the server, so a bad query never leaves the
    # machine; a bad protocol parameter does, and Oxigraph answers 400 "Invalid IRI code point ' '"
    url = default_store.query_url + "?default-graph-uri=not%20an%20iri"
    line = error_line("query", "publications-by-year", "--query-url", url)
    assert url in line


def test_400_message_gives_the_servers_reason(default_store):
    url = default_store.query_url + "?default-graph-uri=not%20an%20iri"
    line = error_line("query", "publications-by-year", "--query-url", url)
    assert "Invalid IRI code point" in line


def test_query_rejected_by_another_store_is_one_line():
    # e.g. Virtuoso refusing what Oxigraph's parser accepts: 400 with a multi-line text body
    body = "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at 'VALUES'\n\nSPARQL query:\nSELECT…\n"
    with static_http_server(body, "text/plain", status=400) as base:
        line = error_line("query", "publications-by-year", "--query-url", base + "/sparql")
    assert base in line


def test_run_remote_bad_query_is_one_line_query_error(default_store):
    from cvgraph.sparql.engines import run_remote

    with pytest.raises(QueryError) as info:
        run_remote("SELEC nonsense", "SELECT", default_store.query_url, timeout=5)
    message = str(info.value)
    assert "\n" not in message and default_store.query_url in message


def test_extension_function_is_not_a_local_traceback(default_store, tmp_path):
    rq = tmp_path / "ext.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o FILTER(<http://example.org/fn>(?o)) }\n", encoding="utf-8")
    error_line("query", str(rq), "--query-url", default_store.query_url)


# ----------------------------------------------------------------------------- 4. the HTTP layer

@contextlib.contextmanager
def front(upstream: str, *, user: str | None = None, password: str | None = None, fail: int = 0,
          tls: ssl.SSLContext | None = None):
    """A server in front of the real Oxigraph ``upstream`` (its base URL): it asks for HTTP Basic
    auth when ``user`` is given (401 with a challenge, never a 200 without the right credentials),
    answers 503 to the first ``fail`` requests, speaks https with ``tls``; everything else is
    forwarded. Yields ``(base, state)``: ``state["attempts"]`` counts requests,
    ``state["authorization"]`` keeps each request's Authorization header, ``state["user_agent"]``
    the User-Agent headers seen."""
    state = {"attempts": 0, "authorization": [], "user_agent": set()}
    lock = threading.Lock()
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    wanted = None if user is None else "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                state["attempts"] += 1
                state["authorization"].append(self.headers.get("Authorization"))
                state["user_agent"].add(self.headers.get("User-Agent"))
                failing = state["attempts"] <= fail
            if failing:
                return self._answer(503, b"busy\n", {"Content-Type": "text/plain"})
            if wanted is not None and self.headers.get("Authorization") != wanted:
                return self._answer(401, b"who are you?\n", {"WWW-Authenticate": 'Basic realm="cv"'})
            forwarded = urllib.request.Request(upstream + self.path, data=body, method="POST", headers={
                k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
            try:
                with direct.open(forwarded, timeout=30) as answer:
                    status, data, kind = answer.status, answer.read(), answer.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                status, data, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
            self._answer(status, data, {"Content-Type": kind})

        def log_message(self, *args):
            pass

    with serve_handler(Handler, tls) as base:
        yield base, state


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    """No CVGRAPH_USER/CVGRAPH_PASSWORD, and a HOME without ~/.netrc."""
    monkeypatch.delenv("CVGRAPH_USER", raising=False)
    monkeypatch.delenv("CVGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def quick_backoff(monkeypatch):
    """The backoff delays asked for (none actually waited)."""
    import cvgraph.http as transport

    asked: list[float] = []
    monkeypatch.setattr(transport.time, "sleep", asked.append)
    return asked


def invoke(*args: str):
    """The CLI in this process (so the environment and monkeypatches apply)."""
    return CliRunner().invoke(main, list(args))


def test_credentials_from_the_environment_answer_a_basic_challenge(default_store, no_credentials, monkeypatch):
    local = invoke("query", "publications-by-year", "-f", "json")
    monkeypatch.setenv("CVGRAPH_USER", "alice")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "s3cret-Pw")
    with front(default_store.base, user="alice", password="s3cret-Pw") as (base, state):
        result = invoke("query", "publications-by-year", "--query-url", base + "/query", "-f", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == local.stdout_bytes and json.loads(result.stdout)["results"]["bindings"]
    # sent only when asked: the first attempt carries nothing, the answer to the 401 the credentials
    assert state["authorization"][0] is None and state["authorization"][1].startswith("Basic ")
    assert "s3cret-Pw" not in result.output
    assert state["user_agent"] == {f"cvgraph/{cvgraph.__version__} (https://pypi.org/project/cvgraph/)"}


def test_credentials_from_netrc(default_store, no_credentials):
    netrc = no_credentials / ".netrc"
    netrc.write_text("machine 127.0.0.1 login carol password n3trc-pw\n", encoding="utf-8")
    netrc.chmod(0o600)
    with front(default_store.base, user="carol", password="n3trc-pw") as (base, _):
        assert cvgraph.query("publications-by-year", query_url=base + "/query").rows


def test_missing_and_wrong_credentials_are_one_line(default_store, no_credentials, monkeypatch):
    with front(default_store.base, user="alice", password="s3cret-Pw") as (base, state):
        result = invoke("query", "publications-by-year", "--query-url", base + "/query")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines() == [f"error: {base}/query: HTTP 401 Unauthorized: who are you? "
                                              "(check CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc)"]
        monkeypatch.setenv("CVGRAPH_USER", "alice")
        monkeypatch.setenv("CVGRAPH_PASSWORD", "wrong-Pw")
        result = invoke("query", "publications-by-year", "--query-url", base + "/query")
    assert result.exit_code == 2 and "wrong-Pw" not in result.output
    assert result.stderr.splitlines() == [f"error: {base}/query: HTTP 401 Unauthorized: the credentials were "
                                          "refused (check CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc)"]
    assert state["attempts"] == 1 + 2  # a 401 is not retried; with a password: one answer to the challenge


def test_credentials_in_the_url_are_refused_without_echoing_them(no_credentials):
    result = invoke("query", "publications-by-year", "--query-url", "http://bob:hunter2@127.0.0.1:9/query")
    assert result.exit_code == 2 and "hunter2" not in result.output
    assert result.stderr.splitlines() == ["error: http://***@127.0.0.1:9/query: credentials do not go in the "
                                          "URL; set CVGRAPH_USER and CVGRAPH_PASSWORD or use ~/.netrc"]


def test_not_an_http_url_is_one_line():
    line = error_line("query", "publications-by-year", "--query-url", "ftp://127.0.0.1/sparql")
    assert line == "error: ftp://127.0.0.1/sparql: not an http(s) URL"


def test_503_is_retried(default_store, quick_backoff):
    with front(default_store.base, fail=2) as (base, state):
        result = invoke("query", "publications-by-year", "--query-url", base + "/query", "-f", "json")
    assert result.exit_code == 0, result.output
    # the default: 2 retries (of the first request, which asks which CV graphs cvgraph published; then the query)
    assert state["attempts"] == 3 + 1 and quick_backoff == [0.5, 1.0]
    assert json.loads(result.stdout)["results"]["bindings"]


def test_retries_option_and_giving_up(default_store, quick_backoff):
    with front(default_store.base, fail=99) as (base, state):
        result = invoke("query", "publications-by-year", "--query-url", base + "/query", "--retries", "3")
    assert result.exit_code == 2 and state["attempts"] == 4 and quick_backoff == [0.5, 1.0, 2.0]
    assert result.stderr.splitlines() == [f"error: {base}/query: HTTP 503 Service Unavailable: busy "
                                          "(gave up after 4 attempts)"]
    with front(default_store.base, fail=1) as (base, state):
        result = invoke("query", "publications-by-year", "--query-url", base + "/query", "--retries", "0")
    assert result.exit_code == 2 and state["attempts"] == 1
    assert result.stderr.splitlines() == [f"error: {base}/query: HTTP 503 Service Unavailable: busy"]


def test_ca_cert_for_a_private_ca(default_store, tmp_path, quick_backoff):
    from unit.store.test_publish_transport import self_signed_cert

    cert_file, key_file = self_signed_cert(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_file, key_file)
    with front(default_store.base, tls=tls) as (base, state):
        refused = invoke("query", "publications-by-year", "--query-url", base + "/query")
        trusted = invoke("query", "publications-by-year", "--query-url", base + "/query", "--ca-cert",
                         str(cert_file), "-f", "json")
    assert refused.exit_code == 2 and len(refused.stderr.splitlines()) == 1 and quick_backoff == []
    assert refused.stderr.startswith(f"error: {base}/query: the server's TLS certificate is not trusted: ")
    assert refused.stderr.rstrip().endswith("(use --ca-cert FILE for a private CA)")
    assert trusted.exit_code == 0, trusted.output
    assert json.loads(trusted.stdout)["results"]["bindings"]


def test_bad_ca_cert_is_one_line(tmp_path):
    missing = tmp_path / "missing.pem"
    line = error_line("query", "publications-by-year", "--query-url", "https://127.0.0.1:9/query", "--ca-cert",
                      str(missing))
    assert line == f"error: --ca-cert {missing}: no such file"
