"""Issue 12, items 9, 10 and 13 (network part): no secret in any message, URLs joined with
urllib.parse, non-ASCII passwords, only http(s) endpoints, and one-line errors (exit 2) for bad
URLs and a bad ``~/.netrc``.

Every server is a real HTTP server on 127.0.0.1 (``support.http_servers``).
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support.http_servers import DIGEST_CHALLENGE, basic, digest_ok, recording

import cvgraph.http as transport
from cvgraph.cli import main
from cvgraph.errors import PublishError

SECRET = "hunter2-S3cret"


@pytest.fixture(autouse=True)
def home(monkeypatch, tmp_path):
    """No CVGRAPH_USER/CVGRAPH_PASSWORD; HOME is a fresh folder (no ~/.netrc yet)."""
    monkeypatch.delenv("CVGRAPH_USER", raising=False)
    monkeypatch.delenv("CVGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(transport, "BACKOFF", 0.01)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# ----------------------------------------------------------------------------- item 9: secrets

@pytest.mark.parametrize("url", [
    f"http://bob:{SECRET}@127.0.0.1:9/query",
    f"http://bob:hun/{SECRET}@127.0.0.1:9/query",  # a "/" in the password: not userinfo to urlsplit
    f"http://bob:hun#{SECRET}@127.0.0.1:9/query",
    f"http://bob:hun?{SECRET}@127.0.0.1:9/query",
    f"http://bob:{SECRET}@[::1/query",
    f"http://bob:{SECRET}@127.0.0.1:99999/query",
])
@pytest.mark.parametrize("command", ["query", "publish"])
def test_a_password_in_the_endpoint_url_is_never_printed(url, command):
    args = ["query", "publications-by-year", "--endpoint", url] if command == "query" else \
        ["publish", "--endpoint", url.removesuffix("/query"), "--dry-run"]
    line = one_line_error(invoke(*args))
    assert SECRET not in line and "S3cret" not in line


def test_a_netrc_parse_error_does_not_print_the_password(home):
    netrc = home / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login bob {SECRET}\n", encoding="utf-8")  # "password" left out
    netrc.chmod(0o600)
    line = one_line_error(invoke("query", "publications-by-year", "--endpoint", "http://127.0.0.1:9/query"))
    assert SECRET not in line
    assert re.fullmatch(rf"error: {re.escape(str(netrc))}:\d+: cannot be parsed \(its text is not shown: it may "
                        r"hold passwords\)", line), line


def test_a_non_utf8_netrc_is_one_line(home):
    netrc = home / ".netrc"
    netrc.write_bytes(b"machine 127.0.0.1 login bob password caf\xe9\n")
    netrc.chmod(0o600)
    line = one_line_error(invoke("query", "publications-by-year", "--endpoint", "http://127.0.0.1:9/query"))
    assert line == f"error: {netrc}: cannot be read: not UTF-8 text"


def _digest_store(user: str, password: str):
    def answer(method, path, headers, body):
        if digest_ok(headers.get("Authorization"), method, user, password):
            return 200, {}, b"ok"
        return 401, {"WWW-Authenticate": DIGEST_CHALLENGE}, b"who are you?\n"
    return recording(answer)


@pytest.mark.parametrize("user", ["alice\n", 'al"ice', "alice\r\nX-Evil: 1"])
def test_an_error_never_prints_the_authorization_header(user):
    with _digest_store("alice", SECRET) as (base, _):
        with pytest.raises(PublishError) as info:
            transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=(user, SECRET))
    message = str(info.value)
    assert "Digest" not in message.replace("HTTP Digest", "") and "response=" not in message
    assert "nonce" not in message and SECRET not in message and "\n" not in message
    assert message == (f"{base}/update: the user name cannot be sent by HTTP Digest (it holds a quote, a "
                       "backslash, a control character or a non-ASCII character)")


def test_a_server_echoing_the_authorization_header_has_it_redacted():
    def answer(method, path, headers, body):
        if headers.get("Authorization") is None:
            return 401, {"WWW-Authenticate": 'Basic realm="cv"'}, b""
        return 400, {}, f"bad header: Authorization: {headers['Authorization']} pw={SECRET}\n".encode()
    with recording(answer) as (base, _):
        with pytest.raises(PublishError) as info:
            transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=("alice", SECRET))
    message = str(info.value)
    assert SECRET not in message and basic("alice", SECRET).split()[1] not in message
    assert "HTTP 400" in message


@pytest.mark.parametrize("password", ["pässwörd", "пароль-€", "密码🔑"])
@pytest.mark.parametrize("scheme", ["digest", "basic"])
def test_a_non_ascii_password_works(scheme, password):
    if scheme == "digest":
        store = _digest_store("alice", password)
    else:
        store = recording(lambda method, path, headers, body: (200, {}, b"ok")
                          if headers.get("Authorization") == basic("alice", password)
                          else (401, {"WWW-Authenticate": 'Basic realm="cv"'}, b""))
    with store as (base, seen):
        assert transport.request("POST", base + "/update", b"x", {}, timeout=5, auth=("alice", password)) == b"ok"
    assert seen.authorizations()[-1].lower().startswith(scheme)


def test_query_strings_are_joined_correctly_and_never_printed():
    """``--endpoint http://host/sparql?token=T`` gave ``…?token=T/update`` and printed the token."""
    with recording(lambda *a: (503, {}, b"busy\n")) as (base, seen):
        line = one_line_error(invoke("publish", "--endpoint", f"{base}/store?token={SECRET}", "--retries", "0"))
    assert [path for _, path, _ in seen.requests] == [f"/store/update?token={SECRET}"]
    assert line == f"error: {base}/store/update?token=***: HTTP 503 Service Unavailable: busy"
    result = invoke("publish", "--endpoint", f"{base}/store?token={SECRET}", "--dry-run", "--protocol", "gsp")
    assert result.exit_code == 0 and SECRET not in result.output
    assert f"POST {base}/store/store?token=*** (application/n-quads" in result.output  # Oxigraph: one N-Quads POST
    assert f"POST {base}/store/update?token=*** " in result.output
    other = invoke("publish", "--endpoint", f"{base}/ds?token={SECRET}", "--store", "fuseki", "--dry-run",
                   "--protocol", "gsp")  # other stores: a Graph Store POST of N-Triples per CV
    assert other.exit_code == 0 and SECRET not in other.output
    assert f"POST {base}/ds/data?token=***&graph=https%3A%2F%2F" in other.output


def test_query_endpoint_token_is_never_printed():
    with recording(lambda *a: (404, {}, b"nope\n")) as (base, _):
        line = one_line_error(invoke("query", "publications-by-year", "--query-url", f"{base}/q?token={SECRET}"))
    assert line == f"error: {base}/q?token=***: HTTP 404 Not Found: nope (check the URL)"


def test_redact_is_the_one_function_for_every_message():
    redact = transport.redact
    assert redact(f"http://bob:{SECRET}@host/x") == "http://***@host/x"
    assert redact(f"see http://bob:a/{SECRET}@host/x and more") == "see http://***@host/x and more"
    assert redact(f"https://host/s?token={SECRET}&graph=urn%3Ax#frag") == "https://host/s?token=***&graph=urn%3Ax"
    assert redact(f"Invalid header value b'Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"{SECRET}\"'") \
        == "Invalid header value b'Digest [redacted]'"
    assert redact("Authorization: " + basic("alice", SECRET)) == "Authorization: Basic [redacted]"
    assert redact(f"the server said {SECRET}", secrets=[SECRET]) == "the server said ***"
    assert redact("HTTP Basic authentication over plain http") == "HTTP Basic authentication over plain http"


# ----------------------------------------------------------------------------- item 10: only http(s)

@pytest.mark.parametrize("url", ["file:///etc/hostname", "FILE:///etc/hostname", "ftp://127.0.0.1/x",
                                 "file://localhost/etc/hostname", "http:/etc/hostname", "https:///etc/hostname",
                                 "data:,hello", "javascript:alert(1)"])
def test_only_http_urls_are_endpoints(url):
    line = one_line_error(invoke("query", "publications-by-year", "--endpoint", url))
    assert line.endswith(": not an http(s) URL")


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://127.0.0.1/x", "data:,hello"])
def test_the_http_layer_itself_refuses_other_schemes(url):
    """One check, in cvgraph.http.request: no caller can send a request elsewhere."""
    with pytest.raises(PublishError, match="not an http"):
        transport.request("POST", url, b"x", {}, timeout=1)


# ----------------------------------------------------------------------------- item 13: tracebacks

@pytest.mark.parametrize("url", ["not a url", "http://u:p@[::1", "http://[::1", "http://host:port/x",
                                 "http://exa mple.org/", "http://host/\x00", "http://"])
@pytest.mark.parametrize("command", ["query", "publish"])
def test_a_malformed_endpoint_is_one_line_exit_2(url, command):
    args = ["query", "publications-by-year", "--endpoint", url] if command == "query" else \
        ["publish", "--endpoint", url]
    line = one_line_error(invoke(*args))
    assert "URL" in line


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=30))
def test_no_password_in_an_endpoint_url_is_ever_shown(rest):
    """Whatever the password holds ("/", "?", "#", "@", quotes, spaces, control characters)."""
    for url in (f"http://bob:SECRET{rest}@127.0.0.1:9/q", f"https://bob:SECRET{rest}@[::1/q"):
        with pytest.raises(PublishError) as info:
            transport.check_url(url)
        assert "SECRET" not in str(info.value) and "\n" not in str(info.value)
