"""``advisors`` lists only advisors: the owner's thesis advisees (``students:``) are the same
schema:knows Role pattern with roleName "Advisee", and must not be listed as advisors."""
from __future__ import annotations

from support.paths import TESTS

import cvgraph
from cvgraph.sparql.catalogue import bind, catalogue
from cvgraph.sparql.engines import oxigraph_store, rdflib_graph, run_oxigraph, run_rdflib

CV = TESTS / "data" / "export" / "students.yaml"


def test_advisors_leaves_out_advisees_on_both_engines():
    triples = cvgraph.triples([CV])
    q = catalogue()["advisors"]
    text = bind(q, {})
    for result in (run_rdflib(text, q.form, rdflib_graph(triples, None)),
                   run_oxigraph(text, q.form, oxigraph_store(triples, None))):
        names = [row[result.variables.index("advisorName")].value for row in result.rows]
        assert names == ["Charles Babbage"]
        relations = {row[result.variables.index("relation")].value for row in result.rows}
        assert relations == {"Advisor"}


def test_advisees_are_in_the_graph_as_advisee_roles():
    """The test above is not empty-handed: the graph does hold the two advisee Roles."""
    triples = cvgraph.triples([CV])
    advisees = [t for t in triples if t[1].value == "https://schema.org/roleName" and t[2].value == "Advisee"]
    assert len(advisees) == 2
