"""Query results in one shape, whatever engine produced them, and their output formats.

SELECT gives variables and rows of :mod:`cvgraph.rdf.terms` terms (``None`` where unbound); ASK a
boolean; CONSTRUCT/DESCRIBE triples. Formats: an aligned table for people, and the standard
SPARQL 1.1 result formats (JSON, CSV, TSV) for programs; graphs in any RDF syntax.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, nt_term

__all__ = ["TABLE_FORMATS", "Result", "render"]

TABLE_FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Result:
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    engine: str = ""  # which engine answered: rdflib, oxigraph or remote

    def to_json(self) -> dict[str, Any]:
        """SPARQL 1.1 Query Results JSON Format."""
        if self.form == "ASK":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {"head": {"vars": self.variables},
                "results": {"bindings": [{v: _json_term(t) for v, t in zip(self.variables, row, strict=True)
                                          if t is not None}
                                         for row in self.rows]}}


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
    """A term as a person reads it: compact IRIs, bare literal text."""
    if t is None:
        return ""
    if isinstance(t, IRI):
        for p, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if t.value.startswith(ns) and len(t.value) > len(ns):
                return f"{p}:{t.value[len(ns):]}"
        return t.value
    if isinstance(t, Blank):
        return "_:" + t.id
    return t.value


def render(result: Result, fmt: str = "table", prefixes: dict[str, str] | None = None) -> str:
    """Text of a SELECT/ASK result in ``fmt`` (table, csv, tsv, json)."""
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
    cells = [[_plain(t, prefixes or {}).replace("\n", " ") for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
