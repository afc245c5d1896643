"""CVs built into publish jobs: every CV built and validated (:func:`cvgraph.pipeline.build.build_one`,
in the batch workers for many CVs) before anything is sent, all or nothing; or, streamed
(:func:`prepared_of`, ``--protocol gsp``), each CV made ready to send by the batch workers
(:mod:`cvgraph.store.prepared`) and handed on as it comes, an error at the end if any CV could not be."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from cvgraph.errors import NotConformingError
from cvgraph.iri import check_iri
from cvgraph.mapping.profiles import VivoOptions
from cvgraph.pipeline.batch import BatchError, CVOutcome, each_cv
from cvgraph.pipeline.build import build_one
from cvgraph.pipeline.sources import Sources, Unit
from cvgraph.records.loader import CV
from cvgraph.store.prepared import FORMATS as PREPARED
from cvgraph.store.prepared import Prepared, parse, prepare, prepare_triples
from cvgraph.store.publishing import make_job, prepared_job
from cvgraph.store.staging import Job

__all__ = ["prepared_of", "publish_jobs_of"]


def _source_bytes(unit: Unit, cv: CV | None = None) -> bytes | None:
    """The CV file's bytes (for the provenance's SHA-256), or None when it cannot be read."""
    path = Path(cv.file if cv is not None and isinstance(unit.main, CV) else str(unit.main))
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def publish_jobs_of(sources: Sources, *, base: str | None, force: bool, use_cache: bool,
                    graph: str | None = None, profile: str = "core", vivo: VivoOptions | None = None) -> list[Job]:
    """The publish job of every CV of ``sources`` (named ``graph``, default its document IRI), in
    ``profile``'s vocabularies (:mod:`cvgraph.mapping.profiles`).
    One CV: built here, a non-conforming graph raises :class:`NotConformingError` (unless
    ``force``). A batch: built by the workers; a CV that cannot be read or does not conform
    raises :class:`BatchError` listing them all."""
    if graph is not None:
        check_iri(graph, "--graph")  # before anything is built or sent
    if not sources.batch:
        jobs = []
        for unit in sources.units:
            built = build_one(unit, fmt=sources.fmt, base=base, registry=sources.registry, use_cache=use_cache,
                              profile=profile, vivo=vivo)
            assert built.report is not None  # validated
            if not built.report.conforms and not force:
                raise NotConformingError(f"{built.cv.file}: not published: the graph does not conform "
                                         "(use --force to publish it anyway)", built.report)
            jobs.append(make_job(graph or built.graph, built.triples, _source_bytes(unit, built.cv), built.report))
        return jobs
    return _batch_jobs(sources, base=base, force=force, use_cache=use_cache, graph=graph, profile=profile, vivo=vivo)


def _batch_jobs(sources: Sources, *, base: str | None, force: bool, use_cache: bool, graph: str | None,
                profile: str, vivo: VivoOptions | None) -> list[Job]:
    units = sources.units
    jobs: list[Job] = []
    problems = _Problems(len(units))
    for outcome, payload in each_cv(units, "nt", base=base, source_format=sources.fmt, force=force,
                                    use_cache=use_cache, registry=sources.registry, profile=profile, vivo=vivo):
        if problems.add(outcome):
            continue  # nothing will be sent: do not parse the rest
        assert outcome.graph is not None  # written
        jobs.append(prepared_job(graph or outcome.graph, payload, _source_bytes(units[outcome.index])))
    problems.raise_any()
    return jobs


class _Problems:
    """The CVs of a batch that cannot be published: their report lines, then one BatchError."""

    def __init__(self, total: int) -> None:
        self.total, self.lines, self.unreadable = total, list[str](), False

    def add(self, outcome: CVOutcome) -> bool:
        """Note ``outcome``'s problems; True if nothing is to be sent any more."""
        if outcome.status == "error" or not outcome.written:
            self.unreadable |= outcome.status == "error"
            self.lines.extend(outcome.problems[:1])
            if len(outcome.problems) > 1:
                self.lines.append(f"{outcome.file}: and {len(outcome.problems) - 1} more problems "
                                  "(cvgraph validate it)")
        return bool(self.lines)

    def raise_any(self) -> None:
        if not self.lines:
            return
        listed = len([p for p in self.lines if ": and " not in p])
        advice = "" if self.unreadable else " (use --force to publish non-conforming CVs)"
        error = BatchError([*self.lines, f"nothing published: {listed} of {self.total} CVs have problems{advice}"])
        error.status = "error" if self.unreadable else "nonconforming"
        raise error


def prepared_of(sources: Sources, *, base: str | None, force: bool, use_cache: bool, graph: str | None = None,
                profile: str = "core", vivo: VivoOptions | None = None, sums: bool = True) -> Iterator[Prepared]:
    """Each CV of ``sources`` ready to send (:mod:`cvgraph.store.prepared`; ``sums``: with its
    checksums), as it comes: a batch is prepared by the workers from the per-CV cache. A CV that
    cannot be published stops the stream; once every CV was seen, the error is raised (as by
    :func:`publish_jobs_of`), so that what was sent is taken back."""
    if graph is not None:
        check_iri(graph, "--graph")
    if not sources.batch:
        jobs = publish_jobs_of(sources, base=base, force=force, use_cache=use_cache, graph=graph, profile=profile,
                               vivo=vivo)
        for job in jobs:
            yield prepare_triples(job.graph, job.triples, job.sha256, sums)
        return
    units = sources.units
    fmt = PREPARED[1] if sums else PREPARED[0]
    problems = _Problems(len(units))
    for outcome, payload in each_cv(units, "nt" if graph else fmt, base=base, source_format=sources.fmt,
                                    force=force, use_cache=use_cache, registry=sources.registry, profile=profile,
                                    vivo=vivo):
        if problems.add(outcome):
            continue
        assert outcome.graph is not None  # written
        source = _source_bytes(units[outcome.index])
        sha = hashlib.sha256(source).hexdigest() if source is not None else None
        name = graph or outcome.graph
        yield parse(prepare(payload, name, fmt) if graph else payload, name, sha)
    problems.raise_any()
