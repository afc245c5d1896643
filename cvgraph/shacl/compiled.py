"""pyshacl-turbo's compiled shapes, kept in the cache (:mod:`cvgraph.cache`).

Compiling a profile's shapes parses their Turtle into an rdflib graph and turns it into the
engine's canonical N-Triples program (about 25 ms); only the last, native step (about 10 ms)
has to run in every process. So the program's text, its prefixes and its blank node labels
are cached, keyed by the shapes' bytes, the engine's installation and cvgraph's code, and the
engine's compiled shapes are rebuilt from them without parsing the shapes again.

This reads pyshacl-turbo's ``CompiledShapes`` attributes (``_shared_spec``, ``_blank_nodes``,
``graph``, ``_native``): an engine that no longer has them (a new version: another cache key)
makes :func:`restore` and :func:`keep` give up quietly, and the shapes are compiled as usual.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cvgraph import cache

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes

__all__ = ["keep", "restore", "shapes_key"]

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
