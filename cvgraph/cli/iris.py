"""The click type of options that take an IRI (``--base``, ``--graph``, ``--default-graph``):
checked when the command line is read (RFC 3987, :mod:`cvgraph.iri`), so a bad one is one
``Error: Invalid value for '--graph': …`` line and exit 2, before anything is read or sent."""
from __future__ import annotations

import click

from cvgraph.iri import http_iri_problem, iri_problem

__all__ = ["HTTP_IRI", "IRI_PARAM", "IRIParam"]


class IRIParam(click.ParamType):
    """An absolute IRI; with ``http``, an http(s) one (a document IRI that hash IRIs go under)."""

    name = "iri"

    def __init__(self, http: bool = False) -> None:
        self.http = http

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        problem = http_iri_problem(text) if self.http else iri_problem(text)
        if problem is not None:
            self.fail(f"{text!r} is not a valid {'http(s) ' if self.http else ''}IRI ({problem}); percent-encode "
                      "what an IRI does not allow (e.g. %20 for a space, %25 for a literal %)", param, ctx)
        return text


IRI_PARAM = IRIParam()
HTTP_IRI = IRIParam(http=True)
