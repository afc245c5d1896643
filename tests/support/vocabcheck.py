"""Test-side vocabulary checker: every term cvgraph emits must exist, and schema.org triples must fit.

Why: the exporter promises "only terms defined in the official vocabularies" (ontology/README.md).
A typo (schema:authorr), a term that only exists in someone's memory (bibo:ConferencePaper) or a
schema.org property hung on the wrong kind of node is invisible in Turtle output, so tests check the
graph against the published files in ../shared/vocab (read in place, never copied into the repo).

schema_problems() follows schema.org's own validator semantics (domainIncludes / rangeIncludes are
disjunctive, subclasses inherit, a Role node may stand in for any value) rather than OWL/RDFS
inference, because schema.org defines its properties that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

SCHEMA = "https://schema.org/"
# prefix -> (namespace IRI, file in vocab_dir that owns it). A term only counts as defined if its
# *own* vocabulary declares it: vivo.owl and fabio.ttl re-declare bibo:/dcterms:/schema: terms, and
# a term that exists only in such a re-declaration is not part of the official vocabulary.
VOCABULARIES: dict[str, tuple[str, str]] = {
    "schema": (SCHEMA, "schemaorg-current-https.ttl"),
    "foaf": ("http://xmlns.com/foaf/0.1/", "foaf.rdf"),
    "bibo": ("http://purl.org/ontology/bibo/", "bibo.owl"),
    "vivo": ("http://vivoweb.org/ontology/core#", "vivo.owl"),
    "org": ("http://www.w3.org/ns/org#", "org.ttl"),
    "dcterms": ("http://purl.org/dc/terms/", "dcterms.ttl"),
    "fabio": ("http://purl.org/spar/fabio/", "fabio.ttl"),
}
# Built-in RDF/OWL/XSD terms (rdf:first, rdf:nil, xsd:gYear, ...) need no vocabulary file.
BUILTIN: dict[str, str] = {"rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL)}
PREFIXES: dict[str, str] = {**{p: ns for p, (ns, _) in VOCABULARIES.items()}, **BUILTIN}

CLASS_TYPES = frozenset({RDFS.Class, OWL.Class, RDFS.Datatype})
PROPERTY_TYPES = frozenset({RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
                            OWL.AnnotationProperty, OWL.FunctionalProperty,
                            OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
                            OWL.SymmetricProperty})

S = {name: URIRef(SCHEMA + name) for name in (
    "Role", "Thing", "URL", "Text", "Integer", "Float", "Number", "Date", "DateTime", "Time",
    "Boolean", "domainIncludes", "rangeIncludes", "supersededBy")}
_INTEGERS = frozenset(XSD[t] for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
_FLOATS = frozenset({XSD.decimal, XSD.float, XSD.double})
_DATES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth})
# schema.org literal data types -> literal datatypes accepted for them, most specific first (the
# first one among a range's superclasses decides, so URL is judged as URL, not as Text).
# A value of a subclass fits a superclass range: Text accepts xsd:anyURI because URL ⊂ Text.
LITERAL_RANGES: tuple[tuple[URIRef, frozenset[URIRef]], ...] = (
    (S["URL"], frozenset({XSD.anyURI, XSD.string})),
    (S["Integer"], _INTEGERS),
    (S["Float"], _FLOATS),
    (S["Date"], _DATES),
    (S["DateTime"], _DATES | {XSD.dateTime, XSD.dateTimeStamp}),
    (S["Time"], frozenset({XSD.time})),
    (S["Boolean"], frozenset({XSD.boolean})),
    (S["Number"], _INTEGERS | _FLOATS),
    (S["Text"], frozenset({XSD.string, RDF.langString, XSD.normalizedString, XSD.token,
                           XSD.anyURI})),
)


@dataclass(frozen=True, repr=False)
class Vocab:
    """What the official vocabulary files define, pre-digested for the two checks."""

    terms: dict[str, frozenset[URIRef]]  # namespace IRI -> every typed subject in its own file
    classes: frozenset[URIRef]
    properties: frozenset[URIRef]
    supers: dict[URIRef, frozenset[URIRef]]  # schema.org: reflexive-transitive superclasses
    domains: dict[URIRef, frozenset[URIRef]]  # schema:domainIncludes
    ranges: dict[URIRef, frozenset[URIRef]]  # schema:rangeIncludes
    superseded: dict[URIRef, URIRef]  # schema:supersededBy

    def __repr__(self) -> str:  # the default would print thousands of IRIs in pytest failures
        return f"Vocab({sum(map(len, self.terms.values()))} terms, {len(self.domains)} schema.org properties)"

    def ancestors(self, cls: Node) -> frozenset[Node]:
        """`cls` and every superclass the schema.org file declares for it (rdfs:subClassOf*)."""
        return self.supers.get(cls, frozenset({cls}))  # type: ignore[call-overload]

    def closure(self, types: set[Node]) -> frozenset[Node]:
        """The given types plus all their schema.org-declared superclasses."""
        return frozenset(a for t in types for a in self.ancestors(t))


@cache
def load_vocabularies(vocab_dir: Path) -> Vocab:
    """Parse every vocabulary file once per process (schema.org alone takes about half a second)."""
    terms: dict[str, frozenset[URIRef]] = {}
    classes: set[URIRef] = set()
    properties: set[URIRef] = set()
    schema = Graph()
    for ns, filename in VOCABULARIES.values():
        path = vocab_dir / filename
        if not path.is_file():
            raise FileNotFoundError(f"vocabulary file missing: {path}")
        g = schema if ns == SCHEMA else Graph()
        g.parse(path, format=guess_format(str(path)))
        own: set[URIRef] = set()
        for s, t in g.subject_objects(RDF.type):
            if isinstance(s, URIRef) and str(s).startswith(ns):
                own.add(s)
                if t in CLASS_TYPES:
                    classes.add(s)
                elif t in PROPERTY_TYPES:
                    properties.add(s)
        terms[ns] = frozenset(own)
    # Superclasses: rdfs:subClassOf, plus owl:equivalentClass both ways (schema:Person ≡ foaf:Person,
    # schema:Periodical ≡ bibo:Periodical): a cross-namespace link the schema.org file itself declares.
    parents: dict[Node, set[Node]] = {}
    for s, o in schema.subject_objects(RDFS.subClassOf):
        parents.setdefault(s, set()).add(o)
    for s, o in schema.subject_objects(OWL.equivalentClass):
        parents.setdefault(s, set()).add(o)
        parents.setdefault(o, set()).add(s)
    supers: dict[URIRef, frozenset[URIRef]] = {}
    for start in parents:
        seen, todo = {start}, [start]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        supers[start] = frozenset(seen)  # type: ignore[index,assignment]

    def collect(pred: URIRef) -> dict[URIRef, frozenset[URIRef]]:
        out: dict[URIRef, set[URIRef]] = {}
        for s, o in schema.subject_objects(pred):
            out.setdefault(s, set()).add(o)  # type: ignore[arg-type]
        return {k: frozenset(v) for k, v in out.items()}

    superseded = {s: o for s, o in schema.subject_objects(S["supersededBy"])}
    return Vocab(terms, frozenset(classes), frozenset(properties), supers,
                 collect(S["domainIncludes"]), collect(S["rangeIncludes"]), superseded)  # type: ignore[arg-type]


def short(node: Node) -> str:
    """Readable name for a node in problem messages: prefix:local for vocabulary terms."""
    if isinstance(node, Literal):
        dt = f"@{node.language}" if node.language else f"^^{short(node.datatype)}" if node.datatype else ""
        return f'"{node}"{dt}'
    for prefix, ns in PREFIXES.items():
        if str(node).startswith(ns):
            return f"{prefix}:{str(node)[len(ns):]}"
    return f"_:{node}" if isinstance(node, BNode) else f"<{node}>"


def _term_problem(term: Node, vocab: Vocab, role: str) -> str | None:
    """Why `term`, used as a predicate/class/datatype/object, is not a defined vocabulary term."""
    iri = str(term)
    if not isinstance(term, URIRef) or any(iri.startswith(ns) for ns in BUILTIN.values()):
        return None
    ns = next((ns for ns in vocab.terms if iri.startswith(ns)), None)
    if ns is None:
        if role == "object":
            return None  # data IRIs (https://doi.org/..., the CV's own #hash IRIs) are not terms
        hint = " (schema.org terms use https://schema.org/)" if "://schema.org/" in iri else ""
        return f"{role} <{iri}> is in a namespace with no vocabulary file{hint}"
    if term not in vocab.terms[ns]:
        return f"{role} {short(term)} is not defined in its vocabulary"
    if role == "predicate" and term not in vocab.properties:
        return f"predicate {short(term)} is defined, but not as a property"
    if role == "class" and term not in vocab.classes:
        return f"class {short(term)} is defined, but not as a class"
    return None


def undefined_terms(graph: Graph, vocab: Vocab) -> list[str]:
    """Predicates, rdf:type classes, literal datatypes and vocabulary-IRI objects not defined anywhere."""
    found: set[str] = set()
    for _, p, o in graph:
        checks: list[tuple[Node, str]] = [(p, "predicate")]
        if p == RDF.type:
            checks.append((o, "class"))
        elif isinstance(o, Literal):
            if o.datatype is not None:
                checks.append((o.datatype, "datatype"))
        else:
            checks.append((o, "object"))
        found.update(msg for term, role in checks if (msg := _term_problem(term, vocab, role)))
    return sorted(found)


def _literal_fits(lit: Literal, rng: URIRef, vocab: Vocab) -> bool:
    """Whether a literal is a sensible value for the schema.org data type `rng`."""
    datatype = RDF.langString if lit.language else (lit.datatype or XSD.string)
    ancestors = vocab.ancestors(rng)
    accepted = next((ok for base, ok in LITERAL_RANGES if base in ancestors), frozenset())
    return datatype in accepted and not getattr(lit, "ill_typed", False)


def _fits_range(graph: Graph, obj: Node, ranges: frozenset[URIRef], vocab: Vocab) -> bool:
    """schema.org range semantics: literal data types, class membership, Role in the middle, IRI as URL."""
    if isinstance(obj, Literal):
        return any(_literal_fits(obj, r, vocab) for r in ranges)
    is_url_range = any(S["URL"] in vocab.ancestors(r) for r in ranges)
    types = set(graph.objects(obj, RDF.type))
    if not types:  # an untyped IRI is a link, and nothing else
        return isinstance(obj, URIRef) and is_url_range
    closure = vocab.closure(types)
    if closure & ranges or S["Role"] in closure or S["Thing"] in ranges:
        return True
    # Link-only properties (schema:url, schema:sameAs) may point at nodes the graph also describes.
    only_literals = all(any(b in vocab.ancestors(r) for b, _ in LITERAL_RANGES) for r in ranges)
    return isinstance(obj, URIRef) and is_url_range and only_literals


def schema_problems(graph: Graph, vocab: Vocab) -> list[str]:
    """Every schema.org triple whose subject is outside the domain or whose object is outside the range."""
    found: set[str] = set()
    for cls in set(graph.objects(None, RDF.type)):
        if cls in vocab.superseded:
            found.add(f"class {short(cls)} is superseded by {short(vocab.superseded[cls])}")

    def names(nodes: frozenset[URIRef] | set[Node]) -> str:
        return "[" + ", ".join(sorted(short(n) for n in nodes)) + "]"

    for s, p, o in graph:
        if not str(p).startswith(SCHEMA) or p == RDF.type:
            continue
        triple = f"{short(s)} {short(p)} {short(o)}"
        if p in vocab.superseded:
            found.add(f"{triple}: property {short(p)} is superseded by {short(vocab.superseded[p])}")
        if p not in vocab.domains and p not in vocab.ranges:
            found.add(f"{triple}: {short(p)} is not a schema.org property")
            continue
        s_types = set(graph.objects(s, RDF.type))
        domains = vocab.domains.get(p, frozenset())
        closure = vocab.closure(s_types)
        if domains and S["Role"] not in closure and not closure & domains:
            found.add(f"{triple}: subject types {names(s_types)} not within domainIncludes {names(domains)}")
        ranges = vocab.ranges.get(p, frozenset())
        if ranges and not _fits_range(graph, o, ranges, vocab):
            what = "literal" if isinstance(o, Literal) else f"node typed {names(set(graph.objects(o, RDF.type)))}"
            found.add(f"{triple}: object ({what}) does not fit rangeIncludes {names(ranges)}")
    return sorted(found)
