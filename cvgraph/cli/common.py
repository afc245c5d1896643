"""What every command shares: the exit-code table, the error handler, common options, output.

Exit codes (a contract, documented in docs/safety.md) are decided here and only here, from the
``status`` the library's results and errors carry.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec, Self, TypeVar

import click

from cvgraph.cli.iris import HTTP_IRI
from cvgraph.errors import CvgraphError, RecordError, one_line
from cvgraph.fsio import write_atomic
from cvgraph.importers import FORMATS as IMPORT_FORMATS
from cvgraph.importers import OWN
from cvgraph.pipeline.sources import Sources, open_sources
from cvgraph.progress import Progress
from cvgraph.rdf.syntax import FORMATS, format_named
from cvgraph.resources import sample_path

if TYPE_CHECKING:
    from cvgraph.pipeline.batch import CVOutcome

__all__ = [
    "BASE",
    "CV_ARGS",
    "EXIT",
    "FROM",
    "NO_CACHE",
    "RdfFormatChoice",
    "Reporter",
    "count",
    "echo_line",
    "emit",
    "errors_to_exit",
    "exit_with",
    "problems_summary",
    "sources_of",
]

EXIT: dict[str, int] = {
    "ok": 0,  # success; the graph conforms (warnings allowed); an ASK query is true
    "nonconforming": 1,  # the graph does not conform; an ASK query is false
    "error": 2,  # could not run: bad input, bad option, unwritable output, store error
    "interrupted": 130,  # Ctrl-C (128 + SIGINT, as shells report it)
}

CV_ARGS = click.argument("cvs", nargs=-1, type=click.Path(path_type=Path), metavar="[CV|DIR|GLOB]...")
NO_CACHE = click.option("--no-cache", is_flag=True,
                        help="Validate afresh instead of reusing a cached report for identical input.")
BASE = click.option("--base", metavar="IRI", type=HTTP_IRI, help="Document IRI for hash IRIs (default: the CV's homepage).")
FROM = click.option("--from", "source_format", type=click.Choice([OWN, *IMPORT_FORMATS]),
                    help="Read the CV files as this format (default: from each file's extension and content; "
                    "a .bib file adds its publications to the CV before it).")



class RdfFormatChoice(click.Choice[str]):
    """``--format``: an RDF syntax of :data:`cvgraph.rdf.syntax.FORMATS` (after ``extra`` choices),
    by its name or an alias in any case (``-f ttl`` as ``-o x.ttl``), given to the command by name."""

    def __init__(self, extra: Sequence[str] = ()) -> None:
        super().__init__([*extra, *FORMATS])

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and value not in self.choices:
            value = format_named(value) or value
        return super().convert(value, param, ctx)


P = ParamSpec("P")
R = TypeVar("R")


def echo_line(message: object) -> None:
    """One message on standard error, on one line (see :func:`one_line`)."""
    click.echo(one_line(message), err=True)


def exit_with(status: str) -> NoReturn:
    """End the command with the exit code of ``status`` (see :data:`EXIT`)."""
    sys.exit(EXIT[status])


def errors_to_exit(func: Callable[P, R]) -> Callable[P, R]:
    """Turn cvgraph errors into one line each on stderr and their exit code: no tracebacks."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except RecordError as exc:
            for problem in exc.problems:
                echo_line(f"error: {problem}")
            exit_with(getattr(exc, "status", "error"))
        except CvgraphError as exc:
            echo_line(f"error: {exc}")
            exit_with("error")

    return wrapper


STARTER = Path("cv.yaml")  # what `cvgraph init` writes, and what a command without a CV argument reads first


def default_cv() -> Path:
    """The CV a command reads when given none: ``./cv.yaml`` (as ``cvgraph init`` writes it) when
    there is one, else the bundled sample."""
    return STARTER if STARTER.is_file() else sample_path()


def sources_of(cvs: tuple[Path, ...], source_format: str | None, *, nquads: bool = False) -> Sources:
    """The CVs a command was given (default: :func:`default_cv`), through the one front door."""
    return open_sources(list(cvs), source_format, nquads=nquads, default=default_cv)


def emit(data: bytes, output: Path | None, inputs: Sequence[str | Path] = ()) -> None:
    """Write ``data`` to standard output, or atomically to ``output`` (never one of ``inputs``)."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(data, output, inputs=inputs)


def count(n: int, noun: str) -> str:
    """``3 CVs``, ``1 CV``."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


class Reporter:
    """The per-CV callback of a batch: one line per CV with problems on stderr, and a progress bar
    (:class:`cvgraph.progress.Progress`) while stderr is a terminal. Use it as a context manager."""

    def __init__(self, total: int, what: str = "left out") -> None:
        self.total, self.what, self.left_out = total, what, 0
        self.progress = Progress(total, self._info)

    def _info(self, done: int) -> str:
        return f"{done}/{self.total} CVs" + (f", {self.left_out} {self.what}" if self.left_out else "")

    def __call__(self, outcome: CVOutcome, done: int = 0, total: int = 0) -> None:
        self.left_out += outcome.failed
        if outcome.problems:
            more = len(outcome.problems) - 1
            level = "error" if outcome.failed else "warning"
            self.progress.echo(one_line(f"{level}: {outcome.problems[0]}" + (
                f" (and {count(more, 'more problem')}: build or validate {outcome.file} alone to see them)" if more else "")))
        self.progress.advance_to(done)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.close()


def problems_summary(outcomes: list[CVOutcome], written: bool = True) -> None:
    """The end of a batch's report: warnings, and each CV with problems."""
    warnings = sum(o.warnings for o in outcomes)
    if warnings:
        with_warnings = sum(o.warnings > 0 for o in outcomes)
        click.echo(f"{count(warnings, 'SHACL warning')} in {count(with_warnings, 'CV')} "
                   "(`cvgraph validate CV` lists them)", err=True)
    bad = [o for o in outcomes if o.status != "ok"]
    if bad:
        click.echo(f"{count(len(bad), 'CV')} with problems:", err=True)
        for o in bad:
            what = (f"does not conform ({count(o.violations, 'violation')})" if o.status == "nonconforming"
                    else f"could not be read or used ({count(len(o.problems), 'problem')})")
            echo_line(f"  {o.file}: {what}" + (("; written (--force)" if o.written else "; left out")
                                               if written else ""))
