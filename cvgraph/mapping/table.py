"""``ontology/mapping.yaml``: loaded, checked against the record format, compiled.

The table (its format is described in its header) says which records make which nodes and which
field becomes which term. It is checked when loaded as a CV is: every problem is reported as
``file:line:column where: message (hint: …)``, and the walker (:mod:`cvgraph.mapping`) only ever
sees a compiled, consistent :class:`Table`. What a field holds (its type, what a reference names)
comes from :mod:`cvgraph.spec`, so the table cannot map a field that does not exist or convert
a value to what it cannot be.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvgraph.errors import Problem, RecordError
from cvgraph.iri import http_iri_problem, iri_problem
from cvgraph.mapping.rules import AS, HOOKS, Preds, Rule, check_rule
from cvgraph.mapping.template import Template, TemplateError
from cvgraph.rdf.terms import IRI, Lit
from cvgraph.records.spec import FORMAT, IDENTITY, F, close_matches, item, item_fields
from cvgraph.records.yamlsafe import Loaded, load_yaml
from cvgraph.resources import bundled

__all__ = [
    "AS",
    "HOOKS",
    "Child",
    "Link",
    "MappingError",
    "NodeKind",
    "Rule",
    "Table",
    "load_table",
    "table_path",
]

View = dict[str, F]  # the fields of a node's record, by key
YamlPath = tuple[Any, ...]  # keys and list positions from the top of the file

KIND_KEYS = ("each", "iri", "when", "types", "types_by", "constants", "constants_by", "from_owner", "fields",
             "fields_by", "links", "nodes")
TOP_KEYS = ("prefixes", "used_prefixes", "local_prefixes", "tables")
WALKER_NAMES = ("n", "parent", "local")  # what an IRI template may name besides fields


class MappingError(RecordError):
    """The mapping table is broken; ``problems`` locates each problem in it."""


@dataclass(frozen=True)
class Link:
    preds: Preds
    to: str  # "owner" or "parent"


@dataclass(frozen=True)
class Child:
    kind: str
    each: str  # a key of the record, or "."
    preds: Preds  # from the parent to the child
    several: bool  # number the children only when there are several


@dataclass
class NodeKind:
    name: str
    each: str | None = None  # top-level kinds: the section ("." the whole file)
    iri: Template | None = None
    identity: str | None = None  # a spec.IDENTITY section: named by it
    when: tuple[str, ...] = ()
    types: tuple[IRI, ...] = ()
    types_by: dict[str, tuple[IRI, ...]] = field(default_factory=dict)
    constants: tuple[tuple[IRI, Lit], ...] = ()
    constants_by: dict[str, tuple[tuple[IRI, Lit], ...]] = field(default_factory=dict)
    from_owner: Preds = ()
    rules: tuple[Rule, ...] = ()
    rules_by: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    children: tuple[Child, ...] = ()
    views: list[tuple[View, View | None]] = field(default_factory=list)  # (its record's, its parent's)


@dataclass
class Table:
    file: str
    data: dict[str, Any]  # as loaded (prefixes, local_prefixes, tables, kinds)
    prefixes: dict[str, str]  # every prefix, local ones included
    kinds: dict[str, NodeKind]
    top: tuple[NodeKind, ...]


def table_path() -> Path:
    return bundled("ontology") / "mapping.yaml"


def load_table(path: str | Path | None = None, text: str | None = None) -> Table:
    """Load, check and compile a mapping table (default: the bundled one); raise
    :class:`MappingError` listing every problem."""
    loaded = load_yaml(path or table_path(), text)
    checker = _Checker(loaded)
    result = checker.table()
    if checker.problems or result is None:
        unique = {str(p): p for p in checker.problems}
        raise MappingError(list(unique.values()))
    return result


class _Checker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.prefixes: dict[str, str] = {}
        self.tables: dict[str, dict[str, str]] = {}
        self.kinds: dict[str, NodeKind] = {}
        self.raw: dict[str, Any] = {}
        self.making: list[str] = []  # the kinds being compiled, outermost first

    def fail(self, path: YamlPath, message: str, hint: str = "") -> None:
        self.problems.append(self.loaded.problem(path, message, hint))

    def mapping(self, value: object, path: YamlPath, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(path, f"expected {what}, got {_kind(value)}")
        return None

    def unknown(self, path: YamlPath, key: str, allowed: tuple[str, ...] | list[str], what: str) -> None:
        close = close_matches(key, allowed, 1, 0.6)
        self.fail(path, f"unknown {what} {key!r}",
                  f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(allowed))

    # -- the file ------------------------------------------------------------------------------
    def table(self) -> Table | None:
        data = self.mapping(self.loaded.data, (), "a mapping of prefixes and node kinds")
        if data is None:
            return None
        self.raw = data
        for key in ("prefixes", "used_prefixes", "local_prefixes"):
            for prefix, iri in (self.mapping(data.get(key, {}), (key,), "prefix: IRI lines") or {}).items():
                if not isinstance(iri, str) or http_iri_problem(iri) is not None:
                    self.fail((key, prefix), "expected an http(s) IRI")
                else:
                    self.prefixes[prefix] = iri
        for name, rows in (self.mapping(data.get("tables", {}), ("tables",), "named tables") or {}).items():
            rows = self.mapping(rows, ("tables", name), "a table of text: IRI lines") or {}
            self.tables[name] = {str(k): str(v) for k, v in rows.items()}
            for k, v in rows.items():
                if iri_problem(str(v)) is not None:
                    self.fail(("tables", name, k), f"{v!r} is not an IRI ({iri_problem(str(v))})")
        names = [k for k in data if k not in TOP_KEYS]
        for name in names:
            self.mapping(data[name], (name,), "a node kind (a mapping with iri:, types:, fields:, …)")
        top = []
        for name in names:
            spec = data[name]
            if isinstance(spec, dict) and "each" in spec:
                view = self.section_view(spec["each"], (name, "each"))
                if view is not None:
                    top.append(self.kind(name, view, None, (name,)))
        for name in names:
            if name not in self.kinds and isinstance(data[name], dict) and "each" not in data[name]:
                self.fail((name,), f"node kind {name!r} is never made",
                          "give it each: (a CV section), or list it under another kind's nodes:")
        return Table(self.loaded.file, data, dict(self.prefixes), self.kinds, tuple(top))

    def section_view(self, each: object, path: YamlPath) -> View | None:
        if each == ".":
            return dict(FORMAT)
        if not isinstance(each, str) or each not in FORMAT:
            self.unknown(path, str(each), list(FORMAT), "CV section")
            return None
        return item_fields(FORMAT[each]) or None

    # -- one kind --------------------------------------------------------------------------------
    def kind(self, name: str, view: View, parent: View | None, path: YamlPath) -> NodeKind:
        """Compile kind ``name`` for records of ``view`` (checked again for every other view)."""
        if name in self.making:
            self.fail(path, f"node kind {name!r} is made inside itself ({' > '.join([*self.making, name])})",
                      "a kind's nodes: cannot lead back to it")
            return self.kinds[name]
        seen = self.kinds.get(name)
        if seen is not None:
            if all(v is not view for v, _ in seen.views):
                seen.views.append((view, parent))
                self.making.append(name)
                self.compile(name, view, parent, path)  # the same rules must hold for this record too
                self.making.pop()
            return seen
        kind = NodeKind(name, views=[(view, parent)])
        self.kinds[name] = kind
        self.making.append(name)
        compiled = self.compile(name, view, parent, path)
        self.making.pop()
        for attr in ("each", "iri", "identity", "when", "types", "types_by", "constants", "constants_by",
                     "from_owner", "rules", "rules_by", "links", "children"):
            setattr(kind, attr, getattr(compiled, attr))
        return kind

    def compile(self, name: str, view: View, parent: View | None, path: YamlPath) -> NodeKind:
        spec = self.raw[name] if isinstance(self.raw.get(name), dict) else {}
        kind = NodeKind(name)
        for key in spec:
            if key not in KIND_KEYS:
                self.unknown((*path, key), key, KIND_KEYS, "key")
        if "each" in spec and parent is not None:
            self.fail((*path, "each"), "each: is for top-level kinds", "a child kind's records come "
                      "from its parent's nodes: entry")
        kind.each = spec.get("each")
        kind.identity = kind.each if kind.each in IDENTITY else None
        kind.iri = self.iri(spec, view, kind, path)
        kind.when = tuple(self.keys(spec.get("when", []), view, (*path, "when")))
        enum = _kinds(view)
        kind.types = self.curies(spec.get("types", []), (*path, "types"))
        kind.types_by = {k: self.curies(v, (*path, "types_by", k)) for k, v in self.by_kind(spec, "types_by", enum, path)}
        kind.constants = self.constants(spec.get("constants", {}), (*path, "constants"))
        kind.constants_by = {k: self.constants(v, (*path, "constants_by", k))
                             for k, v in self.by_kind(spec, "constants_by", enum, path)}
        kind.from_owner = self.preds(spec["from_owner"], (*path, "from_owner")) if "from_owner" in spec else ()
        kind.rules = self.rules(spec.get("fields", {}), view, parent, (*path, "fields"))
        kind.rules_by = {k: self.rules(v, view, parent, (*path, "fields_by", k))
                         for k, v in self.by_kind(spec, "fields_by", enum, path)}
        kind.links = self.links(spec.get("links", {}), parent is not None, (*path, "links"))
        kind.children = self.children(spec.get("nodes", {}), view, (*path, "nodes"))
        if "iri" not in spec and kind.identity is None:
            for key in ("types", "types_by", "from_owner", "links", "nodes", "constants"):
                if key in spec:
                    self.fail((*path, key), f"a kind without iri: makes no node, so it cannot have {key}:",
                              "give it an iri:")
            for rule in kind.rules:
                if rule.on is None:
                    self.fail((*path, "fields"), "a kind without iri: makes no node: each rule needs on:",
                              "give the kind an iri:, or the rules on: owner")
                    break
        return kind

    def iri(self, spec: dict[str, Any], view: View, kind: NodeKind, path: YamlPath) -> Template | None:
        if "iri" not in spec:
            return None
        if kind.identity is not None:
            self.fail((*path, "iri"), f"{kind.identity} entries are named as spec.IDENTITY says",
                      "remove iri: (their IRI is their global identifier, else D#…)")
            return None
        template = self.template(spec["iri"], (*path, "iri"))
        if template is not None:
            for ph in template.placeholders:
                for alt in ph.alternatives:
                    if len(alt) > 1:
                        self.fail((*path, "iri"), f"{{{ph.expr}}}: an IRI is made of the record's own fields",
                                  f"write {{{alt[0]}}}")
                    elif alt[0] not in WALKER_NAMES:
                        self.path_in(alt, view, (*path, "iri"))
        return template

    def template(self, text: object, path: YamlPath) -> Template | None:
        if not isinstance(text, str):
            self.fail(path, f"expected a template text, got {_kind(text)}")
            return None
        try:
            return Template.parse(text)
        except TemplateError as exc:
            self.fail(path, str(exc), "see the placeholders in the header of the table")
            return None

    def path_in(self, dotted: tuple[str, ...], view: View, path: YamlPath) -> None:
        key = dotted[0]
        if key not in view:
            self.unknown(path, key, list(view), "field")
        elif len(dotted) > 2 or (len(dotted) == 2 and not item(view[key]).to):
            self.fail(path, f"{'.'.join(dotted)}: only a reference has fields ({key}.name)")

    def keys(self, value: object, view: View, path: YamlPath) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            self.fail(path, f"expected a list of keys, got {_kind(value)}")
            return []
        for k in value:
            if k not in view:
                self.unknown(path, k, list(view), "field")
        return value

    def by_kind(self, spec: dict[str, Any], key: str, enum: tuple[str, ...], path: YamlPath) -> list[tuple[str, Any]]:
        rows = self.mapping(spec.get(key, {}), (*path, key), "kind: … lines") or {}
        for k in rows:
            if k not in enum:
                self.unknown((*path, key, k), k, enum or ("(this record has no kind)",), "kind")
        return [(k, v) for k, v in rows.items() if k in enum]

    # -- terms -----------------------------------------------------------------------------------
    def curie(self, value: object, path: YamlPath) -> IRI | None:
        if not isinstance(value, str) or ":" not in value:
            self.fail(path, f"expected a term such as schema:name, got {value!r}")
            return None
        prefix, _, local = value.partition(":")
        if prefix not in self.prefixes:
            self.unknown(path, prefix, list(self.prefixes), "prefix")
            return None
        problem = iri_problem(self.prefixes[prefix] + local) if local else "it names no term"
        if problem is not None:
            self.fail(path, f"{value!r} is not a term ({problem})")
            return None
        return IRI(self.prefixes[prefix] + local)

    def curies(self, value: object, path: YamlPath) -> tuple[IRI, ...]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of classes, got {_kind(value)}", "write [schema:Thing, …]")
            return ()
        return tuple(c for i, v in enumerate(value) if (c := self.curie(v, (*path, i))) is not None)

    def preds(self, value: object, path: YamlPath) -> Preds:
        if isinstance(value, str):
            one = self.curie(value, path)
            return (one,) if one else ()
        if isinstance(value, list) and value:
            return tuple(c for i, v in enumerate(value) if (c := self.curie(v, (*path, i))) is not None)
        self.fail(path, f"expected a predicate or a list of predicates, got {_kind(value)}")
        return ()

    def constants(self, value: object, path: YamlPath) -> tuple[tuple[IRI, Lit], ...]:
        out = []
        for p, text in (self.mapping(value, path, "predicate: text lines") or {}).items():
            pred = self.curie(p, (*path, p))
            if not isinstance(text, str):
                self.fail((*path, p), f"expected a text, got {_kind(text)}")
            elif pred:
                out.append((pred, Lit(text)))
        return tuple(out)

    # -- rules, links, children --------------------------------------------------------------------
    def rules(self, value: object, view: View, parent: View | None, path: YamlPath) -> tuple[Rule, ...]:
        out: list[Rule] = []
        for key, spec in (self.mapping(value, path, "record key: rule lines") or {}).items():
            of_parent = key.startswith("^")
            where = parent if of_parent else view
            if where is None:
                self.fail((*path, key), f"{key}: a top-level kind has no parent record")
                continue
            if key.lstrip("^") not in where:
                self.unknown((*path, key), key.lstrip("^"), list(where), "field")
                continue
            specs = spec if isinstance(spec, list) else [spec]
            for i, one in enumerate(specs):
                rule = check_rule(self, key.lstrip("^"), of_parent, where, one,
                                  path + (key,) + ((i,) if isinstance(spec, list) else ()))
                if rule is not None:
                    out.append(rule)
        return tuple(out)

    def links(self, value: object, has_parent: bool, path: YamlPath) -> tuple[Link, ...]:
        out = []
        for name, spec in (self.mapping(value, path, "name: {p: predicate(s), to: owner|parent} lines") or {}).items():
            if not isinstance(spec, dict):
                self.fail((*path, name), f"a link is {{p: predicate(s), to: owner|parent}}, got {_kind(spec)}",
                          f"write {name}: {{p: {spec if isinstance(spec, str) else '…'}, to: owner}}")
                continue
            for key in spec:
                if key not in ("p", "to"):
                    self.unknown((*path, name, key), key, ("p", "to"), "key")
            to = spec.get("to")
            if to not in ("owner", "parent") or (to == "parent" and not has_parent):
                self.fail((*path, name, "to") if "to" in spec else (*path, name),
                          f"to: {to!r}: a link goes to owner" + (" or parent" if has_parent else ""),
                          "write to: owner" + (" or to: parent" if has_parent else ""))
                continue
            if "p" not in spec:
                self.fail((*path, name), "missing predicate p:", "add p: schema:…")
                continue
            out.append(Link(self.preds(spec["p"], (*path, name, "p")), to))
        return tuple(out)

    def children(self, value: object, view: View, path: YamlPath) -> tuple[Child, ...]:
        out = []
        for name, spec in (self.mapping(value, path, "kind: {each: key} lines") or {}).items():
            spec = self.mapping(spec, (*path, name), "{each: key, p: predicate(s)}")
            if spec is None:
                continue
            if name not in self.raw or name in TOP_KEYS:
                self.unknown((*path, name), name, [k for k in self.raw if k not in TOP_KEYS], "node kind")
                continue
            for key in spec:
                if key not in ("each", "p", "number"):
                    self.unknown((*path, name, key), key, ("each", "p", "number"), "key")
            each = spec.get("each")
            if each != "." and each not in view:
                self.unknown((*path, name, "each"), str(each), [".", *view], "field")
                continue
            if spec.get("number", "several") != "several":
                self.fail((*path, name, "number"), "number: takes only 'several'")
            child_view = view if each == "." else (item_fields(view[each]) or {**view, each: item(view[each])})
            self.kind(name, child_view, view, (name,))
            preds = self.preds(spec["p"], (*path, name, "p")) if "p" in spec else ()
            out.append(Child(name, each, preds, "number" in spec))
        return tuple(out)


def _kinds(view: View) -> tuple[str, ...]:
    """The values the records' `kind` may take."""
    return tuple(view["kind"].enum) if "kind" in view else ()


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
            type(None): "nothing", str: "text"}.get(type(value), type(value).__name__)

