"""`cvgraph embed`: the schema.org JSON-LD a homepage embeds, checked without a browser.

The document is read back by an independent JSON-LD processor (PyLD), fully offline: its document
loader serves ../shared/vocab/schemaorgcontext.jsonld for the schema.org context and refuses every
other URL. What PyLD reads must be statements of the full graph (with the context's
``http://schema.org/`` mapped to the graph's ``https://schema.org/`` on purpose), in the printed
author order, and fit schema.org's domains and ranges. Then the options, `--into` (in-place page
update), `--scholar` (Google Scholar meta tags) and hostile text that tries to break out of the
``<script>`` element. Real-browser checks are in test_browser.py.
"""
from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from support.paths import TESTS
from support.vocabcheck import load_vocabularies, schema_problems, undefined_terms

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import IRI, Blank, Lit
from cvgraph.rdf.terms import RDF as RDF_NS
from cvgraph.web.homepage import END, START
from cvgraph.web.jsonld import Index, Selection, in_order, script_element, term_text, to_json

GLOBAL_IDS = TESTS / "golden" / "global-ids" / "input.yaml"
HTTP, HTTPS = "http://schema.org/", "https://schema.org/"
BIBO = "http://purl.org/ontology/bibo/"
SCRIPT_OPEN = '<script type="application/ld+json">'


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def embed(runner: CliRunner, *args: str):
    return runner.invoke(main, ["embed", *map(str, args)], catch_exceptions=False)


# --- offline JSON-LD processing (PyLD) --------------------------------------------------------

@pytest.fixture(scope="module")
def schema_context(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "vocab" / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


def offline_loader(context: dict):
    """A PyLD document loader that serves the local schema.org context and refuses everything else,
    so nothing in these tests can touch the network."""
    served = {"https://schema.org", "http://schema.org"}

    def load(url: str, options=None) -> dict:
        if url.rstrip("/") not in served:
            load.refused.append(url)
            raise RuntimeError(f"offline test: refusing to fetch {url}")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": context}

    load.refused = []
    return load


def with_types(statements: list, full: Graph) -> Graph:
    """A graph of ``statements`` in which nodes the document names only by @id get their types
    from the full graph (so that domains and ranges can be checked)."""
    g = Graph()
    for t in statements:
        g.add(t)
    for node in set(g.subjects()) | {o for o in g.objects() if isinstance(o, URIRef)}:
        if (node, RDF.type, None) not in g and (node, None, None) in g:
            for t in full.objects(node, RDF.type):
                g.add((node, RDF.type, t))
    return g


def test_offline_loader_refuses_other_urls(schema_context):
    load = offline_loader(schema_context)
    for url in ("https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"):
        assert load(url)["document"] is schema_context
    for url in ("https://schema.org/docs/jsonldcontext.jsonld", "https://example.org/ctx", "http://schema.org.evil/"):
        with pytest.raises(RuntimeError, match="refusing"):
            load(url)
    load.refused.clear()
    with pytest.raises(jsonld.JsonLdError):  # PyLD wraps the loader's error
        jsonld.expand({"@context": "https://example.org/ctx", "name": "x"}, {"documentLoader": load})
    assert load.refused == ["https://example.org/ctx"]  # asked us, and we refused: no network


def _https(iri: str) -> str:
    """The context maps terms to http://schema.org/; the graph uses https (MODEL.md, last section)."""
    return HTTPS + iri[len(HTTP):] if iri.startswith(HTTP) else iri


def _term(node):
    if isinstance(node, ox.NamedNode):
        return URIRef(_https(node.value))
    if isinstance(node, ox.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == str(XSD.string):
            return Literal(node.value)  # a plain string, as rdflib keeps the graph's strings
        return Literal(node.value, datatype=URIRef(_https(node.datatype.value)))
    raise AssertionError(f"unexpected {type(node).__name__} {node} (no blank nodes expected)")


def jsonld_triples(doc: dict, context: dict) -> list[tuple]:
    """What PyLD reads from ``doc``: N-Quads parsed by pyoxigraph, schema.org mapped to https."""
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": offline_loader(context)})
    quads = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert quads, "PyLD read no statement at all"
    assert all(q.graph_name == ox.DefaultGraph() for q in quads), "the document is one tree: no named graphs"
    return [(_term(q.subject), _term(q.predicate), _term(q.object)) for q in quads]


# The schema.org context types some properties: datePublished and dateModified are
# {"@type": "Date"}, so PyLD reads "2024" as "2024"^^<http://schema.org/Date>, where the graph
# holds "2024"^^xsd:gYear ("1843-09"^^xsd:gYearMonth, "2024-07-01"^^xsd:date). Such a literal is
# compared by its lexical value with the graph's literal of an XSD date type; every other literal
# (and every IRI: sameAs/url are "@id"-typed) must be in the graph exactly.
SCHEMA_DATE_TYPES = {URIRef(HTTPS + "Date"), URIRef(HTTPS + "DateTime")}
XSD_DATES = {XSD.gYear, XSD.gYearMonth, XSD.date, XSD.dateTime}


def resolve(triples: list[tuple], full: Graph) -> tuple[list[tuple], list[tuple]]:
    """(the triples as the full graph states them, the triples the graph does not hold)."""
    resolved, missing = [], []
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype in SCHEMA_DATE_TYPES:
            same = [v for v in full.objects(s, p)
                    if isinstance(v, Literal) and v.datatype in XSD_DATES and str(v) == str(o)]
            o = same[0] if same else o
        (resolved if (s, p, o) in full else missing).append((s, p, o))
    return resolved, missing


CASES = {
    "sample": cvgraph.sample_path(),
    "global-ids": GLOBAL_IDS,  # ORCID owner, ROR organisation, DOI'd article, arXiv sameAs
}
@pytest.fixture(scope="module")
def case(request):
    path = CASES[request.param]
    return path, cvgraph.embed_document(path), cvgraph.build(path)


@pytest.mark.parametrize("case", ["sample", "global-ids"], indirect=True)
def test_every_statement_pyld_reads_holds_in_the_graph(case, schema_context):
    _, doc, full = case
    triples = jsonld_triples(doc, schema_context)
    resolved, missing = resolve(triples, full)
    assert missing == [], "not in the graph:\n" + "\n".join(" ".join(t.n3() for t in x) for x in missing)
    assert len(set(resolved)) >= 30  # sanity: a real document, not an empty one
    dates = [o for _, p, o in resolved if p == URIRef(HTTPS + "datePublished")]
    assert dates and all(o.datatype in XSD_DATES for o in dates)


@pytest.mark.parametrize("case", ["sample", "global-ids"], indirect=True)
def test_the_document_uses_iris_for_links_and_no_blank_nodes(case, schema_context):
    _, doc, full = case
    triples = jsonld_triples(doc, schema_context)  # _term() already refuses blank nodes
    for s, p, o in triples:
        if p in (URIRef(HTTPS + "sameAs"), URIRef(HTTPS + "url")):
            assert isinstance(o, URIRef), (s, p, o)
    # the person and every work keep their graph IRIs
    me = full.value(URIRef(doc["@id"]), URIRef(HTTPS + "mainEntity"))
    assert URIRef(doc["mainEntity"]["@id"]) == me
    assert (URIRef(doc["@id"]), RDF.type, URIRef(HTTPS + "ProfilePage")) in triples


@pytest.mark.parametrize("case", ["sample", "global-ids"], indirect=True)
def test_author_order_is_the_printed_order(case, schema_context):
    """For every work in the document, the expanded `author` array lists the graph's
    bibo:authorList in order (JSON-LD keeps array order in expanded form)."""
    _, doc, full = case
    expanded = jsonld.expand(doc, {"documentLoader": offline_loader(schema_context)})
    works: dict[str, list[str]] = {}

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if HTTP + "author" in node and "@id" in node:  # a work (not the "@reverse" map)
                works[node["@id"]] = [a["@id"] for a in node[HTTP + "author"]]
            for value in node.values():
                walk(value)

    walk(expanded)
    in_doc = [w["@id"] for w in doc["mainEntity"]["@reverse"]["author"]]
    assert sorted(works) == sorted(in_doc)
    multi = 0
    for work, authors in works.items():
        head = full.value(URIRef(work), URIRef(BIBO + "authorList"))
        assert head is not None, f"{work} has no bibo:authorList"
        assert authors == [str(a) for a in Collection(full, head)], work
        multi += len(authors) > 1
    assert multi >= 1


@pytest.mark.parametrize("case", ["sample", "global-ids"], indirect=True)
def test_what_pyld_reads_fits_schema_org(case, schema_context, shared_dir):
    """The statements of the document (schema.org mapped to https, dates as the graph types them,
    see resolve()) use only defined terms and fit schema.org's domains and ranges."""
    _, doc, full = case
    resolved, missing = resolve(jsonld_triples(doc, schema_context), full)
    g = with_types(resolved + missing, full)
    vocab = load_vocabularies(shared_dir / "vocab")
    found = undefined_terms(g, vocab) + schema_problems(g, vocab)
    assert found == [], "\n".join(found)


# --- shape and options --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc() -> dict:
    return cvgraph.embed_document(cvgraph.sample_path())


def _keys(node) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keys(n) for n in node)) if node else set()
    if isinstance(node, dict):
        return set(node).union(*(_keys(v) for v in node.values()))
    return set()


def test_document_is_a_profile_page_tree(sample_doc, sample_graph):
    doc = sample_doc
    assert doc["@context"] == "https://schema.org"  # a string: search engines expect it; never fetched
    assert "@graph" not in _keys(doc)
    assert doc["@type"] == "ProfilePage" and doc["@id"] == "https://sites.google.com/view/sunwoolee"
    me = doc["mainEntity"]
    assert me["@type"] == "Person" and me["@id"].endswith("#me")
    assert me["name"] == "Sunwoo Lee" and me["jobTitle"] == "Assistant Professor"
    works_for = me["worksFor"] if isinstance(me["worksFor"], list) else [me["worksFor"]]
    assert "Inha University" in {o["name"] for o in works_for}
    alumni = me["alumniOf"] if isinstance(me["alumniOf"], list) else [me["alumniOf"]]
    assert {"Northwestern University", "Hanyang University"} <= {o["name"] for o in alumni}
    topics = [t if isinstance(t, str) else t["name"] for t in me["knowsAbout"]]
    assert "Federated Learning on Heterogeneous Systems" in topics and "PyTorch" in topics
    awards = me["award"] if isinstance(me["award"], list) else [me["award"]]
    assert any("Best Paper" in a for a in awards)
    works = me["@reverse"]["author"]
    assert all(w["@type"] == "ScholarlyArticle" for w in works)
    # every ScholarlyArticle the owner authored, once
    S = "https://schema.org/"
    owner = URIRef(me["@id"])
    expected = {str(w) for w in sample_graph.subjects(URIRef(S + "author"), owner)
                if (w, RDF.type, URIRef(S + "ScholarlyArticle")) in sample_graph}
    assert sorted(w["@id"] for w in works) == sorted(expected) and len(works) == len(expected) >= 20
    for w in works:
        assert w["author"] and all(a["@type"] == "Person" and a["name"] for a in w["author"])
        assert me["@id"] in [a["@id"] for a in w["author"]]


def _year(work: dict) -> int:
    return int(work["datePublished"][:4]) if "datePublished" in work else 0


def test_works_are_most_recent_first(sample_doc):
    years = [_year(w) for w in sample_doc["mainEntity"]["@reverse"]["author"]]
    assert years == sorted(years, reverse=True)


def test_cli_json_is_the_api_document(runner, sample_doc):
    result = embed(runner)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("}\n")
    assert json.loads(result.stdout) == sample_doc
    assert result.stdout == to_json(sample_doc) + "\n"


def test_compact_is_one_line_of_the_same_json(runner, sample_doc):
    result = embed(runner, "--compact")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and result.stdout.endswith("\n")
    assert json.loads(result.stdout) == sample_doc


@pytest.mark.parametrize("compact", [False, True])
def test_format_html_is_one_ld_json_script_element(runner, sample_doc, compact):
    result = embed(runner, "-f", "html", *(["--compact"] if compact else []))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(SCRIPT_OPEN + "\n") and out.endswith("\n</script>\n")
    assert out.count("<script") == 1 and out.count("</script") == 1
    body = out[len(SCRIPT_OPEN):-len("</script>\n")]
    assert json.loads(body) == sample_doc
    assert (body.strip().count("\n") == 0) == compact
    assert out == script_element(sample_doc, pretty=not compact) + "\n"


def test_output_file_is_written(runner, tmp_path, sample_doc):
    out = tmp_path / "cv.jsonld"
    result = embed(runner, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == sample_doc


def _works(runner: CliRunner, *args: str) -> list[dict]:
    result = embed(runner, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["mainEntity"].get("@reverse", {}).get("author", [])


def test_max_works_keeps_the_n_most_recent(runner, sample_doc):
    every = sample_doc["mainEntity"]["@reverse"]["author"]
    assert _works(runner, "--max-works", "3") == every[:3]
    assert _works(runner, "--max-works", "1000") == every
    assert _works(runner, "--max-works", "0") == []
    assert embed(runner, "--max-works", "-1").exit_code == 2


def test_since_keeps_works_from_that_year(runner, sample_doc):
    every = sample_doc["mainEntity"]["@reverse"]["author"]
    works = _works(runner, "--since", "2023")
    assert works == [w for w in every if _year(w) >= 2023]
    assert 0 < len(works) < len(every) and all(_year(w) >= 2023 for w in works)
    assert _works(runner, "--since", "2100") == []


def test_no_preprints_drops_preprints(runner, sample_doc, sample_graph):
    every = sample_doc["mainEntity"]["@reverse"]["author"]
    preprints = {str(w) for w in sample_graph.subjects(RDF.type, URIRef(BIBO + "Manuscript"))}
    in_doc = {w["@id"] for w in every} & preprints
    assert in_doc and all(w.get("creativeWorkStatus") == "Preprint" for w in every if w["@id"] in in_doc)
    works = _works(runner, "--no-preprints")
    assert works == [w for w in every if w["@id"] not in preprints]
    assert not any("creativeWorkStatus" in w for w in works)


def test_options_combine(runner, sample_doc):
    every = sample_doc["mainEntity"]["@reverse"]["author"]
    expected = [w for w in every if "creativeWorkStatus" not in w and _year(w) >= 2022][:4]
    assert _works(runner, "--no-preprints", "--since", "2022", "--max-works", "4") == expected
    assert cvgraph.embed_document(cvgraph.sample_path(), Selection(4, 2022, False))["mainEntity"][
        "@reverse"]["author"] == expected


# --- --into: update a page in place -------------------------------------------------------------

PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sunwoo Lee — Inha University</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <h1>Sunwoo Lee</h1>
  <p>Assistant Professor, <a href="https://www.inha.ac.kr/">Inha University</a> — café, naïve, 이선우</p>
</body>
</html>
"""


def _without_block(page: str) -> str:
    """The page with the markers and everything between them removed."""
    start, end = page.index(START), page.index(END) + len(END)
    return page[:start] + page[end:].removeprefix("\n")


def test_into_inserts_before_head_then_changes_nothing(runner, tmp_path, sample_doc):
    page = tmp_path / "index.html"
    page.write_bytes(PAGE_HEAD.encode("utf-8"))
    os.chmod(page, 0o640)
    result = embed(runner, "--into", page)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "updated" in result.stderr
    first = page.read_bytes()
    text = first.decode("utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    assert text.index(END) < text.index("</head>") < text.index("<body>")
    assert _without_block(text) == PAGE_HEAD  # no other byte changed
    block = text[text.index(START) + len(START):text.index(END)]
    assert block.strip() == script_element(sample_doc, pretty=False)  # compact in the page (issue 15 item 8)
    bak = page.with_name("index.html.bak")
    assert bak.read_bytes() == PAGE_HEAD.encode("utf-8")
    assert (page.stat().st_mode & 0o777) == 0o640

    # a second run with the same data changes nothing: same bytes, page and .bak not rewritten
    past = 1_000_000_000
    os.utime(page, (past, past))
    os.utime(bak, (past, past))
    result = embed(runner, "--into", page)
    assert result.exit_code == 0 and "unchanged" in result.stderr
    assert page.read_bytes() == first and page.stat().st_mtime == past
    assert bak.read_bytes() == PAGE_HEAD.encode("utf-8") and bak.stat().st_mtime == past
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["index.html", "index.html.bak"]


def test_into_replaces_the_block_between_markers(runner, tmp_path, sample_doc):
    before = PAGE_HEAD.replace("<body>\n", f"<body>\n  {START}<script>old()</script>\n  {END}\n")
    page = tmp_path / "index.html"
    page.write_text(before, encoding="utf-8")
    result = embed(runner, "--into", page, "--compact")
    assert result.exit_code == 0, result.output
    after = page.read_text(encoding="utf-8")
    assert "old()" not in after and after.count(START) == 1 and after.count(END) == 1
    assert _without_block(after) == _without_block(before)  # nothing outside the markers changed
    assert after.index("<body>") < after.index(START)  # the block stays where the author put it
    block = after[after.index(START) + len(START):after.index(END)]
    assert block.strip() == script_element(sample_doc, pretty=False)
    assert page.with_name("index.html.bak").read_text(encoding="utf-8") == before

    # new data (fewer works): the block is replaced again and .bak holds the previous page
    result = embed(runner, "--into", page, "--compact", "--max-works", "2")
    assert result.exit_code == 0 and "updated" in result.stderr
    assert page.with_name("index.html.bak").read_text(encoding="utf-8") == after
    newer = page.read_text(encoding="utf-8")
    assert _without_block(newer) == _without_block(before)
    assert len(json.loads(newer[newer.index("{"):newer.rindex("}") + 1])["mainEntity"]["@reverse"]["author"]) == 2


def test_into_writes_compact_json_ld_into_the_page(runner, tmp_path, sample_doc):
    """Issue 15 item 8: the block in <head> is one line (it was indented: 51 KB for the sample)."""
    page = tmp_path / "index.html"
    page.write_text(PAGE_HEAD, encoding="utf-8")
    result = embed(runner, "--into", page)
    assert result.exit_code == 0, result.output
    after = page.read_text(encoding="utf-8")
    block = after[after.index(START) + len(START):after.index(END)]
    assert block.strip() == script_element(sample_doc, pretty=False)
    assert len(block.encode("utf-8")) < len(script_element(sample_doc, pretty=True).encode("utf-8")) * 0.8
    assert embed(runner).output == to_json(sample_doc) + "\n"  # to stdout: still indented


def test_no_contact_leaves_email_and_telephone_out(runner, tmp_path, sample_doc):
    """Issue 15 item 8: --no-contact embeds the profile without the owner's email and telephone
    (the sample CV has both, and a postal address, which the page never carries)."""
    me = sample_doc["mainEntity"]
    assert me["email"] and me["telephone"] and "address" not in me
    private = cvgraph.embed_document(cvgraph.sample_path(), Selection(contact=False))
    assert private["mainEntity"] == {k: v for k, v in me.items() if k not in ("email", "telephone")}
    assert {k: v for k, v in private.items() if k != "mainEntity"} == \
        {k: v for k, v in sample_doc.items() if k != "mainEntity"}

    page = tmp_path / "index.html"
    page.write_text(PAGE_HEAD, encoding="utf-8")
    assert embed(runner, "--into", page, "--no-contact").exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert me["email"] not in text and me["telephone"] not in text
    assert json.loads(embed(runner, "--no-contact").output) == private


def test_into_page_without_head_or_markers_is_refused(runner, tmp_path):
    page = tmp_path / "fragment.html"
    original = b"<p>just a fragment</p>\n"
    page.write_bytes(original)
    result = embed(runner, "--into", page)
    assert result.exit_code == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ") and "</head>" in result.stderr
    assert START in result.stderr and END in result.stderr  # the hint says what to add
    assert page.read_bytes() == original and not page.with_name("fragment.html.bak").exists()


def test_into_start_marker_without_end_is_refused(runner, tmp_path):
    page = tmp_path / "index.html"
    original = PAGE_HEAD.replace("</head>", f"{START}\n</head>").encode("utf-8")
    page.write_bytes(original)
    result = embed(runner, "--into", page)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and END in result.stderr
    assert page.read_bytes() == original and not page.with_name("index.html.bak").exists()


def test_into_missing_or_non_utf8_page_is_refused(runner, tmp_path):
    result = embed(runner, "--into", tmp_path / "nope.html")
    assert result.exit_code == 2 and "cannot read" in result.stderr
    page = tmp_path / "latin1.html"
    page.write_bytes("<html><head></head><body>café</body></html>".encode("latin-1"))
    result = embed(runner, "--into", page)
    assert result.exit_code == 2 and "UTF-8" in result.stderr
    assert page.read_bytes() == "<html><head></head><body>café</body></html>".encode("latin-1")


def test_into_is_atomic_when_the_write_fails(runner, tmp_path, monkeypatch):
    page = tmp_path / "index.html"
    page.write_bytes(PAGE_HEAD.encode("utf-8"))
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if Path(dst) == page:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = embed(runner, "--into", page)
    assert result.exit_code == 2 and "cannot write" in result.stderr
    assert page.read_bytes() == PAGE_HEAD.encode("utf-8")  # the old page, whole
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# --- --scholar: Google Scholar meta tags ----------------------------------------------------------

class _Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            a = dict(attrs)
            self.tags.append((a["name"], a["content"]))


def metas(text: str) -> list[tuple[str, str]]:
    parser = _Metas()
    parser.feed(text)
    parser.close()
    return parser.tags


META_LINE = re.compile(r'<meta name="citation_[a-z_]+" content="[^"<>]*">')


def test_scholar_tags_for_a_journal_article(runner):
    result = embed(runner, GLOBAL_IDS, "--scholar", "10.1000/XYZ.123")  # a DOI, any case
    assert result.exit_code == 0, result.output
    assert all(META_LINE.fullmatch(line) for line in result.stdout.splitlines()), result.stdout
    tags = metas(result.stdout)
    assert [v for k, v in tags if k == "citation_author"] == ["Ada Lovelace", "Charles Babbage"]
    one = dict(tags)
    assert one["citation_title"] == "Notes on the Analytical Engine"
    assert re.fullmatch(r"\d{4}(/\d{2}(/\d{2})?)?", one["citation_publication_date"])
    assert one["citation_publication_date"] == "1843/09"
    assert one["citation_journal_title"] == "Journal of Computing"
    assert one["citation_issn"] == "1234-5678"
    assert (one["citation_volume"], one["citation_issue"]) == ("3", "29")
    assert (one["citation_firstpage"], one["citation_lastpage"]) == ("666", "731")
    assert one["citation_doi"] == "10.1000/xyz.123"
    for key in ("https://doi.org/10.1000/xyz.123", "doi:10.1000/xyz.123"):
        assert embed(runner, GLOBAL_IDS, "--scholar", key).stdout == result.stdout


def test_scholar_full_date_and_conference_title(runner, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("""
person: {name: Ada Lovelace, homepage: "https://example.org/~ada"}
venues: [{id: c, name: Conference on Engines, kind: conference}]
publications:
  - {id: p1, kind: conference, title: On Engines, authors: [Ada Lovelace], venue: c, year: 2024-03-05, pages: 7-9}
""", encoding="utf-8")
    one = dict(metas(embed(runner, cv, "--scholar", "p1").stdout))
    assert one["citation_publication_date"] == "2024/03/05"
    assert one["citation_conference_title"] == "Conference on Engines"
    assert (one["citation_firstpage"], one["citation_lastpage"]) == ("7", "9")
    sample = dict(metas(embed(runner, "--scholar", "lee2023layerwise").stdout))
    assert sample["citation_conference_title"] == "AAAI Conference on Artificial Intelligence"
    assert sample["citation_publication_date"] == "2023"


def test_scholar_unknown_work_suggests_the_closest_id(runner):
    result = embed(runner, "--scholar", "lee2024embracin")
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "no work 'lee2024embracin'" in result.stderr and "did you mean 'lee2024embracing'" in result.stderr


def test_scholar_finds_a_doi_work_by_its_publication_id(runner):
    result = embed(runner, GLOBAL_IDS, "--scholar", "notes")
    assert result.exit_code == 0, result.stderr
    assert dict(metas(result.stdout))["citation_doi"] == "10.1000/xyz.123"


def test_scholar_single_page_is_the_first_page(runner, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("""
person: {name: Ada Lovelace, homepage: "https://example.org/~ada"}
publications:
  - {id: p1, kind: journal, title: One Page, authors: [Ada Lovelace], year: 2024, pages: "12"}
""", encoding="utf-8")
    assert dict(metas(embed(runner, cv, "--scholar", "p1").stdout)).get("citation_firstpage") == "12"


# --- hostile text ---------------------------------------------------------------------------------

HOSTILE = ("</script><script>alert(1)</script> </SCRIPT > <!-- x --> ]]> \u2028 \u2029 &amp; "
           f"<img src=x onerror=alert(2)> {START} {END} \"quoted\" 'single'")


def hostile_cv_yaml(payload: str) -> str:
    """A CV whose name, job title, interest, co-author, title, venue, award and notes carry
    ``payload`` (JSON strings are valid YAML double-quoted scalars, escapes included)."""
    q = lambda text: json.dumps(text)
    return f"""cvgraph: 1
person:
  name: {q("Eve " + payload)}
  job_title: {q("Professor " + payload)}
  homepage: https://example.org/~eve
interests: [{q("Topic " + payload)}]
people:
  - {{name: {q("Mallory " + payload)}}}
venues:
  - {{id: j, name: {q("Journal " + payload)}, kind: journal, issn: 1234-5678}}
publications:
  - id: p1
    kind: journal
    title: {q("Title " + payload)}
    authors: [{q("Eve " + payload)}, {q("Mallory " + payload)}]
    venue: j
    year: 2024
    volume: "1"
    pages: 1-2
    notes: [{q("Note " + payload)}]
awards:
  - name: {q("Award " + payload)}
    year: 2024
    work: p1
    notes: [{q("Award note " + payload)}]
"""


def hostile_expectations(payload: str) -> dict[str, str]:
    """Where the payload must come back, exactly, in the embedded document."""
    return {"name": "Eve " + payload, "jobTitle": "Professor " + payload, "knowsAbout": "Topic " + payload,
            "title": "Title " + payload, "venue": "Journal " + payload, "coauthor": "Mallory " + payload,
            "award": "Award " + payload}


def hostile_values(doc: dict) -> dict[str, str]:
    me = doc["mainEntity"]
    work = me["@reverse"]["author"][0]
    award = me["award"] if isinstance(me["award"], str) else me["award"][0]
    return {"name": me["name"], "jobTitle": me["jobTitle"], "knowsAbout": me["knowsAbout"][0],
            "title": work["name"], "venue": work["isPartOf"]["name"], "coauthor": work["author"][1]["name"],
            "award": award.removesuffix(" (2024)")}


@pytest.fixture
def hostile_cv(tmp_path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_cv_yaml(HOSTILE), encoding="utf-8")
    return path


def test_hostile_text_reaches_the_document_unchanged(hostile_cv):
    doc = cvgraph.embed_document(cvgraph.loads(hostile_cv.read_text(encoding="utf-8")))
    assert hostile_values(doc) == hostile_expectations(HOSTILE)
    assert doc == cvgraph.embed_document(hostile_cv)


@pytest.mark.parametrize("compact", [False, True])
def test_hostile_text_cannot_leave_the_script_element(runner, hostile_cv, compact):
    result = embed(runner, hostile_cv, "-f", "html", *(["--compact"] if compact else []))
    assert result.exit_code == 0, result.output
    out = result.stdout
    lower = out.lower()
    assert out.startswith(SCRIPT_OPEN) and out.endswith("</script>\n")
    assert lower.count("</script") == 1  # only the element's own closing tag
    assert lower.count("<script") == 1 and "<!--" not in out and "-->" not in out and "]]>" not in out
    assert "<" not in out[len(SCRIPT_OPEN):-len("</script>\n")]  # no tag can start inside
    assert "\u2028" not in out and "\u2029" not in out  # raw line separators would break old JS parsers
    assert "&amp;" not in out  # '&' is escaped too, so HTML entity decoding cannot alter the text
    doc = json.loads(out[len(SCRIPT_OPEN):-len("</script>\n")])
    assert hostile_values(doc) == hostile_expectations(HOSTILE)
    assert doc == cvgraph.embed_document(hostile_cv)


def test_hostile_text_into_a_page_stays_between_the_markers(runner, tmp_path, hostile_cv):
    page = tmp_path / "index.html"
    page.write_text(PAGE_HEAD, encoding="utf-8")
    assert embed(runner, hostile_cv, "--into", page).exit_code == 0
    first = page.read_bytes()
    text = first.decode("utf-8")
    assert text.count(START) == 1 and text.count(END) == 1  # the payload's markers are escaped
    assert _without_block(text) == PAGE_HEAD
    result = embed(runner, hostile_cv, "--into", page)
    assert "unchanged" in result.stderr and page.read_bytes() == first


def test_hostile_scholar_tags_are_html_escaped(runner, hostile_cv):
    result = embed(runner, hostile_cv, "--scholar", "p1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")  # not splitlines(): U+2028 is not a line end in HTML
    assert all(META_LINE.fullmatch(line) for line in lines), result.stdout  # nothing breaks out
    assert "<script" not in result.stdout.lower() and "<!--" not in result.stdout
    tags = metas(result.stdout)
    assert len(tags) == len(lines)
    one = dict(tags)
    assert one["citation_title"] == "Title " + HOSTILE  # HTMLParser unescapes attribute values
    assert [v for k, v in tags if k == "citation_author"] == ["Eve " + HOSTILE, "Mallory " + HOSTILE]
    assert one["citation_journal_title"] == "Journal " + HOSTILE
    assert "&amp;amp;" in result.stdout and "&quot;quoted&quot;" in result.stdout  # escaped once, as HTML


# --- the graph index ---------------------------------------------------------------------------

def test_index_reads_terms_lists_and_missing_nodes():
    work, a, b = IRI("https://x.org/#w"), IRI("https://x.org/#a"), IRI("https://x.org/#b")
    cells = [Blank("l0"), Blank("l1"), Blank("l2")]
    first, rest, nil = IRI(RDF_NS + "first"), IRI(RDF_NS + "rest"), IRI(RDF_NS + "nil")
    ix = Index([(work, IRI(BIBO + "authorList"), cells[0]), (cells[0], first, b), (cells[0], rest, cells[1]),
                (cells[1], rest, cells[2]),  # a cell without rdf:first adds no member
                (cells[2], first, a), (cells[2], rest, nil),
                (work, IRI(HTTPS + "author"), a), (work, IRI(HTTPS + "author"), b),
                (work, IRI(HTTPS + "name"), Lit("W"))])
    assert in_order(ix, work, "author") == [b, a]  # the list's order, not the links'
    assert in_order(ix, work, "editor") == []
    assert ix.value(None, HTTPS + "name") is None and ix.objects(None, HTTPS + "name") == []
    assert ix.value(IRI("https://x.org/#nothing"), HTTPS + "name") is None
    assert [term_text(t) for t in (ix.value(work, HTTPS + "name"), work, cells[0], None)] == [
        "W", "https://x.org/#w", "_:l0", ""]
    assert ix.subjects(HTTPS + "author", a) == [work]
