"""The click type of options that take an IRI (``--base``, ``--graph``):
checked when the command line is read (RFC 3987, :mod:`cvgraph.iri`), so a bad one is one
``error: --graph '…' is not a valid IRI (…)`` line and exit 2, before anything is read or sent."""
from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import click

from cvgraph.iri import IRIError, check_iri

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
        option = param.opts[-1] if param is not None and param.opts else "the value"
        try:
            return check_iri(str(value), option, http=self.http)
        except IRIError as exc:
            raise OptionError(str(exc)) from None


IRI_PARAM = IRIParam()
HTTP_IRI = IRIParam(http=True)
