"""The request texts of publishing into VIVO's shared graph: pure functions, no I/O.

Several CVs share one graph there (``KB2``, where VIVO keeps ingested data), so a CV cannot be
replaced by replacing a graph. Instead cvgraph records, in its metadata graph, which triples each
CV asserted: ``<cv> cvg:asserts "<the triple as one N-Triples line>"`` (a literal: a node VIVO
would show, index or reason about is never made). A CV's change is then computed from that
record (:mod:`cvgraph.store.vivo`) and sent as ``DELETE DATA`` / ``INSERT DATA`` only, the data
and its record in the same request.

VIVO takes the credentials as form fields (``application/x-www-form-urlencoded``), and Tomcat,
which VIVO runs in, reads form fields only from a body up to its ``maxPostSize`` (2 MiB by
default; beyond it the fields are silently dropped, and VIVO answers 403 as if no password had
been given). So every query and update here is cut to at most ``FORM_BYTES`` form-encoded bytes:
a large change goes in several requests, each holding data changes together with their record.

Every term is written by :func:`cvgraph.rdf.terms.sparql_term` (the lines too, as literals).
"""
from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvgraph.errors import PublishError
from cvgraph.rdf.terms import IRI, Lit, Triple, nt_line, sparql_term
from cvgraph.store.updates import CHUNK, insert_data
from cvgraph.store.verify import md5_value

__all__ = ["ASSERTS", "FORM_BYTES", "KB2", "Change", "change_requests", "encoded_size", "presence_queries",
           "record_line", "record_ops", "record_query", "state_queries"]

KB2 = "http://vitro.mannlib.cornell.edu/default/vitro-kb-2"  # VIVO's graph for ingested, editable data
ASSERTS = IRI("https://w3id.org/cvgraph/terms#asserts")
FORM_BYTES = 1_900_000  # form-encoded bytes per request: Tomcat's maxPostSize is 2 MiB, less room for the rest
_HEAD = 4_096  # bytes for a request's fixed text, the email and the password


def record_line(triple: Triple, graph: str) -> str:
    """How the record names a triple in ``graph``: its N-Quads line without the newline."""
    return nt_line(triple, IRI(graph)).removesuffix("\n")


def encoded_size(text: str) -> int:
    """Bytes ``text`` takes in a form-encoded body."""
    return len(urllib.parse.quote_plus(text))


def _statement(triple: Triple) -> str:
    s, p, o = triple
    return f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n"


def _groups(costs: Sequence[int], room: int, limit: int) -> list[list[int]]:
    """The indices of ``costs`` cut into runs whose sum fits ``room`` (each run at least one; an
    item that alone exceeds ``room`` is an error naming ``limit``, the form limit it breaks)."""
    groups: list[list[int]] = [[]]
    used = 0
    for i, cost in enumerate(costs):
        if cost > room:
            raise PublishError(f"one triple takes {cost:,} bytes in a request, more than VIVO's form limit "
                               f"({limit:,} bytes); leave it out of the CV")
        if groups[-1] and used + cost > room:
            groups.append([])
            used = 0
        groups[-1].append(i)
        used += cost
    return groups


def _chunks(items: Sequence[str], budget: int) -> list[list[str]]:
    """``items`` cut into runs whose form-encoded text fits ``budget`` (each run at least one item)."""
    out = [[items[i] for i in group] for group in _groups([encoded_size(item) for item in items], budget, budget)]
    return [c for c in out if c] or [[]]


def state_queries(doc: str, metadata: str, lines: Sequence[str], budget: int = FORM_BYTES) -> list[str]:
    """The queries that read what the store knows about CV ``doc`` before it is published
    (usually one): ``?d ?p ?t`` rows for everything the metadata says about ``doc`` (its
    provenance, and ``cvg:asserts`` its old lines), and every other CV ``?d`` asserting one of
    ``doc``'s old lines or one of its new ``lines`` (given as a VALUES list, cut to ``budget``)."""
    d, m, a = sparql_term(IRI(doc)), sparql_term(IRI(metadata)), sparql_term(ASSERTS)
    own = (f"  {{ GRAPH {m} {{ {d} ?p ?t }} BIND({d} AS ?d) }}\n  UNION\n"
           f"  {{ GRAPH {m} {{ {d} {a} ?t . ?d {a} ?t }} FILTER(?d != {d}) BIND({a} AS ?p) }}\n")
    values = [sparql_term(Lit(line)) + "\n" for line in lines]
    out = []
    for i, chunk in enumerate(_chunks(values, budget - _HEAD - encoded_size(own))):
        arms = [own] if i == 0 else []
        if chunk:
            arms.append(f"  {{ VALUES ?t {{\n{''.join(chunk)}  }}\n"
                        f"    GRAPH {m} {{ ?d {a} ?t }} FILTER(?d != {d}) BIND({a} AS ?p) }}\n")
        out.append("SELECT ?d ?p ?t WHERE {\n" + "  UNION\n".join(arms) + "}\n")
    return out


@dataclass
class Change:
    """One CV's change: triples to delete from / insert into the shared graph, lines to drop from
    / add to its record, and its provenance (old, to delete; new, to insert) in the metadata graph."""

    doc: str
    delete: list[tuple[Triple, str]] = field(default_factory=list)  # (triple, its graph)
    insert: list[tuple[Triple, str]] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)
    record: list[str] = field(default_factory=list)
    prov_old: list[Triple] = field(default_factory=list)
    prov_new: list[Triple] = field(default_factory=list)


Quad = tuple[Triple, str]
Unit = tuple[str, list[Quad], str]  # DELETE DATA or INSERT DATA, the data (quads), the record line


def _units(change: Change) -> list[Unit]:
    """The change as units that must travel together (a triple and its record line), in the order
    they are sent: deletions first."""
    deleted = {record_line(*q): q for q in change.delete}
    inserted = {record_line(*q): q for q in change.insert}
    units: list[Unit] = [("DELETE DATA", [deleted[line]] if line in deleted else [], line)
                         for line in sorted(change.forget)]
    units += [("INSERT DATA", [inserted[line]] if line in inserted else [], line) for line in sorted(change.record)]
    return units


def _record_item(line: str) -> str:
    return sparql_term(Lit(line)) + " ,\n"


def record_ops(metadata: str, doc: str, lines: Sequence[str], op: str = "INSERT DATA") -> list[str]:
    """``op`` of ``<doc> cvg:asserts`` each of ``lines``, written as object lists (the subject and
    predicate once per operation, not once per line: a third of the request), ``CHUNK`` lines each."""
    head = f"{op} {{ GRAPH {sparql_term(IRI(metadata))} {{\n{sparql_term(IRI(doc))} {sparql_term(ASSERTS)}\n"
    return [head + "".join(map(_record_item, lines[i:i + CHUNK])).removesuffix(" ,\n") + " .\n} }"
            for i in range(0, len(lines), CHUNK)]


def _request(metadata: str, doc: str, units: Sequence[Unit], prov: tuple[list[Triple], list[Triple]] | None) -> str:
    ops: list[str] = []
    for op in ("DELETE DATA", "INSERT DATA"):
        data: dict[str, list[Triple]] = {}
        for kind, quads, _ in units:
            for triple, graph in quads if kind == op else ():
                data.setdefault(graph, []).append(triple)
        for graph in sorted(data):
            ops += insert_data(graph, data[graph], op)
        ops += record_ops(metadata, doc, [line for kind, _, line in units if kind == op], op)
    if prov is not None:
        ops += insert_data(metadata, prov[0], "DELETE DATA") if prov[0] else []
        ops += insert_data(metadata, prov[1]) if prov[1] else []
    return " ;\n".join(ops) + "\n"


def change_requests(metadata: str, change: Change, budget: int = FORM_BYTES) -> list[str]:
    """The update requests (usually one) that apply ``change``: ``DELETE DATA`` / ``INSERT DATA``
    only, every operation naming its GRAPH, each request within ``budget`` form-encoded bytes and
    holding each data change together with its record line (so after any of them the record
    says what the graph holds); the provenance is replaced by the last one. None when nothing changed."""
    units = _units(change)
    costs = [sum(encoded_size(_statement(q[0])) for q in d) + encoded_size(_record_item(line)) for _, d, line in units]
    room = budget - _HEAD - sum(encoded_size(_statement(t)) for t in change.prov_old + change.prov_new)
    groups = _groups(costs, room, budget)
    last = len(groups) - 1
    prov = (change.prov_old, change.prov_new)
    texts = [_request(metadata, change.doc, [units[i] for i in group], prov if n == last else None)
             for n, group in enumerate(groups)]
    return [t for t in texts if t.strip()]  # nothing changed at all: no request


def presence_queries(graph: str, triples: Sequence[Triple], *, rows: bool = False,
                     budget: int = FORM_BYTES) -> list[str]:
    """Queries (usually one) that count which of ``triples`` ``graph`` holds (``rows``: return
    them instead), a VALUES list each, cut to ``budget``."""
    g = sparql_term(IRI(graph))
    values = ["(" + _statement(t).removesuffix(" .\n") + ")\n" for t in triples]
    head = "SELECT ?s ?p ?o" if rows else "SELECT (COUNT(*) AS ?n)"
    return [f"{head} WHERE {{\n  VALUES (?s ?p ?o) {{\n{''.join(chunk)}  }}\n  GRAPH {g} {{ ?s ?p ?o }}\n}}\n"
            for chunk in _chunks(values, budget - _HEAD) if chunk]


def record_query(doc: str, metadata: str, mode: str) -> str:
    """The query reading CV ``doc``'s record: its size (``count``), its size and checksum
    (``checksum``: the sum of the first 32 bits of each line's MD5), or its lines (``full``)."""
    pattern = f"GRAPH {sparql_term(IRI(metadata))} {{ {sparql_term(IRI(doc))} {sparql_term(ASSERTS)} ?t }}"
    if mode == "full":
        return f"SELECT ?t WHERE {{ {pattern} }}\n"
    if mode == "count":
        return f"SELECT (COUNT(?t) AS ?n) WHERE {{ {pattern} }}\n"
    return (f"SELECT (COUNT(?t) AS ?n) (SUM(?h) AS ?sum) WHERE {{\n  {pattern}\n"
            f"  BIND(MD5(STR(?t)) AS ?m)\n  BIND(({md5_value('m')}) AS ?h)\n}}\n")
