"""Publishing jobs against a store: verify graphs, load staging graphs and switch them in, diff.

A :class:`Job` is one CV ready to send (its graph name, skolemised triples, provenance).
:func:`check` verifies graphs (``full``, ``checksum`` or ``count``); :func:`staged` loads jobs
into their staging graphs, checks them, switches them in and drops them; :func:`diff` builds the
``--diff`` request from what the store holds. The design: ``docs/publishing.md``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cvgraph.errors import PublishError
from cvgraph.rdf.terms import Blank, Triple, nt_line
from cvgraph.store import verify as _verify
from cvgraph.store.client import Client
from cvgraph.store.updates import diff_request, drop_request, staging_graph, switch_request

__all__ = ["SWITCH_GRAPHS", "Checked", "Job", "check", "diff", "staged", "staging_of"]

SWITCH_GRAPHS = 50  # graphs per switch request (Virtuoso 7.2 refuses ~200: "SQ200: Query too large")


@dataclass
class Job:
    """One CV ready to publish: its graph, its (skolemised) triples, its source's SHA-256, its
    validation report and provenance."""

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

    @property
    def count(self) -> int:
        """How many triples the store should hold (:meth:`canonical`)."""
        return len(self.canonical())

    def nt(self) -> bytes:
        return "".join(map(nt_line, self.triples)).encode("utf-8")


class Checked(Protocol):
    """What :func:`check` compares: a graph's name and the figures the store must give."""

    @property
    def graph(self) -> str: ...

    @property
    def count(self) -> int: ...

    def expected(self) -> tuple[int, int, int]: ...


def _published(job: Checked) -> str:
    return job.graph


def staging_of(job: Checked) -> str:
    return staging_graph(job.graph)


def check(client: Client, jobs: Sequence[Checked], mode: str, name: Callable[[Any], str] = _published,
          what: str = "") -> None:
    """Each job's graph (``name(job)``) holds exactly its triples: ``full`` reads it back (jobs
    only), ``checksum`` compares count + checksum, ``count`` the count alone (one query per 50
    graphs)."""
    where = client.where
    if mode == "full":
        for job in jobs:
            assert isinstance(job, Job)  # full: the triples are held (cvgraph.store.publishing)
            n, got = _verify.read_back(client, name(job))
            want = job.canonical()
            if n != len(want) or got != want:
                raise PublishError(f"{where}: <{name(job)}> did not verify{what}: the store holds {n} "
                                   f"triples ({len(want - got)} missing, {len(got - want)} unexpected), "
                                   f"expected {len(want)}")
        return
    graphs = [name(j) for j in jobs]
    if mode == "count":
        held = {g: (n, 0) for g, n in _verify.store_counts(client, graphs).items()}
    else:
        held = _verify.store_checksums(client, graphs)
    for job in jobs:
        have = held[name(job)]
        expected = (job.count, 0, 0) if mode == "count" else job.expected()
        if have[0] != expected[0] or (mode != "count" and not _verify.matches(have, expected)):
            same = " (same count, different triples: checksum differs)" if have[0] == expected[0] else ""
            raise PublishError(f"{where}: <{name(job)}> did not verify{what}: the store holds "
                               f"{have[0]} triples, expected {expected[0]}{same}")


def staged(client: Client, jobs: Sequence[Job], metadata: str, upload: Callable[[Job], None],
           mode: str) -> None:
    """Load each job into its staging graph (``upload``), check the staging graphs (count +
    checksum), switch them in (one atomic request per ``SWITCH_GRAPHS`` CVs), verify, drop the
    staging graphs. Until the switch the published graphs are untouched; on any failure (or
    Ctrl-C) the staging graphs are dropped, best effort, and the error is raised."""
    stages = [staging_graph(j.graph) for j in jobs]
    try:
        for job in jobs:
            upload(job)
        check(client, jobs, "count" if mode == "count" else "checksum", staging_of,
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
        check(client, jobs, mode)
    except BaseException:
        try:
            cleanup = Client(client.urls, client.auth, min(client.timeout, 10.0), retries=0,
                             context=client.context, allow_insecure_auth=client.allow_insecure_auth)
            cleanup.update(drop_request(stages))
        except Exception:  # noqa: BLE001, S110 - best effort; the first error is the one to report
            pass
        raise
    client.update(drop_request(stages))


def diff(client: Client, job: Job, metadata: str) -> tuple[str, int, int]:
    """The --diff request for ``job``, and how many triples it removes and adds."""
    n, held = _verify.read_back(client, job.graph)
    if n != len(held):
        raise PublishError(f"{client.where}: <{job.graph}> cannot be read back whole ({n} triples, "
                           f"{len(held)} returned); publish without --diff")
    if any(isinstance(t, Blank) for triple in held for t in triple):
        raise PublishError(f"{client.where}: <{job.graph}> holds blank nodes (DELETE DATA cannot name "
                           "them); publish without --diff")
    want = job.canonical()
    gone, new = held - want, want - held
    return diff_request(job.graph, list(gone), list(new), metadata, job.prov), len(gone), len(new)
