"""The ``cvgraph`` command group: each subcommand (a module of this package) parses options,
makes one library call and prints; exit codes come from :data:`cvgraph.cli.common.EXIT`."""
from __future__ import annotations

import importlib
import sys

import click

from cvgraph.cli.common import EXIT
from cvgraph.pipeline.workers import sigterm_interrupts
from cvgraph.version import __version__

__all__ = ["main"]

# What Ctrl-C leaves behind, by subcommand (one line; the default is just "interrupted").
INTERRUPTED = {"publish": "interrupted: publish stopped unverified; each graph holds its old version, or its new "
                          "one if the store had received the whole request: publish again"}


# Each command's module, imported only when that command runs (or --help lists it): a command
# loads only the stages it uses, so `cvgraph build` starts without the web, store or import code.
COMMANDS = {
    "build": "cvgraph.cli.build",
    "validate": "cvgraph.cli.validate",
    "query": "cvgraph.cli.query",
    "embed": "cvgraph.cli.embed",
    "export": "cvgraph.cli.export",
    "site": "cvgraph.cli.site",
    "publish": "cvgraph.cli.publish",
    "import": "cvgraph.cli.import_",
    "init": "cvgraph.cli.init",
    "schema": "cvgraph.cli.schema",
    "serve": "cvgraph.cli.serve",
}


class _Main(click.Group):
    """The command group. Commands are loaded lazily (click's documented lazy-loading group).
    Ctrl-C (KeyboardInterrupt) anywhere in a subcommand ends with one line on stderr and exit
    130, instead of a traceback or click's "Aborted!" with exit 1; so does SIGTERM."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = importlib.import_module(module).command
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            with sigterm_interrupts():  # SIGTERM cleans up as Ctrl-C does (temp files, staging graphs)
                return super().invoke(ctx)
        except KeyboardInterrupt:
            if sys.stderr is not None and sys.stderr.isatty():
                click.echo(err=True)  # off the line where the terminal echoed ^C (or the progress)
            click.echo(INTERRUPTED.get(ctx.invoked_subcommand or "", "interrupted"), err=True)
            sys.exit(EXIT["interrupted"])


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="cvgraph")
def main() -> None:
    """cvgraph: turn an academic CV (YAML records) into validated linked data.

    Exit codes: 0 success / conforms, 1 does not conform, 2 could not run, 130 interrupted.
    """
