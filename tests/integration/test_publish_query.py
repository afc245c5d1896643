"""Publish, then query: ``cvgraph publish --endpoint URL [--store virtuoso]``, then every bundled
query through ``cvgraph query NAME --endpoint URL [--store virtuoso]`` with no other option
answers as the local ``cvgraph query NAME CV`` does, on a real Oxigraph server and a real
Virtuoso (each started once: Oxigraph per module, Virtuoso the session's).

Publish skolemises blank nodes (``<graph/.well-known/genid/…>``), so answers are compared with
every blank node and skolem IRI read as ``_:``; SELECT answers as CSV rows (sorted: ties under
ORDER BY may come in any order), ASK by exit code, CONSTRUCT/DESCRIBE as N-Triples line sets.
Also: two CVs published give their union; ``--graph`` picks one; an empty answer prints one
``note:`` line on stderr (exit code unchanged); a store without cvgraph's provenance is read as
its default graph. Everything goes to 127.0.0.1.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.servers import oxigraph_server as start_oxigraph

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import IRI
from cvgraph.sparql.catalogue import catalogue
from cvgraph.store.updates import METADATA_GRAPH

SAMPLE = cvgraph.sample_path()
DOC = "https://sites.google.com/view/sunwoolee"  # the sample's document IRI: its graph
OWNER = DOC + "#me"
NAMES = sorted(catalogue())
BLANK = re.compile(r"_:[A-Za-z0-9_.-]+|<?https?://[^\s,<>\"]*/\.well-known/genid/[^\s,<>\"]*>?")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")


def cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def publish(endpoint: str, store: str, *cvs: Path) -> None:
    result = cli("publish", "--endpoint", endpoint, "--store", store, *cvs)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("verified") == len(cvs), result.stdout


def bound(name: str) -> list[str]:
    """``-p person=OWNER`` for a query with a person parameter (each bundled one has it)."""
    return ["-p", f"person={OWNER}"] if any(p.name == "person" for p in catalogue()[name].params) else []


def graph_form(name: str) -> bool:
    return catalogue()[name].form in ("CONSTRUCT", "DESCRIBE")


def answer(name: str, result) -> tuple[int, object]:
    """(exit code, what must agree): an RDF graph's lines, or a table's CSV rows, blank nodes as ``_:``."""
    lines = BLANK.sub("_:", result.stdout).splitlines()
    if graph_form(name):
        return result.exit_code, sorted(set(lines))
    return result.exit_code, (lines[:1], sorted(lines[1:]))


def run(name: str, *args: object):
    result = cli("query", name, "-f", "nt" if graph_form(name) else "csv", *args)
    assert result.exit_code in (0, 1), result.output
    return result


@cache
def local(name: str, params: tuple[str, ...], data: str | None = None) -> tuple[int, object]:
    """The local answer: on the sample, or on an RDF file (``data``: several CVs merged)."""
    source = ["--data", data] if data else [SAMPLE]
    return answer(name, run(name, *source, *params))


# ----------------------------------------------------------------------------- the stores

@pytest.fixture(scope="module")
def oxigraph(oxigraph_server):  # oxigraph_server: skip (or fail in CI) the same way when there is no binary
    """A fresh Oxigraph server with the sample published into it (by ``cvgraph publish``)."""
    with start_oxigraph() as server:
        publish(server.base, "oxigraph", SAMPLE)
        yield server


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server):
    """The session's Virtuoso with the sample published into it (digest auth, as publish does)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVGRAPH_USER", virtuoso_server.user)
        patch.setenv("CVGRAPH_PASSWORD", virtuoso_server.password)
        virtuoso_server.drop(DOC, METADATA_GRAPH)
        publish(virtuoso_server.base, "virtuoso", SAMPLE)
        yield virtuoso_server
        virtuoso_server.drop(DOC, METADATA_GRAPH)


STORES = {"oxigraph": "oxigraph", "virtuoso": "virtuoso"}


def store_args(request, kind: str) -> list[str]:
    server = request.getfixturevalue(kind)
    return ["--endpoint", server.base] + (["--store", "virtuoso"] if kind == "virtuoso" else [])


# ----------------------------------------------------------------------------- every bundled query

def test_every_bundled_query_is_listed():
    listed = cli("query", "--list")
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == NAMES
    assert "publication-list" in NAMES


# Bundled queries Virtuoso 7.2 could not run as written (the same with the graph sent as the
# protocol's default-graph-uri or as a define pragma, so not how cvgraph names the dataset):
VIRTUOSO_GAPS: dict[tuple[str, bool], str] = {}  # none left: each query's .rq says which forms it avoids
CASES = [pytest.param(name, person, kind, id=f"{name}-{'person' if person else 'unbound'}-{kind}",
                      marks=[pytest.mark.xfail(strict=True, reason=VIRTUOSO_GAPS[name, person])]
                      if kind == "virtuoso" and (name, person) in VIRTUOSO_GAPS else [])
         for kind in STORES for name in NAMES for person in (False, True)]


@pytest.mark.parametrize("name,with_person,kind", CASES)
def test_published_answers_equal_local(name, with_person, kind, request):
    params = tuple(bound(name)) if with_person else ()
    remote = run(name, *store_args(request, kind), *params)
    expected = local(name, params)
    assert answer(name, remote) == expected, f"{name} {params} on {kind}: remote differs from local"
    code, got = expected
    rows = got if graph_form(name) else got[1]  # type: ignore[index]
    empty = code == 1 if catalogue()[name].form == "ASK" else not rows
    assert remote.stderr.startswith("note: no answer from the 1 CV") if empty else remote.stderr == "", remote.stderr


@pytest.mark.parametrize("kind", list(STORES))
def test_answers_are_not_trivially_empty(kind, request):
    """The comparison above means something: the sample's publication list has rows remotely."""
    remote = run("publications-by-year", *store_args(request, kind))
    assert len(remote.stdout.splitlines()) > 2


# ----------------------------------------------------------------------------- hints

@pytest.mark.parametrize("kind", list(STORES))
def test_empty_answer_says_what_was_read(kind, request, tmp_path):
    where = store_args(request, kind)
    result = run("publications-by-year", *where, "-p", "person=https://example.org/nobody")
    assert result.exit_code == 0 and result.stdout.strip() == "person,year,type,works"
    [line] = result.stderr.splitlines()
    assert line.startswith("note: no answer from the 1 CV cvgraph published at ") and f"<{DOC}>" in line, line
    rq = tmp_path / "ask.rq"
    rq.write_text('ASK { ?who <https://schema.org/name> "Nobody Of That Name" }\n', encoding="utf-8")
    ask = cli("query", rq, *where)
    assert ask.exit_code == 1  # ASK false: exit 1, as documented
    assert ask.stderr.startswith("note: no answer from the 1 CV cvgraph published") and ask.stderr.count("\n") == 1


def test_store_without_provenance_is_read_as_its_default_graph(oxigraph_server):
    """Data loaded by hand into the default graph (nothing published): read as before, and an
    empty answer says nothing cvgraph published is there."""
    oxigraph_server.clear()
    try:
        empty = run("publications-by-year", "--endpoint", oxigraph_server.base)
        [line] = empty.stderr.splitlines()
        assert line.startswith(f"note: no answer from the store's default graph at {oxigraph_server.query_url}; "
                               "nothing cvgraph published is there"), line
        oxigraph_server.load(cvgraph.serialize(SAMPLE, "nt"))
        loaded = run("publications-by-year", "--endpoint", oxigraph_server.base)
        assert loaded.stderr == "" and answer("publications-by-year", loaded) == local("publications-by-year", ())
    finally:
        oxigraph_server.clear()


def test_endpoint_given_as_the_query_url_says_to_leave_out_the_path(oxigraph):
    result = cli("query", "publications-by-year", "--endpoint", oxigraph.query_url)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.endswith("--endpoint takes the store's base URL: leave out /query"), line


@pytest.mark.parametrize("kind", list(STORES))
def test_a_department_of_graphs(kind, request):
    """1,001 graphs named (a department's CVs): the POST body carries them; Virtuoso gets them as
    FROM clauses, since it echoes each default-graph-uri field as a header of its answer (150
    graphs there: past the 100 headers Python's HTTP client takes, and Virtuoso needs ~3-7 s to
    compile a query over 1,000 graphs)."""
    many = 150 if kind == "virtuoso" else 1000
    graphs = [x for i in range(many) for x in ("--graph", f"https://example.org/no-cv/{i}")]
    remote = run("publications-by-year", *store_args(request, kind), "--graph", DOC, *graphs)
    assert remote.stderr == "" and answer("publications-by-year", remote) == local("publications-by-year", ())


def test_virtuoso_echoes_default_graph_uri_fields_as_headers(virtuoso):
    """Why --store virtuoso sends define pragmas: the protocol fields (what --store generic sends)
    make Virtuoso answer with a header per graph, which Python's HTTP client refuses past 100."""
    graphs = [x for i in range(120) for x in ("--graph", f"https://example.org/no-cv/{i}")]
    result = cli("query", "publications-by-year", "--query-url", virtuoso.query_url, "--store", "generic",
                 "--graph", DOC, *graphs)
    assert result.exit_code == 2 and "not valid HTTP" in result.stderr, result.output


def test_cvs_and_a_store_at_once_is_one_line_error(oxigraph):
    result = cli("query", "publications-by-year", SAMPLE, "--endpoint", oxigraph.base)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [("error: query either local data (CV files, --data) or a store "
                                          "(--endpoint), not both")]


# ----------------------------------------------------------------------------- two CVs

@pytest.fixture(scope="module")
def second_cv(tmp_path_factory) -> Path:
    """A generated CV sharing no triple with the sample (so the union of the two graphs is exact)."""
    from support.generate import write

    path = write(1, tmp_path_factory.mktemp("second"))[0]
    assert not set(cvgraph.triples(path)) & set(cvgraph.triples(SAMPLE))
    return path


@pytest.fixture(scope="module")
def merged(second_cv, tmp_path_factory) -> str:
    """The two CVs built into one graph: what the local answers of the union are computed on."""
    out = tmp_path_factory.mktemp("merged") / "both.nt"
    out.write_bytes(cvgraph.serialize([SAMPLE, second_cv], "nt"))
    return str(out)


@pytest.fixture(scope="module")
def two_stores(request, second_cv):
    """Both stores holding the sample and the second CV, each in its own graph; the second is removed after."""
    graph = _document(second_cv)
    servers = {kind: request.getfixturevalue(kind) for kind in STORES}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVGRAPH_USER", servers["virtuoso"].user)
        patch.setenv("CVGRAPH_PASSWORD", servers["virtuoso"].password)
        for kind, server in servers.items():
            publish(server.base, kind, second_cv)
        yield servers, graph
        for kind, server in servers.items():
            forget = (f"DROP SILENT GRAPH <{graph}> ; "
                      f"DELETE WHERE {{ GRAPH <{METADATA_GRAPH}> {{ <{graph}> ?p ?o }} }}")
            if kind == "virtuoso":
                server.isql(" ".join(f"SPARQL {op};" for op in forget.split(" ; ")))
            else:
                server.update(forget)


def _document(path: Path) -> str:
    from cvgraph.mapping.walker import document_iri

    return document_iri(cvgraph.load(path), None)


UNION = ["publications-by-year", "cv-owners", "coauthors", "venues", "courses-taught"]


@pytest.mark.parametrize("kind", list(STORES))
@pytest.mark.parametrize("name", UNION)
def test_two_published_cvs_answer_as_their_union(name, kind, two_stores, merged, request):
    remote = run(name, *store_args(request, kind))
    assert remote.stderr == ""
    assert answer(name, remote) == local(name, (), merged)
    assert answer(name, remote) != local(name, ())  # the second CV shows too


@pytest.mark.parametrize("kind", list(STORES))
def test_graph_picks_one_published_cv(kind, two_stores, request):
    _, second = two_stores
    where = store_args(request, kind)
    for name in ("publications-by-year", "cv-owners"):
        assert answer(name, run(name, *where, "--graph", DOC)) == local(name, ())
    owners = run("cv-owners", *where, "--graph", second)
    assert OWNER not in owners.stdout and owners.stdout.count("\n") == 2  # the header and the second owner
    both = run("cv-owners", *where, "--graph", DOC, "--graph", second)
    assert OWNER in both.stdout and both.stdout.count("\n") == 3
    nothing = run("cv-owners", *where, "--graph", "https://example.org/no-such-graph")
    [line] = nothing.stderr.splitlines()
    assert line.startswith("note: no answer from --graph <https://example.org/no-such-graph>") and "2 CVs" in line


def test_api_says_which_graphs_were_read(two_stores):
    servers, second = two_stores
    result = cvgraph.query("cv-owners", endpoint=servers["oxigraph"].base)
    assert result.engine == "remote" and result.graphs == sorted([DOC, second]) and result.hint == ""
    assert IRI(OWNER) in {row[0] for row in result.rows}


# ----------------------------------------------------------------------------- a department

@pytest.fixture(scope="module")
def department_cvs(tmp_path_factory) -> tuple[list[Path], str]:
    """Three generated CVs that overlap as a department's do (co-authors, shared papers, each
    owner in the others' CVs), and their merged build."""
    from support.generate import write

    folder = tmp_path_factory.mktemp("department")
    paths = write(3, folder / "cvs")
    assert set(cvgraph.triples(paths[0])) & set(cvgraph.triples(paths[1]))  # they do overlap
    merged = folder / "merged.nt"
    merged.write_bytes(cvgraph.serialize(paths, "nt"))
    return paths, str(merged)


@pytest.fixture(scope="module")
def department(oxigraph_server, department_cvs):
    """The three CVs published into a fresh Oxigraph."""
    with start_oxigraph() as server:
        publish(server.base, "oxigraph", *department_cvs[0])
        yield server


@pytest.mark.parametrize("name", NAMES)
def test_overlapping_cvs_answer_as_their_merge(name, department, department_cvs):
    """The store's union of the graphs is a multiset (a row of shared triples came back up to
    n^k times); the rows come back once each, as the merged graph's."""
    remote = run(name, "--endpoint", department.base)
    assert answer(name, remote) == local(name, (), department_cvs[1])


def test_overlapping_cvs_on_virtuoso(virtuoso, department_cvs):
    """The same on Virtuoso (its union is a multiset too), the three graphs named (the session's
    store may hold other CVs of this module), and the queries once written around Virtuoso 7.2's
    bugs. publications-by-year among them: Virtuoso 7.2 split its groups on these CVs when they
    were keyed by a computed xsd:gYear."""
    paths, merged = department_cvs
    graphs = [_document(p) for p in paths]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVGRAPH_USER", virtuoso.user)
        patch.setenv("CVGRAPH_PASSWORD", virtuoso.password)
        publish(virtuoso.base, "virtuoso", *paths)
    try:
        for name in UNION + ["advisors", "data-quality", "first-last-sole-authored", "interests-and-skills",
                     "invited-talks", "publication-list", "teaching-load"]:
            remote = run(name, "--endpoint", virtuoso.base, "--store", "virtuoso",  # the store holds more CVs
                         *(x for g in graphs for x in ("--graph", g)))
            assert answer(name, remote) == local(name, (), merged), name
    finally:
        virtuoso.isql(" ".join(f"SPARQL DROP SILENT GRAPH <{g}>; SPARQL DELETE WHERE {{ GRAPH <{METADATA_GRAPH}> "
                               f"{{ <{g}> ?p ?o }} }};" for g in graphs))


# ----------------------------------------------------------------------------- the known gap

@pytest.mark.xfail(strict=True, reason="Oxigraph 0.5 (like Virtuoso 7.2) makes a default graph of several graphs "
                   "a multiset, not their RDF merge: an aggregate without DISTINCT counts a triple two CVs both "
                   "hold twice (rows are merged afterwards; counts cannot be)")
def test_a_triple_two_published_cvs_share_counts_once(tmp_path):
    from support.generate import write

    paths = write(2, tmp_path / "cvs")  # generated CVs share co-authors, organisations and papers
    shared = set(cvgraph.triples(paths[0])) & set(cvgraph.triples(paths[1]))
    assert shared
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    merged = tmp_path / "both.nt"
    merged.write_bytes(cvgraph.serialize(paths, "nt"))
    with start_oxigraph() as server:
        publish(server.base, "oxigraph", *paths)
        remote = cli("query", rq, "--endpoint", server.base, "-f", "csv")
    assert remote.stdout == cli("query", rq, "--data", merged, "-f", "csv").stdout
