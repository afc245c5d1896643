"""Issue 16: read_capped reads a file into a buffer of the size it has, not of the limit (a 5 MB
buffer per CV, a 256 MB one per cache entry); a file larger than its size said (it grew, or
/proc's files, which say 0) is still read whole, and still capped."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cvgraph.fsio import ReadError, read_capped


def test_exact_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    assert read_capped(path, 3) == b"abc"
    assert read_capped(path, 1 << 28) == b"abc"
    path.write_bytes(b"")
    assert read_capped(path, 10) == b""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_file_larger_than_its_size_says_is_read_whole_and_capped() -> None:
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    text = read_capped(status, 1 << 20)
    assert text.startswith(b"Name:") and text.endswith(b"\n") and len(text) > 100
    with pytest.raises(ReadError, match="over the 10-byte limit"):
        read_capped(status, 10)
