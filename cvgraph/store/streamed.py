"""``--protocol gsp``, streamed: CVs prepared by the batch workers are sent as they come, in a few
large requests, and switched in; the parent never holds more than one batch of them.

For each batch of CVs (up to ``BATCH_BYTES`` of N-Triples or ``BATCH_CVS`` CVs):

- a store whose Graph Store URL takes N-Quads for many graphs (``Endpoints.dataset``: Oxigraph)
  gets ONE POST: a CV whose graph does not exist yet (no triple, and no provenance in the metadata
  graph: one query per batch asks) goes straight into its graph with its provenance (there is no
  old version to keep; the POST is one transaction, so the graph appears whole, with its
  provenance, or not at all); a CV whose graph exists goes into its staging graph (emptied first:
  what a killed run left);
- another store (Virtuoso 7.2: its Graph Store endpoint takes one graph per request, refusing
  N-Quads and TriG; a SPARQL ``INSERT DATA`` of the same triples is slower) gets one Graph Store
  POST of N-Triples per CV, ``PARALLEL_POSTS`` of them at once: into its graph if it does not
  exist yet, its provenance added in one update per batch once the batch's new graphs are checked
  (so a graph a killed run left half loaded has no provenance: queries of the CVs published leave
  it out, and the next publish replaces it through its staging graph); else into its staging graph
  (the batch's staging graphs emptied first, in one request).

The uploads are sent by one background thread (a batch's one-graph POSTs by ``PARALLEL_POSTS``
threads it starts), so the workers prepare the next CVs while the store loads the last ones. Then (:func:`publish_prepared`): the staging graphs are checked (count, or
count + checksum), and so are the graphs loaded directly; the staging graphs are switched in (one
atomic request per ``SWITCH_GRAPHS`` CVs, touching only what differs,
:func:`cvgraph.store.updates.switch_request`), the switched graphs' counts checked and the staging
graphs dropped. The checksum is computed by the store once per CV: on the staging graph (before the
switch: a bad upload never reaches a published graph) or on the graph loaded directly. On any
failure before the switch (a CV that cannot be built, a failed check, Ctrl-C) the staging graphs
and the graphs loaded directly are dropped again (best effort), so the store is as before.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from cvgraph.errors import PublishError
from cvgraph.rdf.terms import IRI, nt_line, nt_term
from cvgraph.store import verify as _verify
from cvgraph.store.client import Client
from cvgraph.store.prepared import Prepared
from cvgraph.store.staging import SWITCH_GRAPHS, check, staging_of
from cvgraph.store.updates import drop_request, provenance, provenance_request, staging_graph, switch_request

__all__ = ["BATCH_BYTES", "BATCH_CVS", "Sent", "existing", "publish_prepared"]

BATCH_BYTES = 16 << 20  # N-Triples per upload request (the parent holds one batch, the sender one)
BATCH_CVS = 25  # CVs per upload request, existence query and check query (small: the last batch's check is not overlapped)
PARALLEL_POSTS = 2  # one-graph POSTs in flight at once (Virtuoso, 568 CVs: 19.6 s one at a time, 13.7 s two, no gain past)


@dataclasses.dataclass(frozen=True)
class Sent:
    """What is kept of a CV once sent: its figures (no triples), and whether it was ``fresh``
    (loaded straight into its graph, which did not exist) or staged."""

    item: Prepared
    fresh: bool

    @property
    def graph(self) -> str:
        return self.item.graph

    @property
    def count(self) -> int:
        return self.item.count

    def expected(self) -> tuple[int, int, int]:
        return self.item.expected()


class _Sender:
    """One daemon thread sending the uploads in order; at most one more waits. An error is raised
    in the caller at its next :meth:`submit` or at :meth:`finish`."""

    def __init__(self) -> None:
        self._todo: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="cvgraph-upload", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (task := self._todo.get()) is not None:
            if self.error is None:
                try:
                    task()
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    self.error = exc

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def submit(self, task: Callable[[], None]) -> None:
        self._raise()
        self._todo.put(task)

    def finish(self) -> None:
        self._todo.put(None)
        self._thread.join()
        self._raise()

    def stop(self, wait: bool) -> None:
        """No more uploads: drop the waiting one; ``wait`` for the one in flight (not after
        Ctrl-C: it may hang on a store that does not answer, and the process is ending)."""
        try:
            while True:
                self._todo.get_nowait()
        except queue.Empty:
            pass
        self._todo.put_nowait(None)
        if wait:
            self._thread.join()


def existing(client: Client, graphs: Sequence[str], metadata: str) -> set[str]:
    """Which of ``graphs`` the store has: it holds a triple in it, or provenance about it."""
    values = " ".join(nt_term(IRI(g)) for g in graphs)
    text = (f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER(EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} || "
            f"EXISTS {{ GRAPH {nt_term(IRI(metadata))} {{ ?g ?p ?o }} }}) }}\n")
    return {row["g"]["value"] for row in _verify.bindings(client.query(text), client.where)}


def _in_parallel(tasks: Sequence[Callable[[], None]], threads: int) -> None:
    """Run ``tasks`` on up to ``threads`` daemon threads (never blocking the exit after Ctrl-C) and
    wait for them; after a failure no task starts, and the first error is raised."""
    todo = iter(tasks)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        while True:
            with lock:
                task = None if errors else next(todo, None)
            if task is None:
                return
            try:
                task()
            except BaseException as exc:  # noqa: BLE001 - raised in the caller
                with lock:
                    errors.append(exc)

    workers = [threading.Thread(target=work, name="cvgraph-upload", daemon=True)
               for _ in range(max(1, min(threads, len(tasks))))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]


def _post(client: Client, stages: list[str], body: bytes) -> None:
    if stages:  # what a killed run left in them: the POST adds
        client.update(drop_request(stages))
    client.post_quads(body)


class _Run:
    """One streamed publish: the client, metadata graph, time, what was sent so far."""

    def __init__(self, client: Client, metadata: str, when: str, mode: str) -> None:
        self.client, self.metadata, self.when, self.mode = client, metadata, when, mode
        self.sent: list[Sent] = []
        self.sender = _Sender()  # the uploads, in order
        self.checker = _Sender()  # the checks of what was uploaded, while the next batch uploads

    def _check(self, sent: list[Sent]) -> None:
        """After ``sent`` were uploaded: check them (on the checker thread); a graph loaded directly
        into a store without N-Quads POST gets its provenance now, once it is whole and checked."""
        staged = [s for s in sent if not s.fresh]
        if staged:
            check(self.client, staged, self.mode, staging_of, " in its staging graph (the published graph was not touched)")
        fresh = [s for s in sent if s.fresh]
        if fresh:
            check(self.client, fresh, self.mode)
            if not self.client.urls.dataset:
                provs = [provenance(s.graph, s.item.sha256, self.when) for s in fresh]
                self.client.update(provenance_request(self.metadata, [s.graph for s in fresh], provs))

    def _then_check(self, upload: Callable[[], None], sent: list[Sent]) -> None:
        upload()
        self.checker.submit(partial(self._check, sent))

    def upload(self, batch: list[Prepared]) -> None:
        client = self.client
        start = len(self.sent)
        graphs = [p.graph for p in batch]
        old = existing(client, graphs + [staging_graph(g) for g in graphs], self.metadata)
        if not client.urls.dataset:
            self._upload_each(batch, old)
            return
        parts, stages = [], []
        meta = IRI(self.metadata)
        for item in batch:
            fresh = item.graph not in old
            if fresh:
                parts.append(item.quads(item.graph))
                parts.extend(nt_line(t, meta).encode() for t in provenance(item.graph, item.sha256, self.when))
            else:
                stage = staging_graph(item.graph)
                stages += [stage] if stage in old else []  # what a killed run left there: emptied first
                parts.append(item.quads(stage))
            self.sent.append(Sent(dataclasses.replace(item, body=b""), fresh))
        self.sender.submit(partial(self._then_check, partial(_post, client, stages, b"".join(parts)),
                                   self.sent[start:]))

    def _upload_each(self, batch: list[Prepared], old: set[str]) -> None:
        """A store without N-Quads POST: one Graph Store POST of N-Triples per CV
        (``PARALLEL_POSTS`` at once), into its graph if new, else into its staging graph (emptied
        first if a killed run left it, in one request per batch)."""
        client, start = self.client, len(self.sent)
        stages = [staging_graph(p.graph) for p in batch if staging_graph(p.graph) in old]
        if stages:  # what a killed run left in them: the POST adds
            self.sender.submit(partial(client.update, drop_request(stages)))
        posts = []
        for item in batch:
            fresh = item.graph not in old
            posts.append(partial(client.post, item.graph if fresh else staging_graph(item.graph), item.body))
            self.sent.append(Sent(dataclasses.replace(item, body=b""), fresh))
        self.sender.submit(partial(self._then_check, partial(_in_parallel, posts, PARALLEL_POSTS), self.sent[start:]))

    def rollback(self, switching: bool, interrupted: bool) -> None:
        """Drop the staging graphs and (before the switch) the graphs loaded directly with their
        provenance; best effort, the first error is the one reported."""
        self.sender.stop(wait=not interrupted)
        self.checker.stop(wait=not interrupted)
        client = self.client
        drop = [staging_graph(s.graph) for s in self.sent if not s.fresh]
        fresh = [] if switching else [s.graph for s in self.sent if s.fresh]
        if not drop and not fresh:
            return
        m = nt_term(IRI(self.metadata))
        ops = [f"DROP SILENT GRAPH {nt_term(IRI(g))}" for g in drop + fresh]
        ops += [f"DELETE WHERE {{ GRAPH {m} {{ {nt_term(IRI(g))} ?p ?o }} }}" for g in fresh]
        try:
            cleanup = Client(client.urls, client.auth, min(client.timeout, 10.0), retries=0,
                             context=client.context, allow_insecure_auth=client.allow_insecure_auth)
            for i in range(0, len(ops), 100):
                cleanup.update(" ;\n".join(ops[i:i + 100]) + "\n")
        except Exception:  # noqa: BLE001, S110 - best effort; the first error is the one to report
            pass

    def switch(self) -> None:
        staged = [s for s in self.sent if not s.fresh]
        for i in range(0, len(staged), SWITCH_GRAPHS):
            group = staged[i:i + SWITCH_GRAPHS]
            provs = [provenance(s.graph, s.item.sha256, self.when) for s in group]
            try:
                self.client.update(switch_request([s.graph for s in group], self.metadata, provs))
            except PublishError as exc:
                if i:
                    raise PublishError(f"{exc} (the first {i} of {len(staged)} CVs were switched in; the "
                                       "rest still hold their old version: publish again)") from None
                raise
        check(self.client, staged, "count")  # the switch copied what the staging graph held (checked)
        if staged:
            self.client.update(drop_request([staging_graph(s.graph) for s in staged]))


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def publish_prepared(client: Client, items: Iterable[Prepared], metadata: str, mode: str) -> list[Sent]:
    """Send, check and switch in every CV of ``items`` (module docstring); ``mode`` ``count`` or
    ``checksum`` (each item then carries its checksums). Returns what was sent, in order."""
    run = _Run(client, metadata, _now(), mode)
    switching = False
    try:
        batch: list[Prepared] = []
        size = 0
        for item in items:
            batch.append(item)
            size += len(item.body)
            if size >= BATCH_BYTES or len(batch) >= BATCH_CVS:
                run.upload(batch)
                batch, size = [], 0
        if batch:
            run.upload(batch)
        run.sender.finish()
        run.checker.finish()
        switching = True
        run.switch()
    except BaseException as exc:
        run.rollback(switching, isinstance(exc, KeyboardInterrupt))
        raise
    return run.sent
