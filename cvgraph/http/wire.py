"""The connection under each request: TLS, a deadline for the whole request, no redirects,
capped reads.

- :class:`Deadline`: ``--timeout`` is a deadline for a whole request (connecting, sending, the
  challenge round trips, reading the whole answer), not for each socket operation: a server that
  trickles one byte a second would otherwise keep a request alive forever. When it passes, a
  watchdog shuts the request's sockets down, which ends any read or write in progress.
- :class:`NoRedirects`: a 3xx answer is never followed. Every request cvgraph sends is a POST or
  PUT: urllib would turn it into a GET elsewhere (or resend it, with any Authorization header
  it was given, to a host the user never named). The caller reports it (one line).
- :func:`read_capped`: an answer is read up to a limit, refused as soon as it announces or sends
  more (an endless answer would otherwise be read until memory runs out).
"""
from __future__ import annotations

import contextlib
import http.client
import os
import socket
import ssl
import threading
import time
import urllib.request
from http.client import HTTPMessage
from types import TracebackType
from typing import IO, Any, Self

from cvgraph.errors import PublishError

__all__ = ["READ_CHUNK", "Deadline", "HTTPHandler", "HTTPSHandler", "NoRedirects", "TooLarge", "read_capped",
           "size_text", "tls_context"]

READ_CHUNK = 1 << 16


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


class Deadline:
    """``seconds`` from entering the ``with`` block on, the sockets registered are shut down
    (``expired`` then says so); leaving the block cancels it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._end = 0.0

    def __enter__(self) -> Self:
        self._end = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return max(0.001, self._end - time.monotonic())

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """End every read and write on ``sock`` (the plain socket's shutdown, also under TLS: the
    TLS object's own would drop its state under a read in progress)."""
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _UnderDeadline:
    """A connection (mixed into http.client's two) whose connect and socket obey ``deadline``."""

    timeout: float | None
    sock: socket.socket

    def __init__(self, host: str, *, deadline: Deadline, **kwargs: Any) -> None:  # noqa: ANN401 - http.client's
        super().__init__(host, **kwargs)  # type: ignore[call-arg]  # the connection class mixed with
        self.deadline = deadline

    def connect(self) -> None:
        self.timeout = min(self.deadline.remaining(), self.timeout or self.deadline.seconds)
        super().connect()  # type: ignore[misc]  # the connection class mixed with
        self.deadline.register(self.sock)


class _HTTPConnection(_UnderDeadline, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_UnderDeadline, http.client.HTTPSConnection):
    pass


class HTTPHandler(urllib.request.HTTPHandler):
    """http, its sockets under ``deadline``."""

    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req, deadline=self.deadline)  # type: ignore[arg-type]


class HTTPSHandler(urllib.request.HTTPSHandler):
    """https with ``context`` (None: the default, verifying), its sockets under ``deadline``."""

    def __init__(self, deadline: Deadline, context: ssl.SSLContext | None) -> None:
        super().__init__(context=context)
        self.deadline, self.tls = deadline, context

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req, deadline=self.deadline,  # type: ignore[arg-type]
                            context=self.tls)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: the 3xx answer is raised as an HTTPError for the caller to report."""

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class TooLarge(PublishError):
    """An answer over the limit of :func:`read_capped`."""


def size_text(n: int) -> str:
    """``256 MiB`` for whole MiB, else the bytes."""
    return f"{n >> 20} MiB" if n and n % (1 << 20) == 0 else f"{n:,} bytes"


def read_capped(response: IO[bytes], limit: int, endpoint: str, headers: HTTPMessage | None = None) -> bytes:
    """The answer's body, at most ``limit`` bytes: more (announced by Content-Length, or sent) is
    a :class:`TooLarge` error naming ``endpoint``, raised without reading the rest; less than its
    Content-Length (the connection closed early) is http.client's IncompleteRead."""
    too_large = TooLarge(f"{endpoint}: the answer is larger than {size_text(limit)}, the most cvgraph reads "
                         "from a server")
    length = (headers.get("Content-Length") or "").strip() if headers is not None else ""
    if length.isdigit() and int(length) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            if length.isdigit() and size < int(length):
                raise http.client.IncompleteRead(b"".join(chunks), int(length) - size)
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
