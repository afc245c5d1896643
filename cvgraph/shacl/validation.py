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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvgraph import cache
from cvgraph.cache import ENGINE_MODULES
from cvgraph.errors import ShapesError, one_line
from cvgraph.rdf.oxigraph import parse_triples
from cvgraph.rdf.terms import IRI, XSD, Lit, Term, Triple, nt_lines_of
from cvgraph.resources import bundled
from cvgraph.shacl.compiled import compile_triples, keep, restore, shapes_key

if TYPE_CHECKING:  # rdflib and the SHACL engines are imported only when a graph is validated
    from pyshacl_turbo import CompiledShapes
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.term import Node

__all__ = ["ENGINES", "Report", "Result", "compiled_shapes", "engine", "profiles", "report_key", "results_graph", "shapes_bytes", "shapes_files", "shapes_graph", "shapes_triples",
           "validate", "validate_triples"]

ENGINES = ("turbo", "pyshacl")
_SCHEMA_NAME = IRI("https://schema.org/name")


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


@dataclass(frozen=True)
class Result:
    severity: str  # Violation, Warning, Info
    focus: str
    label: str  # the focus node's schema:name, if any
    path: str
    message: str
    constraint: str  # the constraint component, e.g. sh:MinCountConstraintComponent
    shape: str
    value: str = ""

    def __str__(self) -> str:
        what = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        value = f" (value: {self.value})" if self.value else ""
        return one_line(f"{self.severity}: {what} {self.path}: {self.message}{value}")  # one line, whatever the label


@dataclass
class Report:
    conforms: bool  # no violations (warnings and infos allowed)
    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def text(self) -> str:
        counts = {s: sum(r.severity == s for r in self.results) for s in ("Violation", "Warning", "Info")}
        head = ("Conforms" if self.conforms else "Does not conform") + ": " + ", ".join(
            f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items())
        return "\n".join([head] + [str(r) for r in self.results])

    def to_json(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "results": [r.__dict__ for r in self.results]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(data["conforms"], [Result(**r) for r in data["results"]])


# profiles made of several shapes files: ``all`` checks the core and the VIVO vocabulary together
COMBINED = {"all": ("core", "vivo")}


def profiles() -> list[str]:
    """Names of the bundled SHACL profiles (``shapes/*.ttl``, and :data:`COMBINED`)."""
    return sorted([p.stem for p in bundled("shapes").glob("*.ttl")] + list(COMBINED))


@functools.cache
def shapes_triples(profile: str = "core") -> tuple[Triple, ...]:
    """The triples of ``profile``'s shapes files (parsed once per process; a triple two files
    share, once)."""
    found: dict[Triple, None] = {}  # IRIs are absolute and blank labels are not, so none compare equal
    for path in shapes_files(profile):
        try:
            found.update(dict.fromkeys(parse_triples(path)))
        except Exception as exc:  # noqa: BLE001 - a broken bundled file is an installation problem
            raise ShapesError(f"{path}: cannot read shapes: {exc}") from None
    return tuple(found)


@functools.cache
def shapes_graph(profile: str = "core") -> Graph:
    """``profile``'s shapes as an rdflib graph (pySHACL's input; the turbo engine needs none)."""
    from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy

    return to_graph(shapes_triples(profile))


@functools.cache
def compiled_shapes(profile: str = "core") -> CompiledShapes:
    """The profile's shapes compiled by pyshacl-turbo, once per process (from :func:`shapes_triples`,
    or from the cache without parsing them: :mod:`cvgraph.shacl.compiled`)."""
    import pyshacl_turbo  # lazy: only the turbo engine needs it

    from cvgraph.rdf.graph import prefixed  # lazy: rdflib is heavy

    key = shapes_key(shapes_bytes(profile), advanced=False)
    found = restore(key) if key is not None else None
    if found is not None:
        return found
    try:
        # the prefixes an rdflib graph of the shapes has (:func:`shapes_graph`), as the engine takes them
        namespaces = [(str(p), str(ns)) for p, ns in prefixed().namespaces()]
        compiled = compile_triples(shapes_triples(profile), namespaces, advanced=False)
        if compiled is None:  # an engine that cannot take the triples: an rdflib graph of them
            # pyshacl-turbo's functions are not annotated
            compiled = pyshacl_turbo.compile_shapes(  # type: ignore[no-untyped-call]
                shapes_graph(profile), advanced=False)
        if key is not None:
            keep(key, compiled)
        return compiled
    except Exception as exc:  # noqa: BLE001 - shapes the engine refuses are an installation problem
        where = ", ".join(map(str, shapes_files(profile)))
        raise ShapesError(f"{where}: pyshacl-turbo cannot compile the shapes: {exc}") from None


def _terms_input(triples: Sequence[Triple]) -> object:
    """``triples`` as pyshacl-turbo's native input of terms (a table of distinct terms, and the
    triples as indices into it): no N-Triples text is written or parsed, and no rdflib graph built."""
    from pyshacl_turbo.rdf import Input  # lazy: only the turbo engine needs it

    records: list[tuple[int, str, str | None, str | None]] = []
    index: dict[tuple[type, Term], int] = {}

    def intern(term: Term) -> int:
        key = (type(term), term)  # IRI("x") == Blank("x") as tuples: the type tells them apart
        found = index.get(key)
        if found is None:
            found = index[key] = len(records)
            if isinstance(term, IRI):
                records.append((0, term.value, None, None))
            elif isinstance(term, Lit):  # the engine's record: no datatype for xsd:string or a language tag
                datatype = None if term.lang or term.datatype == XSD + "string" else term.datatype
                records.append((2, term.value, datatype, term.lang))
            else:
                records.append((1, term.id, None, None))
        return found

    quads = [(intern(s), intern(p), intern(o), None) for s, p, o in triples]
    from rdflib import BNode  # lazy: rdflib is heavy

    blanks = {value: BNode(value) for kind, value, _, _ in records if kind == 1}  # reported by their own ids
    return Input((records, quads), "terms", None, blanks, {}, preserve_ids=True)


def results_graph(graph: Graph | str | Sequence[Triple], profile: str, name: str) -> Graph:
    """The SHACL results graph ``name``'s engine gives for ``graph`` under ``profile``'s shapes: an
    rdflib graph, N-Triples text, or triples (pyshacl-turbo reads text and triples natively, with no
    rdflib graph; pySHACL gets an rdflib graph of them)."""
    from rdflib import Graph  # lazy: rdflib is heavy

    found: Graph  # each engine returns (conforms, results graph, text); neither is annotated
    if name == "turbo":
        import pyshacl_turbo  # lazy: only the turbo engine needs it
        from pyshacl_turbo.rdf import Input

        data: object = graph
        if isinstance(graph, str):
            data = Input(graph, "nt", None, {}, {}, preserve_ids=True)
        elif not isinstance(graph, Graph):
            data = _terms_input(graph)
        try:
            _, found, _ = compiled_shapes(profile).validate(  # type: ignore[no-untyped-call]
                data, inference="none", allow_warnings=True, inplace=False, abort_on_first=False)
        except pyshacl_turbo.ValidationFailure as exc:
            raise ShapesError(f"SHACL validation failed (pyshacl-turbo): {exc}") from None
        return found
    import pyshacl  # lazy: pySHACL is heavy, and only the pyshacl engine needs it

    if isinstance(graph, str):
        graph = Graph().parse(data=graph, format="nt")
    elif not isinstance(graph, Graph):
        from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy

        graph = to_graph(graph)
    _, found, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph(profile), inference="none", advanced=False, allow_warnings=True,
        inplace=True, abort_on_first=False)
    return found


def validate(graph: Graph, profile: str = "core", engine_name: str | None = None) -> Report:
    """Validate ``graph`` (an rdflib graph) against a bundled profile with ``engine_name`` (default:
    :func:`engine`); warnings do not break conformance."""
    from rdflib.namespace import SDO

    found = results_graph(graph, profile, engine_name or engine())
    return _report(found, lambda focus: graph.value(focus, SDO.name), graph.namespace_manager)


def _report(found: Graph, name_of: Callable[[Node], object], namespaces: NamespaceManager) -> Report:
    """The :class:`Report` of a SHACL results graph; ``name_of`` gives a focus node's schema:name,
    ``namespaces`` the prefixes its terms are shortened with."""
    from rdflib import Literal, URIRef  # lazy: rdflib is heavy
    from rdflib.namespace import SH

    def short(node: Node | None) -> str:  # a term as `schema:name`, `<iri>` or its text
        if node is None:
            return ""
        return str(node) if isinstance(node, Literal) else node.n3(namespaces)

    results = []
    for r in found.subjects(SH.resultSeverity, None):
        if (None, SH.detail, r) in found:  # why an sh:node value failed: its parent result says what to fix
            continue

        def get(p: URIRef, r: Node = r) -> Node | None:
            return found.value(r, p)

        focus = get(SH.focusNode)
        label = name_of(focus) if isinstance(focus, URIRef) else None
        results.append(Result(
            severity=str(get(SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(focus), label=str(label or ""),
            path=_path_text(found, get(SH.resultPath), short),
            message=str(get(SH.resultMessage) or ""),
            constraint="sh:" + str(get(SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            shape=str(get(SH.sourceShape)), value=short(get(SH.value))))
    # A total order (results that print alike still differ in component, value or shape), so that
    # the report does not depend on the engine's or the results graph's order.
    results.sort(key=lambda r: ({"Violation": 0, "Warning": 1}.get(r.severity, 2), r.focus, r.path, r.message,
                                r.constraint, r.value, r.shape))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results)


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
    pyshacl-turbo reads that text (written here when the cache key needs it anyway) or the triples
    themselves: no rdflib graph is built."""
    key, name = None, engine()
    if use_cache and cache.enabled():  # the N-Triples text keys the cached report
        if ntriples is None:
            ntriples = "".join(nt_lines_of(triples))
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
        from cvgraph.rdf.graph import prefixed  # lazy: rdflib is heavy, and a cached report needs none

        # the engine parses text faster than Python hands it the terms; pySHACL gets an rdflib graph
        found = results_graph(ntriples if ntriples is not None and name == "turbo" else triples, profile, name)
        report = _report(found, _names_of(triples), prefixed().namespace_manager)
    if key is not None:
        cache.put("report", key, report.to_json())
    return report


def _names_of(triples: Sequence[Triple]) -> Callable[[Node], object]:
    """A focus node's schema:name in ``triples`` (sorted: the first name of each node, as rdflib's
    Graph.value gives), the names gathered only when a result asks for one: a graph that
    conforms needs none."""
    found: list[dict[str, str]] = []  # the names, once gathered

    def name_of(focus: Node) -> object:
        if not found:
            names: dict[str, str] = {}
            for s, p, o in triples:
                if isinstance(s, IRI) and p == _SCHEMA_NAME and isinstance(o, Lit):
                    names.setdefault(s.value, o.value)
            found.append(names)
        return found[0].get(str(focus))

    return name_of


def _path_text(g: Graph, path: Node | None, short: Callable[[Node | None], str]) -> str:
    """A SHACL path as text: ``schema:name`` or ``bibo:authorList/rdf:rest*/rdf:first``."""
    from rdflib import BNode  # lazy: rdflib is heavy
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if path is None:
        return ""
    if not isinstance(path, BNode):
        return short(path)
    if g.value(path, SH.zeroOrMorePath) is not None:
        return _path_text(g, g.value(path, SH.zeroOrMorePath), short) + "*"
    if g.value(path, SH.inversePath) is not None:
        return "^" + _path_text(g, g.value(path, SH.inversePath), short)
    try:
        return "/".join(_path_text(g, p, short) for p in Collection(g, path))
    except Exception:  # noqa: BLE001 - a malformed path list is shown as such, not an error
        return "(path)"
