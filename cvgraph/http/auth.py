"""Credentials, and how they go out: only in answer to the server's challenge, never in clear text
by surprise, never downgraded.

:func:`credentials` reads ``CVGRAPH_USER``/``CVGRAPH_PASSWORD``, else ``~/.netrc``. A
:class:`Challenges` handler (one per request) answers a 401: by **Digest** whenever the server
offers it (RFC 7616, user name and password as UTF-8; MD5, SHA or SHA-256), else by **Basic**
(``user:password`` as UTF-8, base64) — but Basic never after a Digest challenge of the same
request (no downgrade), and never over plain http to a host that is not loopback unless
``allow_insecure_auth`` (the password would be readable on the way). The header is attached
with ``add_unredirected_header`` and no request is ever redirected (:mod:`cvgraph.http.wire`), so
credentials reach only the URL the user named. :func:`prime` computes the header up front for a
large body (see there).
"""
from __future__ import annotations

import base64
import hashlib
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.message import Message
from http.client import HTTPMessage
from typing import IO

from cvgraph.errors import PublishError
from cvgraph.http import urls

__all__ = ["MAX_ANSWERS", "Auth", "Challenges", "credentials", "prime"]

Auth = tuple[str, str]  # (user, password)
MAX_ANSWERS = 2  # challenges answered per request (a second one: a stale Digest nonce)
_ALGORITHMS = {"MD5": "md5", "SHA": "sha1", "SHA-256": "sha256"}


def credentials(url: str) -> Auth | None:
    """(user, password) from CVGRAPH_USER/CVGRAPH_PASSWORD, else from ~/.netrc for the URL's host;
    a ~/.netrc that cannot be read or parsed is a one-line PublishError that never shows its text."""
    user, password = os.environ.get("CVGRAPH_USER"), os.environ.get("CVGRAPH_PASSWORD")
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else "~/.netrc"
        if exc.msg.startswith("~/.netrc"):  # the permission checks: fixed texts, no token of the file
            raise PublishError(f"{where}: {exc.msg}") from None
        raise PublishError(f"{where}: cannot be parsed (its text is not shown: it may hold passwords)") from None
    except UnicodeError:
        raise PublishError(f"{_netrc_path()}: cannot be read: not UTF-8 text") from None
    except OSError as exc:
        raise PublishError(f"{_netrc_path()}: cannot be read: {exc.strerror or exc.__class__.__name__}") from None
    if entry and entry[0] is not None:
        return entry[0], entry[2] or ""
    return None


def _netrc_path() -> str:
    return os.path.join(os.path.expanduser("~"), ".netrc")


class _Digest(urllib.request.AbstractDigestAuthHandler):
    """urllib's Digest computation, hashing UTF-8 (urllib's own encodes ASCII only) and knowing SHA-256."""

    def get_algorithm_impls(self, algorithm: str) -> tuple[Callable[[str], str], Callable[[str, str], str]]:
        name = _ALGORITHMS.get(algorithm.upper())
        if name is None:
            raise ValueError(f"algorithm {algorithm[:40]!r} is not supported")

        def h(text: str) -> str:
            return hashlib.new(name, text.encode("utf-8")).hexdigest()

        def kd(secret: str, data: str) -> str:
            return h(f"{secret}:{data}")

        return h, kd


def _challenges(headers: Message[str, str]) -> dict[str, str]:
    """{scheme (lower case): its parameters} of each WWW-Authenticate header (the first per scheme)."""
    found: dict[str, str] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, params = str(value).strip().partition(" ")
        found.setdefault(scheme.lower(), params)
    return found


def _digest_user_ok(user: str) -> bool:
    return user.isascii() and user.isprintable() and '"' not in user and "\\" not in user


class Challenges(urllib.request.BaseHandler):
    """Answers a request's 401 challenges with ``auth`` (see the module); errors name ``endpoint``."""

    handler_order = 480  # before urllib's own auth handlers (none are installed)

    def __init__(self, auth: Auth, endpoint: str, allow_insecure_auth: bool = False) -> None:
        self.auth, self.endpoint, self.allow_insecure_auth = auth, endpoint, allow_insecure_auth
        self.digest_seen = False
        self.answers = 0
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._digest = _Digest(passwords)
        self._passwords = passwords

    def authorization(self, req: urllib.request.Request, headers: Message[str, str]) -> str | None:
        """The Authorization value answering the challenges in ``headers`` for ``req``; None if
        none can be answered; a PublishError if answering would downgrade or send Basic in clear."""
        offered = _challenges(headers)
        if "digest" in offered:
            self.digest_seen = True
            return self._digest_value(req, offered["digest"])
        if "basic" not in offered:
            return None
        if self.digest_seen:
            raise PublishError(f"{self.endpoint}: the server asked for HTTP Digest, then for Basic; cvgraph does "
                               "not downgrade (Basic would send the password itself)")
        if urls.in_clear(req.full_url) and not self.allow_insecure_auth:
            raise PublishError(f"{self.endpoint}: the server asks for HTTP Basic authentication over plain http, "
                               "which would send the password readable on the way; use https, or "
                               "--allow-insecure-auth to send it anyway")
        user, password = self.auth
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    def _digest_value(self, req: urllib.request.Request, params: str) -> str | None:
        user, password = self.auth
        if not _digest_user_ok(user):
            raise PublishError(f"{self.endpoint}: the user name cannot be sent by HTTP Digest (it holds a quote, a "
                               "backslash, a control character or a non-ASCII character)")
        self._passwords.add_password(None, req.full_url, user, password)  # None: whatever realm it names
        challenge = urllib.request.parse_keqv_list([x for x in urllib.request.parse_http_list(params) if x])
        try:
            value = self._digest.get_authorization(req, challenge)
        except (ValueError, urllib.error.URLError) as exc:
            why = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise PublishError(f"{self.endpoint}: cvgraph cannot answer the server's HTTP Digest challenge "
                               f"({urls.printable(str(why))})") from None
        return None if value is None else f"Digest {value}"

    def http_error_401(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> object:
        try:
            value = self.authorization(req, headers)
        except PublishError:
            fp.close()
            raise
        if value is None or self.answers >= MAX_ANSWERS or req.get_header("Authorization") == value:
            return None  # the 401 stands: urllib raises it as an HTTPError
        self.answers += 1
        fp.close()
        req.add_unredirected_header("Authorization", value)
        return self.parent.open(req, timeout=req.timeout)


def prime(opener: urllib.request.OpenerDirector, req: urllib.request.Request, challenges: Challenges,
          timeout: float) -> None:
    """Attach to ``req`` the Authorization answering the challenge to a bodiless GET of its URL
    (sent through ``opener``, which has no auth handler; its answer is not read). Virtuoso answers
    a request that needs Digest auth with 401 *before* reading the body and closes the connection,
    so a large body sent unasked breaks (connection reset) and every retry does the same; with the
    header computed up front (from the server's fresh challenge) the body is read. Credentials
    still go only where the server asked for them, by the rules of :class:`Challenges`."""
    probe = urllib.request.Request(req.full_url, method="GET", headers={"User-Agent": req.get_header("User-agent", "")})
    try:
        with opener.open(probe, timeout=timeout):
            return  # no challenge: nothing to send
    except urllib.error.HTTPError as exc:
        try:
            value = challenges.authorization(req, exc.headers) if exc.code == 401 else None
        finally:
            exc.close()
    except OSError:
        return  # the real request will report the problem
    if value is not None:
        req.add_unredirected_header("Authorization", value)
