"""`cvgraph site`: the static profile page, rendered from the graph. Fast, no browser: the page
is parsed with html.parser into a small tree and checked for well-formedness, anchors, author
order, the chart, the embedded JSON-LD, external assets, determinism and hostile text."""
from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.mapping.walker import document_iri
from cvgraph.rdf.terms import IRI, Lit, Triple
from cvgraph.web.jsonld import BIBO, Index, S, profile_jsonld, works_of
from cvgraph.web.site import ENV, TEMPLATES, anchors, is_linkable, render
from cvgraph.web.siteview import Link

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_EMPTY = {"line", "path", "circle", "rect"}  # foreign elements may self-close
HOSTILE = ["</script><script>alert(1)</script>", "<!--", "]]>", '"onmouseover="x']


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None, cls: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                classes = child.attrs.get("class", "").split()
                if (tag is None or child.tag == tag) and (cls is None or cls in classes):
                    yield child
                yield from child.iter(tag, cls)

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = list(self.iter(tag, cls))
        assert len(found) == 1, f"{len(found)} <{tag} class={cls}> in <{self.tag}>"
        return found[0]


class StrictParser(HTMLParser):
    """A tree, and a list of errors: unbalanced or misnested tags, end tags of void elements,
    self-closing HTML elements, comments, more than one doctype."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.node, self.errors, self.doctypes = self.root, [], []

    def handle_decl(self, decl):
        self.doctypes.append(decl)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_EMPTY:
            self.errors.append(f"self-closing <{tag}/>")
        self.node.children.append(Node(tag, dict(attrs), self.node))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void element </{tag}>")
        elif self.node.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.node.tag}>")
        else:
            self.node = self.node.parent

    def handle_data(self, data):
        self.node.children.append(data)

    def handle_comment(self, data):
        self.errors.append(f"comment <!--{data}-->")


def parse(text: str) -> Node:
    parser = StrictParser()
    parser.feed(text)
    parser.close()
    assert parser.errors == []
    assert parser.node is parser.root, f"unclosed <{parser.node.tag}>"
    assert parser.doctypes == ["doctype html"]
    return parser.root


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


@pytest.fixture(scope="module")
def sample():
    cv = cvgraph.load(cvgraph.sample_path())
    items, doc = cvgraph.triples(cv), document_iri(cv)
    text = render(items, doc)
    return items, doc, text, parse(text)


def graph_works(items, doc):
    from cvgraph.rdf.terms import IRI

    ix = Index(items)
    me = ix.value(IRI(doc), S + "mainEntity")
    return ix, me, works_of(ix, me)


# --- building -------------------------------------------------------------------------------

def test_cli_and_api_write_the_same_page_deterministically(runner, tmp_path, sample):
    out = tmp_path / "a" / "b"  # created, parents too
    result = runner.invoke(main, ["site", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'index.html'}" in result.stderr
    first = (out / "index.html").read_bytes()
    again = runner.invoke(main, ["site", str(cvgraph.sample_path()), "-o", str(out)])
    assert again.exit_code == 0 and (out / "index.html").read_bytes() == first
    page = cvgraph.site(cvgraph.sample_path(), tmp_path / "api")
    assert page == tmp_path / "api" / "index.html" and page.read_bytes() == first
    assert first.decode("utf-8") == sample[2]
    assert not [p.name for p in out.iterdir() if p.name != "index.html"]  # no temporary files left


def test_the_page_body_does_not_depend_on_triple_order(sample):
    items, doc, text, _ = sample
    shuffled = list(items)
    random.Random(7).shuffle(shuffled)
    assert render(shuffled, doc).split("</head>")[1] == text.split("</head>")[1]


def test_site_stays_a_function_after_the_module_is_used(tmp_path):
    """Regression: a submodule named like a package function replaces it on first import."""
    import cvgraph.web.site as module  # noqa: F401

    assert callable(cvgraph.site)
    cvgraph.site(cvgraph.sample_path(), tmp_path / "one")
    assert callable(cvgraph.site) and cvgraph.site(cvgraph.sample_path(), tmp_path / "two").is_file()


def test_output_that_is_a_file_is_refused_in_one_line(runner, tmp_path):
    target = tmp_path / "taken"
    target.write_text("keep me")
    result = runner.invoke(main, ["site", "-o", str(target)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")
    assert "not a folder" in result.stderr and target.read_text() == "keep me"


def test_index_html_that_is_a_folder_is_refused_in_one_line(runner, tmp_path):
    (tmp_path / "out" / "index.html").mkdir(parents=True)
    result = runner.invoke(main, ["site", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_missing_cv_and_missing_output_exit_2(runner, tmp_path):
    missing = runner.invoke(main, ["site", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert runner.invoke(main, ["site"]).exit_code == 2  # -o is required


# --- the page -------------------------------------------------------------------------------

def test_the_page_is_complete_html5(sample):
    _, _, text, tree = sample
    assert text.startswith("<!doctype html>\n")
    page = tree.find("html")
    assert page.attrs.get("lang") == "en"
    head = page.find("head")
    metas = list(head.iter("meta"))
    assert any(m.attrs.get("charset") == "utf-8" for m in metas)
    assert any(m.attrs.get("name") == "viewport" for m in metas)
    assert head.find("title").text() == "Sunwoo Lee — Assistant Professor"
    assert [c.tag for c in page.children if isinstance(c, Node)] == ["head", "body"]


def test_no_external_assets(sample):
    _, _, text, tree = sample
    assert not list(tree.iter("link")) and not list(tree.iter("img")) and not list(tree.iter("iframe"))
    assert "<link" not in text and " src=" not in text and "<img" not in text
    for node in tree.iter():
        assert "src" not in node.attrs and "srcset" not in node.attrs and "style" not in node.attrs
        href = node.attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "https://", "http://", "mailto:")), href
            assert node.tag == "a", node.tag
    css = tree.find("style").text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "@media print" in css and "prefers-color-scheme: dark" in css.replace(":dark", ": dark")


def test_header_has_contact_and_links(sample):
    _, _, _, tree = sample
    top = tree.find("header", "top")
    assert top.find("h1").text() == "Sunwoo Lee"
    assert "Department of Computer Engineering, Inha University" in top.text()
    hrefs = {a.attrs["href"]: a.text() for a in top.iter("a")}
    assert hrefs["mailto:sunwool@inha.ac.kr"] == "sunwool@inha.ac.kr"
    assert "https://sites.google.com/view/sunwoolee" in hrefs
    assert "(+82) 032-860-7445" in top.text()


def test_sections_render_the_rest_of_the_cv(sample):
    _, _, _, tree = sample
    sections = {s.attrs["id"]: s for s in tree.iter("section")}
    assert list(sections) == ["about", "publications", "education", "employment", "internships", "teaching",
                              "talks", "service", "awards"]
    nav = [a.attrs["href"] for a in tree.find("nav").iter("a")]
    assert nav == ["#" + s for s in sections]
    about = sections["about"].text()
    assert "Federated Learning on Heterogeneous Systems" in about and "PyTorch" in about
    assert [dt.text() for dt in sections["about"].iter("dt")] == [
        "Deep Learning Software Frameworks", "I/O Libraries", "Parallelization Libraries",
        "Programming Language"]
    education = sections["education"].text()
    assert "Scalable Parallelization Strategy for Large-Scale Deep Learning" in education
    assert "Advisors: Alok Choudhary, Wei-keng Liao" in education and "Advisor: Minsoo Ryu" in education
    employment = [li.text() for li in sections["employment"].find("ul").children]
    assert "Assistant Professor of Computer Engineering" in employment[0]
    assert "2022 – present" in employment[0]
    assert "Alternative Military Service" in employment[-1]
    assert "Jun 2020 – Aug 2020" in sections["internships"].text()
    teaching = [li.text() for li in sections["teaching"].find("ul").children]
    assert any("CSE4315" in t and "Spring 2023, Spring 2024" in t for t in teaching)
    talks = sections["talks"].text()
    assert "26 Jun 2024" in talks
    assert "RAPIDS Institute, SciDAC, U.S. Department of Energy, Tech Talk" in talks
    service = {li.find("span", "what").text(): li.find("span", "when").text()
               for li in sections["service"].iter("li")}
    assert service["AAAI Conference on Artificial Intelligence"] == "2021–2025"
    awards = sections["awards"]
    assert {a.attrs["href"] for a in awards.iter("a")} == {"#pub-he2021ssfl", "#pub-lee-parallel"}


# --- publications ---------------------------------------------------------------------------

def test_every_work_has_exactly_one_anchor_and_a_self_link(sample, sample_cv):
    items, doc, _, tree = sample
    _, _, ws = graph_works(items, doc)
    ids = Counter(node.attrs["id"] for node in tree.iter() if "id" in node.attrs)
    assert set(anchors(ws).values()) == {"pub-" + key for key in sample_cv.publications}
    for ident in anchors(ws).values():
        assert ids[ident] == 1, ident
    for li in tree.iter("li"):
        ident = li.attrs.get("id", "")
        if ident.startswith("pub-"):
            assert li.find("a", "self").attrs["href"] == "#" + ident
    assert sum(1 for i in ids if i.startswith("pub-")) == len(ws) == 30
    assert max(ids.values()) == 1  # no id twice anywhere


def test_doi_named_works_get_a_doi_slug():
    from cvgraph.rdf.terms import IRI

    dash, dot = IRI("https://doi.org/10.1000/a-b"), IRI("https://doi.org/10.1000/a.b")
    local = IRI("https://x.org/#pub-q")
    # the slugs meet: the IRIs in sorted order ("-" before ".") get -2, -3 …
    assert anchors([dot, dash, local]) == {dash: "pub-10-1000-a-b", dot: "pub-10-1000-a-b-2", local: "pub-q"}


def _li(tree: Node, ident: str) -> Node:
    return next(li for li in tree.iter("li") if li.attrs.get("id") == ident)


def test_authors_in_the_seed_printed_order_with_the_owner_emphasised(sample):
    _, _, _, tree = sample
    fedaudio = _li(tree, "pub-zhang2023fedaudio").find("div", "authors")
    # as printed in the seed (all canonical names, so the printed text itself)
    assert fedaudio.text().split(", ") == ["Tuo Zhang", "TianTian Feng", "Samiul Alam", "Sunwoo Lee",
                                           "Mi Zhang", "Shrikanth S. Narayanan", "Salman Avestimehr"]
    assert fedaudio.find("strong").text() == "Sunwoo Lee"
    collective = _li(tree, "pub-kang2020collective")
    assert collective.find("div", "authors").text().split(", ") == [
        "Qiao Kang", "Sunwoo Lee", "Kai-yuan Hou", "Robert Ross", "Ankit Agrawal", "Alok Choudhary",
        "Wei-keng Liao"]
    assert collective.find("div", "venue").text() \
        == "IEEE Transactions on Parallel and Distributed Systems, vol. 31, no. 11, pp. 2682–2695, 2020"


def test_every_work_lists_its_authors_in_list_order(sample):
    items, doc, _, tree = sample
    ix, _, ws = graph_works(items, doc)
    for work, ident in anchors(ws).items():
        expected = [ix.value(a, S + "name").value for a in ix.items(ix.value(work, BIBO + "authorList"))]
        li = _li(tree, ident)
        assert li.find("div", "authors").text().split(", ") == expected
        assert li.find("span", "title").text() == ix.value(work, S + "name").value


def test_publications_grouped_by_year_newest_first_undated_last(sample):
    tree = sample[3]
    section = next(s for s in tree.iter("section") if s.attrs["id"] == "publications")
    heads = [h.children[0].strip() for h in section.iter("h3")]
    years = [int(h) for h in heads[:-1]]
    assert years == sorted(years, reverse=True) and heads[-1] == "Undated"
    undated = [li.attrs["id"] for li in list(section.iter("ol"))[-1].iter("li")]
    assert sorted(undated) == ["pub-lee-extending", "pub-palsetia-parallel"]  # pub 24 has its award line's year (issue 14 §5)
    badges = [b.text() for b in section.iter("span", "badge")]
    assert badges == ["Preprint"] * 3
    notes = _li(tree, "pub-lee2023layerwise").find("div", "notes").text()
    assert notes == "acceptance rate: 19.7% · oral presentation"
    assert _li(tree, "pub-lee-parallel").find("div", "award").text() == "IEEE HiPC Best Paper Finalist (2017)"


def test_the_chart_has_one_bar_per_year_with_the_graph_counts(sample):
    items, doc, _, tree = sample
    ix, _, ws = graph_works(items, doc)
    counts = Counter(int(ix.value(w, S + "datePublished").value[:4]) for w in ws
                     if ix.value(w, S + "datePublished") is not None)
    svg = tree.find("svg")
    assert svg.attrs["role"] == "img" and svg.attrs["aria-label"].startswith("Publications per year")
    assert svg.children[0].tag == "title"
    rects = list(svg.iter("rect"))
    span = range(min(counts), max(counts) + 1)
    assert len(rects) == len(span)
    top = max(counts.values())
    for rect, year in zip(rects, span):
        n = counts.get(year, 0)
        assert rect.find("title").text() == f"{year}: {n} work{'' if n == 1 else 's'}"
        assert int(rect.attrs["height"]) == round(110 * n / top)
    assert "2023: 7 works" in [r.find("title").text() for r in rects]
    labels = [t.text() for t in svg.iter("text", "y")]
    assert labels == [str(y) for y in span]
    assert sorted(int(t.text()) for t in svg.iter("text", "n")) == sorted(counts.values())


def test_bar_heights_round_half_to_even_as_python_does():
    """The template scales the bars with Jinja's round, which is Python's: 110 * 3 / 4 = 82.5 → 82
    and 110 / 4 = 27.5 → 28 (half to even; half up would give 83)."""
    svg = parse("<!doctype html>" + str(ENV.get_template("parts.html.j2").module.chart(
        [(2020, 4), (2021, 3), (2022, 0), (2023, 1)], 2)))
    rects = list(svg.find("svg").iter("rect"))
    assert [int(r.attrs["height"]) for r in rects] == [110, 82, 0, 28]
    assert [int(r.attrs["x"]) for r in rects] == [0, 42, 84, 126]
    label = svg.find("svg").attrs["aria-label"]
    assert label == "Publications per year, 2020\u20132023 (2 undated not shown)"
    assert [t.text() for t in svg.iter("text", "n")] == ["4", "3", "1"]  # none on an empty bar


def test_the_json_ld_is_the_embed_document(sample):
    items, doc, _, tree = sample
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1 and scripts[0].parent.tag == "head"
    assert scripts[0].attrs == {"type": "application/ld+json"}
    assert json.loads(scripts[0].text()) == profile_jsonld(items, doc)


# --- hostile text ---------------------------------------------------------------------------

HOSTILE_CV = r"""
cvgraph: 1
base: https://example.org/~mallory
person:
  name: "Mallory </script><script>alert(1)</script>"
  job_title: "Researcher <!-- ]]> \"onmouseover=\"x"
  affiliation: [evil]
  email: mallory@example.org
  links: ["https://github.com/mallory?a=1&b='x'"]
interests: ["</script><script>alert(1)</script>", "<!-- comment", "]]> cdata end"]
organizations:
  - id: evil
    name: "Evil <b>Org</b> \"onmouseover=\"x"
venues:
  - id: evilconf
    name: "Conf </script><script>alert(1)</script> ]]> <!--"
    kind: conference
publications:
  - id: pwn2024
    kind: conference
    title: "</script><script>alert(1)</script> and <!-- and ]]> and \"onmouseover=\"x"
    authors: ["Mallory </script><script>alert(1)</script>"]
    venue: evilconf
    year: 2024
    notes: ["<!-- note ]]> \"onmouseover=\"x </script><script>alert(1)</script>"]
    url: "https://example.org/p?q='onmouseover='x"
talks:
  - title: "<!-- talk </script><script>alert(1)</script>"
    host: evil
    date: "2024-01-02"
skills:
  - group: "<script>alert(1)</script>"
    items: ["]]>", "<!--"]
awards:
  - name: "Award </script><script>alert(1)</script>"
    year: 2024
    work: pwn2024
"""


def test_hostile_text_shows_as_text(tmp_path):
    cv = cvgraph.loads(HOSTILE_CV)
    text = cvgraph.site(cv, tmp_path).read_text(encoding="utf-8")
    for raw in HOSTILE:
        assert raw not in text, raw
    assert text.lower().count("<script") == 1
    outside = text[:text.index("<script")] + text[text.index("</script>"):]
    escaped = outside.count("&quot;onmouseover=") + outside.count("&#x27;onmouseover=")
    assert outside.count("onmouseover=") == escaped  # only ever as escaped text
    tree = parse(text)
    assert len(list(tree.iter("script"))) == 1
    assert json.loads(tree.find("script").text()) == profile_jsonld(cvgraph.triples(cv), document_iri(cv))
    body = tree.find("body")
    title = "</script><script>alert(1)</script> and <!-- and ]]> and \"onmouseover=\"x"
    assert _li(tree, "pub-pwn2024").find("span", "title").text() == title  # shown as the text it is
    assert body.find("h1").text() == "Mallory </script><script>alert(1)</script>"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text
    for node in tree.iter():
        assert not any(k.startswith("on") for k in node.attrs), node.attrs


# every literal of the sample made hostile, and every url/sameAs address given a query that needs escaping
NASTY = " <x-pwn>&amp;'\"</script>\u2028"


def nasty(items: Sequence[Triple]) -> list[Triple]:
    out: list[Triple] = []
    for s, p, o in items:
        if isinstance(o, Lit) and o.datatype is None and o.lang is None:
            o = Lit(o.value + NASTY)
        elif isinstance(o, IRI) and p.value in (S + "url", S + "sameAs"):
            o = IRI(o.value + "?a=1&b='x\"<")
        out.append((s, p, o))
    return out


def test_every_text_of_the_graph_is_escaped(sample):
    """Not only the fields of HOSTILE_CV: each plain literal the page shows anywhere."""
    items, doc = nasty(sample[0]), sample[1]
    text = render(items, doc)
    outside = text[:text.index("<script")] + text[text.index("</script>"):]
    assert "<x-pwn>" not in outside and "</script>" not in outside.replace("</script>", "", 1)
    shown = outside.count("&lt;x-pwn&gt;&amp;amp;&#x27;&quot;&lt;/script&gt;")
    assert shown > 100  # the names, titles, venues, notes, roles, courses, talks … of the sample
    assert "?a=1&amp;b=&#x27;x&quot;&lt;" in outside  # an address, escaped in href and text
    tree = parse(text)
    assert len(list(tree.iter("script"))) == 1
    assert json.loads(tree.find("script").text()) == profile_jsonld(items, doc)
    assert tree.find("h1").text() == "Sunwoo Lee" + NASTY


def test_one_escaping_form_throughout(sample):
    """Every value is escaped as html.escape writes quotes (the page's bytes before templates),
    never Jinja's &#39;/&#34; beside it (which a filter such as join would bring in)."""
    text = render(nasty(sample[0]), sample[1])
    assert "&#39;" not in text and "&#34;" not in text
    assert "&#x27;" in text and "&quot;" in text


def test_the_sample_page_is_the_one_before_templates(sample):
    """The page's bytes as the f-string renderer wrote them (issue 11: same output from Jinja2), re-pinned
    when issue 14 §5 gave pub 24 its year (it moved from "Undated" to 2017)."""
    assert hashlib.sha256(sample[2].encode("utf-8")).hexdigest() == \
        "029e238951378202b7285731885e9f6b59e35d9c345578ff19826c643e57aba3"


def test_templates_ship_in_the_package_and_escape(tmp_path, monkeypatch, sample):
    assert TEMPLATES.is_relative_to(Path(cvgraph.__file__).parent)
    assert {"site.html.j2", "parts.html.j2", "site.css"} <= {p.name for p in TEMPLATES.iterdir()}
    monkeypatch.chdir(tmp_path)  # found beside the module, whatever the working directory
    assert render(sample[0], sample[1]) == sample[2]
    assert ENV.autoescape is True
    for template in TEMPLATES.iterdir():  # nothing is marked safe in a template
        source = template.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", "") and "autoescape" not in source, template.name


@pytest.mark.parametrize("field", ["person:\n  name: X\n  homepage: \"javascript:alert(1)\"",
                                   "person:\n  name: X\n  links: [\"javascript:alert(1)\"]"])
def test_javascript_urls_are_refused_by_the_loader(field):
    with pytest.raises(cvgraph.RecordError, match="url"):
        cvgraph.loads(f"cvgraph: 1\nbase: https://example.org/x\n{field}\n")


def link(url: str, text: str | None = None) -> str:
    """The page template's link macro, as the page uses it."""
    return str(ENV.get_template("parts.html.j2").module.link(Link(url, url if text is None else text)))


def test_only_http_and_mailto_become_links():
    assert link("javascript:alert(1)", "x") == "x"
    assert link("data:text/html,<b>", None) == "data:text/html,&lt;b&gt;"
    assert link("https://a.org/?q=\"x\"", "<y>") == '<a href="https://a.org/?q=&quot;x&quot;">&lt;y&gt;</a>'
    assert link("mailto:a@b.org") == '<a href="mailto:a@b.org">mailto:a@b.org</a>'
    assert link("https://a.org/ b", "t") == "t"  # no whitespace in a linked address
    assert [is_linkable(u) for u in ("HTTPS://A.ORG/x", "http://", "ftp://a.org/", "", "mailto:x")] == [
        True, False, False, False, True]


def test_a_cv_with_only_a_name_gives_a_small_valid_page(tmp_path):
    cv = cvgraph.loads("cvgraph: 1\nperson:\n  name: Ada\n", base="https://example.org/ada")
    tree = parse(cvgraph.site(cv, tmp_path, base="https://example.org/ada").read_text(encoding="utf-8"))
    assert tree.find("h1").text() == "Ada" and not list(tree.iter("section")) and not list(tree.iter("svg"))
