"""Author lists longer than one block of 16 cells, queried in a store: published to Oxigraph and to
Virtuoso 7.2, the bundled queries that walk ``bibo:authorList`` answer as they do locally, the
authors in printed order (queries/README.md, "Author positions": each block's cells are sorted by
block and offset before GROUP_CONCAT, and every engine concatenates a group's rows in that order)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from support import bigpaper
from support.servers import oxigraph_server as start_oxigraph
from support.servers import virtuoso_server as start_virtuoso

from cvgraph.store.updates import METADATA_GRAPH
from integration.test_publish_query import answer, publish, run

AUTHORS = 100  # 7 blocks; its companion paper has 20 authors with the owner last
DOC = "https://cv.example.org/jane-doe"  # bigpaper's base: the CV's graph
WALKING = ("publication-list", "first-last-sole-authored", "coauthor-network", "coauthors")


def _cv(tmp_path_factory, authors: int):
    return bigpaper.write(tmp_path_factory.mktemp("long") / "cv.yaml", authors=authors, works=12)


@pytest.fixture(scope="module")
def cv(tmp_path_factory):
    return _cv(tmp_path_factory, AUTHORS)


@pytest.fixture(scope="module")
def oxigraph(oxigraph_server, cv):
    with start_oxigraph() as server:
        publish(server.base, "oxigraph", cv)
        yield ["--endpoint", server.base]


@contextmanager
def _published_to_virtuoso(server, cv):
    """The CV published to ``server`` (digest auth, as publish does); dropped again afterwards,
    whatever happened."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVGRAPH_USER", server.user)
        patch.setenv("CVGRAPH_PASSWORD", server.password)
        server.drop(DOC, METADATA_GRAPH)
        try:
            publish(server.base, "virtuoso", cv)
            yield ["--endpoint", server.base, "--store", "virtuoso"]
        finally:
            server.drop(DOC, METADATA_GRAPH)


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server, cv):
    with _published_to_virtuoso(virtuoso_server, cv) as endpoint:
        yield endpoint


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("name", WALKING)
def test_long_lists_answer_in_the_store_as_locally(name, kind, cv, request):
    remote = answer(name, run(name, *request.getfixturevalue(kind)))
    assert remote == answer(name, run(name, cv))


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_the_long_list_comes_back_in_printed_order(kind, request):
    rows = run("publication-list", *request.getfixturevalue(kind)).stdout
    printed = [bigpaper._name(i) for i in range(1, AUTHORS)]
    printed.insert(len(printed) // 2, bigpaper.OWNER)
    assert ", ".join(printed) in rows


@pytest.mark.xfail(strict=True, reason="Virtuoso 7.2 cannot sort a row holding more than about 4 KB of text "
                   "(SR319, 'Max row length is exceeded'); docs/queries.md says so")
def test_virtuoso_cannot_sort_an_author_text_over_4_kb(virtuoso_server, tmp_path_factory):
    """300 authors make a text of 5,996 characters; the same query without ORDER BY answers. On a
    Virtuoso of its own (virtuoso_server: skipped, or failed in CI, as the others), so that the
    module's store keeps its 100-author CV whatever order the tests run in."""
    with start_virtuoso() as own, _published_to_virtuoso(own, _cv(tmp_path_factory, 300)) as endpoint:
        run("publication-list", *endpoint)
