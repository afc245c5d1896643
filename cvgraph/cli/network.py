"""The options of every command that talks to a store or endpoint (publish, query --endpoint)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from cvgraph.http import RETRIES

__all__ = ["network_options"]

F = TypeVar("F", bound=Callable[..., Any])


def network_options(timeout: float) -> Callable[[F], F]:
    """--timeout (default ``timeout`` seconds), --retries and --ca-cert. Credentials are not
    options: CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc, never on the command line."""
    options = [
        click.option("--timeout", type=float, default=timeout, show_default=True,
                     help="Seconds to wait for each request."),
        click.option("--retries", type=click.IntRange(min=0), default=RETRIES, show_default=True, metavar="N",
                     help="Retry a request N more times (after 0.5 s, 1 s, 2 s, …) on a refused or reset "
                     "connection or HTTP 5xx; never on 4xx. 0: send each request once."),
        click.option("--ca-cert", type=str, metavar="FILE", help="Also trust the CA certificate(s) in this PEM "
                     "file (TLS verification is always on)."),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
