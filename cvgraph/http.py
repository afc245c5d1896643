"""HTTP to SPARQL endpoints and stores: credentials, TLS, retries with backoff, progress, one-line errors.

Every request cvgraph sends to a store or endpoint (``publish`` and ``query --endpoint``) goes
through :func:`request`. Credentials come from ``CVGRAPH_USER``/``CVGRAPH_PASSWORD`` or
``~/.netrc`` (:func:`credentials`) and are sent (Digest or Basic) only when the server asks; they
are never printed, logged or put in a URL. TLS verification is always on (``--ca-cert`` adds a
trusted CA, :func:`tls_context`). Only idempotent requests are retried, on connection errors and
5xx. Bodies from 1 MiB show progress on a terminal.
"""
from __future__ import annotations

import base64
import netrc
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from http.client import HTTPMessage
from typing import IO, TextIO

from cvgraph.errors import PublishError
from cvgraph.progress import Progress
from cvgraph.version import __version__

__all__ = [
    "BACKOFF",
    "HINTS",
    "PRIME_MIN",
    "PROGRESS_CHUNK",
    "PROGRESS_MIN",
    "RETRIES",
    "USER_AGENT",
    "Auth",
    "ProgressBody",
    "check_url",
    "credentials",
    "first_line",
    "progress_text",
    "redact",
    "request",
    "tls_context",
]

Auth = tuple[str, str]  # (user, password)

RETRIES = 2  # retries after the first attempt (3 attempts in all); --retries
BACKOFF = 0.5  # seconds before the first retry, doubled before each next one (0.5, 1, 2, …)
PROGRESS_MIN = 1 << 20  # bodies from 1 MiB get a progress indicator (stderr a terminal only)
PROGRESS_CHUNK = 1 << 16
PRIME_MIN = 1 << 18  # bodies from 256 KiB: ask for the auth challenge first (see _primed_authorization)
HINTS = {401: "check CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc", 403: "the user may not do this here",
         404: "check the URL", 413: "the request is too large for this server"}  # by HTTP status
USER_AGENT = f"cvgraph/{__version__} (https://pypi.org/project/cvgraph/)"  # not urllib's, which some refuse


def check_url(url: str) -> None:
    """Refuse what is not an http(s) URL, and a URL carrying credentials (without echoing them)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"{redact(url)}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise PublishError(f"{redact(url)}: credentials do not go in the URL; set CVGRAPH_USER and "
                           "CVGRAPH_PASSWORD or use ~/.netrc")


def redact(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``."""
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))
    return url


def first_line(body: bytes | str | None) -> str:
    """The first non-blank line of a server's answer, at most 160 characters (for one-line errors)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) < 160 else line[:157] + "…"


def credentials(url: str) -> Auth | None:
    """(user, password) from CVGRAPH_USER/CVGRAPH_PASSWORD, else from ~/.netrc for the URL's host."""
    user, password = os.environ.get("CVGRAPH_USER"), os.environ.get("CVGRAPH_PASSWORD")
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as exc:
        why = getattr(exc, "msg", None) or exc.__class__.__name__
        raise PublishError(f"~/.netrc cannot be read: {why}") from None
    if entry and entry[0] is not None:
        return entry[0], entry[2] or ""
    return None


def tls_context(ca_cert: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """The TLS context of every https request: verification always on (system CAs), plus the CA
    certificate(s) in ``ca_cert`` (PEM) if given; an unreadable or non-PEM file is a PublishError."""
    try:
        return ssl.create_default_context(cafile=None if ca_cert is None else os.fspath(ca_cert))
    except FileNotFoundError:
        raise PublishError(f"--ca-cert {ca_cert}: no such file") from None
    except ssl.SSLError:
        raise PublishError(f"--ca-cert {ca_cert}: not a PEM CA certificate") from None
    except OSError as exc:
        why = exc.strerror or exc.__class__.__name__
        raise PublishError(f"--ca-cert {ca_cert}: cannot be read: {why}") from None


# ----------------------------------------------------------------------------- auth handlers


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """urllib's Digest handler, closing each 401 response it answers (urllib leaks its socket)."""

    def http_error_401(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> object:
        return _closing(fp, lambda: super(_DigestAuth, self).http_error_401(req, fp, code, msg, headers))


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """urllib's Basic handler, closing each 401 response it answers."""

    def http_error_401(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> object:
        return _closing(fp, lambda: super(_BasicAuth, self).http_error_401(req, fp, code, msg, headers))


def _closing(fp: IO[bytes], answer: Callable[[], object]) -> object:
    """Run a handler's ``answer()`` to a 401 and close the 401's response if it was answered."""
    try:
        retry = answer()
    except urllib.error.HTTPError:
        fp.close()  # digest's "digest auth failed" after its retries is raised without fp
        raise
    if retry is not None:
        fp.close()
    return retry


def _passwords(url: str, auth: Auth) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
    """The credentials, for urllib's auth handlers, valid for ``url`` whatever realm it names."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, auth[0], auth[1])  # None: any realm
    return passwords


# ----------------------------------------------------------------------------- progress


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


# ----------------------------------------------------------------------------- the request


class _Transient(PublishError):
    """A failure worth retrying (connection refused/reset, HTTP 5xx) — internal to :func:`request`."""


def request(method: str, url: str, body: bytes | None = None, headers: Mapping[str, str] | None = None, *,
            timeout: float, auth: Auth | None = None, endpoint: str | None = None, retries: int = 0,
            idempotent: bool = False, context: ssl.SSLContext | None = None,
            progress: TextIO | None = None, hints: Mapping[int, str] = HINTS) -> bytes:
    """One request, retried with backoff when that is safe; any failure becomes a one-line
    PublishError naming ``endpoint`` (default: ``url``).

    Retry rule: only an ``idempotent`` request (sending it twice leaves the store as sending it
    once) is retried, up to ``retries`` more times, after ``BACKOFF``·2^k seconds, and only on a
    refused or reset connection or an HTTP 5xx answer — never on a 4xx, nor on a timeout (the
    store may still be working on it). The final error says how many attempts were made.
    ``auth``: answered to the server's 401 challenge, Digest or Basic as it asks (never sent
    unasked). ``context``: the TLS context (:func:`tls_context`; verification is never turned
    off). ``progress``: a stream (stderr) to show the upload of a body ≥ ``PROGRESS_MIN`` on, if it
    is a terminal. ``hints``: what an error answer's line adds, by status (default ``HINTS``).
    Every request names cvgraph as its ``User-Agent`` (unless ``headers`` do)."""
    where = endpoint or url
    attempts = 1 + (max(0, int(retries)) if idempotent else 0)
    for attempt in range(1, attempts + 1):
        try:
            sent = {"User-Agent": USER_AGENT, **(headers or {})}  # a fresh copy: _once adds to it
            return _once(method, url, body, sent, timeout, auth, where, context, progress, hints)
        except _Transient as exc:
            if attempt == attempts:
                text = str(exc) + (f" (gave up after {attempts} attempts)" if attempts > 1 else "")
                raise PublishError(text) from None
            time.sleep(BACKOFF * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _once(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float,
          auth: Auth | None, endpoint: str, context: ssl.SSLContext | None, progress: TextIO | None,
          hints: Mapping[int, str]) -> bytes:
    """One attempt; a fresh opener per request, so no handler state (retry counts) leaks between them."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPSHandler(context=context)]
    if auth is not None:
        passwords = _passwords(url, auth)
        handlers += [_DigestAuth(passwords), _BasicAuth(passwords)]
    opener = urllib.request.build_opener(*handlers)
    if auth is not None and body is not None and len(body) >= PRIME_MIN and "Authorization" not in headers:
        primed = _primed_authorization(method, url, body, auth, timeout, context)
        if primed:
            headers["Authorization"] = primed
    data: bytes | ProgressBody | None = body
    if progress is not None and body is not None and len(body) >= PROGRESS_MIN:
        headers["Content-Length"] = str(len(body))
        data = ProgressBody(body, progress)
    # typeshed wants bytes; urllib sends any iterable of bytes (with the Content-Length given above)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)  # type: ignore[arg-type]
    try:
        with opener.open(req, timeout=max(0.1, float(timeout))) as response:
            answer: bytes = response.read()
            return answer
    except urllib.error.HTTPError as exc:
        raise _http_error(exc, endpoint, auth is not None, hints) from None
    except urllib.error.URLError as exc:
        raise _connection_error(exc.reason, endpoint, timeout, connecting=True) from None
    except (OSError, ValueError) as exc:  # e.g. a timeout or reset while awaiting the answer
        raise _connection_error(exc, endpoint, timeout, connecting=False) from None


def _http_error(exc: urllib.error.HTTPError, endpoint: str, authenticated: bool,
                hints: Mapping[int, str]) -> PublishError:
    """The one-line error for an HTTP error answer (a _Transient one for a 5xx)."""
    try:
        detail = first_line(exc.read()) if exc.fp is not None else ""
    except (OSError, AttributeError):
        detail = ""
    finally:
        if exc.fp is not None:
            exc.close()
    if exc.code == 401 and authenticated:
        detail = "the credentials were refused"
    hint = hints.get(exc.code, "")
    reason = "Unauthorized" if exc.code == 401 else exc.reason  # urllib digest: "digest auth failed"
    text = f"{endpoint}: HTTP {exc.code} {reason}"
    text += f": {detail}" if detail else ""
    text += f" ({hint})" if hint else ""
    return (_Transient if 500 <= exc.code <= 599 else PublishError)(text)


def _connection_error(reason: object, endpoint: str, timeout: float, *, connecting: bool) -> PublishError:
    """The one-line error for a failure below HTTP (a _Transient one for a refused or lost
    connection); ``connecting``: it happened while connecting (urllib's URLError)."""
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return PublishError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return PublishError(f"{endpoint}: the server's TLS certificate is not trusted: "
                            f"{reason.verify_message or reason} (use --ca-cert FILE for a private CA)")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        closed = reason.__class__.__name__ == "RemoteDisconnected"
        why = reason.strerror or ("the server closed the connection" if closed else reason.__class__.__name__)
        return _Transient(f"{endpoint}: the connection was lost during the request ({why})")
    if isinstance(reason, ValueError):  # urllib's auth handlers on a challenge they cannot answer
        return PublishError(f"{endpoint}: HTTP 401: {reason}")
    if connecting:
        text = f"{endpoint}: cannot connect: {getattr(reason, 'strerror', None) or reason}"
        return (_Transient if isinstance(reason, ConnectionRefusedError) else PublishError)(text)
    why = getattr(reason, "strerror", None) or reason.__class__.__name__
    return PublishError(f"{endpoint}: {why}")


def _primed_authorization(method: str, url: str, body: bytes, auth: Auth, timeout: float,
                          context: ssl.SSLContext | None) -> str | None:
    """The Authorization header for a large request, from the challenge to a bodiless GET of the
    same URL (its answer is not read). Virtuoso answers a request that needs Digest auth with 401
    *before* reading the body and closes the connection, so a large body sent unasked breaks
    (connection reset) and every retry does the same; with the header computed up front (by
    urllib's own Digest code, from the server's fresh challenge) the body is read. Credentials
    still go only where the server asked for them; ``None`` when it did not ask."""
    probe = urllib.request.Request(url, method="GET", headers={"User-Agent": USER_AGENT})
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
        chal = urllib.request.parse_keqv_list([x for x in urllib.request.parse_http_list(rest) if x])
        value = _DigestAuth(_passwords(url, auth)).get_authorization(
            urllib.request.Request(url, data=body, method=method), chal)
        return f"Digest {value}" if value else None
    if scheme.lower() == "basic":
        return "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
    return None
