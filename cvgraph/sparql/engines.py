"""Where a query runs: rdflib or pyoxigraph on local data, or a remote SPARQL endpoint.

All three give a :class:`cvgraph.results.Result` of plain terms, so output and tests do not
care which engine answered. pyoxigraph is 20 to 100 times faster than rdflib's SPARQL on graphs of
100k+ triples; ``engine="auto"`` picks it from ``AUTO_OXIGRAPH_FROM`` triples up.
"""
from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cvgraph.errors import PublishError
from cvgraph.fsio import regular_file
from cvgraph.rdf.oxigraph import from_oxigraph, from_oxigraph_triple, to_oxigraph_quad
from cvgraph.rdf.syntax import FORMATS, format_for_path
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, order
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.results import Result, from_json_term

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib
    from rdflib.query import Result as RdflibResult

__all__ = ["AUTO_OXIGRAPH_FROM", "ENGINES", "check_syntax", "choose_engine", "data_format", "oxigraph_store",
           "parse_answer", "rdflib_graph", "run_local", "run_oxigraph", "run_rdflib", "run_remote"]

ENGINES = ("auto", "rdflib", "oxigraph")
AUTO_OXIGRAPH_FROM = 10_000  # triples; below this both engines answer in milliseconds


def check_syntax(text: str, source: str) -> None:
    """Parse ``text`` (pyoxigraph's parser, which reports line:column) or raise QueryError."""
    import pyoxigraph as ox  # lazy: a heavy native library

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
    except Exception:  # noqa: BLE001, S110 - it parsed; e.g. an extension function only a store knows
        pass


def choose_engine(engine: str, size: int) -> str:
    if engine == "auto":
        return "oxigraph" if size >= AUTO_OXIGRAPH_FROM else "rdflib"
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return engine


def data_format(path: Path) -> str:
    """The RDF syntax of a data file, from its extension (:data:`cvgraph.rdf.syntax.FORMATS`)."""
    fmt = format_for_path(path)
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF file type; use .ttl, .nt, .nq, .trig, .rdf or .jsonld")
    return fmt


# ----------------------------------------------------------------------------- pyoxigraph

def oxigraph_store(triples: Sequence[Triple] | None, data: Path | None) -> pyoxigraph.Store:
    import pyoxigraph as ox  # lazy: a heavy native library

    store = ox.Store()
    if data is not None:
        fmt = FORMATS[data_format(data)]
        try:
            store.bulk_load(path=str(regular_file(data)), format=fmt.oxigraph)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"{data}: cannot load: {str(exc).splitlines()[0]}") from None
        if fmt.named_graphs:
            # The queries read the default graph: make it the RDF merge (a set) of every graph.
            # Oxigraph's union default graph is not a set (a triple in two graphs is seen twice).
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store
    g = ox.DefaultGraph()
    store.bulk_extend(to_oxigraph_quad(t, g) for t in triples or [])
    return store


def run_oxigraph(text: str, form: str, store: pyoxigraph.Store) -> Result:
    import pyoxigraph as ox  # lazy: a heavy native library

    answer = store.query(text)
    if isinstance(answer, ox.QueryBoolean):
        return Result(form, boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Result(form, triples=[from_oxigraph_triple(t) for t in answer])
    variables = [v.value for v in answer.variables]
    rows = [[from_oxigraph(sol[v]) for v in variables] for sol in answer]
    return Result(form, variables, rows)


# ----------------------------------------------------------------------------- rdflib

def _rdflib_term(t: object) -> Term | None:
    from rdflib import BNode, Literal, URIRef  # lazy: a heavy library

    if t is None:
        return None
    if isinstance(t, URIRef):
        return IRI(str(t))
    if isinstance(t, BNode):
        return Blank(str(t))
    assert isinstance(t, Literal)
    dt = str(t.datatype) if t.datatype is not None else None
    return Lit(str(t), None if dt == XSD + "string" else dt, t.language)


def _data_triples(data: Path) -> list[Triple]:
    """The triples of an RDF file, its named graphs merged into one set: the default graph the
    queries read (as the pyoxigraph engine makes it)."""
    import pyoxigraph as ox  # lazy: a heavy native library

    try:
        found = {from_oxigraph_triple(q) for q in ox.parse(path=str(regular_file(data)),
                                                           format=FORMATS[data_format(data)].oxigraph)}
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{data}: cannot load: {str(exc).splitlines()[0]}") from None
    return sorted(found, key=order)


def rdflib_graph(triples: Sequence[Triple] | None, data: Path | None) -> rdflib.Graph:
    from cvgraph.rdf.graph import to_graph  # lazy: imports rdflib

    return to_graph(_data_triples(data) if data is not None else triples or [])


def run_rdflib(text: str, form: str, graph: rdflib.Graph) -> Result:
    answer: RdflibResult = graph.query(text)
    if form == "ASK":
        return Result(form, boolean=bool(answer.askAnswer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        assert answer.graph is not None
        triples = [cast(Triple, (_rdflib_term(s), _rdflib_term(p), _rdflib_term(o))) for s, p, o in answer.graph]
        return Result(form, triples=triples)
    variables = [str(v) for v in answer.vars or []]
    rows: list[Any] = list(answer)
    return Result(form, variables, [[_rdflib_term(row[i]) for i in range(len(variables))] for row in rows])


def run_local(text: str, form: str, triples: Sequence[Triple] | None = None, data: Path | None = None,
              engine: str = "auto") -> tuple[Result, str]:
    """Run on CV triples or an RDF file; returns the result and the engine that ran it."""
    size = len(triples) if triples is not None else (data.stat().st_size // 100 if data else 0)
    chosen = choose_engine(engine, size)
    if chosen == "oxigraph":
        return run_oxigraph(text, form, oxigraph_store(triples, data)), chosen
    return run_rdflib(text, form, rdflib_graph(triples, data)), chosen


# ----------------------------------------------------------------------------- remote

_ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
           "CONSTRUCT": "text/turtle", "DESCRIBE": "text/turtle"}


def run_remote(text: str, form: str, endpoint: str, timeout: float = 30.0, default_graphs: Sequence[str] = (),
               *, retries: int | None = None, ca_cert: str | os.PathLike[str] | None = None,
               allow_insecure_auth: bool = False) -> Result:
    """Run on a SPARQL 1.1 endpoint (protocol POST, through :func:`cvgraph.http.request`:
    credentials from CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc sent when the server asks, TLS with
    ``ca_cert`` trusted too, ``retries`` (default ``RETRIES``) after a refused connection or 5xx,
    ``timeout`` seconds per attempt); every failure is a one-line QueryError. ``default_graphs``
    are sent as ``default-graph-uri`` (the protocol's way to query named graphs)."""
    # lazy: the HTTP stack (urllib, ssl), only for --endpoint
    from cvgraph.http import RETRIES, check_url, credentials, redact, request, tls_context

    try:
        check_url(endpoint)
        context = tls_context(ca_cert) if ca_cert is not None else None
        fields = [("query", text), *(("default-graph-uri", g) for g in default_graphs)]
        body = request("POST", endpoint, urllib.parse.urlencode(fields).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT[form]},
                       timeout=timeout, auth=credentials(endpoint), idempotent=True,
                       retries=RETRIES if retries is None else retries, context=context,
                       allow_insecure_auth=allow_insecure_auth)
    except PublishError as exc:  # the HTTP layer's one-line error, as a query's
        raise QueryError(str(exc)) from None
    return parse_answer(body, form, redact(endpoint))


def parse_answer(body: bytes, form: str, endpoint: str) -> Result:
    """An endpoint's answer: SPARQL JSON results (SELECT, ASK) or Turtle (CONSTRUCT, DESCRIBE)."""
    not_sparql = QueryError(f"{endpoint}: the answer is not SPARQL results (is this a SPARQL endpoint?)")
    if form in ("CONSTRUCT", "DESCRIBE"):
        import pyoxigraph as ox  # lazy: a heavy native library

        try:
            return Result(form, triples=[from_oxigraph_triple(t)
                                         for t in ox.parse(body, format=ox.RdfFormat.TURTLE)])
        except (SyntaxError, ValueError):
            raise not_sparql from None
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
