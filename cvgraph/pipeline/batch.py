"""Many CVs in one run: parallel, streamed, incremental (``cvgraph build DIR|GLOB|FILE...``).

Each CV is loaded, mapped and validated on its own, in a pool of worker processes; a worker
returns the CV's text and a small summary, and the parent writes the texts **in input order**
to a temporary file that is renamed over the output at the end (so memory grows with the
largest CV times the in-flight window, not with the total, and the output is byte-identical
whatever the number of workers). A CV that cannot be read, or does not conform, is reported and
left out; the batch goes on (``fail_fast`` stops it, and then nothing is written).

Output is a graph per CV, named by its document IRI (N-Quads, TriG), or one merged graph
(N-Triples, Turtle, RDF/XML): sorted and de-duplicated by an external merge sort (sorted runs
of at most ``chunk_bytes`` of N-Triples text spilled to disk, then merged), so memory is
bounded by the chunk size (about 3× it in Python strings), at the cost of temporary disk space
of the size of the output. Works and people with a DOI or ORCID iD have one global IRI, so they
meet in one node across CVs. Each CV is validated alone: a node that two CVs describe
differently (two names for one ORCID iD) can make the *union* non-conforming unnoticed.

Per-CV cache (:mod:`cvgraph.cache`): the CV's sorted N-Triples and its validation report, keyed
by the CV's file(s), the code, the SHACL engine, the shapes file, ``--base``, ``--from`` and the
people registry; an unchanged CV is neither mapped nor validated again.
"""
from __future__ import annotations

import hashlib
import heapq
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from cvgraph import cache
from cvgraph.errors import CvgraphError, RecordError, ShapesError
from cvgraph.fsio import AtomicFile, ReadError, read_capped
from cvgraph.pipeline.build import build_one
from cvgraph.pipeline.sources import Unit
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.syntax import FORMATS as RDF_FORMATS
from cvgraph.rdf.terms import IRI, nt_line, nt_term
from cvgraph.records.registry import Registry
from cvgraph.records.yamlsafe import MAX_BYTES
from cvgraph.shacl.validation import Result, engine, shapes_file

__all__ = ["FORMATS", "MERGED", "PER_GRAPH", "BatchError", "BatchResult", "CVOutcome", "default_jobs", "each_cv",
           "run_batch"]

PER_GRAPH = tuple(f.name for f in RDF_FORMATS.values() if f.named_graphs)  # a named graph per CV
MERGED = ("nt", "turtle", "xml")  # one merged graph (the syntaxes pyoxigraph streams)
FORMATS = MERGED + PER_GRAPH
CHUNK_BYTES = 32 << 20  # N-Triples text held in memory before a sorted run is spilled to disk


class BatchError(RecordError):
    """Some CVs of a batch could not be used; ``problems`` are their report lines (strings)."""

    status = "error"  # "nonconforming" when every CV with problems just does not conform
    problems: list[str]  # type: ignore[assignment]  # report lines, not located Problems

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)  # as given: lines are not sorted by location
        CvgraphError.__init__(self, "\n".join(self.problems))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ----------------------------------------------------------------------------- outcomes

@dataclass
class CVOutcome:
    """What happened to one CV; ``problems`` are report lines (``file:line:col field: message``)."""

    index: int
    file: str
    status: str = "ok"  # ok | nonconforming | error (could not be read or used)
    written: bool = False
    triples: int = 0
    graph: str | None = None
    violations: int = 0
    warnings: int = 0
    cached: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Left out of the output (an error, or non-conforming without ``force``)."""
        return not self.written


@dataclass
class BatchResult:
    fmt: str
    outcomes: list[CVOutcome]
    triples: int = 0  # statements written (merged: after de-duplication)
    wrote: bool = False  # False when no CV could be written, or fail_fast stopped the batch
    stopped: bool = False  # fail_fast stopped the batch

    @property
    def status(self) -> str:
        """``error`` if some CV could not be read, else ``nonconforming`` if some does not conform,
        else ``ok``."""
        if any(o.status == "error" for o in self.outcomes):
            return "error"
        return "nonconforming" if any(o.status == "nonconforming" for o in self.outcomes) else "ok"


# ----------------------------------------------------------------------------- one CV (in a worker)

@dataclass(frozen=True)
class _Settings:
    fmt: str | None  # None: no text (validation only)
    base: str | None
    source_format: str | None
    validate: bool
    force: bool
    profile: str
    use_cache: bool
    key_prefix: str  # cvgraph version and code, shapes, options, registry
    registry: Registry | None = None  # the shared people registry


def _key(files: tuple[str, ...], s: _Settings) -> str | None:
    """The cache key of a CV: the settings and the bytes (and kind) of each of its files."""
    parts: list[str | bytes] = [s.key_prefix]
    for name in files:
        try:
            parts += [Path(name).suffix.lower(), read_capped(name, MAX_BYTES)]
        except ReadError:
            return None  # the loader reports it
    return cache.key("cv", *parts)


def _build(files: tuple[str, ...], s: _Settings) -> tuple[dict[str, object], str]:
    """Build one CV (:func:`cvgraph.pipeline.build.build_one`): (header, sorted N-Triples)."""
    built = build_one(Unit(files[0], tuple(Path(f) for f in files[1:])), fmt=s.source_format, base=s.base,
                      registry=s.registry, validate=s.validate, profile=s.profile, use_cache=s.use_cache)
    nt = "".join(sorted(nt_line(t) for t in built.triples))
    report = built.report.to_json() if built.report is not None else None
    return {"graph": built.graph, "triples": len(built.triples), "report": report}, nt


def _work(index: int, files: tuple[str, ...], s: _Settings) -> tuple[CVOutcome, bytes]:
    """The worker: one CV in, its summary and its text (in the output format) out."""
    outcome = CVOutcome(index, files[0])
    key = _key(files, s) if s.use_cache else None
    hit = cache.get("cv", key) if key else None
    if hit is not None and (hit[0].get("report") is not None or not s.validate):
        header, nt, outcome.cached = hit[0], hit[1].decode("utf-8"), True
    else:
        try:
            header, nt = _build(files, s)
        except RecordError as exc:
            outcome.status, outcome.problems = "error", [str(p) for p in exc.problems]
            return outcome, b""
        except CvgraphError as exc:
            outcome.status, outcome.problems = "error", [str(exc)]
            return outcome, b""
        except Exception as exc:  # noqa: BLE001 - a bug met by one CV must not stop the other 999
            outcome.status = "error"
            outcome.problems = [(f"{files[0]}: internal error: {type(exc).__name__}: {exc} (build this CV "
                                 "alone for the traceback, and please report it)")]
            return outcome, b""
        if key:
            cache.put("cv", key, header, nt.encode("utf-8"))
    outcome.graph, outcome.triples = header["graph"], header["triples"]
    report = header["report"] if s.validate else None
    if report is not None:
        severities = [r["severity"] for r in report["results"]]
        outcome.violations, outcome.warnings = severities.count("Violation"), severities.count("Warning")
        if not report["conforms"]:
            first = next(Result(**r) for r in report["results"] if r["severity"] == "Violation")
            outcome.status = "nonconforming"
            outcome.problems = [(f"{files[0]}: does not conform: {outcome.violations} violation"
                                 f"{'s' if outcome.violations != 1 else ''}, the first: {first}")]
    outcome.written = outcome.status == "ok" or s.force
    return outcome, (_render(nt, outcome.graph, s.fmt) if outcome.written and s.fmt else b"")


def _render(nt: str, graph: str, fmt: str) -> bytes:
    """A CV's sorted N-Triples as the parent writes them: N-Quads or a TriG block in its named
    graph, or (merged formats) N-Triples for the merge."""
    if fmt == "nquads":
        name = " " + nt_term(IRI(graph)) + " .\n"
        return "".join(line[:-3] + name for line in nt.splitlines(keepends=True)).encode("utf-8")
    if fmt == "trig":
        g = ox.NamedNode(graph)
        quads = [ox.Quad(q.subject, q.predicate, q.object, g)
                 for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        text = cast(bytes, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes={**PREFIXES, "": graph + "#"}))
        lines = text.splitlines(keepends=True)
        body = [line for line in lines if not line.startswith(b"@prefix ") or line.startswith(b"@prefix : ")]
        return b"".join(body)  # the shared prefixes are in the file's header; ":" is this CV's
    return nt.encode("utf-8")


# ----------------------------------------------------------------------------- the parent

def _results(jobs: list[tuple[int, tuple[str, ...]]], s: _Settings,
             workers: int) -> Generator[tuple[CVOutcome, bytes], None, None]:
    """Every job's result, in input order; at most 4 jobs per worker in flight."""
    if workers <= 1 or len(jobs) <= 1:
        for index, files in jobs:
            yield _work(index, files, s)
        return
    # lazy: multiprocessing, only when CVs are built in parallel
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        todo = iter(jobs)
        pending = deque(pool.submit(_work, *job, s) for job in islice(todo, 4 * workers))
        while pending:
            try:
                result = pending.popleft().result()
            except BrokenProcessPool:
                raise CvgraphError("a worker process died (out of memory?); try fewer --jobs") from None
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(_work, *following, s))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Merger:
    """Sorted, de-duplicated union of N-Triples texts: sorted runs of at most ``chunk`` bytes,
    spilled to ``folder``, then merged."""

    def __init__(self, folder: str, chunk: int) -> None:
        self.folder, self.chunk = folder, chunk
        self.lines: list[str] = []
        self.size = 0
        self.runs: list[str] = []

    def add(self, text: str) -> None:
        self.lines.extend(text.splitlines(keepends=True))
        self.size += len(text)
        if self.size >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        path = os.path.join(self.folder, f"run-{len(self.runs):05d}.nt")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.writelines(sorted(set(self.lines)))
        self.runs.append(path)
        self.lines, self.size = [], 0

    def write(self, out: IO[bytes]) -> int:
        """Write the union to ``out``; returns how many lines (triples)."""
        if self.runs and self.lines:
            self._spill()
        if self.runs:
            files = [open(p, encoding="utf-8", newline="") for p in self.runs]  # noqa: SIM115
            stream: Iterable[str] = heapq.merge(*files)
        else:
            files, stream = [], sorted(set(self.lines))
        count, last = 0, None
        try:
            for line in stream:
                if line != last:
                    out.write(line.encode("utf-8"))
                    count, last = count + 1, line
        finally:
            for fh in files:
                fh.close()
        return count


def _convert(nt_path: str, out: IO[bytes], fmt: str) -> None:
    """Sorted N-Triples → Turtle or RDF/XML, streamed by pyoxigraph in the same order."""
    triples = (q.triple for q in ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "turtle":
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return

    class _CarriageReturns:  # as rdf.syntax writes RDF/XML: a raw CR would not survive an XML parser
        def write(self, data: bytes) -> int:
            return out.write(bytes(data).replace(b"\r", b"&#13;"))

        def flush(self) -> None:
            out.flush()

    # pyoxigraph only calls write (and flush) on its output
    ox.serialize(triples, cast(IO[bytes], _CarriageReturns()), format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES)


def _trig_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode("utf-8")


def _settings(fmt: str | None, base: str | None, source_format: str | None, validate: bool, force: bool,
              profile: str, use_cache: bool, registry: Registry | None) -> _Settings:
    try:  # the SHACL engine decides the report, so it is part of the key
        engine_part = cache.engine_fingerprint(engine())
    except ShapesError:
        if validate:
            raise
        engine_part = "engine unavailable"  # --no-validate does not need one
    prefix = "\0".join(["cvgraph-batch 2", engine_part,
                        hashlib.sha256(shapes_file(profile).read_bytes()).hexdigest(),
                        base or "", source_format or "", profile,
                        getattr(registry, "digest", "") or ""])  # the registry changes the graphs
    return _Settings(fmt, base, source_format, validate, force, profile, use_cache and cache.enabled(), prefix,
                     registry)


def each_cv(units: Sequence[Unit], fmt: str | None = "nt", *, base: str | None = None,
            source_format: str | None = None, validate: bool = True, force: bool = False,
            jobs: int | None = None, use_cache: bool = True, profile: str = "core",
            registry: Registry | None = None) -> Generator[tuple[CVOutcome, bytes], None, None]:
    """Each unit's outcome and text, in input order, built (and validated) in ``jobs`` processes with
    the per-CV cache, as :func:`run_batch` does: ``fmt`` ``nt`` gives each CV's sorted N-Triples,
    ``nquads`` its quads in its named graph, None no text (validation only). A CV's document IRI
    already taken by an earlier CV is an error outcome. Closing the iterator stops the workers."""
    settings = _settings(fmt, base, source_format, validate, force, profile, use_cache, registry)
    jobs_list = [(i, unit.files) for i, unit in enumerate(units)]
    workers = min(jobs or default_jobs(), len(jobs_list))
    results = _results(jobs_list, settings, workers)
    graphs: dict[str, str] = {}
    try:
        for outcome, payload in results:
            if outcome.graph is not None and outcome.graph in graphs:
                outcome.status, outcome.written, payload = "error", False, b""
                outcome.problems = [(f"{outcome.file}: its document IRI <{outcome.graph}> is already that "
                                     f"of {graphs[outcome.graph]} (hint: give each CV its own base: or "
                                     "person.homepage)")]
            elif outcome.graph is not None:
                graphs[outcome.graph] = outcome.file
            yield outcome, payload
    finally:
        results.close()


def run_batch(units: Sequence[Unit], output: Path | None, fmt: str, *,
              base: str | None = None, source_format: str | None = None, validate: bool = True,
              force: bool = False, jobs: int | None = None, fail_fast: bool = False,
              use_cache: bool = True, profile: str = "core", stream: IO[bytes] | None = None,
              on_outcome: Callable[[CVOutcome, int, int], None] | None = None,
              chunk_bytes: int = CHUNK_BYTES, registry: Registry | None = None) -> BatchResult:
    """Build every unit (a CV file, then the BibTeX files that add to it) into ``output`` (or
    ``stream``); see the module docstring. ``on_outcome(outcome, done, total)`` is called for
    each CV in input order, as soon as it is written or left out. ``registry``: the shared people
    registry (:mod:`cvgraph.records.registry`), applied to every CV."""
    if fmt not in FORMATS:
        raise CvgraphError(f"--format {fmt}: several CVs are written as {', '.join(MERGED)} (one merged "
                           f"graph) or {', '.join(PER_GRAPH)} (a named graph per CV)")
    total = len(units)
    result = BatchResult(fmt, [])
    spool = AtomicFile(output, stream if stream is not None else sys.stdout.buffer,
                       inputs=[f for unit in units for f in unit.files])
    results = each_cv(units, fmt, base=base, source_format=source_format, validate=validate, force=force,
                      jobs=jobs, use_cache=use_cache, profile=profile, registry=registry)
    try:
        with tempfile.TemporaryDirectory(prefix=".cvgraph-merge-", dir=spool.folder) as scratch:
            merger = _Merger(scratch, chunk_bytes) if fmt in MERGED else None
            if fmt == "trig":
                spool.fh.write(_trig_header())
            for outcome, payload in results:
                if outcome.written:
                    if merger is not None:
                        merger.add(payload.decode("utf-8"))
                    else:
                        if fmt == "trig":
                            spool.fh.write(b"\n")
                        spool.fh.write(payload)
                        result.triples += outcome.triples
                result.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome, len(result.outcomes), total)
                if fail_fast and outcome.failed:
                    result.stopped = True
                    return result
            if not any(o.written for o in result.outcomes):
                return result
            if merger is not None:
                if fmt == "nt":
                    result.triples = merger.write(spool.fh)
                else:
                    merged = os.path.join(scratch, "merged.nt")
                    with open(merged, "wb") as fh:
                        result.triples = merger.write(fh)
                    _convert(merged, spool.fh, fmt)
            spool.commit()
            result.wrote = True
            return result
    finally:
        results.close()  # stops the workers (fail_fast, an error, Ctrl-C)
        spool.close()
