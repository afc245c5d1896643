"""Records → triples, driven by the table in ``ontology/mapping.yaml``.

The table says which records make which nodes, how each node is named and which field becomes
which term (:mod:`cvgraph.mapping.table` loads and checks it); this module only walks it, with
two named hooks for what a table cannot say (an author list as an ``rdf:List``, a page range).
No rdflib here: the output is a sorted, duplicate-free list of :mod:`cvgraph.terms` triples.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cvgraph.errors import CvgraphError
from cvgraph.iri import IRIError, check_iri, iri_problem
from cvgraph.mapping.rules import Rule
from cvgraph.mapping.table import Child, NodeKind, Table, load_table
from cvgraph.mapping.template import Placeholder
from cvgraph.rdf.terms import IRI, RDF, XSD, Blank, Lit, Term, Triple, ordered
from cvgraph.records.ids import slug
from cvgraph.records.loader import CV
from cvgraph.records.spec import FORMAT, IDENTITY, OWNER, identifier_iri, item_fields

__all__ = ["compiled", "date", "document_iri", "money", "page_range", "triples", "unique_slugs", "work_iri"]

_TYPE = IRI(RDF + "type")
_FIRST, _REST, _NIL = IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")
_DATE_TYPES = (XSD + "gYear", XSD + "gYearMonth", XSD + "date")


# the kind of field that names each section's entries globally (spec.IDENTITY): its IRI template
_GLOBAL_KINDS = {section: (item_fields(FORMAT[section]) or {})[key].kind
                 for section, (_, key) in IDENTITY.items() if key}


@lru_cache(maxsize=1)
def compiled() -> Table:
    """The mapping table (``ontology/mapping.yaml``), loaded and checked once."""
    return load_table()


def date(value: str) -> Lit:
    """A date typed by its precision: gYear, gYearMonth or date."""
    return Lit(value, _DATE_TYPES[value.count("-")])


def document_iri(cv: CV, base: str | None = None) -> str:
    """The IRI local hash IRIs are minted under: ``base``, else the CV's ``base:``/homepage."""
    doc = base or cv.base
    if not doc:
        raise CvgraphError(f"{cv.file}: no document IRI: set person.homepage or base: in the file, "
                           "or pass --base https://…")
    if base:
        check_iri(base, "--base", http=True)
    return doc.split("#")[0]


def unique_slugs(texts: Iterable[str]) -> dict[str, str]:
    """Slug per text, distinct for distinct texts: where two texts share a slug ("C++" and
    "C#" are both ``c``), each gets a short hash of its text appended."""
    by_slug: dict[str, set[str]] = {}
    for text in set(texts):
        by_slug.setdefault(slug(text), set()).add(text)
    return {text: s if len(group) == 1 else f"{s}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
            for s, group in by_slug.items() for text in group}


@dataclass
class _Node:
    """One node to make: its kind, its record (for a value of a list, the parent's record with
    that value in place of the list), its parent, its position; its IRI once named."""

    kind: NodeKind
    record: dict[str, Any]
    parent: _Node | None
    via: Child | None
    n: str
    iri: IRI | None = None
    local: str = ""  # its own D#… form, before a global identifier wins


class _Walker:
    def __init__(self, cv: CV, doc: str, table: Table) -> None:
        self.cv, self.doc, self.t = cv, doc, table
        self.out: set[Triple] = set()
        self.iris: dict[tuple[str, str], IRI] = {}
        self.owner = self.named("person", OWNER, cv.data.get("person") or {})
        self.slugs: dict[tuple[str, str], dict[str, str]] = {}

    # -- identity ---------------------------------------------------------------------------------
    def named(self, section: str, ident: str, entry: Mapping[str, Any] | None) -> IRI:
        """An entry's node: the IRI of its global identifier, else its hash IRI (spec.IDENTITY)."""
        local, key = IDENTITY[section]
        if key and entry and entry.get(key):
            return IRI(identifier_iri(_GLOBAL_KINDS[section], entry[key]))
        return IRI(self.doc + local.format(id=ident))

    def entry(self, target: str, ident: str) -> dict[str, Any] | None:
        if target == "publications":
            return self.cv.publications.get(ident)
        return self.cv.registries.get(target, {}).get(ident)

    def iri(self, target: str, ident: str) -> IRI:
        """The node a reference names: the owner, a shared registry's person, or the entry's own."""
        found = self.iris.get((target, ident))
        if found is None:
            if target == "people" and ident == OWNER:
                found = self.owner
            elif target == "people" and ident in self.cv.person_iris:
                found = IRI(self.cv.person_iris[ident])
            else:
                found = self.named(target, ident, self.entry(target, ident))
            self.iris[(target, ident)] = found
        return found

    def canonical_name(self, ident: str, target: str) -> str:
        if target == "people" and ident == OWNER:
            return str(self.cv.data["person"]["name"])
        return str(self.cv.registries[target][ident]["name"])

    # -- the nodes ------------------------------------------------------------------------------------
    def run(self) -> set[Triple]:
        nodes = [node for kind in self.t.top for node in self.expand(
            kind, self.cv.data if kind.each == "." else self.cv.data.get(kind.each or ""), None, None)]
        texts: dict[tuple[str, str], set[str]] = {}
        for node in nodes:
            for ph in node.kind.iri.placeholders if node.kind.iri else ():
                if ph.filter == "unique":
                    text = next((v for alt in ph.alternatives if (v := self.lookup(node.record, {}, alt))), None)
                    if text:
                        texts.setdefault((node.kind.name, ph.expr), set()).add(text)
        self.slugs = {key: unique_slugs(group) for key, group in texts.items()}
        for node in nodes:  # parents come before their children
            self.name(node)
        for node in nodes:
            self.emit(node)
        return self.out

    def expand(self, kind: NodeKind, source: object, parent: _Node | None, via: Child | None) -> Iterator[_Node]:
        """The nodes ``kind`` makes of ``source`` (a record, a list of them, or a field's value), and
        theirs."""
        items = source if isinstance(source, list) else [] if source is None else [source]
        for i, value in enumerate(items, 1):
            if isinstance(value, dict):
                record = value
            elif parent is not None and via is not None:
                record = {**parent.record, via.each: value}
            else:
                continue
            if kind.when and not any(record.get(k) for k in kind.when):
                continue
            node = _Node(kind, record, parent, via, "" if via and via.several and len(items) == 1 else str(i))
            yield node
            for child in kind.children:
                yield from self.expand(self.t.kinds[child.kind],
                                       record if child.each == "." else record.get(child.each), node, child)

    def name(self, node: _Node) -> None:
        kind = node.kind
        if kind.identity is not None:
            ident = OWNER if kind.identity == "person" else node.record["id"]
            node.local = IDENTITY[kind.identity][0].format(id=ident)
            node.iri = self.owner if kind.identity == "person" else self.iri(kind.identity, ident)
        elif kind.iri is not None:
            def value(path: tuple[str, ...]) -> str | None:
                if path[0] == "n":
                    return node.n
                if path[0] in ("parent", "local") and node.parent is not None:
                    parent = node.parent
                    return parent.iri.value if path[0] == "parent" and parent.iri else parent.local
                return self.lookup(node.record, {}, path)

            text = kind.iri.render(value, self.filtered(kind))
            if text is not None:
                node.local = text
                node.iri = IRI(self.doc + text if not text or text.startswith("#") else text)

    def filtered(self, kind: NodeKind) -> Callable[[Placeholder, str], str]:
        def apply(ph: Placeholder, text: str) -> str:
            return self.slugs[(kind.name, ph.expr)][text] if ph.filter == "unique" else slug(text)
        return apply

    def lookup(self, record: dict[str, Any], refs: dict[str, str], path: tuple[str, ...]) -> str | None:
        """A dotted path's value as text: a field, or a field of the entry a reference names."""
        value = record.get(path[0])
        if value is not None and len(path) == 2:
            entry = self.entry(refs[path[0]], value)
            value = entry.get(path[1]) if entry else None
        return None if value is None else str(value)

    # -- the triples ---------------------------------------------------------------------------------
    def add(self, s: Term, p: IRI, o: Term) -> None:
        self.out.add((s, p, o))

    def emit(self, node: _Node) -> None:
        kind, s, record = node.kind, node.iri, node.record
        which = str(record.get("kind"))
        add = self.out.add
        if s is not None:
            for cls in kind.types + kind.types_by.get(which, ()):
                add((s, _TYPE, cls))
            for p, text in kind.constants + kind.constants_by.get(which, ()):
                add((s, p, text))
            for p in kind.from_owner:
                add((self.owner, p, s))
            if node.parent is not None and node.parent.iri is not None and node.via is not None:
                for p in node.via.preds:
                    add((node.parent.iri, p, s))
            for link in kind.links:
                target = self.owner if link.to == "owner" else node.parent.iri if node.parent else None
                if target is not None:
                    for p in link.preds:
                        add((s, p, target))
        parent = node.parent.record if node.parent else {}
        for rules in (kind.rules, kind.rules_by.get(which, ())):
            for rule in rules:
                if (parent if rule.of_parent else record).get(rule.key) is not None:
                    self.apply(rule, node)

    def apply(self, rule: Rule, node: _Node) -> None:
        record = node.parent.record if rule.of_parent and node.parent else node.record
        value = record.get(rule.key)
        if value is None or (rule.not_kinds and record.get("kind") in rule.not_kinds):
            return
        subject = node.iri if rule.on is None else self.owner if rule.on == "owner" else \
            self.iri(rule.refs[rule.on], record[rule.on]) if record.get(rule.on) is not None else None
        if subject is None:
            return
        if rule.hook is not None:
            _HOOKS[rule.hook](self, subject, rule, value, record)
            return
        values: list[Any] = value if isinstance(value, list) else [value]
        objects: list[Term | None] = [self.value(rule, record, v) for v in values]
        if rule.join is not None:  # one literal of them all
            values, objects = [None], [Lit(rule.join.join(t.value for t in objects if isinstance(t, Lit)))]
        add = self.out.add
        for v, obj in zip(values, objects, strict=True):
            if obj is None or (rule.not_self and obj == subject):
                continue
            preds = rule.preds_by.get(str((self.entry(rule.field.to, v) or {}).get("kind")), ()) \
                if rule.preds_by else rule.preds
            for p in preds:
                add((subject, p, obj))

    def value(self, rule: Rule, record: dict[str, Any], v: object) -> Term | None:
        how, kind = rule.how, rule.field.kind
        if how == "text":
            if rule.text is None:
                return Lit(v if type(v) is str else str(v))
            text = rule.text.render(lambda path: self.lookup({**record, rule.key: v}, rule.refs, path))
            return None if text is None else Lit(text)
        if how == "lower":
            return Lit(str(v).lower())
        if how == "date":  # an ongoing end has no date; a term is dated by its year
            return None if v == "present" else date(str(v)[-4:] if kind == "term" else str(v))
        if how in ("iri", "iri_text"):
            iri = identifier_iri(kind, str(v))
            return IRI(iri) if how == "iri" else Lit(iri)
        if how == "flag":  # only `true` says something
            return Lit("true", XSD + "boolean") if v is True else None
        if how == "lookup" and rule.lookup is not None:
            found = rule.lookup.get(re.sub(r"[^a-z]", "", str(v).lower()))
            return IRI(found) if found else None
        # a reference; in an author record, one the loader marked org: True names an organisation
        target = "organizations" if record.get("org") is True and rule.key == "ref" else rule.field.to
        return self.iri(target, str(v))


def _agent_list(w: _Walker, s: Term, rule: Rule, people: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """schema:author (or editor) to each, and the same nodes as an rdf:List in printed order; no
    list where the record's ``partial`` flag says the list is incomplete (no positions asserted)."""
    targets = ["organizations" if a.get("org") else "people" for a in people]
    nodes = [w.iri(target, a["ref"]) for target, a in zip(targets, people, strict=False)]
    for a, target, printed in zip(nodes, targets, people, strict=False):
        for p in rule.preds:
            w.add(s, p, a)
        if printed["name"] != w.canonical_name(printed["ref"], target):  # a printed variant
            for p in rule.params["printed"]:
                w.add(a, p, Lit(printed["name"]))
    # list cells: labelled from the work and its authors, so CVs merged into one graph share a
    # list only where they list the same authors for the same work (a conflict stays visible)
    assert isinstance(s, IRI)
    digest = hashlib.sha1("\0".join([s.value] + [a.value for a in nodes]).encode()).hexdigest()[:16]
    partial = rule.params.get("partial")
    cells = [] if partial and record.get(partial) is True else \
        [Blank(f"{rule.params['cells']}{digest}-{i}") for i in range(1, len(nodes) + 1)]
    if cells:
        for p in rule.params["list"]:
            w.add(s, p, cells[0])
    for i, (cell, a) in enumerate(zip(cells, nodes, strict=False)):
        w.add(cell, _FIRST, a)
        w.add(cell, _REST, cells[i + 1] if i + 1 < len(cells) else _NIL)


def page_range(pages: str) -> tuple[str | None, str | None]:
    """A range's first and last page, or a single page (its first page); (None, None) for
    anything else (the pages stay as written, e.g. in schema:pagination)."""
    found = re.fullmatch(r"\s*(\w+)\s*(?:[-–—]+\s*(\w+)\s*)?", pages or "")
    return (found.group(1), found.group(2)) if found else (None, None)


def _page_range(w: _Walker, s: Term, rule: Rule, pages: str, record: dict[str, Any]) -> None:
    first, last = page_range(pages)
    if first:
        w.add(s, rule.preds[0], Lit(first))
    if last:
        w.add(s, rule.preds[1], Lit(last))


_MONEY = re.compile(r"\s*(?:([A-Z]{3})\s+)?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(?:\s+([A-Z]{3}))?\s*")


def money(text: str) -> tuple[str, str] | None:
    """``(value, ISO 4217 currency)`` of an amount written "500000 USD", "500,000 USD" or
    "USD 500000"; None for anything else (a currency symbol says too little: $ is also CAD).

    >>> money("1,250,000.50 EUR"), money("USD 7"), money("$500,000"), money("5 USD EUR")
    (('1250000.50', 'EUR'), ('7', 'USD'), None, None)
    """
    found = _MONEY.fullmatch(text)
    if not found or bool(found.group(1)) == bool(found.group(4)):
        return None
    return found.group(2).replace(",", "") + (found.group(3) or ""), found.group(1) or found.group(4)


def _money(w: _Walker, s: Term, rule: Rule, text: str, record: dict[str, Any]) -> None:
    """An amount as a node of its own (``<s>-amount``: value and currency), else as text."""
    parsed = money(text)
    if parsed is None or not isinstance(s, IRI):
        for p in rule.params["otherwise"]:
            w.add(s, p, Lit(f"amount: {text}"))
        return
    node = IRI(s.value + "-amount")
    for p in rule.preds:
        w.add(s, p, node)
    for cls in rule.params["class"]:
        w.add(node, _TYPE, cls)
    for p in rule.params["value"]:
        w.add(node, p, Lit(parsed[0], XSD + "decimal"))
    for p in rule.params["currency"]:
        w.add(node, p, Lit(parsed[1]))


_HOOKS: dict[str, Callable[[_Walker, Term, Rule, Any, dict[str, Any]], None]] = {
    "agent_list": _agent_list, "page_range": _page_range, "money": _money}


def work_iri(cv: CV, pub_id: str, base: str | None = None) -> IRI:
    """The node of one of the CV's publications (its DOI IRI, or its hash IRI)."""
    return _Walker(cv, document_iri(cv, base), compiled()).iri("publications", pub_id)


def triples(cv: CV, base: str | None = None, table: Table | None = None) -> list[Triple]:
    """All triples of one CV, sorted (deterministic), without duplicates; by the bundled mapping
    table, or by ``table`` (another vocabulary: :func:`cvgraph.mapping.table.load_table`)."""
    return ordered(_guarded(cv, _Walker(cv, document_iri(cv, base), table or compiled()).run()))


def _guarded(cv: CV, made: set[Triple]) -> set[Triple]:
    """``made``, when every IRI in it is one (RFC 3987): the last check before a serialiser, a
    validator or a store sees them (the loader checks the fields; this catches what slips by)."""
    for iri in {t.value for triple in made for t in triple if isinstance(t, IRI)}:
        problem = iri_problem(iri)
        if problem is not None:
            raise IRIError(f"{cv.file}: internal error: the mapping made {iri!r}, which is not a valid IRI "
                           f"({problem}); nothing was written (please report it)")
    return made


