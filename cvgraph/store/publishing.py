"""Publish CV graphs into a triple store: one named graph per CV, replaced atomically, verified.

Each CV comes built and validated (by :mod:`cvgraph.pipeline.jobs`) as a :class:`Job`: it is
sent, then verified (the store's count and checksum of each graph equal the local ones).
``--protocol update`` sends one atomic SPARQL Update per CV (a graph over ``REQUEST_TRIPLES``
through its staging graph, :mod:`cvgraph.store.staging`); ``gsp`` streams the CVs in a few large
requests (:mod:`cvgraph.store.streamed`; every verification mode, ``full`` reading back after). The
request texts are :mod:`cvgraph.store.updates`, the HTTP :mod:`cvgraph.http`, the
verification :mod:`cvgraph.store.verify`. The design (protocols, presets, provenance, credentials,
retries and why every request is idempotent, TLS, crash safety): ``docs/publishing.md``.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from cvgraph.errors import PublishError
from cvgraph.http import RETRIES, credentials, tls_context
from cvgraph.progress import terminal
from cvgraph.rdf.oxigraph import from_oxigraph_triple
from cvgraph.rdf.terms import IRI, Triple, nt_line
from cvgraph.store.client import PRESETS, Client, Endpoints, endpoints
from cvgraph.store.prepared import Prepared, prepare_triples
from cvgraph.store.staging import Job, check, diff, staged
from cvgraph.store.streamed import publish_prepared
from cvgraph.store.updates import (
    METADATA_GRAPH,
    provenance,
    skolemise,
    staging_graph,
    staging_loads,
    switch_request,
    update_request,
)
from cvgraph.store.vivo import publish_vivo
from cvgraph.store.vivo_requests import KB2

__all__ = [  # with the names api.py and other modules import from here (defined elsewhere)
    "KB2",
    "METADATA_GRAPH",
    "PROTOCOLS",
    "REQUEST_TRIPLES",
    "RETRIES",
    "VERIFY",
    "Job",
    "Outcome",
    "check_options",
    "client_for",
    "endpoints",
    "make_job",
    "prepared_job",
    "publish_jobs",
    "publish_stream",
    "skolemise",
    "streams",
    "tls_context",
]

PROTOCOLS = ("update", "gsp")
VERIFY = ("checksum", "full", "count")
REQUEST_TRIPLES = 100_000  # triples per update request; a bigger graph is loaded into a staging graph


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
    into: str | None = None  # --store vivo: the graph shared by every CV (``graph`` is the CV's document IRI)
    shared: int = 0  # --store vivo: changed triples left in place because another CV asserts them

    def change(self) -> str:
        if self.removed is None:
            return ""
        kept = f" ({self.shared} kept: other CVs assert them)" if self.shared else ""
        return f"diff: {self.removed} removed, {self.added} added{kept}, "

    def summary(self) -> str:
        how = self.protocol + (" via a staging graph" if self.staged else
                               " into a new graph, directly" if self.protocol == "gsp" else "")
        how += f" into <{self.into}>" if self.into else ""
        return (f"{self.graph}: {self.triples} triples, {how}, {self.change()}{self.seconds:.2f} s, "
                + ("verified" if self.verified else "NOT verified"))


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def make_job(graph: str, triples: Sequence[Triple], source: bytes | None = None, report: object | None = None) -> Job:
    """A CV built (and validated) by the pipeline, ready to publish into ``graph``: its triples
    (blank nodes skolemised into the graph), its source file's bytes (for the provenance's
    SHA-256) and its validation report."""
    sha = hashlib.sha256(source).hexdigest() if source is not None else None
    return Job(graph, skolemise(triples, graph), sha, report)


def prepared_job(graph: str, nt: bytes | str, source: bytes | None, report: object | None = None) -> Job:
    """A CV already built (and validated) elsewhere, e.g. by the batch workers of
    :func:`cvgraph.pipeline.batch.each_cv`: its graph name, its N-Triples, its source file's bytes (for
    the provenance's SHA-256)."""
    import pyoxigraph as ox  # lazy: a heavy native library, only needed here

    data = nt.encode("utf-8") if isinstance(nt, str) else nt
    return make_job(graph, [from_oxigraph_triple(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)], source, report)


def check_options(count: int, urls: Endpoints, protocol: str, graph: str | None, metadata: str, diff: bool,
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
    if graph is not None and count != 1 and not urls.form_auth:  # VIVO: --graph is the one graph all CVs share
        raise PublishError("--graph names the graph of one CV; give one CV or leave --graph out")
    needed = {"query": urls.query, "update": urls.update} | ({"gsp": urls.gsp} if protocol == "gsp" else {})
    missing = [name for name, url in needed.items() if not url]
    presets = "|".join(p for p in PRESETS if PRESETS[p])
    if missing and len(missing) == len(needed):  # no store named at all
        others = "|".join(p for p in PRESETS if PRESETS[p] and p != "oxigraph")
        raise PublishError("no store to publish to: give its URL, e.g. --endpoint http://localhost:7878 for Oxigraph "
                           f"(another store: add --store {others}; --store generic: --query-url and --update-url)")
    if missing:
        raise PublishError("no " + ", ".join(f"--{m}-url" for m in missing)
                           + f" (give them, or --endpoint with --store {presets})")
    for name in (graph, metadata):
        if name is not None and not urllib.parse.urlsplit(name).scheme:
            raise PublishError(f"{name!r} is not an absolute IRI")


@dataclass(frozen=True)
class _Plan:
    """How the jobs go out: ``protocol``, ``diff``, ``verify`` mode, the metadata graph, and the
    most triples one update request carries (a bigger graph goes through its staging graph)."""

    protocol: str
    diff: bool
    verify: str
    metadata: str
    request_triples: int

    def staged(self, jobs: Sequence[Job]) -> bool:
        return self.protocol == "gsp" or (not self.diff and any(len(j.triples) > self.request_triples
                                                                 for j in jobs))


def _dry_run(client: Client, jobs: Sequence[Job], plan: _Plan) -> list[Outcome]:
    """What would be sent, per CV (``--diff`` reads the store; nothing is written)."""
    outcomes = []
    for job in jobs:
        removed = added = None
        switch = switch_request([job.graph], plan.metadata, [job.prov])
        if plan.diff:
            text, removed, added = diff(client, job, plan.metadata)
            shown = [client.preview("update", text)]
        elif plan.protocol == "gsp" and client.urls.dataset:  # as streamed: N-Quads, the batch's CVs together
            quads = "".join(nt_line(t, IRI(staging_graph(job.graph))) for t in job.triples)
            shown = [client.preview("post-quads", quads) + "\n  (into the staging graph if the graph exists; "
                     "a new graph goes straight in, with its provenance, and is not switched)",
                     client.preview("update", switch)]
        elif plan.protocol == "gsp":  # as streamed: one POST of N-Triples per CV
            shown = [client.preview("post", job.nt(), staging_graph(job.graph)) + "\n  (into the staging graph "
                     "if the graph exists; a new graph goes straight in, its provenance added once it is "
                     "checked, and is not switched)", client.preview("update", switch)]
        elif len(job.triples) > plan.request_triples:
            loads = staging_loads(job.graph, job.triples, plan.request_triples)
            shown = [client.preview("update", r) for r in loads] + [client.preview("update", switch)]
        else:
            text = update_request(job.graph, job.triples, plan.metadata, job.prov)
            shown = [client.preview("update", text)]
        outcomes.append(Outcome(job.graph, len(job.triples), plan.protocol, preview="\n".join(shown),
                                report=job.report, removed=removed, added=added,
                                staged=plan.staged(jobs) and not plan.diff))
    return outcomes


def _send(client: Client, jobs: Sequence[Job], plan: _Plan) -> list[Outcome]:
    """Publish and verify every job with ``--protocol update``: one request per CV, or (a graph
    over ``request_triples``) through staging graphs loaded by several requests each."""
    started = time.monotonic()
    if plan.staged(jobs):
        def upload(job: Job) -> None:
            for text in staging_loads(job.graph, job.triples, plan.request_triples):
                client.update(text)

        staged(client, jobs, plan.metadata, upload, plan.verify)
        share = (time.monotonic() - started) / max(1, len(jobs))
        return [Outcome(j.graph, len(j.triples), plan.protocol, share, True, report=j.report, staged=True)
                for j in jobs]
    outcomes = []
    for job in jobs:
        started = time.monotonic()
        removed = added = None
        if plan.diff:
            text, removed, added = diff(client, job, plan.metadata)
        else:
            text = update_request(job.graph, job.triples, plan.metadata, job.prov)
        client.update(text)  # idempotent: see docs/publishing.md, "Retries"
        check(client, [job], plan.verify)
        outcomes.append(Outcome(job.graph, len(job.triples), plan.protocol, time.monotonic() - started, True,
                                report=job.report, removed=removed, added=added))
    return outcomes


def _vivo(client: Client, jobs: Sequence[Job], graph: str, metadata: str, verify: str,
          dry_run: bool) -> list[Outcome]:
    """``--store vivo``: every CV into the one shared ``graph``, by its change (:mod:`cvgraph.store.vivo`)."""
    return [Outcome(p.job.graph, len(p.job.triples), "update", p.seconds, p.verified,
                    preview="\n".join(client.preview("update", r) for r in p.requests) if dry_run else "",
                    report=p.job.report, removed=len(p.change.delete), added=len(p.change.insert), into=graph,
                    shared=p.shared)
            for p in publish_vivo(client, jobs, graph, metadata, verify=verify, dry_run=dry_run)]


def client_for(urls: Endpoints, timeout: float = 60.0, retries: int = RETRIES, ca_cert: str | os.PathLike[str] | None = None,
               progress: TextIO | None = None, allow_insecure_auth: bool = False) -> Client:
    """The client publish sends through: the credentials for ``urls`` (VIVO: missing ones, or a
    password that would go over plain http, are an error here, before anything is built or sent)."""
    context = tls_context(ca_cert) if ca_cert is not None else None
    auth = credentials(urls.update or urls.gsp or urls.query or "")
    return Client(urls, auth, timeout, int(retries), context, terminal(progress), allow_insecure_auth)


def publish_jobs(jobs: Sequence[Job], urls: Endpoints, *, protocol: str = "update", graph: str | None = None,
                 metadata: str = METADATA_GRAPH, dry_run: bool = False, timeout: float = 60.0, diff: bool = False,
                 retries: int = RETRIES, ca_cert: str | os.PathLike[str] | None = None,
                 progress: TextIO | None = None, verify: str = "checksum",
                 request_triples: int = REQUEST_TRIPLES, allow_insecure_auth: bool = False) -> list[Outcome]:
    """Publish each job (a CV built and validated: :func:`make_job`, :func:`prepared_job`) into its
    named graph, then verify it.

    ``retries``: extra attempts of a request after a refused/reset connection or an HTTP 5xx (see
    :func:`cvgraph.http.request`; every request publish sends is idempotent, see
    docs/publishing.md); ``ca_cert``: a PEM file of CA certificates trusted besides the system's;
    ``progress``: a stream for the upload progress of large bodies, drawn if it is a terminal
    (default: stderr); ``verify``: ``checksum`` (count + checksum query), ``count`` (the count
    alone) or ``full`` (read the graph back); ``request_triples``: the most triples one update
    request carries (a bigger graph goes through a staging graph); ``allow_insecure_auth``: the
    password may go over plain http to a host that is not loopback (HTTP Basic, VIVO's form).
    VIVO (``urls.form_auth``): every job into the one ``graph`` (default ``KB2``), each by its change
    (:mod:`cvgraph.store.vivo`); ``protocol``, ``diff`` and ``request_triples`` do not apply."""
    check_options(len(jobs), urls, protocol, graph, metadata, diff, retries, verify)
    seen: set[str] = set()
    for name in (j.graph for j in jobs):
        if name in seen:
            if urls.form_auth:
                raise PublishError(f"two CVs have the same document IRI <{name}>, under which cvgraph records what "
                                   "each asserts; give each CV its own (base: in the file), or publish them separately")
            raise PublishError(f"two CVs would go into the same graph <{name}>; publish them separately")
        seen.add(name)
    client = client_for(urls, timeout, retries, ca_cert, progress, allow_insecure_auth)
    for job in jobs:
        job.prov = provenance(job.graph, job.sha256, _now())
    if urls.form_auth:
        return _vivo(client, list(jobs), graph or KB2, metadata, verify, dry_run)
    if not dry_run and protocol == "gsp":  # streamed; --verify full: checksums, then every triple read back
        items = [prepare_triples(j.graph, j.triples, j.sha256, verify != "count") for j in jobs]
        outcomes = _streamed(client, items, metadata, "checksum" if verify == "full" else verify,
                             {j.graph: j.report for j in jobs})
        if verify == "full":
            check(client, jobs, "full")
        return outcomes
    plan = _Plan(protocol, diff, verify, metadata, request_triples)
    return _dry_run(client, list(jobs), plan) if dry_run else _send(client, list(jobs), plan)


def streams(protocol: str, verify: str, urls: Endpoints) -> bool:
    """Does publish stream the CVs as the workers prepare them (:mod:`cvgraph.store.streamed`)?
    ``--protocol gsp``, verified by count or checksum, not VIVO. (``full`` compares every triple, so
    it holds the CVs: :func:`publish_jobs` sends them through the same streamed path, then reads
    each back.)"""
    return protocol == "gsp" and verify in ("count", "checksum") and not urls.form_auth


def _streamed(client: Client, items: Iterable[Prepared], metadata: str, verify: str,
              reports: dict[str, object] | None = None) -> list[Outcome]:
    started = time.monotonic()
    sent = publish_prepared(client, items, metadata, verify)
    share = (time.monotonic() - started) / max(1, len(sent))
    return [Outcome(s.graph, s.count, "gsp", share, True, report=(reports or {}).get(s.graph), staged=not s.fresh)
            for s in sent]


def publish_stream(items: Iterable[Prepared], urls: Endpoints, *, metadata: str = METADATA_GRAPH,
                   timeout: float = 60.0, retries: int = RETRIES, ca_cert: str | os.PathLike[str] | None = None,
                   progress: TextIO | None = None, verify: str = "checksum",
                   allow_insecure_auth: bool = False) -> list[Outcome]:
    """``--protocol gsp`` for many CVs: each CV of ``items`` (prepared by the batch workers,
    :mod:`cvgraph.store.prepared`; they come as they are built, and an error raised by the
    iterator stops publishing and leaves the store as it was) sent, checked and switched in
    (:mod:`cvgraph.store.streamed`); the options as for :func:`publish_jobs`."""
    client = client_for(urls, timeout, retries, ca_cert, progress, allow_insecure_auth)
    return _streamed(client, items, metadata, verify)
