"""``cvgraph query --endpoint URL`` against a real Oxigraph server on 127.0.0.1.

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

All traffic goes to 127.0.0.1 (the servers come from tests/servers.py; proxies are bypassed).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.parse
import warnings
from functools import cache

import pytest
from click.testing import CliRunner
from servers import free_port, silent_server, static_http_server
from servers import oxigraph_server as start_oxigraph

import cvgraph
from cvgraph.cli import main
from cvgraph.sparql.catalogue import PARAM_TYPES, QueryError, catalogue
from cvgraph.rdf.terms import IRI, Blank

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
    """cvgraph (SPARQLWrapper → urllib) and its child processes never go through a proxy."""
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
        result = cvgraph.query(name, endpoint=url, params=params)
    # SPARQLWrapper warns (on the user's stderr) when it cannot tell a query's type
    assert not [w for w in caught if "SPARQLWrapper" in w.filename], [str(w.message) for w in caught]
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
    assert cvgraph.query(str(ask), endpoint=store.query_url).boolean is False
    assert cvgraph.query("publications-by-year", endpoint=store.query_url).rows == []
    for where in ("named+default-graph-uri", "named+union-default-graph-param", "named+server-union-default-graph"):
        assert cvgraph.query(str(ask), endpoint=ENDPOINTS[where](request)).boolean is True, where


# ----------------------------------------------------------------------------- 2. the CLI

def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cvgraph.cli", *args], capture_output=True, timeout=timeout,
                          check=False)


@pytest.mark.parametrize("params", [[], ["-p", f"person={OWNER}"]], ids=["unbound", "person"])
def test_cli_remote_json_equals_local(params, default_store):
    local = cli("query", "publications-by-year", *params, "-f", "json")
    remote = cli("query", "publications-by-year", *params, "--endpoint", default_store.query_url, "-f", "json")
    assert (local.returncode, local.stderr) == (0, b"")
    assert (remote.returncode, remote.stderr) == (0, b""), remote.stderr.decode()
    assert json.loads(remote.stdout)["results"]["bindings"], "expected rows"
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert remote.stdout == local.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_cli_remote_formats_equal_local(fmt, default_store):
    run = CliRunner().invoke
    local = run(main, ["query", "publications-by-year", "-f", fmt])
    remote = run(main, ["query", "publications-by-year", "--endpoint", default_store.query_url, "-f", fmt])
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
    line = error_line("query", "publications-by-year", "--endpoint", url)
    assert url in line and "cannot connect" in line


def test_endpoint_that_never_answers_times_out():
    with silent_server() as base:
        started = time.monotonic()
        line = error_line("query", "publications-by-year", "--endpoint", base + "/sparql", "--timeout", "1")
        elapsed = time.monotonic() - started
    assert "no answer within 1 s" in line and "--timeout" in line
    assert elapsed < 15, f"--timeout 1 took {elapsed:.1f} s"


def test_wrong_path_on_live_server_is_404(default_store):
    url = default_store.base + "/nope"
    line = error_line("query", "publications-by-year", "--endpoint", url)
    assert url in line


def test_404_message_says_404(default_store):
    line = error_line("query", "publications-by-year", "--endpoint", default_store.base + "/nope")
    assert "404" in line and "connect" not in line


def test_html_answer_is_not_sparql_results():
    with static_http_server("<!doctype html>\n<html><body><h1>Welcome</h1></body></html>\n") as base:
        line = error_line("query", "publications-by-year", "--endpoint", base + "/sparql")
    assert "not SPARQL" in line


def test_html_answer_to_construct_is_not_rdf(tmp_path):
    rq = tmp_path / "graph.rq"
    rq.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with static_http_server("<!doctype html>\n<html><body><h1>Welcome</h1></body></html>\n") as base:
        line = error_line("query", str(rq), "--endpoint", base + "/sparql")
    assert "not" in line and ("RDF" in line or "SPARQL" in line)


def test_json_that_is_not_sparql_results_select():
    with static_http_server('{"status": "ok"}', "application/json") as base:
        line = error_line("query", "publications-by-year", "--endpoint", base + "/sparql")
    assert "not SPARQL" in line


def test_json_that_is_not_sparql_results_ask(tmp_path):
    rq = tmp_path / "any.rq"
    rq.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    with static_http_server('{"status": "ok"}', "application/json") as base:
        line = error_line("query", str(rq), "--endpoint", base + "/sparql")
    assert "not SPARQL" in line


def test_request_the_live_server_rejects_is_400(default_store):
    # cvgraph checks syntax with the same parser as the server, so a bad query never leaves the
    # machine; a bad protocol parameter does, and Oxigraph answers 400 "Invalid IRI code point ' '"
    url = default_store.query_url + "?default-graph-uri=not%20an%20iri"
    line = error_line("query", "publications-by-year", "--endpoint", url)
    assert url in line


def test_400_message_gives_the_servers_reason(default_store):
    url = default_store.query_url + "?default-graph-uri=not%20an%20iri"
    line = error_line("query", "publications-by-year", "--endpoint", url)
    assert "Invalid IRI code point" in line


def test_query_rejected_by_another_store_is_one_line():
    # e.g. Virtuoso refusing what Oxigraph's parser accepts: 400 with a multi-line text body
    body = "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at 'VALUES'\n\nSPARQL query:\nSELECT…\n"
    with static_http_server(body, "text/plain", status=400) as base:
        line = error_line("query", "publications-by-year", "--endpoint", base + "/sparql")
    assert base in line


def test_run_remote_bad_query_is_one_line_query_error(default_store):
    from cvgraph.sparql.engines import run_remote

    with pytest.raises(QueryError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SPARQLWrapper cannot type "SELEC …" and says so
        run_remote("SELEC nonsense", "SELECT", default_store.query_url, timeout=5)
    message = str(info.value)
    assert "\n" not in message and default_store.query_url in message


def test_extension_function_is_not_a_local_traceback(default_store, tmp_path):
    rq = tmp_path / "ext.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o FILTER(<http://example.org/fn>(?o)) }\n", encoding="utf-8")
    error_line("query", str(rq), "--endpoint", default_store.query_url)
