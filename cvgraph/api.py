"""The Python API, mirroring the CLI: load → triples → graph → validate → serialize.

>>> import cvgraph
>>> cv = cvgraph.load(cvgraph.sample_path())
>>> graph = cvgraph.build(cv)
>>> cvgraph.validate(graph).conforms
True
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvgraph.errors import CvgraphError, OutputError
from cvgraph.fsio import write_atomic
from cvgraph.iri import check_iri
from cvgraph.mapping.profiles import VivoOptions, joined
from cvgraph.mapping.walker import document_iri, work_iri
from cvgraph.pipeline.build import merged_parts, merged_triples, profile_report
from cvgraph.pipeline.many import build_many, validate_many
from cvgraph.pipeline.sources import Source, Sources, load, load_all, open_sources
from cvgraph.rdf.syntax import serialize as _serialize
from cvgraph.rdf.terms import Triple
from cvgraph.records.loader import CV
from cvgraph.resources import sample_path
from cvgraph.shacl.validation import Report
from cvgraph.shacl.validation import validate as _validate_graph
from cvgraph.sparql.bounded import DEFAULT_TIMEOUT, MAX_RESULTS
from cvgraph.sparql.catalogue import QueryError, load_query

if TYPE_CHECKING:
    from rdflib import Graph
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

    from cvgraph.export.options import Exported, ExportOptions
    from cvgraph.sparql.results import Result
    from cvgraph.store.publishing import Outcome
    from cvgraph.web.jsonld import Selection

__all__ = ["Source", "build", "build_many", "embed_document", "export", "load", "load_all", "publish", "query", "scholar_tags",
           "serialize", "site", "triples", "validate", "validate_many"]


def triples(source: Source, base: str | None = None, profile: str = "core",
            vivo: VivoOptions | None = None) -> list[Triple]:
    """The sorted triples of one or more CVs (merged), without rdflib, in ``profile``'s
    vocabularies: ``core`` (schema.org, FOAF, BIBO), ``vivo`` (VIVO-ISF; ``vivo``: its namespace
    and ORCID IRI scheme), ``all`` (both).

    >>> from cvgraph.resources import sample_path
    >>> len(triples(sample_path())) > 1000
    True
    """
    return merged_triples(load_all(source, base), base, profile, vivo)


def build(source: Source, base: str | None = None, profile: str = "core", vivo: VivoOptions | None = None) -> Graph:
    """An rdflib graph of one or more CVs, in ``profile``'s vocabularies (``core``, ``vivo``, ``all``)."""
    from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy

    return to_graph(triples(source, base, profile, vivo))


def validate(source: Graph | Source, profile: str = "core", base: str | None = None,
             use_cache: bool = False, vivo: VivoOptions | None = None) -> Report:
    """Validate an rdflib graph, or the graph of CV file(s) (in the profile's vocabularies),
    against a bundled SHACL profile (``core``, ``google``, ``vivo``, ``all``). With
    ``use_cache``, a report cached for the same triples, shapes and versions is reused."""
    if _is_graph(source):
        return _validate_graph(source, profile)
    cvs = load_all(source, base)
    parts = merged_parts(cvs, base, profile, vivo)
    return profile_report(parts, profile, joined(parts), use_cache=use_cache)


def _is_graph(source: Graph | Source) -> TypeIs[Graph]:
    """Whether ``source`` is an rdflib graph (told without importing rdflib)."""
    return hasattr(source, "serialize") and hasattr(source, "triples")


def serialize(source: Source, format: str = "turtle", base: str | None = None, profile: str = "core",
              vivo: VivoOptions | None = None) -> bytes:
    """One or more CVs in an RDF syntax (bytes, deterministic), in ``profile``'s vocabularies."""
    cvs = load_all(source, base)
    name = document_iri(cvs[0], base) if len(cvs) == 1 else None
    return _serialize(merged_triples(cvs, base, profile, vivo), format, graph_name=name, prefix_iri=name)


def query(name_or_path: str, source: Source | None = None, *, data: str | os.PathLike[str] | None = None,
          endpoint: str | None = None, store: str = "oxigraph", query_url: str | None = None,
          graphs: Iterable[str] = (), params: dict[str, str] | None = None, engine: str = "auto",
          timeout: float = DEFAULT_TIMEOUT, base: str | None = None,
          retries: int | None = None, ca_cert: str | os.PathLike[str] | None = None,
          allow_insecure_auth: bool = False, allow_service: bool = False, max_results: int = MAX_RESULTS) -> Result:
    """Run a bundled query (by name) or a ``.rq`` file on CV file(s) (default: the bundled sample),
    on an RDF file (``data``, its named graphs merged) or on a triple store; ``params`` are bound as
    RDF terms. The result's ``engine`` says which engine answered (``remote`` for a store).

    A store is named as :func:`publish` names it: ``endpoint``, its base URL, and ``store``, the
    preset (``oxigraph``, ``virtuoso``, ``fuseki``, ``graphdb``, ``vivo``) that gives its query
    URL under it; ``query_url`` overrides the preset (``store="generic"`` needs it). By default the
    query reads what cvgraph published there: the union of the CV graphs named in its provenance
    graph ``<urn:cvgraph:metadata>`` (staging graphs excluded; VIVO: all of VIVO's graphs, which is
    what its API reads), or the store's default graph when no provenance is there; ``graphs`` names
    the graphs to read instead (their union; a SELECT's rows once each, see
    :mod:`cvgraph.store.published` for what the stores' multiset union still changes: an
    aggregate without DISTINCT). ``result.graphs`` lists the graphs read; an empty
    answer carries ``result.hint``, one line saying what was read and how to read something else
    (:mod:`cvgraph.store.published`). ``timeout``, ``retries`` (default 2) and ``ca_cert`` as for
    :func:`publish`; credentials from CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc.

    Locally: no SERVICE call unless ``allow_service``; loading and evaluating end after
    ``timeout`` seconds, and at most ``max_results`` rows or triples
    (:func:`cvgraph.sparql.engines.run_local`)."""
    # lazy: the query engines, only for queries (publish, validate and export import this module too)
    from cvgraph.sparql.engines import run_local
    from cvgraph.sparql.parsing import check_local, prepare

    q = load_query(str(name_or_path))
    parsed = prepare(q, dict(params or {}))  # parsed when needed, never evaluated
    chosen = list(graphs)
    if endpoint or query_url:
        from cvgraph.store.published import query_store, target  # lazy: the HTTP stack, only for a store

        if source is not None or data is not None:
            raise QueryError("query either local data (CV files, --data) or a store (--endpoint), not both")

        where = target(endpoint, store, query_url, timeout=timeout, retries=retries, ca_cert=ca_cert,
                       allow_insecure_auth=allow_insecure_auth)
        checked = parsed.check()
        return query_store(checked.text, q.form, where, chosen, names_dataset=bool(checked.datasets))
    if chosen or store != "oxigraph":
        raise QueryError("--graph and --store are about a store: give its URL too (--endpoint URL)")
    check_local(parsed, allow_service)  # SERVICE, FROM: refused before any CV is built
    local = partial(run_local, parsed, q.form, engine=engine, timeout=timeout, max_results=max_results,
                    allow_service=allow_service)
    if data is not None:
        result, used = local(data=Path(data))
    else:
        sources = open_sources(source if source is not None else [], default=sample_path)
        if sources.batch:
            result, used = _query_many(local, sources, base=base)
        else:
            result, used = local(triples(sources, base))
    result.engine = used
    return result


def _query_many(local: Callable[..., tuple[Result, str]], sources: Sources, *,
                base: str | None) -> tuple[Result, str]:
    """A query over many CVs: their triples (per-CV cache, no validation) in the query store
    (:mod:`cvgraph.pipeline.querystore`: kept in the cache folder, updated per changed CV),
    loaded as ONE default graph, the RDF merge of the CVs. Not a named graph per CV: pyoxigraph's
    union of named graphs is a multiset (a triple in two CVs' graphs gives duplicate solutions)
    and much slower for some queries."""
    from cvgraph.pipeline.querystore import merged_cvs  # lazy: only for a query over many CVs

    with merged_cvs(sources, base) as data:
        return local(data=data)


def _one_cv(source: Source, base: str | None, what: str) -> tuple[list[Triple], str, CV]:
    cvs = load_all(source, base)
    if len(cvs) != 1:
        raise CvgraphError(f"{what} takes one CV")
    return merged_triples(cvs, base), document_iri(cvs[0], base), cvs[0]


def embed_document(source: Source, selection: Selection | None = None, base: str | None = None) -> dict[str, Any]:
    """The homepage JSON-LD (a dict) for one CV; ``selection`` picks the works."""
    from cvgraph.web.jsonld import Selection, profile_jsonld  # lazy: the web stack, only for embed

    items, name, _ = _one_cv(source, base, "embed")
    return profile_jsonld(items, name, selection or Selection())


def scholar_tags(source: Source, work: str, base: str | None = None) -> str:
    """Google Scholar ``citation_*`` meta tags for one work (publication id, IRI, ``:pub-…`` as query
    tables print it, or DOI)."""
    from cvgraph.web.jsonld import Index  # lazy: the web stack, only for the tags
    from cvgraph.web.scholar import find_work, meta_tags

    cvs = load_all(source, base)
    items = merged_triples(cvs, base)
    ids: dict[str, str] = {}  # a publication id names the work whatever its IRI (a DOI'd work's is its DOI)
    for cv in cvs:
        for pub_id in cv.publications:
            ids.setdefault(pub_id, work_iri(cv, pub_id, base).value)
    ix = Index(items)  # built once, for the lookup and the tags
    return meta_tags(ix, find_work(ix, work, ids))


def site(source: Source, output: str | os.PathLike[str], base: str | None = None, style: str | None = None) -> Path:
    """Write a static profile page for one CV, rendered from its graph, to ``output/index.html``
    (the folder is created if needed; the page is written atomically, a previous page that
    differs kept as ``index.html.bak``). Returns the page's path. ``style``: the works in this
    citation style (as ``export citations --style`` takes it), the owner's name in bold."""
    from cvgraph.web.site import render as render_site  # lazy: Jinja2, only for the page

    sources = open_sources(source)  # once: the CV is read from it, and the page may not replace its files
    items, name, cv = _one_cv(sources, base, "site")
    citations = None
    if style is not None:
        from cvgraph.export.styled import styled_citations  # lazy: citeproc-py, only with --style
        from cvgraph.export.works import read_graph

        ids = {work_iri(cv, pub_id, base).value: pub_id for pub_id in cv.publications}
        citations = {iri: [(r.text, r.styles, r.owner) for r in runs]
                     for iri, runs in styled_citations(read_graph(items, ids), style).items()}
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder (the site is written into a folder, as index.html)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror}") from None
    page = folder / "index.html"
    write_atomic(render_site(items, name, citations).encode("utf-8"), page, inputs=sources.files, backup=True)
    return page


def export(fmt: str, source: Source | None = None, *, data: str | os.PathLike[str] | None = None,
           endpoint: str | None = None, store: str = "oxigraph", query_url: str | None = None,
           graphs: Iterable[str] = (), timeout: float = 60.0, retries: int | None = None,
           ca_cert: str | os.PathLike[str] | None = None, allow_insecure_auth: bool = False,
           output: str | os.PathLike[str] | None = None, options: ExportOptions | None = None,
           base: str | None = None) -> Exported:
    """The works of CV file(s) (default: the bundled sample), of an RDF file (``data``) or of a
    triple store (``endpoint``, named as :func:`query` names it: the CV graphs cvgraph published
    there, or ``graphs``) in an export format (``bibtex``, ``csl-json``, ``citations``;
    ``options``: the citation style and its output format), keyed by their publication ids;
    written atomically to ``output`` when given (never over an input). See ``docs/export.md``."""
    from cvgraph.export.formats import export_graph  # lazy: only for exports
    from cvgraph.export.options import ExportOptions

    opts = options or ExportOptions()
    given = [what for what, there in (("CV files", source is not None), ("--data FILE", data is not None),
                                      ("--endpoint URL", endpoint is not None or query_url is not None)) if there]
    if len(given) > 1:
        raise CvgraphError(f"export reads one of CV files, --data FILE or --endpoint URL, not {' and '.join(given)}")
    inputs: list[Path] = []
    if data is not None:
        from cvgraph.sparql.engines import data_triples  # lazy: pyoxigraph's parser

        result, inputs = export_graph(fmt, data_triples(Path(data)), opts), [Path(data)]
    elif endpoint is not None or query_url is not None:
        from cvgraph.store.published import query_store, target  # lazy: the HTTP stack, only for a store

        where = target(endpoint, store, query_url, timeout=timeout, retries=retries, ca_cert=ca_cert,
                       allow_insecure_auth=allow_insecure_auth)
        found = query_store("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", where, list(graphs))
        result = export_graph(fmt, found.triples, opts)
    else:
        sources = open_sources(source if source is not None else [], default=sample_path)
        cvs = load_all(sources, base)
        ids = {work_iri(cv, pub_id, base).value: pub_id for cv in cvs for pub_id in cv.publications}
        result, inputs = export_graph(fmt, merged_triples(cvs, base), opts, ids), [Path(f) for f in sources.files]
    if output is not None:
        write_atomic(result.data, Path(output), inputs=inputs)
    return result


def publish(source: Source, endpoint: str | None = None, *, store: str = "oxigraph", query_url: str | None = None,
            update_url: str | None = None, gsp_url: str | None = None, protocol: str = "update",
            graph: str | None = None, metadata_graph: str | None = None, force: bool = False,
            dry_run: bool = False, timeout: float = 60.0, base: str | None = None, use_cache: bool = True,
            diff: bool = False, retries: int | None = None, ca_cert: str | os.PathLike[str] | None = None,
            verify: str = "checksum", request_triples: int | None = None,
            allow_insecure_auth: bool = False, profile: str | None = None,
            vivo: VivoOptions | None = None) -> list[Outcome]:
    """Publish each CV into its own named graph of a triple store (default: the CV's document IRI),
    replacing it atomically, then verify it; returns one :class:`cvgraph.store.publishing.Outcome` per CV.
    A non-conforming graph raises ``NotConformingError`` (nothing is sent) unless ``force``;
    ``diff``: send only the changed triples (``Outcome.removed``/``added``); ``retries``: extra
    attempts after a refused/reset connection or HTTP 5xx (default 2); ``ca_cert``: a PEM CA file
    trusted besides the system's (TLS verification is always on); ``verify``: ``checksum``, ``full`` or
    ``count``; ``request_triples``: the most triples one update request carries (default 100,000;
    a bigger graph is loaded into a staging graph and switched in); ``allow_insecure_auth``: the
    password may go over plain http to a host that is not loopback (HTTP Basic, VIVO's form);
    ``profile``: the vocabulary sent, ``core``, ``vivo`` or ``all`` (default: ``vivo`` for
    ``store="vivo"``, else ``core``; ``vivo``: how the VIVO profile names things, see
    :func:`triples`). ``store="vivo"``: every CV goes into ONE graph (``graph``,
    default VIVO's ``http://vitro.mannlib.cornell.edu/default/vitro-kb-2``), by its change only
    (:mod:`cvgraph.store.vivo`). See ``docs/publishing.md`` for protocols, provenance,
    credentials and what is not done yet."""
    # lazy: the HTTP stack (urllib, ssl), only for publishing
    from cvgraph.pipeline.jobs import prepared_of, publish_jobs_of
    from cvgraph.store.publishing import (
        METADATA_GRAPH,
        REQUEST_TRIPLES,
        RETRIES,
        check_options,
        client_for,
        endpoints,
        publish_jobs,
        publish_stream,
        streams,
        tls_context,
    )

    if ca_cert is not None:
        tls_context(ca_cert)  # a bad --ca-cert fails before any CV is loaded
    urls = endpoints(endpoint, store, query_url, update_url, gsp_url)
    sources = open_sources(source)
    metadata = metadata_graph or METADATA_GRAPH
    retries = RETRIES if retries is None else retries
    check_options(len(sources.units), urls, protocol, graph, metadata, diff, retries, verify)  # before any build
    if urls.form_auth:  # VIVO: its credentials checked, and --graph (the graph all CVs share), before any build
        client_for(urls, allow_insecure_auth=allow_insecure_auth)
        if graph is not None:
            check_iri(graph, "--graph")
    if not dry_run and streams(protocol, verify, urls):  # --protocol gsp: CVs sent as the workers make them ready
        items = prepared_of(sources, base=base, force=force, use_cache=use_cache, graph=graph,
                            profile=profile or "core", vivo=vivo, sums=verify == "checksum")
        return publish_stream(items, urls, metadata=metadata, timeout=timeout, retries=retries, ca_cert=ca_cert,
                              verify=verify, allow_insecure_auth=allow_insecure_auth)
    jobs = publish_jobs_of(sources, base=base, force=force, use_cache=use_cache,
                           graph=None if urls.form_auth else graph,
                           profile=profile or ("vivo" if store == "vivo" else "core"), vivo=vivo)
    return publish_jobs(jobs, urls, protocol=protocol, graph=graph, metadata=metadata, dry_run=dry_run,
                        timeout=timeout, diff=diff, retries=retries, ca_cert=ca_cert, verify=verify,
                        request_triples=request_triples or REQUEST_TRIPLES, allow_insecure_auth=allow_insecure_auth)
