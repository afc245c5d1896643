"""VIVO's profile-page list views, run as Vitro runs them (test support only).

`load_views` reads which list view serves which property: the faux properties of PropertyConfig.n3
(a property qualified by the subject's class and the object's class, with a display name) and the
plain properties of vivoListViewConfig.rdf. `select_query` preprocesses a listViewConfig-*.xml as
Vitro's CustomListViewConfigFile does, and `profile` runs, for one individual, every list view of
every property it has, keeping the sections that return rows, like a profile page. The store is
expected to hold what `vivo_reasoner.materialise` leaves (data, TBox and inferences, queried as one).
See ../shared/vivo/SOURCES.md.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox

APP = "http://vitro.mannlib.cornell.edu/ns/vitro/ApplicationConfiguration#"
DISPLAY = "http://vitro.mannlib.cornell.edu/ontologies/display/1.1#"

Value = str | None  # a row's value: an IRI or a literal's lexical form; None when unbound


@dataclass(frozen=True)
class ListView:
    """Which list view a profile page uses for `property` (faux when `domain`/`range` qualify it)."""

    property: str
    file: str
    display_name: str
    domain: str | None = None  # :qualifiedByDomain, bound to ?subjectType
    range: str | None = None  # :qualifiedBy, bound to ?objectType
    collated: bool = False  # vitro:collateBySubclassAnnot
    faux: bool = True  # from PropertyConfig.n3; False: vivoListViewConfig.rdf, named by the property's label


@dataclass
class Section:
    """One list on a profile page: the list view and the rows its query returned."""

    view: ListView
    rows: list[dict[str, Value]] = field(default_factory=list)

    def values(self, var: str) -> list[str]:
        """The bound values of `var`, in row order."""
        return [row[var] for row in self.rows if row.get(var) is not None]  # type: ignore[misc]


_FAUX = f"""PREFIX : <{APP}>
PREFIX vitro: <http://vitro.mannlib.cornell.edu/ns/vitro/0.7#>
SELECT ?property ?file ?name ?domain ?range ?collate WHERE {{
  ?context a :ConfigContext ; :configContextFor ?property ; :hasConfiguration ?config .
  ?config :listViewConfigFile ?file .
  OPTIONAL {{ ?config :displayName ?name }}
  OPTIONAL {{ ?context :qualifiedByDomain ?domain }}
  OPTIONAL {{ ?context :qualifiedBy ?range }}
  OPTIONAL {{ ?config vitro:collateBySubclassAnnot ?collate }}
}}"""

_PLAIN = f"""PREFIX display: <{DISPLAY}>
SELECT ?property ?file WHERE {{ ?property display:listViewConfigFile ?file }}"""


def _text(term: object) -> Value:
    """An IRI's or a literal's string (a blank node's id); None for an unbound variable."""
    return None if term is None else term.value  # type: ignore[attr-defined]


def load_views(vivo_dir: Path) -> list[ListView]:
    """The faux properties of PropertyConfig.n3, then the plain ones of vivoListViewConfig.rdf."""
    config = ox.Store()
    config.load(path=str(vivo_dir / "PropertyConfig.n3"), format=ox.RdfFormat.TURTLE)
    config.load(path=str(vivo_dir / "vivoListViewConfig.rdf"), format=ox.RdfFormat.RDF_XML)
    views = []
    for row in config.query(_FAUX):  # type: ignore[union-attr]
        prop, file = _text(row["property"]), _text(row["file"])
        assert prop is not None and file is not None
        views.append(ListView(prop, file, _text(row["name"]) or _local(prop), _text(row["domain"]),
                              _text(row["range"]), _text(row["collate"]) == "true"))
    for row in config.query(_PLAIN):  # type: ignore[union-attr]
        prop, file = _text(row["property"]), _text(row["file"])
        assert prop is not None and file is not None
        views.append(ListView(prop, file, _local(prop), faux=False))
    return sorted(views, key=lambda v: (v.property, v.domain or "", v.range or "", v.file))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


# --- the query: Vitro's preprocessing --------------------------------------------------------------

_QUERY_SELECT = re.compile(r"<query-select>(.*?)</query-select>", re.DOTALL)
_LET = re.compile(r"\bLET\s*\(")


def _keep_or_drop(text: str, tag: str, keep: bool) -> str:
    return re.sub(rf"<{tag}>(.*?)</{tag}>", (lambda m: m.group(1)) if keep else "", text, flags=re.DOTALL)


def _let_to_bind(query: str) -> str:
    """ARQ's `LET (?v := expr)` as SPARQL 1.1's `BIND(expr AS ?v)` (expr may hold parentheses)."""
    out, pos = [], 0
    for match in _LET.finditer(query):
        if match.start() < pos:
            continue
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(query[end], 0)
            end += 1
        var, expr = query[match.end():end - 1].split(":=", 1)
        out += [query[pos:match.start()], f"BIND({expr.strip()} AS {var.strip()})"]
        pos = end
    return "".join([*out, query[pos:]])


@cache
def _raw_query(path: Path) -> str:
    match = _QUERY_SELECT.search(path.read_text(encoding="iso-8859-1"))
    assert match, f"{path.name}: no <query-select>"
    return match.group(1)


def select_query(path: Path, *, collated: bool = False, editing: bool = False, precise: bool = True) -> str:
    """A listViewConfig-*.xml's SELECT, as Vitro runs it: <collated> kept when the property collates
    by subclass, <critical-data-required> kept in the public view (not `editing`), <precise-subquery>
    kept in precise mode; the text unescaped; ARQ's LET and fn:lower-case as SPARQL 1.1."""
    text = _keep_or_drop(_raw_query(path), "precise-subquery", precise)
    text = _keep_or_drop(text, "critical-data-required", not editing)
    text = _keep_or_drop(text, "collated", collated)
    assert "</" not in text, f"{path.name}: an unknown tag is left"  # (the query's own < are escaped)
    query = html.unescape(text)
    return _let_to_bind(query).replace("fn:lower-case(", "LCASE(")


def bind(query: str, **iris: str | None) -> str:
    """Vitro's substitution: `<iri>` for each `?name` given, in the text after the first WHERE only."""
    where = re.search(r"\bWHERE\b", query, re.IGNORECASE)
    assert where, "no WHERE"
    head, body = query[:where.start()], query[where.start():]
    for name, iri in iris.items():
        if iri is not None:
            body = re.sub(rf"\?{name}(?!\w)", f"<{iri}>", body)
    return head + body


def object_variable(query: str) -> str:
    """The variable the list view lists: the object of `?subject ?property ?x` (before binding)."""
    match = re.search(r"\?subject\s+\?property\s+\?(\w+)", query)
    assert match, "no `?subject ?property ?object` pattern"
    return match.group(1)


# --- the profile page ------------------------------------------------------------------------------

def run_view(store: ox.Store, view: ListView, subject: str, listview_dir: Path, *,
             precise: bool = True) -> list[dict[str, Value]]:
    """The rows of `view` for `subject` whose object variable is bound to an IRI or a literal."""
    query = select_query(listview_dir / view.file, collated=view.collated, precise=precise)
    obj = object_variable(query)
    bound = bind(query, subject=subject, property=view.property, subjectType=view.domain,
                 objectType=view.range)
    solutions = store.query(bound, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        if isinstance(solution[obj], ox.NamedNode | ox.Literal):
            rows.append({name: _text(solution[name]) for name in names})
    return rows


def _properties_and_types(store: ox.Store, subject: str) -> tuple[set[str], set[str]]:
    node = ox.NamedNode(subject)
    query = f"SELECT DISTINCT ?p WHERE {{ {node} ?p ?o }}"
    props = {row["p"].value for row in store.query(query, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    query = f"SELECT DISTINCT ?t WHERE {{ {node} a ?t }}"
    types = {row["t"].value for row in store.query(query, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    return props, types


def profile(store: ox.Store, subject: str, vivo_dir: Path, *, precise: bool = True) -> dict[str, Section]:
    """The sections of `subject`'s profile page, by display name: every list view of a property the
    subject has (a faux one when the subject has its domain class), keeping those that return rows.
    A plain property's view is replaced by its faux properties when the subject qualifies for any."""
    props, types = _properties_and_types(store, subject)
    views = [v for v in load_views_cached(vivo_dir) if v.property in props]
    faux = {v.property for v in views if v.domain is not None and v.domain in types}
    sections: dict[str, Section] = {}
    for view in views:
        if view.domain is not None and view.domain not in types:
            continue
        if not view.faux and view.property in faux:
            continue
        rows = run_view(store, view, subject, vivo_dir / "listview", precise=precise)
        if rows:
            if not view.faux:
                view = replace(view, display_name=_label(store, view.property) or view.display_name)
            key = view.display_name if view.display_name not in sections else f"{view.display_name} ({view.file})"
            sections[key] = Section(view, rows)
    return sections


def _label(store: ox.Store, iri: str) -> str | None:
    query = f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} ORDER BY ?l LIMIT 1"
    rows = list(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
    return rows[0]["l"].value if rows else None


@cache
def load_views_cached(vivo_dir: Path) -> tuple[ListView, ...]:
    return tuple(load_views(vivo_dir))
