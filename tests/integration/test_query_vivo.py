"""``cvgraph query --endpoint URL --store vivo`` on the fake VIVO API (tests/support/fake_vivo.py):
the query goes to ``/api/sparqlQuery`` with the account's email and password as form fields (as
publish sends them), and VIVO answers from all of its graphs. Published with ``--profile all``
every bundled query answers as locally; published with the VIVO profile alone (the default of
``--store vivo``) an empty answer says why; ``--graph`` is refused (VIVO's API takes no dataset)."""
from __future__ import annotations

import pytest
from support.fake_vivo import KB2, fake_vivo

from integration.test_publish_query import NAMES, answer, cli, local, run

OWNER = "https://sites.google.com/view/sunwoolee#me"


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def vivo():
    with fake_vivo() as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVGRAPH_USER", server.email)
        patch.setenv("CVGRAPH_PASSWORD", server.password)
        yield server


def where(vivo) -> list[str]:
    return ["--endpoint", vivo.base, "--store", "vivo"]


def test_hints_before_and_after_publishing_with_the_vivo_profile(vivo):
    empty = run("publications-by-year", *where(vivo))
    [line] = empty.stderr.splitlines()
    assert line.startswith("note: no answer from VIVO's graphs at ") and "nothing cvgraph published" in line, line
    published = cli("publish", *where(vivo))  # the VIVO profile: no schema.org triples
    assert published.exit_code == 0, published.output
    vivo_only = run("publications-by-year", *where(vivo))
    [line] = vivo_only.stderr.splitlines()
    assert f"holds 1 CV cvgraph published into <{KB2}>" in line and "--profile all" in line, line
    assert all(r.fields.get("email") == vivo.email for r in vivo.requests if "sparqlQuery" in r.path)


@pytest.fixture(scope="module")
def published_all(vivo):
    result = cli("publish", *where(vivo), "--profile", "all")
    assert result.exit_code == 0, result.output
    return vivo


@pytest.mark.parametrize("name", NAMES)
def test_every_bundled_query_answers_as_locally(name, published_all):
    remote = run(name, *where(published_all))
    assert answer(name, remote) == local(name, ())


def test_person_parameter(published_all):
    remote = run("publications-by-year", *where(published_all), "-p", f"person={OWNER}")
    assert answer("publications-by-year", remote) == local("publications-by-year", ("-p", f"person={OWNER}"))


def test_graph_is_refused(published_all):
    result = cli("query", "publications-by-year", *where(published_all), "--graph", KB2)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [("error: --graph: VIVO's query API reads all of VIVO's graphs and takes no "
                                          "other dataset; name the graph in the query instead (GRAPH <…> { … })")]
