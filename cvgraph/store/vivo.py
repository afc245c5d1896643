"""Publishing into VIVO (``--store vivo``): many CVs in ONE graph, each changed by what changed.

VIVO shows, reasons about and indexes the data of its graph for ingested data (``KB2``, or
``--graph``); every CV goes there, so a CV is not a graph that can be replaced. cvgraph keeps a
record, in its metadata graph, of the triples each CV asserted (:mod:`cvgraph.store.vivo_requests`),
and publishes a CV as follows:

1. one query (more only for a CV too big for one form) reads the CV's record and provenance, and
   which other CVs assert any of its old or new triples;
2. one update request (more only for a change too big for one form) deletes the triples the CV
   asserted before and no longer asserts, unless another CV still asserts them; inserts the
   triples it asserts now and did not, unless another CV already put them there; changes its
   record to match; replaces its provenance (without ``rdf:type`` triples: VIVO reads every graph,
   and a typed node would be listed and indexed as an individual). ``DELETE DATA`` and ``INSERT DATA`` only: triples
   both versions share are never touched, so VIVO's reasoner and search index redo only what changed;
3. verification (``--verify``): ``count``: the graph holds every triple of the CV (one query
   with the triples as a VALUES list) and the record has as many lines; ``checksum`` (default):
   the record's lines also have the expected checksum; ``full``: both read back and compared as sets.

CVs go one after another; the run keeps what earlier CVs claimed and released, so shared people,
organisations and venues are sent once (and a dry run shows the same). Limits: the record is the
truth about who asserts what, so two publishers working on CVs that share triples at the same
time can each decide the other still asserts a triple (it stays) or that nobody does (it goes);
publish from one place at a time. A triple removed in VIVO's editor but still in the record is
not sent again (verification reports it). VIVO applies an update through its RDFService: whether
one request is atomic depends on the triple store behind it.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvgraph.errors import PublishError
from cvgraph.rdf.oxigraph import from_oxigraph_triple
from cvgraph.rdf.terms import IRI, Lit, Triple
from cvgraph.sparql.results import from_json_term
from cvgraph.store import verify as _verify
from cvgraph.store.client import Client
from cvgraph.store.staging import Job
from cvgraph.store.vivo_requests import (
    ASSERTS,
    FORM_BYTES,
    Change,
    change_requests,
    presence_queries,
    record_line,
    record_query,
    state_queries,
)

__all__ = ["Published", "Run", "check", "plan_change", "publish_vivo"]

_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class Published:
    """What happened to one CV: the change (as sent, or as a dry run would send it), its requests
    (texts), the triples of it left in place because another CV asserts them, seconds, verified."""

    job: Job
    change: Change
    requests: list[str]
    shared: int
    seconds: float = 0.0
    verified: bool = False


@dataclass
class Run:
    """What the CVs published so far in this run claimed (now assert) and released (no longer
    assert), by line: the store knows it too once they are sent, a dry run only from here."""

    claimed: dict[str, set[str]] = field(default_factory=dict)
    released: dict[str, set[str]] = field(default_factory=dict)

    def others(self, line: str, doc: str, in_store: set[str]) -> bool:
        """Does a CV other than ``doc`` assert ``line`` (``in_store``: the CVs the store says do)?"""
        return bool((in_store - self.released.get(line, set())) | (self.claimed.get(line, set()) - {doc}))

    def note(self, change: Change) -> None:
        for line in change.record:
            self.claimed.setdefault(line, set()).add(change.doc)
            self.released.get(line, set()).discard(change.doc)
        for line in change.forget:
            self.released.setdefault(line, set()).add(change.doc)
            self.claimed.get(line, set()).discard(change.doc)


def _parse_line(line: str, where: str) -> tuple[Triple, str]:
    """A record line as (triple, graph)."""
    import pyoxigraph as ox  # lazy: a heavy native library, only needed here

    quads = []
    with contextlib.suppress(SyntaxError, ValueError):  # reported below, with the line
        quads = list(ox.parse((line + "\n").encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    if len(quads) != 1 or not isinstance(quads[0].graph_name, ox.NamedNode):
        raise PublishError(f"{where}: the record holds a line that is not one N-Quads quad in a named graph: "
                           f"{line[:80]!r}")
    return from_oxigraph_triple(quads[0]), quads[0].graph_name.value


def _state(client: Client, job: Job, metadata: str, lines: Sequence[str],
           budget: int) -> tuple[set[str], dict[str, set[str]], list[Triple]]:
    """(the CV's recorded lines, {line: other CVs asserting it}, the CV's provenance triples)."""
    old: set[str] = set()
    others: dict[str, set[str]] = {}
    prov: list[Triple] = []
    doc = IRI(job.graph)
    for text in state_queries(job.graph, metadata, lines, budget):
        for row in _verify.bindings(client.query(text), client.where):
            try:
                d, p, t = row["d"]["value"], from_json_term(row["p"]), from_json_term(row["t"])
            except (KeyError, TypeError):
                raise PublishError(f"{client.where}: the answer is not as expected") from None
            if d != job.graph:
                others.setdefault(t.value if isinstance(t, Lit) else "", set()).add(d)
            elif p == ASSERTS and isinstance(t, Lit):
                old.add(t.value)
            else:
                prov.append((doc, p, t))
    return old, others, sorted(prov)


def plan_change(client: Client, job: Job, graph: str, metadata: str, run: Run,
                budget: int = FORM_BYTES) -> tuple[Change, int]:
    """The change that publishes ``job`` (reading the store), and how many of its new triples
    or stale ones stay as they are because another CV asserts them."""
    new = {record_line(t, graph): t for t in job.canonical()}
    old, others, prov_old = _state(client, job, metadata, sorted(new), budget)
    stale, fresh = sorted(old - set(new)), sorted(set(new) - old)
    prov = [t for t in job.prov if t[1] != _TYPE]  # untyped: VIVO lists and indexes individuals by class
    change = Change(job.graph, forget=stale, record=fresh, prov_old=[t for t in prov_old if t not in prov],
                    prov_new=[t for t in prov if t not in prov_old])  # an unchanged triple is not touched
    shared = 0
    for line in stale:
        if run.others(line, job.graph, others.get(line, set())):
            shared += 1
        else:
            change.delete.append(_parse_line(line, f"{client.where}: <{job.graph}>"))
    for line in fresh:
        if run.others(line, job.graph, others.get(line, set())):
            shared += 1
        else:
            change.insert.append((new[line], graph))
    return change, shared


def _number(rows: list[dict[str, dict[str, str]]], name: str, where: str) -> int:
    try:
        return int(float(rows[0][name]["value"])) if rows and name in rows[0] else 0
    except (ValueError, KeyError, TypeError):
        raise PublishError(f"{where}: the answer is not as expected") from None


def check(client: Client, job: Job, graph: str, metadata: str, mode: str, budget: int = FORM_BYTES) -> None:
    """Verify ``job`` (see the module): its triples in ``graph``, its record in ``metadata``."""
    want = job.canonical()
    where = client.where
    if mode == "full":
        held: set[Triple] = set()
        for text in presence_queries(graph, sorted(want), rows=True, budget=budget):
            for row in _verify.bindings(client.query(text), where):
                held.add((from_json_term(row["s"]), from_json_term(row["p"]), from_json_term(row["o"])))
        present = len(held & want)
    else:
        present = sum(_number(_verify.bindings(client.query(text), where), "n", where)
                      for text in presence_queries(graph, sorted(want), budget=budget))
    if present != len(want):
        raise PublishError(f"{where}: <{job.graph}> did not verify: <{graph}> holds {present} of its {len(want)} "
                           "triples (changed in VIVO since it was published? see cvgraph publish --help)")
    rows = _verify.bindings(client.query(record_query(job.graph, metadata, mode)), where)
    lines = {record_line(t, graph) for t in want}
    if mode == "full":
        got = {r["t"]["value"] for r in rows if "t" in r}
        ok, n = got == lines, len(got)
    else:
        n = _number(rows, "n", where)
        ok = n == len(lines) and (mode == "count" or _number(rows, "sum", where) == sum(
            _verify.hash_prefix(line) for line in lines))
    if not ok:
        same = " (same count, different lines: checksum differs)" if n == len(lines) else ""
        raise PublishError(f"{where}: <{job.graph}> did not verify: its record in <{metadata}> has {n} lines, "
                           f"expected {len(lines)}{same}")


def publish_vivo(client: Client, jobs: Sequence[Job], graph: str, metadata: str, *, verify: str = "checksum",
                 dry_run: bool = False, budget: int = FORM_BYTES) -> list[Published]:
    """Publish (or, ``dry_run``, show) each job into the shared ``graph``, one after another."""
    run = Run()
    out: list[Published] = []
    for job in jobs:
        started = time.monotonic()
        try:
            change, shared = plan_change(client, job, graph, metadata, run, budget)
            done = Published(job, change, change_requests(metadata, change, budget), shared)
            if not dry_run:
                _send(client, done)
                check(client, job, graph, metadata, verify, budget)
                done.verified = True
        except PublishError as exc:
            if out and not dry_run:
                raise PublishError(f"{exc} (the first {len(out)} of {len(jobs)} CVs were published; "
                                   "publish again for the rest)") from None
            raise
        run.note(change)
        done.seconds = time.monotonic() - started
        out.append(done)
    return out


def _send(client: Client, done: Published) -> None:
    """Send one CV's requests, in order (each is DELETE DATA / INSERT DATA: sent twice, it changes
    nothing more, so it may be retried)."""
    for i, text in enumerate(done.requests):
        try:
            client.update(text)
        except PublishError as exc:
            if i:
                raise PublishError(f"{exc} (<{done.job.graph}>: {i} of its {len(done.requests)} requests were "
                                   "applied, each with its record: publish again to finish)") from None
            raise
