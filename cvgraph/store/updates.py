"""The SPARQL Update texts publish sends: pure functions of graph names and triples, no I/O.

Every request replaces (see ``docs/publishing.md``): loading a staging graph, switching it in
touching only the triples that differ, the ``--diff`` change, the provenance, dropping the
staging graphs. Each ``INSERT DATA``/``DELETE DATA`` operation holds at most ``CHUNK`` triples
(Virtuoso refuses larger ones); the operations of one request are applied atomically.

Every term is written by :func:`cvgraph.rdf.terms.sparql_term`: an invalid IRI (a graph name
too) raises :class:`cvgraph.iri.IRIError` instead of reaching a request, and no text of a
literal can change the parse, also on a store that expands ``\\u`` escapes first (SPARQL 1.1
section 19.2).
"""
from __future__ import annotations

from collections.abc import Sequence

from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, sparql_term
from cvgraph.version import __version__

__all__ = ["CHUNK", "GENID", "METADATA_GRAPH", "STAGING", "diff_request", "drop_request", "insert_data",
           "provenance", "provenance_request", "skolemise", "staging_graph", "staging_loads", "switch_ops",
           "switch_request", "update_request"]

METADATA_GRAPH = "urn:cvgraph:metadata"
CHUNK = 1000  # triples per INSERT DATA (Virtuoso fails over ~1,400)
GENID = "/.well-known/genid/"
STAGING = "/.well-known/cvgraph-staging"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def skolemise(items: Sequence[Triple], graph: str) -> list[Triple]:
    """Blank nodes → ``<graph/.well-known/genid/label>`` IRIs (sorted, no duplicates)."""
    prefix = graph.rstrip("/") + GENID

    def sk(t: Term) -> Term:
        return IRI(prefix + t.id) if isinstance(t, Blank) else t

    return sorted({(sk(s), p, sk(o)) for s, p, o in items})


def staging_graph(graph: str) -> str:
    """Where a graph is loaded before it is switched in: ``<graph/.well-known/cvgraph-staging>``."""
    return graph.rstrip("/") + STAGING


def provenance(graph: str, sha256: str | None, when: str) -> list[Triple]:
    """PROV-O and DCMI triples about ``graph``: published at ``when`` by this cvgraph version, from
    the source file whose SHA-256 is ``sha256`` (left out when ``None``)."""
    g, agent = IRI(graph), IRI(f"https://pypi.org/project/cvgraph/{__version__}/")
    out: list[Triple] = [(g, RDF_TYPE, IRI(PROV + "Entity")),
                         (g, IRI(PROV + "generatedAtTime"), Lit(when, XSD + "dateTime")),
                         (g, IRI(PROV + "wasAttributedTo"), agent),
                         (agent, RDF_TYPE, IRI(PROV + "SoftwareAgent"))]
    if sha256:
        out.append((g, IRI(DCTERMS + "source"), IRI("urn:sha256:" + sha256)))
    return out


def _name(graph: str) -> str:
    return sparql_term(IRI(graph))


def _line(triple: Triple) -> str:
    s, p, o = triple
    return f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n"


def insert_data(graph: str, items: Sequence[Triple], op: str = "INSERT DATA") -> list[str]:
    """``op`` (``INSERT DATA`` or ``DELETE DATA``) operations on ``graph``, ``CHUNK`` triples each."""
    g = _name(graph)
    return [op + " { GRAPH " + g + " {\n" + "".join(_line(t) for t in items[i:i + CHUNK]) + "} }"
            for i in range(0, len(items), CHUNK)]


def _metadata_ops(graph: str, metadata: str, prov: Sequence[Triple]) -> list[str]:
    m = _name(metadata)
    return [f"DELETE WHERE {{ GRAPH {m} {{ {_name(graph)} ?p ?o }} }}", *insert_data(metadata, prov)]


def _request(ops: Sequence[str]) -> str:
    return " ;\n".join(ops) + "\n"


def update_request(graph: str, items: Sequence[Triple], metadata: str | None = None,
                   prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that replaces ``graph`` by ``items`` (and its provenance): the
    triples go into the staging graph, the graph is made equal to it touching only what differs
    (:func:`switch_ops`), and the staging graph is emptied, all in the one request (by ``DELETE
    WHERE``: Virtuoso 7.2's ``DROP GRAPH`` leaves the triples inserted earlier in the same request)."""
    stage = _name(staging_graph(graph))
    ops = [f"DROP SILENT GRAPH {stage}", *insert_data(staging_graph(graph), items), *switch_ops(graph),
           f"DELETE WHERE {{ GRAPH {stage} {{ ?s ?p ?o }} }}"]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return _request(ops)


def diff_request(graph: str, removed: Sequence[Triple], added: Sequence[Triple], metadata: str | None = None,
                 prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that deletes ``removed`` from and inserts ``added`` into ``graph``
    (``DELETE DATA`` first, each operation ≤ ``CHUNK`` triples), then replaces its provenance."""
    ops = [*insert_data(graph, sorted(removed), "DELETE DATA"), *insert_data(graph, sorted(added))]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return _request(ops)


def switch_ops(graph: str) -> list[str]:
    """Make ``graph`` equal to its staging graph, touching only what differs::

        DELETE { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <g> { ?s ?p ?o }
                 FILTER NOT EXISTS { GRAPH <staging> { ?s ?p ?o } } } ;
        INSERT { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <staging> { ?s ?p ?o }
                 FILTER NOT EXISTS { GRAPH <g> { ?s ?p ?o } } }

    rather than ``DROP`` + ``INSERT``/``ADD``: triples both versions share are never deleted and
    inserted again, which a store that reindexes on change (VIVO) is spared, and which Virtuoso 7.2
    does not survive: killed after answering such a request and before its next checkpoint, it
    replays its log into neither version (tests/integration/test_publish_crash.py)."""
    g, st = _name(graph), _name(staging_graph(graph))
    return [(f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
             f"FILTER NOT EXISTS {{ GRAPH {st} {{ ?s ?p ?o }} }} }}"),
            (f"INSERT {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {st} {{ ?s ?p ?o }} "
             f"FILTER NOT EXISTS {{ GRAPH {g} {{ ?s ?p ?o }} }} }}")]


def switch_request(graphs: Sequence[str], metadata: str | None = None,
                   provs: Sequence[Sequence[Triple]] = ()) -> str:
    """The one atomic SPARQL Update that makes each graph equal to its staging graph
    (:func:`switch_ops`) and replaces its provenance. Idempotent (the staging graphs are dropped
    by a later request), so it may be retried."""
    ops: list[str] = []
    for i, graph in enumerate(graphs):
        ops += switch_ops(graph)
        if metadata:
            ops += _metadata_ops(graph, metadata, provs[i] if i < len(provs) else ())
    return _request(ops)


def provenance_request(metadata: str, graphs: Sequence[str], provs: Sequence[Sequence[Triple]]) -> str:
    """The one atomic SPARQL Update that replaces the provenance of each of ``graphs`` by ``provs``."""
    return _request([op for graph, prov in zip(graphs, provs, strict=True) for op in _metadata_ops(graph, metadata, prov)])


def staging_loads(graph: str, items: Sequence[Triple], per_request: int) -> list[str]:
    """The requests that load ``items`` into ``graph``'s staging graph, ``per_request`` triples
    each; the first empties it first (so each may be retried, in order)."""
    stage, out = staging_graph(graph), []
    for i in range(0, max(1, len(items)), per_request):
        ops = insert_data(stage, items[i:i + per_request])
        out.append(_request(([f"DROP SILENT GRAPH {_name(stage)}"] if i == 0 else []) + ops))
    return out


def drop_request(graphs: Sequence[str]) -> str:
    """One request dropping ``graphs`` (silently: a missing graph is no error)."""
    return _request([f"DROP SILENT GRAPH {_name(g)}" for g in graphs])
