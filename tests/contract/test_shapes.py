"""The SHACL core profile (shapes/core.ttl) against self-describing cases.

Each ``tests/shapes/cases/*.ttl`` is a small data graph plus one ``dash:GraphValidationTestCase``
(pySHACL's dash-test style) whose ``dash:expectedResult`` is the validation report we expect:
``sh:conforms`` and every ``sh:result`` by focus node, source shape, constraint component,
result path and severity (and ``sh:value`` where given). The test-case description is removed
from the data before validation, and the actual results must match the expected ones exactly:
no missing and no extra results. The cases run under cvgraph's SHACL engine (``cvgraph.shacl.validation.engine()``:
pyshacl-turbo by default, pySHACL with ``CVGRAPH_SHACL_ENGINE=pyshacl``). The expectations are
pySHACL's; the one known difference, turbo's extra sh:or result on an ill-typed date literal
(the ``*date--ill-formed`` cases), is added exactly (tests/unit/shacl/test_shacl_engines.py compares the two).

Meta-tests keep the cases honest: every constraint of every shape has a violating case, every
shape (and every property shape's path) is reached by a conforming case, and the shapes file
itself stays SHACL Core, named, labelled and within the official vocabularies.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import SH
from rdflib.term import Node
from support.paths import ROOT, TESTS

SHAPES_PATH = ROOT / "shapes" / "core.ttl"
CASES_DIR = TESTS / "shapes" / "cases"

DASH = Namespace("http://datashapes.org/dash#")
CVS = Namespace("https://w3id.org/cvgraph/shapes#")
SCHEMA = Namespace("https://schema.org/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
DCTERMS = Namespace("http://purl.org/dc/terms/")

# The options `cvgraph build` validates with.
VALIDATE_OPTIONS = dict(inference="none", allow_warnings=True, advanced=False)

# Which constraint component each (Core) parameter belongs to, for the coverage meta-test.
PARAMETER_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
}

# SHACL Core vocabulary the profile may use: no SPARQL-based constraints or targets, no rules.
SHACL_CORE_TERMS = {
    SH[t]
    for t in ["NodeShape", "PropertyShape", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "alternativePath", "inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath", "property", "node", "class", "datatype", "nodeKind", "IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral", "minCount", "maxCount", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "hasValue", "in", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "closed", "ignoredProperties", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "message", "severity", "Violation", "Warning", "Info", "deactivated", "name", "description", "order", "group", "defaultValue", "declare", "prefix", "namespace"]
}


# ---------------------------------------------------------------------------------------
# Loading shapes and cases
# ---------------------------------------------------------------------------------------


@functools.cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def engine() -> str:
    from cvgraph.shacl.validation import engine

    return engine()


@functools.cache
def turbo_shapes():
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph(), advanced=False)


def validate(data: Graph) -> tuple[bool, Graph]:
    if engine() == "turbo":
        options = {k: v for k, v in VALIDATE_OPTIONS.items() if k != "advanced"}  # compiled without it
        conforms, results, _text = turbo_shapes().validate(data, abort_on_first=False, **options)
    else:
        conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes_graph(), **VALIDATE_OPTIONS)
    return conforms, results


def engine_expected(case: Case) -> dict[Result, set[Node]]:
    """The results the engine in use must give: the case's (pySHACL's), plus, under turbo, the
    sh:or result that an ill-typed date literal also fails (same focus, shape, path and value as
    the pattern result; rdflib, hence pySHACL, does not see that the literal is ill-typed)."""
    expected = dict(case.expected)
    if engine() == "turbo" and case.name.endswith("date--ill-formed"):
        (pattern,) = [k for k in case.expected if k.component == SH.PatternConstraintComponent]
        expected[Result(pattern.focus, pattern.shape, SH.OrConstraintComponent, pattern.path,
                        SH.Violation)] = case.expected[pattern]
    return expected


def path_key(graph: Graph, path: Node | None) -> object:
    """A SHACL path as a comparable value (URIRef or rdflib Path), whatever graph it lives in."""
    return None if path is None else parse_shacl_path(graph, path)


@dataclass(frozen=True)
class Result:
    focus: Node
    shape: Node
    component: Node
    path: object
    severity: Node

    def __str__(self) -> str:
        def short(n: object) -> str:
            return n.n3(shapes_graph().namespace_manager) if isinstance(n, (URIRef, BNode)) else str(n)

        return (
            f"focus={short(self.focus)} shape={short(self.shape)} "
            f"component={short(self.component)} path={self.path} severity={short(self.severity)}"
        )


def read_results(graph: Graph, results: list[Node]) -> dict[Result, set[Node]]:
    """Results keyed by (focus, shape, component, path, severity), with their sh:value nodes."""
    out: dict[Result, set[Node]] = defaultdict(set)
    for r in results:
        key = Result(
            focus=graph.value(r, SH.focusNode),
            shape=graph.value(r, SH.sourceShape),
            component=graph.value(r, SH.sourceConstraintComponent),
            path=path_key(graph, graph.value(r, SH.resultPath)),
            severity=graph.value(r, SH.resultSeverity, default=SH.Violation),
        )
        value = graph.value(r, SH.value)
        out[key] |= {value} if value is not None else set()
    return out


@dataclass(frozen=True)
class Case:
    name: str
    comment: str
    data: Graph
    conforms: bool
    expected: dict[Result, set[Node]]


def _description(graph: Graph, start: Node) -> Graph:
    """The test-case description: triples reachable from `start`, not crossing into the data
    through sh:focusNode / sh:value (which may name blank nodes of the data)."""
    out, todo, seen = Graph(), [start], set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in graph.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode) and p not in (SH.focusNode, SH.value):
                todo.append(o)
    return out


@functools.cache
def load_case(path: Path) -> Case:
    graph = Graph().parse(path, format="turtle")
    (test,) = graph.subjects(RDF.type, DASH.GraphValidationTestCase)
    description = _description(graph, test)
    data = Graph()
    for prefix, ns in graph.namespaces():
        data.bind(prefix, ns)
    for triple in graph - description:
        data.add(triple)
    report = graph.value(test, DASH.expectedResult)
    return Case(
        name=path.stem,
        comment=str(graph.value(test, RDFS.comment, default="")),
        data=data,
        conforms=graph.value(report, SH.conforms).toPython(),
        expected=read_results(graph, list(graph.objects(report, SH.result))),
    )


CASE_FILES = sorted(CASES_DIR.glob("*.ttl"))
CASES = [load_case(p) for p in CASE_FILES]
VIOLATING = [c for c in CASES if c.expected]
CONFORMING = [c for c in CASES if not c.expected]


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case) -> None:
    conforms, results = validate(case.data)
    actual = read_results(results, list(results.subjects(RDF.type, SH.ValidationResult)))
    expected = engine_expected(case)

    missing = [str(k) for k in expected if k not in actual]
    extra = [str(k) for k in actual if k not in expected]
    assert not missing and not extra, (
        f"{case.name} ({engine()}): {case.comment}\n"
        + "".join(f"  only expected: {m}\n" for m in missing)
        + "".join(f"  only actual:   {e}\n" for e in extra)
    )
    for key, values in expected.items():
        if values:
            assert actual[key] == values, f"{case.name}: sh:value of {key}"
    assert conforms is case.conforms


def test_there_are_cases() -> None:
    assert len(CONFORMING) >= 10 and len(VIOLATING) >= 50


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_describes_itself(path: Path) -> None:
    case = load_case(path)
    assert path.read_text(encoding="utf-8").startswith(f"# {path.name}:"), "header comment"
    assert case.comment, "rdfs:comment on the dash:GraphValidationTestCase"
    assert case.conforms == (not any(k.severity == SH.Violation for k in case.expected))


# ---------------------------------------------------------------------------------------
# Coverage: every shape and constraint has both kinds of case
# ---------------------------------------------------------------------------------------


def node_shapes() -> list[URIRef]:
    return sorted(shapes_graph().subjects(RDF.type, SH.NodeShape))


def property_shapes(node_shape: Node) -> list[Node]:
    return sorted(shapes_graph().objects(node_shape, SH.property))


def all_shapes() -> list[Node]:
    return node_shapes() + [p for s in node_shapes() for p in property_shapes(s)]


def targets(shape: Node, data: Graph) -> set[Node]:
    """Focus nodes of a node shape (explicit targets only; the data has explicit types)."""
    sg = shapes_graph()
    nodes: set[Node] = set()
    for cls in sg.objects(shape, SH.targetClass):
        nodes.update(data.subjects(RDF.type, cls))
    for p in sg.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(p, None))
    for p in sg.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, p))
    nodes.update(sg.objects(shape, SH.targetNode))
    return nodes


def test_every_constraint_has_a_violating_case() -> None:
    exercised = {(k.shape, k.component) for c in VIOLATING for k in c.expected}
    missing = []
    for shape in all_shapes():
        for parameter, component in PARAMETER_COMPONENT.items():
            if (shape, parameter, None) in shapes_graph() and (shape, component) not in exercised:
                missing.append(f"{shape.n3(shapes_graph().namespace_manager)} {component.n3()}")
    assert not missing, "constraints without a violating case:\n" + "\n".join(missing)


def test_every_shape_has_a_violating_case() -> None:
    exercised = {k.shape for c in VIOLATING for k in c.expected}
    for node_shape in node_shapes():
        assert exercised & {node_shape, *property_shapes(node_shape)}, node_shape
    for shape in all_shapes():
        assert shape in exercised, shape


def test_expectations_name_real_shapes() -> None:
    shapes = set(all_shapes())
    for case in VIOLATING:
        for key in case.expected:
            assert key.shape in shapes, f"{case.name}: unknown shape {key.shape}"


def test_every_shape_has_a_conforming_case() -> None:
    """Each node shape has focus nodes in some conforming case, and each property shape
    reaches at least one value there: no shape passes only because it never applied."""
    sg = shapes_graph()
    for node_shape in node_shapes():
        assert any(targets(node_shape, c.data) for c in CONFORMING), node_shape
        for prop in property_shapes(node_shape):
            path = parse_shacl_path(sg, sg.value(prop, SH.path))
            assert any(
                next(iter(c.data.objects(focus, path)), None) is not None
                for c in CONFORMING
                for focus in targets(node_shape, c.data)
            ), prop


# ---------------------------------------------------------------------------------------
# The shapes file itself
# ---------------------------------------------------------------------------------------


def test_shapes_conform_to_shacl_shacl() -> None:
    pyshacl.validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True, **VALIDATE_OPTIONS)


def test_shapes_use_shacl_core_only() -> None:
    used = {t for triple in shapes_graph() for t in triple if isinstance(t, URIRef) and t.startswith(str(SH))}
    assert used <= SHACL_CORE_TERMS, used - SHACL_CORE_TERMS


def test_shapes_are_named_labelled_and_explained() -> None:
    sg = shapes_graph()
    for shape in all_shapes():
        assert isinstance(shape, URIRef) and shape.startswith(str(CVS)), shape
        assert sg.value(shape, RDFS.label), f"{shape} has no rdfs:label"
        assert sg.value(shape, SH.message), f"{shape} has no sh:message"
    for shape in node_shapes():
        for prop in property_shapes(shape):
            assert (prop, RDF.type, SH.PropertyShape) in sg, prop
    # No stray property shapes that no node shape uses.
    attached = {p for s in node_shapes() for p in property_shapes(s)}
    assert set(sg.subjects(RDF.type, SH.PropertyShape)) == attached


def test_severities_are_violation_or_warning() -> None:
    assert set(shapes_graph().objects(None, SH.severity)) <= {SH.Violation, SH.Warning}


def test_shapes_use_defined_terms(shared_dir: Path) -> None:
    """Every schema:, bibo: and dcterms: term in the shapes exists in the official vocabularies
    (../shared/vocab, via conftest's `shared_dir` fixture: skipped without it unless
    CVGRAPH_REQUIRE_SHARED=1)."""
    vocab = Graph()
    vocab.parse(shared_dir / "vocab" / "schemaorg-current-https.ttl", format="turtle")
    vocab.parse(shared_dir / "vocab" / "bibo.owl", format="xml")
    vocab.parse(shared_dir / "vocab" / "dcterms.ttl", format="turtle")
    terms = {
        t
        for triple in shapes_graph()
        for t in triple
        if isinstance(t, URIRef) and t.startswith((str(SCHEMA), str(BIBO), str(DCTERMS)))
    }
    undefined = sorted(t for t in terms if (t, None, None) not in vocab)
    assert not undefined, undefined
