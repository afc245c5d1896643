"""Publish CV graphs into a triple store: one named graph per CV, replaced atomically, verified.

For each CV: build, validate (core shapes; a non-conforming graph is refused unless ``force``),
send, then verify (the store's count and checksum of each graph equal the local ones).

Protocols
    ``update``: ONE SPARQL 1.1 Update request (POST ``application/sparql-update``)::

        DROP SILENT GRAPH <s> ;                  # s: g's staging graph, g/.well-known/cvgraph-staging
        INSERT DATA { GRAPH <s> { …≤1,000 triples… } } ;  INSERT DATA { … } ; …
        DELETE { GRAPH <g> {…} } WHERE { …in <g>, not in <s>… } ;
        INSERT { GRAPH <g> {…} } WHERE { …in <s>, not in <g>… } ;
        DELETE WHERE { GRAPH <s> { ?s ?p ?o } } ;  # not DROP: Virtuoso's DROP misses what this request inserted
        DELETE WHERE { GRAPH <urn:cvgraph:metadata> { <g> ?p ?o } } ;
        INSERT DATA { GRAPH <urn:cvgraph:metadata> { <g> prov:… } }

    The graph is made equal to the new triples touching only what differs (see
    :func:`_switch_ops` for why: a store that reindexes on change, and Virtuoso's crash recovery).

    One request is atomic on Oxigraph and Virtuoso: readers see the old graph or the new one,
    never a mix. Each ``INSERT DATA`` holds at most ``CHUNK`` (1,000) triples: Virtuoso refuses
    larger ones; several in one request stay atomic.
    A graph of more than ``REQUEST_TRIPLES`` (100,000) triples is not sent in one request: it is
    loaded into its staging graph by several such requests and switched in, as with ``gsp``.
    ``gsp``: every CV is loaded into its *staging graph* ``<g/.well-known/cvgraph-staging>`` by one
    Graph Store Protocol ``PUT`` of N-Triples; the staging graphs are checked (count + checksum,
    below); then ONE update request switches every CV in, with its provenance::

        DELETE { GRAPH <g1> {…} } WHERE { …in <g1>, not in its staging graph… } ;
        INSERT { GRAPH <g1> {…} } WHERE { …in the staging graph, not in <g1>… } ;
        DELETE WHERE { GRAPH <urn:cvgraph:metadata> { <g1> ?p ?o } } ; INSERT DATA { … } ;
        DELETE … <g2> … ;  …

    (one such request per 50 CVs: Virtuoso 7.2 refuses a request switching 200 graphs, "SQ200:
    Query too large"; so a batch of up to 50 CVs changes all at once, a larger one 50 at a time,
    each CV always atomically), so readers see the old graphs or the new ones, the provenance
    changes with the data,
    and a failed or refused upload (Virtuoso's ``PUT`` is not atomic on a parse error; a killed
    server; a lost connection; Ctrl-C) never touches a published graph. After the switch the
    published graphs are verified and the staging graphs dropped (on a failure, too, best effort).
    A reader that queries *every* named graph sees a staging graph while it loads; the staging
    graphs of one publish all end in ``/.well-known/cvgraph-staging``, to be filtered out.

    ``--diff`` (protocol ``update`` only): read the named graph back first (as verification does),
    compare it with the local graph and send only the change, again as ONE atomic request::

        DELETE DATA { GRAPH <g> { …≤1,000 triples the store holds and the CV no longer has… } } ; …
        INSERT DATA { GRAPH <g> { …≤1,000 triples the CV has and the store does not… } } ; …
        DELETE WHERE { GRAPH <urn:cvgraph:metadata> { <g> ?p ?o } } ; INSERT DATA { … provenance … }

    The comparison uses the canonical literal forms (see Verification), so a store's value
    canonicalisation is not a change. When nothing changed, the data graph is not touched (no
    ``DELETE DATA``/``INSERT DATA`` at all, so a store that reindexes on change does nothing); only
    the provenance is replaced, so that it names the current source file and time. The summary
    says how many triples were removed and added. A graph the store cannot give back whole (the
    count and the read-back disagree, e.g. Virtuoso's ``ResultSetMaxRows``) or that holds blank
    nodes (not written by cvgraph: ``DELETE DATA`` cannot name them) is refused: publish without
    ``--diff``. The read and the write are two requests: a writer changing the graph in between
    is not detected (verification afterwards is). ``--dry-run --diff`` reads the store (to show
    the change) and writes nothing.

Store presets (``--store`` with ``--endpoint BASE``): ``oxigraph`` → ``BASE/query``,
``BASE/update``, ``BASE/store``; ``virtuoso`` → ``BASE/sparql`` (anonymous, read),
``BASE/sparql-auth`` (update, digest auth), ``BASE/sparql-graph-crud-auth`` (GSP, digest auth);
``fuseki`` (BASE is the dataset URL, e.g. ``http://host:3030/ds``) → ``BASE/query``,
``BASE/update``, ``BASE/data``; ``graphdb`` (BASE is the repository URL, e.g.
``http://host:7200/repositories/cv``) → ``BASE`` (query), ``BASE/statements`` (update),
``BASE/rdf-graphs/service`` (GSP); ``vivo`` (BASE is the webapp, e.g. ``https://host/vivo``) →
``BASE/api/sparqlQuery``, ``BASE/api/sparqlUpdate``, protocol ``update`` only, the account's
email and password sent as the form fields VIVO's API takes (:mod:`cvgraph.client`); every
operation cvgraph sends names a GRAPH, as VIVO requires. The Fuseki, GraphDB and VIVO presets
are not tested against those servers (only the requests they produce are); VIVO applies an
update through its RDFService, whose atomicity depends on the triple store behind it.
Success is any 2xx (Oxigraph answers 204, Virtuoso 200 to an update and 201/200 to a PUT).

Every triple is written by our own N-Triples code (:func:`cvgraph.terms.nt_line`).

Blank nodes are skolemised: ``_:label`` becomes ``<g/.well-known/genid/label>`` (RDF 1.1 §3.5),
with ``g`` the graph IRI (a trailing ``/`` dropped). Virtuoso refuses blank nodes inside
``INSERT DATA``, and IRIs make the read-back comparison an exact set comparison. The CVs' only
blank nodes are ``rdf:List`` cells (ordered author lists); their labels are deterministic, so a
republished, unchanged CV gives the same IRIs. A consumer that wants blank nodes back replaces
IRIs containing ``/.well-known/genid/`` by blank nodes.

Provenance, in the metadata graph (``urn:cvgraph:metadata`` by default), only W3C PROV-O and
DCMI terms, replaced in the same request as the data (protocol ``update``)::

    <g> a prov:Entity ;
        prov:generatedAtTime "2026-…Z"^^xsd:dateTime ;       # when it was published
        dcterms:source <urn:sha256:HEX> ;                    # SHA-256 of the CV source file
        prov:wasAttributedTo <https://pypi.org/project/cvgraph/VERSION/> .
    <https://pypi.org/project/cvgraph/VERSION/> a prov:SoftwareAgent .   # the cvgraph version

``dcterms:source`` is left out for a CV given as an object without a readable file.

Credentials: ``CVGRAPH_USER``/``CVGRAPH_PASSWORD`` from the environment, else ``~/.netrc`` (by the
endpoint's host); never printed, logged or put in a URL (a URL carrying ``user:password@`` is
refused). They are sent only when the server asks (a 401 challenge), by HTTP Digest or Basic as
it asks (Virtuoso's ``-auth`` endpoints want Digest and refuse Basic); Oxigraph never asks.

Verification (:mod:`cvgraph.verify`), ``--verify checksum`` (default): one aggregate query
returns each graph's triple count and a checksum (the sum of 32-bit MD5 prefixes of its triples),
which must equal the figures computed locally; ``--verify full``: the graph is read back by
``CONSTRUCT`` and compared as a set (exact, but it moves the whole graph; Virtuoso caps CONSTRUCT
answers at its ``[SPARQL] ResultSetMaxRows``, 10,000 by default). Literals are compared in the
canonical forms both stores keep (``1.70`` → ``1.7``, language tags lower-cased). Virtuoso stores
``"true"^^xsd:boolean`` as the integer 1, so it and ``1`` for the same subject and predicate
collapse into one triple (the count check catches it; the CVs hold no booleans).
``--verify count`` compares the counts only (fastest, and blind to a changed value). What the
checksum costs (1M triples in 568 graphs, ``benchmarks/publish_speed.py``): a few seconds on
Oxigraph; on Virtuoso 7.2, whose string functions are slow, about 0.2 ms per triple, several
times the load itself.

Crash safety: the test suite kills (SIGKILL) the store in the middle of an upload and restarts it
on the same database: the graph is the old version or the new one, never a mix, and publish fails
with a one-line error (exit 2). Ctrl-C: the request in flight is abandoned (a store applies a
request only once it has all of it), staging graphs are dropped, and the CLI exits 130.

Retries (``--retries N``, default 2: at most 3 attempts, waiting 0.5 s, 1 s, 2 s, … between them):
a request is retried only on a refused or reset connection or an HTTP 5xx answer, never on a 4xx
(the request itself is wrong, or the credentials) nor on a timeout (the store may still be working
on it), and only when it is *idempotent*: sending it twice leaves the store as sending it once,
because an attempt that failed from our side may have been applied on the store's. Every request
publish sends is idempotent, so each may be retried: the checksum and read-back queries
(read-only); the GSP ``PUT`` (replaces the whole staging graph); the switch (it makes each graph
equal to a staging graph that still exists: the staging graph is dropped by a later request); the
staging loads (the first starts with ``DROP SILENT GRAPH``, the next only add fixed triples, and
each is retried before the next is sent); the final ``DROP SILENT GRAPH`` of the staging graphs; the ``update`` request, although a
SPARQL Update POST is not idempotent in general, because ours *replaces*: it makes the graph equal to
a fixed set (loaded into the emptied staging graph in the same request), and the provenance by ``DELETE WHERE`` + ``INSERT DATA`` of fixed
triples (its time is taken once, before the first attempt); the ``--diff`` request, ``DELETE DATA``
of a fixed set then ``INSERT DATA`` of a disjoint fixed set, which gives the same graph when applied
again. A request that is not idempotent (an ``INSERT`` of blank nodes, a GSP ``POST`` that adds,
``INSERT … WHERE``) must be sent through :func:`_http` with ``idempotent=False`` (the default): it
is sent once. The final one-line error says ``(gave up after N attempts)``.

TLS: verification is always on (the system's CAs; there is no option to turn it off);
``--ca-cert FILE`` adds the CA certificate(s) in a PEM file (``ssl.create_default_context(cafile=
FILE)``), e.g. a private CA. A missing or non-PEM file, or an untrusted server certificate, is a
one-line error (exit 2).

Progress: when stderr is a terminal, a request body of 1 MiB or more is sent in 64 KiB chunks with
``sent X / Y MB (P%)`` rewritten in place on stderr; nothing is printed otherwise.

Not done: tests against real Fuseki, GraphDB and VIVO servers.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sys
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvgraph.store import verify as _verify
from cvgraph.store.client import PRESETS, Client, Endpoints, endpoints
from cvgraph.errors import NotConformingError, PublishError
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Triple, nt_line, nt_term
from cvgraph.store.http import RETRIES, _http, credentials, tls_context

__all__ = [
    "CHUNK",
    "METADATA_GRAPH",
    "PRESETS",
    "PROTOCOLS",
    "REQUEST_TRIPLES",
    "RETRIES",
    "VERIFY",
    "Endpoints",
    "Outcome",
    "_http",
    "credentials",
    "diff_request",
    "endpoints",
    "prepared_job",
    "publish_cvs",
    "skolemise",
    "staging_graph",
    "switch_request",
    "tls_context",
    "update_request",
]

PROTOCOLS = ("update", "gsp")
VERIFY = ("checksum", "full", "count")
METADATA_GRAPH = "urn:cvgraph:metadata"
CHUNK = 1000  # triples per INSERT DATA (Virtuoso fails over ~1,400)
REQUEST_TRIPLES = 100_000  # triples per update request; a bigger graph is loaded into a staging graph
SWITCH_GRAPHS = 50  # graphs per switch request (Virtuoso 7.2 refuses ~200: "SQ200: Query too large")
GENID = "/.well-known/genid/"
STAGING = "/.well-known/cvgraph-staging"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class Outcome:
    """What happened to one CV: ``preview`` is set on a dry run (nothing sent)."""

    graph: str
    triples: int
    protocol: str
    seconds: float = 0.0
    verified: bool = False
    preview: str = ""
    report: object | None = field(default=None, repr=False)
    removed: int | None = None  # with --diff: triples deleted from / inserted into the store
    added: int | None = None
    staged: bool = False  # loaded into a staging graph, then switched in

    def change(self) -> str:
        return "" if self.removed is None else f"diff: {self.removed} removed, {self.added} added, "

    def summary(self) -> str:
        how = self.protocol + (" via a staging graph" if self.staged else "")
        return (f"{self.graph}: {self.triples} triples, {how}, {self.change()}{self.seconds:.2f} s, "
                + ("verified" if self.verified else "NOT verified"))


def skolemise(items: Sequence[Triple], graph: str) -> list[Triple]:
    """Blank nodes → ``<graph/.well-known/genid/label>`` IRIs (sorted, no duplicates)."""
    prefix = graph.rstrip("/") + GENID

    def sk(t):
        return IRI(prefix + t.id) if type(t) is Blank else t

    return sorted({(sk(s), p, sk(o)) for s, p, o in items})


def staging_graph(graph: str) -> str:
    """Where a graph is loaded before it is switched in: ``<graph/.well-known/cvgraph-staging>``."""
    return graph.rstrip("/") + STAGING


def provenance(graph: str, sha256: str | None, when: str) -> list[Triple]:
    from cvgraph.version import __version__

    g, agent = IRI(graph), IRI(f"https://pypi.org/project/cvgraph/{__version__}/")
    out = [(g, RDF_TYPE, IRI(PROV + "Entity")),
           (g, IRI(PROV + "generatedAtTime"), Lit(when, XSD + "dateTime")),
           (g, IRI(PROV + "wasAttributedTo"), agent),
           (agent, RDF_TYPE, IRI(PROV + "SoftwareAgent"))]
    if sha256:
        out.append((g, IRI(DCTERMS + "source"), IRI("urn:sha256:" + sha256)))
    return out


def _insert_data(graph: str, items: Sequence[Triple], op: str = "INSERT DATA") -> list[str]:
    g = nt_term(IRI(graph))
    return [op + " { GRAPH " + g + " {\n" + "".join(nt_line(t) for t in items[i:i + CHUNK]) + "} }"
            for i in range(0, len(items), CHUNK)]


def _metadata_ops(graph: str, metadata: str, prov: Sequence[Triple]) -> list[str]:
    m = nt_term(IRI(metadata))
    return [f"DELETE WHERE {{ GRAPH {m} {{ {nt_term(IRI(graph))} ?p ?o }} }}", *_insert_data(metadata, prov)]


def _request(ops: Sequence[str]) -> str:
    return " ;\n".join(ops) + "\n"


def update_request(graph: str, items: Sequence[Triple], metadata: str | None = None,
                   prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that replaces ``graph`` by ``items`` (and its provenance): the
    triples go into the staging graph, the graph is made equal to it touching only what differs
    (:func:`_switch_ops`), and the staging graph is emptied, all in the one request (by ``DELETE
    WHERE``: Virtuoso 7.2's ``DROP GRAPH`` leaves the triples inserted earlier in the same request)."""
    stage = nt_term(IRI(staging_graph(graph)))
    ops = [f"DROP SILENT GRAPH {stage}", *_insert_data(staging_graph(graph), items), *_switch_ops(graph),
           f"DELETE WHERE {{ GRAPH {stage} {{ ?s ?p ?o }} }}"]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return _request(ops)


def diff_request(graph: str, removed: Sequence[Triple], added: Sequence[Triple], metadata: str | None = None,
                 prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that deletes ``removed`` from and inserts ``added`` into ``graph``
    (``DELETE DATA`` first, each operation ≤ ``CHUNK`` triples), then replaces its provenance."""
    ops = [*_insert_data(graph, sorted(removed), "DELETE DATA"), *_insert_data(graph, sorted(added))]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return _request(ops)


def _switch_ops(graph: str) -> list[str]:
    """Make ``graph`` equal to its staging graph, touching only what differs::

        DELETE { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <g> { ?s ?p ?o }
                 FILTER NOT EXISTS { GRAPH <staging> { ?s ?p ?o } } } ;
        INSERT { GRAPH <g> { ?s ?p ?o } } WHERE { GRAPH <staging> { ?s ?p ?o }
                 FILTER NOT EXISTS { GRAPH <g> { ?s ?p ?o } } }

    rather than ``DROP`` + ``INSERT``/``ADD``: triples both versions share are never deleted and
    inserted again, which a store that reindexes on change (VIVO) is spared, and which Virtuoso 7.2
    does not survive: killed after answering such a request and before its next checkpoint, it
    replays its log into neither version (tests/test_publish_crash.py)."""
    g, st = nt_term(IRI(graph)), nt_term(IRI(staging_graph(graph)))
    return [f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH {st} {{ ?s ?p ?o }} }} }}",
            f"INSERT {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {st} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH {g} {{ ?s ?p ?o }} }} }}"]


def switch_request(graphs: Sequence[str], metadata: str | None = None,
                   provs: Sequence[Sequence[Triple]] = ()) -> str:
    """The one atomic SPARQL Update that makes each graph equal to its staging graph
    (:func:`_switch_ops`) and replaces its provenance. Idempotent (the staging graphs are dropped
    by a later request), so it may be retried."""
    ops: list[str] = []
    for i, graph in enumerate(graphs):
        ops += _switch_ops(graph)
        if metadata:
            ops += _metadata_ops(graph, metadata, provs[i] if i < len(provs) else ())
    return _request(ops)


def _drop_request(graphs: Sequence[str]) -> str:
    return _request([f"DROP SILENT GRAPH {nt_term(IRI(g))}" for g in graphs])


# ----------------------------------------------------------------------------- publish

@dataclass
class Job:
    graph: str
    triples: list[Triple]
    sha256: str | None
    report: object | None
    prov: list[Triple] = field(default_factory=list)
    _canonical: set[Triple] | None = None
    _sums: tuple[int, int, int] | None = None

    def canonical(self) -> set[Triple]:
        """The triples as the store should hold them (literals canonicalised; computed once)."""
        if self._canonical is None:
            self._canonical = _verify.canonical(self.triples)
        return self._canonical

    def expected(self) -> tuple[int, int, int]:
        """(count, checksums) of :meth:`canonical` (computed once)."""
        if self._sums is None:
            self._sums = _verify.local_checksum(self.canonical())
        return self._sums

    def nt(self) -> bytes:
        return "".join(map(nt_line, self.triples)).encode("utf-8")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _check(client: Client, jobs: Sequence[Job], mode: str, name=lambda j: j.graph, what: str = "") -> None:
    """Each job's graph (``name(job)``) holds exactly its triples: ``full`` reads it back,
    ``checksum`` compares count + checksum (one query per 50 graphs), ``count`` the count alone."""
    if mode == "full":
        for job in jobs:
            n, got = _verify.read_back(client, name(job))
            want = job.canonical()
            if n != len(want) or got != want:
                raise PublishError(f"{client.urls.query}: <{name(job)}> did not verify{what}: the store holds "
                                   f"{n} triples ({len(want - got)} missing, {len(got - want)} unexpected), "
                                   f"expected {len(want)}")
        return
    if mode == "count":
        got = {name(j): (_verify.count(client, name(j)), None) for j in jobs}
    else:
        got = _verify.store_checksums(client, [name(j) for j in jobs])
    for job in jobs:
        have = got[name(job)]
        want = (len(job.canonical()), None, None) if mode == "count" else job.expected()
        if have[0] != want[0] or (mode != "count" and not _verify.matches(have, want)):
            raise PublishError(f"{client.urls.query}: <{name(job)}> did not verify{what}: the store holds "
                               f"{have[0]} triples, expected {want[0]}"
                               + (" (same count, different triples: checksum differs)" if have[0] == want[0] else ""))


def _staged(client: Client, jobs: Sequence[Job], metadata: str, upload, mode: str) -> None:
    """Load each job into its staging graph (``upload``), check the staging graphs (count +
    checksum), switch them all in with ONE atomic request, verify, drop the staging graphs.
    Until the switch the published graphs are untouched; on any failure (or Ctrl-C) the staging
    graphs are dropped, best effort, and the error is raised."""
    stages = [staging_graph(j.graph) for j in jobs]
    try:
        for job in jobs:
            upload(job)
        _check(client, jobs, "count" if mode == "count" else "checksum", lambda j: staging_graph(j.graph),
               " in its staging graph (the published graph was not touched)")
        for i in range(0, len(jobs), SWITCH_GRAPHS):
            group = jobs[i:i + SWITCH_GRAPHS]
            try:
                client.update(switch_request([j.graph for j in group], metadata, [j.prov for j in group]))
            except PublishError as exc:
                if i:
                    raise PublishError(f"{exc} (the first {i} of {len(jobs)} CVs were switched in; the rest "
                                       "still hold their old version: publish again)") from None
                raise
        _check(client, jobs, mode)
    except BaseException:
        try:
            cleanup = Client(client.urls, client.auth, min(client.timeout, 10.0), {**client.net, "retries": 0})
            cleanup.update(_drop_request(stages))
        except Exception:  # noqa: BLE001 - best effort; the first error is the one to report
            pass
        raise
    client.update(_drop_request(stages))


def _prepare(cvs: Sequence, sources: Sequence[bytes | None], graph: str | None, base: str | None, force: bool,
             use_cache: bool) -> list[Job]:
    """Build, validate and skolemise every CV before anything is sent."""
    from cvgraph.mapping.walker import document_iri
    from cvgraph.mapping.walker import triples as cv_triples
    from cvgraph.shacl.validation import validate_triples

    jobs: list[Job] = []
    for cv, source in zip(cvs, sources):
        name = graph or document_iri(cv, base)
        if any(j.graph == name for j in jobs):
            raise PublishError(f"two CVs would go into the same graph <{name}>; publish them separately")
        items = cv_triples(cv, base)
        report = validate_triples(items, use_cache=use_cache)
        if not report.conforms and not force:
            raise NotConformingError(f"{cv.file}: not published: the graph does not conform "
                                     "(use --force to publish it anyway)", report)
        sha = hashlib.sha256(source).hexdigest() if source is not None else None
        jobs.append(Job(name, skolemise(items, name), sha, report))
    return jobs


def prepared_job(graph: str, nt: bytes | str, source: bytes | None, report: object | None = None) -> Job:
    """A CV already built (and validated) elsewhere, e.g. by the batch workers of
    :func:`cvgraph.batch.each_cv`: its graph name, its N-Triples, its source file's bytes (for the
    provenance's SHA-256). For :func:`publish_cvs` ``prepared=``."""
    import pyoxigraph as ox

    from cvgraph.rdf.oxigraph import from_oxigraph_triple

    data = nt.encode("utf-8") if isinstance(nt, str) else nt
    items = [from_oxigraph_triple(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    sha = hashlib.sha256(source).hexdigest() if source is not None else None
    return Job(graph, skolemise(items, graph), sha, report)


def _diff(client: Client, job: Job, metadata: str) -> tuple[str, int, int]:
    """The --diff request for ``job``, and how many triples it removes and adds."""
    n, held = _verify.read_back(client, job.graph)
    if n != len(held):
        raise PublishError(f"{client.urls.query}: <{job.graph}> cannot be read back whole ({n} triples, "
                           f"{len(held)} returned); publish without --diff")
    if any(type(t) is Blank for triple in held for t in triple):
        raise PublishError(f"{client.urls.query}: <{job.graph}> holds blank nodes (DELETE DATA cannot name "
                           "them); publish without --diff")
    want = job.canonical()
    gone, new = held - want, want - held
    return diff_request(job.graph, list(gone), list(new), metadata, job.prov), len(gone), len(new)


def _check_options(cvs: Sequence, urls: Endpoints, protocol: str, graph: str | None, metadata: str, diff: bool,
                   retries: int, verify: str) -> None:
    if protocol not in PROTOCOLS:
        raise PublishError(f"unknown protocol {protocol!r}; use one of {', '.join(PROTOCOLS)}")
    if verify not in VERIFY:
        raise PublishError(f"unknown verification {verify!r}; use one of {', '.join(VERIFY)}")
    if diff and protocol != "update":
        raise PublishError("--diff sends SPARQL Update (DELETE DATA / INSERT DATA); leave out --protocol gsp")
    if urls.form_auth and protocol != "update":
        raise PublishError("VIVO takes SPARQL Update only (/api/sparqlUpdate); leave out --protocol gsp")
    if int(retries) < 0:
        raise PublishError("--retries must be 0 or more")
    if graph is not None and len(cvs) != 1:
        raise PublishError("--graph names the graph of one CV; give one CV or leave --graph out")
    needed = {"query": urls.query, "update": urls.update} | ({"gsp": urls.gsp} if protocol == "gsp" else {})
    missing = [name for name, url in needed.items() if not url]
    if missing:
        raise PublishError("no " + ", ".join(f"--{m}-url" for m in missing)
                           + " (give them, or --endpoint with --store " + "|".join(p for p in PRESETS if PRESETS[p]) + ")")
    for name in (graph, metadata):
        if name is not None and not urllib.parse.urlsplit(name).scheme:
            raise PublishError(f"{name!r} is not an absolute IRI")


def publish_cvs(cvs: Sequence, sources: Sequence[bytes | None], urls: Endpoints, *, protocol: str = "update",
                graph: str | None = None, metadata: str = METADATA_GRAPH, force: bool = False,
                dry_run: bool = False, timeout: float = 60.0, base: str | None = None,
                use_cache: bool = True, diff: bool = False, retries: int = RETRIES,
                ca_cert: str | os.PathLike | None = None, progress=None, verify: str = "checksum",
                request_triples: int = REQUEST_TRIPLES, prepared: Sequence[Job] | None = None) -> list[Outcome]:
    """Publish each CV (``sources``: each CV file's bytes, for its SHA-256) into its named graph.
    Everything is built and validated before anything is sent.

    ``retries``: extra attempts of a request after a refused/reset connection or an HTTP 5xx (see
    :func:`cvgraph.transport._http`; every request publish sends is idempotent, see the module
    docstring); ``ca_cert``: a PEM file of CA certificates trusted besides the system's;
    ``progress``: a stream for the upload progress of large bodies (default: stderr when it is a
    terminal, else none); ``verify``: ``checksum`` (count + checksum query), ``count`` (the count alone) or ``full`` (read the
    graph back); ``request_triples``: the most triples one update request carries (a bigger graph
    goes through a staging graph); ``prepared``: jobs from :func:`prepared_job` (CVs built and
    validated already, e.g. in parallel) instead of ``cvs``."""
    _check_options(cvs if prepared is None else prepared, urls, protocol, graph, metadata, diff, retries, verify)
    if progress is None and sys.stderr is not None and sys.stderr.isatty():
        progress = sys.stderr
    net = {"retries": int(retries), "context": tls_context(ca_cert) if ca_cert is not None else None}
    jobs = list(prepared) if prepared is not None else _prepare(cvs, sources, graph, base, force, use_cache)
    auth = credentials(urls.update or urls.gsp or urls.query)
    client = Client(urls, auth, timeout, net, progress)
    for job in jobs:
        job.prov = provenance(job.graph, job.sha256, _now())
    staged = protocol == "gsp" or (not diff and any(len(j.triples) > request_triples for j in jobs))

    def chunks(job: Job) -> list[str]:
        stage, out = staging_graph(job.graph), []
        for i in range(0, max(1, len(job.triples)), request_triples):
            ops = _insert_data(stage, job.triples[i:i + request_triples])
            out.append(_request(([f"DROP SILENT GRAPH {nt_term(IRI(stage))}"] if i == 0 else []) + ops))
        return out

    if dry_run:
        outcomes = []
        for job in jobs:
            removed = added = None
            if diff:
                text, removed, added = _diff(client, job, metadata)
                shown = [client.preview("update", text)]
            elif protocol == "gsp":
                shown = [client.preview("put", job.nt(), staging_graph(job.graph)),
                         client.preview("update", switch_request([job.graph], metadata, [job.prov]))]
            elif len(job.triples) > request_triples:
                shown = [client.preview("update", r) for r in chunks(job)]
                shown.append(client.preview("update", switch_request([job.graph], metadata, [job.prov])))
            else:
                shown = [client.preview("update", update_request(job.graph, job.triples, metadata, job.prov))]
            outcomes.append(Outcome(job.graph, len(job.triples), protocol, preview="\n".join(shown),
                                    report=job.report, removed=removed, added=added,
                                    staged=staged and not diff))
        return outcomes

    started = time.monotonic()
    if staged:
        if protocol == "gsp":
            upload = lambda job: client.put(staging_graph(job.graph), job.nt())
        else:
            upload = lambda job: [client.update(r) for r in chunks(job)]
        _staged(client, jobs, metadata, upload, verify)
        share = (time.monotonic() - started) / max(1, len(jobs))
        return [Outcome(j.graph, len(j.triples), protocol, share, True, report=j.report, staged=True) for j in jobs]
    outcomes = []
    for job in jobs:
        started = time.monotonic()
        removed = added = None
        if diff:
            text, removed, added = _diff(client, job, metadata)
        else:
            text = update_request(job.graph, job.triples, metadata, job.prov)
        client.update(text)  # idempotent: see the module docstring, "Retries"
        _check(client, [job], verify)
        outcomes.append(Outcome(job.graph, len(job.triples), protocol, time.monotonic() - started, True,
                                report=job.report, removed=removed, added=added))
    return outcomes
