"""Every command shown in README.md and docs/**/*.md runs, and prints what the page shows.

The rules for a runnable example (```console blocks, `$ ` commands, `...`, the not-run and
install marks) are in tests/support/doccommands.py. Here, `cvgraph` is this checkout's code (a
shim on PATH); tests/integration/test_readme_fresh_venv.py runs the README again in a fresh venv.
"""
from __future__ import annotations

import re
import runpy

import pytest
from support import doccommands as dc
from support.paths import ROOT

PAGES = dc.pages()


def _id(page) -> str:
    return str(page.relative_to(ROOT))


def _runnable() -> list:
    """The pages with blocks to run; those that start a server (a 127.0.0.1 port) are integration tests."""
    params = []
    for page in PAGES:
        blocks = [b for b in dc.parse(page) if b.not_run is None and b.install is None]
        if blocks:
            marks = [pytest.mark.integration] if dc.port_map(blocks) else []
            params.append(pytest.param(page, id=_id(page), marks=marks))
    return params


def test_commands_are_shown_only_in_console_blocks():
    """A shell command in a ```sh (bash, shell, no language) block would escape these tests."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for lang in re.findall(r"^```(sh|bash|shell|zsh)\s*$", text, re.MULTILINE):
            pytest.fail(f"{_id(page)}: a ```{lang} block: show commands as ```console ($ lines)")
        for body in re.findall(r"^```\s*\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
            assert not re.search(r"^\s*(\$ )?cvgraph ", body, re.MULTILINE), \
                f"{_id(page)}: a cvgraph command in a plain ``` block: make it a ```console block"


def test_every_block_that_is_not_run_says_why():
    skipped = [b for p in PAGES for b in dc.parse(p) if b.not_run is not None or b.install is not None]
    listing = "\n".join(f"{b.where}: {b.not_run or b.install}" for b in skipped)
    print("blocks not run here:\n" + listing)
    for block in skipped:
        assert (block.not_run or block.install or "").strip(), f"{block.where}: give the reason"
        assert block.commands, f"{block.where}: an empty block"
    # they stay few: the pages are tested by running them (install blocks run in the fresh venv)
    assert sum(b.not_run is not None for b in skipped) <= 8, listing


def test_the_parser_reads_commands_output_and_marks(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- not run: needs a VIVO -->\n```console\n$ cvgraph publish x\n```\n\n"
                    "```console\n$ printf 'a\\nb\\n' \\\n> | cat\na\n...\n$ true\n```\n", encoding="utf-8")
    first, second = dc.parse(page)
    assert first.not_run == "needs a VIVO" and second.not_run is None
    assert [c.text for c in second.commands] == ["printf 'a\\nb\\n' \\\n| cat", "true"]
    assert second.commands[0].expected == ["a", "..."]


@pytest.mark.parametrize(("expected", "actual", "result"), [
    (["a", "...", "d"], ["a", "b", "c", "d"], True),
    (["a", "...", "d"], ["a", "d"], True),
    (["a", "..."], ["a"], True),
    (["a"], ["a", "b"], False),
    (["...", "c"], ["a", "b"], False),
    ([], [], True),
    (["took ... s, verified"], ["took 0.01 s, verified"], True),
    (["took ... s, verified"], ["took 0.01 s, refused"], False),
])
def test_dots_match_any_lines(expected, actual, result):
    assert dc.matches(expected, actual) is result


def test_a_wrong_output_is_reported_with_its_place(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```console\n$ echo hello\nhullo\n$ echo 127.0.0.1:7878\n127.0.0.1:7878\n```\n",
                    encoding="utf-8")
    failures = dc.run_page(dc.parse(page), dc.PageRun(cwd=tmp_path, home=tmp_path))
    assert [(f.command.line, f.actual) for f in failures] == [(2, ["hello"])]


@pytest.mark.parametrize("page", _runnable())
def test_page_commands_print_what_the_page_shows(page, tmp_path):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    failures = dc.run_page(dc.parse(page), dc.PageRun(cwd=work, home=home,
                                                       path_first=[dc.shim_dir(tmp_path / "bin")]))
    assert not failures, "\n\n".join(map(str, failures))


def test_the_library_page_runs(tmp_path, monkeypatch, oxigraph_server):
    """docs/library.md's Python block, run as shown: in a folder with the sample as data/ and two
    CVs in people/, publishing to a real Oxigraph server in place of the shown 127.0.0.1:7878."""
    import shutil

    import cvgraph

    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    (tmp_path / "data").mkdir()
    shutil.copy(cvgraph.sample_path(), tmp_path / "data" / "sunwoo-lee.yaml")
    (tmp_path / "people").mkdir()
    shutil.copy(cvgraph.sample_path(), tmp_path / "people" / "sunwoo-lee.yaml")
    monkeypatch.chdir(tmp_path)
    oxigraph_server.clear()
    script = tmp_path / "library_page.py"
    script.write_text(code.replace("http://127.0.0.1:7878", oxigraph_server.base), encoding="utf-8")
    namespace = runpy.run_path(str(script))
    assert namespace["report"].conforms and namespace["result"].status == "ok"
    assert (tmp_path / "public" / "index.html").is_file() and (tmp_path / "faculty.nq").is_file()
    assert (tmp_path / "out.ttl").read_bytes() == namespace["turtle"]
    assert namespace["outcomes"]
