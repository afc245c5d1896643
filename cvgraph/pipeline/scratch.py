"""A batch run's scratch folder beside its output, and the ones killed runs left behind.

A batch merges its output through runs in a scratch folder beside the output (as much disk as
the output), and writes the output through a temporary file there (:class:`cvgraph.fsio.AtomicFile`).
A run that ends in any way Python sees removes both; one that is killed (SIGKILL, power loss)
cannot, so the next run in that folder does (issue 12): the scratch folder is named
``.cvgraph-batch-<pid>-<host>-<random>`` (:func:`cvgraph.fsio.owner_tag`), and one whose process
is gone (same host, pid not running: :func:`cvgraph.fsio.owner_gone`) is removed. The temporary
file is named the same way and removed by the next writer there (:func:`cvgraph.fsio.remove_stale_temps`).
Nothing else is touched: not a living run's files (whatever its user), not another machine's (a
shared folder).
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cvgraph.fsio import owner_gone, owner_tag

__all__ = ["PREFIX", "remove_stale", "scratch_dir", "temporary"]

PREFIX = ".cvgraph-batch-"


def scratch_dir(folder: Path | None) -> Path:
    """A new scratch folder in ``folder`` (None: the system's temporary folder), once the ones of
    dead runs there are removed."""
    where = folder if folder is not None else Path(tempfile.gettempdir())
    remove_stale(where)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{owner_tag()}-", dir=where))


@contextmanager
def temporary(folder: Path | None = None) -> Iterator[Path]:
    """A scratch folder (:func:`scratch_dir`) for the ``with`` block, removed after it."""
    scratch = scratch_dir(folder)
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _dead_run(entry: Path) -> bool:
    """``entry`` is the scratch folder of a run on this host that is no longer running."""
    pid, _, rest = entry.name.removeprefix(PREFIX).partition("-")
    host = rest.partition("-")[0]
    return entry.is_dir() and not entry.is_symlink() and owner_gone(pid, host)


def remove_stale(folder: Path) -> None:
    """Remove the scratch folders of dead runs in ``folder``."""
    try:
        entries = [e for e in folder.iterdir() if e.name.startswith(PREFIX)]
    except OSError:
        return  # an unreadable folder: whoever writes there says so
    for entry in entries:
        if _dead_run(entry):
            shutil.rmtree(entry, ignore_errors=True)
