"""HTTP to SPARQL endpoints and stores: credentials, TLS, retries with backoff, deadlines, capped
reads, progress, one-line errors with no secret in them.

Every request cvgraph sends to a store or endpoint (``publish`` and ``query --endpoint``) goes
through :func:`request`, which sends nothing but http(s) (:func:`check_url`, the one check).
Credentials come from ``CVGRAPH_USER``/``CVGRAPH_PASSWORD`` or ``~/.netrc`` (:func:`credentials`)
and are sent (Digest or Basic) only when the server asks, never after a redirect (none is
followed), never downgraded from Digest to Basic, and never by Basic over plain http to a host
that is not loopback unless ``allow_insecure_auth`` (:mod:`cvgraph.http.auth`); they are never
printed, logged or put in a URL. Every message goes through :func:`redact`. TLS verification is
always on (``--ca-cert`` adds a trusted CA, :func:`tls_context`). ``timeout`` is a deadline for
the whole request, and an answer is read up to ``MAX_RESPONSE`` bytes
(:mod:`cvgraph.http.wire`). Only idempotent requests are retried, on connection errors and 5xx.
Bodies from 1 MiB show progress on a terminal.

Modules: :mod:`~cvgraph.http.urls` (check, redaction, joining), :mod:`~cvgraph.http.auth`,
:mod:`~cvgraph.http.wire` (deadline, redirects, reads, TLS), :mod:`~cvgraph.http.messages`,
:mod:`~cvgraph.http.progress`; this module sends.
"""
from __future__ import annotations

import math
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from http.client import HTTPException, IncompleteRead
from typing import TextIO

from cvgraph.errors import PublishError
from cvgraph.http.auth import Auth, Challenges, credentials, prime
from cvgraph.http.messages import Transient, connection_error, first_line, http_error, timed_out
from cvgraph.http.progress import PROGRESS_CHUNK, PROGRESS_MIN, ProgressBody, progress_text
from cvgraph.http.urls import check_url, in_clear, is_loopback, join_path, redact, with_param
from cvgraph.http.wire import (
    Deadline,
    HTTPHandler,
    HTTPSHandler,
    NoRedirects,
    read_capped,
    size_text,
    tls_context,
)
from cvgraph.version import __version__

__all__ = [
    "BACKOFF",
    "HINTS",
    "MAX_RESPONSE",
    "PRIME_MIN",
    "PROGRESS_CHUNK",
    "PROGRESS_MIN",
    "RETRIES",
    "USER_AGENT",
    "Auth",
    "ProgressBody",
    "check_timeout",
    "check_url",
    "credentials",
    "first_line",
    "in_clear",
    "join_path",
    "progress_text",
    "redact",
    "request",
    "size_text",
    "tls_context",
    "with_param",
]

RETRIES = 2  # retries after the first attempt (3 attempts in all); --retries
BACKOFF = 0.5  # seconds before the first retry, doubled before each next one (0.5, 1, 2, …)
PRIME_MIN = 1 << 18  # bodies from 256 KiB: ask for the auth challenge first (see auth.prime)
MAX_RESPONSE = 1 << 28  # 256 MiB: the most of one answer read (a graph read back, query results)
HINTS = {401: "check CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc", 403: "the user may not do this here",
         404: "check the URL", 413: "the request is too large for this server"}  # by HTTP status
USER_AGENT = f"cvgraph/{__version__} (https://pypi.org/project/cvgraph/)"  # not urllib's, which some refuse


def check_timeout(timeout: object) -> float:
    """``timeout`` as seconds, or a PublishError unless it is a finite number above 0."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) \
            or timeout <= 0:
        raise PublishError(f"timeout {timeout!r}: give a number of seconds above 0")
    return float(timeout)


def request(method: str, url: str, body: bytes | None = None, headers: Mapping[str, str] | None = None, *,
            timeout: float, auth: Auth | None = None, endpoint: str | None = None, retries: int = 0,
            idempotent: bool = False, context: ssl.SSLContext | None = None,
            progress: TextIO | None = None, hints: Mapping[int, str] = HINTS,
            allow_insecure_auth: bool = False) -> bytes:
    """One request, retried with backoff when that is safe; any failure becomes a one-line
    PublishError naming ``endpoint`` (default: ``url``), redacted (:func:`redact`, the password too).

    Retry rule: only an ``idempotent`` request (sending it twice leaves the store as sending it
    once) is retried, up to ``retries`` more times, after ``BACKOFF``·2^k seconds, and only on a
    refused or reset connection or an HTTP 5xx answer — never on a 4xx, nor on a timeout (the
    store may still be working on it). The final error says how many attempts were made.
    ``timeout``: seconds one attempt may take in all (connecting, sending, the challenge round
    trips, reading the whole answer). The answer is read up to ``MAX_RESPONSE`` bytes; a redirect
    is an error naming its target. ``auth``: answered to the server's 401 challenge, Digest or
    Basic as it asks (never sent unasked; Basic over plain http to a host that is not loopback
    only with ``allow_insecure_auth``). ``context``: the TLS context (:func:`tls_context`;
    verification is never turned off). ``progress``: a stream (stderr) to show the upload of a
    body ≥ ``PROGRESS_MIN`` on, if it is a terminal. ``hints``: what an error answer's line adds,
    by status (default ``HINTS``). Every request names cvgraph as its ``User-Agent`` (unless
    ``headers`` do)."""
    secrets = () if auth is None else (auth[1],)
    try:
        check_url(url)
        seconds = check_timeout(timeout)
        where = redact(endpoint or url)
        attempts = 1 + (max(0, int(retries)) if idempotent else 0)
        for attempt in range(1, attempts + 1):
            try:
                sent = {"User-Agent": USER_AGENT, **(headers or {})}  # a fresh copy: _attempt adds to it
                return _attempt(method, url, body, sent, seconds, auth, where, context, progress, hints,
                                allow_insecure_auth)
            except Transient as exc:
                if attempt == attempts:
                    text = str(exc) + (f" (gave up after {attempts} attempts)" if attempts > 1 else "")
                    raise PublishError(text) from None
                time.sleep(BACKOFF * 2 ** (attempt - 1))
    except PublishError as exc:
        raise PublishError(redact(str(exc), secrets)) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _opener(deadline: Deadline, context: ssl.SSLContext | None, url: str,
            challenges: Challenges | None = None) -> urllib.request.OpenerDirector:
    """Fresh handlers (a handler belongs to one opener): http(s) under ``deadline``, no
    redirects, the ``challenges`` answered if given. A loopback ``url`` is never sent through a
    proxy (http_proxy, https_proxy): the proxy's own loopback is not this machine's, and the
    request (with its credentials) would leave the machine."""
    handlers: list[urllib.request.BaseHandler] = [HTTPHandler(deadline), HTTPSHandler(deadline, context),
                                                  NoRedirects()]
    if is_loopback(urllib.parse.urlsplit(url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))  # replaces the environment's proxies
    return urllib.request.build_opener(*handlers, *([challenges] if challenges is not None else []))


def _attempt(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float,
             auth: Auth | None, endpoint: str, context: ssl.SSLContext | None, progress: TextIO | None,
             hints: Mapping[int, str], allow_insecure_auth: bool) -> bytes:
    """One attempt under one deadline; a fresh opener per attempt, so no handler state leaks between them."""
    with Deadline(timeout) as deadline:
        challenges = None if auth is None else Challenges(auth, endpoint, allow_insecure_auth)
        opener = _opener(deadline, context, url, challenges)
        data: bytes | ProgressBody | None = body
        if progress is not None and body is not None and len(body) >= PROGRESS_MIN:
            headers["Content-Length"] = str(len(body))
            data = ProgressBody(body, progress)
        # typeshed wants bytes; urllib sends any iterable of bytes (with the Content-Length given above)
        req = urllib.request.Request(url, data=data, method=method, headers=headers)  # type: ignore[arg-type]
        try:
            if challenges is not None and body is not None and len(body) >= PRIME_MIN \
                    and "Authorization" not in headers:
                prime(_opener(deadline, context, url), req, challenges, timeout)
            with opener.open(req, timeout=timeout) as response:
                answer = read_capped(response, MAX_RESPONSE, endpoint, response.headers)
        except urllib.error.HTTPError as exc:
            if deadline.expired:
                raise timed_out(endpoint, timeout) from None
            raise http_error(exc, endpoint, auth is not None, hints) from None
        except urllib.error.URLError as exc:
            if deadline.expired:
                raise timed_out(endpoint, timeout) from None
            raise connection_error(exc.reason, endpoint, timeout, connecting=True) from None
        except (OSError, ValueError, HTTPException) as exc:  # e.g. a timeout or reset while awaiting the answer
            if deadline.expired:
                raise timed_out(endpoint, timeout) from None
            if isinstance(exc, IncompleteRead):  # the connection closed before the Content-Length announced
                raise Transient(f"{endpoint}: the connection was lost during the answer (it was cut off)") from None
            if isinstance(exc, HTTPException) and not isinstance(exc, OSError):
                raise PublishError(f"{endpoint}: the answer is not valid HTTP ({exc.__class__.__name__})") from None
            raise connection_error(exc, endpoint, timeout, connecting=False) from None
        if deadline.expired:  # the sockets were shut down: what was read may be cut off
            raise timed_out(endpoint, timeout)
        return answer
