"""Query results in one shape, whatever engine produced them, and their output formats.

SELECT gives variables and rows of :mod:`cvgraph.rdf.terms` terms (``None`` where unbound); ASK a
boolean; CONSTRUCT/DESCRIBE triples. Formats: an aligned table for people, and the standard
SPARQL 1.1 result formats (JSON, CSV, TSV) for programs; graphs in any RDF syntax.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cvgraph.rdf.prefixes import compress
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, nt_term

__all__ = ["MIN_WIDTH", "TABLE_FORMATS", "Result", "fit_widths", "render"]

TABLE_FORMATS = ("table", "csv", "tsv", "json")
_CONTROL = re.compile(r"[\t\n\r]")  # would break a table's lines
MIN_WIDTH = 8  # a table column is never cut narrower than this (or its own width)


@dataclass
class Result:
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    engine: str = ""  # which engine answered: rdflib, oxigraph or remote
    graphs: list[str] = field(default_factory=list)  # remote: the graphs queried as the default graph (none: the store's)
    hint: str = ""  # remote, an empty answer: one line saying what was queried and the fix

    def to_json(self) -> dict[str, Any]:
        """SPARQL 1.1 Query Results JSON Format."""
        if self.form == "ASK":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {"head": {"vars": self.variables},
                "results": {"bindings": [{v: _json_term(t) for v, t in zip(self.variables, row, strict=True)
                                          if t is not None}
                                         for row in self.rows]}}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its terms as plain tuples (a local query's answer comes back from its
        worker process through pickle: 0.9 s for 20,000 rows of NamedTuples, 0.2 s so)."""
        rows = [[_packed(t) for t in row] for row in self.rows]
        triples = [tuple(_packed(t) for t in triple) for triple in self.triples]
        return _unpickled, (self.form, self.variables, rows, self.boolean, triples, self.engine, self.graphs,
                            self.hint)


def _packed(t: Term | None) -> tuple[str, ...] | None:
    if t is None:
        return None
    if isinstance(t, IRI):
        return (t.value,)
    if isinstance(t, Blank):
        return ("", t.id)
    return (t.value, t.datatype or "", t.lang or "", "")


def _unpacked(p: tuple[str, ...] | None) -> Term | None:
    if p is None:
        return None
    if len(p) == 1:
        return IRI(p[0])
    if len(p) == 2:
        return Blank(p[1])
    return Lit(p[0], p[1] or None, p[2] or None)


def _unpickled(form: str, variables: list[str], rows: list[list[tuple[str, ...] | None]], boolean: bool | None,
               triples: list[tuple[tuple[str, ...], ...]], engine: str, graphs: list[str], hint: str) -> Result:
    made = [(_unpacked(s), _unpacked(p), _unpacked(o)) for s, p, o in triples]
    return Result(form, variables, [[_unpacked(p) for p in row] for row in rows], boolean,
                  made, engine, graphs, hint)  # type: ignore[arg-type]  # a triple's terms, as packed


def _json_term(t: Term) -> dict[str, str]:
    if isinstance(t, IRI):
        return {"type": "uri", "value": t.value}
    if isinstance(t, Blank):
        return {"type": "bnode", "value": t.id}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype and t.datatype != XSD + "string":
        out["datatype"] = t.datatype
    return out


def from_json_term(d: dict[str, str]) -> Term:
    kind = d["type"]
    if kind == "uri":
        return IRI(d["value"])
    if kind == "bnode":
        return Blank(d["value"])
    dt = d.get("datatype")
    return Lit(d["value"], None if dt == XSD + "string" else dt, d.get("xml:lang"))


def _plain(t: Term | None, prefixes: dict[str, str]) -> str:
    """A term as a person reads it: compact IRIs, bare literal text on one line."""
    if t is None:
        return ""
    if isinstance(t, IRI):
        return compress(t.value, prefixes)
    if isinstance(t, Blank):
        return "_:" + t.id
    return _CONTROL.sub(" ", t.value)


def _local_namespace(result: Result, prefixes: dict[str, str]) -> str | None:
    """The ``…#`` namespace most of the result's undeclared IRIs share (a CV's document, as
    Turtle output writes it with the empty prefix), or None."""
    counts: Counter[str] = Counter()
    for row in result.rows:
        for t in row:
            if isinstance(t, IRI) and "#" in t.value and compress(t.value, prefixes) == t.value:
                counts[t.value.split("#", 1)[0] + "#"] += 1
    return min(counts, key=lambda ns: (-counts[ns], ns)) if counts else None


def fit_widths(natural: list[int], budget: int, floor: int = MIN_WIDTH) -> list[int]:
    """Column widths summing to at most ``budget``: a column narrower than its fair share keeps
    its width, the wider ones share the rest equally, none below ``floor`` (or its own width).

    >>> fit_widths([4, 30, 50], 40)
    [4, 18, 18]
    >>> fit_widths([10, 10], 40)
    [10, 10]
    """
    if sum(natural) <= budget:
        return list(natural)
    widths = list(natural)
    ranked = sorted(range(len(natural)), key=lambda i: (natural[i], i))
    left, remaining = len(ranked), budget
    for k, i in enumerate(ranked):
        share = remaining // left
        if natural[i] > share:  # this column and every wider one get an equal share
            wider = ranked[k:]
            for j, col in enumerate(sorted(wider)):
                widths[col] = max(min(natural[col], floor), share + (1 if j < remaining % left else 0))
            break
        remaining, left = remaining - natural[i], left - 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _table(result: Result, prefixes: dict[str, str], width: int | None) -> str:
    local = _local_namespace(result, prefixes)
    names = {**prefixes, "": local} if local else prefixes
    cells = [[_plain(t, names) for t in row] for row in result.rows]
    natural = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    gap = 2 * max(len(natural) - 1, 0)
    widths = natural if width is None else fit_widths(natural, width - gap)
    lines = ["  ".join(_cut(v, w).ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_cut(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(([f"PREFIX : <{local}>"] if local else []) + lines) + "\n"


def render(result: Result, fmt: str = "table", prefixes: dict[str, str] | None = None,
           width: int | None = None) -> str:
    """Text of a SELECT/ASK result in ``fmt`` (table, csv, tsv, json).

    The table is for people: IRIs as CURIEs of ``prefixes`` (the CV's own as ``:local``, declared in
    a first ``PREFIX :`` line), and with ``width`` each line fits it, long cells cut with ``…``. The other
    formats are exact and ignore ``prefixes`` and ``width``."""
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":  # SPARQL 1.1 CSV: plain values, CRLF line ends
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else ("_:" + t.id if isinstance(t, Blank) else t.value) for t in row])
        return out.getvalue()
    if fmt == "tsv":  # SPARQL 1.1 TSV: terms in SPARQL/Turtle syntax
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join("" if t is None else nt_term(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result, prefixes or {}, width)
