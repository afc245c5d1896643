"""URLs of stores and endpoints: the one check (http(s) only), the one redaction, joining.

:func:`check_url` is the one place that decides what cvgraph may send a request to (an http or
https URL with a host, no credentials in it); :func:`cvgraph.http.request` calls it for every
request, and the commands call it first for an early error. :func:`redact` is the one function
that makes a text safe to print: every message, dry run and log that names a URL or may echo a
header goes through it. URLs are built with :mod:`urllib.parse` (:func:`join_path`,
:func:`with_param`), so a query string such as ``?token=T`` stays at the end.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import urllib.parse
from collections.abc import Iterable

from cvgraph.errors import PublishError

__all__ = ["SHOWN_PARAMS", "check_url", "in_clear", "is_loopback", "join_path", "printable", "redact",
           "shown_url", "with_param"]

SHOWN_PARAMS = frozenset({"graph", "default-graph-uri", "named-graph-uri"})  # query parameters shown as is
_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]*")
_TRAILING = ".,;:)"  # punctuation after a URL in a sentence: left out of it
_VALUE = r'(?:"[^"]*"|[^\s,\'"]*)'
_DIGEST = re.compile(rf"\bDigest\s+[\w-]+={_VALUE}(?:\s*,\s*[\w-]+={_VALUE})*", re.IGNORECASE)
_TOKEN = re.compile(r"\b(Basic|Bearer)\s+([A-Za-z0-9+/_.~-]+=*)", re.IGNORECASE)
_NOT_IN_URLS = "\"'<>\\^`{|}"  # refused unencoded (RFC 3986 forbids them; ' ends a URL in messages)
_KEEP = "".join(chr(c) for c in range(33, 127) if chr(c) not in "\"'<>")  # shown as is by shown_url


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` safe to print: each of ``secrets`` (a password) replaced by ``***``; in every URL,
    ``user:password@`` replaced by ``***@`` and the value of each query parameter by ``***``
    (except those of :data:`SHOWN_PARAMS`), the fragment left out; an ``Authorization`` value
    (``Digest username=…``, ``Basic <base64 of user:password>``, ``Bearer …``) by ``[redacted]``.

    >>> redact("http://bob:pw@host/sparql?token=T&graph=urn%3Ag: HTTP 404")
    'http://***@host/sparql?token=***&graph=urn%3Ag: HTTP 404'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _DIGEST.sub("Digest [redacted]", text)
    text = _TOKEN.sub(_redact_token, text)
    return _URL.sub(_redact_url, text)


def _redact_token(match: re.Match[str]) -> str:
    scheme, token = match.groups()
    if scheme.lower() == "basic":
        try:
            if b":" not in base64.b64decode(token, validate=True):
                return match.group(0)  # not user:password in base64: words, e.g. "Basic authentication"
        except (binascii.Error, ValueError):
            return match.group(0)
    return f"{scheme} [redacted]"


def _redact_url(match: re.Match[str]) -> str:
    url = match.group(0)
    kept = len(url.rstrip(_TRAILING))
    url, tail = url[:kept], url[kept:]
    scheme, _, rest = url.partition("://")
    if "@" in rest:  # the last "@": a password may hold "/", "?" or "#", which urlsplit would not see
        rest = "***@" + rest.rsplit("@", 1)[1]
    rest = rest.split("#", 1)[0]
    head, sep, query = rest.partition("?")
    params = "&".join(_redact_param(p) for p in query.split("&")) if sep else ""
    return f"{scheme}://{head}{sep}{params}{tail}"


def _redact_param(param: str) -> str:
    name, eq, _ = param.partition("=")
    if not param or urllib.parse.unquote_plus(name) in SHOWN_PARAMS:
        return param
    return f"{name}=***" if eq else "***"


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x00``): a message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown_url(url: str) -> str:
    """``url`` as a message shows it: spaces, control characters, quotes, ``<>`` and non-ASCII
    percent-encoded (so that :func:`redact` sees the whole URL, password included), then redacted."""
    return redact(urllib.parse.quote(url, safe=_KEEP))


def check_url(url: str) -> None:
    """Refuse, with a one-line PublishError, what is not an http(s) URL with a host (``file:``,
    ``ftp:``, a malformed host or port, spaces or control characters), and a URL carrying
    credentials; the message shows the URL redacted."""
    shown = shown_url(url)
    if any(c.isspace() or not c.isprintable() or c in _NOT_IN_URLS for c in url):
        raise PublishError(f"{shown}: not an http(s) URL (it holds spaces, control characters or one of "
                           f"{_NOT_IN_URLS}: percent-encode them)")
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise PublishError(f"{shown}: not a valid URL (its host or port cannot be read)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"{shown}: not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise PublishError(f"{shown}: credentials do not go in the URL; set CVGRAPH_USER and "
                           "CVGRAPH_PASSWORD or use ~/.netrc")


def is_loopback(host: str) -> bool:
    """``localhost``, or an address of 127.0.0.0/8 or ``::1``: traffic that never leaves the machine."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def in_clear(url: str) -> bool:
    """Would a password sent to ``url`` be readable on the way (plain http to a host that is not
    loopback)?"""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme != "https" and not is_loopback(parts.hostname or "")


def join_path(base: str, path: str) -> str:
    """``path`` appended to the path of ``base`` (its query string kept at the end).

    >>> join_path("https://h/sparql/?token=T", "/update")
    'https://h/sparql/update?token=T'
    """
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + path))


def with_param(url: str, name: str, value: str) -> str:
    """``url`` with the query parameter ``name=value`` added (percent-encoded) after any it has.

    >>> with_param("https://h/store?token=T", "graph", "https://ex.org/g")
    'https://h/store?token=T&graph=https%3A%2F%2Fex.org%2Fg'
    """
    parts = urllib.parse.urlsplit(url)
    param = urllib.parse.urlencode({name: value}, quote_via=urllib.parse.quote)
    return urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&{param}" if parts.query else param))
