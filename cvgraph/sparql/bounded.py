"""A local query under a deadline: loading and evaluating run in a worker process, killed at ``timeout``.

Neither engine can be interrupted from Python: pyoxigraph evaluates in native code without checking
for signals (a SIGALRM handler runs only when the query is over), and rdflib's SERVICE waits on a
socket without a timeout. So the work runs in a forked child (it shares the parent's memory: the
CV triples are not copied or pickled), which sends its result back through a pipe; at the deadline
the parent kills it. The child also arms an alarm with the default action, so it dies at the
deadline even if the parent was killed first. A fork costs a few milliseconds; without ``os.fork``
(Windows) the work runs in-process, without a deadline.

``MAX_RESULTS`` caps the rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a local query may return:
the engines stop reading solutions past it, and the query fails with one line.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from cvgraph.sparql.catalogue import QueryError

__all__ = ["DEFAULT_TIMEOUT", "MAX_RESULTS", "check_limits", "within_deadline"]

T = TypeVar("T")
DEFAULT_TIMEOUT = 60.0  # seconds for a local query: loading --data and evaluating
MAX_RESULTS = 1_000_000  # rows or triples of one local query
_GRACE = 1.0  # seconds the child outlives the deadline before its own alarm kills it


def check_limits(timeout: float, max_results: int) -> None:
    """Refuse a timeout that is not a positive finite number of seconds, or a limit below 1."""
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise QueryError(f"--timeout {timeout}: give a positive number of seconds")
    if max_results < 1:
        raise QueryError(f"--max-results {max_results}: give a positive number")


def within_deadline(work: Callable[[], T], timeout: float, what: str) -> T:
    """``work()``'s result, computed in a worker process that is killed after ``timeout`` seconds
    (a one-line QueryError naming ``what``). A QueryError in the worker is raised here."""
    if not hasattr(os, "fork"):
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(work, send, timeout), name="cvgraph-query", daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryError(f"{what}: stopped after {timeout:g} s (--timeout); narrow the query, "
                             "or allow more time with --timeout")
        ok, value = receive.recv()
    except EOFError:
        worker.join(1)
        raise QueryError(f"{what}: the query engine stopped without an answer (exit status {worker.exitcode}; "
                         "out of memory?)") from None
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if not ok:
        raise QueryError(value)
    return value  # type: ignore[no-any-return]  # what work() returned, through pickle


def _work(work: Callable[[], object], send: Connection, timeout: float) -> None:
    """In the child: run ``work``, send ``(True, result)`` or ``(False, one-line message)``."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly, with the parent
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the kernel ends it, even in native code
    signal.setitimer(signal.ITIMER_REAL, timeout + _GRACE)
    try:
        answer: tuple[bool, object] = (True, work())
    except QueryError as exc:
        answer = (False, str(exc))
    except MemoryError:
        answer = (False, "the query ran out of memory; narrow it or lower --max-results")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - an engine's own error (or a Rust panic), in one line
        answer = (False, f"the query failed: {' '.join(str(exc).split())[:300] or type(exc).__name__}")
    try:
        send.send(answer)
    except Exception as exc:  # noqa: BLE001 - an answer that cannot be sent back (pickled), in one line
        send.send((False, f"the query's answer could not be returned: {' '.join(str(exc).split())[:200]}"))
    send.close()
