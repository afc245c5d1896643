"""A query parsed, never evaluated: located syntax errors, and what a local query may not do.

rdflib's SPARQL parser (pyparsing) gives the query's algebra without running anything, so the
check cannot reach the network, and the algebra says exactly which SERVICE endpoints, FROM /
FROM NAMED clauses and extension functions a query uses (pyoxigraph has no parse-only call: its
``Store.query`` evaluates, SERVICE included). rdflib's engine then evaluates this same algebra.

Local data is offline: :func:`check_local` refuses SERVICE unless it is allowed (and then only
http(s) endpoints), FROM / FROM NAMED (local data is one default graph) and, for rdflib, functions
it does not know (pyoxigraph refuses those itself), all before anything is evaluated.

Parsing with rdflib costs 20 to 300 ms a query, so it is done when needed: for rdflib's engine
(which needs the algebra anyway), for an endpoint (the syntax check), and for pyoxigraph only when
the text could hold a SERVICE or FROM (:attr:`Parsed.may_name_other_data`); otherwise pyoxigraph's
own parser reports syntax errors, before it evaluates anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from cvgraph.rdf.terms import XSD
from cvgraph.sparql.catalogue import Query, QueryError, bind

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query as Algebra

__all__ = ["CASTS", "Parsed", "check_local", "parse", "prepare", "warm_up"]

# SPARQL 1.1 §17.5: the XSD constructor functions, the only function IRIs both local engines know
CASTS = frozenset(XSD + t for t in ("boolean", "double", "float", "decimal", "integer", "dateTime", "string"))
_MASK = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
# SERVICE and FROM cannot be written without these letters, nor spelt by a \u escape without a
# backslash-u; right after ? or $ they are a variable's name (``?service``), never the keyword
_OTHER_DATA = re.compile(r"(?i)(?<![?$])(?:service|from)|\\u")


@dataclass
class Parsed:
    """A query's text (``source`` is its file), parsed by rdflib when first asked; ``original`` is
    the text before parameters were bound, to locate a syntax error on the user's own lines."""

    text: str
    source: str
    original: str | None = field(default=None, repr=False)

    @cached_property
    def algebra(self) -> Algebra:
        """rdflib's algebra of the query (nothing is evaluated); a located QueryError if it does not parse."""
        try:
            return _parse(self.text, self.source)
        except QueryError:
            if self.original is not None and self.original != self.text:
                _parse(self.original, self.source)  # raises, with the user's line numbers
            raise

    def check(self) -> Parsed:
        """Parse now (nothing is evaluated): a located QueryError if the query does not parse."""
        _ = self.algebra
        return self

    @cached_property
    def may_name_other_data(self) -> bool:
        """False only when the query cannot hold SERVICE, FROM or FROM NAMED: neither word appears
        outside whole-line comments (a line that starts with ``#`` is a comment or inside a long
        string) and variable names, and no ``\\u`` escape could spell one. Errs on the safe side
        (``ex:fromDate`` says it may)."""
        lines = re.split(r"[\r\n]", self.text)  # SPARQL ends a comment at CR or LF
        return any(_OTHER_DATA.search(line) for line in lines if not line.lstrip(" \t").startswith("#"))

    @cached_property
    def services(self) -> tuple[str, ...]:
        """SERVICE targets: IRIs, or ``?var``."""
        return self._found[0]

    @cached_property
    def datasets(self) -> tuple[str, ...]:
        """FROM / FROM NAMED IRIs."""
        # dict.get: rdflib's CompValue.get answers the key's name for a missing key
        clauses = dict.get(self.algebra.algebra, "datasetClause") or []
        return tuple(str(c["default"] if "default" in c else c["named"]) for c in clauses)

    @cached_property
    def functions(self) -> tuple[str, ...]:
        """Extension function IRIs (not SPARQL built-ins or XSD casts)."""
        return self._found[1]

    @cached_property
    def _found(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
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

        traverse(self.algebra.algebra, visitPost=visit)
        return tuple(dict.fromkeys(services)), tuple(dict.fromkeys(functions))


def parse(text: str, source: str) -> Parsed:
    """Parse ``text`` now (nothing is evaluated) or raise a one-line QueryError located in ``source``."""
    return Parsed(text, source).check()


def prepare(query: Query, params: dict[str, str]) -> Parsed:
    """``query`` with ``params`` bound, to be parsed when needed."""
    return Parsed(bind(query, params), query.path, query.text)


@cache
def warm_up() -> None:
    """Parse a tiny query once in this process: pyparsing readies rdflib's grammar on its first
    parse (150 ms), which a forked worker would otherwise redo, and lose, for every query."""
    _parse("ASK {}", "warm-up")


def _parse(text: str, source: str) -> Algebra:
    import pyparsing  # lazy, as rdflib: only for queries
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return translateQuery(parseQuery(text))
    except pyparsing.ParseBaseException as exc:
        found = f", found {exc.found}" if exc.found else ""
        raise QueryError(f"{source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}{found}") from None
    except RecursionError:
        raise QueryError(f"{source}: SPARQL syntax error: the query is nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises bare Exception, e.g. "Unknown namespace prefix"
        message = " ".join(str(exc).split())
        raise QueryError(f"{source}: SPARQL error: {message[:200]}") from None


def check_local(parsed: Parsed, allow_service: bool = False, engine: str | None = None) -> None:
    """Refuse, in one located line, what a query on local data may not do (see the module doc).
    ``engine``: the engine that will run it (rdflib: its unknown functions are refused too)."""
    source = parsed.source
    if parsed.may_name_other_data:
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
                             "(and --graph)")
    if engine == "rdflib" and parsed.functions:
        name = re.escape(re.split(r"[/#:]", parsed.functions[0])[-1])
        raise QueryError(f"{_where(source, parsed.text, name)} unknown function <{parsed.functions[0]}>: the local "
                         "engines know the SPARQL 1.1 functions and XSD casts only; query a store that has it "
                         "with --endpoint")


def _where(source: str, text: str, pattern: str) -> str:
    """``source:LINE:`` of the first match of ``pattern`` outside IRIs, strings and comments (else ``source:``)."""
    masked = _MASK.sub(lambda m: " " * len(m.group()), text)
    match = re.search(pattern, masked) if pattern else None
    return f"{source}:{masked.count(chr(10), 0, match.start()) + 1}:" if match else f"{source}:"
