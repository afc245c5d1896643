"""The fast paths of cvgraph.rdf.terms give what the plain ones give: nt_lines_of as nt_line on
each triple (each distinct term written once; an IRI and a blank node of the same text kept
apart), ordered as sorted(key=order)."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import generate

from cvgraph.iri import IRIError
from cvgraph.mapping.profiles import profile_triples
from cvgraph.pipeline.sources import load_all
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Triple, nt_line, nt_lines_of, order, ordered

P = IRI("https://schema.org/name")
MIXED: list[Triple] = [
    (IRI("https://ex.org/x"), P, Blank("x")),
    (Blank("x"), P, Lit("https://ex.org/x")),
    (Blank("httpsexorgx"), P, IRI("https://ex.org/x")),
    (IRI("https://ex.org/x"), P, Lit("x", XSD + "string")),
    (IRI("https://ex.org/x"), P, Lit("x", lang="en")),
    (IRI("https://ex.org/x"), P, Lit("1", XSD + "integer")),
]


def test_nt_lines_of_is_nt_line_of_each() -> None:
    assert nt_lines_of(MIXED) == [nt_line(t) for t in MIXED]


def test_nt_lines_of_keeps_an_iri_and_a_blank_node_of_one_text_apart() -> None:
    same = [(Blank("b1"), P, Lit("v")), (IRI("https://ex.org/b1"), P, Blank("b1"))]
    assert nt_lines_of(same) == ['_:b1 <https://schema.org/name> "v" .\n',
                                 "<https://ex.org/b1> <https://schema.org/name> _:b1 .\n"]


def test_nt_lines_of_still_refuses_what_cannot_be_written() -> None:
    with pytest.raises(IRIError):
        nt_lines_of([(IRI("not an iri"), P, Lit("v"))])


def test_ordered_is_sorted_by_order(tmp_path: Path) -> None:
    (path,) = generate.write(1, tmp_path, seed=3)
    triples = profile_triples(load_all(path)[0])
    assert any(isinstance(t[0], Blank) for t in triples) and any(isinstance(t[0], IRI) for t in triples)
    shuffled = triples[1::2] + triples[::-2]
    assert ordered(shuffled) == sorted(shuffled, key=order)
    assert ordered(set(triples)) == triples  # the mapping's output is in this order
