"""``cvgraph schema``: the JSON Schema of the records format."""
from __future__ import annotations

import click

from cvgraph.resources import schema_path


@click.command()
def schema() -> None:
    """Print the JSON Schema of the CV records format (for editors)."""
    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


command = schema  # what cvgraph.cli.app loads
