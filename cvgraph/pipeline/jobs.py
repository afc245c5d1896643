"""CVs built into publish jobs: every CV built and validated (:func:`cvgraph.pipeline.build.build_one`,
in the batch workers for many CVs) before anything is sent, all or nothing."""
from __future__ import annotations

from pathlib import Path

from cvgraph.errors import NotConformingError
from cvgraph.iri import check_iri
from cvgraph.mapping.profiles import VivoOptions
from cvgraph.pipeline.batch import BatchError, each_cv
from cvgraph.pipeline.build import build_one
from cvgraph.pipeline.sources import Sources, Unit
from cvgraph.records.loader import CV
from cvgraph.store.publishing import make_job, prepared_job
from cvgraph.store.staging import Job

__all__ = ["publish_jobs_of"]


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
    problems: list[str] = []
    unreadable = False
    for outcome, payload in each_cv(units, "nt", base=base, source_format=sources.fmt, force=force,
                                    use_cache=use_cache, registry=sources.registry, profile=profile, vivo=vivo):
        if outcome.status == "error" or not outcome.written:
            unreadable |= outcome.status == "error"
            problems.extend(outcome.problems[:1])
            if len(outcome.problems) > 1:
                problems.append(f"{outcome.file}: and {len(outcome.problems) - 1} more problems "
                                "(cvgraph validate it)")
            continue
        if problems:
            continue  # nothing will be sent: do not parse the rest
        assert outcome.graph is not None  # written
        jobs.append(prepared_job(graph or outcome.graph, payload, _source_bytes(units[outcome.index])))
    if problems:
        listed = len([p for p in problems if ": and " not in p])
        advice = "" if unreadable else " (use --force to publish non-conforming CVs)"
        error = BatchError([*problems, f"nothing published: {listed} of {len(units)} CVs have problems{advice}"])
        error.status = "error" if unreadable else "nonconforming"
        raise error
    return jobs
