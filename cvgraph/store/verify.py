"""Does the store hold exactly our triples? Count plus checksum, or a full read-back.

Literals are compared in the forms a store keeps them: :func:`canonical` round-trips the triples
whose literal a store may rewrite (typed non-string literals, language tags) through pyoxigraph's
store, which canonicalises values as the Oxigraph server does (``1.70`` → ``1.7``, language tags
lower-cased). Virtuoso 7.2 gives the same forms for everything the CVs hold (checked:
``xsd:string``-typed and plain literals, ``xsd:decimal``/``integer``/``boolean``/``date``/
``dateTime``/``gYear``, language tags).

**Checksum** (:func:`checksum_query`, :func:`local_checksum`): one SPARQL 1.1 query, run by the
store, returns per graph the triple count and the sum, over its triples, of the first 32 bits of
``MD5("<S> <P> O")`` (O ``<iri>``, ``"lexical"@lang`` or ``"lexical"^^<datatype>``: an N-Triples line
without its " ." and with the literal's text unescaped, so cvgraph computes it from the lines it sends).
Standard functions only (``MD5``, ``STRBEFORE`` to read a hex digit), so it runs unchanged on
Oxigraph and Virtuoso (both tested); cvgraph computes the same figures locally. Any missing,
extra or altered triple changes the sum unless another change cancels it exactly (a chance of
about 2⁻³² per accident); together with the count it is what issue 5 asks for, at the cost of
one aggregate query instead of reading the graph back. The graphs hold no blank nodes (publish
skolemises them), so every triple has a fixed text.

**Full** (:func:`read_back`): the count plus a ``CONSTRUCT`` of the graph read back as N-Triples
and compared as a set; exact, but it moves the whole graph over the wire (``--verify full``, and
what ``--diff`` needs anyway). Virtuoso caps CONSTRUCT answers at ``[SPARQL] ResultSetMaxRows``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from cvgraph.errors import PublishError
from cvgraph.rdf.oxigraph import from_oxigraph_triple, to_oxigraph_quad
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, nt_term
from cvgraph.store.client import Client

__all__ = ["bindings", "canonical", "checksum_query", "count", "hash_prefix", "local_checksum", "matches",
           "md5_value", "read_back", "store_checksums",
           "store_counts", "text_checksum"]

_HEX = "0123456789abcdef"
_STRING = XSD + "string"
_O_FORM = ('IF(isIRI(?o), CONCAT("<", STR(?o), ">"), CONCAT("\\"", STR(?o), "\\"", '
           'IF(LANG(?o) != "", CONCAT("@", LCASE(LANG(?o))), CONCAT("^^<", STR(DATATYPE(?o)), ">"))))')
_NOT_RESULTS = "the answer is not SPARQL results (is this a SPARQL endpoint?)"


def _stable(o: Term) -> bool:
    """True if no store rewrites this object (an IRI, or a plain literal)."""
    return type(o) is IRI or (isinstance(o, Lit) and not o.lang and o.datatype is None)


def canonical(items: Iterable[Triple]) -> set[Triple]:
    """The triples as a store holds them (literal values canonicalised)."""
    import pyoxigraph as ox  # lazy: a heavy native library, only needed here

    out: set[Triple] = set()
    rest: list[Triple] = []
    for t in items:
        if _stable(t[2]):
            out.add(t)
        elif isinstance(t[2], Lit) and t[2].datatype == _STRING:  # "x"^^xsd:string is "x" (RDF 1.1)
            out.add((t[0], t[1], Lit(t[2].value)))
        else:
            rest.append(t)
    if rest:
        store = ox.Store()
        default = ox.DefaultGraph()
        store.bulk_extend(to_oxigraph_quad(t, default) for t in rest)
        out.update(from_oxigraph_triple(q) for q in store)
    return out


def md5_value(var: str) -> str:
    """The SPARQL expression reading the first 8 hex digits of the MD5 in ``?var`` as a number
    (standard functions only: a hex digit's value is the length of the text before it in
    "0123…f"); the store-side half of :func:`hash_prefix`."""
    return " + ".join(f'{16 ** (7 - i)} * STRLEN(STRBEFORE("{_HEX}", SUBSTR(?{var}, {i + 1}, 1)))'
                      for i in range(8))


def hash_prefix(text: str) -> int:
    """The first 32 bits of the MD5 of ``text`` (UTF-8), as :func:`md5_value` reads them in a store."""
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16)


def _value(t: Term) -> str:
    """The text of an IRI or a literal (the graphs verified hold no blank nodes: publish skolemises them)."""
    if isinstance(t, Blank):
        raise PublishError(f"_:{t.id}: a blank node cannot be verified (publish skolemises them)")
    return t.value


def _o_form(o: Term) -> str:
    if not isinstance(o, Lit):
        return f"<{_value(o)}>"
    return f'"{o.value}"' + (f"@{o.lang.lower()}" if o.lang else f"^^<{o.datatype or _STRING}>")


def local_checksum(items: Iterable[Triple]) -> tuple[int, int, int]:
    """(count, checksum, Virtuoso's checksum) of canonical, blank-node-free triples, as
    :func:`checksum_query` computes them. Virtuoso 7.2 hashes a stored string as if its UTF-8
    bytes were Latin-1 characters (``MD5(STR(?o))`` of "é" is the MD5 of "Ã©"); the two sums
    differ only when some text is not ASCII, and a store's answer may equal either."""
    return text_checksum(f"<{_value(s)}> <{_value(p)}> {_o_form(o)}" for s, p, o in items)


def text_checksum(texts: Iterable[str]) -> tuple[int, int, int]:
    """(count, checksum, Virtuoso's checksum) of triples given as their checksum texts
    (``S P O`` as :func:`checksum_query` writes them; see :func:`local_checksum`)."""
    n = total = quirk = 0
    md5, number = hashlib.md5, int.from_bytes
    for line in texts:
        n += 1
        text = line.encode()
        h = number(md5(text).digest()[:4], "big")
        total += h
        quirk += h if text.isascii() else number(md5(text.decode("latin-1").encode()).digest()[:4], "big")
    return n, total, quirk


def matches(store: tuple[int, int], local: tuple[int, int, int]) -> bool:
    """Does the store's (count, checksum) equal the local figures (either form, see above)?"""
    return store[0] == local[0] and store[1] in local[1:]


def checksum_query(graphs: Sequence[str]) -> str:
    """One query: ``?g ?n ?sum`` for each of ``graphs`` that holds triples. (The hash's value is
    summed as an expression in the aggregate, not BOUND first: Oxigraph 0.5 then takes half the time.)"""
    values = " ".join(nt_term(IRI(g)) for g in graphs)
    return (f"SELECT ?g (COUNT(*) AS ?n) (SUM({md5_value('m')}) AS ?sum) WHERE {{\n"
            f"  VALUES ?g {{ {values} }}\n  GRAPH ?g {{ ?s ?p ?o }}\n"
            f'  BIND(MD5(CONCAT("<", STR(?s), "> <", STR(?p), "> ", {_O_FORM})) AS ?m)\n'
            "} GROUP BY ?g\n")


def bindings(body: bytes, endpoint: str | None) -> list[dict[str, Any]]:
    """The rows of a SPARQL JSON results answer (a one-line error if it is not one)."""
    try:
        rows: list[dict[str, Any]] = json.loads(body)["results"]["bindings"]
        return rows
    except (ValueError, KeyError, TypeError):
        raise PublishError(f"{endpoint}: {_NOT_RESULTS}") from None


def store_checksums(client: Client, graphs: Sequence[str], batch: int = 50) -> dict[str, tuple[int, int]]:
    """{graph: (count, checksum)} from the store; a graph without triples is (0, 0)."""
    out = {g: (0, 0) for g in graphs}
    for i in range(0, len(graphs), batch):
        for row in bindings(client.query(checksum_query(graphs[i:i + batch])), client.where):
            try:
                out[row["g"]["value"]] = (int(row["n"]["value"]), int(float(row["sum"]["value"])))
            except (KeyError, ValueError):
                raise PublishError(f"{client.where}: the checksum answer is not as expected") from None
    return out


def store_counts(client: Client, graphs: Sequence[str], batch: int = 50) -> dict[str, int]:
    """{graph: triple count} from the store (one grouped query per ``batch`` graphs); 0 for a graph
    without triples."""
    out = dict.fromkeys(graphs, 0)
    for i in range(0, len(graphs), batch):
        values = " ".join(nt_term(IRI(g)) for g in graphs[i:i + batch])
        text = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g\n"
        for row in bindings(client.query(text), client.where):
            try:
                out[row["g"]["value"]] = int(row["n"]["value"])
            except (KeyError, ValueError):
                raise PublishError(f"{client.where}: the count answer is not as expected") from None
    return out


def count(client: Client, graph: str) -> int:
    g = nt_term(IRI(graph))
    rows = bindings(client.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"),
                     client.where)
    try:
        return int(rows[0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PublishError(f"{client.where}: {_NOT_RESULTS}") from None


def read_back(client: Client, graph: str) -> tuple[int, set[Triple]]:
    """The store's count and triples of ``graph`` (two read-only queries)."""
    import pyoxigraph as ox  # lazy: a heavy native library, only needed here

    n = count(client, graph)
    body = client.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {nt_term(IRI(graph))} {{ ?s ?p ?o }} }}",
                        accept="application/n-triples")
    try:
        got = {from_oxigraph_triple(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    except (SyntaxError, ValueError):
        raise PublishError(f"{client.where}: the CONSTRUCT answer is not N-Triples") from None
    return n, got

