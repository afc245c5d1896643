"""The one writer and the one whole-file reader.

Writing (:class:`AtomicFile`, :func:`write_atomic`): readers see the old file or the whole new
one, never a part. What the name is decides how:

- a regular file (or a name not yet taken) is replaced atomically: a temporary file in its
  folder is written, fsync'd, given the file's permissions (a new file: 0666 less the umask, as
  ``open`` would), then renamed over it. A symlink is followed: the file it points to is
  replaced, the link stays. On any failure the temporary file is removed and the file is
  untouched;
- a character device (``/dev/null``), a FIFO, or a name that leads through ``/proc/*/fd`` or
  ``/dev/fd`` (``/dev/stdout``) is written through, as the shell's ``>`` would, once the whole
  output is ready (it is spooled to a temporary file first);
- a folder, a block device or a socket is refused with one line, and so is a name that is one of
  the command's ``inputs`` (the same file, whatever the name: ``-o cv.yaml`` for ``cv.yaml``);
- ``backup``: an existing file whose content changes is first kept as ``NAME.bak``.

Temporary names are ``.<name, capped>.cvgraph-<pid>-<host>-<random>.tmp`` (:data:`TEMP_NAME`),
never over 255 bytes; a writer first removes those a killed process of this host left in its
folder (:func:`remove_stale_temps`).

Reading (:func:`read_capped`): a regular file, at most ``limit`` bytes, checked before and while
reading; a FIFO, a device or a folder is refused with one line, never read (nor waited on).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Self

from cvgraph.errors import CvgraphError, OutputError

__all__ = ["HOST", "TEMP_NAME", "AtomicFile", "ReadError", "check_output", "owner_gone", "owner_tag", "read_capped",
           "regular_file", "remove_stale_temps", "stale_temps", "temp_prefix", "write_atomic"]

StrPath = str | os.PathLike[str]

HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:8]
TEMP_NAME = re.compile(r"\.(?P<name>.*)\.cvgraph-(?P<pid>\d+)-(?P<host>[0-9a-f]{8})-[^./]+\.tmp", re.DOTALL)
_NAME_BYTES = 100  # of the target's name kept in a temporary name (the rest of it is < 40 bytes)
_DESCRIPTOR = re.compile(r"/proc/[^/]+/fd/|/dev/fd/")  # /proc/self/fd/1, /dev/fd/63 (bash's <(...))


def owner_tag() -> str:
    """``<pid>-<host>``: what names a file or folder this process may leave behind (a temporary
    file, a batch's scratch folder), so that a later run can tell whether its owner is gone."""
    return f"{os.getpid()}-{HOST}"


def owner_gone(pid: str, host: str) -> bool:
    """Whether the process ``pid`` of an :func:`owner_tag` is gone: on this host and not running
    (another host's files, a shared folder's, are never judged)."""
    if host != HOST or not (pid.isascii() and pid.isdigit()) or os.name != "posix":
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # another user's process (or not a pid at all): kept
    return False


def temp_prefix(name: str) -> str:
    """The start of a temporary file's name for a file called ``name`` (capped; see the module
    docstring); ``tempfile.mkstemp(prefix=..., suffix=".tmp")`` completes it."""
    kept = os.fsencode(name)[:_NAME_BYTES].decode("utf-8", "ignore")  # a character cut in two is dropped
    return f".{kept}.cvgraph-{owner_tag()}-"


def stale_temps(folder: StrPath) -> list[Path]:
    """Temporary files in ``folder`` whose process is gone (killed before it could remove them)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            match = TEMP_NAME.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False) and owner_gone(match["pid"], match["host"]):
                found.append(Path(entry.path))
    return found


def remove_stale_temps(folder: StrPath) -> None:
    """Remove :func:`stale_temps`: every writer does, before it writes into ``folder``."""
    for path in stale_temps(folder):
        with contextlib.suppress(OSError):
            path.unlink()


# ----------------------------------------------------------------------------- writing

def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _via_descriptor(path: str) -> bool:
    """Whether ``path`` leads through ``/proc/*/fd`` or ``/dev/fd`` (``/dev/stdout``): a link to
    an open descriptor, to be written through, never replaced."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's limit on links followed
        current = os.path.join(os.path.realpath(os.path.dirname(current)), os.path.basename(current))
        if _DESCRIPTOR.match(current):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


def _same_as_input(path: str, inputs: Iterable[StrPath]) -> StrPath | None:
    for given in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, given):
                return given
    return None


class _Target:
    """Where the bytes for ``path`` go: ``real``, replaced atomically, or (``through``) written
    through. Raises :class:`OutputError` for what cannot or must not be written."""

    def __init__(self, path: StrPath, inputs: Iterable[StrPath]) -> None:
        self.given = os.fspath(path)
        if not self.given or self.given == ".":  # Path("") is "."
            raise OutputError("the output file name is empty (or names the current folder); give a file name")
        same = _same_as_input(self.given, inputs)
        if same is not None:
            raise OutputError(f"{self.given}: is also an input ({same}); write the output to another file")
        try:
            st: os.stat_result | None = os.stat(self.given)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(f"{self.given}: cannot write: {exc.strerror}") from None
        self.through = st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)
                                           or (stat.S_ISREG(st.st_mode) and _via_descriptor(self.given)))
        if st is not None and not self.through and not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{self.given}: is {_kind(st.st_mode)}; give a file name")
        self.real = Path(self.given if self.through else os.path.realpath(self.given))
        self.regular = st is not None and not self.through  # an existing file to replace


def check_output(path: StrPath, inputs: Iterable[StrPath] = ()) -> bool:
    """Raise :class:`OutputError` now if ``path`` could not be written (or is one of ``inputs``),
    as :class:`AtomicFile` would later: before the work, not after it. Returns whether writing
    would replace an existing file (not so for a device, a FIFO or ``/dev/stdout``)."""
    return _Target(path, inputs).regular


class AtomicFile:
    """A temporary file that :meth:`commit` makes ``path``'s content (see the module docstring;
    with no path, copies to ``stream``); :meth:`close` removes whatever was not committed.
    ``fh`` is open for ``w+b``. ``inputs``: files ``path`` must not be (refused at once)."""

    def __init__(self, path: StrPath | None, stream: IO[bytes] | None = None, *,
                 inputs: Iterable[StrPath] = (), durable: bool = True) -> None:
        self.durable = durable  # False: not fsync'd before the rename (a cache entry verified when read)
        self.target = _Target(path, inputs) if path is not None else None
        self.path = Path(path) if path is not None else None
        self.stream = stream
        # the folder of the file replaced (None: the system's temporary folder, for a stream or a
        # device: /dev is no place for temporary files)
        self.folder: Path | None = self.target.real.parent if self.target and not self.target.through else None
        prefix = temp_prefix(self.target.real.name if self.target else "cvgraph")
        if self.folder is not None:
            remove_stale_temps(self.folder)  # what a killed run left here
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write here: {exc.strerror}") from None
        self.fh: IO[bytes] = os.fdopen(fd, "w+b")

    def commit(self) -> None:
        """Make the written bytes the target's content (atomically), or copy them to the stream."""
        try:
            if self.target is None or self.target.through:
                self._copy_out()
                return
            self.fh.flush()
            if self.durable:
                os.fsync(self.fh.fileno())
            real = self.target.real
            try:
                os.chmod(self.tmp, real.stat().st_mode & 0o7777)
            except FileNotFoundError:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, real)
        except OSError as exc:
            raise OutputError(f"{self.path or 'standard output'}: cannot write: {exc.strerror}") from None

    def _copy_out(self) -> None:
        self.fh.seek(0)
        if self.target is None:
            if self.stream is not None:
                shutil.copyfileobj(self.fh, self.stream)
                self.stream.flush()
            return
        # a device, a FIFO, a descriptor: appended, so that a file the shell opened for `>>` keeps its
        # start (one it opened for `>` is empty already)
        with open(self.target.real, "ab") as out:
            shutil.copyfileobj(self.fh, out)

    def close(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass  # flushing what was never committed failed (a full disk): it is discarded anyway
        finally:
            Path(self.tmp).unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_atomic(data: bytes, path: StrPath, *, inputs: Iterable[StrPath] = (), backup: bool = False,
                 durable: bool = True) -> Path | None:
    """Write ``data`` to ``path`` (see the module docstring). ``inputs``: files ``path`` must not
    be. ``backup``: keep an existing file whose content changes as ``<path>.bak`` (beside the
    name given); returns the backup's path, or None when none was made. ``durable=False``: no
    fsync (still atomic for readers; for files whose content is verified when read back)."""
    with AtomicFile(path, inputs=inputs, durable=durable) as out:
        kept = _backup(out, data) if backup else None
        try:
            out.fh.write(data)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        out.commit()
    return kept


def _backup(out: AtomicFile, data: bytes) -> Path | None:
    assert out.target is not None and out.path is not None
    if not out.target.regular:
        return None
    bak = out.path.with_name(out.path.name + ".bak")
    try:
        with open(out.target.real, "rb") as old, AtomicFile(bak) as copy:
            if old.read(len(data) + 1) == data:  # unchanged: nothing to keep
                return None
            old.seek(0)
            shutil.copyfileobj(old, copy.fh)
            copy.commit()
    except OSError as exc:
        raise OutputError(f"{bak}: cannot keep the previous version: {exc.strerror}") from None
    return bak


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------- reading

class ReadError(CvgraphError):
    """A file that cannot be read whole: ``reason`` and ``hint`` say why, without the name (for
    callers that locate their own messages)."""

    def __init__(self, path: StrPath, reason: str, hint: str) -> None:
        self.path, self.reason, self.hint = os.fspath(path), reason, hint
        super().__init__(f"{self.path}: {reason} (hint: {hint})")


def regular_file(path: StrPath) -> Path:
    """``path``, if it is a regular file (symlinks followed); else :class:`ReadError` (a FIFO or
    a device is never opened: it could block, or never end)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError(path, f"cannot read file: {exc.strerror}", "check the path") from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    return Path(path)


def _not_regular(path: StrPath, mode: int) -> ReadError:
    return ReadError(path, f"{_kind(mode)}, not a regular file", "save what it holds to a file and give that file")


def _too_big(path: StrPath, size: str, limit: int) -> ReadError:
    return ReadError(path, f"file is {size} bytes, over the {limit:,}-byte limit",
                     "split it, or remove what does not belong in it")


def read_capped(path: StrPath, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (else :class:`ReadError`,
    before reading when the size says so, and never more than ``limit + 1`` bytes read)."""
    try:  # non-blocking: opening a FIFO must not wait for a writer; the type is checked first
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise ReadError(path, f"cannot read file: {exc.strerror}", "check the path") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
        os.close(fd)
        raise _not_regular(path, st.st_mode) if not stat.S_ISREG(st.st_mode) else \
            _too_big(path, f"{st.st_size:,}", limit)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as fh:
        try:
            want = min(limit, st.st_size) + 1  # the size it has (a buffer of the limit costs, per read)
            data = fh.read(want)
            if len(data) == want and want <= limit:  # it grew since: read on, up to the limit
                data += fh.read(limit + 1 - want)
        except OSError as exc:
            raise ReadError(path, f"cannot read file: {exc.strerror}", "check the path") from None
    if len(data) > limit:
        raise _too_big(path, "more than", limit)
    return data
