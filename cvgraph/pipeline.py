"""The build pipeline the CLI runs: load → triples → (validate) → serialize, done once each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .api import load_all, triples
from .mapping import document_iri
from .serialize import serialize

__all__ = ["BuildResult", "run_build"]


@dataclass
class BuildResult:
    data: bytes
    count: int
    report: object | None  # validate.Report


def run_build(paths: list[Path], fmt: str, base: str | None = None, validate: bool = True) -> BuildResult:
    """Build, validate (unless told not to) and serialise; the rdflib graph is built only when
    validation or an rdflib serialiser needs it, and then only once."""
    cvs = load_all(paths, base)
    items = triples(cvs, base)
    name = document_iri(cvs[0], base)
    graph = report = None
    if validate:
        from .graph import to_graph
        from .validate import validate as run

        graph = to_graph(items)
        report = run(graph)
    data = serialize(items, fmt, graph_name=name, prefix_iri=name, graph=graph)
    return BuildResult(data, len(items), report)
