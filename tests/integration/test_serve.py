"""``cvgraph serve``: the sample served by a real Oxigraph server on 127.0.0.1, queried over HTTP.

1. ``serve --port 0`` prints exactly the three lines (endpoint, query editor, a command to try),
   and every bundled query (unbound, and with its parameters bound) answers over HTTP exactly as
   the local ``cvgraph query NAME`` does: SELECT as SPARQL JSON, ASK by exit code, CONSTRUCT as
   N-Triples. The graph is the store's default graph, with nothing else in the store.
2. ``--watch``: an edited CV is served after its rebuild; a broken one is reported on one line and
   the last good graph stays served.
3. The server dies with cvgraph: Ctrl-C (SIGINT to the process group, as a terminal sends it)
   and SIGTERM end both with exit 0 and "stopped"; SIGKILL of cvgraph takes the server with it
   (Linux). A port in use, a missing binary, a CV that does not conform: one line, no server.

Every process runs as ``python -m cvgraph.cli`` from this checkout, in a temporary folder.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.clirun import run
from support.paths import ROOT
from support.samples import CV, NONCONFORMING
from support.servers import find_oxigraph, http_request, skip_or_fail

from cvgraph.cli import main
from cvgraph.sparql.catalogue import catalogue

OWNER = "https://sites.google.com/view/sunwoolee#me"  # the sample CV's owner
VALUES = {"iri": OWNER, "gYear": "2023", "date": "2023-06-01", "integer": "1", "string": "Machine Learning"}
BY_NAME = {"authorship": "first", "kind": "journal"}  # string parameters with a fixed set of values
LINES = re.compile(r"SPARQL endpoint: (http://127\.0\.0\.1:(\d+))/query\n"
                   r"Query editor:    \1/\n"
                   r"Try:             cvgraph query publication-list --endpoint \1\n")
QUERIES = sorted(catalogue().values(), key=lambda q: q.name)
CASES = [(q.name, False) for q in QUERIES] + [(q.name, True) for q in QUERIES if q.params]


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    if find_oxigraph() is None:
        skip_or_fail("the `oxigraph` server binary was not found (pip install oxigraph)")
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


class Served:
    """A running ``cvgraph serve``: its process, base URL, and its stderr so far."""

    def __init__(self, process: subprocess.Popen, base: str, stderr: Path) -> None:
        self.process, self.base, self.stderr_file = process, base, stderr

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    def stderr(self) -> str:
        return self.stderr_file.read_text(encoding="utf-8")

    def server_pids(self) -> list[int]:
        """The Oxigraph server(s) this cvgraph started (its children running the binary)."""
        out = subprocess.run(["ps", "-o", "pid=,ppid=,comm=", "-e"], check=False, capture_output=True, text=True).stdout
        return [int(pid) for pid, ppid, comm in (line.split(None, 2) for line in out.splitlines())
                if int(ppid) == self.process.pid and comm.strip().startswith("oxigraph")]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))  # a zombie is dead


def wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@contextmanager
def serving(tmp_path: Path, *args: str, session: bool = False, env: dict | None = None):
    """``cvgraph serve --port 0 ARGS…`` in ``tmp_path`` until the block ends (then SIGINT, and
    SIGKILL if it has not ended within 20 s)."""
    stderr = tmp_path / "serve.err"
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "cvgraph.cli", "serve", "--port", "0", *args],
                                   cwd=tmp_path, stdout=subprocess.PIPE, stderr=err, start_new_session=session,
                                   env=env)
    try:
        head = b"".join(process.stdout.readline() for _ in range(3)).decode("utf-8")
        match = LINES.fullmatch(head)
        assert match, f"not the three lines: {head!r}; stderr: {stderr.read_text()}"
        yield Served(process, match.group(1), stderr)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.stdout.close()


def _query_takes_a_server_url() -> bool:
    """``query --endpoint`` takes the server's base URL with ``--store`` (issue 15), not the query URL."""
    return "--store" in CliRunner().invoke(main, ["query", "--help"]).output


def endpoint(served: Served) -> list[str]:
    """How ``cvgraph query`` names the served endpoint: the server's URL once ``--endpoint`` takes
    it (with ``--store``, default oxigraph), else the query URL."""
    return ["--endpoint", served.base if _query_takes_a_server_url() else served.query_url]


def sparql_json(url: str, text: str) -> dict:
    status, body = http_request(url + "?query=" + urllib.parse.quote(text),
                                headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)


# ----------------------------------------------------------------------------- 1. the sample, every query

@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    if find_oxigraph() is None:
        skip_or_fail("the `oxigraph` server binary was not found (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("serve-sample")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CVGRAPH_CACHE_DIR": str(folder / "cache"),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    with serving(folder, env=env) as served:
        yield served
    assert served.process.returncode == 0, served.stderr()
    assert served.stderr().rstrip().endswith("stopped")


def params_for(name: str) -> list[str]:
    """``-p NAME=VALUE`` for each parameter: a value from the unbound local answer's column of that
    name when it has one (so that the bound query has rows), else a typical value of its type."""
    import cvgraph

    unbound = cvgraph.query(name)
    out = []
    for p in catalogue()[name].params:
        value = BY_NAME.get(p.name, VALUES[p.type])
        if unbound.form == "SELECT" and p.name in unbound.variables and p.type in ("string", "gYear"):
            column = unbound.variables.index(p.name)
            value = next((row[column].value for row in unbound.rows if row[column] is not None), value)
        out += ["-p", f"{p.name}={value}"]
    return out


def answer(result, name: str):
    """What must agree: SELECT as SPARQL JSON (rows in any order unless ORDER BY), ASK by the
    exit code, CONSTRUCT's N-Triples lines as a set (no blank nodes in the bundled ones)."""
    query = catalogue()[name]
    if query.form == "ASK":
        return result.exit_code
    assert result.exit_code == 0, result.stderr
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return set(result.stdout.splitlines())
    data = json.loads(result.stdout)
    if "ORDER BY" not in query.text.upper():
        data["results"]["bindings"].sort(key=lambda b: json.dumps(b, sort_keys=True))
    return data


def test_the_default_graph_holds_the_sample_and_nothing_else(sample_server):
    import cvgraph

    n = len(cvgraph.serialize(cvgraph.sample_path(), "nt").splitlines())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert sparql_json(sample_server.query_url, count)["results"]["bindings"][0]["n"]["value"] == str(n)
    graphs = sparql_json(sample_server.query_url, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
    assert graphs["results"]["bindings"] == []  # no staging graph left, nothing else


def test_the_query_editor_answers(sample_server):
    status, body = http_request(sample_server.base + "/")
    assert status == 200 and b"<html" in body.lower()


@pytest.mark.parametrize("name,bound", CASES, ids=[f"{n}{'[bound]' if b else ''}" for n, b in CASES])
def test_every_bundled_query_answers_over_http_as_locally(sample_server, name, bound):
    runner = CliRunner()
    params = params_for(name) if bound else []
    fmt = ["-f", "nt"] if catalogue()[name].form in ("CONSTRUCT", "DESCRIBE") else ["-f", "json"]
    local = run(runner, "query", name, *params, *fmt)
    remote = run(runner, "query", name, *params, *fmt, *endpoint(sample_server))
    assert answer(remote, name) == answer(local, name)
    if name == "publication-list" and not bound:
        assert len(json.loads(remote.stdout)["results"]["bindings"]) > 10  # not two empty answers


@pytest.mark.skipif(not _query_takes_a_server_url(), reason="query --endpoint takes the query URL until "
                    "--store lands (issue 15): then this runs")
def test_the_printed_try_line_works(sample_server):
    """The third line's command, as printed: ``cvgraph query publication-list --endpoint http://127.0.0.1:PORT``."""
    runner = CliRunner()
    local = run(runner, "query", "publication-list", "-f", "json")
    remote = run(runner, "query", "publication-list", "-f", "json", "--endpoint", sample_server.base)
    assert answer(remote, "publication-list") == answer(local, "publication-list")


# ----------------------------------------------------------------------------- 2. --watch

NAME_QUERY = "SELECT ?name WHERE { ?p <https://schema.org/name> ?name . FILTER(STRSTARTS(?name, 'Ada')) }"


def names(url: str) -> set[str]:
    return {b["name"]["value"] for b in sparql_json(url, NAME_QUERY)["results"]["bindings"]}


def eventually(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_watch_serves_an_edit_and_keeps_the_last_good_graph(tmp_path):
    cv = tmp_path / "ada.yaml"
    cv.write_text(CV, encoding="utf-8")
    with serving(tmp_path, "--watch", "ada.yaml") as served:
        assert names(served.query_url) == {"Ada Lovelace"}
        cv.write_text(CV.replace("Ada Lovelace", "Ada King"), encoding="utf-8")
        assert eventually(lambda: names(served.query_url) == {"Ada King"}), served.stderr()
        assert "rebuilt: " in served.stderr()
        cv.write_text(CV.replace("Ada Lovelace", "Ada Byron") + "awards: [\n", encoding="utf-8")  # broken YAML
        line = eventually(lambda: [ln for ln in served.stderr().splitlines() if "still serving" in ln])
        assert line and line[0].startswith("error: ") and "ada.yaml" in line[0], served.stderr()
        assert names(served.query_url) == {"Ada King"}  # the last good graph
        cv.write_text(NONCONFORMING, encoding="utf-8")
        two = eventually(lambda: len([ln for ln in served.stderr().splitlines() if "still serving" in ln]) == 2)
        assert two and "does not conform" in served.stderr(), served.stderr()
        assert names(served.query_url) == {"Ada King"}
        cv.write_text(CV, encoding="utf-8")
        assert eventually(lambda: names(served.query_url) == {"Ada Lovelace"}), served.stderr()
    assert served.process.returncode == 0


# ----------------------------------------------------------------------------- 3. stopping, failing

def test_ctrl_c_stops_cvgraph_and_its_server(tmp_path):
    (tmp_path / "ada.yaml").write_text(CV, encoding="utf-8")
    with serving(tmp_path, "ada.yaml", session=True) as served:
        [pid] = served.server_pids()
        os.killpg(served.process.pid, signal.SIGINT)  # what the terminal does: the whole group
        assert served.process.wait(20) == 0
    assert served.stderr().splitlines()[-1] == "stopped"
    assert wait_gone(pid)


def test_sigterm_stops_cvgraph_and_its_server(tmp_path):
    (tmp_path / "ada.yaml").write_text(CV, encoding="utf-8")
    with serving(tmp_path, "ada.yaml") as served:
        [pid] = served.server_pids()
        served.process.terminate()
        assert served.process.wait(20) == 0
    assert served.stderr().splitlines()[-1] == "stopped"
    assert wait_gone(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel kills the server (PR_SET_PDEATHSIG)")
def test_a_killed_cvgraph_takes_its_server_with_it(tmp_path):
    (tmp_path / "ada.yaml").write_text(CV, encoding="utf-8")
    with serving(tmp_path, "ada.yaml") as served:
        [pid] = served.server_pids()
        served.process.kill()
        served.process.wait(20)
        assert wait_gone(pid), "the Oxigraph server outlived cvgraph"


def _cli(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cvgraph.cli", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_port_in_use_is_one_line_naming_it(tmp_path):
    (tmp_path / "ada.yaml").write_text(CV, encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _cli(tmp_path, "serve", "--port", str(port), "ada.yaml")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [(f"error: port {port} on 127.0.0.1 is in use (another server?): stop "
                                           "it, or choose another with --port N (--port 0: any free port)")]


def test_a_missing_binary_says_how_to_install_it(tmp_path, monkeypatch):
    from cvgraph.pipeline import localserver

    monkeypatch.setattr(localserver, "find_oxigraph", lambda: None)
    (tmp_path / "ada.yaml").write_text(CV, encoding="utf-8")
    result = run(CliRunner(), "serve", str(tmp_path / "ada.yaml"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [("error: the Oxigraph server (the `oxigraph` command) is not "
                                           "installed: pip install oxigraph")]


def test_find_oxigraph_looks_in_the_scripts_folder_then_path(tmp_path, monkeypatch):
    from cvgraph.pipeline import localserver

    empty, scripts, on_path = tmp_path / "empty", tmp_path / "scripts", tmp_path / "bin"
    for folder in (empty, scripts, on_path):
        folder.mkdir()
    monkeypatch.setattr(localserver.sysconfig, "get_path", lambda name: str(empty))
    monkeypatch.setattr(localserver.sys, "executable", str(empty / "python"))
    monkeypatch.setenv("PATH", str(empty))
    assert localserver.find_oxigraph() is None
    for folder in (on_path, scripts):
        binary = folder / "oxigraph"
        binary.write_text("#!/bin/sh\n", encoding="utf-8")
        binary.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    assert localserver.find_oxigraph() == str(on_path / "oxigraph")
    monkeypatch.setattr(localserver.sysconfig, "get_path", lambda name: str(scripts))
    assert localserver.find_oxigraph() == str(scripts / "oxigraph")


def test_a_cv_that_does_not_conform_is_not_served(tmp_path):
    (tmp_path / "bad.yaml").write_text(NONCONFORMING, encoding="utf-8")
    result = _cli(tmp_path, "serve", "--port", "0", "bad.yaml")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("error: not served: the graph does not conform (")


def test_a_cv_that_cannot_be_read_is_not_served(tmp_path):
    result = _cli(tmp_path, "serve", "--port", "0", str(ROOT / "tests" / "bad" / "syntax-error.yaml"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and "syntax-error.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_is_served_as_one_merged_graph(tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "ada.yaml").write_text(CV, encoding="utf-8")
    (folder / "grace.yaml").write_text(CV.replace("Ada Lovelace", "Grace Hopper").replace("/ada", "/grace"),
                                       encoding="utf-8")
    with serving(tmp_path, "cvs") as served:
        rows = sparql_json(served.query_url, "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; "
                           "<https://schema.org/name> ?n } ORDER BY ?n")["results"]["bindings"]
        assert [r["n"]["value"] for r in rows] == ["Ada Lovelace", "Grace Hopper"]
        runner = CliRunner()
        local = run(runner, "query", "cv-owners", str(folder), "-f", "json")
        remote = run(runner, "query", "cv-owners", "-f", "json", *endpoint(served))
        assert answer(remote, "cv-owners") == answer(local, "cv-owners")


def test_a_replaced_graph_is_never_seen_half_loaded(tmp_path):
    """Readers polling during replacements see the old graph or the new one, whole: never an empty
    default graph, never a mix (the staging graph is MOVEd in by one update)."""
    import threading

    from cvgraph.pipeline.localserver import local_server

    small = b"".join(b"<https://example.org/s%d> <https://example.org/p> \"%d\" .\n" % (i, i) for i in range(50))
    large = b"".join(b"<https://example.org/t%d> <https://example.org/p> \"%d\" .\n" % (i, i) for i in range(5000))
    seen: list[str] = []
    with local_server(0) as server:
        server.replace(small)
        done = threading.Event()

        def read():
            while not done.is_set():
                data = sparql_json(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                seen.append(data["results"]["bindings"][0]["n"]["value"])

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for _ in range(10):
                server.replace(large)
                server.replace(small)
        finally:
            done.set()
            reader.join()
    assert seen and set(seen) <= {"50", "5000"}, sorted(set(seen))
