"""SHACL validation and a readable report.

Shapes are bundled in ``shapes/<profile>.ttl``; ``core`` checks what the modelling contract
promises. Run without inference (the data carries explicit types), in place (no copy).

Two engines give the same :class:`Report`: ``turbo`` (pyshacl-turbo, a Rust engine with
pySHACL's API, the default when installed) and ``pyshacl`` (the reference, and the fallback).
``CVGRAPH_SHACL_ENGINE=turbo|pyshacl`` chooses. They agree on every result but one kind: an
ill-typed literal (``"2022-13"^^xsd:gYearMonth``) fails ``sh:datatype`` under turbo, as the
spec says, which pySHACL misses because rdflib does not flag it (tests/unit/shacl/test_shacl_engines.py).
"""
from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from cvgraph import cache
from cvgraph.cache import ENGINE_MODULES
from cvgraph.errors import ShapesError, one_line
from cvgraph.rdf.oxigraph import parse_text, parse_triples
from cvgraph.rdf.terms import Blank, Term, Triple, nt_lines_of
from cvgraph.resources import bundled
from cvgraph.shacl import native
from cvgraph.shacl.compiled import Program, compile_triples, keep, restore, shapes_key
from cvgraph.shacl.report import NAMESPACES, Report, Result, names_of, report_of

if TYPE_CHECKING:  # rdflib and the SHACL engines are imported only when a graph is validated
    from pyshacl_turbo import CompiledShapes
    from rdflib import Graph

__all__ = ["ENGINES", "NAMESPACES", "Report", "Result", "compiled_shapes", "engine", "profiles", "report_key", "results_graph", "shapes_bytes", "shapes_files", "shapes_graph", "shapes_program", "shapes_triples",
           "validate", "validate_triples"]

ENGINES = ("turbo", "pyshacl")


def _importable(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def engine() -> str:
    """The SHACL engine: ``$CVGRAPH_SHACL_ENGINE`` (``turbo`` or ``pyshacl``), else ``turbo`` when
    pyshacl-turbo is installed, else ``pyshacl``."""
    name = os.environ.get("CVGRAPH_SHACL_ENGINE", "").strip().lower()
    if not name:
        return "turbo" if _importable(ENGINE_MODULES["turbo"]) else "pyshacl"
    if name not in ENGINES:
        raise ShapesError(f"CVGRAPH_SHACL_ENGINE={name!r}: expected one of {', '.join(ENGINES)}")
    if not _importable(ENGINE_MODULES[name]):
        raise ShapesError(f"CVGRAPH_SHACL_ENGINE={name}: the {ENGINE_MODULES[name]} package is not installed")
    return name


# profiles made of several shapes files: ``all`` checks the core and the VIVO vocabulary together
COMBINED = {"all": ("core", "vivo")}


def profiles() -> list[str]:
    """Names of the bundled SHACL profiles (``shapes/*.ttl``, and :data:`COMBINED`)."""
    return sorted([p.stem for p in bundled("shapes").glob("*.ttl")] + list(COMBINED))


@functools.cache
def shapes_triples(profile: str = "core") -> tuple[Triple, ...]:
    """The triples of ``profile``'s shapes files (parsed once per process; a triple two files
    share, once). A blank node is labelled by its file and its place in it (``vivo-12``), not with
    the parser's fresh label: a shape written inline (``sh:property [ … ]``) is then named alike
    in every process, in reports and in the compiled shapes the cache keeps."""
    found: dict[Triple, None] = {}  # IRIs are absolute and blank labels are not, so none compare equal
    for path in shapes_files(profile):
        try:
            parsed = parse_triples(path)
        except Exception as exc:  # noqa: BLE001 - a broken bundled file is an installation problem
            raise ShapesError(f"{path}: cannot read shapes: {exc}") from None
        labels: dict[Term, Term] = {}

        def label(term: Term, labels: dict[Term, Term] = labels, stem: str = path.stem) -> Term:
            if not isinstance(term, Blank):
                return term
            return labels.setdefault(term, Blank(f"{stem}-{len(labels) + 1}"))

        found.update(dict.fromkeys((label(s), p, label(o)) for s, p, o in parsed))
    return tuple(found)


@functools.cache
def shapes_graph(profile: str = "core") -> Graph:
    """``profile``'s shapes as an rdflib graph (pySHACL's input; the turbo engine needs none)."""
    from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy

    return to_graph(shapes_triples(profile))


@functools.cache
def shapes_program(profile: str = "core") -> Program | None:
    """pyshacl-turbo's program of the profile's shapes, made once per process (from
    :func:`shapes_triples`, or from the cache without parsing them: :mod:`cvgraph.shacl.compiled`);
    None when the engine cannot be driven so (the package then compiles an rdflib graph)."""
    key = shapes_key(shapes_bytes(profile), advanced=False)
    found = restore(key) if key is not None else None
    if found is not None:
        return found
    try:
        found = compile_triples(shapes_triples(profile), list(NAMESPACES.items()), advanced=False)
    except Exception as exc:  # noqa: BLE001 - shapes the engine refuses are an installation problem
        raise _cannot_compile(profile, exc) from None
    if found is not None and key is not None:
        keep(key, found)
    return found


def _cannot_compile(profile: str, exc: Exception) -> ShapesError:
    """Shapes the engine refuses: an installation problem, named by the shapes files."""
    return ShapesError(f"{', '.join(map(str, shapes_files(profile)))}: pyshacl-turbo cannot compile the shapes: {exc}")


def _native_shapes(profile: str) -> native.NativeShapes | None:
    """The profile's shapes compiled by pyshacl-turbo's native module (no rdflib; compiled once,
    by its :class:`Program`), or None."""
    program = shapes_program(profile)
    if program is None:
        return None
    try:
        return program.native()
    except Exception as exc:  # noqa: BLE001 - shapes the engine refuses are an installation problem
        raise _cannot_compile(profile, exc) from None


@functools.cache
def compiled_shapes(profile: str = "core") -> CompiledShapes:
    """The profile's shapes as pyshacl-turbo's ``CompiledShapes`` (they validate rdflib graphs),
    once per process, from :func:`shapes_program`."""
    import pyshacl_turbo  # lazy: only the turbo engine needs it

    program = shapes_program(profile)
    try:
        if program is not None:
            return program.compiled()
        # pyshacl-turbo's functions are not annotated
        found: CompiledShapes = pyshacl_turbo.compile_shapes(  # type: ignore[no-untyped-call]
            shapes_graph(profile), advanced=False)
        return found
    except Exception as exc:  # noqa: BLE001 - shapes the engine refuses are an installation problem
        raise _cannot_compile(profile, exc) from None


def results_graph(graph: Graph | str, profile: str, name: str) -> Graph:
    """The SHACL results graph ``name``'s engine gives for ``graph`` (an rdflib graph, or N-Triples
    text) under ``profile``'s shapes, as an rdflib graph, through the engine's Python API."""
    from rdflib import Graph  # lazy: rdflib is heavy

    found: Graph  # each engine returns (conforms, results graph, text); neither is annotated
    if name == "turbo":
        from pyshacl_turbo.rdf import Input  # lazy: only the turbo engine needs it

        data = Input(graph, "nt", None, {}, {}, preserve_ids=True) if isinstance(graph, str) else graph
        try:
            _, found, _ = compiled_shapes(profile).validate(  # type: ignore[no-untyped-call]
                data, inference="none", allow_warnings=True, inplace=False, abort_on_first=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - its ValidationFailure, or a Rust panic (pyo3's PanicException)
            raise _engine_failed(exc) from None
        return found
    import pyshacl  # lazy: pySHACL is heavy, and only the pyshacl engine needs it

    if isinstance(graph, str):
        graph = Graph().parse(data=graph, format="nt")
    _, found, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(profile), inference="none", advanced=False, allow_warnings=True,
        inplace=True, abort_on_first=False)
    return found


def _engine_failed(exc: BaseException) -> ShapesError:
    """pyshacl-turbo's failure (its ValidationFailure, a recursion limit, a Rust panic) as one line."""
    return ShapesError(f"SHACL validation failed (pyshacl-turbo, {type(exc).__name__}): {one_line(str(exc))[:300]}")


def _results(data: Graph | str, profile: str, name: str) -> list[Triple]:
    """The triples of the SHACL results graph ``name``'s engine gives for ``data`` (an rdflib
    graph, or N-Triples text). Text goes to pyshacl-turbo's native module when it can take it
    (:mod:`cvgraph.shacl.native`: no rdflib), else through the engine's Python API."""
    if isinstance(data, str) and name == "turbo":
        shapes = _native_shapes(profile)
        if shapes is not None:
            try:
                answer = native.validate_text(shapes, data)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 - the engine's own failure, a Rust panic (pyo3's PanicException) too
                raise _engine_failed(exc) from None
            return parse_text(answer, "nt")
    from cvgraph.rdf.graph import from_rdflib  # lazy: rdflib is heavy

    return [(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]  # a results graph has no variables or paths
            for s, p, o in results_graph(data, profile, name)]


def validate(graph: Graph, profile: str = "core", engine_name: str | None = None) -> Report:
    """Validate ``graph`` (an rdflib graph) against a bundled profile with ``engine_name`` (default:
    :func:`engine`); warnings do not break conformance."""
    from rdflib import URIRef
    from rdflib.namespace import SDO

    def name_of(focus: str) -> object:
        return graph.value(URIRef(focus), SDO.name)

    return report_of(_results(graph, profile, engine_name or engine()), name_of)


def shapes_file(profile: str) -> Path:
    path = bundled("shapes") / f"{profile}.ttl"
    if not path.is_file():
        raise ShapesError(f"unknown shapes profile {profile!r}; available: {', '.join(profiles())}")
    return path


def shapes_files(profile: str) -> list[Path]:
    """The shapes files of ``profile``: ``shapes/<profile>.ttl``, or those of a combined profile."""
    return [shapes_file(p) for p in COMBINED.get(profile, (profile,))]


def shapes_bytes(profile: str) -> bytes:
    """The text of ``profile``'s shapes (what a cached report depends on)."""
    return b"\0".join(path.read_bytes() for path in shapes_files(profile))


def report_key(ntriples: bytes, profile: str = "core", engine_name: str | None = None) -> str:
    """The cache key of the report on ``ntriples`` (sorted N-Triples) under ``profile``'s shapes
    and the engine (:mod:`cvgraph.cache`)."""
    name = engine_name or engine()
    return cache.key("report", cache.engine_fingerprint(name), shapes_bytes(profile), ntriples)


def validate_triples(triples: Sequence[Triple], profile: str = "core", graph: Graph | None = None,
                     use_cache: bool = True, ntriples: str | None = None) -> Report:
    """Validate sorted triples; reuse a cached report when data, shapes, engine and code match
    (see :mod:`cvgraph.cache`). ``graph`` is an rdflib graph of the same triples, if one exists;
    ``ntriples`` their N-Triples text in the same order, if the caller has it. Without a graph,
    the engine reads that text (written here if need be): pyshacl-turbo natively, with no rdflib
    graph built and rdflib not even imported; pySHACL from an rdflib graph of it."""
    key, name = None, engine()
    if ntriples is None and (graph is None or (use_cache and cache.enabled())):
        ntriples = "".join(nt_lines_of(triples))
    if use_cache and cache.enabled():  # the N-Triples text keys the cached report
        assert ntriples is not None
        key = report_key(ntriples.encode("utf-8"), profile, name)
        hit = cache.get("report", key)
        if hit is not None:
            try:
                return Report.from_json(hit[0])
            except (KeyError, TypeError):
                pass
    if graph is not None:
        report = validate(graph, profile, name)
    else:
        assert ntriples is not None
        report = report_of(_results(ntriples, profile, name), names_of(triples))
    if key is not None:
        cache.put("report", key, report.to_json())
    return report
