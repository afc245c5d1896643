"""``cvgraph serve``: CVs built, validated and served by a local SPARQL server, rebuilt on change.

:func:`build_graph` builds the CVs as ``build`` does (one CV: :func:`cvgraph.pipeline.build.build_document`;
several, a folder or a glob: the batch workers with the per-CV cache) into one merged, sorted
N-Triples graph, validated; :func:`serve_graph` runs the Oxigraph server
(:mod:`cvgraph.pipeline.localserver`) with that graph as its default graph until interrupted, so
that the bundled queries answer over HTTP exactly as on the local CVs (``cvgraph query NAME
CV...`` queries the same merged graph).

Watching (``--watch``) polls the inputs' modification times, sizes and inodes every
:data:`POLL` seconds — the files the front door reads (CVs, ``people.yaml``, BibTeX supplements),
a folder or glob expanded again each time so that a new CV is seen. Polling rather than
filesystem events: the inputs are a few files (a folder of CVs at most), a rebuild takes longer
than the polling interval anyway, and it sees editors' save-by-rename and network filesystems
alike, with no further dependency. A change is rebuilt once the files have stopped changing for
one interval; a rebuild that fails (unreadable, not conforming) leaves the last good graph served.
"""
from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cvgraph.errors import CvgraphError, RecordError, one_line
from cvgraph.pipeline.batch import BatchResult, CVOutcome
from cvgraph.pipeline.build import build_document
from cvgraph.pipeline.localserver import LocalServer, local_server
from cvgraph.pipeline.many import build_many
from cvgraph.pipeline.sources import Sources, expand_inputs, open_sources
from cvgraph.shacl.validation import Report

__all__ = ["POLL", "Served", "Watcher", "build_graph", "serve_graph"]

POLL = 0.5  # seconds between two looks at the inputs (and at the server)


@dataclass
class Served:
    """One build of the graph to serve: its ``status`` (``ok``, ``nonconforming``, ``error``),
    its N-Triples, and what to report: one CV's ``report`` and ``notes``, or several CVs' ``batch``."""

    status: str
    data: bytes = b""
    triples: int = 0
    cvs: int = 0
    report: Report | None = None
    notes: list[str] = field(default_factory=list)
    batch: BatchResult | None = None
    error: str = ""  # a rebuild that could not read its CV: why

    def reason(self) -> str:
        """Why it cannot be served, on one line (``""`` when it can)."""
        if self.status == "ok":
            return ""
        if self.error:
            return self.error
        if self.batch is not None:
            bad = [o for o in self.batch.outcomes if o.status != "ok"]
            first = next((f"{o.file}: {o.problems[0]}" for o in bad if o.problems), "")
            return one_line(f"{len(bad)} of {self.cvs} CVs cannot be served" + (f"; first: {first}" if first else ""))
        violations = self.report.violations if self.report is not None else []
        return one_line(f"the graph does not conform ({len(violations)} violations)"
                        + (f"; first: {violations[0]}" if violations else ""))


def build_graph(sources: Sources, *, base: str | None = None, use_cache: bool = True,
                on_outcome: Callable[[CVOutcome, int, int], None] | None = None) -> Served:
    """The CVs of ``sources`` built and validated into one N-Triples graph. Errors in one CV's
    files raise (:class:`cvgraph.errors.RecordError`); several CVs' are in the result's ``batch``."""
    if not sources.batch:
        document = build_document(sources, "nt", base=base, use_cache=use_cache)
        conforms = document.report is None or document.report.conforms
        return Served("ok" if conforms else "nonconforming", document.data, document.count, 1,
                      document.report, document.notes)
    stream = io.BytesIO()
    result = build_many(sources, None, "nt", base=base, use_cache=use_cache, stream=stream,
                        source_format=sources.fmt, on_outcome=on_outcome)
    status = result.status if result.wrote or result.status != "ok" else "error"
    return Served(status, stream.getvalue(), result.triples, len(sources.units), batch=result)


def _files(path: Path) -> list[Path]:
    """A file, or every file under a folder (a homepage site read as one CV), hidden ones left out."""
    if not path.is_dir():
        return [path]
    return sorted(f for f in path.rglob("*")
                  if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts))


class Watcher:
    """What the inputs look like now (names, modification times, sizes, inodes), to compare."""

    def __init__(self, inputs: Sequence[Path], default: Callable[[], Path] | None = None,
                 settle: float = POLL) -> None:
        self.inputs, self.default, self.settle = list(inputs), default, settle
        self.seen = self.look()

    def look(self) -> tuple[tuple[object, ...], ...]:
        try:
            paths = expand_inputs(self.inputs) if self.inputs or self.default is None else [self.default()]
        except CvgraphError as exc:  # a folder emptied, a glob matching nothing: the rebuild says so
            return (("error", str(exc)),)
        seen: list[tuple[object, ...]] = []
        for path in paths:
            for f in _files(path):
                try:
                    st = f.stat()
                    seen.append((str(f), st.st_mtime_ns, st.st_size, st.st_ino))
                except OSError:
                    seen.append((str(f), None))
        return tuple(seen)

    def changed(self) -> bool:
        """Whether the inputs changed since the last call; if so, returns once they have stopped
        changing for ``settle`` seconds (an editor's save is several writes)."""
        now = self.look()
        if now == self.seen:
            return False
        while True:
            time.sleep(self.settle)
            later = self.look()
            if later == now:
                break
            now = later
        self.seen = now
        return True


def _rebuild(server: LocalServer, reopen: Callable[[], Sources], base: str | None, use_cache: bool) -> Served:
    """A rebuild: served if it is good, else the last good graph stays and the result says why."""
    try:
        served = build_graph(reopen(), base=base, use_cache=use_cache)
    except RecordError as exc:
        more = len(exc.problems) - 1
        return Served("error", error=one_line(str(exc.problems[0]) + (f" (and {more} more)" if more > 0 else "")))
    except CvgraphError as exc:
        return Served("error", error=one_line(exc))
    if served.status == "ok":
        server.replace(served.data)
    return served


def serve_graph(served: Served, inputs: Sequence[Path], *, port: int = 7878, watch: bool = False,
                source_format: str | None = None, default: Callable[[], Path] | None = None,
                base: str | None = None, use_cache: bool = True, watcher: Watcher | None = None,
                on_ready: Callable[[LocalServer], None] = lambda server: None,
                on_rebuilt: Callable[[Served], None] = lambda served: None, poll: float = POLL) -> None:
    """Serve ``served`` (a good build of ``inputs``) as the default graph of the Oxigraph server
    on 127.0.0.1:``port`` until interrupted (KeyboardInterrupt, SIGTERM included, is raised
    after the server is stopped); ``on_ready(server)`` once it answers with the graph loaded.
    ``watch``: rebuild when the inputs change (``watcher``: what they looked like when
    ``served`` was built) and call ``on_rebuilt`` with each rebuild (served only if its status is
    ``ok``; else its ``reason()`` says why).
    A :class:`cvgraph.pipeline.localserver.ServerError` if the server cannot start or stops."""
    if watch and watcher is None:
        watcher = Watcher(inputs, default)
    with local_server(port) as server:
        server.replace(served.data)
        on_ready(server)
        while True:
            time.sleep(poll)
            server.check_running()
            if watch and watcher is not None and watcher.changed():
                on_rebuilt(_rebuild(server, lambda: open_sources(list(inputs), source_format, default=default),
                                    base, use_cache))
