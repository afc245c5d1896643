"""The README's sample input builds, and produces what the README says it produces."""
from __future__ import annotations

import re

from rdflib import Graph
from rdflib.compare import isomorphic
from support.paths import ROOT

import cvgraph
from cvgraph.rdf.graph import to_graph
from cvgraph.rdf.prefixes import PREFIXES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(lang: str, containing: str) -> str:
    for body in re.findall(rf"```{lang}\n(.*?)```", README, re.DOTALL):
        if containing in body:
            return body
    raise AssertionError(f"no ```{lang} block containing {containing!r} in README.md")


def test_readme_sample_output_holds_in_the_built_graph():
    cv = cvgraph.loads(block("yaml", "publications:"), name="README.md")
    graph = to_graph(cvgraph.triples(cv))
    assert cvgraph.validate(graph).conforms
    doc = "https://sites.google.com/view/sunwoolee"
    turtle = block("turtle", ":me a")
    prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in
                       dict(PREFIXES, **{"": doc + "#"}).items())
    # the README abridges: the rdf:List is shown by a comment, so compare without it
    claimed = Graph().parse(data=prefixes + turtle.replace("_:lee2020communication-author-1", "[]"),
                            format="turtle")
    from rdflib.namespace import Namespace

    BIBO = Namespace("http://purl.org/ontology/bibo/")
    for s, p, o in claimed:
        if p == BIBO.authorList:
            continue
        assert (s, p, o) in graph, (s, p, o)
    assert not isomorphic(claimed, graph)  # abridged, but every shown triple is real


def test_readme_quick_start_is_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line for line in block("sh", "pip install").splitlines() if line.strip()]
    assert len(commands) == 2 and commands[0].split("#")[0].strip() in quick
    assert "cvgraph build" in commands[0] and "tests/run.sh" in commands[1]
    # .ci/run runs the README's test command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash tests/run.sh" in ci


def test_readme_states_the_sample_triple_count():
    count = len(cvgraph.triples(cvgraph.sample_path()))
    assert f"wrote sunwoo-lee.ttl (turtle, {count} triples)" in README
