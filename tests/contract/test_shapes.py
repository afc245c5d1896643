"""The SHACL profiles (shapes/core.ttl, shapes/vivo.ttl) against self-describing cases.

Each ``tests/shapes/cases/*.ttl`` (core) and ``tests/shapes/vivo-cases/*.ttl`` (vivo) is a small data graph plus one ``dash:GraphValidationTestCase``
(pySHACL's dash-test style) whose ``dash:expectedResult`` is the validation report we expect:
``sh:conforms`` and every ``sh:result`` by focus node, source shape, constraint component,
result path and severity (and ``sh:value`` where given). The test-case description is removed
from the data before validation, and the actual results must match the expected ones exactly:
no missing and no extra results. The cases run under cvgraph's SHACL engine (``cvgraph.shacl.validation.engine()``:
pyshacl-turbo by default, pySHACL with ``CVGRAPH_SHACL_ENGINE=pyshacl``). The expectations are
pySHACL's; the one known difference, turbo's extra sh:or result on an ill-typed date literal
(the ``*date--ill-formed`` cases), is added exactly (tests/unit/shacl/test_shacl_engines.py compares the two).

Meta-tests keep the cases honest, for each profile: every constraint of every shape has a violating
case, every shape (and every property shape's path) is reached by a conforming case, and the shapes
file itself stays within its SHACL vocabulary (Core; for vivo also SPARQL-based constraints), named,
labelled and within the official vocabularies. Node shapes without targets are helpers (vivo's
cvv:IsPerson, …): only other shapes use them, through sh:node, and the results name those shapes.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Namespace, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import SH
from rdflib.term import Node
from support.paths import ROOT, TESTS

DASH = Namespace("http://datashapes.org/dash#")
CVS = Namespace("https://w3id.org/cvgraph/shapes#")
CVV = Namespace("https://w3id.org/cvgraph/shapes/vivo#")
SCHEMA = Namespace("https://schema.org/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VIVO = Namespace("http://vivoweb.org/ontology/core#")

# The options `cvgraph build` validates with.
VALIDATE_OPTIONS = {"inference": "none", "allow_warnings": True, "advanced": False}

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
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# SHACL Core vocabulary the profile may use: no SPARQL-based constraints or targets, no rules.
SHACL_CORE_TERMS = {
    SH[t]
    for t in ["NodeShape", "PropertyShape", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "alternativePath", "inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath", "property", "node", "class", "datatype", "nodeKind", "IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral", "minCount", "maxCount", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "hasValue", "in", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "closed", "ignoredProperties", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "message", "severity", "Violation", "Warning", "Info", "deactivated", "name", "description", "order", "group", "defaultValue", "declare", "prefix", "namespace"]
}
# SPARQL-based constraints (SHACL section 5, not SHACL-AF): both engines run them with advanced=False.
SHACL_SPARQL_TERMS = {SH[t] for t in ["sparql", "SPARQLConstraint", "select", "prefixes"]}


@dataclass(frozen=True)
class Profile:
    """A bundled shapes file, its cases, and what the meta-tests allow in it."""

    name: str
    cases_dir: Path
    namespace: Namespace  # every shape's IRI is in it
    shacl_terms: frozenset[URIRef]
    min_conforming: int
    min_violating: int

    @property
    def shapes_path(self) -> Path:
        return ROOT / "shapes" / f"{self.name}.ttl"


PROFILES = {
    "core": Profile("core", TESTS / "shapes" / "cases", CVS, frozenset(SHACL_CORE_TERMS), 10, 50),
    "vivo": Profile("vivo", TESTS / "shapes" / "vivo-cases", CVV, frozenset(SHACL_CORE_TERMS | SHACL_SPARQL_TERMS),
                    3, 60),
}
# Results and shapes printed with both profiles' prefixes.
NAMES = Graph()
NAMES.bind("cvs", CVS)
NAMES.bind("cvv", CVV)
NAMES.bind("vivo", VIVO)


# Loading shapes and cases
# ---------------------------------------------------------------------------------------


@functools.cache
def shapes_graph(profile: str = "core") -> Graph:
    return Graph().parse(PROFILES[profile].shapes_path, format="turtle")


def engine() -> str:
    from cvgraph.shacl.validation import engine

    return engine()


@functools.cache
def turbo_shapes(profile: str = "core"):
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph(profile), advanced=False)


def validate(data: Graph, profile: str = "core") -> tuple[bool, Graph]:
    if engine() == "turbo":
        options = {k: v for k, v in VALIDATE_OPTIONS.items() if k != "advanced"}  # compiled without it
        conforms, results, _text = turbo_shapes(profile).validate(data, abort_on_first=False, **options)
    else:
        conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes_graph(profile), **VALIDATE_OPTIONS)
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


def short(n: object) -> str:
    return n.n3(NAMES.namespace_manager) if isinstance(n, (URIRef, BNode)) else str(n)


@dataclass(frozen=True)
class Result:
    focus: Node
    shape: Node
    component: Node
    path: object
    severity: Node

    def __str__(self) -> str:
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


def top_results(results: Graph) -> list[Node]:
    """The report's results, without the sh:detail results that say why an sh:node value failed
    (cvgraph's report leaves them out too: the parent result names the shape and its message)."""
    return [r for r in results.subjects(RDF.type, SH.ValidationResult) if (None, SH.detail, r) not in results]


@dataclass(frozen=True)
class Case:
    name: str
    profile: str
    comment: str
    data: Graph
    conforms: bool
    expected: dict[Result, set[Node]]

    def __str__(self) -> str:
        return f"{self.profile}/{self.name}"


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
    (profile,) = [p.name for p in PROFILES.values() if p.cases_dir == path.parent]
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
        profile=profile,
        comment=str(graph.value(test, RDFS.comment, default="")),
        data=data,
        conforms=graph.value(report, SH.conforms).toPython(),
        expected=read_results(graph, list(graph.objects(report, SH.result))),
    )


def case_files(profile: str) -> list[Path]:
    return sorted(PROFILES[profile].cases_dir.glob("*.ttl"))


CASE_FILES = case_files("core")  # tests/unit/shacl/test_shacl_engines.py compares the engines on these
ALL_CASE_FILES = [p for name in PROFILES for p in case_files(name)]
CASES = [load_case(p) for p in ALL_CASE_FILES]


def violating(profile: str) -> list[Case]:
    return [c for c in CASES if c.profile == profile and c.expected]


def conforming(profile: str) -> list[Case]:
    return [c for c in CASES if c.profile == profile and not c.expected]


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[str(c) for c in CASES])
def test_case(case: Case) -> None:
    conforms, results = validate(case.data, case.profile)
    actual = read_results(results, top_results(results))
    expected = engine_expected(case)

    missing = [str(k) for k in expected if k not in actual]
    extra = [str(k) for k in actual if k not in expected]
    assert not missing and not extra, (
        f"{case} ({engine()}): {case.comment}\n"
        + "".join(f"  only expected: {m}\n" for m in missing)
        + "".join(f"  only actual:   {e}\n" for e in extra)
    )
    for key, values in expected.items():
        if values:
            assert actual[key] == values, f"{case}: sh:value of {key}"
    assert conforms is case.conforms


@pytest.mark.parametrize("profile", PROFILES.values(), ids=list(PROFILES))
def test_there_are_cases(profile: Profile) -> None:
    assert len(conforming(profile.name)) >= profile.min_conforming
    assert len(violating(profile.name)) >= profile.min_violating


@pytest.mark.parametrize("path", ALL_CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in ALL_CASE_FILES])
def test_case_describes_itself(path: Path) -> None:
    case = load_case(path)
    assert path.read_text(encoding="utf-8").startswith(f"# {path.name}:"), "header comment"
    assert case.comment, "rdfs:comment on the dash:GraphValidationTestCase"
    assert case.conforms == (not any(k.severity == SH.Violation for k in case.expected))


# ---------------------------------------------------------------------------------------
# Coverage: every shape and constraint has both kinds of case
# ---------------------------------------------------------------------------------------


def node_shapes(profile: str) -> list[URIRef]:
    """Node shapes with targets (the others are helpers: see helper_shapes)."""
    sg = shapes_graph(profile)
    return sorted(s for s in sg.subjects(RDF.type, SH.NodeShape) if any((s, t, None) in sg for t in TARGETS))


def helper_shapes(profile: str) -> list[URIRef]:
    sg = shapes_graph(profile)
    return sorted(s for s in sg.subjects(RDF.type, SH.NodeShape) if not any((s, t, None) in sg for t in TARGETS))


def property_shapes(profile: str, node_shape: Node) -> list[Node]:
    return sorted(shapes_graph(profile).objects(node_shape, SH.property))


def all_shapes(profile: str) -> list[Node]:
    """Node shapes with targets and their property shapes (a shared property shape once)."""
    shapes = node_shapes(profile)
    return shapes + sorted({p for s in shapes for p in property_shapes(profile, s)})


def constrained_shapes(profile: str) -> list[Node]:
    """The shapes that report results themselves: property shapes, and node shapes with a
    constraint of their own (a node shape may only group property shapes)."""
    sg = shapes_graph(profile)
    return [s for s in all_shapes(profile) if any((s, p, None) in sg for p in PARAMETER_COMPONENT)]


def targets(profile: str, shape: Node, data: Graph) -> set[Node]:
    """Focus nodes of a node shape (explicit targets only; the data has explicit types)."""
    sg = shapes_graph(profile)
    nodes: set[Node] = set()
    for cls in sg.objects(shape, SH.targetClass):
        nodes.update(data.subjects(RDF.type, cls))
    for p in sg.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(p, None))
    for p in sg.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, p))
    nodes.update(sg.objects(shape, SH.targetNode))
    return nodes


@pytest.mark.parametrize("profile", PROFILES)
def test_every_constraint_has_a_violating_case(profile: str) -> None:
    exercised = {(k.shape, k.component) for c in violating(profile) for k in c.expected}
    sg = shapes_graph(profile)
    missing = []
    for shape in all_shapes(profile):
        for parameter, component in PARAMETER_COMPONENT.items():
            if (shape, parameter, None) in sg and (shape, component) not in exercised:
                missing.append(f"{short(shape)} {component.n3()}")
    assert not missing, "constraints without a violating case:\n" + "\n".join(missing)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_shape_has_a_violating_case(profile: str) -> None:
    exercised = {k.shape for c in violating(profile) for k in c.expected}
    for node_shape in node_shapes(profile):
        assert exercised & {node_shape, *property_shapes(profile, node_shape)}, node_shape
    for shape in constrained_shapes(profile):
        assert shape in exercised, shape


@pytest.mark.parametrize("profile", PROFILES)
def test_expectations_name_real_shapes(profile: str) -> None:
    shapes = set(all_shapes(profile))
    for case in violating(profile):
        for key in case.expected:
            assert key.shape in shapes, f"{case}: unknown shape {key.shape}"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_shape_has_a_conforming_case(profile: str) -> None:
    """Each node shape has focus nodes in some conforming case, and each property shape
    reaches at least one value there: no shape passes only because it never applied."""
    sg = shapes_graph(profile)
    for node_shape in node_shapes(profile):
        assert any(targets(profile, node_shape, c.data) for c in conforming(profile)), node_shape
        for prop in property_shapes(profile, node_shape):
            path = parse_shacl_path(sg, sg.value(prop, SH.path))
            assert any(
                next(iter(c.data.objects(focus, path)), None) is not None
                for c in conforming(profile)
                for focus in targets(profile, node_shape, c.data)
            ), (node_shape, prop)


# ---------------------------------------------------------------------------------------
# The shapes file itself
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_shapes_conform_to_shacl_shacl(profile: str) -> None:
    pyshacl.validate(Graph(), shacl_graph=shapes_graph(profile), meta_shacl=True, **VALIDATE_OPTIONS)


@pytest.mark.parametrize("profile", PROFILES.values(), ids=list(PROFILES))
def test_shapes_use_their_shacl_vocabulary_only(profile: Profile) -> None:
    sg = shapes_graph(profile.name)
    used = {t for triple in sg for t in triple if isinstance(t, URIRef) and t.startswith(str(SH))}
    assert used <= profile.shacl_terms, used - profile.shacl_terms


@pytest.mark.parametrize("profile", PROFILES.values(), ids=list(PROFILES))
def test_shapes_are_named_labelled_and_explained(profile: Profile) -> None:
    sg = shapes_graph(profile.name)
    for shape in all_shapes(profile.name) + helper_shapes(profile.name):
        assert isinstance(shape, URIRef) and shape.startswith(str(profile.namespace)), shape
        assert sg.value(shape, RDFS.label), f"{shape} has no rdfs:label"
    for shape in constrained_shapes(profile.name):
        assert sg.value(shape, SH.message), f"{shape} has no sh:message"
    for shape in node_shapes(profile.name):
        for prop in property_shapes(profile.name, shape):
            assert (prop, RDF.type, SH.PropertyShape) in sg, prop
    # No stray property shapes that no node shape uses, no helper that no shape uses.
    attached = {p for s in node_shapes(profile.name) for p in property_shapes(profile.name, s)}
    assert set(sg.subjects(RDF.type, SH.PropertyShape)) == attached
    for helper in helper_shapes(profile.name):
        assert (None, SH.node, helper) in sg, f"{helper}: a shape without targets that no sh:node uses"


@pytest.mark.parametrize("profile", PROFILES)
def test_severities_are_violation_or_warning(profile: str) -> None:
    assert set(shapes_graph(profile).objects(None, SH.severity)) <= {SH.Violation, SH.Warning}


def test_core_shapes_use_defined_terms(shared_dir: Path) -> None:
    """Every schema:, bibo: and dcterms: term in the core shapes exists in the official vocabularies
    (../shared/vocab, via conftest's `shared_dir` fixture: skipped without it unless
    CVGRAPH_REQUIRE_SHARED=1)."""
    vocab = Graph()
    vocab.parse(shared_dir / "vocab" / "schemaorg-current-https.ttl", format="turtle")
    vocab.parse(shared_dir / "vocab" / "bibo.owl", format="xml")
    vocab.parse(shared_dir / "vocab" / "dcterms.ttl", format="turtle")
    terms = {
        t
        for triple in shapes_graph("core")
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith((str(SCHEMA), str(BIBO), str(DCTERMS)))  # str: rdflib's
        # URIRef.startswith stringifies a tuple of prefixes instead of trying each
    }
    undefined = sorted(t for t in terms if (t, None, None) not in vocab)
    assert not undefined, undefined


# The date-time precisions are individuals of VIVO's ABox (its firsttime data), not of vivo.owl.
VIVO_ABOX_TERMS = {VIVO.yearPrecision, VIVO.yearMonthPrecision, VIVO.yearMonthDayPrecision}


def test_vivo_shapes_use_defined_terms(shared_dir: Path) -> None:
    """Every class, property and individual the VIVO shapes name (outside SHACL, RDF, RDFS, XSD,
    OWL and the shapes' own namespace) is defined in the VIVO-ISF ontology as VIVO loads it."""
    vocab = Graph().parse(shared_dir / "vocab" / "vivo.owl", format="xml")
    builtin = (str(SH), str(CVV), str(RDF), str(RDFS), str(XSD), str(OWL), "https://w3id.org/cvgraph/shapes/vivo",
               "https://w3id.org/cvgraph/terms#")  # cvgraph's own terms (ontology/terms.ttl), as the profile writes them
    terms = {t for triple in shapes_graph("vivo") for t in triple
             if isinstance(t, URIRef) and not str(t).startswith(builtin)}
    undefined = sorted(t for t in terms - VIVO_ABOX_TERMS if (t, None, None) not in vocab)
    assert not undefined, undefined
