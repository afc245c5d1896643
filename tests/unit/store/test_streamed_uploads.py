"""Streamed publishing to a store that takes one graph per Graph Store POST (Virtuoso): the CVs of a
batch go out ``PARALLEL_POSTS`` at once, and the batch is checked only once every POST of it has
answered (cvgraph.store.streamed)."""
from __future__ import annotations

import threading
import time

import pytest

from cvgraph.errors import PublishError
from cvgraph.store import streamed
from cvgraph.store.prepared import Prepared
from cvgraph.store.streamed import PARALLEL_POSTS, _in_parallel, _Run


class _Tracker:
    """Tasks that record how many run at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.done: list[int] = []

    def task(self, i: int, seconds: float = 0.02, fail: bool = False):
        def run() -> None:
            with self.lock:
                self.now += 1
                self.most = max(self.most, self.now)
            time.sleep(seconds)
            with self.lock:
                self.now -= 1
                self.done.append(i)
            if fail:
                raise PublishError(f"task {i} failed")
        return run


def test_tasks_run_at_most_threads_at_once_and_all_finish():
    tracker = _Tracker()
    _in_parallel([tracker.task(i) for i in range(9)], 2)
    assert sorted(tracker.done) == list(range(9))
    assert tracker.most == 2


def test_the_first_error_is_raised_after_the_running_tasks_end_and_nothing_new_starts():
    tracker = _Tracker()
    tasks = [tracker.task(0, 0.05), tracker.task(1, 0.01, fail=True)] + [tracker.task(i, 0.01) for i in range(2, 9)]
    with pytest.raises(PublishError, match="^task 1 failed$"):
        _in_parallel(tasks, 2)
    assert tracker.now == 0  # the task in flight finished before the error was raised
    assert 0 in tracker.done and len(tracker.done) < 9  # the rest never started


class _OneGraphStore:
    """A Client for a store without N-Quads POST: it records the POSTs in flight and the checks."""

    def __init__(self) -> None:
        self.tracker = _Tracker()
        self.posted: list[str] = []
        self.checked_after: list[list[str]] = []

        class urls:
            dataset = None
        self.urls = urls

    def post(self, graph: str, body: bytes) -> None:
        self.tracker.task(0)()
        with self.tracker.lock:
            self.posted.append(graph)

    def update(self, text: str) -> None:
        pass


def test_a_batch_posts_its_cvs_in_parallel_then_checks_them_all(monkeypatch):
    store = _OneGraphStore()
    checks: list[list[str]] = []

    def check(client, sent, mode, *rest):
        checks.append(sorted(s.graph for s in sent))
        assert sorted(store.posted) == sorted(s.graph for s in sent)  # every POST has answered
    monkeypatch.setattr(streamed, "check", check)
    monkeypatch.setattr(streamed, "provenance_request", lambda *a: "")
    run = _Run(store, "https://example.org/metadata", "2026-12-07T00:00:00Z", "count")  # type: ignore[arg-type]
    batch = [Prepared(f"https://example.org/cv/{i}/", b"<urn:a> <urn:b> <urn:c> .\n", 1, None) for i in range(6)]
    run._upload_each(batch, set())
    run.sender.finish()
    run.checker.finish()
    assert checks == [sorted(p.graph for p in batch)]
    assert store.tracker.most == PARALLEL_POSTS == 2
