"""Where a query runs: rdflib or pyoxigraph on local data, or a remote SPARQL endpoint.

All three give a :class:`cvgraph.results.Result` of plain terms, so output and tests do not
care which engine answered. pyoxigraph is 20–100× faster than rdflib's SPARQL on graphs of
100k+ triples; ``engine="auto"`` picks it from ``AUTO_OXIGRAPH_FROM`` triples up.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from cvgraph.rdf.oxigraph import from_oxigraph, from_oxigraph_triple
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.results import Result, from_json_term
from cvgraph.rdf.syntax import FORMATS, format_for_path
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Triple

__all__ = ["ENGINES", "AUTO_OXIGRAPH_FROM", "check_syntax", "run_local", "run_remote", "choose_engine"]

ENGINES = ("auto", "rdflib", "oxigraph")
AUTO_OXIGRAPH_FROM = 10_000  # triples; below this both engines answer in milliseconds


def check_syntax(text: str, source: str) -> None:
    """Parse ``text`` (pyoxigraph's parser, which reports line:column) or raise QueryError."""
    import pyoxigraph as ox

    try:
        ox.Store().query(text)  # parsing is the point; evaluating on an empty store is instant
    except SyntaxError as exc:
        message = str(exc).splitlines()[0]
        where = re.match(r"error at (\d+):(\d+): (.*)", message)
        if where:
            line, col, what = where.groups()
            what = what if len(what) < 120 else what[:117] + "…"
            raise QueryError(f"{source}:{line}:{col}: SPARQL syntax error: {what}") from None
        raise QueryError(f"{source}: SPARQL syntax error: {message}") from None
    except Exception:  # noqa: BLE001 - it parsed; e.g. an extension function only a store knows
        pass


def choose_engine(engine: str, size: int) -> str:
    if engine == "auto":
        return "oxigraph" if size >= AUTO_OXIGRAPH_FROM else "rdflib"
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return engine


def data_format(path: Path) -> str:
    fmt = format_for_path(path)
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF file type; use .ttl, .nt, .nq, .trig, .rdf or .jsonld")
    return fmt


# ----------------------------------------------------------------------------- pyoxigraph

def _ox_store(triples: Sequence[Triple] | None, data: Path | None):  # noqa: ANN202
    import pyoxigraph as ox

    store = ox.Store()
    if data is not None:
        try:
            store.bulk_load(path=str(data), format=FORMATS[data_format(data)].oxigraph)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"{data}: cannot load: {str(exc).splitlines()[0]}") from None
        if FORMATS[data_format(data)].named_graphs:
            # The queries read the default graph: make it the RDF merge (a set) of every graph.
            # Oxigraph's union default graph is not a set (a triple in two graphs is seen twice).
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store
    from cvgraph.rdf.oxigraph import to_oxigraph

    g = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(*to_oxigraph(t), g) for t in triples or [])
    return store


def _run_oxigraph(text: str, form: str, store) -> Result:  # noqa: ANN001
    answer = store.query(text)
    if form == "ASK":
        return Result(form, boolean=bool(answer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Result(form, triples=[from_oxigraph_triple(t) for t in answer])
    variables = [v.value for v in answer.variables]
    rows = [[from_oxigraph(sol[v]) for v in variables] for sol in answer]
    return Result(form, variables, rows)


# ----------------------------------------------------------------------------- rdflib

def _rdflib_term(t):  # noqa: ANN001, ANN202
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return IRI(str(t))
    if isinstance(t, BNode):
        return Blank(str(t))
    assert isinstance(t, Literal)
    dt = str(t.datatype) if t.datatype is not None else None
    return Lit(str(t), None if dt == XSD + "string" else dt, t.language)


def _rdflib_graph(triples: Sequence[Triple] | None, data: Path | None):  # noqa: ANN202
    from rdflib import Dataset

    if data is not None:
        ds = Dataset(default_union=True)
        try:
            ds.parse(data, format=FORMATS[data_format(data)].rdflib)
        except Exception as exc:  # rdflib raises many kinds of parse errors
            raise QueryError(f"{data}: cannot load: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") \
                from None
        return ds
    from cvgraph.rdf.graph import to_graph

    return to_graph(triples or [])


def _run_rdflib(text: str, form: str, graph) -> Result:  # noqa: ANN001
    answer = graph.query(text)
    if form == "ASK":
        return Result(form, boolean=bool(answer.askAnswer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Result(form, triples=[tuple(_rdflib_term(x) for x in t) for t in answer.graph])
    variables = [str(v) for v in answer.vars]
    return Result(form, variables, [[_rdflib_term(row[i]) for i in range(len(variables))] for row in answer])


def run_local(text: str, form: str, triples: Sequence[Triple] | None = None, data: Path | None = None,
              engine: str = "auto") -> tuple[Result, str]:
    """Run on CV triples or an RDF file; returns the result and the engine that ran it."""
    size = len(triples) if triples is not None else (data.stat().st_size // 100 if data else 0)
    chosen = choose_engine(engine, size)
    if chosen == "oxigraph":
        return _run_oxigraph(text, form, _ox_store(triples, data)), chosen
    return _run_rdflib(text, form, _rdflib_graph(triples, data)), chosen


# ----------------------------------------------------------------------------- remote

_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414,
           "EndPointInternalError": 500}


def _first_line(body: bytes | str | None) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) < 160 else line[:157] + "…"


def _response_body(exc: Exception) -> bytes | None:
    """The server's answer, which SPARQLWrapper keeps only as a repr inside its message."""
    import ast

    _, sep, tail = str(exc).partition("Response:\n")
    if not sep:
        return None
    try:
        body = ast.literal_eval(tail.strip())
    except (ValueError, SyntaxError):
        return tail.encode()
    return body if isinstance(body, (bytes, str)) else None


def run_remote(text: str, form: str, endpoint: str, timeout: float = 30.0,
               default_graphs: Sequence[str] = ()) -> Result:
    """Run on a SPARQL 1.1 endpoint (POST, via SPARQLWrapper); errors become one-line QueryErrors.
    ``default_graphs`` are sent as ``default-graph-uri`` (the protocol's way to query named graphs)."""
    import socket
    import urllib.error

    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.timeout = max(0.1, float(timeout))  # setTimeout() would round to whole seconds
    for graph in default_graphs:
        client.addDefaultGraph(graph)
    client.setQuery(text)
    client.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    try:
        response = client.query()
        body = response.response.read()
    except urllib.error.HTTPError as exc:
        raise QueryError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise QueryError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)") from None
        raise QueryError(f"{endpoint}: cannot connect: {getattr(reason, 'strerror', None) or reason}") from None
    except (socket.timeout, TimeoutError):
        raise QueryError(f"{endpoint}: no answer within {timeout:g} s (use --timeout to wait longer)") from None
    except SPARQLWrapperException as exc:  # SPARQLWrapper's own exceptions for 400/401/404/414/500
        status = _STATUS.get(type(exc).__name__)
        detail = _first_line(_response_body(exc)) or type(exc).__name__
        raise QueryError(f"{endpoint}: HTTP {status}: {detail}" if status else f"{endpoint}: {detail}") from None
    except OSError as exc:
        raise QueryError(f"{endpoint}: {exc.strerror or exc}") from None
    not_sparql = QueryError(f"{endpoint}: the answer is not SPARQL results (is this a SPARQL endpoint?)")
    if form in ("CONSTRUCT", "DESCRIBE"):
        import pyoxigraph as ox

        try:
            return Result(form, triples=[from_oxigraph_triple(t)
                                         for t in ox.parse(body, format=ox.RdfFormat.TURTLE)])
        except (SyntaxError, ValueError):
            raise not_sparql from None
    import json

    try:
        data = json.loads(body)
        if form == "ASK":
            value = data["boolean"]
            return Result(form, boolean=value in (True, "true", "1", 1))  # Virtuoso answers "1"
        variables = data["head"].get("vars", [])
        rows = [[from_json_term(b[v]) if v in b else None for v in variables]
                for b in data["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise not_sparql from None
    return Result(form, variables, rows)
