"""The simple SHACL property shapes (shapes/core.ttl) agree with the mapping table: a shape on a
class and a predicate is backed by a rule that emits that predicate on nodes of that class; a
date shape by a date rule; an organisation shape by a reference to organizations; and every
date the table emits on a shaped class has its date shape. So adding or dropping a field in one
and not the other fails here."""
from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from cvgraph.mapping.table import NodeKind, Table, load_table
from cvgraph.resources import bundled

SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")
SHAPES = Graph().parse(bundled("shapes") / "core.ttl", format="turtle")
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

# Dates the table emits on a shaped class without a date shape for that class, and why.
DCT_ISSUED = URIRef("http://purl.org/dc/terms/issued")
UNSHAPED_DATES = {
    (SCHEMA.ScholarlyArticle, DCT_ISSUED): "sh:equals schema:datePublished carries its shape",
    (SCHEMA.CreativeWork, DCT_ISSUED): "sh:equals schema:datePublished carries its shape",
    (SCHEMA.Thesis, DCT_ISSUED): "a published thesis is shaped as a schema:CreativeWork",
    (SCHEMA.Thesis, SCHEMA.datePublished): "a published thesis is shaped as a schema:CreativeWork",
    (SCHEMA.CourseInstance, SCHEMA.startDate): "the year of a term the loader checked (Spring 2023)",
    (SCHEMA.ProfilePage, SCHEMA.dateModified): "updated: is checked by the loader; not a promise of MODEL.md",
    **{(FABIO[c], p): "a paper's dates are shaped on its schema:ScholarlyArticle class"
       for c in ("ConferencePaper", "WorkshopPaper") for p in (DCT_ISSUED, SCHEMA.datePublished)},
}


def emitted(table: Table) -> dict[URIRef, dict[URIRef, set[str]]]:
    """class -> predicate -> how the table makes its values ("date", "ref:organizations", "node", …),
    over every kind of node and every `kind` of record."""
    out: dict[URIRef, dict[URIRef, set[str]]] = defaultdict(lambda: defaultdict(set))
    owner = [URIRef(c.value) for c in table.kinds["owner"].types]

    def put(classes: list[URIRef], preds: tuple, how: str) -> None:
        for c in classes:
            for p in preds:
                out[c][URIRef(p.value)].add(how)

    def variants(kind: NodeKind) -> list[tuple[list[URIRef], tuple]]:
        which = set(kind.types_by) | set(kind.rules_by) | set(kind.constants_by)
        return [([URIRef(c.value) for c in kind.types + kind.types_by.get(k, ())],
                 kind.rules + kind.rules_by.get(k, ())) for k in [None, *sorted(which)]]

    for kind in table.kinds.values():
        put(owner, kind.from_owner, "node")
        for classes, rules in variants(kind):
            for link in kind.links:
                put(classes, link.preds, "node")
            for p, _ in kind.constants:
                put(classes, (p,), "text")
            for child in kind.children:
                put(classes, child.preds, "node")
            for rule in rules:
                how = "ref:" + rule.field.to if rule.how == "ref" else rule.how
                preds = rule.preds + tuple(p for ps in rule.preds_by.values() for p in ps)
                preds += tuple(p for k in ("list", "printed") for p in rule.params.get(k, ()))
                put(owner if rule.on == "owner" else classes if rule.on is None else [], preds, how)
                if rule.hook == "money":  # the amount's own node, of the hook's class
                    put([URIRef(c.value) for c in rule.params["class"]],
                        rule.params["value"] + rule.params["currency"], "text")
    return out


def property_shapes() -> list[tuple[tuple[URIRef, ...], URIRef, URIRef]]:
    """(target classes, simple path, property shape) of every property shape with an IRI path, or
    with alternative IRI paths (one entry each: every alternative must be made somewhere)."""
    out = []
    for node in SHAPES.subjects(RDF.type, SH.NodeShape):
        classes = tuple(sorted(SHAPES.objects(node, SH.targetClass)))
        for ps in SHAPES.objects(node, SH.property):
            path = SHAPES.value(ps, SH.path)
            alternatives = SHAPES.value(path, SH.alternativePath) if not isinstance(path, URIRef) else None
            paths = [path] if isinstance(path, URIRef) else list(Collection(SHAPES, alternatives)) \
                if alternatives is not None else []
            out.extend((classes, p, ps) for p in paths if isinstance(p, URIRef) and classes)
    return sorted(out)


def is_date_shape(ps: URIRef) -> bool:
    if str(SHAPES.value(ps, SH.pattern) or "") != DATE_PATTERN:
        return False
    options = Collection(SHAPES, SHAPES.value(ps, SH["or"]))
    return {str(SHAPES.value(o, SH.datatype)).rsplit("#")[-1] for o in options} == {"gYear", "gYearMonth", "date"}


TERMS = emitted(load_table())
SHAPED = property_shapes()


@pytest.mark.parametrize(("classes", "path", "shape"), SHAPED,
                         ids=[f"{str(s).rsplit('#')[-1]}@{c[0].n3()}" for c, _, s in SHAPED])
def test_property_shape_is_backed_by_the_table(classes, path, shape):
    """On one of the node shape's target classes at least; as a date, or a reference, everywhere."""
    hows = [TERMS[c][path] for c in classes if path in TERMS.get(c, {})]
    assert hows, f"{shape}: the mapping never emits {path.n3()} on a {' or '.join(c.n3() for c in classes)}"
    made = set().union(*hows)
    if is_date_shape(shape):
        assert made == {"date"}, f"{shape} is a date shape, but the mapping makes {path.n3()} {made}"
    if SHAPES.value(shape, SH["class"]) == SCHEMA.Organization:
        assert made <= {"ref:organizations", "node"}, f"{shape}: {path.n3()} is made {made}"


def test_every_date_on_a_shaped_class_has_its_date_shape():
    shaped = {c for classes, _, _ in SHAPED for c in classes}
    dated = {(c, p) for c, preds in TERMS.items() if c in shaped for p, hows in preds.items() if "date" in hows}
    have = {(c, p) for classes, p, ps in SHAPED if is_date_shape(ps) for c in classes}
    missing = dated - have - set(UNSHAPED_DATES)
    assert not missing, f"dates without a date shape in shapes/core.ttl: {sorted(missing)}"
    assert set(UNSHAPED_DATES) <= dated - have, "UNSHAPED_DATES lists a date that is not emitted or now shaped"
