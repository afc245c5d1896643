"""``cvgraph build``: the graph of CV file(s), validated, in any RDF syntax."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvgraph.cli.common import (
    BASE,
    CV_ARGS,
    FROM,
    NO_CACHE,
    RdfFormatChoice,
    Reporter,
    echo_line,
    emit,
    errors_to_exit,
    exit_with,
    problems_summary,
    sources_of,
)
from cvgraph.cli.profiles import VIVO_OPTIONS, profile_option, vivo_options
from cvgraph.fsio import check_output
from cvgraph.pipeline.build import build_document
from cvgraph.rdf.syntax import format_for_path

if TYPE_CHECKING:
    from cvgraph.pipeline.batch import BatchResult


@click.command()
@CV_ARGS
@click.option("-f", "--format", "fmt", type=RdfFormatChoice(), default=None,
              help="RDF syntax (default: from the -o extension, else turtle; also ttl, jsonld, nq, rdf, "
              "rdf/xml…). Several CVs: nquads or trig for a named graph per CV, nt, turtle or xml for one "
              "merged graph.")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Write here (atomically) instead of standard output.")
@BASE
@FROM
@profile_option()
@VIVO_OPTIONS
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--force", is_flag=True, help="Write the output even if the graph does not conform.")
@NO_CACHE
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Several CVs: build N at a time, in N processes (default: one per core).")
@click.option("--fail-fast", is_flag=True,
              help="Several CVs: stop at the first CV that cannot be read or does not conform; write nothing.")
@errors_to_exit
def build(cvs: tuple[Path, ...], fmt: str | None, output: Path | None, base: str | None, source_format: str | None,
          no_validate: bool, force: bool, no_cache: bool, jobs: int | None, fail_fast: bool, profile: str = "core",
          vivo_namespace: str | None = None, vivo_orcid: str = "https") -> None:
    """Build the RDF graph of CV file(s) (default: ./cv.yaml, else the bundled sample), validate it, write it.

    --profile vivo writes VIVO-ISF (what a VIVO profile page shows), all writes both vocabularies.
    A graph that violates the profile's shapes is not written (exit 1) unless --force. Several CVs
    (files, folders of *.yaml/*.yml, globs) are built in parallel, each validated on its own: a
    CV that cannot be read or does not conform is reported and left out, the others are written
    (exit 2 if some could not be read, else 1 if some do not conform); a summary ends on stderr.
    """
    fmt = fmt or (format_for_path(output) if output else None) or "turtle"
    vivo = vivo_options(vivo_namespace, vivo_orcid)
    sources = sources_of(cvs, source_format, nquads=fmt == "nquads")
    if output is not None:
        check_output(output, sources.files)  # before the work
    if sources.batch:
        from cvgraph.pipeline.many import build_many  # lazy: the batch machinery, for several CVs only

        with Reporter(len(sources.units)) as report:
            result = build_many(sources, output, fmt, base=base, validate=not no_validate, force=force, jobs=jobs,
                                fail_fast=fail_fast, use_cache=not no_cache, source_format=source_format,
                                on_outcome=report, profile=profile, vivo=vivo)
        _summary(result, output, len(sources.units))
        exit_with(result.status)
    document = build_document(sources, fmt, base=base, validate=not no_validate, use_cache=not no_cache,
                              profile=profile, vivo=vivo)
    for note in document.notes:
        echo_line(f"warning: {note}")
    if document.report is not None and document.report.results:
        click.echo(document.report.text(), err=True)
    if document.report is not None and not document.report.conforms and not force:
        echo_line("error: not written: the graph does not conform (use --force to write it anyway)")
        exit_with("nonconforming")
    emit(document.data, output, sources.files)
    if output is not None:
        echo_line(f"wrote {output} ({fmt}, {document.count} triples)")
    if document.report is not None and not document.report.conforms:
        exit_with("nonconforming")


def _summary(result: BatchResult, output: Path | None, total: int) -> None:
    written = [o for o in result.outcomes if o.written]
    cached = sum(o.cached for o in result.outcomes)
    where = f"wrote {output}" if output is not None else "wrote standard output"
    if result.wrote:
        click.echo(f"{where} ({result.fmt}, {result.triples} triples): {len(written)} of {total} CVs"
                   f" ({cached} from the cache)", err=True)
    elif result.stopped:
        click.echo(f"not written: stopped at the first CV left out (--fail-fast), "
                   f"{len(result.outcomes)} of {total} CVs built", err=True)
    else:
        echo_line(f"not written: none of the {total} CVs could be written")
    problems_summary(result.outcomes)


command = build  # what cvgraph.cli.app loads
