"""Real triple stores for tests: start one on 127.0.0.1, load data, clear it, stop it.

Oxigraph (PyPI ``oxigraph``, a dependency of cvgraph: ``cvgraph serve`` runs it): an in-memory
server (no ``--location``) on a free loopback port, ready in well under a second. Use it through the session fixture
``oxigraph_server`` in ``conftest.py``; the store is shared by the whole session, so a test (or
module fixture) that needs known contents calls ``clear()`` and ``load()`` first.

Virtuoso 7 (Debian ``virtuoso-opensource``; ``tests/run.sh`` installs it): ``virtuoso_server()``
runs ``virtuoso-t`` with its own ini and database in a temporary directory, SQL (isql) and HTTP
on two free loopback ports, and a user with SPARQL_UPDATE for the digest-authenticated
``/sparql-auth`` and ``/sparql-graph-crud-auth``; ready in ~3-5 s. Session fixture
``virtuoso_server``. ``restart_virtuoso(server)`` starts a new one on a stopped or killed one's
database (crash tests; ``start_oxigraph`` does the same for Oxigraph with ``--location DIR``).

``ForwardingProxy``: a real TCP proxy in front of a server that stops at an exact byte of a chosen
request (or at its answer), to kill the server or interrupt the client there (crash tests).

    with oxigraph_server() as server:            # or the pytest fixture
        server.load(ntriples_bytes)              # default graph (Graph Store Protocol POST)
        server.load(turtle_text, graph="https://example.org/g", format="turtle")
        ... query server.query_url / server.update_url ...
        server.clear()

No binary: the fixture skips with the reason, or fails when ``CVGRAPH_REQUIRE_SHARED=1`` (CI).
Every request made here goes to 127.0.0.1 directly (environment proxies are ignored).
"""
from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cvgraph.pipeline.localserver import stop_process

__all__ = [
    "HOST",
    "ForwardingProxy",
    "OxigraphServer",
    "ProxiedRequest",
    "ServerError",
    "find_oxigraph",
    "free_port",
    "http_request",
    "oxigraph_server",
    "restart_virtuoso",
    "serve_handler",
    "silent_server",
    "skip_or_fail",
    "start_oxigraph",
    "start_virtuoso",
    "static_http_server",
]

HOST = "127.0.0.1"
READY_TIMEOUT = 10.0  # seconds for a new server to answer its first query
STOP_TIMEOUT = 5.0  # seconds between terminate() and kill()
REQUIRE_ENV = "CVGRAPH_REQUIRE_SHARED"  # "1": a missing store binary fails instead of skipping

_CONTENT_TYPES = {"turtle": "text/turtle", "ttl": "text/turtle",
                  "nt": "application/n-triples", "ntriples": "application/n-triples",
                  "n-triples": "application/n-triples"}
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


class ServerError(RuntimeError):
    """A test server could not start, or refused a request."""


def skip_or_fail(reason: str) -> None:
    """Skip the test with ``reason``, or fail it when ``CVGRAPH_REQUIRE_SHARED=1``."""
    import pytest

    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} (required because {REQUIRE_ENV}=1)", pytrace=False)
    pytest.skip(f"{reason}; set {REQUIRE_ENV}=1 to make this an error")


def find_oxigraph() -> str | None:
    """The ``oxigraph`` server binary: beside this interpreter (its venv's bin/), else on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def http_request(url: str, data: bytes | None = None, method: str | None = None,
                 headers: dict[str, str] | None = None, timeout: float = 30.0) -> tuple[int, bytes]:
    """One direct HTTP request; returns (status, body) for any status, raises OSError if unreachable."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _DIRECT.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve`` process and its URLs."""

    process: subprocess.Popen
    port: int
    log: Path  # the server's stdout+stderr
    host: str = HOST
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def load(self, data: bytes | str, graph: str | None = None, format: str | None = None) -> None:
        """Add RDF to the default graph or to named graph ``graph`` (Graph Store Protocol POST).

        ``format``: "turtle" or "nt"; by default N-Triples if it looks like it, else Turtle
        (N-Triples is Turtle anyway, so the guess only picks the faster parser).
        """
        body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if format is None:
            head = body.lstrip()[:200]
            format = "turtle" if head.startswith((b"@prefix", b"@base", b"PREFIX", b"BASE", b"prefix", b"base")) \
                else "nt"
        if format not in _CONTENT_TYPES:
            raise ValueError(f"format {format!r}: use one of {', '.join(sorted(_CONTENT_TYPES))}")
        target = "?default" if graph is None else "?graph=" + urllib.parse.quote(graph, safe="")
        status, answer = http_request(self.store_url + target, body, "POST",
                                      {"Content-Type": _CONTENT_TYPES[format]})
        if status not in (200, 201, 204):
            raise ServerError(f"loading into {graph or 'the default graph'} failed: HTTP {status}: "
                              f"{answer.decode('utf-8', 'replace')[:500]}")

    def update(self, text: str) -> None:
        """Run a SPARQL Update (success is 204)."""
        status, answer = http_request(self.update_url, text.encode("utf-8"), "POST",
                                      {"Content-Type": "application/sparql-update"})
        if status not in (200, 204):
            raise ServerError(f"update failed: HTTP {status}: {answer.decode('utf-8', 'replace')[:500]}")

    def clear(self) -> None:
        """Empty the store: the default graph and every named graph."""
        self.update("DROP ALL")

    def count(self, graph: str | None = None) -> int:
        """Number of triples in the default graph, or in named graph ``graph``."""
        import json

        pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        status, answer = http_request(
            self.query_url + "?query=" + urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}"),
            headers={"Accept": "application/sparql-results+json"})
        if status != 200:
            raise ServerError(f"count failed: HTTP {status}: {answer.decode('utf-8', 'replace')[:500]}")
        return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        """Terminate the server; kill it if it has not exited within a few seconds."""
        stop_process(self.process, STOP_TIMEOUT)


def start_oxigraph(binary: str, port: int, log: Path, extra: tuple[str, ...]) -> OxigraphServer:
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "serve", "--bind", f"{HOST}:{port}", *extra],
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    server = OxigraphServer(process, port, log)
    ready = server.query_url + "?query=" + urllib.parse.quote("ASK{}")
    deadline = time.monotonic() + READY_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"`oxigraph serve` on {HOST}:{port} exited with code {process.returncode} "
                              f"before it was ready; its output:\n{server.log_text() or '(none)'}")
        try:
            status, body = http_request(ready, headers={"Accept": "application/sparql-results+json"}, timeout=1)
            if status == 200:
                return server
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.05)
    server.stop()
    raise ServerError(f"`oxigraph serve` on {HOST}:{port} was not ready within {READY_TIMEOUT:g} s "
                      f"(last poll: {last}); its output:\n{server.log_text() or '(none)'}")


@contextmanager
def oxigraph_server(*extra: str, binary: str | None = None) -> Iterator[OxigraphServer]:
    """Run an in-memory ``oxigraph serve`` on a free 127.0.0.1 port for the ``with`` block.

    ``extra``: more ``serve`` options, e.g. ``"--union-default-graph"``. Raises ServerError (with
    the server's output) if it does not come up; FileNotFoundError if there is no binary.
    """
    binary = binary or find_oxigraph()
    if binary is None:
        raise FileNotFoundError("the `oxigraph` server binary was not found (pip install 'oxigraph==0.5.*', "
                                "a dependency of cvgraph)")
    with tempfile.TemporaryDirectory(prefix="cvgraph-oxigraph-") as tmp:
        for attempt in range(3):  # a free port can be taken between free_port() and bind
            log = Path(tmp) / f"server-{attempt}.log"
            try:
                server = start_oxigraph(binary, free_port(), log, extra)
                break
            except ServerError as exc:
                if attempt == 2 or "in use" not in str(exc).lower():
                    raise
        try:
            yield server
        finally:
            server.stop()


# ----------------------------------------------------------------------------- Virtuoso 7

VIRTUOSO_READY_TIMEOUT = 60.0  # a new database takes ~3-5 s; slow CI machines more
VIRTUOSO_VSP = "/var/lib/virtuoso-opensource-7/vsp"
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "cvpub", "cvpub-secret"  # created in each fresh test database

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def find_virtuoso() -> tuple[str, str] | None:
    """(``virtuoso-t``, ``isql-vt``) on PATH, or None (Debian package ``virtuoso-opensource``)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


@dataclass
class VirtuosoServer:
    """A running ``virtuoso-t`` with its own database; ``user``/``password`` may update via digest auth."""

    process: subprocess.Popen
    isql_binary: str
    sql_port: int
    http_port: int
    directory: Path
    log: Path  # virtuoso-t's stdout+stderr
    host: str = HOST
    user: str = VIRTUOSO_USER
    password: str = VIRTUOSO_PASSWORD
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://{self.host}:{self.http_port}"

    @property
    def query_url(self) -> str:  # anonymous, read-only
        return self.base + "/sparql"

    @property
    def update_url(self) -> str:  # digest auth
        return self.base + "/sparql-auth"

    @property
    def gsp_url(self) -> str:  # digest auth
        return self.base + "/sparql-graph-crud-auth"

    def log_text(self) -> str:
        parts = []
        for path in (self.log, self.directory / "virtuoso.log"):
            try:
                parts.append(path.read_text(encoding="utf-8", errors="replace").strip())
            except OSError:
                pass
        return "\n".join(p for p in parts if p)[-4000:]

    def isql(self, statements: str, timeout: float = 30.0) -> str:
        """Run SQL as dba; raises ServerError if isql reports an error (it exits 0 anyway)."""
        done = subprocess.run([self.isql_binary, f"{self.host}:{self.sql_port}", "dba", "dba",
                               "EXEC=" + statements], check=False, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, errors="replace", timeout=timeout)
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise ServerError(f"isql {statements!r} failed (exit {done.returncode}): {out.strip()[-1000:]}")
        return out

    def drop(self, *graphs: str) -> None:
        """Remove named graphs (missing ones are fine)."""
        if graphs:
            self.isql(" ".join(f"SPARQL DROP SILENT GRAPH <{g}>;" for g in graphs))

    def load(self, data: str, graph: str) -> None:
        """Add N-Triples/Turtle text to named graph ``graph`` (as dba, via isql: no HTTP auth needed)."""
        escaped = data.replace("'", "''").replace("\n", " ")
        self.isql(f"DB.DBA.TTLP('{escaped}', '', '{graph}');")

    def select(self, query: str) -> list[dict]:
        """SPARQL SELECT over the anonymous endpoint; the JSON bindings."""
        import json

        status, answer = http_request(self.query_url, urllib.parse.urlencode({"query": query}).encode(), "POST",
                                      {"Accept": "application/sparql-results+json",
                                       "Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            raise ServerError(f"query failed: HTTP {status}: {answer.decode('utf-8', 'replace')[:500]}")
        return json.loads(answer)["results"]["bindings"]

    def count(self, graph: str) -> int:
        """Number of triples in named graph ``graph``."""
        return int(self.select(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"]["value"])

    def stop(self) -> None:
        """Terminate the server (a quick shutdown, ~1 s); kill it if it has not exited in time."""
        stop_process(self.process, STOP_TIMEOUT * 2, STOP_TIMEOUT)


def start_virtuoso(binary: str, isql: str, directory: Path, *, existing: bool = False) -> VirtuosoServer:
    """Start ``virtuoso-t`` on ``directory``: a new one (created, with the test user), or with
    ``existing=True`` a database made by an earlier start (kept as it is; new ports, a new ini)."""
    if not existing:
        directory.mkdir()
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(dir=directory, host=HOST, sql_port=sql_port, http_port=http_port,
                                        vsp=VIRTUOSO_VSP), encoding="utf-8")
    log = directory / "stdout.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    server = VirtuosoServer(process, isql, sql_port, http_port, directory, log)
    try:
        deadline = time.monotonic() + VIRTUOSO_READY_TIMEOUT
        last = "no answer yet"
        while True:
            if process.poll() is not None:
                raise ServerError(f"virtuoso-t exited with code {process.returncode} before it was ready; "
                                  f"its output:\n{server.log_text() or '(none)'}")
            try:
                server.isql("status();", timeout=10)
                status, body = http_request(server.query_url + "?query=" + urllib.parse.quote("ASK {}"),
                                            headers={"Accept": "application/sparql-results+json"}, timeout=2)
                if status == 200:
                    break
                last = f"HTTP {status}: {body[:200]!r}"
            except (ServerError, OSError, subprocess.TimeoutExpired) as exc:
                last = str(exc)[-300:]
            if time.monotonic() > deadline:
                raise ServerError(f"virtuoso-t was not ready within {VIRTUOSO_READY_TIMEOUT:g} s (last poll: "
                                  f"{last}); its output:\n{server.log_text() or '(none)'}")
            time.sleep(0.2)
        if not existing:
            server.isql(f"DB.DBA.USER_CREATE('{server.user}', '{server.password}'); "
                        f'GRANT SPARQL_UPDATE TO "{server.user}";')
        return server
    except BaseException:
        server.stop()
        raise


@contextmanager
def virtuoso_server() -> Iterator[VirtuosoServer]:
    """Run Virtuoso 7 with a fresh database in a temporary directory for the ``with`` block.

    Raises FileNotFoundError without ``virtuoso-t``/``isql-vt``; ServerError (with the server's
    output) if it does not come up. The process is always terminated (killed if need be).
    """
    found = find_virtuoso()
    if found is None:
        raise FileNotFoundError("virtuoso-t/isql-vt not found (Debian package virtuoso-opensource)")
    with tempfile.TemporaryDirectory(prefix="cvgraph-virtuoso-") as tmp:
        for attempt in range(3):  # a free port can be taken between free_port() and bind
            try:
                server = start_virtuoso(*found, Path(tmp) / f"db-{attempt}")
                break
            except ServerError:
                if attempt == 2:
                    raise
        try:
            yield server
        finally:
            server.stop()



def restart_virtuoso(server: VirtuosoServer) -> VirtuosoServer:
    """A new ``virtuoso-t`` on ``server``'s database directory (after it stopped or was killed:
    Virtuoso replays its transaction log), on new ports; the test user exists already."""
    if server.process.poll() is None:
        raise ServerError("restart_virtuoso: the old server is still running (stop or kill it first)")
    for attempt in range(3):  # a free port can be taken between free_port() and bind
        try:
            return start_virtuoso(server.process.args[0], server.isql_binary, server.directory, existing=True)
        except ServerError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")

# ----------------------------------------------------------------------------- misbehaving servers
# For error paths: a port that accepts connections but never answers, and an HTTP server that
# answers every request with one fixed response. Both run in a daemon thread on 127.0.0.1 and are
# shut down (listening socket and every accepted connection closed) when the block ends.

@contextmanager
def silent_server() -> Iterator[str]:
    """``http://127.0.0.1:PORT``: accepts TCP connections, reads nothing, never answers."""
    listener = socket.create_server((HOST, 0))
    listener.settimeout(0.1)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, name="silent-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for conn in held:
            conn.close()


@contextmanager
def serve_handler(handler: type, tls: ssl.SSLContext | None = None, name: str = "test-http-server") -> Iterator[str]:
    """``http(s)://127.0.0.1:PORT``: ``handler`` (a BaseHTTPRequestHandler) serving in a thread,
    over TLS with ``tls``; shut down on exit."""
    import http.server

    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls is not None else 'http'}://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def static_http_server(body: bytes | str, content_type: str = "text/html; charset=utf-8",
                       status: int = 200) -> Iterator[str]:
    """``http://127.0.0.1:PORT``: answers every GET/POST (any path) with ``status`` and ``body``."""
    import http.server

    payload = body.encode("utf-8") if isinstance(body, str) else bytes(body)

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    with serve_handler(Handler, name="static-http-server") as base:
        yield base


# ----------------------------------------------------------------------------- a forwarding proxy
# For crash and interrupt tests: a real TCP proxy on 127.0.0.1 in front of a real server (not a
# mock of the store: every byte goes to the server and every answer comes back) that stops at an
# exact point of one chosen request, so that a test can kill the server or interrupt the client
# there, deterministically, without sleeps.

@dataclass
class ProxiedRequest:
    """The head of one request that went through a :class:`ForwardingProxy`."""

    method: str
    target: str
    headers: dict[str, str]  # names lower-cased
    length: int  # Content-Length (0 if none)


_CHUNK = 1 << 16


class ForwardingProxy:
    """``url`` forwards each connection to ``upstream`` (host, port); every request head seen is in
    ``requests``. :meth:`arm` picks one request to stop in: once an exact number of bytes of its body
    went to the server (``at``, or a ``fraction`` of the body, or all of it), or with ``answer``
    once the server's answer to it arrived, ``reached`` is set and ``action`` runs (in the proxy's
    thread, e.g. killing the server); with ``hold`` the proxy then forwards nothing more of that
    connection (the client's further bytes wait in its socket buffers, or the client waits in its
    send; or the client waits for the answer) until :meth:`release` (carry on) or :meth:`cut` (the
    server sees the request end there, the client a reset).
    ``buffer_requests``: read each other request whole from the client before sending it on, as a
    buffering reverse proxy (nginx's default) does; a server that answers before reading the body
    (Virtuoso's 401 challenge to a Graph Store PUT) then cannot cut the client off mid-upload.

    A server that closes or resets the connection gets the client's connection closed or reset
    too; a refused upstream connection resets the client's."""

    def __init__(self, upstream: tuple[str, int], *, buffer_requests: bool = False) -> None:
        self.upstream, self.buffer_requests = upstream, buffer_requests
        self.listener = socket.create_server((HOST, 0))
        self.listener.settimeout(0.1)
        self.url = f"http://{HOST}:{self.listener.getsockname()[1]}"
        self.requests: list[ProxiedRequest] = []
        self.reached = threading.Event()
        self.forwarded = 0  # body bytes of the chosen request sent to the server so far
        self._select = None
        self._at: int | None = None
        self._fraction: float | None = None
        self._server_done = threading.Event()  # the chosen request's server side answered or closed
        self._action = None
        self._hold = self._answer_point = False
        self._go = threading.Event()
        self._cut = False
        self._chosen: tuple[socket.socket, socket.socket] | None = None  # (client, server) of the chosen request
        self._taken = False  # a request was chosen since arm()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._spawn(self._accept)

    # -- the test's side

    def arm(self, select, *, at: int | None = None, fraction: float | None = None, answer: bool = False,
            action=None, hold: bool = False) -> None:
        """Stop in the first later request for which ``select(ProxiedRequest)`` is true (see class):
        after ``at`` bytes of its body, or ``fraction`` of it, or the whole body, or (``answer``)
        when the server's answer arrives."""
        with self._lock:
            self._select, self._at, self._fraction, self._action = select, at, fraction, action
            self._hold, self._answer_point = hold, answer
            self.reached.clear(), self._go.clear(), self._server_done.clear()
            self._cut, self._chosen, self._taken, self.forwarded = False, None, False, 0

    def release(self) -> None:
        """Let the held connection carry on."""
        self._go.set()

    def cut(self, timeout: float = 10.0) -> bool:
        """End the held connection: the client's side is reset, the server's is half-closed (it sees
        the request end where it was held) and, once the server has answered or closed (at most
        ``timeout`` s), reset too. Returns whether the server did so in time."""
        self._cut = True
        chosen = self._chosen
        if chosen is not None:
            client, upstream = chosen
            _abort(client)
            try:
                upstream.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        self._go.set()
        done = self._server_done.wait(timeout) if chosen is not None else True
        if chosen is not None:
            _abort(chosen[1])
        return done

    def close(self) -> None:
        self._stop.set()
        self._go.set()
        self.listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _abort(sock)
        for thread in self._threads:
            thread.join(5)

    def __enter__(self) -> ForwardingProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the proxy's side

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, name="forwarding-proxy", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._sockets.append(conn)
            self._spawn(self._serve, conn)

    def _serve(self, client: socket.socket) -> None:
        head, rest = b"", b""
        try:
            while b"\r\n\r\n" not in head:
                data = client.recv(_CHUNK)
                if not data:
                    client.close()
                    return
                head += data
            head, rest = head.split(b"\r\n\r\n", 1)
            head += b"\r\n\r\n"
            request = _parse_head(head)
            self.requests.append(request)
            with self._lock:
                chosen = self._select is not None and not self._taken and bool(self._select(request))
                self._taken = self._taken or chosen
            if self.buffer_requests and not chosen:
                while len(rest) < request.length:
                    data = client.recv(_CHUNK)
                    if not data:
                        break
                    rest += data
            try:
                upstream = socket.create_connection(self.upstream, timeout=10)
                upstream.settimeout(None)
            except OSError:
                _abort(client)
                return
            with self._lock:
                self._sockets.append(upstream)
                if chosen:
                    self._chosen = (client, upstream)
            self._spawn(self._answer, upstream, client, chosen)
            upstream.sendall(head)
            self._upload(client, upstream, rest, request.length if chosen else None)
        except OSError:
            _abort(client)

    def _upload(self, client: socket.socket, upstream: socket.socket, rest: bytes, length: int | None) -> None:
        """Client → server; ``length``: the chosen request's body length (None: not chosen)."""
        if length is None or self._answer_point:
            at = None
        elif self._at is not None:
            at = min(self._at, length)
        else:
            at = length if self._fraction is None else int(length * self._fraction)
        # the server went away: reset the client, as the server itself would (but a buffered request
        # has been read whole: its client waits for the answer, which _answer relays if there is one)
        abort_client = length is not None or not self.buffer_requests
        pending = rest
        while True:
            if at is not None and self.forwarded < at:
                pending, later = pending[:at - self.forwarded], pending[at - self.forwarded:]
            else:
                later = b""
            if pending:
                try:
                    upstream.sendall(pending)
                except OSError:
                    if abort_client:
                        _abort(client)
                    return
                if at is not None:
                    self.forwarded += len(pending)
            pending = later
            if at is not None and self.forwarded >= at:
                at = None
                if not self._stop_here():
                    return
            if pending:
                continue
            try:
                data = client.recv(_CHUNK)
            except OSError:
                _abort(upstream)
                return
            if not data:
                try:
                    upstream.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            pending = data

    def _stop_here(self) -> bool:
        """The chosen request's stop point: whether to carry on forwarding (not cut)."""
        self.reached.set()
        if self._action is not None:
            self._action()
        if self._hold:
            self._go.wait()
        return not (self._cut or self._stop.is_set())

    def _answer(self, upstream: socket.socket, client: socket.socket, chosen: bool) -> None:
        """Server → client, holding the chosen request's answer if asked to."""
        try:
            first = True
            while True:
                try:
                    data = upstream.recv(_CHUNK)
                except OSError:  # reset by the server (e.g. killed)
                    _abort(client)
                    return
                if chosen and first and data and self._answer_point:
                    self._stop_here()
                first = False
                if chosen and (self._cut or self._stop.is_set()):
                    return  # the answer (or the server's close) is dropped with the connection
                if not data:
                    try:
                        client.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                try:
                    client.sendall(data)
                except OSError:
                    _abort(upstream)
                    return
        finally:
            if chosen:
                self._server_done.set()


def _parse_head(head: bytes) -> ProxiedRequest:
    lines = head.decode("latin-1").split("\r\n")
    method, target = (lines[0].split(" ") + ["", ""])[:2]
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return ProxiedRequest(method, target, headers, int(headers.get("content-length") or 0))


def _abort(sock: socket.socket) -> None:
    """Close now, ending with a reset (SO_LINGER 0), as a killed peer's kernel does with data unread."""
    import struct

    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked on it (close() alone would not)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
