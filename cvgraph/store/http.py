"""HTTP for publishing: credentials, TLS, retries with backoff, progress, one-line errors.

Every request cvgraph sends to a store goes through :func:`_http`. Credentials come from
``CVGRAPH_USER``/``CVGRAPH_PASSWORD`` or ``~/.netrc`` and are sent (Digest or Basic) only when the
server asks; they are never printed, logged or put in a URL. TLS verification is always on
(``--ca-cert`` adds a trusted CA). Only idempotent requests are retried, on connection errors
and 5xx (see :func:`_http`). Bodies from 1 MiB show progress on a terminal.
"""
from __future__ import annotations

import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

from cvgraph.errors import PublishError

def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"{_redact(url)}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise PublishError(f"{_redact(url)}: credentials do not go in the URL; set CVGRAPH_USER and "
                           "CVGRAPH_PASSWORD or use ~/.netrc")


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))
    return url


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) from CVGRAPH_USER/CVGRAPH_PASSWORD, else from ~/.netrc for the URL's host."""
    user, password = os.environ.get("CVGRAPH_USER"), os.environ.get("CVGRAPH_PASSWORD")
    if user and password is not None:
        return user, password
    import netrc

    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as exc:
        raise PublishError(f"~/.netrc cannot be read: {getattr(exc, 'msg', None) or exc.__class__.__name__}") \
            from None
    if entry and entry[0] is not None:
        return entry[0], entry[2] or ""
    return None


# ----------------------------------------------------------------------------- the payload


class _ClosingAuth:
    """For urllib's auth handlers: close each 401 response they answer (urllib leaks its socket)."""

    def http_error_401(self, req, fp, code, msg, headers):  # noqa: ANN001, ANN201
        try:
            retry = super().http_error_401(req, fp, code, msg, headers)
        except urllib.error.HTTPError:
            fp.close()  # digest's "digest auth failed" after its retries is raised without fp
            raise
        if retry is not None:
            fp.close()
        return retry


def _passwords(url: str, auth: tuple[str, str]) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
    """The credentials, for urllib's auth handlers, valid for ``url`` whatever realm it names."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, auth[0], auth[1])
    return passwords


class _DigestAuth(_ClosingAuth, urllib.request.HTTPDigestAuthHandler):
    pass


class _BasicAuth(_ClosingAuth, urllib.request.HTTPBasicAuthHandler):
    pass


RETRIES = 2  # retries after the first attempt (3 attempts in all); --retries
BACKOFF = 0.5  # seconds before the first retry, doubled before each next one (0.5, 1, 2, …)
PROGRESS_MIN = 1 << 20  # bodies from 1 MiB get a progress indicator (stderr a terminal only)
PROGRESS_CHUNK = 1 << 16
PRIME_MIN = 1 << 18  # bodies from 256 KiB: ask for the auth challenge first (see _primed_authorization)


class _Transient(PublishError):
    """A failure worth retrying (connection refused/reset, HTTP 5xx) — internal to :func:`_http`."""


def tls_context(ca_cert: str | os.PathLike | None = None) -> ssl.SSLContext:
    """The TLS context of every https request: verification always on (system CAs), plus the CA
    certificate(s) in ``ca_cert`` (PEM) if given; an unreadable or non-PEM file is a PublishError."""
    try:
        return ssl.create_default_context(cafile=None if ca_cert is None else os.fspath(ca_cert))
    except FileNotFoundError:
        raise PublishError(f"--ca-cert {ca_cert}: no such file") from None
    except ssl.SSLError:
        raise PublishError(f"--ca-cert {ca_cert}: not a PEM CA certificate") from None
    except OSError as exc:
        raise PublishError(f"--ca-cert {ca_cert}: cannot be read: {exc.strerror or exc.__class__.__name__}") \
            from None


def progress_line(sent: int, total: int) -> str:
    """``\\r``-prefixed progress text, e.g. ``\\r  sent 1.5 / 3.0 MB (50%)``."""
    pct = 100 * sent // total if total else 100
    return f"\r  sent {sent / 1e6:.1f} / {total / 1e6:.1f} MB ({pct}%)"


class _ProgressBody:
    """A request body sent in chunks, writing :func:`progress_line` to ``stream`` after each one
    (and a newline at the end). Re-iterable: a resend (401 challenge, retry) starts again."""

    def __init__(self, data: bytes, stream, chunk: int = PROGRESS_CHUNK):  # noqa: ANN001
        self.data, self.stream, self.chunk = data, stream, chunk

    def __iter__(self):  # noqa: ANN204
        view, total = memoryview(self.data), len(self.data)
        for start in range(0, total, self.chunk):
            yield view[start:start + self.chunk]
            self.stream.write(progress_line(min(start + self.chunk, total), total))
            self.stream.flush()
        self.stream.write("\n")
        self.stream.flush()


def _http(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float,
          auth: tuple[str, str] | None, endpoint: str, *, retries: int = 0, idempotent: bool = False,
          context: ssl.SSLContext | None = None, progress=None) -> bytes:  # noqa: ANN001
    """One request, retried with backoff when that is safe; any failure becomes a one-line
    PublishError naming ``endpoint``.

    Retry rule: only an ``idempotent`` request (sending it twice leaves the store as sending it
    once) is retried, up to ``retries`` more times, after ``BACKOFF``·2^k seconds, and only on a
    refused or reset connection or an HTTP 5xx answer — never on a 4xx, nor on a timeout (the
    store may still be working on it). The final error says how many attempts were made.
    ``context``: the TLS context (:func:`tls_context`; verification is never turned off).
    ``progress``: a stream (stderr on a terminal) to show the upload of a body ≥ ``PROGRESS_MIN``."""
    attempts = 1 + (max(0, int(retries)) if idempotent else 0)
    for attempt in range(1, attempts + 1):
        try:
            return _http_once(method, url, body, headers, timeout, auth, endpoint, context, progress)
        except _Transient as exc:
            if attempt == attempts:
                text = str(exc) + (f" (gave up after {attempts} attempts)" if attempts > 1 else "")
                raise PublishError(text) from None
            time.sleep(BACKOFF * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _http_once(method: str, url: str, body, headers: dict[str, str], timeout: float,  # noqa: ANN001
               auth: tuple[str, str] | None, endpoint: str, context: ssl.SSLContext | None,
               progress) -> bytes:  # noqa: ANN001
    """One attempt; ``auth``: answered to the server's 401 challenge, Digest or Basic as it asks (never
    sent unasked); a fresh opener per request, so no handler state (retry counts) leaks between them."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPSHandler(context=context)]
    if auth is not None:
        passwords = _passwords(url, auth)
        handlers += [_DigestAuth(passwords), _BasicAuth(passwords)]
    opener = urllib.request.build_opener(*handlers)
    headers = dict(headers)
    if auth is not None and body is not None and len(body) >= PRIME_MIN and "Authorization" not in headers:
        primed = _primed_authorization(method, url, body, auth, timeout, context)
        if primed:
            headers["Authorization"] = primed
    if progress is not None and isinstance(body, (bytes, bytearray)) and len(body) >= PROGRESS_MIN:
        headers["Content-Length"] = str(len(body))
        body = _ProgressBody(bytes(body), progress)
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(request, timeout=max(0.1, float(timeout))) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        try:
            from cvgraph.sparql.engines import _first_line

            detail = _first_line(exc.read()) if exc.fp is not None else ""
        except (OSError, AttributeError):
            detail = ""
        finally:
            if exc.fp is not None:
                exc.close()
        if exc.code == 401 and auth is not None:
            detail = "the credentials were refused"
        hint = {401: "check CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc",
                403: "the user may not write here", 404: "check the URL (or --store)",
                413: "the request is too large for this server"}.get(exc.code, "")
        reason = "Unauthorized" if exc.code == 401 else exc.reason  # urllib's digest handler: "digest auth failed"
        text = f"{endpoint}: HTTP {exc.code} {reason}"
        text += f": {detail}" if detail else ""
        text += f" ({hint})" if hint else ""
        raise (_Transient if 500 <= exc.code <= 599 else PublishError)(text) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise PublishError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)") \
                from None
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise PublishError(f"{endpoint}: the server's TLS certificate is not trusted: "
                               f"{reason.verify_message or reason} (use --ca-cert FILE for a private CA)") from None
        if isinstance(reason, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            raise _Transient(_lost(endpoint, reason)) from None
        text = f"{endpoint}: cannot connect: {getattr(reason, 'strerror', None) or reason}"
        raise (_Transient if isinstance(reason, ConnectionRefusedError) else PublishError)(text) from None
    except (socket.timeout, TimeoutError):
        raise PublishError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)") from None
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError) as exc:  # e.g. while awaiting the answer
        raise _Transient(_lost(endpoint, exc)) from None
    except ValueError as exc:  # urllib's auth handlers on a challenge they cannot answer
        raise PublishError(f"{endpoint}: HTTP 401: {exc}") from None
    except OSError as exc:
        raise PublishError(f"{endpoint}: {exc.strerror or exc.__class__.__name__}") from None


def _primed_authorization(method: str, url: str, body: bytes, auth: tuple[str, str], timeout: float,
                          context: ssl.SSLContext | None) -> str | None:
    """The Authorization header for a large request, from the challenge to a bodiless GET of the
    same URL (its answer is not read). Virtuoso answers a request that needs Digest auth with 401
    *before* reading the body and closes the connection, so a large body sent unasked breaks
    (connection reset) and every retry does the same; with the header computed up front (by
    urllib's own Digest code, from the server's fresh challenge) the body is read. Credentials
    still go only where the server asked for them; ``None`` when it did not ask."""
    probe = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)).open(
                probe, timeout=max(0.1, float(timeout))):
            return None  # no challenge: nothing to send
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.close()
    except OSError:
        return None  # the real request will report the problem
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "digest":
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        request = urllib.request.Request(url, data=body, method=method)
        value = _DigestAuth(_passwords(url, auth)).get_authorization(request, chal)
        return f"Digest {value}" if value else None
    if scheme.lower() == "basic":
        import base64

        return "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
    return None


def _lost(endpoint: str, exc: OSError) -> str:
    why = exc.strerror or ("the server closed the connection" if exc.__class__.__name__ == "RemoteDisconnected"
                           else exc.__class__.__name__)
    return f"{endpoint}: the connection was lost during the request ({why})"


