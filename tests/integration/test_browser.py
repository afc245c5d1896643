"""What a real browser makes of the JSON-LD `cvgraph embed` puts into a page (headless Chromium).

Pages are local files loaded over file:// (see tests/support/browser.py); none references a remote
resource, and the test pages forbid any fetch with a Content-Security-Policy. The page itself
reads its JSON-LD: an inline script at the end of <body> parses every
``<script type="application/ld+json">`` with JSON.parse and writes JSON.stringify of the result
(and a few facts about the page) into ``<pre id="out">``, which the test reads from the dumped
DOM. Few Chromium calls, each bounded (browser.TIMEOUT).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.browser import dump_dom, find_chromium, screenshot
from support.paths import TESTS
from unit.web.test_embed import hostile_cv_yaml, hostile_expectations, hostile_values

import cvgraph
from cvgraph.cli import main
from cvgraph.web.homepage import END, START

ARTIFACTS = TESTS / "artifacts"  # git-ignored

COLLECTOR = """<script>
(function () {
  var out = document.getElementById("out");
  try {
    var docs = [...document.querySelectorAll('script[type="application/ld+json"]')]
      .map(function (s) { return JSON.parse(s.textContent); });
    out.textContent = JSON.stringify({
      docs: docs,
      title: document.title,
      scripts: document.scripts.length,
      images: document.images.length,
      pwned: document.getElementById("pwned") !== null || "pwned" in document.documentElement.dataset,
      ok: document.documentElement.dataset.ok || null
    });
  } catch (e) {
    out.textContent = JSON.stringify({error: String(e)});
  }
})();
</script>"""

TITLE = "Sunwoo Lee — Assistant Professor, Inha University"
PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
  <title>{TITLE}</title>
  <style>body {{ font-family: sans-serif; max-width: 40em; margin: 2em auto; }}</style>
  <script>document.documentElement.dataset.ok = "1";</script>
</head>
<body>
  <h1>Sunwoo Lee</h1>
  <p>Assistant Professor, Department of Computer Engineering, Inha University.</p>
  <h2>Research</h2>
  <ul><li>Large-scale distributed deep learning</li><li>Federated learning</li></ul>
  <pre id="out"></pre>
  {COLLECTOR}
</body>
</html>
"""


@pytest.fixture(scope="module")
def chromium() -> Path:
    return find_chromium()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def page_report(dom: str) -> dict:
    """What the collector wrote into <pre id="out"> (text in the serialised DOM is HTML-escaped)."""
    match = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    assert match and match.group(1), "the collector script did not run:\n" + dom[:2000]
    report = json.loads(html.unescape(match.group(1)))
    assert "error" not in report, report
    return report


def html_start_tag(dom: str) -> str:
    match = re.search(r"<html\b[^>]*>", dom)
    assert match, dom[:500]
    return match.group()


def title_text(dom: str) -> str:
    match = re.search(r"<title>(.*?)</title>", dom, re.DOTALL)
    assert match, dom[:500]
    return html.unescape(match.group(1))


def embed_into(runner: CliRunner, cv: Path | None, page: Path) -> None:
    result = runner.invoke(main, ["embed", *([str(cv)] if cv else []), "--into", str(page)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_browser_reads_the_embedded_document(chromium, runner, tmp_path):
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    embed_into(runner, None, page)
    dom = dump_dom(page)
    assert 'data-ok="1"' in html_start_tag(dom)  # the page's own script ran
    report = page_report(dom)
    assert report["ok"] == "1" and report["title"] == TITLE
    assert report["docs"] == [cvgraph.embed_document(cvgraph.sample_path())]  # exactly, as JSON
    assert report["scripts"] == 3 and not report["pwned"]


PAYLOAD = ("</script><script>document.title='PWNED';document.documentElement.dataset.pwned='script'</script>"
           "<img src=x onerror=\"document.title='PWNED';document.documentElement.dataset.pwned='img'\">"
           "<b id=pwned>pwned</b> </SCRIPT><script>document.title='PWNED'</script> <!-- ]]> -->"
           f" \u2028 \u2029 &amp; {START}{END}")


def test_browser_runs_nothing_from_hostile_text(chromium, runner, tmp_path):
    cv = tmp_path / "hostile.yaml"
    cv.write_text(hostile_cv_yaml(PAYLOAD), encoding="utf-8")
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    embed_into(runner, cv, page)
    dom = dump_dom(page, virtual_time_budget=2000)  # let any load/error event fire before the dump
    start = html_start_tag(dom)
    assert 'data-ok="1"' in start and "data-pwned" not in start
    assert title_text(dom) == TITLE
    assert dom.count("<script") == 3 and dom.count('<script type="application/ld+json">') == 1
    assert "<img" not in dom and 'id="pwned"' not in dom
    report = page_report(dom)
    assert report["title"] == TITLE and report["scripts"] == 3 and report["images"] == 0
    assert not report["pwned"]
    expected = cvgraph.embed_document(cv)
    assert report["docs"] == [expected]
    values = hostile_values(report["docs"][0])
    assert values == hostile_expectations(PAYLOAD)
    assert all("\u2028" in v and "\u2029" in v for v in values.values())


# --- the generated site -------------------------------------------------------------------------

REMOTE = re.compile(r"<(?:script|img|link|iframe|source|video|audio|embed|object)\b[^>]*?"
                    r"\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def _site_args(cv: Path, out: Path) -> list[str]:
    return [str(cv), "-o", str(out)]


def test_site_index_embeds_the_document_and_renders(chromium, runner, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(main, ["site", *_site_args(cvgraph.sample_path(), out)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    assert index.is_file(), sorted(p.name for p in out.iterdir()) if out.is_dir() else result.output
    source = index.read_text(encoding="utf-8")
    assert not REMOTE.search(source), "the site loads a remote resource: " + REMOTE.search(source).group()

    dom = dump_dom(index)
    texts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', dom, re.DOTALL)
    assert len(texts) == 1, f"{len(texts)} JSON-LD scripts in the site's index.html"
    # Script text is raw text in the serialised DOM (not entity-escaped), so json.loads reads it
    # directly: html.unescape would be wrong here (the escaped JSON has no '&' to decode anyway).
    assert "&" not in texts[0]
    assert json.loads(texts[0]) == cvgraph.embed_document(cvgraph.sample_path())

    png = screenshot(index, ARTIFACTS / "site.png", 1280, 1600)
    assert png.is_file() and png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_site_runs_nothing_from_hostile_text(chromium, runner, tmp_path):
    cv = tmp_path / "hostile.yaml"
    cv.write_text(hostile_cv_yaml(PAYLOAD), encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(main, ["site", *_site_args(cv, out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    source = index.read_text(encoding="utf-8")
    own_scripts = source.lower().count("<script")
    dom = dump_dom(index, virtual_time_budget=2000)
    assert "data-pwned" not in html_start_tag(dom)
    title = title_text(dom)  # the site's title holds the (hostile) name as text: fine
    assert title != "PWNED" and title.startswith("Eve </script>")
    assert 'id="pwned"' not in dom and '<img src="x"' not in dom
    assert dom.lower().count("<script") == own_scripts  # no element came from the payload
    texts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', dom, re.DOTALL)
    assert [json.loads(t) for t in texts] == [cvgraph.embed_document(cv)]
    assert hostile_values(json.loads(texts[0])) == hostile_expectations(PAYLOAD)
