"""Shell completion through click's own mechanism, as a shell runs it: the ``cvgraph`` console
script (a shim named ``cvgraph`` calling :func:`cvgraph.cli.main`, as pip writes it) run with
``_CVGRAPH_COMPLETE`` and ``COMP_WORDS``/``COMP_CWORD`` in the environment (docs/completion.md)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support.paths import ROOT

from cvgraph.sparql.catalogue import catalogue


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    shim = tmp_path_factory.mktemp("bin") / "cvgraph"
    shim.write_text(f"#!{sys.executable}\nfrom cvgraph.cli import main\nmain()\n", encoding="utf-8")
    shim.chmod(0o755)
    return shim


def answer(script, words: str, shell: str) -> str:
    """What the completion script of ``shell`` gets for the command line ``words`` (a trailing
    space: completing a new word)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "_CVGRAPH_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword),
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def complete(script, words: str) -> list[tuple[str, ...]]:
    """(type, value) of each completion bash would offer."""
    return [tuple(line.split(",", 1)) for line in answer(script, words, "bash").splitlines()]


def test_query_names_complete(script):
    assert complete(script, "cvgraph query pub") == [("plain", "publication-list"), ("plain", "publications-by-year")]
    assert [v for _, v in complete(script, "cvgraph query ")] == sorted(catalogue())
    assert complete(script, "cvgraph query --show coa") == [("plain", "coauthor-network"), ("plain", "coauthors")]


def test_after_the_query_name_files_complete(script):
    assert complete(script, "cvgraph query publication-list ") == [("file", "")]
    assert complete(script, "cvgraph query my/own.rq") == [("file", "my/own.rq")]
    assert complete(script, "cvgraph query nosuchquery") == [("file", "nosuchquery")]  # a .rq file, then


def test_formats_complete(script):
    assert complete(script, "cvgraph query -f t") == [("plain", v) for v in ("table", "tsv", "turtle", "trig")]
    assert complete(script, "cvgraph query --format j") == [("plain", "json"), ("plain", "json-ld")]
    assert complete(script, "cvgraph build -f n") == [("plain", "nt"), ("plain", "nquads")]


def test_commands_and_options_complete(script):
    assert complete(script, "cvgraph se") == [("plain", "serve")]
    assert ("plain", "--watch") in complete(script, "cvgraph serve --")


def test_zsh_shows_each_query_title(script):
    title = catalogue()["publication-list"].title
    assert answer(script, "cvgraph query publication-l", "zsh").splitlines() == ["plain", "publication-list", title]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_source_line_gives_a_script(script, shell):
    env = {**os.environ, "_CVGRAPH_COMPLETE": f"{shell}_source", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert "_CVGRAPH_COMPLETE" in result.stdout and f"{shell}_complete" in result.stdout
    assert f'_CVGRAPH_COMPLETE={shell}_source cvgraph' in (ROOT / "docs" / "completion.md").read_text(encoding="utf-8")
