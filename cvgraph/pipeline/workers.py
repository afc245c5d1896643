"""Worker processes for many CVs, that die with their parent, and SIGTERM as an interrupt.

A killed parent (SIGKILL, or any death that runs no cleanup) must not leave its workers blocked
forever on their job queue (issue 12). Each worker, when it starts:

* asks Linux to SIGKILL it when its parent dies (``prctl(PR_SET_PDEATHSIG)``, through ctypes),
* and (every POSIX system) watches its parent from a thread, ending itself within a second of
  the parent's death (re-parented, or the parent's pid gone),
* ignores SIGINT (Ctrl-C reaches the whole process group: the parent stops the pool) and takes
  SIGTERM with its default action.

In the parent, :func:`sigterm_interrupts` makes SIGTERM raise :class:`KeyboardInterrupt` as
Ctrl-C does, so that the batch cleans up (workers stopped, temporary files removed) and the CLI
ends with its interrupt exit code.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from itertools import islice
from types import FrameType
from typing import TypeVar

from cvgraph.errors import CvgraphError

__all__ = ["dies_with", "in_order", "sigterm_interrupts"]

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # linux/prctl.h
IN_FLIGHT = 4  # jobs per worker submitted ahead


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM raises KeyboardInterrupt (in the main thread, and only if SIGTERM
    had its default action: a handler the program set is left alone)."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _parent_alive(parent: int, ppid: int) -> bool:
    if os.getppid() != ppid:  # re-parented: the process that started this one is gone
        return False
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists (another user's: cannot be ours, but do not guess)
        pass
    return True


def _watch(parent: int, ppid: int) -> None:
    while _parent_alive(parent, ppid):
        time.sleep(1)
    os._exit(1)


def _kill_me_with_my_parent() -> None:
    try:
        import ctypes  # lazy: only in workers, only on Linux

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watching thread still ends this process
        pass


def dies_with(parent: int) -> None:
    """In a child process of ``parent`` (a server's ``preexec_fn``, before it execs): SIGKILL it
    when ``parent`` dies (Linux), and end it now if ``parent`` is already gone."""
    if sys.platform.startswith("linux"):
        _kill_me_with_my_parent()
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(parent: int) -> None:
    """The pool's initializer, in each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    if os.name != "posix":
        return  # os.kill(pid, 0) would end the parent on Windows
    ppid = os.getppid()  # the parent, or a fork server started by it
    if sys.platform.startswith("linux") and ppid == parent:
        _kill_me_with_my_parent()
    if not _parent_alive(parent, ppid):  # died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, ppid), name="cvgraph-parent-watch", daemon=True).start()


def in_order(work: Callable[..., T], jobs: list[tuple[object, ...]], workers: int) -> Generator[T, None, None]:
    """``work(*job)`` for each job, in order, in ``workers`` processes (in this one if 1), at
    most :data:`IN_FLIGHT` jobs per worker in flight. Closing the generator stops the workers."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield work(*job)
        return
    # lazy: multiprocessing, only when CVs are built in parallel
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        todo = iter(jobs)
        pending = deque(pool.submit(work, *job) for job in islice(todo, IN_FLIGHT * workers))
        while pending:
            try:
                result = pending.popleft().result()
            except BrokenProcessPool:
                raise CvgraphError("a worker process died (out of memory?); try fewer --jobs") from None
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(work, *following))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
