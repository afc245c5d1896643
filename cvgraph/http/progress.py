"""The upload progress of a large request body, on a terminal only."""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TextIO

from cvgraph.progress import Progress

__all__ = ["PROGRESS_CHUNK", "PROGRESS_MIN", "ProgressBody", "progress_text"]

PROGRESS_MIN = 1 << 20  # bodies from 1 MiB get a progress indicator (stderr a terminal only)
PROGRESS_CHUNK = 1 << 16


def progress_text(sent: int, total: int) -> str:
    """What the upload progress says, e.g. ``sent 1.5 / 3.0 MB (50%)``."""
    pct = 100 * sent // total if total else 100
    return f"sent {sent / 1e6:.1f} / {total / 1e6:.1f} MB ({pct}%)"


class ProgressBody:
    """A request body sent in chunks, its progress (:func:`progress_text`) shown on ``stream`` when
    that is a terminal. Re-iterable: a resend (401 challenge, retry) starts again."""

    def __init__(self, data: bytes, stream: TextIO | None, chunk: int = PROGRESS_CHUNK) -> None:
        self.data, self.stream, self.chunk = data, stream, chunk

    def __iter__(self) -> Iterator[memoryview]:
        view, total = memoryview(self.data), len(self.data)
        with Progress(total, partial(progress_text, total=total), label="upload", stream=self.stream) as bar:
            for start in range(0, total, self.chunk):
                yield view[start:start + self.chunk]
                bar.advance_to(min(start + self.chunk, total))
