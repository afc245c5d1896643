"""Issue 12, item 7: the cache was trusted blindly.

Entries written by a real build are tampered with: a changed graph name put every quad in the
wrong graph; a replaced body was emitted as it was (even text that is not N-Triples); a flipped
``conforms`` made ``build`` write a non-conforming graph with exit 0; a malformed header crashed.
Now every entry carries a digest of its content and its key: one that does not verify is
discarded and rebuilt, with a one-line warning naming the cache file.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.paths import ROOT
from support.samples import NONCONFORMING

CV = """person:
  name: Ada Lovelace
  homepage: https://example.org/{who}
publications:
  - {{title: Notes on the Analytical Engine, kind: journal, year: "1843", authors: [me]}}
"""


def _cvgraph(args: list[str], cache: Path | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CVGRAPH_NO_CACHE", None)
    if cache is None:
        env["CVGRAPH_NO_CACHE"] = "1"
    else:
        env["CVGRAPH_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "cvgraph.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def _entries(cache: Path, kind: str) -> list[Path]:
    found = sorted((cache / kind).rglob("*.z"))
    assert found, f"no {kind} entry written"
    return found


def _rewrite(entry: Path, change: Callable[[Any], Any]) -> None:
    """Change the JSON header of an entry (whatever its layout) and keep its body."""
    head, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(json.dumps(change(json.loads(head))).encode() + b"\n" + body)


def _walk(value: Any, key: str, change: Callable[[Any], Any]) -> Any:
    """``value`` with every ``key`` in it (at any depth) changed."""
    if isinstance(value, dict):
        return {k: change(v) if k == key else _walk(v, key, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key, change) for v in value]
    return value


def _drop(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _drop(v, key) for k, v in value.items() if k != key}
    return value


def _warned(stderr: str, entries: list[Path]) -> None:
    warnings = [line for line in stderr.splitlines() if line.startswith("warning:") and "cache" in line]
    for entry in entries:
        assert any(str(entry) in line for line in warnings), stderr
    assert "Traceback" not in stderr


@pytest.fixture
def two_cvs(tmp_path: Path) -> tuple[list[str], bytes, Path]:
    """Two CV files, the N-Quads a build without cache gives, and a cache a real build filled."""
    files = []
    for who in ("ada", "bob"):
        path = tmp_path / f"{who}.yaml"
        path.write_text(CV.format(who=who), encoding="utf-8")
        files.append(str(path))
    expected = _cvgraph(["build", *files, "-f", "nquads", "-j", "1"], None)
    assert expected.returncode == 0, expected.stderr
    cache = tmp_path / "cache"
    first = _cvgraph(["build", *files, "-f", "nquads", "-j", "1"], cache)
    assert first.stdout == expected.stdout
    return files, expected.stdout.encode(), cache


TAMPERINGS: dict[str, Callable[[Path], None]] = {
    "graph name changed": lambda e: _rewrite(e, lambda h: _walk(h, "graph", lambda g: "https://evil.example/g")),
    "body replaced by text": lambda e: e.write_bytes(e.read_bytes().partition(b"\n")[0] + b"\n"
                                                     + zlib.compress(b"this is not N-Triples\n")),
    "body not zlib": lambda e: e.write_bytes(e.read_bytes().partition(b"\n")[0] + b"\nplain"),
    "header not JSON": lambda e: e.write_bytes(b"{not json\n" + e.read_bytes().partition(b"\n")[2]),
    "header a list": lambda e: _rewrite(e, lambda h: [h]),
    "graph field missing": lambda e: _rewrite(e, lambda h: _drop(_walk(h, "header", lambda x: _drop(x, "graph")),
                                                                  "graph")),
    "triples a string": lambda e: _rewrite(e, lambda h: _walk(h, "triples", lambda n: "many")),
}


@pytest.mark.parametrize("tamper", list(TAMPERINGS))
def test_a_tampered_cv_entry_is_rebuilt_with_a_warning(two_cvs: tuple[list[str], bytes, Path], tamper: str) -> None:
    files, expected, cache = two_cvs
    entries = _entries(cache, "cv")
    for entry in entries:
        TAMPERINGS[tamper](entry)
    again = _cvgraph(["build", *files, "-f", "nquads", "-j", "1"], cache)
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == expected
    _warned(again.stderr, entries)
    third = _cvgraph(["build", *files, "-f", "nquads", "-j", "1"], cache)  # the rebuilt entries verify
    assert third.stdout.encode() == expected and "warning" not in third.stderr


def test_an_entry_moved_to_another_key_is_rebuilt(two_cvs: tuple[list[str], bytes, Path]) -> None:
    files, expected, cache = two_cvs
    a, b = _entries(cache, "cv")
    content_a, content_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(content_b)
    b.write_bytes(content_a)
    again = _cvgraph(["build", *files, "-f", "nquads", "-j", "1"], cache)
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == expected
    _warned(again.stderr, [a, b])


def test_a_flipped_conforms_in_a_cached_report_does_not_make_build_write(tmp_path: Path) -> None:
    cv, out, cache = tmp_path / "cv.yaml", tmp_path / "out.ttl", tmp_path / "cache"
    cv.write_text(NONCONFORMING, encoding="utf-8")
    first = _cvgraph(["build", str(cv), "-o", str(out)], cache)
    assert first.returncode == 1 and not out.exists()
    entries = _entries(cache, "report")
    for entry in entries:
        _rewrite(entry, lambda h: _walk(h, "conforms", lambda c: True))
    again = _cvgraph(["build", str(cv), "-o", str(out)], cache)
    assert again.returncode == 1 and not out.exists(), again.stderr
    _warned(again.stderr, entries)


def test_a_flipped_conforms_in_a_cached_cv_does_not_make_a_batch_write_it(tmp_path: Path) -> None:
    bad, good, cache = tmp_path / "bad.yaml", tmp_path / "good.yaml", tmp_path / "cache"
    bad.write_text(NONCONFORMING, encoding="utf-8")
    good.write_text(CV.format(who="bob"), encoding="utf-8")
    args = ["build", str(bad), str(good), "-f", "nquads", "-j", "1"]
    first = _cvgraph(args, cache)
    assert first.returncode == 1 and "example.org/ada" not in first.stdout
    entries = _entries(cache, "cv")
    for entry in entries:
        _rewrite(entry, lambda h: _walk(h, "conforms", lambda c: True))
    again = _cvgraph(args, cache)
    assert again.returncode == 1 and again.stdout == first.stdout, again.stderr
    _warned(again.stderr, entries[:1] if len(entries) == 1 else [])
    assert any(line.startswith("warning:") and "cache" in line for line in again.stderr.splitlines())


def test_an_entry_that_is_a_fifo_is_discarded_without_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from cvgraph import cache

    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path))
    key = cache.key("test")
    cache.put("report", key, {"conforms": True}, b"body")
    assert cache.get("report", key) == ({"conforms": True}, b"body")
    entry = next((tmp_path / "report").rglob("*.z"))
    entry.unlink()
    assert cache.get("report", key) is None and capsys.readouterr().err == ""  # missing: silent
    os.mkfifo(entry)
    assert cache.get("report", key) is None
    assert str(entry) in capsys.readouterr().err and not entry.exists()
