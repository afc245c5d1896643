"""The bundled query library (``queries/*.rq``) and safe parameter binding.

Each ``.rq`` file starts with a header of ``#`` comments::

    # title: Publications by year
    # description: How many works each CV owner published per year and type.
    # param: person iri  The CV owner to count for (default: every CV owner in the data).

Parameters are bound by a SPARQL 1.1 ``VALUES`` block built from properly serialised RDF terms
(never by pasting user text into the query), put last inside the outermost ``WHERE { … }``: every
engine — rdflib, pyoxigraph, a remote store — then joins it with the pattern before grouping, and
the engines can use the bound values to narrow their search (a trailing ``VALUES`` clause is read
after aggregation by rdflib 7, and pyoxigraph does not push it into the pattern: 100× slower on
some queries; Virtuoso 7.2 reads no VALUES clause after an ASK query). An ASK query's group
counts as its WHERE clause (the keyword is optional there); a query with neither gets the
trailing clause instead. Bundled queries also keep parameters as grouping keys and write
``HAVING (COUNT(*) > 0)``, since rdflib answers a GROUP BY over no rows with one empty row. A
parameter left out leaves its variable free.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cvgraph.errors import CvgraphError
from cvgraph.fsio import ReadError, read_capped
from cvgraph.iri import iri_problem
from cvgraph.rdf.terms import IRI, XSD, Lit, sparql_term
from cvgraph.resources import bundled

__all__ = ["MAX_QUERY_BYTES", "PARAM_TYPES", "Param", "Query", "QueryError", "bind", "catalogue", "load_query"]


class QueryError(CvgraphError):
    """A query could not be found, parsed, bound or run."""


PARAM_TYPES: dict[str, tuple[str | None, str, str]] = {  # type name → (datatype or "iri", pattern the value must match, example)
    "iri": ("iri", r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]+", "https://orcid.org/0000-0002-1825-0097"),
    "string": (None, r"[\s\S]*", "Machine Learning"),
    "integer": (XSD + "integer", r"[-+]?[0-9]+", "3"),
    "gYear": (XSD + "gYear", r"[0-9]{4}", "2023"),
    "date": (XSD + "date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "2023-06-01"),
}
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    path: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first such keyword outside comments and IRIs)."""
        body = re.sub(r"<[^<>\s]*>", "<>", self.text)  # IRIs may hold '#'
        body = "\n".join(line.split("#", 1)[0] for line in body.splitlines())
        body = re.sub(r"(?i)\b(PREFIX\s+[^\s:]*:|BASE)\s*<>", " ", body)  # `PREFIX ask: <…>`
        match = _FORM.search(body)
        return match.group(1).upper() if match else "SELECT"


def parse_header(name: str, text: str, path: str) -> Query:
    meta: dict[str, str] = {}
    params: list[Param] = []
    last = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line[1:].strip().partition(":")
        key, value = key.strip().lower(), value.strip()
        if key not in ("param", "title", "description") and line.startswith("#  ") and last in meta:
            meta[last] += " " + line[1:].strip()  # an indented continuation line
            continue
        last = key
        if key == "param":
            pname, ptype, *doc = value.split(None, 2)
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path}: parameter {pname!r} has unknown type {ptype!r}; "
                                 f"use one of {', '.join(PARAM_TYPES)}")
            params.append(Param(pname, ptype, doc[0] if doc else ""))
        elif key in ("title", "description"):
            meta[key] = (meta.get(key, "") + " " + value).strip()
    return Query(name, text, path, meta.get("title", name), meta.get("description", ""), tuple(params))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Query]:
    """Every bundled query by name (the ``.rq`` file's stem), sorted by name."""
    folder = bundled("queries")
    return {p.stem: parse_header(p.stem, p.read_text(encoding="utf-8"), str(p))
            for p in sorted(folder.glob("*.rq"))}


MAX_QUERY_BYTES = 1024 * 1024  # a SPARQL query of a megabyte is already absurd


def load_query(name_or_path: str) -> Query:
    """A bundled query by name, or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or path.is_file():
        try:
            raw = read_capped(path, MAX_QUERY_BYTES).decode("utf-8")
            # universal newlines, as text files are read: SPARQL ends a comment at CR too, rdflib's
            # parser only at LF
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
        except ReadError as exc:
            raise QueryError(f"{name_or_path}: cannot read query file: {exc.reason} (hint: {exc.hint})") from None
        except UnicodeDecodeError as exc:
            raise QueryError(f"{name_or_path}: cannot read query file: {exc}") from None
        return parse_header(path.stem, text, str(path))
    queries = catalogue()
    if name_or_path in queries:
        return queries[name_or_path]
    close = difflib.get_close_matches(name_or_path, list(queries), 1, 0.5)
    hint = f"did you mean {close[0]!r}?" if close else "list them with `cvgraph query --list`"
    raise QueryError(f"unknown query {name_or_path!r} ({hint})")


def term(param: Param, value: str) -> str:
    """A parameter value as SPARQL term text, checked against its declared type."""
    datatype, pattern, example = PARAM_TYPES[param.type]
    if not re.fullmatch(pattern, value) or (datatype == "iri" and iri_problem(value) is not None):
        raise QueryError(f"--param {param.name}={value!r} is not a valid {param.type} (e.g. {example})")
    if re.search(r"\\[uU]", value):  # rdflib expands \u escapes anywhere in a query, even in strings
        raise QueryError(f"--param {param.name}: a backslash followed by u or U cannot be bound safely")
    return sparql_term(IRI(value) if datatype == "iri" else Lit(value, datatype))


def bind(query: Query, params: dict[str, str]) -> str:
    """The query text with ``params`` bound by a trailing VALUES clause."""
    known = {p.name: p for p in query.params}
    for name in params:
        if name not in known:
            listed = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r}; its parameters: {listed}")
    if not params:
        return query.text
    names = sorted(params)
    row = " ".join(term(known[n], params[n]) for n in names)
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    at = _outer_where_end(query.text)
    if at is None:
        return f"{query.text.rstrip()}\n{values}\n"
    return f"{query.text[:at]}  {values}\n{query.text[at:]}"


_MASK = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


_GROUP = re.compile(r"(?i)(?<![?$:\w])(?:WHERE\s*\{|ASK(?:\s+FROM(?:\s+NAMED)?\s*[^\s{]*)*\s*\{)")


def _outer_where_end(text: str) -> int | None:
    """Index of the ``}`` closing the outermost query's ``WHERE {`` (the first one outside IRIs,
    strings and comments: a subquery's WHERE comes later in the text), or ASK's group (its
    WHERE keyword is optional; Virtuoso 7.2 cannot parse a VALUES clause after an ASK query).
    The VALUES block goes last in that group, where every variable the group BINDs is in scope."""
    masked = _MASK.sub(lambda m: " " * len(m.group()), text)
    match = _GROUP.search(masked)
    if not match:
        return None
    depth = 0
    for i in range(match.end() - 1, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return None
