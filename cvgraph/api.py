"""The Python API, mirroring the CLI: load → triples → graph → validate → serialize.

>>> import cvgraph
>>> cv = cvgraph.load(cvgraph.sample_path())
>>> graph = cvgraph.build(cv)
>>> cvgraph.validate(graph).conforms
True
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Union

from .errors import CvgraphError, RecordError
from .mapping import document_iri, order
from .mapping import triples as _cv_triples
from .records import CV, load
from .output import serialize as _serialize
from .terms import Triple

__all__ = ["Source", "load_all", "triples", "build", "validate", "serialize", "publish", "build_many", "inputs",
           "validate_many"]

Source = Union[str, os.PathLike, CV, Iterable[Union[str, os.PathLike, CV]]]


def inputs(source: Source):  # noqa: ANN201 - (list of paths or CVs, registry.Registry | None)
    """The CVs ``source`` names: folders (every ``*.yaml``/``*.yml`` in them) and globs expanded,
    and the shared people registry (a ``people.yaml`` among them, :mod:`cvgraph.registry`)
    split off and loaded. CV objects are passed through as they are (no registry)."""
    from .batch import expand_inputs, split_registry

    items = [source] if isinstance(source, (str, os.PathLike, CV)) else list(source)
    if any(isinstance(item, CV) for item in items):
        return items, None
    # each argument on its own: a file given twice stays twice, as before folders were expanded
    return split_registry([path for item in items for path in expand_inputs([item])])


def _many(source: Source, fmt: str | None = None):  # noqa: ANN202
    """(units, registry) when ``source`` is a batch (several CV files, a folder or a glob), else None."""
    from .batch import is_batch
    from .importers import group_sources

    items = [source] if isinstance(source, (str, os.PathLike, CV)) else list(source)
    if not items or any(isinstance(item, CV) for item in items):
        return None
    paths, registry = inputs(items)
    units = [(main, *extra) for main, extra in group_sources(paths, fmt)]
    if not units:
        raise CvgraphError("no CV given" + (" (people.yaml is the shared people registry, not a CV)"
                                            if registry is not None else ""))
    return (units, registry) if is_batch(items, None, len(units)) else None


def load_all(source: Source, base: str | None = None, fmt: str | None = None, registry=None) -> list[CV]:  # noqa: ANN001
    """Load every CV in ``source`` (a path, a CV, or several), collecting all files' problems.
    Files are read as ``fmt`` (default: from each file's extension and content, so BibTeX, JSON
    Resume, RenderCV and ORCID files are imported: :mod:`cvgraph.importers`); a BibTeX file adds
    its publications to the CV file before it (the first one when it comes first) instead of
    being a CV of its own. ``registry``: the shared people registry (:mod:`cvgraph.registry`),
    applied to every file loaded."""
    from .importers import group_sources, load_group

    items = [source] if isinstance(source, (str, os.PathLike, CV)) else list(source)
    if registry is None:
        items, registry = inputs(items)
    cvs, problems = [], []
    for item, extra in group_sources(items, fmt):
        if isinstance(item, CV):
            cvs.append(item)
            continue
        try:
            cvs.append(load_group(item, extra, fmt, base, registry=registry) if extra
                       else load(Path(item), base=base, fmt=fmt, registry=registry))
        except RecordError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordError(problems)
    if not cvs:
        raise CvgraphError("no CV given")
    return cvs


def triples(source: Source, base: str | None = None) -> list[Triple]:
    """The sorted triples of one or more CVs (merged), without rdflib."""
    cvs = load_all(source, base)
    if len(cvs) == 1:
        return _cv_triples(cvs[0], base)
    return sorted({t for cv in cvs for t in _cv_triples(cv, base)}, key=order)


def build(source: Source, base: str | None = None):  # noqa: ANN201 - rdflib.Graph
    """An rdflib graph of one or more CVs."""
    from .graph import to_graph

    return to_graph(triples(source, base))


def validate(source, profile: str = "core", base: str | None = None, use_cache: bool = False):  # noqa: ANN001, ANN201
    """Validate an rdflib graph, or the graph of CV file(s), against a bundled SHACL profile.
    With ``use_cache``, a report cached for the same triples, shapes and versions is reused."""
    from .shacl import validate as _validate
    from .shacl import validate_triples

    if hasattr(source, "serialize") and hasattr(source, "triples"):  # an rdflib graph
        return _validate(source, profile)
    return validate_triples(triples(source, base), profile, use_cache=use_cache)


def serialize(source: Source, format: str = "turtle", base: str | None = None) -> bytes:
    """One or more CVs in an RDF syntax (bytes, deterministic)."""
    cvs = load_all(source, base)
    name = document_iri(cvs[0], base) if len(cvs) == 1 else None
    return _serialize(triples(cvs, base), format, graph_name=name, prefix_iri=name)


def query(name_or_path: str, source: Source | None = None, *, data: str | os.PathLike | None = None,
          endpoint: str | None = None, params: dict[str, str] | None = None, engine: str = "auto",
          timeout: float = 30.0, base: str | None = None, default_graphs: Iterable[str] = (),
          retries: int | None = None, ca_cert: str | os.PathLike | None = None):  # noqa: ANN201
    """Run a bundled query (by name) or a ``.rq`` file on CV file(s) (default: the bundled sample),
    on an RDF file (``data``) or on a SPARQL endpoint; ``params`` are bound as RDF terms.
    ``default_graphs`` name the endpoint's graphs to query as the default graph (local RDF files
    with named graphs are always queried as their union). The result's ``engine`` says which
    engine answered. With ``endpoint``: ``timeout``, ``retries`` (default 2) and ``ca_cert`` as for
    :func:`publish`; credentials from CVGRAPH_USER/CVGRAPH_PASSWORD or ~/.netrc."""
    from .engines import check_syntax, run_local, run_remote
    from .queries import bind, load_query
    from .resources import sample_path

    q = load_query(str(name_or_path))
    text = bind(q, dict(params or {}))
    check_syntax(q.text, q.path)
    check_syntax(text, q.path)
    if endpoint:
        result = run_remote(text, q.form, endpoint, timeout, list(default_graphs), retries=retries,
                            ca_cert=ca_cert)
        used = "remote"
    elif data is not None:
        result, used = run_local(text, q.form, data=Path(data), engine=engine)
    elif source is not None and (many := _many(source)) is not None:
        result, used = _query_many(text, q.form, *many, base=base, engine=engine)
    else:
        result, used = run_local(text, q.form, triples(source if source is not None else sample_path(), base),
                                 engine=engine)
    result.engine = used
    return result


def _query_many(text: str, form: str, units: list, registry, *, base: str | None, engine: str):  # noqa: ANN001, ANN202
    """A query over many CVs: built in parallel (per-CV cache, no validation) into ONE merged
    graph (sorted, de-duplicated N-Triples, as ``build -f nt`` writes it), queried as its default
    graph: the same answers as the CVs' triples merged in memory. Not a named graph per CV:
    pyoxigraph's union of named graphs is a multiset (a triple in two CVs' graphs gives duplicate
    solutions) and much slower for some queries."""
    import tempfile

    from .batch import BatchError, run_batch
    from .engines import run_local

    with tempfile.TemporaryDirectory(prefix="cvgraph-query-") as folder:
        data = Path(folder) / "cvs.nt"
        result = run_batch(units, data, "nt", base=base, validate=False, registry=registry)
        problems = [p for o in result.outcomes if o.status == "error" for p in o.problems]
        if problems:
            raise BatchError(problems)
        return run_local(text, form, data=data, engine=engine)


def _units(source: Source, source_format: str | None):  # noqa: ANN202 - (units, registry.Registry | None)
    """The batch units of ``source`` (files, folders, globs; each CV file with the BibTeX files
    that supplement it) and the shared people registry among them."""
    from .batch import expand_inputs, split_registry
    from .importers import group_sources

    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    paths, registry = split_registry(expand_inputs(items))
    units = [(main, *extra) for main, extra in group_sources(paths, source_format)]
    if not units:
        raise CvgraphError("no CV given")
    return units, registry


def validate_many(source: Source, profile: str = "core", base: str | None = None, use_cache: bool = True,
                  jobs: int | None = None, source_format: str | None = None, on_outcome=None):  # noqa: ANN001, ANN201
    """Validate each CV of ``source`` (files, folders, globs) on its own, in ``jobs`` processes,
    with the per-CV cache (:func:`cvgraph.batch.each_cv`); ``on_outcome(outcome, done, total)`` is
    called for each, in input order. Returns a :class:`cvgraph.batch.BatchResult` (``exit_code``:
    2 if some CV could not be read, else 1 if some does not conform, else 0)."""
    from .batch import BatchResult, each_cv

    units, registry = _units(source, source_format)
    result = BatchResult("validate", [])
    for outcome, _ in each_cv(units, None, base=base, source_format=source_format, jobs=jobs,
                              use_cache=use_cache, profile=profile, registry=registry):
        result.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome, len(result.outcomes), len(units))
    result.triples = sum(o.triples for o in result.outcomes)
    result.wrote = True
    return result


def embed_document(source: Source, selection=None, base: str | None = None) -> dict:  # noqa: ANN001
    """The homepage JSON-LD (a dict) for one CV; ``selection`` (embed.Selection) picks the works."""
    from .embed import Selection, profile_jsonld

    cvs = load_all(source, base)
    if len(cvs) != 1:
        raise CvgraphError("embed takes one CV")
    return profile_jsonld(triples(cvs, base), document_iri(cvs[0], base), selection or Selection())


def scholar_tags(source: Source, work: str, base: str | None = None) -> str:
    """Google Scholar ``citation_*`` meta tags for one work (publication id, IRI or DOI)."""
    from .embed import Index
    from .mapping import work_iri
    from .scholar import find_work, meta_tags

    cvs = load_all(source, base)
    items = triples(cvs, base)
    for cv in cvs:  # a publication id names the work whatever its IRI (a DOI'd work's is its DOI)
        if work in cv.publications:
            work = work_iri(cv, work, base).value
            break
    ids = sorted(i for cv in cvs for i in cv.publications)
    ix = Index(items)  # built once, for the lookup and the tags
    return meta_tags(ix, find_work(ix, work, ids))


def site(source: Source, output: str | os.PathLike, base: str | None = None) -> Path:
    """Write a static profile page for one CV, rendered from its graph, to ``output/index.html``
    (the folder is created if needed; the page is written atomically). Returns the page's path."""
    from .errors import OutputError
    from .output import write_atomic
    from .sitepage import render

    cvs = load_all(source, base)
    if len(cvs) != 1:
        raise CvgraphError("site takes one CV")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder (the site is written into a folder, as index.html)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror}") from None
    page = folder / "index.html"
    write_atomic(render(triples(cvs, base), document_iri(cvs[0], base)).encode("utf-8"), page)
    return page


def publish(source: Source, endpoint: str | None = None, *, store: str = "oxigraph", query_url: str | None = None,
            update_url: str | None = None, gsp_url: str | None = None, protocol: str = "update",
            graph: str | None = None, metadata_graph: str | None = None, force: bool = False,
            dry_run: bool = False, timeout: float = 60.0, base: str | None = None, use_cache: bool = True,
            diff: bool = False, retries: int | None = None, ca_cert: str | os.PathLike | None = None,
            verify: str = "checksum", request_triples: int | None = None):  # noqa: ANN201
    """Publish each CV into its own named graph of a triple store (default: the CV's document IRI),
    replacing it atomically, then verify it; returns one :class:`cvgraph.publish.Outcome` per CV.
    A non-conforming graph raises ``NotConformingError`` (nothing is sent) unless ``force``;
    ``diff``: send only the changed triples (``Outcome.removed``/``added``); ``retries``: extra
    attempts after a refused/reset connection or HTTP 5xx (default 2); ``ca_cert``: a PEM CA file
    trusted besides the system's (TLS verification is always on); ``verify``: ``checksum``, ``full`` or
    ``count``; ``request_triples``: the most triples one update request carries (default 100,000;
    a bigger graph is loaded into a staging graph and switched in).
    See :mod:`cvgraph.publish` for protocols, provenance, credentials and what is not done yet."""
    from .publish import METADATA_GRAPH, REQUEST_TRIPLES, RETRIES, endpoints, publish_cvs, tls_context

    if ca_cert is not None:
        tls_context(ca_cert)  # a bad --ca-cert fails before any CV is loaded
    urls = endpoints(endpoint, store, query_url, update_url, gsp_url)
    many = _many(source)
    if many is not None:
        if graph is not None and len(many[0]) != 1:
            from .errors import PublishError

            raise PublishError("--graph names the graph of one CV; give one CV or leave --graph out")
        prepared = _prepare_many(*many, base=base, force=force, use_cache=use_cache, graph=graph)
        return publish_cvs([], [], urls, protocol=protocol, graph=graph,
                           metadata=metadata_graph or METADATA_GRAPH, force=force, dry_run=dry_run,
                           timeout=timeout, base=base, use_cache=use_cache, diff=diff,
                           retries=RETRIES if retries is None else retries, ca_cert=ca_cert, verify=verify,
                           request_triples=request_triples or REQUEST_TRIPLES, prepared=prepared)

    items, registry = inputs(source)
    cvs = load_all(items, base, registry=registry)
    sources = []
    for item, cv in zip(items, cvs):
        path = Path(item) if not isinstance(item, CV) else Path(cv.file)
        try:
            sources.append(path.read_bytes() if path.is_file() else None)
        except OSError:
            sources.append(None)
    return publish_cvs(cvs, sources, urls, protocol=protocol, graph=graph,
                       metadata=metadata_graph or METADATA_GRAPH, force=force, dry_run=dry_run,
                       timeout=timeout, base=base, use_cache=use_cache, diff=diff,
                       retries=RETRIES if retries is None else retries, ca_cert=ca_cert, verify=verify,
                       request_triples=request_triples or REQUEST_TRIPLES)


def _prepare_many(units: list, registry, *, base: str | None, force: bool, use_cache: bool,  # noqa: ANN001
                  graph: str | None) -> list:
    """Every CV built and validated by the batch workers (per-CV cache), as publish jobs; all or
    nothing: a CV that cannot be read, or does not conform (unless ``force``), raises
    :class:`cvgraph.batch.BatchError` (``code`` 2, or 1 when every problem is non-conformance)."""
    from .batch import BatchError, each_cv
    from .publish import prepared_job

    jobs, problems, unreadable = [], [], False
    for outcome, payload in each_cv(units, "nt", base=base, force=force, use_cache=use_cache, registry=registry):
        if outcome.status == "error" or not outcome.written:
            unreadable |= outcome.status == "error"
            problems.extend(outcome.problems[:1] + ([f"{outcome.file}: and {len(outcome.problems) - 1} more "
                                                     "problems (cvgraph validate it)"]
                                                    if len(outcome.problems) > 1 else []))
            continue
        if problems:
            continue  # nothing will be sent: do not parse the rest
        try:
            source = Path(outcome.file).read_bytes()
        except OSError:
            source = None
        jobs.append(prepared_job(graph or outcome.graph, payload, source))
    if problems:
        error = BatchError(problems + [f"nothing published: {len([p for p in problems if ': and ' not in p])} "
                                       f"of {len(units)} CVs have problems"
                                       + ("" if unreadable else " (use --force to publish non-conforming CVs)")])
        error.code = 2 if unreadable else 1
        raise error
    return jobs


def build_many(source: Source, output: str | os.PathLike | None = None, fmt: str = "nquads", *,
               base: str | None = None, validate: bool = True, force: bool = False, jobs: int | None = None,
               fail_fast: bool = False, use_cache: bool = True, source_format: str | None = None,
               stream=None, on_outcome=None):  # noqa: ANN001, ANN201 - batch.BatchResult
    """Build many CVs (files, folders of ``*.yaml``/``*.yml``, globs) in parallel (``jobs``
    processes, default: the cores) into ``output`` (default: ``stream``, else standard output):
    ``fmt`` ``nquads``/``trig``, a named graph per CV (its document IRI), or ``nt``/``turtle``/
    ``xml``, one merged graph, sorted and de-duplicated. Written atomically, in input order,
    byte-identical whatever ``jobs``. A CV that cannot be read or does not conform is reported
    through ``on_outcome(outcome, done, total)`` and left out (``force``: non-conforming CVs are
    written; ``fail_fast``: stop at the first, writing nothing). Unchanged CVs come from the
    per-CV cache (``use_cache``). Returns a :class:`cvgraph.batch.BatchResult` (``exit_code``).
    See :mod:`cvgraph.batch`."""
    from .batch import run_batch

    units, registry = _units(source, source_format)
    return run_batch(units, Path(output) if output is not None else None, fmt, base=base,
                     source_format=source_format, validate=validate, force=force, jobs=jobs,
                     fail_fast=fail_fast, use_cache=use_cache, stream=stream, on_outcome=on_outcome,
                     registry=registry)
