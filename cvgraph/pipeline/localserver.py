"""The Oxigraph SPARQL server (the ``oxigraph`` PyPI package's binary) run for ``cvgraph serve``.

:func:`local_server` starts ``oxigraph serve`` bound to 127.0.0.1 only (never all interfaces),
with its store in memory (nothing of it is written to disk) and its output in a scratch folder
(:mod:`cvgraph.pipeline.scratch`: removed at exit, or by the next run if this one is killed),
waits until it answers, and stops it when the ``with`` block ends in any way (Ctrl-C and SIGTERM
included: :func:`cvgraph.pipeline.workers.sigterm_interrupts`). The server dies with cvgraph
when cvgraph is killed outright too: on Linux it is SIGKILLed when its parent dies
(:func:`cvgraph.pipeline.workers.dies_with`). It ignores Ctrl-C, which the terminal sends to the
whole process group: cvgraph stops it, then says so.

:meth:`LocalServer.replace` makes the store's default graph exactly the N-Triples given: they are
loaded into a staging graph (Graph Store Protocol ``PUT``), then ``MOVE``\\ d into the default graph
by one SPARQL Update, which Oxigraph applies atomically: a query sees the old graph or the new
one, never a mix or nothing. Requests go through :class:`cvgraph.store.client.Client`.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cvgraph.errors import CvgraphError, PublishError, one_line
from cvgraph.pipeline.scratch import temporary
from cvgraph.pipeline.workers import dies_with
from cvgraph.store.client import Client, endpoints

__all__ = ["HOST", "STAGING", "LocalServer", "ServerError", "find_oxigraph", "local_server", "stop_process"]

HOST = "127.0.0.1"  # the only address the server listens on
STAGING = "urn:cvgraph:serve:staging"  # where a new graph is loaded before it replaces the default graph
READY_TIMEOUT = 30.0  # seconds for the server to answer its first query
LOAD_TIMEOUT = 600.0  # seconds for one load request (a large department)
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL
IN_USE = "address already in use"  # what the server says when the port is taken
INSTALL = "pip install oxigraph"


class ServerError(CvgraphError):
    """The SPARQL server could not be found, started or loaded, or it stopped."""


def find_oxigraph() -> str | None:
    """The ``oxigraph`` binary: in this Python's scripts folder (where ``pip install oxigraph``
    puts it, a venv's ``bin/`` too), beside the interpreter, else on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LocalServer:
    """A running ``oxigraph serve`` on ``127.0.0.1:port``."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path  # the server's stdout and stderr

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``: the server (its query editor is here)."""
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    def client(self, timeout: float = LOAD_TIMEOUT, retries: int = 0) -> Client:
        return Client(endpoints(self.base, "oxigraph"), None, timeout, retries)

    def said(self) -> str:
        """The server's last line of output (why it stopped), or ``""``."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines if ln.startswith("Error")]
        return one_line((errors or lines or [""])[-1])

    def check_running(self) -> None:
        """A ServerError if the server has exited."""
        code = self.process.poll()
        if code is not None:
            said = self.said()
            raise ServerError(f"the Oxigraph server on {HOST}:{self.port} stopped (exit code {code})"
                              + (f": {said}" if said else ""))

    def replace(self, ntriples: bytes) -> None:
        """Make the default graph exactly ``ntriples`` (N-Triples), atomically (see the module docstring)."""
        client = self.client()
        try:
            client.put(STAGING, ntriples)
            client.update(f"MOVE <{STAGING}> TO DEFAULT")
        except PublishError as exc:
            self.check_running()
            raise ServerError(f"loading the graph into the Oxigraph server failed: {exc}") from None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within :data:`STOP_TIMEOUT` seconds."""
        stop_process(self.process, STOP_TIMEOUT)


def stop_process(process: subprocess.Popen[bytes], grace: float, kill_wait: float | None = None) -> None:
    """Stop ``process`` if it still runs: SIGTERM, then SIGKILL if it has not exited within ``grace``
    seconds (then wait ``kill_wait``, default ``grace``, for it to go)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace if kill_wait is None else kill_wait)


def _child(parent: int) -> None:
    """In the server's process before it execs: Ctrl-C (sent to the whole process group) is left
    to cvgraph, which stops the server; and it dies with cvgraph."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    dies_with(parent)


def _start(binary: str, port: int, log: Path) -> LocalServer:
    parent = os.getpid()
    # preexec_fn: cvgraph runs no other thread here (the batch's pool has been shut down), and
    # _child only makes system calls; it is the one way to have the kernel kill the server with us
    child = (lambda: _child(parent)) if os.name == "posix" else None
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "serve", "--bind", f"{HOST}:{port}"], stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT, preexec_fn=child)  # noqa: PLW1509
    return LocalServer(process, port, log)


def _wait_ready(server: LocalServer, timeout: float = READY_TIMEOUT) -> None:
    """Poll the server with ``ASK {}`` until it answers; a ServerError if it exits or never does."""
    client = server.client(timeout=1.0)
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        server.check_running()
        try:
            client.query("ASK {}")
            return
        except PublishError as exc:
            last = str(exc)
        time.sleep(0.05)
    raise ServerError(f"the Oxigraph server on {HOST}:{server.port} did not answer within {timeout:g} s ({last})")


def _started(binary: str, port: int, folder: Path) -> LocalServer:
    """The server on ``port`` (0: a free one, tried up to three times), ready."""
    for attempt in range(3):
        server = _start(binary, port or _free_port(), folder / f"oxigraph-{attempt}.log")
        try:
            _wait_ready(server)
            return server
        except ServerError as exc:
            server.stop()
            if IN_USE not in str(exc).lower():
                raise
            if port:
                raise ServerError(f"port {port} on {HOST} is in use (another server?): stop it, or choose "
                                  "another with --port N (--port 0: any free port)") from None
        except BaseException:  # Ctrl-C or SIGTERM while it starts
            server.stop()
            raise
    raise ServerError(f"no free port on {HOST} after 3 attempts: choose one with --port N")


@contextmanager
def local_server(port: int = 7878) -> Iterator[LocalServer]:
    """Run the Oxigraph server on ``127.0.0.1:port`` (0: any free port) for the ``with`` block:
    started, ready, and stopped at the end whatever happens. A ServerError (one line) if the
    binary is missing (``pip install oxigraph``), the port is taken, or it does not start."""
    binary = find_oxigraph()
    if binary is None:
        raise ServerError(f"the Oxigraph server (the `oxigraph` command) is not installed: {INSTALL}")
    with temporary() as folder:
        server = _started(binary, port, folder)
        try:
            yield server
        finally:
            server.stop()
