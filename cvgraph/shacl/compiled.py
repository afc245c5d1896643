"""pyshacl-turbo's compiled shapes: made from the shapes' triples, and kept in the cache
(:mod:`cvgraph.cache`).

pyshacl-turbo compiles shapes from an rdflib graph: it reads the graph's terms into its term
records and turns them into its canonical N-Triples program, then compiles that natively (about
10 ms). :func:`compile_triples` gives it the term records of the parsed triples directly, as it
would read them from an rdflib graph of those triples, so no graph is built (about 10 ms less).
The program's text, its prefixes and its blank node labels are cached, keyed by the shapes'
bytes, the engine's installation and cvgraph's code, and the engine's compiled shapes are
rebuilt from them without parsing the shapes again.

This reads pyshacl-turbo's ``CompiledShapes`` attributes (``_shared_spec``, ``_blank_nodes``,
``graph``, ``_native``) and its native ``canonical_shapes``: an engine that no longer has them (a
new version: another cache key) makes :func:`compile_triples` return None (the caller compiles
an rdflib graph as usual) and :func:`restore` and :func:`keep` give up quietly.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cvgraph import cache
from cvgraph.rdf.terms import IRI, Lit, Term, Triple

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes

__all__ = ["compile_triples", "keep", "restore", "shapes_key"]

KIND = "shapes"


def shapes_key(shapes: bytes, advanced: bool) -> str | None:
    """The cache key of the shapes ``shapes`` compiled by pyshacl-turbo (None: the cache is off)."""
    if not cache.enabled():
        return None
    return cache.key(KIND, cache.engine_fingerprint("turbo"), shapes, f"advanced={advanced}")


def restore(key: str) -> CompiledShapes | None:
    """The compiled shapes cached under ``key``, or None (not cached, or not usable)."""
    hit = cache.get(KIND, key)
    if hit is None:
        return None
    header, body = hit
    try:
        return _rebuild(header, body.decode("utf-8"))
    except Exception:  # noqa: BLE001 - an entry this engine cannot use: compile afresh
        return None


def _rebuild(header: dict[str, Any], source: str) -> CompiledShapes:
    # lazy: rdflib and the engine, only when shapes are compiled
    from pyshacl_turbo import CompiledShapes, _native  # type: ignore[attr-defined]  # its native module
    from rdflib import BNode, Graph

    namespaces = tuple((str(p), str(ns)) for p, ns in header["namespaces"])
    advanced, numeric = bool(header["advanced"]), bool(header["numeric_booleans"])
    graph = Graph(bind_namespaces="none")  # the shapes' prefixes only, as the engine bound them
    for prefix, ns in namespaces:
        graph.bind(prefix, ns, override=True, replace=True)
    program: CompiledShapes = CompiledShapes.__new__(CompiledShapes)
    program.graph = graph
    program._blank_nodes = {label: BNode(label) for label in header["blank"]}
    program._shared_spec = (source, advanced, namespaces, numeric)
    program._shared_program = None
    program._native = _native.CompiledShapes(source, "nt", None, advanced, numeric, list(namespaces))
    return program


def _records(triples: Sequence[Triple], batch_size: int) -> tuple[list[tuple[list[Any], list[Any]]], list[str]]:
    """The engine's term batches of ``triples`` (each: its term records, and its triples as
    indices into them) and the blank node labels met, exactly as pyshacl-turbo reads an rdflib
    graph of the triples (``shape_batches``): a literal's text and datatype as rdflib's Literal
    gives them."""
    from rdflib import Literal, URIRef  # lazy: rdflib and the engine, only when shapes are compiled

    batches: list[tuple[list[Any], list[Any]]] = []
    blank: dict[str, None] = {}
    records: list[Any] = []
    quads: list[Any] = []
    index: dict[tuple[Any, ...], int] = {}

    def intern(term: Term) -> int:
        if isinstance(term, IRI):
            record: tuple[Any, ...] = (0, term.value, None, None)
        elif isinstance(term, Lit):
            lit = Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)
            record = (2, str(lit), str(lit.datatype) if lit.datatype and not lit.language else None, lit.language)
        else:
            blank[term.id] = None
            record = (1, term.id, None, None)
        found = index.get(record)
        if found is None:
            found = index[record] = len(records)
            records.append(record)
        return found

    for s, p, o in triples:
        quads.append((intern(s), intern(p), intern(o), None))
        if len(quads) == batch_size:
            batches.append((records, quads))
            records, quads, index = [], [], {}
    if quads:
        batches.append((records, quads))
    return batches, list(blank)


def compile_triples(triples: Sequence[Triple], namespaces: Sequence[tuple[str, str]],
                    advanced: bool = False) -> CompiledShapes | None:
    """The shapes ``triples`` compiled as ``pyshacl_turbo.compile_shapes`` compiles an rdflib graph
    of them whose prefixes are ``namespaces`` (the same program), without building that graph;
    None when this engine cannot be driven so."""
    from pyshacl_turbo import _native  # type: ignore[attr-defined]  # lazy: the engine's native module

    try:
        batches, blank = _records(triples, int(_native.SHAPES_BATCH_SIZE))
        source = _native.canonical_shapes(iter(batches))
    except AttributeError:  # another engine version
        return None
    header = {"namespaces": [[p, ns] for p, ns in namespaces], "advanced": advanced,
              "numeric_booleans": True,  # what the engine sets for shapes given as an rdflib graph
              "blank": blank}
    return _rebuild(header, str(source))


def keep(key: str, program: CompiledShapes) -> None:
    """Cache what :func:`restore` needs to rebuild ``program`` (nothing, if it is not readable)."""
    try:
        source, advanced, namespaces, numeric = program._shared_spec
        header = {"namespaces": [[str(p), str(ns)] for p, ns in namespaces], "advanced": bool(advanced),
                  "numeric_booleans": bool(numeric), "blank": [str(label) for label in program._blank_nodes]}
        body = str(source).encode("utf-8")
    except Exception:  # noqa: BLE001 - another engine version: just not cached
        return
    cache.put(KIND, key, header, body)
