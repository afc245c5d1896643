"""The README: short, its quick start two commands, the sample triple count it states; the
sample input on the docs' home page builds and produces what the page says it produces."""
from __future__ import annotations

import re

from rdflib import Graph
from rdflib.compare import isomorphic
from support.paths import ROOT

import cvgraph
from cvgraph.rdf.graph import to_graph
from cvgraph.rdf.prefixes import PREFIXES

README = (ROOT / "README.md").read_text(encoding="utf-8")
HOME = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


def block(lang: str, containing: str, text: str = HOME) -> str:
    for body in re.findall(rf"```{lang}\n(.*?)```", text, re.DOTALL):
        if containing in body:
            return body
    raise AssertionError(f"no ```{lang} block containing {containing!r}")


def test_the_sample_output_shown_holds_in_the_built_graph():
    cv = cvgraph.loads(block("yaml", "publications:"), name="docs/index.md")
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
    """On a fresh machine: one command installs (in a venv) and builds the sample, one installs what
    the tests need and runs them; doccommands runs the first in a fresh venv
    (tests/integration/test_readme_fresh_venv.py)."""
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [c for body in re.findall(r"```console\n(.*?)```", quick, re.DOTALL)
                for c in body.splitlines() if c.startswith("$ ")]
    assert len(commands) == 2, commands
    first, second = (c[2:] for c in commands)
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . && ")
    assert "cvgraph build" in first and second == "bash tests/run.sh"
    # .ci/run runs the README's test command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash tests/run.sh" in ci


def test_readme_is_short():
    """The README is for a newcomer's first hour; the reference is in docs/."""
    words = len(re.sub(r"```console\n.*?```", "", README, flags=re.DOTALL).split())
    assert words <= 900, f"README.md has {words} words of prose; move reference material into docs/"


def test_readme_links_resolve():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if "://" not in target:
            assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"


def test_readme_states_the_sample_triple_count():
    count = len(cvgraph.triples(cvgraph.sample_path()))
    assert f"wrote sunwoo-lee.ttl (turtle, {count} triples)" in README
