"""The documentation site: MkDocs with the Material theme builds it with no warning (--strict),
every page is in the nav, and the command reference in docs/cli.md is what every command's --help
says (regenerate: CVGRAPH_REGENERATE=1 pytest this file)."""
from __future__ import annotations

import os
import subprocess
import sys

import click
from click.testing import CliRunner
from support.paths import ROOT

from cvgraph.cli import main

CLI_MD = ROOT / "docs" / "cli.md"


def cli_reference() -> str:
    """docs/cli.md: the group's --help, then each command's, in the group's order."""
    runner = CliRunner()
    parts = ["# Command reference\n\nGenerated from `cvgraph --help` and each command's `--help` "
             "(tests/contract/test_docs_site.py).\n"]
    for name in [None, *main.list_commands(click.Context(main))]:
        args = ([name] if name else []) + ["--help"]
        result = runner.invoke(main, args, prog_name="cvgraph", terminal_width=100)
        assert result.exit_code == 0, result.output
        title = f"cvgraph {name}" if name else "cvgraph"
        parts.append(f"\n## {title}\n\n```text\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


def test_cli_reference_is_generated_from_help():
    text = cli_reference()
    if os.environ.get("CVGRAPH_REGENERATE"):
        CLI_MD.write_text(text, encoding="utf-8")
    assert CLI_MD.read_text(encoding="utf-8") == text, "docs/cli.md is stale: CVGRAPH_REGENERATE=1 pytest " \
                                                       "tests/contract/test_docs_site.py"


def test_mkdocs_builds_strictly_with_material(tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's banner about MkDocs 2, not ours
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "queries" / "index.html").read_text(encoding="utf-8")
    assert 'name="generator" content="mkdocs-' in page and "mkdocs-material" in page
    assert (tmp_path / "site" / "cli" / "index.html").is_file()


def test_every_page_is_in_the_nav():
    import yaml

    def files(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, dict):
            return [f for value in nav.values() for f in files(value)]
        if isinstance(nav, list):
            return [f for item in nav for f in files(item)]
        return []

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    listed = set(files(config["nav"]))
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages == listed, f"not in the nav: {sorted(pages - listed)}; missing: {sorted(listed - pages)}"
