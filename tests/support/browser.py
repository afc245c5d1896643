"""Headless Chromium for tests: load a local page, get its DOM after scripts ran, or a screenshot.

Debian's ``chromium`` (tests/run.sh installs it) is run exactly as ../shared/STORES.md says works
on these machines (as root: ``--no-sandbox``; a fresh ``--user-data-dir`` per call), with a hard
timeout. Only ``file://`` pages are loaded: the helpers refuse anything else, and the pages the
tests write reference no remote resource, so no call touches the network.

Without Chromium the tests that need it skip with a reason, or fail when CVGRAPH_REQUIRE_SHARED=1
(as CI sets it), like the other external tools (see tests/support/servers.py).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Exactly the flags ../shared/STORES.md verified (the profile directory is added per call).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")
TIMEOUT = 60.0  # seconds per Chromium call; a normal call takes ~2 s


class ChromiumError(RuntimeError):
    """Chromium failed, timed out or printed nothing."""


def find_chromium() -> Path:
    """The Chromium binary; skip the calling test (or fail, with CVGRAPH_REQUIRE_SHARED=1) if absent."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} not found (Debian package `chromium`; tests/run.sh installs it)"
    if os.environ.get("CVGRAPH_REQUIRE_SHARED") == "1":
        pytest.fail(f"{reason} (required because CVGRAPH_REQUIRE_SHARED=1)", pytrace=False)
    pytest.skip(reason)


def file_url(path: str | os.PathLike) -> str:
    """The ``file://`` URL of a local file (which must exist): the only kind of page we load."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(path)
    return path.as_uri()


def run_chromium(args: list[str], timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Run headless Chromium with the fixed flags, ``args`` and a throw-away profile; return the
    finished process (stdout as bytes). The whole process group is killed on timeout."""
    binary = find_chromium()
    profile = tempfile.mkdtemp(prefix="cvgraph-chromium-")
    cmd = [str(binary), *FLAGS, f"--user-data-dir={profile}", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            start_new_session=True)  # own process group: kill it with its children
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ChromiumError(f"chromium timed out after {timeout:g} s: {' '.join(args)}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise ChromiumError(f"chromium exited {proc.returncode}: {' '.join(args)}\n" + "\n".join(tail))
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _page_args(path: str | os.PathLike, virtual_time_budget: int | None) -> list[str]:
    budget = [f"--virtual-time-budget={int(virtual_time_budget)}"] if virtual_time_budget else []
    return [*budget, file_url(path)]


def dump_dom(path: str | os.PathLike, virtual_time_budget: int | None = None, timeout: float = TIMEOUT) -> str:
    """The serialised DOM of the local page at ``path`` after its scripts ran (``--dump-dom``).

    ``virtual_time_budget`` (ms of virtual time) lets timers and load/error events settle first.
    """
    proc = run_chromium(["--dump-dom", *_page_args(path, virtual_time_budget)], timeout)
    dom = proc.stdout.decode("utf-8")
    if "<html" not in dom.lower():
        raise ChromiumError(f"chromium printed no DOM for {path}")
    return dom


def screenshot(path: str | os.PathLike, png: str | os.PathLike, width: int = 1280, height: int = 1024,
               virtual_time_budget: int | None = None, timeout: float = TIMEOUT) -> Path:
    """Save a ``width``×``height`` PNG of the local page at ``path`` to ``png``; return its path."""
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    run_chromium([f"--screenshot={png}", f"--window-size={int(width)},{int(height)}",
                  *_page_args(path, virtual_time_budget)], timeout)
    if not png.is_file():
        raise ChromiumError(f"chromium wrote no screenshot for {path}")
    return png
