"""What a failed request says: one line naming the endpoint, with a hint; 5xx and lost connections
marked :class:`Transient` (worth retrying). Texts go through :func:`cvgraph.http.redact` in
:func:`cvgraph.http.request` before anyone sees them."""
from __future__ import annotations

import socket
import ssl
import urllib.error
from collections.abc import Mapping

from cvgraph.errors import PublishError
from cvgraph.http import urls

__all__ = ["DETAIL_BYTES", "Transient", "connection_error", "first_line", "http_error", "timed_out"]

DETAIL_BYTES = 1 << 16  # of an error answer, read for its first line


class Transient(PublishError):
    """A failure worth retrying (connection refused/reset, HTTP 5xx) — internal to :func:`cvgraph.http.request`."""


def first_line(body: bytes | str | None) -> str:
    """The first non-blank line of a server's answer, at most 160 characters (for one-line errors)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    line = urls.printable(line)
    return line if len(line) < 160 else line[:157] + "…"


def timed_out(endpoint: str, timeout: float) -> PublishError:
    return PublishError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)")


def http_error(exc: urllib.error.HTTPError, endpoint: str, authenticated: bool,
               hints: Mapping[int, str]) -> PublishError:
    """The one-line error for an HTTP error answer (a Transient one for a 5xx); a redirect names
    where it points (redacted). At most ``DETAIL_BYTES`` of the answer are read."""
    try:
        detail = first_line(exc.read(DETAIL_BYTES)) if exc.fp is not None else ""
    except (OSError, AttributeError, ValueError):
        detail = ""
    finally:
        if exc.fp is not None:
            exc.close()
    if 300 <= exc.code <= 399:
        location = str(exc.headers.get("Location", "") or "")
        target = urls.shown_url(location) if location else "(no Location given)"
        return PublishError(f"{endpoint}: the server redirects this request (HTTP {exc.code}) to {target}; "
                            "cvgraph does not follow redirects: give the URL it names")
    if exc.code == 401 and authenticated:
        detail = "the credentials were refused"
    hint = hints.get(exc.code, "")
    reason = "Unauthorized" if exc.code == 401 else urls.printable(str(exc.reason))
    text = f"{endpoint}: HTTP {exc.code} {reason}"
    text += f": {detail}" if detail else ""
    text += f" ({hint})" if hint else ""
    return (Transient if 500 <= exc.code <= 599 else PublishError)(text)


def connection_error(reason: object, endpoint: str, timeout: float, *, connecting: bool) -> PublishError:
    """The one-line error for a failure below HTTP (a Transient one for a refused or lost
    connection); ``connecting``: it happened while connecting (urllib's URLError)."""
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return timed_out(endpoint, timeout)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return PublishError(f"{endpoint}: the server's TLS certificate is not trusted: "
                            f"{reason.verify_message or reason} (use --ca-cert FILE for a private CA)")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        closed = reason.__class__.__name__ == "RemoteDisconnected"
        why = reason.strerror or ("the server closed the connection" if closed else reason.__class__.__name__)
        return Transient(f"{endpoint}: the connection was lost during the request ({why})")
    if isinstance(reason, ValueError):  # e.g. http.client refusing a header value: never echoed
        return PublishError(f"{endpoint}: the request cannot be sent ({reason.__class__.__name__})")
    if connecting:
        text = f"{endpoint}: cannot connect: {getattr(reason, 'strerror', None) or reason}"
        return (Transient if isinstance(reason, ConnectionRefusedError) else PublishError)(urls.printable(text))
    why = getattr(reason, "strerror", None) or reason.__class__.__name__
    return PublishError(f"{endpoint}: {why}")
