"""Many CVs through the batch workers, as the API offers them: built into one output, or validated
each on its own. (:mod:`cvgraph.pipeline.batch` does the work; these open the sources.)"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from cvgraph.mapping.profiles import VivoOptions
from cvgraph.pipeline.batch import BatchResult, CVOutcome, each_cv, run_batch
from cvgraph.pipeline.sources import Source, open_sources

__all__ = ["build_many", "validate_many"]


def validate_many(source: Source, profile: str = "core", base: str | None = None, use_cache: bool = True,
                  jobs: int | None = None, source_format: str | None = None,
                  on_outcome: Callable[[CVOutcome, int, int], None] | None = None,
                  vivo: VivoOptions | None = None) -> BatchResult:
    """Validate each CV of ``source`` (files, folders, globs) on its own, in ``jobs`` processes,
    with the per-CV cache (:func:`cvgraph.pipeline.batch.each_cv`); ``on_outcome(outcome, done,
    total)`` is called for each, in input order. The result's ``status``: ``error`` if some CV
    could not be read, else ``nonconforming`` if some does not conform, else ``ok``."""
    sources = open_sources(source, source_format)
    result = BatchResult("validate", [])
    for outcome, _ in each_cv(sources.units, None, base=base, source_format=source_format, jobs=jobs,
                              use_cache=use_cache, profile=profile, registry=sources.registry, vivo=vivo):
        result.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome, len(result.outcomes), len(sources.units))
    result.triples = sum(o.triples for o in result.outcomes)
    result.wrote = True
    return result


def build_many(source: Source, output: str | os.PathLike[str] | None = None, fmt: str = "nquads", *,
               base: str | None = None, validate: bool = True, force: bool = False, jobs: int | None = None,
               fail_fast: bool = False, use_cache: bool = True, source_format: str | None = None,
               stream: IO[bytes] | None = None,
               on_outcome: Callable[[CVOutcome, int, int], None] | None = None, profile: str = "core",
               vivo: VivoOptions | None = None) -> BatchResult:
    """Build many CVs (files, folders of ``*.yaml``/``*.yml``, globs) in parallel (``jobs``
    processes, default: the cores) into ``output`` (default: ``stream``, else standard output):
    ``fmt`` ``nquads``/``trig``, a named graph per CV (its document IRI), or ``nt``/``turtle``/
    ``xml``, one merged graph, sorted and de-duplicated. Written atomically, in input order,
    byte-identical whatever ``jobs``. A CV that cannot be read or does not conform is reported
    through ``on_outcome(outcome, done, total)`` and left out (``force``: non-conforming CVs are
    written; ``fail_fast``: stop at the first, writing nothing). Unchanged CVs come from the
    per-CV cache (``use_cache``). Returns a :class:`cvgraph.pipeline.batch.BatchResult` (its
    ``status``). See :mod:`cvgraph.pipeline.batch`."""
    sources = open_sources(source, source_format)
    return run_batch(sources.units, Path(output) if output is not None else None, fmt, base=base,
                     source_format=source_format, validate=validate, force=force, jobs=jobs,
                     fail_fast=fail_fast, use_cache=use_cache, stream=stream, on_outcome=on_outcome,
                     registry=sources.registry, profile=profile, vivo=vivo)
