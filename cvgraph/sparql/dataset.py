"""A query's dataset written into its text: ``FROM <g>`` clauses where the grammar puts them.

For a store that cannot take the dataset as the SPARQL protocol's ``default-graph-uri`` fields
(Virtuoso 7.2 echoes each as a header of its answer, and Python's HTTP client refuses more than
100 headers; its ``define input:default-graph-uri`` pragmas take time quadratic in their number:
5 s for 500 graphs where ``FROM`` takes 0.5 s). The clauses go after the query form's head
(SELECT's projection, CONSTRUCT's template, ASK, DESCRIBE's targets) and before its WHERE
clause, found by a scan that skips IRIs, strings and comments; the result is parsed again and
used only if it names exactly the graphs given, and the query named none of its own.
"""
from __future__ import annotations

import re

from cvgraph.rdf.terms import IRI, sparql_term
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.parsing import Parsed

__all__ = ["with_from"]

# what may hold a brace, a parenthesis or a keyword that is not one: IRIs, strings (long ones
# first), comments; replaced by spaces of the same length, so positions stay
_OPAQUE = re.compile(r"<[^<>\"{}|^`\\\s]*>|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
                     r"|\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*'|#[^\n\r]*")
_FORM = re.compile(r"(?i)(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:-])")
_WHERE = re.compile(r"(?i)(?<![\w:?$])WHERE(?![\w:-])")


def _masked(text: str) -> str:
    return _OPAQUE.sub(lambda m: " " * len(m.group()), text)


def _block_end(masked: str, start: int) -> int | None:
    """The index after the ``}`` closing the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i + 1
    return None


def _insertion(masked: str) -> int | None:
    """Where the dataset clauses go: before the WHERE clause of the top-level query."""
    form = _FORM.search(masked)
    if form is None:
        return None
    at = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        head = masked[at:].lstrip()
        if head.startswith("{"):  # the template, then the dataset
            return _block_end(masked, len(masked) - len(head))
    depth = 0
    for i in range(at, len(masked)):
        c = masked[i]
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0 and (c == "{" or _WHERE.match(masked, i)):
            return i
    return None  # DESCRIBE without a WHERE clause


def with_from(text: str, graphs: list[str]) -> str | None:
    """``text`` with ``FROM <g>`` for each of ``graphs``, or None where that cannot be done surely
    (no WHERE clause, or the query names a dataset of its own)."""
    at = _insertion(_masked(text))
    if at is None:
        return None
    clauses = "".join(f"FROM {sparql_term(IRI(g))}\n" for g in graphs)
    made = text[:at] + "\n" + clauses + text[at:]
    try:
        named = Parsed(made, "query").datasets
    except QueryError:
        return None
    return made if list(named) == graphs else None
