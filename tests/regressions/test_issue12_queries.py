"""Issue 12 regressions: local queries stay offline and bounded, and fail in one line.

- A user ``.rq`` with ``SERVICE <http://…>`` made requests (two from the syntax check alone, which
  evaluated the query on an empty store), sent bound CV values to the remote host (rdflib), and
  hung forever on a host that never answered. Now a query with SERVICE is refused before anything
  is evaluated unless ``--allow-service``, and then only http(s) endpoints are called.
- No local query or ``--data`` load had a deadline or a result-size limit: now ``--timeout``
  (a worker process killed at the deadline) and ``--max-results``.
- ``--data x.jsonld`` with a remote or ``file:`` ``@context``: refused, naming the context, never fetched.
- Tracebacks: ``--data missing.ttl``, ``FROM NAMED`` (rdflib), ``SERVICE <file:…>``, an unknown
  function (pyoxigraph), a CONSTRUCT making an invalid IRI or a literal subject (rdflib).
"""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from support.paths import ROOT
from support.servers import serve_handler, silent_server

import cvgraph
from cvgraph.cli import main
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.parsing import parse

ENGINES = ["rdflib", "oxigraph"]
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n")  # ~10^14 rows
ANSWER = json.dumps({"head": {"vars": ["o"]},
                     "results": {"bindings": [{"o": {"type": "literal", "value": "from the service"}}]}}).encode()


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request; answers with one SPARQL JSON row."""

    requests: ClassVar[list[str]] = []

    def _answer(self) -> None:
        type(self).requests.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder():
    Recorder.requests = []
    with serve_handler(Recorder) as url:
        yield url


def run(*args: str):
    result = CliRunner().invoke(main, ["query", *map(str, args)])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, \
        f"uncaught {result.exc_info[0].__name__}: {result.exception}"
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def run_process(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    """The CLI in a child process (a hang fails the test instead of blocking it), and its wall time."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cvgraph.cli", "query", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done, time.monotonic() - start


def one_line_error(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def rq(tmp_path: Path, text: str, name: str = "mine.rq") -> Path:
    path = tmp_path / name
    path.write_text("# title: test\n" + text, encoding="utf-8")
    return path


def service_query(url: str) -> str:
    return ("PREFIX schema: <https://schema.org/>\n"
            f"SELECT ?name ?o WHERE {{ ?me schema:name ?name .\n  SERVICE <{url}/sparql> {{ ?x ?p ?o }} }}\n")


# --- SERVICE ----------------------------------------------------------------------------------

def test_syntax_check_parses_and_never_evaluates(recorder):
    """The check ran the query on an empty store: a SERVICE evaluated first was called."""
    parse(f"SELECT * WHERE {{ SERVICE <{recorder}/sparql> {{ ?s ?p ?o }} }}", "mine.rq")
    assert Recorder.requests == []


@pytest.mark.parametrize("engine", ENGINES)
def test_service_is_refused_without_allow_service_and_nothing_is_sent(recorder, tmp_path, engine):
    result = run(rq(tmp_path, service_query(recorder)), "--engine", engine)
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert f"{tmp_path / 'mine.rq'}:4:" in line and f"{recorder}/sparql" in line and "--allow-service" in line
    assert Recorder.requests == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("spelling", ["service", "\\u0053ERVICE", "# a comment ended by CR\rSERVICE"])
def test_service_is_refused_however_it_is_written(recorder, tmp_path, engine, spelling):
    query = rq(tmp_path, f"SELECT * WHERE {{\n{spelling} <{recorder}/sparql> {{ ?s ?p ?o }} }}\n")
    result = run(query, "--engine", engine)
    assert result.exit_code == 2 and "--allow-service" in one_line_error(result.stderr)
    assert Recorder.requests == []


@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_is_located_on_the_users_line_with_parameters(tmp_path, engine):
    query = rq(tmp_path, "# param: year gYear  a year\nSELECT ?x WHERE {\n  ?x ?p ?year .\n}\nORDER BY ?x ?x)\n")
    result = run(query, "--engine", engine, "-p", "year=2020")
    assert result.exit_code == 2
    assert f"{tmp_path / 'mine.rq'}:6:" in one_line_error(result.stderr)


@pytest.mark.parametrize("engine", ENGINES)
def test_service_with_allow_service_calls_the_named_endpoint(recorder, tmp_path, engine):
    result = run(rq(tmp_path, service_query(recorder)), "--engine", engine, "--allow-service", "-f", "json")
    assert result.exit_code == 0, result.stderr
    values = {b["o"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    assert values == {"from the service"}
    assert Recorder.requests and all(r.split()[1].startswith("/sparql") for r in Recorder.requests)


@pytest.mark.parametrize("engine", ENGINES)
def test_service_to_a_host_that_never_answers_ends_at_the_timeout(tmp_path, engine):
    with silent_server() as url:
        done, seconds = run_process(rq(tmp_path, service_query(url)), "--engine", engine, "--allow-service",
                                    "--timeout", "1")
    assert done.returncode == 2 and "--timeout" in one_line_error(done.stderr)
    assert seconds < 20


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("allow", [False, True])
def test_service_with_a_file_iri_is_refused(tmp_path, engine, allow):
    query = rq(tmp_path, "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }\n")
    result = run(query, "--engine", engine, *(["--allow-service"] if allow else []))
    assert result.exit_code == 2
    assert "file:///etc/passwd" in one_line_error(result.stderr)


def test_service_is_refused_through_the_python_api_too(recorder, tmp_path):
    with pytest.raises(QueryError, match="allow_service"):
        cvgraph.query(str(rq(tmp_path, service_query(recorder))), engine="oxigraph")
    assert Recorder.requests == []


# --- deadline and result size -------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_a_local_query_stops_at_the_timeout(tmp_path, engine):
    done, seconds = run_process(rq(tmp_path, SLOW), "--engine", engine, "--timeout", "1")
    assert done.returncode == 2
    assert "--timeout" in one_line_error(done.stderr)
    assert seconds < 20


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_data_load_that_would_never_end_does_not_hang(tmp_path):
    """A FIFO nobody writes (opening it blocks forever) is refused before it is opened (fsio's
    regular-file check); were it opened, the worker's deadline would end it."""
    fifo = tmp_path / "never-written.ttl"
    os.mkfifo(fifo)
    done, seconds = run_process("cv-owners", "--data", fifo, "--timeout", "1")
    assert done.returncode == 2
    assert "FIFO" in one_line_error(done.stderr) or "--timeout" in one_line_error(done.stderr)
    assert seconds < 20


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["publication-list", "coauthor-network"])  # SELECT rows, CONSTRUCT triples
def test_a_result_over_max_results_is_refused(name, engine):
    result = run(name, "--engine", engine, "--max-results", "3")
    assert result.exit_code == 2
    assert "--max-results" in one_line_error(result.stderr)


def test_the_default_result_limit_is_documented():
    from cvgraph.sparql.bounded import MAX_RESULTS

    page = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")  # the README's reference moved there
    assert f"{MAX_RESULTS:,}" in page and "--max-results" in page and "--allow-service" in page


# --- JSON-LD contexts ---------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["remote", "file"])
def test_jsonld_data_never_fetches_a_context(recorder, tmp_path, engine, kind):
    local = tmp_path / "context.jsonld"
    local.write_text('{"@context": {"name": "https://schema.org/name"}}', encoding="utf-8")
    context = f"{recorder}/context.jsonld" if kind == "remote" else local.as_uri()
    data = tmp_path / "people.jsonld"
    data.write_text(f'{{\n  "@context": "{context}",\n  "@id": "https://example.org/x",\n  "name": "X"\n}}\n',
                    encoding="utf-8")
    result = run("cv-owners", "--data", data, "--engine", engine)
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert f"{data}:2:" in line and context in line and "inline" in line
    assert Recorder.requests == []


# --- one line instead of a traceback ------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_missing_data_file_is_one_line(tmp_path, engine):
    result = run("cv-owners", "--data", tmp_path / "missing.ttl", "--engine", engine)
    assert result.exit_code == 2
    assert "missing.ttl" in one_line_error(result.stderr)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("clause", ["FROM NAMED <https://example.org/g>", "FROM <https://example.org/g>"])
def test_dataset_clause_is_refused_on_local_data(recorder, tmp_path, engine, clause):
    query = rq(tmp_path, f"SELECT * {clause} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}\n")
    result = run(query, "--engine", engine)
    assert result.exit_code == 2
    assert "FROM" in one_line_error(result.stderr)


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_function_is_one_line(tmp_path, engine):
    query = rq(tmp_path, "PREFIX ex: <http://example.org/>\n"
                         "SELECT ?n WHERE { ?s <https://schema.org/name> ?n FILTER(ex:nofunc(?n)) }\n")
    result = run(query, "--engine", engine)
    assert result.exit_code == 2
    assert "http://example.org/nofunc" in one_line_error(result.stderr)


@pytest.mark.parametrize("engine", ENGINES)
def test_construct_leaves_out_triples_that_are_not_rdf(tmp_path, engine):
    """SPARQL 1.1 §16.2: a template triple with an invalid IRI or a literal subject is not in the
    output (pyoxigraph's IRI() refuses "a b"; rdflib made the IRI, and the serialiser crashed)."""
    query = rq(tmp_path, "PREFIX schema: <https://schema.org/>\n"
                         "CONSTRUCT { ?x schema:name ?n . ?n schema:name ?n . ?me schema:alternateName ?n }\n"
                         "WHERE { ?me a schema:Person ; schema:name ?n . BIND(IRI(CONCAT('http://e/a b', ?n)) AS ?x) }\n")
    result = run(query, "--engine", engine, "-f", "nt")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("<") and "alternateName" in line for line in lines)


@pytest.mark.parametrize("engine", ENGINES)
def test_select_of_an_invalid_iri_leaves_it_unbound(tmp_path, engine):
    query = rq(tmp_path, "SELECT ?x WHERE { BIND(IRI('http://e/a b') AS ?x) }\n")
    result = run(query, "--engine", engine, "-f", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "?x\n\n"


# --- any query: an answer or one line, never a request ----------------------------------------

FORMS = ["SELECT *", "SELECT ?s ?x", "ASK", "CONSTRUCT { ?s ?p ?o . ?x ?p ?o }", "DESCRIBE ?s"]
DATASETS = ["", "FROM <https://example.org/g>", "FROM NAMED <https://example.org/g>"]
PATTERNS = ["?s ?p ?o .", "?s <https://schema.org/name> ?o .", "SERVICE {service} {{ ?s ?p ?o }}",
            "SERVICE SILENT <file:///etc/passwd> { ?x ?y ?z }", "sErViCe ?where { ?s ?p ?o }",
            "\\u0053ERVICE {service} {{ ?a ?b ?c }}", "# a comment\rSERVICE {service} {{ ?a ?b ?c }}",
            "FILTER(ex:f(?o))", "BIND(IRI(CONCAT('http://e/a b', STR(?o))) AS ?x)", "OPTIONAL { ?o ?q ?r }",
            "FILTER EXISTS {{ SERVICE {service} {{ ?o ?q ?r }} }}", "VALUES ?o { 'x' 1 }", "{ ?s ?p ?o } UNION { ?o ?p ?s }"]


@pytest.mark.parametrize("engine", ENGINES)
def test_any_query_gives_an_answer_or_one_line_and_never_a_request(recorder, tmp_path, engine):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    patterns = [p.format(service=f"<{recorder}/sparql>") if "{service}" in p else p for p in PATTERNS]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(FORMS), st.sampled_from(DATASETS), st.lists(st.sampled_from(patterns), min_size=1,
                                                                       max_size=3), st.sampled_from(["", "LIMIT 3"]))
    def check(form: str, dataset: str, parts: list[str], end: str) -> None:
        Recorder.requests = []
        path = tmp_path / "any.rq"
        path.write_text(f"PREFIX ex: <http://example.org/>\n{form} {dataset} WHERE {{\n  " + "\n  ".join(parts)
                        + f"\n}} {end}\n", encoding="utf-8")
        try:
            cvgraph.query(str(path), engine=engine, timeout=5)
        except QueryError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{path}:"), str(exc)
        assert Recorder.requests == []

    check()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_query_file_that_is_a_fifo_or_too_big_is_one_line(tmp_path):
    """A .rq file was read whole, whatever it was: a FIFO nobody writes hung the command, a huge
    file was read into memory. Now a regular file of at most MAX_QUERY_BYTES, else one line."""
    from cvgraph.sparql.catalogue import MAX_QUERY_BYTES

    fifo = tmp_path / "never-written.rq"
    os.mkfifo(fifo)
    done, seconds = run_process(str(fifo))
    assert done.returncode == 2 and "FIFO" in one_line_error(done.stderr) and seconds < 20
    big = tmp_path / "big.rq"
    big.write_text("# " + "x" * MAX_QUERY_BYTES + "\nASK {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(big)])
    assert result.exit_code == 2 and "limit" in one_line_error(result.stderr)
