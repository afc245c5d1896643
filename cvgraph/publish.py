"""Publish CV graphs into a triple store: one named graph per CV, replaced atomically, verified.

For each CV: build, validate (core shapes; a non-conforming graph is refused unless ``force``),
send, then verify (the store's count and the store's triples, read back, equal the local ones).

Protocols
    ``update``: ONE SPARQL 1.1 Update request (POST ``application/sparql-update``)::

        DROP SILENT GRAPH <g> ;
        INSERT DATA { GRAPH <g> { …≤1,000 triples… } } ;  INSERT DATA { … } ; …
        DELETE WHERE { GRAPH <urn:cvgraph:metadata> { <g> ?p ?o } } ;
        INSERT DATA { GRAPH <urn:cvgraph:metadata> { <g> prov:… } }

    One request is atomic on Oxigraph and Virtuoso: readers see the old graph or the new one,
    never a mix. Each ``INSERT DATA`` holds at most ``CHUNK`` (1,000) triples: Virtuoso refuses
    larger ones; several in one request stay atomic.
    ``gsp``: one Graph Store Protocol ``PUT <gsp>?graph=<g>`` of N-Triples (replaces the graph
    atomically on Oxigraph), then one update request for the provenance (a second request: the
    provenance is not atomic with the data in this protocol). Virtuoso's PUT is *not* atomic on a
    parse error (the old graph is dropped and part of the new one loaded), so only what we
    serialised ourselves from the built, validated graph is sent, and our N-Triples writer is
    checked against independent parsers by the test suite; a store-side refusal of valid
    N-Triples would still leave a partial graph there (and fail verification). Use ``update``
    when atomicity matters more than speed.

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
``BASE/rdf-graphs/service`` (GSP). The Fuseki and GraphDB presets are URL derivations only, not
tested against those servers.
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

Verification: ``SELECT (COUNT(*) AS ?n) { GRAPH <g> { ?s ?p ?o } }`` must equal the local count,
and ``CONSTRUCT`` of the graph, read back as N-Triples, must equal the local (skolemised) set.
Literals are compared after a local round-trip through pyoxigraph's store, which canonicalises
values as the Oxigraph server does (``1.70`` → ``1.7``, language tags lower-cased). Virtuoso 7.2
gives the same forms for everything the CVs hold (checked: ``xsd:string``-typed and plain
literals, ``xsd:decimal``/``integer``/``boolean``/``date``/``dateTime``/``gYear``, language tags);
its CONSTRUCT answer to ``Accept: application/n-triples`` is real N-Triples (tab-separated,
non-ASCII as ``\\uXXXX``), and its count comes back as an ``xsd:integer`` typed literal.
Virtuoso caps CONSTRUCT answers at its ``[SPARQL] ResultSetMaxRows`` (10,000 by default): a larger
graph then fails verification (count and read-back disagree) although it was published. Virtuoso
stores ``"true"^^xsd:boolean`` as the integer 1, so it and ``1`` for the same subject and
predicate collapse into one triple (the count check catches it; the CVs hold no booleans).

Crash safety: the test suite kills (SIGKILL) a persistent Oxigraph server in the middle of the
upload of a replacing request and restarts it on the same database: the graph is the old version
or the new one, never a mix, and publish fails with a one-line error (exit 2).

Retries (``--retries N``, default 2: at most 3 attempts, waiting 0.5 s, 1 s, 2 s, … between them):
a request is retried only on a refused or reset connection or an HTTP 5xx answer, never on a 4xx
(the request itself is wrong, or the credentials) nor on a timeout (the store may still be working
on it), and only when it is *idempotent*: sending it twice leaves the store as sending it once,
because an attempt that failed from our side may have been applied on the store's. Every request
publish sends is idempotent, so each may be retried: the read-back ``SELECT COUNT``/``CONSTRUCT``
queries (read-only); the GSP ``PUT`` (replaces the whole graph); the ``update`` request, although a
SPARQL Update POST is not idempotent in general, because ours *replaces*: ``DROP SILENT GRAPH`` +
``INSERT DATA`` of a fixed set, and the provenance by ``DELETE WHERE`` + ``INSERT DATA`` of fixed
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

Not implemented yet: VIVO's ``/api/sparqlUpdate``; staging graphs for graphs too large for one
request; tests against real Fuseki and GraphDB servers.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Sequence

from .errors import NotConformingError, PublishError
from .transport import RETRIES, _check_url, _http, credentials, tls_context
from .terms import IRI, XSD, Blank, Lit, Triple, nt_line, nt_term

__all__ = ["PRESETS", "PROTOCOLS", "METADATA_GRAPH", "CHUNK", "Endpoints", "Outcome", "endpoints",
           "skolemise", "update_request", "diff_request", "publish_cvs", "credentials"]

PRESETS: dict[str, tuple[str, str, str] | None] = {
    "oxigraph": ("/query", "/update", "/store"),
    "virtuoso": ("/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),
    "fuseki": ("/query", "/update", "/data"),  # BASE: the dataset URL
    "graphdb": ("", "/statements", "/rdf-graphs/service"),  # BASE: the repository URL
    "generic": None,
}
PROTOCOLS = ("update", "gsp")
METADATA_GRAPH = "urn:cvgraph:metadata"
CHUNK = 1000  # triples per INSERT DATA (Virtuoso fails over ~1,400)
GENID = "/.well-known/genid/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class Endpoints:
    query: str | None
    update: str | None
    gsp: str | None


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

    def change(self) -> str:
        return "" if self.removed is None else f"diff: {self.removed} removed, {self.added} added, "

    def summary(self) -> str:
        return (f"{self.graph}: {self.triples} triples, {self.protocol}, {self.change()}{self.seconds:.2f} s, "
                + ("verified" if self.verified else "NOT verified"))


def endpoints(base: str | None, store: str = "oxigraph", query_url: str | None = None,
              update_url: str | None = None, gsp_url: str | None = None) -> Endpoints:
    """The URLs to use: the store's preset paths under ``base``, explicit URLs winning."""
    if store not in PRESETS:
        raise PublishError(f"unknown store {store!r}; use one of {', '.join(PRESETS)}")
    preset = PRESETS[store]
    q = u = g = None
    if base and preset:
        root = base.rstrip("/")
        q, u, g = (root + path for path in preset)
    result = Endpoints(query_url or q, update_url or u, gsp_url or g)
    for url in (result.query, result.update, result.gsp):
        if url is not None:
            _check_url(url)
    return result


def skolemise(items: Sequence[Triple], graph: str) -> list[Triple]:
    """Blank nodes → ``<graph/.well-known/genid/label>`` IRIs (sorted, no duplicates)."""
    prefix = graph.rstrip("/") + GENID

    def sk(t):  # noqa: ANN001, ANN202
        return IRI(prefix + t.id) if type(t) is Blank else t

    return sorted({(sk(s), p, sk(o)) for s, p, o in items})


def provenance(graph: str, sha256: str | None, when: str) -> list[Triple]:
    from . import __version__

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


def update_request(graph: str, items: Sequence[Triple], metadata: str | None = None,
                   prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that replaces ``graph`` by ``items`` (and its provenance)."""
    ops = [f"DROP SILENT GRAPH {nt_term(IRI(graph))}", *_insert_data(graph, items)]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return " ;\n".join(ops) + "\n"


def diff_request(graph: str, removed: Sequence[Triple], added: Sequence[Triple], metadata: str | None = None,
                 prov: Sequence[Triple] = ()) -> str:
    """The one atomic SPARQL Update that deletes ``removed`` from and inserts ``added`` into ``graph``
    (``DELETE DATA`` first, each operation ≤ ``CHUNK`` triples), then replaces its provenance."""
    ops = [*_insert_data(graph, sorted(removed), "DELETE DATA"), *_insert_data(graph, sorted(added))]
    if metadata:
        ops += _metadata_ops(graph, metadata, prov)
    return " ;\n".join(ops) + "\n"


# ----------------------------------------------------------------------------- HTTP

def _gsp_target(gsp: str, graph: str) -> str:
    return gsp + ("&" if "?" in gsp else "?") + "graph=" + urllib.parse.quote(graph, safe="")


# ----------------------------------------------------------------------------- verify

def _canonical(items: Sequence[Triple]) -> set[Triple]:
    """The triples as an Oxigraph store holds them (literal values canonicalised)."""
    import pyoxigraph as ox

    from .output import from_oxigraph_triple
    from .output import to_oxigraph

    store = ox.Store()
    store.bulk_extend(ox.Quad(*to_oxigraph(t), ox.DefaultGraph()) for t in items)
    return {from_oxigraph_triple(q) for q in store}


def _read_back(urls: Endpoints, graph: str, timeout: float, auth, **net) -> tuple[int, set[Triple]]:  # noqa: ANN001
    """The store's count and triples of ``graph``: two read-only queries, so idempotent (retried)."""
    import pyoxigraph as ox

    from .output import from_oxigraph_triple

    g = nt_term(IRI(graph))
    count_q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
    body = _http("POST", urls.query, urllib.parse.urlencode({"query": count_q}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/sparql-results+json"}, timeout, auth, urls.query, idempotent=True, **net)
    try:
        count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise PublishError(f"{urls.query}: the answer is not SPARQL results (is this a SPARQL endpoint?)") from None
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
    body = _http("POST", urls.query, urllib.parse.urlencode({"query": construct}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/n-triples"},
                 timeout, auth, urls.query, idempotent=True, **net)
    try:
        got = {from_oxigraph_triple(t)
               for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    except (SyntaxError, ValueError):
        raise PublishError(f"{urls.query}: the CONSTRUCT answer is not N-Triples") from None
    return count, got


# ----------------------------------------------------------------------------- publish

@dataclass
class _Job:
    graph: str
    triples: list[Triple]
    sha256: str | None
    report: object | None


def _preview(method: str, url: str, content_type: str, body: bytes, auth, lines: int = 6) -> str:  # noqa: ANN001
    head = body.decode("utf-8").splitlines()
    shown = "\n".join("  " + ln for ln in head[:lines]) + ("\n  …" if len(head) > lines else "")
    cred = "  Authorization: [redacted] (Digest or Basic, if the server asks)\n" if auth is not None else ""
    return (f"{method} {url} ({content_type}, {len(body):,} bytes, {len(head):,} lines)\n{cred}{shown}")


def publish_cvs(cvs: Sequence, sources: Sequence[bytes | None], urls: Endpoints, *, protocol: str = "update",
                graph: str | None = None, metadata: str = METADATA_GRAPH, force: bool = False,
                dry_run: bool = False, timeout: float = 60.0, base: str | None = None,
                use_cache: bool = True, diff: bool = False, retries: int = RETRIES,
                ca_cert: str | os.PathLike | None = None, progress=None) -> list[Outcome]:  # noqa: ANN001
    """Publish each CV (``sources``: each CV file's bytes, for its SHA-256) into its named graph.
    Everything is built and validated before anything is sent.

    ``retries``: extra attempts of a request after a refused/reset connection or an HTTP 5xx (see
    :func:`_http`; every request publish sends is idempotent, see the module docstring);
    ``ca_cert``: a PEM file of CA certificates trusted besides the system's; ``progress``: a stream
    for the upload progress of large bodies (default: stderr when it is a terminal, else none)."""
    from .mapping import document_iri
    from .mapping import triples as cv_triples
    from .shacl import validate_triples

    if protocol not in PROTOCOLS:
        raise PublishError(f"unknown protocol {protocol!r}; use one of {', '.join(PROTOCOLS)}")
    if diff and protocol != "update":
        raise PublishError("--diff sends SPARQL Update (DELETE DATA / INSERT DATA); leave out --protocol gsp")
    if int(retries) < 0:
        raise PublishError("--retries must be 0 or more")
    if progress is None and sys.stderr is not None and sys.stderr.isatty():
        progress = sys.stderr
    net = {"retries": int(retries), "context": tls_context(ca_cert) if ca_cert is not None else None}
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
    jobs: list[_Job] = []
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
        jobs.append(_Job(name, skolemise(items, name), sha, report))
    auth = credentials(urls.update or urls.gsp or urls.query)
    outcomes = []
    for job in jobs:
        when = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        prov = provenance(job.graph, job.sha256, when)
        started = time.monotonic()
        removed = added = None
        if diff:
            count, held = _read_back(urls, job.graph, timeout, auth, **net)
            if count != len(held):
                raise PublishError(f"{urls.query}: <{job.graph}> cannot be read back whole ({count} triples, "
                                   f"{len(held)} returned); publish without --diff")
            if any(type(t) is Blank for triple in held for t in triple):
                raise PublishError(f"{urls.query}: <{job.graph}> holds blank nodes (DELETE DATA cannot name "
                                   "them); publish without --diff")
            want = _canonical(job.triples)
            gone, new = held - want, want - held
            removed, added = len(gone), len(new)
            requests = [("POST", urls.update, "application/sparql-update",
                         diff_request(job.graph, list(gone), list(new), metadata, prov).encode("utf-8"))]
        elif protocol == "update":
            requests = [("POST", urls.update, "application/sparql-update",
                         update_request(job.graph, job.triples, metadata, prov).encode("utf-8"))]
        else:
            requests = [("PUT", _gsp_target(urls.gsp, job.graph), "application/n-triples",
                         "".join(nt_line(t) for t in job.triples).encode("utf-8")),
                        ("POST", urls.update, "application/sparql-update",
                         (" ;\n".join(_metadata_ops(job.graph, metadata, prov)) + "\n").encode("utf-8"))]
        if dry_run:
            text = "\n".join(_preview(m, u, ct, b, auth) for m, u, ct, b in requests)
            outcomes.append(Outcome(job.graph, len(job.triples), protocol, preview=text, report=job.report,
                                    removed=removed, added=added))
            continue
        for method, url, content_type, body in requests:
            # Every request here is idempotent (module docstring, "Retries"), so each may be retried.
            _http(method, url, body, {"Content-Type": content_type}, timeout, auth, url.split("?")[0],
                  idempotent=True, progress=progress, **net)
        count, got = _read_back(urls, job.graph, timeout, auth, **net)
        want = _canonical(job.triples)
        if count != len(want) or got != want:
            raise PublishError(f"{urls.query}: <{job.graph}> did not verify: the store holds {count} triples "
                               f"({len(want - got)} missing, {len(got - want)} unexpected), expected {len(want)}")
        outcomes.append(Outcome(job.graph, len(job.triples), protocol, time.monotonic() - started, True,
                                report=job.report, removed=removed, added=added))
    return outcomes
