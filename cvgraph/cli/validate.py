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
from cvgraph.cli.profiles import VIVO_OPTIONS, profile_option, vivo_options


@click.command()
@CV_ARGS
@BASE
@profile_option(choices=("core", "google", "vivo", "all"),
                extra=" google: the core vocabulary against what Google's rich results need.")
@VIVO_OPTIONS
@FROM
@NO_CACHE
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Several CVs: validate N at a time, in N processes (default: one per core).")
@errors_to_exit
def validate(cvs: tuple[Path, ...], base: str | None, profile: str, source_format: str | None, no_cache: bool,
             jobs: int | None, vivo_namespace: str | None = None, vivo_orcid: str = "https") -> None:
    """Validate CV file(s) (default: ./cv.yaml, else the bundled sample) against SHACL shapes; print a report.

    Exit 0 if the graph conforms (warnings allowed), 1 if not. Several CVs (files, folders,
    globs) are validated each on its own, in parallel: one line per CV with problems, a summary;
    exit 2 if some could not be read, else 1 if some do not conform.
    """
    sources = sources_of(cvs, source_format)
    vivo = vivo_options(vivo_namespace, vivo_orcid)
    if sources.batch:
        with Reporter(len(sources.units), "with problems") as report:
            result = validate_many(sources, profile=profile, base=base, use_cache=not no_cache, jobs=jobs,
                                   source_format=source_format, on_outcome=report, vivo=vivo)
        statuses = [o.status for o in result.outcomes]
        cached = sum(o.cached for o in result.outcomes)
        click.echo(f"validated {count(len(result.outcomes), 'CV')} ({result.triples} triples, {cached} from "
                   f"the cache): {statuses.count('ok')} conform, {statuses.count('nonconforming')} "
                   f"do not conform, {statuses.count('error')} could not be read")
        problems_summary(result.outcomes, written=False)
        exit_with(result.status)
    report_ = validate_cvs(sources, profile=profile, base=base, use_cache=not no_cache, vivo=vivo)
    click.echo(report_.text())
    exit_with("ok" if report_.conforms else "nonconforming")


command = validate  # what cvgraph.cli.app loads
