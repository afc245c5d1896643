"""Crash safety: a persistent Oxigraph server killed (SIGKILL) in the middle of a replacing publish
and restarted on the same database holds the old graph or the complete new one, never a mix."""
from __future__ import annotations

import hashlib
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.publish import METADATA_GRAPH, skolemise
from cvgraph.terms import nt_line

SAMPLE = cvgraph.sample_path()
DOC = "https://sites.google.com/view/sunwoolee"
EXTRA = 3000  # extra publications in version B: ~10 MB of update request


def _big_cv(tmp_path: Path) -> Path:
    """Version B: the sample with EXTRA more publications (one graph of tens of thousands of triples)."""
    text = SAMPLE.read_text(encoding="utf-8")
    entries = "".join(f"  - id: crash{i:05d}\n    kind: conference\n    title: \"Synthetic Paper Number {i}\"\n"
                      f"    authors: [Sunwoo Lee]\n    venue: acm-sigkdd\n    year: 2024\n" for i in range(EXTRA))
    assert text.count("\npublications:\n") == 1
    path = tmp_path / "big.yaml"
    path.write_text(text.replace("\npublications:\n", "\npublications:\n" + entries, 1), encoding="utf-8")
    return path


def _local(path: Path) -> set[str]:
    text = "".join(nt_line(t) for t in skolemise(cvgraph.triples(path), DOC))
    return {str(t) + " ." for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)}


def _read_graph(server, graph: str) -> set[str]:
    from servers import http_request

    status, body = http_request(server.store_url + "?graph=" + urllib.parse.quote(graph, safe=""),
                                headers={"Accept": "application/n-triples"})
    assert status in (200, 404), body
    return {str(t) + " ." for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} if status == 200 else set()


class _KillingBody:
    """An update request body that kills the server once ``fraction`` of it has been read for
    sending (1.0: just after the whole body went out, while the server works on it)."""

    def __init__(self, data: bytes, process, fraction: float):
        self.data, self.process, self.pos = data, process, 0
        self.at = int(len(data) * fraction)
        self.killed = threading.Event()

    def _kill(self) -> None:
        if not self.killed.is_set():
            self.killed.set()
            self.process.kill()  # SIGKILL

    def read(self, size: int = -1) -> bytes:
        if self.pos >= self.at and self.at < len(self.data):
            self._kill()
        if self.pos >= len(self.data):
            if not self.killed.is_set():
                threading.Timer(0.02, self._kill).start()
            return b""
        size = len(self.data) - self.pos if size < 0 else size
        chunk = self.data[self.pos:self.pos + size]
        self.pos += len(chunk)
        return chunk


@pytest.mark.parametrize("fraction", [0.5, 1.0], ids=["mid-upload", "after-upload"])
def test_sigkill_mid_publish_leaves_old_or_new_graph(tmp_path, monkeypatch, fraction):
    from servers import _start, find_oxigraph, free_port, skip_or_fail

    import cvgraph.publish as pub

    binary = find_oxigraph()
    if binary is None:
        skip_or_fail("the `oxigraph` server binary was not found (pip install -e '.[test]' installs it)")
    db = tmp_path / "db"
    db.mkdir()
    big = _big_cv(tmp_path)
    old, new = _local(SAMPLE), _local(big)
    assert len(new) > 10 * len(old)

    server = _start(binary, free_port(), tmp_path / "first.log", ("--location", str(db)))
    try:
        runner = CliRunner()
        result = runner.invoke(main, ["publish", "--endpoint", server.base])
        assert result.exit_code == 0, result.output
        assert _read_graph(server, DOC) == old

        real, bodies = pub._http, []

        def killing_http(method, url, body, headers, *args, **kwargs):
            if method == "POST" and url == server.update_url and body and len(body) > 1_000_000:
                body = _KillingBody(body, server.process, fraction)
                bodies.append(body)
                headers = {**headers, "Content-Length": str(len(body.data))}
            return real(method, url, body, headers, *args, **kwargs)

        monkeypatch.setattr(pub, "_http", killing_http)
        started = time.monotonic()
        result = runner.invoke(main, ["publish", "--endpoint", server.base, str(big)])
        assert bodies and bodies[0].killed.wait(5)
        server.process.wait(10)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {server.base}/"), lines
        assert "Traceback" not in result.output and time.monotonic() - started < 60
    finally:
        server.stop()

    server = _start(binary, free_port(), tmp_path / "second.log", ("--location", str(db)))
    try:
        held = _read_graph(server, DOC)
        assert held in (old, new), (f"a mix: {len(held)} triples, {len(held & old)} of the old version, "
                                    f"{len(held - old)} of the new one only")
        meta = "\n".join(_read_graph(server, METADATA_GRAPH))  # provenance went in the same request
        source = SAMPLE if held == old else big
        assert hashlib.sha256(source.read_bytes()).hexdigest() in meta
    finally:
        server.stop()
