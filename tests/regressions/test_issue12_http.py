"""Issue 12, items 2 and 8 (network part): credentials never follow a redirect, Basic never goes
over plain http to a remote host, Digest is never downgraded, every answer read is capped, and
``--timeout`` is a deadline for the whole request.

Every server is a real HTTP server on 127.0.0.1 (``support.http_servers``). A "remote" store
is simulated by declaring no host loopback (``cvgraph.http.urls.is_loopback``), since cvgraph
lets Basic go over plain http to a loopback host (the traffic never leaves the machine).
"""
from __future__ import annotations

import http.server
import time

import pytest
from click.testing import CliRunner
from support.http_servers import DIGEST_CHALLENGE, Seen, basic, digest_ok, recording, streaming
from support.servers import serve_handler

import cvgraph.http as transport
from cvgraph.cli import main
from cvgraph.errors import PublishError

BIG = b"x" * (transport.PRIME_MIN + 10)  # a body large enough for the primed Authorization


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("CVGRAPH_USER", raising=False)
    monkeypatch.delenv("CVGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(transport, "BACKOFF", 0.01)


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# ----------------------------------------------------------------------------- item 2: redirects

def _redirecting_store(target: str, status: int = 302, challenge: str = 'Basic realm="cv"', tls=None):
    """A store that challenges, and redirects every authenticated request to ``target``."""
    def answer(method, path, headers, body):
        if headers.get("Authorization") is None:
            return 401, {"WWW-Authenticate": challenge}, b"who are you?\n"
        return status, {"Location": target}, b""
    return recording(answer, tls)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("size", ["small", "primed"])
def test_credentials_never_follow_a_redirect_to_another_origin(status, size):
    """The primed Authorization (bodies >= 256 KiB) was an ordinary header that urllib copied onto
    the redirected request: the other origin got the password."""
    body = BIG if size == "primed" else b"x"
    with recording(lambda *a: (200, {}, b"ok")) as (other, elsewhere):
        with _redirecting_store(other + "/steal?token=T0ken", status) as (base, store):
            with pytest.raises(PublishError) as info:
                transport.request("POST", base + "/update", body, {}, timeout=5, auth=("alice", "s3cret-Pw"))
    assert elsewhere.requests == []  # nothing at all reached the other origin
    message = str(info.value)
    assert f"{base}/update: the server redirects this request (HTTP {status}) to {other}/steal?token=***" in message
    assert "T0ken" not in message and "s3cret" not in message and "\n" not in message
    assert any(a is not None for a in store.authorizations())  # the store itself asked and was answered


def test_an_update_redirected_is_one_line_naming_the_target_not_a_checksum_error():
    with recording(lambda *a: (200, {"Content-Type": "application/sparql-results+json"},
                               b'{"head":{"vars":[]},"results":{"bindings":[]}}')) as (other, _):
        with recording(lambda *a: (307, {"Location": other + "/update"}, b"")) as (base, _):
            line = one_line_error(CliRunner().invoke(main, ["publish", "--endpoint", base]))
    assert line == (f"error: {base}/update: the server redirects this request (HTTP 307) to {other}/update; "
                    "cvgraph does not follow redirects: give the URL it names")


@pytest.mark.parametrize("method", ["POST", "PUT"])
@pytest.mark.parametrize("size", ["small", "primed"])
def test_an_https_store_redirecting_to_plain_http_gets_no_basic_credentials_sent_in_clear(tmp_path, size, method):
    import ssl

    from unit.store.test_publish_transport import self_signed_cert

    cert, key = self_signed_cert(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    body = BIG if size == "primed" else b"x"
    with recording(lambda *a: (200, {}, b"ok")) as (plain, elsewhere):
        with _redirecting_store(plain + "/store", 302, tls=tls) as (base, store):
            assert base.startswith("https://")
            with pytest.raises(PublishError, match=f"redirects this request \\(HTTP 302\\) to {plain}/store"):
                transport.request(method, base + "/store", body, {}, timeout=5, auth=("alice", "s3cret-Pw"),
                                  context=transport.tls_context(cert))
    assert elsewhere.requests == []
    assert basic("alice", "s3cret-Pw") in store.authorizations()  # over https, to the store itself


# ----------------------------------------------------------------------------- item 2: Basic over http

def _basic_store(user="alice", password="s3cret-Pw"):
    def answer(method, path, headers, body):
        if headers.get("Authorization") != basic(user, password):
            return 401, {"WWW-Authenticate": 'Basic realm="cv"'}, b"who are you?\n"
        return 200, {}, b"ok"
    return recording(answer)


@pytest.mark.parametrize("body", [b"x", BIG], ids=["small", "primed"])
def test_basic_is_never_sent_over_plain_http_to_a_remote_host(monkeypatch, body):
    monkeypatch.setattr(transport.urls, "is_loopback", lambda host: False)  # the store is "remote"
    with _basic_store() as (base, store):
        with pytest.raises(PublishError) as info:
            transport.request("POST", base + "/update", body, {}, timeout=5, auth=("alice", "s3cret-Pw"))
        assert store.authorizations() and all(a is None for a in store.authorizations())
        assert str(info.value) == (f"{base}/update: the server asks for HTTP Basic authentication over plain "
                                   "http, which would send the password readable on the way; use https, or "
                                   "--allow-insecure-auth to send it anyway")
        # --allow-insecure-auth: sent (once asked)
        assert transport.request("POST", base + "/update", body, {}, timeout=5, auth=("alice", "s3cret-Pw"),
                                 allow_insecure_auth=True) == b"ok"


def test_basic_over_plain_http_to_loopback_is_allowed():
    with _basic_store() as (base, store):
        assert transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=("alice", "s3cret-Pw")) == b"ok"
    assert store.authorizations() == [None, basic("alice", "s3cret-Pw")]


def test_allow_insecure_auth_is_an_option_of_publish_and_query(monkeypatch):
    monkeypatch.setattr(transport.urls, "is_loopback", lambda host: False)
    monkeypatch.setenv("CVGRAPH_USER", "alice")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "s3cret-Pw")
    with _basic_store() as (base, _):
        refused = CliRunner().invoke(main, ["query", "publications-by-year", "--endpoint", base])
        assert "--allow-insecure-auth" in one_line_error(refused)
        allowed = CliRunner().invoke(main, ["query", "publications-by-year", "--endpoint", base,
                                            "--allow-insecure-auth"])
        assert "not SPARQL results" in one_line_error(allowed)  # sent: the store answered "ok"
        refused = CliRunner().invoke(main, ["publish", "--endpoint", base])
        assert "--allow-insecure-auth" in one_line_error(refused)
    for command in ("publish", "query"):
        assert "--allow-insecure-auth" in CliRunner().invoke(main, [command, "--help"]).output


# ----------------------------------------------------------------------------- item 2: no downgrade

def test_digest_is_never_downgraded_to_basic():
    """A store (or someone in between) that answers a Digest answer with a Basic challenge."""
    def answer(method, path, headers, body):
        auth = headers.get("Authorization")
        if auth is None:
            return 401, {"WWW-Authenticate": DIGEST_CHALLENGE}, b""
        if auth.startswith("Digest "):
            return 401, {"WWW-Authenticate": 'Basic realm="cv"'}, b""
        return 200, {}, b"ok"
    with recording(answer) as (base, store):
        with pytest.raises(PublishError, match=r"/update: the server asked for HTTP Digest, then for Basic; "
                           r"cvgraph does not downgrade"):
            transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=("alice", "pw"))
    assert not any((a or "").startswith("Basic") for a in store.authorizations()), store.authorizations()


def test_digest_is_chosen_when_basic_is_offered_too():
    """Two challenges, Basic first: urllib's Digest handler read only the first and let Basic answer."""
    store = Seen()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            store.add("POST", self.path, dict(self.headers.items()))
            ok = digest_ok(self.headers.get("Authorization"), "POST", "alice", "pw")
            self.send_response(200 if ok else 401)
            if not ok:
                self.send_header("WWW-Authenticate", 'Basic realm="cv"')
                self.send_header("WWW-Authenticate", DIGEST_CHALLENGE)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    with serve_handler(Handler) as base:
        assert transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=("alice", "pw")) == b"ok"
    assert not any((a or "").startswith("Basic") for a in store.authorizations()), store.authorizations()


# ----------------------------------------------------------------------------- item 8: reads and deadlines

HEAD_CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n"
HEAD_UNSIZED = b"HTTP/1.0 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n" % len(data) + data + b"\r\n"


@pytest.mark.parametrize("head,chunk", [(HEAD_CHUNKED, _chunk(b"[" * 65536)), (HEAD_UNSIZED, b"[" * 65536)],
                         ids=["chunked", "unsized"])
def test_an_endless_answer_is_cut_at_the_limit_with_one_line(monkeypatch, head, chunk):
    monkeypatch.setattr(transport, "MAX_RESPONSE", 1 << 20)
    with streaming(head, chunk, pause=0, total=48 << 20) as base:  # "endless": 48 MiB
        with pytest.raises(PublishError) as info:
            transport.request("POST", base + "/query", b"x", {}, timeout=30)
    assert str(info.value) == (f"{base}/query: the answer is larger than 1 MiB, the most cvgraph reads "
                               "from a server")


def test_an_answer_announcing_too_much_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(transport, "MAX_RESPONSE", 1 << 20)
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n"
    with streaming(head, b"x" * 1024, pause=0.05, total=1 << 20) as base:
        started = time.monotonic()
        with pytest.raises(PublishError, match="larger than 1 MiB"):
            transport.request("POST", base + "/query", b"x", {}, timeout=30)
    assert time.monotonic() - started < 5


def test_an_endless_error_answer_is_not_read_whole(monkeypatch):
    monkeypatch.setattr(transport, "MAX_RESPONSE", 1 << 20)
    head = b"HTTP/1.0 500 Oops\r\n\r\n"
    with streaming(head, b"busy " * 20000, pause=0, total=48 << 20) as base:
        with pytest.raises(PublishError, match=r"HTTP 500 Oops: busy busy"):
            transport.request("POST", base + "/query", b"x", {}, timeout=30)


@pytest.mark.parametrize("command", ["query", "publish"])
def test_cli_endless_answer_is_one_line_exit_2(monkeypatch, command):
    monkeypatch.setattr(transport, "MAX_RESPONSE", 1 << 20)
    with streaming(HEAD_CHUNKED, _chunk(b"[" * 65536), pause=0, total=48 << 20) as base:
        args = ["query", "publications-by-year", "--endpoint", base] if command == "query" else \
            ["publish", "--endpoint", base, "--diff"]
        line = one_line_error(CliRunner().invoke(main, args))
    assert "larger than 1 MiB" in line


@pytest.mark.parametrize("head", [HEAD_UNSIZED, b""], ids=["body", "headers"])
def test_a_trickling_server_cannot_outlive_the_timeout(head):
    """One byte every 0.1 s, for 20 s: each socket read succeeds well within the timeout."""
    with streaming(head, b"H" if not head else b"[", pause=0.1, total=200) as base:
        started = time.monotonic()
        with pytest.raises(PublishError, match=r"no answer within 1 s"):
            transport.request("POST", base + "/query", b"x", {}, timeout=1)
        elapsed = time.monotonic() - started
    assert elapsed < 3, f"--timeout 1 took {elapsed:.1f} s"


@pytest.mark.parametrize("command", ["query", "publish"])
@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "-inf", "1e999", "soon"])
def test_timeout_zero_negative_nan_inf_are_refused(command, value):
    args = ["query", "publications-by-year", "--endpoint", "http://127.0.0.1:9/q"] if command == "query" else \
        ["publish", "--endpoint", "http://127.0.0.1:9"]
    result = CliRunner().invoke(main, [*args, "--timeout", value])
    assert result.exit_code == 2 and "Traceback" not in result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error")]
    assert len(errors) == 1 and "--timeout" in errors[0] and "seconds above 0" in errors[0], result.stderr


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf")])
def test_request_refuses_a_timeout_that_is_not_a_positive_number(value):
    with pytest.raises(PublishError, match="timeout"):
        transport.request("POST", "http://127.0.0.1:9/q", b"x", {}, timeout=value)


def test_vivo_form_password_is_never_sent_over_plain_http_to_a_remote_host(monkeypatch):
    """VIVO takes the password as a form field of the body: the same clear text as Basic."""
    monkeypatch.setattr(transport.urls, "is_loopback", lambda host: False)
    monkeypatch.setenv("CVGRAPH_USER", "alice@example.org")
    monkeypatch.setenv("CVGRAPH_PASSWORD", "s3cret-Pw")
    with recording(lambda *a: (200, {}, b"ok")) as (base, store):
        line = one_line_error(CliRunner().invoke(main, ["publish", "--store", "vivo", "--endpoint", base]))
    assert store.requests == [] and "--allow-insecure-auth" in line and "s3cret" not in line
    assert line.startswith(f"error: {base}/api/sparqlUpdate: VIVO takes the password as a form field")


def test_a_trickling_https_server_cannot_outlive_the_timeout(tmp_path):
    """The deadline ends a TLS read in progress too (the plain socket is shut down under it)."""
    import ssl

    from unit.store.test_publish_transport import self_signed_cert

    cert, key = self_signed_cert(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.wfile.write(HEAD_UNSIZED)
            for _ in range(200):
                try:
                    self.wfile.write(b"[")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)

        def log_message(self, *args):
            pass

    with serve_handler(Handler, tls) as base:
        started = time.monotonic()
        with pytest.raises(PublishError, match=r"no answer within 1 s"):
            transport.request("POST", base + "/query", b"x", {}, timeout=1, context=transport.tls_context(cert))
        elapsed = time.monotonic() - started
    assert elapsed < 3, f"--timeout 1 took {elapsed:.1f} s"


@pytest.mark.parametrize("head,text", [
    (b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", "the connection was lost during the answer"),
    (b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", "the answer is not valid HTTP"),
    (b"garbage\r\n\r\n", "the answer is not valid HTTP"),
], ids=["cut-off", "too-many-headers", "not-http"])
def test_a_broken_answer_is_one_line_not_a_traceback(head, text):
    with streaming(head, b"x", pause=0, total=10) as base:
        with pytest.raises(PublishError, match=text):
            transport.request("POST", base + "/query", b"x", {}, timeout=5)
