"""cvgraph site --style: the works as the citation style prints them (citeproc-py's own text),
the owner's name in bold in every form the style prints it, and nothing else; text escaped."""
from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli.app import main
from cvgraph.export.citations import render_entries
from cvgraph.export.styled import styled_citations
from cvgraph.export.works import read_graph


@pytest.fixture(scope="module")
def graph():
    return read_graph(cvgraph.triples(cvgraph.sample_path()))


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
def test_text_is_citeprocs(graph, style):
    styled = styled_citations(graph, style)
    plain = dict(render_entries(graph, style, "html"))
    for w in graph.works:
        ours = "".join(r.text for r in styled[w.iri])
        theirs = re.sub(r"^\[\d+\]", "", html.unescape(re.sub(r"<[^>]+>", "", plain[w.key])))
        assert ours == theirs, w.key


@pytest.mark.parametrize(("style", "printed"), [("apa", "Lee, S."), ("ieee", "S. Lee"),
                                                ("chicago-author-date", "Lee, S.")])
def test_owner_marked_not_a_namesake(graph, style, printed):
    styled = styled_citations(graph, style)
    by_key = {w.key: styled[w.iri] for w in graph.works}
    runs = by_key["lee-extending"]  # Sunwoo Lee first, Seungwon Lee last: both print the same
    assert [r.text for r in runs if r.owner] == [printed]
    assert "".join(r.text for r in runs).count("Lee") == 2  # the namesake printed too, not marked
    firsts = [w.key for w in graph.works if w.authors[0].owner]  # a style's "et al." may leave her out of others
    assert firsts and all(any(r.owner for r in by_key[k]) for k in firsts)


def test_site_style_page(tmp_path):
    result = CliRunner().invoke(main, ["site", str(cvgraph.sample_path()), "-o", str(tmp_path), "--style", "apa"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text("utf-8")
    assert ('<span class="citation">Zhang, T., Feng, T., Alam, S., <strong>Lee, S.</strong>, Zhang, M.'
            in page)
    assert "\ue001" not in page


def test_site_style_is_safe(tmp_path):
    text = cvgraph.sample_path().read_text("utf-8").replace(
        'title: "Layer-wise Adaptive Model Aggregation', 'title: "<script>alert(1)</script> Aggregation', 1)
    assert "<script>alert(1)</script>" in text
    cv = tmp_path / "cv.yaml"
    cv.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["site", str(cv), "-o", str(tmp_path / "out"), "--style", "ieee"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    # CSL reads HTML-like tags in a title as its rich-text markup: citeproc-py drops the unknown
    # <script> tags, and the page shows the text between them as text
    assert "<script>alert(1)</script>" not in page and "“alert(1) Aggregation" in page


def test_site_unknown_style(tmp_path):
    result = CliRunner().invoke(main, ["site", str(cvgraph.sample_path()), "-o", str(tmp_path), "--style", "x"])
    assert result.exit_code == 2 and "unknown style" in result.stderr
