"""``cvgraph validate``: CV file(s) checked against SHACL shapes, with a report."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.api import validate as validate_cvs
from cvgraph.api import validate_many
from cvgraph.cli.common import (
    BASE,
    CV_ARGS,
    FROM,
    NO_CACHE,
    Reporter,
    count,
    errors_to_exit,
    exit_with,
    problems_summary,
    sources_of,
)


@click.command()
@CV_ARGS
@BASE
@click.option("--profile", default="core", show_default=True, help="SHACL profile (shapes/<profile>.ttl).")
@FROM
@NO_CACHE
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Several CVs: validate N at a time, in N processes (default: one per core).")
@errors_to_exit
def validate(cvs: tuple[Path, ...], base: str | None, profile: str, source_format: str | None, no_cache: bool,
             jobs: int | None) -> None:
    """Validate CV file(s) (default: the bundled sample) against SHACL shapes; print a report.

    Exit 0 if the graph conforms (warnings allowed), 1 if not. Several CVs (files, folders,
    globs) are validated each on its own, in parallel: one line per CV with problems, a summary;
    exit 2 if some could not be read, else 1 if some do not conform.
    """
    sources = sources_of(cvs, source_format)
    if sources.batch:
        with Reporter(len(sources.units), "with problems") as report:
            result = validate_many(sources, profile=profile, base=base, use_cache=not no_cache, jobs=jobs,
                                   source_format=source_format, on_outcome=report)
        statuses = [o.status for o in result.outcomes]
        cached = sum(o.cached for o in result.outcomes)
        click.echo(f"validated {count(len(result.outcomes), 'CV')} ({result.triples} triples, {cached} from "
                   f"the cache): {statuses.count('ok')} conform, {statuses.count('nonconforming')} "
                   f"do not conform, {statuses.count('error')} could not be read")
        problems_summary(result.outcomes, written=False)
        exit_with(result.status)
    report_ = validate_cvs(sources, profile=profile, base=base, use_cache=not no_cache)
    click.echo(report_.text())
    exit_with("ok" if report_.conforms else "nonconforming")


command = validate  # what cvgraph.cli.app loads
