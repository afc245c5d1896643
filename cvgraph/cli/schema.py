"""``cvgraph schema``: the JSON Schema of the records format."""
from __future__ import annotations

from pathlib import Path

import click

from cvgraph.cli.common import echo_line, errors_to_exit
from cvgraph.records.starter import write_schema
from cvgraph.resources import schema_path


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write it to FILE (atomically; an existing FILE is replaced), e.g. cv.schema.json beside "
              "your CV, whose first line `# yaml-language-server: $schema=./cv.schema.json` names it.")
@errors_to_exit
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the CV records format (for editors), or write it to FILE.

    Exit 0, or 2 if FILE cannot be written.
    """
    if output is None:
        click.echo(schema_path().read_text(encoding="utf-8"), nl=False)
        return
    write_schema(output)
    echo_line(f"wrote {output}")


command = schema  # what cvgraph.cli.app loads
