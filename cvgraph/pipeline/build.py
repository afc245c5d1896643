"""The build pipeline the CLI runs: load → triples → (validate) → serialize, done once each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cvgraph.api import load_all, triples
from cvgraph.mapping.walker import document_iri
from cvgraph.rdf.syntax import serialize

__all__ = ["BuildResult", "run_build"]


@dataclass
class BuildResult:
    data: bytes
    count: int
    report: object | None  # validate.Report


def run_build(paths: list[Path], fmt: str, base: str | None = None, validate: bool = True,
              use_cache: bool = True) -> BuildResult:
    """Build, validate (unless told not to) and serialise. The rdflib graph is built only when
    validation or the JSON-LD serialiser needs it, and then only once."""
    cvs = load_all(paths, base)
    items = triples(cvs, base)
    name = document_iri(cvs[0], base)
    graph = None
    if fmt == "json-ld":
        from cvgraph.rdf.graph import to_graph

        graph = to_graph(items)
    report = None
    if validate:
        from cvgraph.shacl.validation import validate_triples

        report = validate_triples(items, graph=graph, use_cache=use_cache)
    data = serialize(items, fmt, graph_name=name, prefix_iri=name, graph=graph)
    return BuildResult(data, len(items), report)
