"""One field → term rule of ``ontology/mapping.yaml``: what it may say, checked against the
field's declaration in :mod:`cvgraph.spec` (a reference becomes a node, a date a typed date, an
identifier its IRI), and compiled into a :class:`Rule` for the walker."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Protocol

from cvgraph.mapping.template import Template
from cvgraph.rdf.terms import IRI
from cvgraph.records.spec import IRIS, F, item

__all__ = ["AS", "DATES", "HOOKS", "RULE_KEYS", "Preds", "Rule", "check_rule", "default_as"]

Preds = tuple[IRI, ...]
AS = ("text", "lower", "date", "iri", "iri_text", "flag", "ref")
HOOKS: dict[str, tuple[str, ...]] = {  # each hook's own keys
    "agent_list": ("list", "printed", "cells", "partial"), "page_range": (),
    "money": ("class", "value", "currency", "otherwise"),
}
_OPTIONAL = ("partial",)  # hook keys that may be left out
_TEXT_PARAMS = ("cells", "partial")  # hook keys that are not predicates: a label prefix, a field
RULE_KEYS = ("p", "as", "text", "join", "on", "not_kinds", "not_self", "lookup", "hook")
DATES = ("date", "enddate", "year", "term")  # field kinds that can be dates (a term: its year)
_TEXTS = ("str", "strs", "id", "identifier", "issn", "url", "email", "doi", "orcid", "ror", "arxiv", *DATES)
_CAN = {  # conversion -> the field kinds it takes
    "text": _TEXTS, "lower": _TEXTS, "date": DATES, "iri": tuple(IRIS), "iri_text": tuple(IRIS),
    "flag": ("bool",), "ref": ("ref",),
}


@dataclass(frozen=True)
class Rule:
    """One field → term rule of a node kind."""

    key: str  # the record key
    of_parent: bool  # `^key`: the parent node's record
    field: F  # one value of the field (a list's item)
    preds: Preds
    preds_by: dict[str, Preds]  # by the kind of the entry a reference names
    how: str  # an AS, "lookup" or "hook"
    text: Template | None = None
    join: str | None = None
    on: str | None = None  # "owner" or a reference key: the subject
    not_kinds: frozenset[str] = frozenset()
    not_self: bool = False
    lookup: dict[str, str] | None = None
    hook: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # the hook's own keys, predicates expanded
    refs: dict[str, str] = dataclasses.field(default_factory=dict)  # reference key -> what it names, of the record


class Checker(Protocol):
    tables: dict[str, dict[str, str]]

    def fail(self, path: tuple[Any, ...], message: str, hint: str = "") -> None: ...
    def unknown(self, path: tuple[Any, ...], key: str, allowed: tuple[str, ...] | list[str], what: str) -> None: ...
    def preds(self, value: object, path: tuple[Any, ...]) -> Preds: ...
    def template(self, text: object, path: tuple[Any, ...]) -> Template | None: ...
    def path_in(self, dotted: tuple[str, ...], view: dict[str, F], path: tuple[Any, ...]) -> None: ...


def default_as(one: F) -> str:
    """The conversion a field's type implies: references become nodes, dates typed dates."""
    if one.kind == "ref":
        return "ref"
    if one.kind in ("date", "enddate", "year"):
        return "date"
    return "flag" if one.kind == "bool" else "text"


def check_rule(c: Checker, key: str, of_parent: bool, view: dict[str, F], spec: object,
               path: tuple[Any, ...]) -> Rule | None:
    """Compile the rule ``spec`` for field ``key`` of records of ``view``; report what is wrong."""
    at_p = (*path, "p") if isinstance(spec, dict) else path  # a plain predicate is the rule itself
    if isinstance(spec, str):
        spec = {"p": spec}
    if not isinstance(spec, dict):
        c.fail(path, f"expected a predicate or {{p: …, as: …}}, got {_what(spec)}")
        return None
    hook = spec.get("hook")
    allowed = RULE_KEYS + (HOOKS.get(hook, ()) if isinstance(hook, str) else ())
    for k in spec:
        if k not in allowed:
            c.unknown((*path, k), k, allowed, "rule key")
    if "p" not in spec:
        c.fail(path, "missing predicate p:", "add p: schema:…")
        return None
    one = item(view[key])
    if one.kind == "obj":
        c.fail(path, f"{key} is a mapping of fields: map it as a node", f"list it under nodes: {{each: {key}}}")
        return None
    how = _how(c, spec, one, key, path)
    if how is None:
        return None
    preds, preds_by = _predicates(c, spec["p"], one, at_p)
    text = c.template(spec["text"], (*path, "text")) if "text" in spec else None
    for ph in text.placeholders if text else []:
        for alt in ph.alternatives:
            c.path_in(alt, view, (*path, "text"))
    if hook == "page_range" and len(preds) != 2:
        c.fail((*path, "p"), "page_range takes two predicates: [first page, last page]")
    partial = spec.get("partial")
    if partial is not None and (not isinstance(partial, str) or partial not in view or view[partial].kind != "bool"):
        c.fail((*path, "partial"), f"partial: {partial!r} is not a true/false field of this record",
               "name the record's flag that says the list is incomplete, e.g. partial: authors_incomplete")
    refs = {k: item(f).to for k, f in view.items() if item(f).kind == "ref"}
    return Rule(key, of_parent, one, preds, preds_by, how, text, _join(c, spec, view[key], path),
                _on(c, spec, view, path), _not_kinds(c, spec, view, path), spec.get("not_self") is True,
                c.tables.get(spec["lookup"]) if "lookup" in spec else None,
                hook if isinstance(hook, str) else None, _params(c, spec, hook, path), refs)


def _how(c: Checker, spec: dict[str, Any], one: F, key: str, path: tuple[Any, ...]) -> str | None:
    hook = spec.get("hook")
    if hook is not None:
        if hook not in HOOKS:
            c.unknown((*path, "hook"), str(hook), tuple(HOOKS), "hook")
            return None
        if (hook == "agent_list") != (one.kind == "author"):
            c.fail((*path, "hook"), f"hook {hook} does not take {key} (a {one.kind})",
                   "agent_list is for author lists, page_range for pages, money for amounts")
            return None
        return "hook"
    if one.kind == "author":
        c.fail(path, f"{key} is an author list", "map it with hook: agent_list")
        return None
    if "lookup" in spec:
        if spec["lookup"] not in c.tables:
            c.unknown((*path, "lookup"), str(spec["lookup"]), list(c.tables), "table")
            return None
        return "lookup"
    if "text" in spec:
        if spec.get("as", "text") != "text":
            c.fail((*path, "as"), "text: makes a text", "leave out as:")
            return None
        return "text"
    how = spec.get("as", default_as(one))
    if how not in AS:
        c.unknown((*path, "as"), str(how), AS, "conversion")
        return None
    if one.kind not in _CAN[how]:
        hint = "leave out as: (a reference becomes its node)" if one.kind == "ref" else \
            f"{key} is a {one.kind}: use " + " or ".join(a for a in AS if one.kind in _CAN[a])
        c.fail((*path, "as"), f"as: {how} does not take {key} (a {one.kind})", hint)
        return None
    return str(how)


def _predicates(c: Checker, value: object, one: F, path: tuple[Any, ...]) -> tuple[Preds, dict[str, Preds]]:
    if isinstance(value, dict):
        if one.kind != "ref":
            c.fail(path, "a predicate by kind is for references", "write one predicate or a list")
            return (), {}
        return (), {str(k): c.preds(v, (*path, k)) for k, v in value.items()}
    return c.preds(value, path), {}


def _join(c: Checker, spec: dict[str, Any], whole: F, path: tuple[Any, ...]) -> str | None:
    if "join" not in spec:
        return None
    if whole.kind not in ("list", "strs") or not isinstance(spec["join"], str):
        c.fail((*path, "join"), "join: takes a text, and joins the values of a list")
        return None
    return str(spec["join"])


def _on(c: Checker, spec: dict[str, Any], view: dict[str, F], path: tuple[Any, ...]) -> str | None:
    on = spec.get("on")
    if on is None or on == "owner":
        return on
    if not isinstance(on, str) or on not in view or item(view[on]).kind != "ref":
        c.fail((*path, "on"), f"on: {on!r} is neither owner nor a reference of this record",
               "write on: owner, or on: <a reference key>")
        return None
    return on


def _not_kinds(c: Checker, spec: dict[str, Any], view: dict[str, F], path: tuple[Any, ...]) -> frozenset[str]:
    kinds = spec.get("not_kinds", [])
    enum = view["kind"].enum if "kind" in view else ()
    if not isinstance(kinds, list):
        c.fail((*path, "not_kinds"), "expected a list of kinds")
        return frozenset()
    for i, k in enumerate(kinds):
        if k not in enum:
            c.unknown((*path, "not_kinds", i), str(k), tuple(enum) or ("(no kind)",), "kind")
    return frozenset(kinds)


def _params(c: Checker, spec: dict[str, Any], hook: object, path: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in HOOKS.get(hook, ()) if isinstance(hook, str) else ():
        if k not in spec:
            if k not in _OPTIONAL:
                c.fail(path, f"hook {hook} needs {k}:")
        elif k in _TEXT_PARAMS:
            out[k] = str(spec[k])
        else:
            out[k] = c.preds(spec[k], (*path, k))
    return out


def _what(value: object) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false", type(None): "nothing"}.get(type(value), "text")
