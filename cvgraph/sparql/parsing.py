"""A query parsed, never evaluated: located syntax errors, and what a local query may not do.

rdflib's SPARQL parser (pyparsing) gives the query's algebra without running anything, so the
check cannot reach the network, and the algebra says exactly which SERVICE endpoints, FROM /
FROM NAMED clauses and extension functions a query uses (pyoxigraph has no parse-only call: its
``Store.query`` evaluates, SERVICE included). rdflib's engine then evaluates this same algebra.

Local data is offline: :func:`check_local` refuses SERVICE unless it is allowed (and then only
http(s) endpoints), FROM / FROM NAMED (local data is one default graph) and functions neither
local engine knows, all before anything is evaluated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cvgraph.rdf.terms import XSD
from cvgraph.sparql.catalogue import Query, QueryError, bind

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query as Algebra

__all__ = ["CASTS", "Parsed", "check_local", "parse", "prepare"]

# SPARQL 1.1 §17.5: the XSD constructor functions, the only function IRIs both local engines know
CASTS = frozenset(XSD + t for t in ("boolean", "double", "float", "decimal", "integer", "dateTime", "string"))
_COMMENT = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


@dataclass(frozen=True)
class Parsed:
    """A parsed query: its text, rdflib's algebra, and what it reaches beyond the data."""

    text: str
    algebra: Algebra
    services: tuple[str, ...]  # SERVICE targets: IRIs, or "?var"
    datasets: tuple[str, ...]  # FROM / FROM NAMED IRIs
    functions: tuple[str, ...]  # extension function IRIs (not SPARQL built-ins)


def parse(text: str, source: str) -> Parsed:
    """Parse ``text`` (nothing is evaluated) or raise a one-line QueryError located in ``source``."""
    import pyparsing  # lazy, as rdflib: only for queries
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(text))
    except pyparsing.ParseBaseException as exc:
        found = f", found {exc.found}" if exc.found else ""
        raise QueryError(f"{source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}{found}") from None
    except RecursionError:
        raise QueryError(f"{source}: SPARQL syntax error: the query is nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises bare Exception, e.g. "Unknown namespace prefix"
        raise QueryError(f"{source}: SPARQL error: {_one_line(exc)}") from None
    return _inspect(text, algebra)


def prepare(query: Query, params: dict[str, str]) -> Parsed:
    """``query`` with ``params`` bound, parsed. A syntax error is located in the query's own text
    (the bound text has a VALUES line more)."""
    text = bind(query, params)
    try:
        return parse(text, query.path)
    except QueryError:
        if text != query.text:
            parse(query.text, query.path)  # raises, with the user's line numbers
        raise


def _inspect(text: str, algebra: Algebra) -> Parsed:
    from rdflib.plugins.sparql.algebra import traverse  # lazy: rdflib
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    services: list[str] = []
    functions: list[str] = []

    def visit(node: Any) -> None:  # noqa: ANN401 - rdflib's algebra nodes are untyped
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                target = node.term
                services.append(f"?{target}" if isinstance(target, Variable) else str(target))
            elif node.name == "Function" and str(node.iri) not in CASTS:
                functions.append(str(node.iri))

    traverse(algebra.algebra, visitPost=visit)
    clauses = algebra.algebra.get("datasetClause") or []
    datasets = tuple(str(c.default if c.get("default") is not None else c.named) for c in clauses)
    return Parsed(text, algebra, tuple(dict.fromkeys(services)), datasets, tuple(dict.fromkeys(functions)))


def check_local(parsed: Parsed, source: str, allow_service: bool = False) -> None:
    """Refuse, in one located line, what a query on local data may not do (see the module doc)."""
    for service in parsed.services:
        target = service if service.startswith("?") else f"<{service}>"
        where = _where(source, parsed.text, r"(?i)\bSERVICE\b")
        if not allow_service:
            raise QueryError(f"{where} SERVICE {target}: a query on local data does not call other endpoints "
                             "unless you pass --allow-service (allow_service=True in Python)")
        if not re.match(r"(?i)https?://", service):
            raise QueryError(f"{where} SERVICE {target}: only http(s) endpoints can be called")
    if parsed.datasets:
        where = _where(source, parsed.text, r"(?i)\bFROM\b")
        raise QueryError(f"{where} FROM / FROM NAMED <{parsed.datasets[0]}>: local data is one default graph "
                         "(an RDF file's graphs merged); remove the clause, or query a store with --endpoint "
                         "and --default-graph")
    if parsed.functions:
        where = _where(source, parsed.text, re.escape(parsed.functions[0].rsplit("/", 1)[-1].rsplit("#", 1)[-1]))
        raise QueryError(f"{where} unknown function <{parsed.functions[0]}>: the local engines know the SPARQL 1.1 "
                         "functions and XSD casts only; query a store that has it with --endpoint")


def _where(source: str, text: str, pattern: str) -> str:
    """``source:LINE:`` of the first match of ``pattern`` outside IRIs, strings and comments (else ``source:``)."""
    masked = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    match = re.search(pattern, masked)
    return f"{source}:{masked.count(chr(10), 0, match.start()) + 1}:" if match else f"{source}:"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) < 200 else text[:197] + "…"
