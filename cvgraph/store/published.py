"""Querying a store as cvgraph published it: the default dataset, the hint for an empty answer.

``publish`` puts each CV in its own named graph and names that graph in its provenance graph
(``<urn:cvgraph:metadata>``: ``<graph> prov:wasAttributedTo <https://pypi.org/project/cvgraph/…>``;
staging graphs are never named there, and are left out anyway). A query on a store reads, by
default, the union of those graphs; ``graphs`` (``--graph``) name others; with no provenance the
store's default graph is read, as any SPARQL client would. The graphs are found by one small
query (:func:`discovery_query`, built from RDF terms) and sent:

- as the SPARQL protocol's ``default-graph-uri`` fields, in the POST body (no URL grows with the
  number of CVs);
- to Virtuoso (``--store virtuoso``) as ``FROM <g>`` clauses written into the query
  (:func:`cvgraph.sparql.dataset.with_from`; a query without a WHERE clause gets ``define
  input:default-graph-uri <g>`` pragmas instead): Virtuoso 7.2 echoes every ``default-graph-uri``
  field as an ``X-SPARQL-default-graph`` header of its answer, and Python's HTTP client refuses an
  answer with more than 100 headers (so a store of ~100 CVs could not be queried); the pragmas
  take time quadratic in their number (5 s for 500 graphs, ~60 s for 1,000), FROM linear (0.5 s
  for 500). Same answers.
- VIVO (``--store vivo``): every CV goes into one graph (the graph is read from cvgraph's record
  of what each CV asserted, :mod:`cvgraph.store.vivo_requests`); VIVO's query API
  (``/api/sparqlQuery``, Vitro's ``SparqlQueryApiController``) reads the ``query`` field only and
  answers from all of VIVO's graphs, so nothing narrower can be asked for there: the graph is
  named in the hint, and ``--graph`` is refused.

Oxigraph 0.5 and Virtuoso 7.2 both make a default graph of several graphs a multiset, not the
RDF merge the SPARQL protocol describes (verified): a triple held by two CVs' graphs (a shared
co-author's name, a paper both list) matches once per graph, and a row built from k such triples
comes back up to n^k times (5 overlapping generated CVs: 491 rows of ``advisors`` where the merge
gives 16). So when several graphs are read, a SELECT's rows come back once each, in the store's
order: the rows of the merge as a set (equal to the local answers of every bundled query; a
query's own duplicate rows are merged too). What this cannot mend: an aggregate over duplicated
matches (``COUNT(*)``, ``SUM``, ``GROUP_CONCAT`` without ``DISTINCT``) counts a shared triple once
per graph holding it; use ``DISTINCT`` inside the aggregate, or ``--graph`` for one CV.

An answer with no rows (an ASK that is false, an empty graph) gets :attr:`Result.hint`: one line
saying what was queried and the fix.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from cvgraph.errors import PublishError
from cvgraph.http import RETRIES, redact
from cvgraph.iri import check_iri
from cvgraph.rdf.terms import IRI, Lit, Term, sparql_term
from cvgraph.sparql.catalogue import QueryError
from cvgraph.sparql.dataset import with_from
from cvgraph.sparql.engines import ACCEPT, parse_answer, run_remote
from cvgraph.sparql.results import Result
from cvgraph.store.client import Endpoints, endpoints
from cvgraph.store.presets import PRESETS
from cvgraph.store.updates import METADATA_GRAPH, PROV, STAGING
from cvgraph.store.vivo_requests import ASSERTS

__all__ = ["Published", "Target", "discovery_query", "published", "query_store", "target"]

AGENT = "https://pypi.org/project/cvgraph/"  # every cvgraph version's agent IRI starts so (updates.provenance)
SHOWN = 3  # graphs a hint names before "…"


@dataclass(frozen=True)
class Target:
    """Where queries go (``urls.query``; VIVO: with its form-field credentials) and how: the store
    preset, ``timeout`` seconds per attempt, ``retries``, ``ca_cert``, ``allow_insecure_auth``."""

    urls: Endpoints
    store: str
    timeout: float
    retries: int | None = None
    ca_cert: str | os.PathLike[str] | None = None
    allow_insecure_auth: bool = False

    @property
    def url(self) -> str:
        assert self.urls.query is not None  # target() checks
        return self.urls.query

    @property
    def where(self) -> str:
        return redact(self.url)


def target(endpoint: str | None, store: str = "oxigraph", query_url: str | None = None, *, timeout: float,
           retries: int | None = None, ca_cert: str | os.PathLike[str] | None = None,
           allow_insecure_auth: bool = False) -> Target:
    """The query URL of ``store`` under ``endpoint`` (the presets publish uses), ``query_url``
    winning; a one-line error when there is none (``--store generic`` without ``--query-url``)."""
    try:
        urls = endpoints(endpoint, store, query_url)
    except PublishError as exc:
        raise QueryError(str(exc)) from None
    if urls.query is None:
        raise QueryError(f"--store {store} has no preset query path: give --query-url URL" if PRESETS.get(store) is None
                         else "no endpoint: give --endpoint URL (the store's base URL, as for publish)")
    return Target(Endpoints(urls.query, None, None, urls.form_auth), store, timeout, retries, ca_cert,
                  allow_insecure_auth)


def _send(where: Target, text: str, form: str, graphs: list[str]) -> Result:
    """One query, ``graphs`` as its default graph (none: the store's own default graph)."""
    if where.urls.form_auth:  # VIVO: the credentials go as form fields, through publish's client
        from cvgraph.store.publishing import client_for

        try:
            client = client_for(where.urls, where.timeout, RETRIES if where.retries is None else where.retries,
                                where.ca_cert, allow_insecure_auth=where.allow_insecure_auth)
            body = client.query(text, ACCEPT[form])
        except PublishError as exc:
            raise QueryError(str(exc)) from None
        return parse_answer(body, form, where.where)
    if where.store == "virtuoso" and graphs:  # FROM clauses; define pragmas where they cannot be placed
        text = with_from(text, graphs) or "".join(f"define input:default-graph-uri {sparql_term(IRI(g))}\n"
                                                  for g in graphs) + text
        graphs = []
    return run_remote(text, form, where.url, where.timeout, graphs, retries=where.retries, ca_cert=where.ca_cert,
                      allow_insecure_auth=where.allow_insecure_auth)


def discovery_query(vivo: bool = False, metadata: str = METADATA_GRAPH) -> str:
    """The query listing what cvgraph published: ``?g``, each CV graph its provenance names; with
    ``vivo``, ``?d`` each CV's document and ``?line`` one line of its record (which names the graph)."""
    m, by, agent = sparql_term(IRI(metadata)), sparql_term(IRI(PROV + "wasAttributedTo")), sparql_term(Lit(AGENT))
    ours = f"FILTER(STRSTARTS(STR(?agent), {agent}))"
    if vivo:
        return (f"SELECT ?d (SAMPLE(?t) AS ?line) WHERE {{ GRAPH {m} {{ ?d {by} ?agent . "
                f"?d {sparql_term(ASSERTS)} ?t }} {ours} }} GROUP BY ?d\n")
    return f"SELECT DISTINCT ?g WHERE {{ GRAPH {m} {{ ?g {by} ?agent }} {ours} }}\n"


@dataclass(frozen=True)
class Published:
    """What cvgraph's provenance says it published in a store: how many CVs, into which graphs."""

    cvs: int = 0
    graphs: list[str] = field(default_factory=list)


def published(where: Target) -> Published:
    """The CV graphs cvgraph published at ``where`` (sorted; staging graphs left out)."""
    vivo = where.urls.form_auth
    try:
        answer = _send(where, discovery_query(vivo), "SELECT", [])
    except QueryError as exc:
        preset = PRESETS.get(where.store)
        path = preset[0] if preset else ""
        if path and " 404 " in str(exc) and where.url.rstrip("/").endswith(path + path):
            raise QueryError(f"{exc}; --endpoint takes the store's base URL: leave out {path}") from None
        raise
    if vivo:
        lines = [row[1].value for row in answer.rows if isinstance(row[1], Lit)]
        return Published(len(answer.rows), sorted({g for g in map(_graph_of, lines) if g}))
    names = {t.value for row in answer.rows for t in row if isinstance(t, IRI)}
    graphs = sorted(g for g in names if not g.rstrip("/").endswith(STAGING))
    return Published(len(graphs), graphs)


def _graph_of(line: str) -> str | None:
    """The graph a record line (one N-Quads line) names."""
    import pyoxigraph as ox  # lazy: a heavy native library

    try:
        quads = list(ox.parse((line + "\n").encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError):
        return None
    return quads[0].graph_name.value if len(quads) == 1 and isinstance(quads[0].graph_name, ox.NamedNode) else None


def query_store(text: str, form: str, where: Target, graphs: list[str] | None = None,
                names_dataset: bool = False) -> Result:
    """Run ``text`` (a checked query of ``form``) at ``where`` on ``graphs`` (their RDF merge as the
    default graph), by default on the CV graphs cvgraph published there (see the module); a query
    that ``names_dataset`` (``FROM``, ``FROM NAMED``) reads what it names. The result says which
    graphs were queried (``graphs``: none, the store's default graph or the query's ``FROM``) and,
    when the answer is empty, carries the one-line ``hint``."""
    chosen = [check_iri(g, "--graph") for g in graphs or []]
    if chosen and where.urls.form_auth:
        raise QueryError("--graph: VIVO's query API reads all of VIVO's graphs and takes no other dataset; "
                         "name the graph in the query instead (GRAPH <…> { … })")
    if chosen and names_dataset:
        raise QueryError("--graph names the graphs to read, and so does the query (FROM): keep one of them")
    found = None if chosen or names_dataset or where.urls.form_auth else published(where)
    dataset = chosen or ([] if found is None else found.graphs)
    result = _send(where, text, form, dataset)
    result.engine = "remote"
    result.graphs = dataset
    if form == "SELECT" and len(dataset) > 1:  # the stores' union is a multiset: the merge's rows, once each
        seen: dict[tuple[object, ...], list[Term | None]] = {}
        for row in result.rows:
            seen.setdefault(tuple((type(t).__name__, t) for t in row), row)
        result.rows = list(seen.values())
    if _empty(result) and not names_dataset:
        result.hint = _hint(where, chosen, found if found is not None else published(where))
    return result


def _empty(result: Result) -> bool:
    if result.form == "ASK":
        return not result.boolean
    return not (result.triples if result.form in ("CONSTRUCT", "DESCRIBE") else result.rows)


def _names(graphs: list[str]) -> str:
    shown = ", ".join(f"<{g}>" for g in graphs[:SHOWN])
    return shown + (f", … ({len(graphs)} in all)" if len(graphs) > SHOWN else "")


def _hint(where: Target, chosen: list[str], found: Published) -> str:
    """One line: what an empty answer came from, and what to do."""
    at = where.where
    if not found.cvs:
        graph = f"--graph {_names(chosen)}" if chosen else ("VIVO's graphs" if where.urls.form_auth
                                                             else "the store's default graph")
        return (f"no answer from {graph} at {at}; nothing cvgraph published is there (no CV graph listed in "
                f"<{METADATA_GRAPH}>): check --endpoint and --store (now {where.store}), or publish first "
                f"(cvgraph publish --endpoint URL --store {where.store})")
    cvs = f"{found.cvs} CV{'s' if found.cvs != 1 else ''}"
    if where.urls.form_auth:
        return (f"no answer from VIVO at {at}, which holds {cvs} cvgraph published into {_names(found.graphs)} "
                "(VIVO's query API reads all of its graphs): the query matches nothing there (published with "
                "the vivo profile, the default of --store vivo? the bundled queries read the core vocabularies: "
                "publish with --profile all)")
    if chosen:
        other = [g for g in found.graphs if g not in chosen]
        if not other:
            return f"no answer from --graph {_names(chosen)} at {at}: the query matches nothing there"
        return (f"no answer from --graph {_names(chosen)} at {at}; cvgraph published {cvs} there, in "
                f"{_names(found.graphs)}: leave out --graph to query them all, or name one of them")
    return (f"no answer from the {cvs} cvgraph published at {at} ({_names(found.graphs)}): the query matches "
            "nothing in them (check its parameters); another graph: --graph IRI")
