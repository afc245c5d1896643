"""A batch run's scratch folder beside its output, and what killed runs left behind.

A batch writes its output through a temporary file beside it (:class:`cvgraph.fsio.AtomicFile`)
and its merge runs into a scratch folder there (as much disk as the output). A run that ends in
any way Python sees removes both; one that is killed (SIGKILL, power loss) cannot, so the next
run in that folder does (issue 12): the scratch folder is named
``.cvgraph-batch-<pid>-<host>-<random>`` and lists the files beside it that the run owns (its
output's temporary file); a folder whose process is gone (same host, pid not running) is
removed with the files it lists. Nothing else is touched: not a living run's files (whatever
its user), not another machine's (a shared folder), not a file the list names that is not a
dot-file ending in ``.tmp``.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PREFIX", "own", "remove_stale", "scratch_dir", "temporary"]

PREFIX = ".cvgraph-batch-"
OWNED = "owned"  # in a scratch folder: the names of the files beside it that its run created


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:8]


def scratch_dir(folder: Path | None) -> Path:
    """A new scratch folder in ``folder`` (None: the system's temporary folder), once the ones of
    dead runs there are removed."""
    where = folder if folder is not None else Path(tempfile.gettempdir())
    remove_stale(where)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-{_host()}-", dir=where))


@contextmanager
def temporary(folder: Path | None = None) -> Iterator[Path]:
    """A scratch folder (:func:`scratch_dir`) for the ``with`` block, removed after it."""
    scratch = scratch_dir(folder)
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def own(scratch: Path, path: str | os.PathLike[str]) -> None:
    """Record ``path``, a file beside ``scratch``, as its run's (removed with it if the run dies)."""
    if Path(path).parent.resolve() == scratch.parent.resolve():
        with open(scratch / OWNED, "a", encoding="utf-8") as fh:
            fh.write(Path(path).name + "\n")


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe check: keep it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _dead_run(entry: Path, host: str) -> bool:
    """``entry`` is the scratch folder of a run on this host that is no longer running."""
    pid, _, rest = entry.name.removeprefix(PREFIX).partition("-")
    return (pid.isascii() and pid.isdigit() and rest.startswith(host + "-") and entry.is_dir()
            and not entry.is_symlink() and not _running(int(pid)))


def remove_stale(folder: Path) -> None:
    """Remove the scratch folders of dead runs in ``folder``, and the files they own."""
    host = _host()
    try:
        entries = [e for e in folder.iterdir() if e.name.startswith(PREFIX)]
    except OSError:
        return  # an unreadable folder: whoever writes there says so
    for entry in entries:
        if not _dead_run(entry, host):
            continue
        try:
            names = (entry / OWNED).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            names = []
        for name in names:
            if name.startswith(".") and name.endswith(".tmp") and Path(name).name == name:
                with contextlib.suppress(OSError):
                    (folder / name).unlink(missing_ok=True)
        shutil.rmtree(entry, ignore_errors=True)
