"""Progress on a terminal: one reporter, drawn by ``click.progressbar``, used by the batch commands
(CVs done) and the HTTP layer (bytes of a large upload sent).

It draws only when its stream (stderr by default) is a terminal; on anything else it prints
nothing at all, so logs and pipes see only the real output.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Self, TextIO

import click

__all__ = ["Progress", "terminal"]


def terminal(stream: TextIO | None = None) -> TextIO | None:
    """``stream`` (default: stderr) if it is a terminal, else ``None``."""
    stream = sys.stderr if stream is None else stream
    try:
        return stream if stream is not None and stream.isatty() else None
    except (AttributeError, ValueError):  # no isatty(), or a closed stream
        return None


class Progress:
    """A progress bar for ``total`` steps on ``stream`` (default: stderr), drawn only when that is a
    terminal. ``info(done)`` gives the text after the bar. Use it as a context manager (or call
    :meth:`close`); :meth:`echo` prints a line above the bar."""

    def __init__(self, total: int, info: Callable[[int], str], *, label: str = "",
                 stream: TextIO | None = None) -> None:
        self.stream = terminal(stream)
        self.done = 0
        self._info = info
        self._bar = None if self.stream is None else click.progressbar(
            length=max(1, total), label=label, file=self.stream, show_eta=False, show_percent=False,
            item_show_func=self._show, bar_template=("%(label)s " if label else "") + "[%(bar)s] %(info)s")
        if self._bar is not None:
            self._bar.__enter__()

    def _show(self, _item: int | None) -> str:
        return self._info(self.done)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def advance_to(self, done: int) -> None:
        """Show ``done`` steps done (redraws the bar)."""
        self.done = done
        if self._bar is not None:
            self._bar.update(done - self._bar.pos)

    def echo(self, message: str) -> None:
        """Print ``message`` on a line of its own: on the terminal, over the bar (drawn again at the
        next :meth:`advance_to`); otherwise on stderr."""
        if self._bar is None:
            click.echo(message, err=True)
            return
        width = self._bar.max_width or 0
        click.echo("\r" + " " * width + "\r" + message, file=self.stream)

    def close(self) -> None:
        """Finish the bar (the cursor goes to the next line); nothing when not on a terminal."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
