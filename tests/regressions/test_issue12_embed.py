"""Issue 12, item 11: `embed --into` read the page as text, not as HTML.

It found ``</head>`` and the markers with a text search: the block went into a ``<script>``'s
string or an HTML comment, markers in a script's text were taken for real ones, and of two marker
pairs only the first was updated (the second kept a stale block). Now the page is tokenized as
HTML (the standard library's parser, with the raw-text elements a browser has): only a real
``</head>`` end tag and real marker comments count, and a page that is ambiguous (two marker
pairs, unbalanced markers, no real ``</head>``, two of them) is refused with one line that names
the file, the line and the fix. The last test proves with headless Chromium that the page's own
scripts still run after the block is embedded.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.errors import CvgraphError
from cvgraph.web.homepage import END, START, insert_block

BLOCK = '<script type="application/ld+json">{"@context": "https://schema.org"}</script>'

# The page's own script holds "</head>" and both markers inside JavaScript strings.
SCRIPT = ('<script>var help = "put ' + START + END + ' before </head>";\n'
          'document.title = "ran";\ndocument.documentElement.dataset.own = help.length > 0 ? "1" : "0";'
          "</script>")
COMMENT = "<!-- the old layout ended here: </head> -->"
PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>before</title>
  {SCRIPT}
  {COMMENT}
</head>
<body>
  <p>Text.</p>
</body>
</html>
"""


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def _real_head_end(page: str) -> int:
    return page.index("</head>\n<body>")


def test_head_end_inside_a_script_string_or_a_comment_is_not_the_head_end():
    out = insert_block(PAGE, BLOCK)
    assert SCRIPT in out and COMMENT in out  # neither the script nor the comment was cut
    assert out.index(BLOCK) < _real_head_end(out) and out.index(BLOCK) > out.index(COMMENT)
    assert out.replace(f"{START}\n{BLOCK}\n{END}\n", "", 1) == PAGE  # no other byte changed
    assert insert_block(out, BLOCK) == out  # then stable


def test_markers_in_a_script_string_are_not_markers():
    out = insert_block(PAGE, BLOCK)
    assert out.count(START) == 2  # the script's text and the real pair
    again = insert_block(out, BLOCK.replace("schema.org", "schema.org/"))
    assert SCRIPT in again and again.count("schema.org/") == 1


PLAIN = "<html>\n<head>\n<title>T</title>\n</head>\n<body><p>x</p></body>\n</html>\n"


def test_markers_inside_an_html_comment_are_not_markers():
    comment = f"<!-- usage: put {START}"  # one comment, ended by the marker's own "-->"
    page = PLAIN.replace("<title>", comment + "\n<title>")
    out = insert_block(page, BLOCK)
    assert out == page.replace("</head>", f"{START}\n{BLOCK}\n{END}\n</head>")


@pytest.mark.parametrize("element", ["title", "textarea", "noscript", "style"])
def test_head_end_inside_raw_text_elements_is_not_the_head_end(element):
    text = f"<{element}>a </head> b</{element}>"
    page = PLAIN.replace("<title>T</title>", text)
    out = insert_block(page, BLOCK)
    assert out == page.replace("</head>\n<body>", f"{START}\n{BLOCK}\n{END}\n</head>\n<body>")


def _refused(page: str, *expected: str) -> str:
    with pytest.raises(CvgraphError) as info:
        insert_block(page, BLOCK, "site/index.html")
    message = str(info.value)
    assert "\n" not in message and message.startswith("site/index.html:"), message
    for text in expected:
        assert text in message, message
    return message


def test_two_marker_pairs_are_refused_naming_both_lines():
    pair = f"{START}\n<script>old()</script>\n{END}\n"
    page = PAGE.replace("<head>\n", "<head>\n" + pair).replace("<body>\n", "<body>\n" + pair)
    _refused(page, "site/index.html:4:", "also at line 15", "keep one")


def test_unbalanced_markers_are_refused():
    _refused(PAGE.replace("<body>\n", f"<body>\n{END}\n{START}\n"), "before")
    _refused(PAGE.replace("<body>\n", f"<body>\n{END}\n"), START)
    _refused(PAGE.replace("<body>\n", f"<body>\n{START}\n"), END)
    _refused(PAGE.replace("<body>\n", f"<body>\n{START}{START}{END}\n"), "keep one")


def test_a_page_whose_only_head_end_is_in_a_comment_or_script_is_refused():
    page = "<html><head><script>x = '</head>'</script><!-- </head> --><body><p>x</p></body></html>"
    _refused(page, "no </head>", START)


def test_two_real_head_ends_are_refused():
    _refused(PAGE.replace("<body>", "</head>\n<body>"), "</head>", "lines 10 and 11")


def test_the_embed_command_refuses_an_ambiguous_page_in_one_line(runner, tmp_path):
    page = tmp_path / "index.html"
    pair = f"{START}{END}\n"
    original = PAGE.replace("<head>\n", "<head>\n" + pair).replace("<body>\n", "<body>\n" + pair)
    page.write_text(original, encoding="utf-8")
    result = runner.invoke(main, ["embed", "--into", str(page)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.output
    assert result.stderr.startswith(f"error: {page}:4:")
    assert page.read_text(encoding="utf-8") == original and not page.with_name("index.html.bak").exists()


@pytest.mark.integration
def test_the_pages_own_scripts_still_run_after_embedding_in_chromium(runner, tmp_path):
    from support.browser import dump_dom, find_chromium

    find_chromium()
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(main, ["embed", "--into", str(page)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    dom = dump_dom(page)
    start = re.search(r"<html\b[^>]*>", dom)
    assert start and 'data-own="1"' in start.group(), dom[:1500]  # the page's script ran, whole
    title = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
    assert title and html.unescape(title.group(1)) == "ran"
    texts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', dom, re.DOTALL)
    assert [json.loads(t) for t in texts] == [cvgraph.embed_document(cvgraph.sample_path())]
    head = dom[:dom.index("<body")]
    assert '<script type="application/ld+json">' in head  # in <head>, where it was put
    assert Path(str(page) + ".bak").read_text(encoding="utf-8") == PAGE


@pytest.mark.parametrize("construct", ["<!--> </head> -->", "<!---> </head> -->", "<!-- a --!> </head> -->",
                                       "<script><!-- <script>'</script>'</head> --></script>",
                                       "<script>x = 1</script foo></head><script>'</script>"])
def test_constructs_browsers_may_read_otherwise_are_refused(construct):
    _refused(PLAIN.replace("<title>T</title>", construct), "site/index.html:3:", "browsers may read")


def test_a_self_closed_script_runs_to_its_end_tag_as_in_a_browser():
    page = PLAIN.replace("<title>T</title>", "<script src='a.js'/>x = '</head>';</script>")
    out = insert_block(page, BLOCK)
    assert out == page.replace("</head>\n<body>", f"{START}\n{BLOCK}\n{END}\n</head>\n<body>")
    _refused(PLAIN.replace("<title>T</title>", "<script src='a.js'/>"), "no </head>")
