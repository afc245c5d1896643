"""The pieces of querying what cvgraph published that need no server: the discovery query (built
from RDF terms, read by both local engines' parser), the query URL of each store preset, the
one-line errors. The stores themselves: tests/integration/test_publish_query.py, test_query_vivo.py."""
from __future__ import annotations

import pytest

from cvgraph.iri import IRIError
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.parsing import Parsed
from cvgraph.store.published import discovery_query, target
from cvgraph.store.updates import METADATA_GRAPH


@pytest.mark.parametrize("vivo", [False, True])
def test_discovery_query_parses_and_reads_the_provenance_graph(vivo):
    text = discovery_query(vivo)
    Parsed(text, "discovery").check()
    assert f"GRAPH <{METADATA_GRAPH}>" in text and '"https://pypi.org/project/cvgraph/"' in text


def test_discovery_query_writes_a_metadata_graph_as_a_term():
    with pytest.raises(IRIError, match="not a valid IRI"):
        discovery_query(metadata="urn:x> } DROP ALL #")


@pytest.mark.parametrize(("store", "url"), [
    ("oxigraph", "http://127.0.0.1:7878/query"), ("virtuoso", "http://127.0.0.1:7878/sparql"),
    ("fuseki", "http://127.0.0.1:7878/query"), ("graphdb", "http://127.0.0.1:7878"),
    ("vivo", "http://127.0.0.1:7878/api/sparqlQuery")])
def test_the_query_url_of_each_preset(store, url):
    assert target("http://127.0.0.1:7878", store, timeout=5).url == url


def test_query_url_overrides_the_preset():
    assert target("http://127.0.0.1:7878", "virtuoso", "http://127.0.0.1:1/q", timeout=5).url == "http://127.0.0.1:1/q"
    assert target(None, "generic", "http://127.0.0.1:1/q", timeout=5).url == "http://127.0.0.1:1/q"


@pytest.mark.parametrize(("args", "message"), [
    (("http://127.0.0.1:7878", "generic"), "--store generic has no preset query path: give --query-url URL"),
    (("http://127.0.0.1:7878", "blazegraph"), ("unknown store 'blazegraph'; use one of oxigraph, virtuoso, fuseki, "
                                              "graphdb, vivo, generic")),
])
def test_no_query_url_is_one_line(args, message):
    with pytest.raises(QueryError) as info:
        target(*args, timeout=5)
    assert str(info.value) == message
