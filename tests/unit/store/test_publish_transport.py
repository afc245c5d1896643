"""`cvgraph publish` transport: retries with backoff, ``--ca-cert``, the upload progress indicator.

Tiny HTTP(S) servers in a thread on 127.0.0.1 count the attempts; the end-to-end tests use the
real Oxigraph server (session fixture ``oxigraph_server``)."""
from __future__ import annotations

import contextlib
import http.server
import io
import threading

import pytest
from click.testing import CliRunner
from support.servers import serve_handler

import cvgraph
import cvgraph.http as transport
import cvgraph.store.client as client_module
from cvgraph.api import publish as publish_api
from cvgraph.cli import main
from cvgraph.errors import PublishError

DOC = "https://sites.google.com/view/sunwoolee"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def sleeps(monkeypatch):
    """The backoff delays asked for (none actually waited)."""
    asked: list[float] = []
    monkeypatch.setattr(transport.time, "sleep", asked.append)
    return asked


@contextlib.contextmanager
def flaky_server(fail: int, status: int = 503, ssl_context=None):
    """``(url, state)``: the first ``fail`` requests get ``status``, then 200 ``ok``;
    ``state["attempts"]`` counts requests, ``state["bodies"]`` holds the bodies received."""
    state = {"attempts": 0, "bodies": []}
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                state["attempts"] += 1
                state["bodies"].append(body)
                failing = state["attempts"] <= fail
            payload = b"busy\n" if failing else b"ok"
            self.send_response(status if failing else 200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    with serve_handler(Handler, ssl_context) as base:
        yield f"{base}/update", state


def _post(url, retries=2, idempotent=True, **kwargs):
    return transport.request("POST", url, b"x", {}, timeout=5, retries=retries, idempotent=idempotent, **kwargs)


# ----------------------------------------------------------------------------- retries

def test_503_twice_then_success_is_retried_with_backoff(sleeps):
    with flaky_server(fail=2) as (url, state):
        assert _post(url) == b"ok"
    assert state["attempts"] == 3
    assert sleeps == [0.5, 1.0]


def test_always_503_gives_up_after_n_attempts_one_line(sleeps):
    with flaky_server(fail=99) as (url, state), pytest.raises(PublishError) as err:
        _post(url, retries=3)
    assert state["attempts"] == 4 and sleeps == [0.5, 1.0, 2.0]
    text = str(err.value)
    assert "\n" not in text and type(err.value) is PublishError
    assert text.startswith(f"{url}: HTTP 503 ") and text.endswith("(gave up after 4 attempts)"), text


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
def test_4xx_is_never_retried(sleeps, status):
    with flaky_server(fail=99, status=status) as (url, state):
        with pytest.raises(PublishError, match=rf"^{url}: HTTP {status} ") as err:
            _post(url)
    assert state["attempts"] == 1 and sleeps == []
    assert "attempts" not in str(err.value)


def test_non_idempotent_request_is_sent_once(sleeps):
    with flaky_server(fail=1) as (url, state), pytest.raises(PublishError, match="HTTP 503"):
        _post(url, idempotent=False)
    assert state["attempts"] == 1 and sleeps == []


def test_retries_zero_sends_once(sleeps):
    with flaky_server(fail=1) as (url, state), pytest.raises(PublishError, match=r"HTTP 503 [^(]*$"):
        _post(url, retries=0)
    assert state["attempts"] == 1


def test_refused_connection_is_retried(sleeps):
    from support.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/update"
    with pytest.raises(PublishError, match=r"cannot connect: Connection refused \(gave up after 3 attempts\)$"):
        _post(url)
    assert sleeps == [0.5, 1.0]


def test_timeout_is_not_retried(sleeps):
    from support.servers import silent_server

    with silent_server() as base:
        with pytest.raises(PublishError, match=r"no answer within 0\.2 s \(use --timeout to wait longer\)$"):
            transport.request("POST", base + "/update", b"x", {}, timeout=0.2, retries=2, idempotent=True)
    assert sleeps == []


def test_cli_retries_option(runner, sleeps):
    with flaky_server(fail=99) as (url, state):
        base = url.rsplit("/", 1)[0]
        result = runner.invoke(main, ["publish", "--endpoint", base, "--retries", "1"])
    assert result.exit_code == 2 and state["attempts"] == 2 and sleeps == [0.5]
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {base}/update: HTTP 503 Service Unavailable: busy (gave up after 2 attempts)"]
    result = runner.invoke(main, ["publish", "--endpoint", base, "--retries", "-1"])
    assert result.exit_code == 2 and "--retries" in result.stderr


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_every_publish_request_is_retried_end_to_end(oxigraph_server, monkeypatch, sleeps, protocol):
    """Each request publish sends is first replayed, with the same settings, to a server that answers
    503 once: it must be retried there (so it is marked idempotent, with retries on), and publish
    succeeds, verified, with every request (write, provenance, read-back) seen."""
    oxigraph_server.clear()
    real, seen = transport.request, []

    def first_fails(method, url, body=None, headers=None, **kwargs):
        with flaky_server(fail=1) as (flaky, state):  # the same request to a server that fails once
            assert transport.request(method, flaky, body, headers, **kwargs) == b"ok"
        seen.append((method, url, body, state["attempts"]))
        return real(method, url, body, headers, **kwargs)

    monkeypatch.setattr(client_module, "request", first_fails)
    try:
        outcomes = publish_api(cvgraph.sample_path(), oxigraph_server.base, protocol=protocol, diff=False)
        assert outcomes[0].verified
        # update: the request, the checksum query; gsp (a new graph): which graphs exist, the POST of
        # the graph with its provenance, the checksum of the published graph
        requests = 3 if protocol == "gsp" else 2
        assert len(seen) == requests and sleeps == [0.5] * requests
        assert all(attempts == 2 for *_, attempts in seen)  # each was retried once
        assert oxigraph_server.count(DOC) == outcomes[0].triples
        seen.clear()
        sleeps.clear()
        if protocol == "gsp":  # the graph exists: which graphs (and staging graphs) exist, the POST into
            # the staging graph (no killed run left it: not emptied first), its checksum, the switch, the
            # count of the published graph, the drop of the staging graph
            assert publish_api(cvgraph.sample_path(), oxigraph_server.base, protocol=protocol)[0].verified
            assert len(seen) == 6 and sleeps == [0.5] * 6 and all(attempts == 2 for *_, attempts in seen)
        if protocol == "update":  # --diff: the read (count, CONSTRUCT), the change, the checksum
            assert publish_api(cvgraph.sample_path(), oxigraph_server.base, diff=True)[0].verified
            assert len(seen) == 4 and len(sleeps) == 4 and all(attempts == 2 for *_, attempts in seen)
    finally:
        oxigraph_server.clear()


# ----------------------------------------------------------------------------- --ca-cert

def test_tls_context_verifies_and_reports_bad_files(tmp_path):
    import ssl

    ctx = transport.tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    with pytest.raises(PublishError, match=r"^--ca-cert .*nope\.pem: no such file$"):
        transport.tls_context(tmp_path / "nope.pem")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n", encoding="utf-8")
    with pytest.raises(PublishError, match=r"^--ca-cert .*junk\.pem: not a PEM CA certificate$"):
        transport.tls_context(junk)


def test_cli_bad_ca_cert_is_one_line_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["publish", "--endpoint", "https://127.0.0.1:9", "--ca-cert",
                                  str(tmp_path / "missing.pem"), "--dry-run"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: --ca-cert {tmp_path / 'missing.pem'}: no such file"]


def self_signed_cert(tmp_path):
    """A self-signed CA certificate for 127.0.0.1 (cert.pem, key.pem), via `cryptography`."""
    x509 = pytest.importorskip("cryptography.x509")
    import datetime as dt
    import ipaddress

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cvgraph test CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_https_with_ca_cert(tmp_path, sleeps):
    import ssl

    cert_file, key_file = self_signed_cert(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_file, key_file)
    with flaky_server(fail=0, ssl_context=server_ctx) as (url, state):
        with pytest.raises(PublishError) as err:  # the system CAs do not know it: refused, not retried
            _post(url)
        assert "\n" not in str(err.value)
        assert str(err.value).startswith(f"{url}: the server's TLS certificate is not trusted: ")
        assert str(err.value).endswith("(use --ca-cert FILE for a private CA)") and sleeps == []
        assert _post(url, context=transport.tls_context(cert_file)) == b"ok"
        assert state["attempts"] == 1


# ----------------------------------------------------------------------------- progress

class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_reporter_on_a_terminal():
    """The one progress reporter (cvgraph.progress, drawn by click.progressbar): the bar with its
    text, a message printed over it on a line of its own, finished with a newline."""
    from cvgraph.progress import Progress

    tty = _Tty()
    with Progress(3, lambda done: f"{done}/3 CVs", stream=tty) as bar:
        bar.advance_to(1)
        bar.echo("error: cv2.yaml: broken")
        bar.advance_to(3)
    text = tty.getvalue()
    assert text.index("1/3 CVs") < text.index("\rerror: cv2.yaml: broken\n") < text.index("3/3 CVs")
    assert text.endswith("\n") and "[#" in text


def test_progress_reporter_off_a_terminal_draws_nothing(capsys):
    from cvgraph.progress import Progress

    out = io.StringIO()
    with Progress(3, lambda done: f"{done}/3 CVs", stream=out) as bar:
        bar.advance_to(2)
        bar.echo("error: cv2.yaml: broken")  # still reported, as a plain line on stderr
    assert out.getvalue() == ""
    assert capsys.readouterr().err == "error: cv2.yaml: broken\n"


def test_progress_text():
    assert transport.progress_text(0, 3_000_000) == "sent 0.0 / 3.0 MB (0%)"
    assert transport.progress_text(1_500_000, 3_000_000) == "sent 1.5 / 3.0 MB (50%)"
    assert transport.progress_text(3_000_000, 3_000_000) == "sent 3.0 / 3.0 MB (100%)"
    assert transport.progress_text(0, 0).endswith("(100%)")


def test_progress_body_chunks_and_reports_on_a_terminal():
    data = bytes(range(256)) * 10  # 2,560 bytes
    out = _Tty()
    body = transport.ProgressBody(data, out, chunk=1000)
    assert b"".join(body) == data
    text = out.getvalue()
    shown = [transport.progress_text(n, 2560) for n in (0, 1000, 2000, 2560)]
    assert [text.index(s) for s in shown] == sorted(text.index(s) for s in shown)  # in this order
    assert text.endswith("\n")  # the bar is finished: the next output starts on a new line
    out.truncate(0)
    out.seek(0)
    assert b"".join(body) == data  # re-iterable (a resend after a 401 challenge or a retry)
    assert transport.progress_text(2560, 2560) in out.getvalue()


def test_progress_body_prints_nothing_off_a_terminal():
    out = io.StringIO()
    assert b"".join(transport.ProgressBody(b"x" * 5000, out, chunk=1000)) == b"x" * 5000
    assert out.getvalue() == ""


def test_http_progress_only_for_large_bodies(sleeps):
    out = _Tty()
    big = b"0123456789abcdef" * (transport.PROGRESS_MIN // 16 + 1000)
    with flaky_server(fail=1) as (url, state):
        assert transport.request("POST", url, big, {}, timeout=5, retries=1, idempotent=True, progress=out) == b"ok"
        assert state["bodies"] == [big, big]  # sent whole, twice (the retry starts again)
        text = out.getvalue()
        assert text.count("(100%)") == 2 and "sent " in text
        out.seek(0)
        out.truncate()
        assert transport.request("POST", url, b"small", {}, timeout=5, progress=out) == b"ok"
        assert out.getvalue() == ""


def test_progress_on_a_terminal_only(oxigraph_server, runner, monkeypatch):
    oxigraph_server.clear()
    monkeypatch.setattr(transport, "PROGRESS_MIN", 1)  # every body counts as large
    try:
        result = runner.invoke(main, ["publish", "--endpoint", oxigraph_server.base])  # not a terminal
        assert result.exit_code == 0, result.output
        assert result.stderr == "" and result.stdout.count("\n") == 1
        tty = _Tty()
        monkeypatch.setattr("sys.stderr", tty)
        assert publish_api(cvgraph.sample_path(), oxigraph_server.base)[0].verified
        assert "sent " in tty.getvalue() and "(100%)" in tty.getvalue() and tty.getvalue().endswith("\n")
    finally:
        oxigraph_server.clear()
