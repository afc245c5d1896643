"""Where a query runs: rdflib or pyoxigraph on local data, or a remote SPARQL endpoint.

All three give a :class:`cvgraph.results.Result` of plain terms, so output and tests do not
care which engine answered. ``engine="auto"`` is pyoxigraph, whatever the size: 20 to 100 times
faster than rdflib's SPARQL on graphs of 100k+ triples, and faster on one CV too (a whole
``cvgraph query publication-list`` on a CV with a 140-author paper: 0.4 s, against 1.5 s on
rdflib, most of it rdflib's import and its evaluation). rdflib is the second engine, on request.

A local query (:func:`run_local`) is offline (:func:`cvgraph.sparql.parsing.check_local`) and
bounded: loaded and evaluated in a worker killed at the deadline, with at most ``max_results``
rows or triples (:mod:`cvgraph.sparql.bounded`).
"""
from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from cvgraph.errors import PublishError
from cvgraph.fsio import regular_file
from cvgraph.rdf.oxigraph import from_oxigraph, from_oxigraph_triple, to_oxigraph_quad, to_oxigraph_term
from cvgraph.rdf.syntax import FORMATS, format_for_path
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple, order
from cvgraph.sparql.bounded import DEFAULT_TIMEOUT, MAX_RESULTS, check_limits, within_deadline
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.parsing import Parsed, check_local, warm_up
from cvgraph.sparql.results import Result, from_json_term

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

    from cvgraph.rdf.oxigraph import OxTerm

__all__ = ["ACCEPT", "ENGINES", "choose_engine", "data_format", "data_triples", "load_error",
           "oxigraph_store", "parse_answer", "rdflib_graph", "run_local", "run_oxigraph", "run_rdflib", "run_remote"]

ENGINES = ("auto", "rdflib", "oxigraph")
T = TypeVar("T")


def choose_engine(engine: str) -> str:
    """The engine that runs a local query: ``auto`` is pyoxigraph (see the module doc)."""
    if engine == "auto":
        return "oxigraph"
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
            raise load_error(data, exc) from None
        if fmt.named_graphs:
            # The queries read the default graph: make it the RDF merge (a set) of every graph.
            # Oxigraph's union default graph is not a set (a triple in two graphs is seen twice).
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return store
    g = ox.DefaultGraph()
    store.bulk_extend(to_oxigraph_quad(t, g) for t in triples or [])
    return store


def run_oxigraph(text: str, form: str, store: pyoxigraph.Store, max_results: int = MAX_RESULTS) -> Result:
    import pyoxigraph as ox  # lazy: a heavy native library

    answer = store.query(text)
    if isinstance(answer, ox.QueryBoolean):
        return Result(form, boolean=bool(answer))
    term = _converter()
    if isinstance(answer, ox.QueryTriples):
        return Result(form, triples=[cast(Triple, (term(t.subject), term(t.predicate), term(t.object)))
                                     for t in _at_most(answer, max_results)])
    variables = [v.value for v in answer.variables]
    rows = [[term(value) for value in sol] for sol in _at_most(answer, max_results)]
    return Result(form, variables, rows)


def _converter() -> Callable[[object], Term | None]:
    """:func:`from_oxigraph`, each distinct term converted once: an answer repeats its terms (people,
    names, years, predicates), and converting them one by one was most of the time spent reading a
    large answer (0.38 s of 33k rows on 1,000 CVs, 0.1 s this way)."""
    made: dict[object, Term | None] = {None: None}

    def term(t: object) -> Term | None:
        try:
            return made[t]
        except KeyError:
            found: Term | None = from_oxigraph(cast("OxTerm | None", t))
            made[t] = found
            return found

    return term


def _at_most(items: Iterable[T], limit: int) -> list[T]:
    """The items, read lazily; a QueryError past ``limit`` of them."""
    found = list(islice(items, limit + 1))
    if len(found) > limit:
        raise QueryError(f"the query gives more than {limit:,} results (rows or triples): narrow it "
                         "(e.g. with LIMIT), or raise --max-results")
    return found


# ----------------------------------------------------------------------------- rdflib

def _rdflib_term(t: object) -> Term | None:
    """Our term for an rdflib term; None for none, or for a term that is not valid RDF (rdflib's
    IRI() makes an IRI of any text: SPARQL 1.1 §17.4.2.8 says that is an error, so unbound)."""
    from rdflib import BNode, Literal, URIRef  # lazy: a heavy library

    if t is None:
        return None
    if isinstance(t, BNode):
        return Blank(str(t))
    term: Term
    if isinstance(t, URIRef):
        term = IRI(str(t))
    else:
        assert isinstance(t, Literal)
        dt = str(t.datatype) if t.datatype is not None else None
        term = Lit(str(t), None if dt == XSD + "string" else dt, t.language)
    try:
        to_oxigraph_term(term)  # pyoxigraph checks IRIs (RFC 3987) and language tags
    except ValueError:
        return None
    return term


def _rdflib_triple(s: object, p: object, o: object) -> Triple | None:
    """A constructed triple, or None if it is not RDF (SPARQL 1.1 §16.2: such a triple is left out)."""
    subject, predicate, obj = _rdflib_term(s), _rdflib_term(p), _rdflib_term(o)
    if isinstance(subject, IRI | Blank) and isinstance(predicate, IRI) and obj is not None:
        return subject, predicate, obj
    return None


def data_triples(data: Path) -> list[Triple]:
    """The triples of an RDF file, its named graphs merged into one set: the default graph the
    queries read (as the pyoxigraph engine makes it)."""
    import pyoxigraph as ox  # lazy: a heavy native library

    try:
        found = {from_oxigraph_triple(q) for q in ox.parse(path=str(regular_file(data)),
                                                           format=FORMATS[data_format(data)].oxigraph)}
    except (SyntaxError, ValueError, OSError) as exc:
        raise load_error(data, exc) from None
    return sorted(found, key=order)


def rdflib_graph(triples: Sequence[Triple] | None, data: Path | None) -> rdflib.Graph:
    from cvgraph.rdf.graph import to_graph  # lazy: imports rdflib

    return to_graph(data_triples(data) if data is not None else triples or [])


def run_rdflib(query: str | Parsed, form: str, graph: rdflib.Graph, max_results: int = MAX_RESULTS) -> Result:
    """Evaluate on rdflib: a Parsed query's algebra as it is (no second parse), or query text."""
    answer = graph.query(query.algebra if isinstance(query, Parsed) else query)
    if form == "ASK":
        return Result(form, boolean=bool(answer.askAnswer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        assert answer.graph is not None
        made = (_rdflib_triple(*t) for t in _at_most(answer.graph, max_results))
        return Result(form, triples=[t for t in made if t is not None])
    variables = [str(v) for v in answer.vars or []]
    return Result(form, variables, [[_rdflib_term(row[i]) for i in range(len(variables))]  # type: ignore[index]
                                    for row in _at_most(answer, max_results)])


# ----------------------------------------------------------------------------- local, bounded

def run_local(query: str | Parsed, form: str, triples: Sequence[Triple] | None = None, data: Path | None = None,
              engine: str = "auto", *, timeout: float = DEFAULT_TIMEOUT, max_results: int = MAX_RESULTS,
              allow_service: bool = False, source: str = "query") -> tuple[Result, str]:
    """Run on CV triples or an RDF file; returns the result and the engine that ran it.

    Offline unless ``allow_service`` (:func:`cvgraph.sparql.parsing.check_local`, before anything
    is evaluated); parsing, loading ``data`` and evaluating end after ``timeout`` seconds, and at
    most ``max_results`` rows or triples come back (:mod:`cvgraph.sparql.bounded`): one-line
    QueryErrors located in the query's file (``source``, or a Parsed query's) or the data file."""
    parsed = query if isinstance(query, Parsed) else Parsed(query, source)
    check_limits(timeout, max_results)
    if data is not None:
        data_format(data)
        try:
            data.stat()
        except OSError as exc:
            raise QueryError(f"{data}: cannot read: {exc.strerror or exc}") from None
    chosen = choose_engine(engine)
    if chosen == "rdflib" or parsed.may_name_other_data:
        warm_up()  # the worker parses with rdflib: ready its grammar here, once

    def work() -> Result:
        check_local(parsed, allow_service, chosen)  # parses with rdflib where needed, evaluates nothing
        if chosen == "oxigraph":
            store = oxigraph_store(triples, data)
            return _located(parsed, chosen, lambda: run_oxigraph(parsed.text, form, store, max_results))
        graph = rdflib_graph(triples, data)
        return _located(parsed, chosen, lambda: run_rdflib(parsed, form, graph, max_results))

    return within_deadline(work, timeout, str(data or parsed.source)), chosen


def _located(parsed: Parsed, engine: str, run: Callable[[], Result]) -> Result:
    """``run()``, its errors as one-line QueryErrors located in the query's file."""
    source = parsed.source
    try:
        return run()
    except QueryError as exc:
        raise QueryError(f"{source}: {exc}") from None
    except SyntaxError as exc:  # pyoxigraph's parser, before it evaluates anything
        parsed.check()  # rdflib's error, on the lines of the user's file (before parameters were bound)
        where = re.match(r"error at (\d+):(\d+): (.*)", str(exc).splitlines()[0] if str(exc) else "")
        what = f"{where[1]}:{where[2]}: SPARQL syntax error: {where[3]}" if where else f" SPARQL syntax error: {exc}"
        raise QueryError(f"{source}:{what} ({engine})") from None
    except RecursionError:
        # rdflib recurses once per step of a path such as rdf:rest* (an author list of ~950+
        # cells), and once per level of a nested query
        hint = "; try --engine oxigraph" if engine == "rdflib" else ""
        raise QueryError(f"{source}: {engine} recursed too deeply (a long path such as rdf:rest* over a "
                         f"long list, or a deeply nested query){hint}") from None
    except Exception as exc:  # noqa: BLE001 - the engine's own error (an unknown function, a SERVICE that failed)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"{source}: the query failed on {engine}: {message[:300]}") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic in pyoxigraph (pyo3's PanicException)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"{source}: the query failed on {engine} ({type(exc).__name__}): {message[:300]}") from None


def load_error(data: Path, exc: BaseException) -> QueryError:
    """A one-line error for a data file that did not load; a JSON-LD ``@context`` that is a URL
    (remote or ``file:``; never fetched) is named, with its line, and the fix."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "LoadDocumentCallback" in message:
        found = _context_url(data)
        if found is not None:
            url, line = found
            return QueryError(f"{data}:{line}: the JSON-LD @context {url} is not loaded (cvgraph fetches no "
                              "context, remote or file:); inline it: put the context's JSON object in its place")
        return QueryError(f"{data}: a JSON-LD @context is a URL (cvgraph fetches no context, remote or file:); "
                          "inline it: put the context's JSON object in its place")
    if isinstance(exc, OSError) and exc.strerror:
        message = exc.strerror
    return QueryError(f"{data}: cannot load: {message}")


def _context_url(data: Path) -> tuple[str, int] | None:
    """The first ``@context`` or ``@import`` URL of a JSON-LD file, and its line."""
    try:
        text = data.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, ValueError):
        return None
    todo: list[object] = [document]
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            for key, value in node.items():
                refs = value if isinstance(value, list) else [value]
                url = next((r for r in refs if isinstance(r, str)), None) if key in ("@context", "@import") else None
                if url is not None:
                    at = text.find(json.dumps(url)[1:-1])
                    return url, text.count("\n", 0, max(at, 0)) + 1
                todo.append(value)
        elif isinstance(node, list):
            todo.extend(node)
    return None


# ----------------------------------------------------------------------------- remote

ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
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
                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT[form]},
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
