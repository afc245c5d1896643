"""The options of every command that talks to a store or endpoint (publish, query --endpoint)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cvgraph.errors import PublishError
from cvgraph.http import MAX_RESPONSE, RETRIES, check_timeout, size_text

__all__ = ["Seconds", "network_options"]

F = TypeVar("F", bound=Callable[..., Any])
if TYPE_CHECKING:
    _FloatType = click.ParamType[float]
else:  # click before 8.2: ParamType is not generic at run time
    _FloatType = click.ParamType


class Seconds(_FloatType):
    """A number of seconds above 0: ``0``, negative numbers, ``nan`` and ``inf`` are refused."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:  # noqa: ANN401
        try:
            return check_timeout(float(value))  # the one rule, as the library applies it
        except (TypeError, ValueError):
            self.fail(f"{value!r}: give a number of seconds above 0", param, ctx)
        except PublishError:
            self.fail(f"{value!r}: give a number of seconds above 0 (not 0, negative, nan or inf)", param, ctx)


def network_options(timeout: float) -> Callable[[F], F]:
    """--timeout (default ``timeout`` seconds), --retries, --ca-cert and --allow-insecure-auth.
    Credentials are not options: CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc, never on the command line."""
    options = [
        click.option("--timeout", type=Seconds(), default=timeout, show_default=True,
                     help="Seconds one request (each attempt) may take in all: connecting, sending, the whole answer. "
                     f"Redirects are not followed; answers over {size_text(MAX_RESPONSE)} are refused."),
        click.option("--retries", type=click.IntRange(min=0), default=RETRIES, show_default=True, metavar="N",
                     help="Retry a request N more times (after 0.5 s, 1 s, 2 s, …) on a refused or reset "
                     "connection or HTTP 5xx; never on 4xx. 0: send each request once."),
        click.option("--ca-cert", type=str, metavar="FILE", help="Also trust the CA certificate(s) in this PEM "
                     "file (TLS verification is always on)."),
        click.option("--allow-insecure-auth", is_flag=True, help="Send the password (HTTP Basic, VIVO's form "
                     "fields) over plain http too. Without it that is refused, except to a loopback host "
                     "(localhost, 127.0.0.1, ::1), whose traffic never leaves the machine; Digest is always "
                     "allowed."),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
