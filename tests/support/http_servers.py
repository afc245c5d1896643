"""Hostile and authenticating loopback HTTP servers for the issue 12 HTTP regressions.

Each is a real ``http.server`` handler run by :func:`support.servers.serve_handler` on
127.0.0.1 (no mock of the client): it records every request it gets (method, path, headers) so
a test can say what reached it, e.g. whether an ``Authorization`` header arrived.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from support.servers import serve_handler

Answer = tuple[int, dict[str, str], bytes]  # status, headers, body


@dataclass
class Seen:
    """The requests a server got: (method, path, {header: value})."""

    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self.lock:
            self.requests.append((method, path, headers))

    def authorizations(self) -> list[str | None]:
        return [h.get("Authorization") for _, _, h in self.requests]


@contextlib.contextmanager
def recording(answer: Callable[[str, str, dict[str, str], bytes], Answer],
              tls: ssl.SSLContext | None = None) -> Iterator[tuple[str, Seen]]:
    """``(base, seen)``: a server answering each request with ``answer(method, path, headers, body)``,
    over TLS with ``tls``."""
    seen = Seen()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = dict(self.headers.items())
            seen.add(self.command, self.path, headers)
            status, extra, payload = answer(self.command, self.path, headers, body)
            self.send_response(status)
            for name, value in {**extra, "Content-Length": str(len(payload))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _any

        def log_message(self, *args: object) -> None:
            pass

    with serve_handler(Handler, tls, name="recording-server") as base:
        yield base, seen


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def digest_ok(header: str | None, method: str, user: str, password: str, realm: str = "cv") -> bool:
    """Does ``header`` answer a Digest challenge for ``user``/``password`` (UTF-8, RFC 7616)?"""
    if not header or not header.startswith("Digest "):
        return False
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))

    def h(text: str) -> str:
        return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 - the protocol's hash

    ha1, ha2 = h(f"{user}:{realm}:{password}"), h(f"{method}:{fields.get('uri', '')}")
    if fields.get("qop"):
        want = h(f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}")
    else:
        want = h(f"{ha1}:{fields.get('nonce', '')}:{ha2}")
    return fields.get("username") == user and fields.get("response") == want


DIGEST_CHALLENGE = 'Digest realm="cv", nonce="n0nce", qop="auth", algorithm=MD5'


@contextlib.contextmanager
def streaming(head: bytes, chunk: bytes, pause: float, total: int) -> Iterator[str]:
    """A server that answers every request with ``head`` (status line and headers), then ``chunk``
    after ``chunk`` (``pause`` seconds apart) until ``total`` bytes, then closes: with a small
    pause a trickling server, with a big ``total`` an endless one."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                self.wfile.write(head)
                sent = 0
                while sent < total:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    sent += len(chunk)
                    if pause:
                        time.sleep(pause)
            except OSError:
                pass  # the client gave up: what the tests want
            self.close_connection = True

        do_GET = do_POST = do_PUT = _any

        def log_message(self, *args: object) -> None:
            pass

    with serve_handler(Handler, name="streaming-server") as base:
        yield base
