"""publish_jobs refuses what it cannot do before it sends anything."""
from __future__ import annotations

import pytest

from cvgraph.errors import PublishError
from cvgraph.rdf.terms import IRI, Lit
from cvgraph.store.client import endpoints
from cvgraph.store.publishing import make_job, publish_jobs

URLS = endpoints("http://127.0.0.1:9", "oxigraph")  # nothing listens there: no request may be sent


def _job(graph: str) -> object:
    return make_job(graph, [(IRI(graph + "#me"), IRI("https://schema.org/name"), Lit("Ada"))])


def test_two_cvs_for_one_graph_are_refused_before_sending():
    jobs = [_job("https://example.org/a"), _job("https://example.org/b"), _job("https://example.org/a")]
    with pytest.raises(PublishError, match=r"two CVs would go into the same graph <https://example.org/a>"):
        publish_jobs(jobs, URLS)


def test_distinct_graphs_pass_the_check_and_reach_the_store():
    with pytest.raises(PublishError) as info:  # the unreachable store, not the duplicate check
        publish_jobs([_job("https://example.org/a"), _job("https://example.org/b")], URLS, retries=0, timeout=2)
    assert "same graph" not in str(info.value)
