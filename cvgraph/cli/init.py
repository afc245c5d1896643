"""``cvgraph init``: a starter CV (and its JSON Schema) to edit, which builds as written."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from cvgraph.cli.common import echo_line, errors_to_exit
from cvgraph.records.starter import PLACEHOLDERS, Owner, StarterError, check_value, write_starter

_ASKED = {"name": "Your name", "homepage": "Your homepage (https://...)", "orcid": "Your ORCID iD (empty: none)",
          "affiliation": "Your institution"}


def _ask(what: str) -> str | None:
    """Prompt for ``what`` until the answer is usable; an empty answer leaves it to a placeholder."""

    def check(value: str) -> str:
        if not value.strip():
            return ""
        try:
            return check_value(what, value)
        except StarterError as exc:
            raise click.UsageError(str(exc)) from None

    hint = "" if what == "orcid" else f" (empty: {PLACEHOLDERS[what]})"
    answer: str = click.prompt(_ASKED[what] + hint, default="", show_default=False, value_proc=check,
                               err=True)
    return answer or None


def _interactive() -> bool:
    """Whether to prompt for what is missing: standard input is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path),
                metavar="[DIR]")
@click.option("--name", metavar="TEXT", help="Your name as you write it (also in author lists).")
@click.option("--homepage", metavar="IRI", help="Your homepage: the CV's IRIs are built under it.")
@click.option("--orcid", metavar="ID", help="Your ORCID iD, e.g. 0000-0002-1825-0097.")
@click.option("--affiliation", metavar="TEXT", help="Your institution's name.")
@click.option("--force", is_flag=True, help="Overwrite DIR/cv.yaml (and DIR/cv.schema.json) if they exist.")
@errors_to_exit
def init(folder: Path, name: str | None, homepage: str | None, orcid: str | None, affiliation: str | None,
         force: bool) -> None:
    """Write a starter CV, DIR/cv.yaml (default DIR: the current folder), and its JSON Schema,
    DIR/cv.schema.json, which the CV's `$schema` line names (for editors).

    The CV has one made-up example of each section, marked EXAMPLE, and builds as written. Details
    not given as options are asked for when standard input is a terminal; otherwise each gets a
    marked placeholder and a warning. An existing file is never overwritten without --force
    (exit 2).
    """
    given = {"name": name, "homepage": homepage, "orcid": orcid, "affiliation": affiliation}
    if _interactive():
        given = {what: value if value is not None else _ask(what) for what, value in given.items()}
    starter = write_starter(folder, Owner(**given), force=force)
    for warning in starter.warnings:
        echo_line(f"warning: {warning}")
    echo_line(f"wrote {starter.cv} and {starter.schema}; next: edit it, then `cvgraph build {starter.cv}`")


command = init  # what cvgraph.cli.app loads
