"""The one atomic writer: readers see the old file or the whole new one, never a part.

A temporary file in the target's folder is written, fsync'd, given the target's permissions
(a new file: 0666 less the umask, as ``open`` would), then renamed over the target. On any
failure the temporary file is removed and the target is untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Self

from cvgraph.errors import OutputError

__all__ = ["AtomicFile", "write_atomic"]


class AtomicFile:
    """A temporary file that :meth:`commit` renames over ``path`` (or, with no path, copies to
    ``stream``); :meth:`close` removes whatever was not committed. ``fh`` is open for ``w+b``."""

    def __init__(self, path: str | os.PathLike[str] | None, stream: IO[bytes] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.stream = stream
        self.folder: Path | None = (self.path.parent or Path(".")) if self.path is not None else None
        prefix = f".{self.path.name}." if self.path is not None else ".cvgraph."
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write here: {exc.strerror}") from None
        self.fh: IO[bytes] = os.fdopen(fd, "w+b")

    def commit(self) -> None:
        """Make the written bytes the target's content (atomically), or copy them to the stream."""
        try:
            if self.path is None:
                if self.stream is not None:
                    self.fh.seek(0)
                    shutil.copyfileobj(self.fh, self.stream)
                    self.stream.flush()
                return
            self.fh.flush()
            os.fsync(self.fh.fileno())
            try:
                os.chmod(self.tmp, self.path.stat().st_mode & 0o7777)
            except FileNotFoundError:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            raise OutputError(f"{self.path or 'standard output'}: cannot write: {exc.strerror}") from None

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


def write_atomic(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    with AtomicFile(path) as out:
        try:
            out.fh.write(data)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        out.commit()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
