"""The ``cvgraph`` command group: each subcommand (a module of this package) parses options,
makes one library call and prints; exit codes come from :data:`cvgraph.cli.common.EXIT`."""
from __future__ import annotations

import sys

import click

from cvgraph.cli.build import build
from cvgraph.cli.common import EXIT
from cvgraph.cli.embed import embed
from cvgraph.cli.import_ import import_
from cvgraph.cli.publish import publish
from cvgraph.cli.query import query
from cvgraph.cli.schema import schema
from cvgraph.cli.site import site
from cvgraph.cli.validate import validate
from cvgraph.version import __version__

__all__ = ["main"]

# What Ctrl-C leaves behind, by subcommand (one line; the default is just "interrupted").
INTERRUPTED = {"publish": "interrupted: publish stopped unverified; each graph holds its old version, or its new "
                          "one if the store had received the whole request: publish again"}


class _Main(click.Group):
    """The command group: Ctrl-C (KeyboardInterrupt) anywhere in a subcommand ends with one line on
    stderr and exit 130, instead of a traceback or click's "Aborted!" with exit 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if sys.stderr is not None and sys.stderr.isatty():
                click.echo(err=True)  # off the line where the terminal echoed ^C (or the progress)
            click.echo(INTERRUPTED.get(ctx.invoked_subcommand or "", "interrupted"), err=True)
            sys.exit(EXIT["interrupted"])


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cvgraph")
def main() -> None:
    """cvgraph: turn an academic CV (YAML records) into validated linked data.

    Exit codes: 0 success / conforms, 1 does not conform, 2 could not run, 130 interrupted.
    """


for _command in (build, validate, query, embed, site, publish, import_, schema):
    main.add_command(_command)
