"""pyshacl-turbo's compiled shapes: made from the shapes' triples, and kept in the cache
(:mod:`cvgraph.cache`).

pyshacl-turbo compiles shapes from an rdflib graph: it reads the graph's terms into its term
records and turns them into its canonical N-Triples program, then compiles that natively (about
10 ms). :func:`compile_triples` gives it the term records of the parsed triples directly, as it
would read them from an rdflib graph of those triples, so no graph is built, and rdflib is not
even imported. The :class:`Program` (the program's text, its prefixes and its blank node labels)
is cached, keyed by the shapes' bytes, the engine's installation and cvgraph's code, and the
engine's compiled shapes are rebuilt from it without parsing the shapes again: natively
(:meth:`Program.native`, :mod:`cvgraph.shacl.native`), or as the package's ``CompiledShapes``
(:meth:`Program.compiled`, for rdflib graphs).

This reads pyshacl-turbo's ``CompiledShapes`` attributes (``_shared_spec``, ``_blank_nodes``,
``graph``, ``_native``) and its native ``canonical_shapes``: an engine that no longer has them (a
new version: another cache key) makes :func:`compile_triples` return None (the caller compiles
an rdflib graph as usual) and :func:`restore` give up quietly.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cvgraph import cache
from cvgraph.rdf.terms import IRI, Lit, Term, Triple
from cvgraph.shacl import native as engine

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes

__all__ = ["Program", "compile_triples", "keep", "restore", "shapes_key"]

KIND = "shapes"


@dataclass(frozen=True)
class Program:
    """The engine's canonical program of a shapes graph: its N-Triples text (``source``), the
    prefixes it was compiled with, and the labels of the shapes' blank nodes."""

    source: str
    namespaces: tuple[tuple[str, str], ...]
    blank: tuple[str, ...]
    advanced: bool = False
    numeric_booleans: bool = True  # what the engine sets for shapes given as an rdflib graph

    def native(self) -> engine.NativeShapes:
        """The engine's native compiled shapes (no rdflib: :mod:`cvgraph.shacl.native`), compiled
        once (about 10 ms)."""
        return self._native

    @functools.cached_property
    def _native(self) -> engine.NativeShapes:
        return engine.program(self.source, self.advanced, self.numeric_booleans, list(self.namespaces))

    def compiled(self) -> CompiledShapes:
        """The package's ``CompiledShapes`` of the program, as ``pyshacl_turbo.compile_shapes``
        makes them of an rdflib graph of the shapes (validates rdflib graphs)."""
        # lazy: rdflib and the engine's package, only for rdflib graphs
        from pyshacl_turbo import CompiledShapes
        from rdflib import BNode, Graph

        graph = Graph(bind_namespaces="none")  # the shapes' prefixes only, as the engine bound them
        for prefix, ns in self.namespaces:
            graph.bind(prefix, ns, override=True, replace=True)
        program: CompiledShapes = CompiledShapes.__new__(CompiledShapes)
        program.graph = graph
        program._blank_nodes = {label: BNode(label) for label in self.blank}
        program._shared_spec = (self.source, self.advanced, self.namespaces, self.numeric_booleans)
        program._shared_program = None
        program._native = self.native()
        return program

    def header(self) -> dict[str, Any]:
        return {"namespaces": [list(pair) for pair in self.namespaces], "advanced": self.advanced,
                "numeric_booleans": self.numeric_booleans, "blank": list(self.blank)}


def shapes_key(shapes: bytes, advanced: bool) -> str | None:
    """The cache key of the shapes ``shapes`` compiled by pyshacl-turbo (None: the cache is off)."""
    if not cache.enabled():
        return None
    return cache.key(KIND, cache.engine_fingerprint("turbo"), shapes, f"advanced={advanced}")


def restore(key: str) -> Program | None:
    """The program cached under ``key``, or None (not cached, or not usable)."""
    hit = cache.get(KIND, key)
    if hit is None:
        return None
    header, body = hit
    try:
        found = Program(body.decode("utf-8"), tuple((str(p), str(ns)) for p, ns in header["namespaces"]),
                        tuple(str(label) for label in header["blank"]), bool(header["advanced"]),
                        bool(header["numeric_booleans"]))
        found.native()  # one the engine cannot compile is not used (and this one is compiled once)
    except Exception:  # noqa: BLE001 - an entry this engine cannot use: compile afresh
        return None
    return found


def _records(triples: Sequence[Triple], batch_size: int) -> tuple[list[tuple[list[Any], list[Any]]], list[str]]:
    """The engine's term batches of ``triples`` (each: its term records, and its triples as
    indices into them) and the blank node labels met, exactly as pyshacl-turbo reads an rdflib
    graph of the triples (``shape_batches``): a literal's text as parsed (the bundled shapes
    write every literal in its canonical form, so rdflib's normalisation leaves it alone: a
    test compares), its datatype unless it has a language."""
    batches: list[tuple[list[Any], list[Any]]] = []
    blank: dict[str, None] = {}
    records: list[Any] = []
    quads: list[Any] = []
    index: dict[tuple[Any, ...], int] = {}

    def intern(term: Term) -> int:
        if isinstance(term, IRI):
            record: tuple[Any, ...] = (0, term.value, None, None)
        elif isinstance(term, Lit):
            record = (2, term.value, None if term.lang else term.datatype, term.lang)
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
                    advanced: bool = False) -> Program | None:
    """The program ``pyshacl_turbo.compile_shapes`` makes of an rdflib graph of the shapes
    ``triples`` whose prefixes are ``namespaces``, made without that graph; None when this engine
    cannot be driven so."""
    module = engine.native()
    if module is None:
        return None
    try:
        batches, blank = _records(triples, int(module.SHAPES_BATCH_SIZE))
        source = module.canonical_shapes(iter(batches))
    except AttributeError:  # another engine version
        return None
    return Program(str(source), tuple((str(p), str(ns)) for p, ns in namespaces), tuple(blank), advanced)


def keep(key: str, program: Program) -> None:
    """Cache ``program`` for :func:`restore`."""
    cache.put(KIND, key, program.header(), program.source.encode("utf-8"))
