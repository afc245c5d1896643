"""Running the CLI in a test: the command's result, after checking that nothing escaped as a traceback."""
from __future__ import annotations

from typing import Any

from click.testing import CliRunner, Result

from cvgraph.cli import main


def run(runner: CliRunner, *args: Any) -> Result:
    """``cvgraph ARGS…`` (each argument as text) through ``runner``: no uncaught exception but
    SystemExit, and no traceback on either stream."""
    result = runner.invoke(main, [str(a) for a in args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, \
        f"uncaught {result.exc_info[0].__name__}: {result.exception}"
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result
