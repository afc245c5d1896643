"""The VIVO profile's thesis advisees (``students:``): each a ``vivo:AdvisingRelationship``
relating the owner's ``vivo:AdvisorRole`` and the student's ``vivo:AdviseeRole`` (the education
advisors the other way round), with the degree as its candidacy, its dates and the thesis."""
from __future__ import annotations

from support.paths import TESTS

import cvgraph
from cvgraph.mapping.profiles import VivoOptions

CV = TESTS / "data" / "export" / "students.yaml"
NS = "https://vivo.example.edu/individual/"
VIVO = "http://vivoweb.org/ontology/core#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INHERES_IN = "http://purl.obolibrary.org/obo/RO_0000052"


def _graph() -> set[tuple[str, str, str]]:
    return {(s.value, p.value, o.value)
            for s, p, o in cvgraph.triples(CV, profile="vivo", vivo=VivoOptions(namespace=NS))}


def _objects(g, s, p) -> set[str]:
    return {o for s_, p_, o in g if s_ == s and p_ == p}


def test_each_student_is_an_advising_relationship_with_the_owner_as_advisor():
    g = _graph()
    rels = sorted(s for s, p, o in g if p == TYPE and o == VIVO + "AdvisingRelationship")
    owner = next(o for s, p, o in g if p == INHERES_IN and s in {
        r for rel in rels if rel.endswith("education-1-advising-1") for r in _objects(g, rel, VIVO + "relates")}
        and s.endswith("-advisee"))
    students = [rel for rel in rels if "-student-" in rel]
    assert len(students) == 2
    bearers = {}
    for rel in students:
        for role in _objects(g, rel, VIVO + "relates"):
            (kind,) = _objects(g, role, TYPE)
            (bearer,) = _objects(g, role, INHERES_IN)
            bearers.setdefault(rel, {})[kind] = bearer
    assert all(b[VIVO + "AdvisorRole"] == owner for b in bearers.values())
    advisees = sorted(b[VIVO + "AdviseeRole"] for b in bearers.values())
    assert [a.rsplit("-person-", 1)[1] for a in advisees] == ["alan-turing", "grace-hopper"]
    degrees = {d for rel in students for d in _objects(g, rel, VIVO + "degreeCandidacy")}
    assert {d.rsplit("/", 1)[1] for d in degrees} == {"degree-ph-d", "degree-m-s"}
    theses = [s for s, p, o in g if p == TYPE and o == "http://purl.org/ontology/bibo/Thesis"]
    assert len(theses) == 1 and theses[0].endswith("-student-1-thesis")
