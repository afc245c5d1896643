"""The click type of options that take an IRI (``--base``, ``--graph``, ``--default-graph``):
checked when the command line is read (RFC 3987, :mod:`cvgraph.iri`), so a bad one is one
``error: --graph '…' is not a valid IRI (…)`` line and exit 2, before anything is read or sent."""
from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import click

from cvgraph.iri import http_iri_problem, iri_problem

__all__ = ["HTTP_IRI", "IRI_PARAM", "IRIParam", "OptionError"]

if TYPE_CHECKING:
    _ParamType = click.ParamType[str]  # generic from click 8.2 on
else:
    _ParamType = click.ParamType


class OptionError(click.ClickException):
    """A bad option value: one ``error: …`` line, as every other cvgraph error, and exit 2
    (``EXIT["error"]``; cli.common imports this module), not click's usage block."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class IRIParam(_ParamType):
    """An absolute IRI; with ``http``, an http(s) one (a document IRI that hash IRIs go under)."""

    name = "iri"

    def __init__(self, http: bool = False) -> None:
        self.http = http

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        problem = http_iri_problem(text) if self.http else iri_problem(text)
        if problem is not None:
            option = param.opts[-1] if param is not None and param.opts else "the value"
            raise OptionError(f"{option} {text!r} is not a valid {'http(s) ' if self.http else ''}IRI ({problem}); "
                              "write it in full, percent-encoding what an IRI does not allow (e.g. %20 for a "
                              "space, %25 for a literal %)")
        return text


IRI_PARAM = IRIParam()
HTTP_IRI = IRIParam(http=True)
