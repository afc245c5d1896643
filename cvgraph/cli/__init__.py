"""The ``cvgraph`` command: each subcommand parses options, makes one library call, prints."""
from cvgraph.cli.app import main

__all__ = ["main"]
