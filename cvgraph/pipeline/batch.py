"""Many CVs in one run: parallel, streamed, incremental (``cvgraph build DIR|GLOB|FILE...``).

Each CV is loaded, mapped and validated on its own, in a pool of worker processes; a worker
returns the CV's text and a small summary, and the parent writes the texts **in input order**
to a temporary file that is renamed over the output at the end (so memory grows with the
largest CV times the in-flight window, not with the total, and the output is byte-identical
whatever the number of workers). A CV that cannot be read, or does not conform, is reported and
left out; the batch goes on (``fail_fast`` stops it, and then nothing is written).

Output is a graph per CV, named by its document IRI (N-Quads, TriG), or one merged graph
(N-Triples, Turtle, RDF/XML): sorted and de-duplicated by an external merge sort
(:mod:`cvgraph.pipeline.merge`: sorted runs of at most ``chunk_bytes`` of N-Triples text spilled
to disk, then merged), so memory is bounded by the chunk size (about 3× it in Python strings),
at the cost of temporary disk space of the size of the output, in a scratch folder beside it
(:mod:`cvgraph.pipeline.scratch`). The workers (:mod:`cvgraph.pipeline.workers`) die with
their parent; SIGTERM is an interrupt, as Ctrl-C; N-Triples text is split at "\\n" only.
Works and people with a DOI or ORCID iD have one global IRI, so they meet in one node across
CVs. Each CV is validated alone: a node that two CVs describe
differently (two names for one ORCID iD) can make the *union* non-conforming unnoticed.

Per-CV cache (:mod:`cvgraph.cache`): the CV's sorted N-Triples and its validation report, keyed
by the CV's file(s), the code, the SHACL engine, the shapes file, ``--base``, ``--from`` and the
people registry; an unchanged CV is neither mapped nor validated again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from cvgraph import cache
from cvgraph.errors import CvgraphError, OutputError, RecordError, ShapesError
from cvgraph.fsio import AtomicFile, ReadError, read_capped
from cvgraph.mapping.profiles import VivoOptions, vocabularies
from cvgraph.pipeline.build import build_one
from cvgraph.pipeline.merge import Merger, convert
from cvgraph.pipeline.scratch import scratch_dir
from cvgraph.pipeline.sources import Unit
from cvgraph.pipeline.workers import in_order, sigterm_interrupts
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.syntax import FORMATS as RDF_FORMATS
from cvgraph.rdf.terms import IRI, nt_lines_of, nt_term
from cvgraph.records.registry import Registry
from cvgraph.records.yamlsafe import MAX_BYTES
from cvgraph.shacl.validation import Result, engine, shapes_bytes

__all__ = ["FORMATS", "MERGED", "PER_GRAPH", "BatchError", "BatchResult", "CVOutcome", "cv_keys", "default_jobs",
           "each_cv", "run_batch"]

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
    vivo: VivoOptions | None = None  # how the VIVO profile names things


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
                      registry=s.registry, validate=s.validate, profile=s.profile, use_cache=s.use_cache,
                      vivo=s.vivo, lines=True)
    nt = "".join(sorted(built.lines if built.lines is not None else nt_lines_of(built.triples)))
    report = built.report.to_json() if built.report is not None else None
    return {"graph": built.graph, "triples": len(built.triples), "report": report, "notes": built.notes}, nt


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
    if outcome.status == "ok" and header.get("notes"):
        outcome.problems = list(header["notes"])  # what the profile leaves out: warnings
    outcome.written = outcome.status == "ok" or s.force
    return outcome, (_render(nt, outcome.graph, s.fmt) if outcome.written and s.fmt else b"")


def _render(nt: str, graph: str, fmt: str) -> bytes:
    """A CV's sorted N-Triples as the parent writes them: N-Quads or a TriG block in its named
    graph, or (merged formats) N-Triples for the merge; ``publish-*``: ready to publish."""
    if fmt.startswith("publish-"):  # lazy: the store stack, only for publish --protocol gsp
        from cvgraph.store.prepared import prepare

        return prepare(nt, graph, fmt)
    if fmt == "nquads":  # every line ends " .\n", and nothing else does: a literal's line feed is escaped
        return nt.replace(" .\n", " " + nt_term(IRI(graph)) + " .\n").encode("utf-8")
    if fmt == "trig":
        g = ox.NamedNode(graph)
        quads = [ox.Quad(q.subject, q.predicate, q.object, g)
                 for q in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        text = cast(bytes, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes={**PREFIXES, "": graph + "#"}))
        lines = text.split(b"\n")  # a line ends at LF only (bytes.splitlines also splits at CR)
        body = [line for line in lines if not line.startswith(b"@prefix ") or line.startswith(b"@prefix : ")]
        return b"\n".join(body)  # the shared prefixes are in the file's header; ":" is this CV's
    return nt.encode("utf-8")


# ----------------------------------------------------------------------------- the parent

def _trig_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode("utf-8")


def _settings(fmt: str | None, base: str | None, source_format: str | None, validate: bool, force: bool,
              profile: str, use_cache: bool, registry: Registry | None,
              vivo: VivoOptions | None = None) -> _Settings:
    try:  # the SHACL engine decides the report, so it is part of the key
        engine_part = cache.engine_fingerprint(engine())
    except ShapesError:
        if validate:
            raise
        engine_part = "engine unavailable"  # --no-validate does not need one
    prefix = "\0".join(["cvgraph-batch 2", engine_part,
                        hashlib.sha256(shapes_bytes(profile)).hexdigest(),
                        base or "", source_format or "", profile,
                        repr(vivo or VivoOptions()) if "vivo" in vocabularies(profile) else "",
                        getattr(registry, "digest", "") or ""])  # the registry changes the graphs
    return _Settings(fmt, base, source_format, validate, force, profile, use_cache and cache.enabled(), prefix,
                     registry, vivo)


def cv_keys(units: Sequence[Unit], *, base: str | None = None, source_format: str | None = None,
            profile: str = "core", registry: Registry | None = None) -> list[str | None]:
    """Each unit's per-CV cache key, as :func:`each_cv` computes it (None: a file that cannot be
    read, or the cache is off): what tells a CV changed without building it."""
    s = _settings(None, base, source_format, False, False, profile, True, registry)
    return [_key(unit.files, s) if s.use_cache else None for unit in units]


def each_cv(units: Sequence[Unit], fmt: str | None = "nt", *, base: str | None = None,
            source_format: str | None = None, validate: bool = True, force: bool = False,
            jobs: int | None = None, use_cache: bool = True, profile: str = "core",
            registry: Registry | None = None,
            vivo: VivoOptions | None = None) -> Generator[tuple[CVOutcome, bytes], None, None]:
    """Each unit's outcome and text, in input order, built (and validated) in ``jobs`` processes with
    the per-CV cache, as :func:`run_batch` does: ``fmt`` ``nt`` gives each CV's sorted N-Triples,
    ``nquads`` its quads in its named graph, None no text (validation only). A CV's document IRI
    already taken by an earlier CV is an error outcome. Closing the iterator stops the workers."""
    settings = _settings(fmt, base, source_format, validate, force, profile, use_cache, registry, vivo)
    jobs_list = [(i, unit.files) for i, unit in enumerate(units)]
    workers = min(jobs or default_jobs(), len(jobs_list))
    results = in_order(_work, [(*job, settings) for job in jobs_list], workers)
    graphs: dict[str, str] = {}
    try:
        with sigterm_interrupts():
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
              chunk_bytes: int = CHUNK_BYTES, registry: Registry | None = None,
              vivo: VivoOptions | None = None) -> BatchResult:
    """Build every unit (a CV file, then the BibTeX files that add to it) into ``output`` (or
    ``stream``); see the module docstring. ``on_outcome(outcome, done, total)`` is called for
    each CV in input order, as soon as it is written or left out. ``registry``: the shared people
    registry (:mod:`cvgraph.records.registry`), applied to every CV. A write that fails (a full
    disk) is an :class:`cvgraph.errors.OutputError`; the temporary files are removed whatever
    happens (SIGTERM included), and those of an earlier run that was killed, by the next run in
    that folder (:mod:`cvgraph.pipeline.scratch`)."""
    if fmt not in FORMATS:
        raise CvgraphError(f"--format {fmt}: several CVs are written as {', '.join(MERGED)} (one merged "
                           f"graph) or {', '.join(PER_GRAPH)} (a named graph per CV)")
    with sigterm_interrupts():
        spool = AtomicFile(output, stream if stream is not None else sys.stdout.buffer,
                           inputs=[f for unit in units for f in unit.files])
        scratch: Path | None = None
        results = each_cv(units, fmt, base=base, source_format=source_format, validate=validate, force=force,
                          jobs=jobs, use_cache=use_cache, profile=profile, registry=registry, vivo=vivo)
        try:
            scratch = scratch_dir(Path(spool.tmp).parent)
            return _write(_Run(fmt, len(units), spool, scratch, fail_fast, on_outcome, chunk_bytes), results)
        except OSError as exc:  # the parent only writes: the workers report what they cannot read
            raise OutputError(f"{output or 'standard output'}: cannot write: {exc.strerror or exc}") from None
        finally:
            results.close()  # stops the workers (fail_fast, an error, Ctrl-C, SIGTERM)
            spool.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)


@dataclass
class _Run:
    fmt: str
    total: int
    spool: AtomicFile
    scratch: Path
    fail_fast: bool
    on_outcome: Callable[[CVOutcome, int, int], None] | None
    chunk_bytes: int


def _write(run: _Run, results: Iterable[tuple[CVOutcome, bytes]]) -> BatchResult:
    """Write each CV's text as it comes (or merge them), then commit the output."""
    result = BatchResult(run.fmt, [])
    out = run.spool.fh
    merger = Merger(str(run.scratch), run.chunk_bytes) if run.fmt in MERGED else None
    if run.fmt == "trig":
        out.write(_trig_header())
    for outcome, payload in results:
        if outcome.written and merger is not None:
            merger.add(payload.decode("utf-8"))
        elif outcome.written:
            out.write(b"\n" + payload if run.fmt == "trig" else payload)
            result.triples += outcome.triples
        result.outcomes.append(outcome)
        if run.on_outcome is not None:
            run.on_outcome(outcome, len(result.outcomes), run.total)
        if run.fail_fast and outcome.failed:
            result.stopped = True
            return result
    if not any(o.written for o in result.outcomes):
        return result
    if merger is not None and run.fmt == "nt":
        result.triples = merger.write(out)
    elif merger is not None:
        merged = run.scratch / "merged.nt"
        with open(merged, "wb") as fh:
            result.triples = merger.write(fh)
        convert(str(merged), out, run.fmt)
    run.spool.commit()
    result.wrote = True
    return result
