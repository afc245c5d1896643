"""Issue 15: with ``http_proxy`` set (as on many institutional machines) and no ``no_proxy``,
``cvgraph query --endpoint http://127.0.0.1:7878`` after ``cvgraph serve`` (and publish to a local
store) went to the proxy, which cannot reach this machine's loopback, and failed; a request with
credentials would also have left the machine. Loopback hosts are never sent through a proxy; other
hosts still honour the environment's proxies."""
from __future__ import annotations

import pytest
from support.servers import free_port, static_http_server

from cvgraph.http import request


@pytest.fixture
def dead_proxy(monkeypatch):
    """Proxies that refuse every connection (nothing listens there)."""
    url = f"http://127.0.0.1:{free_port()}"
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.setenv(var, url)
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(var, raising=False)
    return url


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_endpoint_is_reached_directly(dead_proxy, host):
    with static_http_server("ok", "text/plain") as url:
        answer = request("GET", url.replace("127.0.0.1", host) + "/query", timeout=5, retries=0)
    assert answer == b"ok"


def test_other_hosts_still_go_through_the_proxy(dead_proxy):
    from cvgraph.errors import PublishError

    with pytest.raises(PublishError) as caught:  # the dead proxy refuses: proof the proxy was used
        request("GET", "http://example.invalid/query", timeout=5, retries=0)
    assert "Connection refused" in str(caught.value)  # not "Name or service not known": no DNS lookup
