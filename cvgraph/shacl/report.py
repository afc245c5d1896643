"""A SHACL report as cvgraph shows it: the :class:`Result` lines of a results graph, read from its
triples (whichever engine and route gave them), each focus node labelled with its schema:name,
terms written as CURIEs of the one prefix map (:mod:`cvgraph.rdf.prefixes`), in a total order."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from cvgraph.errors import one_line
from cvgraph.rdf.prefixes import LOCAL_PREFIXES, PREFIXES, USED_PREFIXES, compress
from cvgraph.rdf.terms import IRI, RDF, Blank, Lit, Term, Triple

__all__ = ["NAMESPACES", "Report", "Result", "names_of", "report_of"]

# the prefixes the shapes are compiled with, and the report's CURIEs are written with
NAMESPACES: dict[str, str] = {**PREFIXES, **USED_PREFIXES, **LOCAL_PREFIXES}


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



_SCHEMA_NAME = IRI("https://schema.org/name")
_SH = "http://www.w3.org/ns/shacl#"
_SH_DETAIL, _SH_SEVERITY = IRI(_SH + "detail"), IRI(_SH + "resultSeverity")
_RDF_FIRST, _RDF_REST, _RDF_NIL = IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")


def _short(term: Term | None) -> str:
    """A term of a result as the report shows it: ``schema:name``, ``<iri>``, ``_:label`` or a
    literal's text."""
    if term is None:
        return ""
    if isinstance(term, Lit):
        return term.value
    if isinstance(term, Blank):
        return f"_:{term.id}"
    curie = compress(term.value, NAMESPACES)
    return curie if curie != term.value else f"<{term.value}>"


def report_of(found: Sequence[Triple], name_of: Callable[[str], object]) -> Report:
    """The :class:`Report` of the triples of a SHACL results graph; ``name_of`` gives a focus
    node's schema:name (an IRI's), if any."""
    values: dict[Term, dict[IRI, Term]] = {}  # each result's one value of each property
    for s, p, o in found:
        values.setdefault(s, {}).setdefault(cast(IRI, p), o)
    details = {o for s, p, o in found if p == _SH_DETAIL}  # why an sh:node value failed: its parent says what to fix
    results = []
    for node, props in values.items():
        if _SH_SEVERITY not in props or node in details:
            continue

        def get(name: str, props: dict[IRI, Term] = props) -> Term | None:
            return props.get(IRI(_SH + name))

        focus = get("focusNode")
        label = name_of(focus.value) if isinstance(focus, IRI) else None
        results.append(Result(
            severity=_text(get("resultSeverity")).rsplit("#", 1)[-1],
            focus=_text(focus), label=str(label or ""),
            path=_path_text(values, get("resultPath")),
            message=_text(get("resultMessage")),
            constraint="sh:" + _text(get("sourceConstraintComponent")).rsplit("#", 1)[-1],
            shape=_text(get("sourceShape")), value=_short(get("value"))))
    # A total order (results that print alike still differ in component, value or shape), so that
    # the report does not depend on the engine's or the results graph's order.
    results.sort(key=lambda r: ({"Violation": 0, "Warning": 1}.get(r.severity, 2), r.focus, r.path, r.message,
                                r.constraint, r.value, r.shape))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results)


def _text(term: Term | None) -> str:
    """A term's text as rdflib's ``str`` gives it (an IRI, a blank node's label, a literal's text)."""
    if term is None:
        return ""
    return term.id if isinstance(term, Blank) else term.value


def names_of(triples: Sequence[Triple]) -> Callable[[str], object]:
    """A focus node's schema:name in ``triples`` (sorted: the first name of each node, as rdflib's
    Graph.value gives), the names gathered only when a result asks for one: a graph that
    conforms needs none."""
    found: list[dict[str, str]] = []  # the names, once gathered

    def name_of(focus: str) -> object:
        if not found:
            names: dict[str, str] = {}
            for s, p, o in triples:
                if isinstance(s, IRI) and p == _SCHEMA_NAME and isinstance(o, Lit):
                    names.setdefault(s.value, o.value)
            found.append(names)
        return found[0].get(focus)

    return name_of


def _path_text(values: dict[Term, dict[IRI, Term]], path: Term | None, depth: int = 0) -> str:
    """A SHACL path as text: ``schema:name``, ``^vivo:relatedBy`` or
    ``bibo:authorList/rdf:rest*/rdf:first``."""
    if path is None:
        return ""
    if not isinstance(path, Blank):
        return _short(path)
    props = values.get(path, {})
    if depth > 50:
        return "(path)"
    for name, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
        if IRI(_SH + name) in props:
            return _path_text(values, props[IRI(_SH + name)], depth + 1) + mark
    if IRI(_SH + "inversePath") in props:
        return "^" + _path_text(values, props[IRI(_SH + "inversePath")], depth + 1)
    steps, cell, seen = [], cast(Term, path), set()
    while cell != _RDF_NIL:  # a sequence path: an RDF list
        cell_props = values.get(cell, {})
        if cell in seen or _RDF_FIRST not in cell_props or _RDF_REST not in cell_props:
            return "(path)"  # a malformed path list is shown as such, not an error
        seen.add(cell)
        steps.append(_path_text(values, cell_props[_RDF_FIRST], depth + 1))
        cell = cell_props[_RDF_REST]
    return "/".join(steps)
