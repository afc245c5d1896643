"""Many CVs in `validate`, `query` and `publish` (files, folders, globs, as `build`), and the shared
people registry (`people.yaml`, cvgraph/records/registry.py): people without an ORCID iD are one node
across CVs only where the registry says so.

Small hand-written CVs (pySHACL runs on a few hundred triples), one module-wide cache folder.
"""
from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support.paths import TESTS

import cvgraph
from cvgraph.api import query, validate_many
from cvgraph.cli import main
from cvgraph.errors import RecordError
from cvgraph.pipeline.batch import BatchError, each_cv
from cvgraph.pipeline.sources import Unit, load, open_sources
from cvgraph.rdf.terms import nt_line
from cvgraph.records.registry import load_registry
from cvgraph.sparql.catalogue import bind, catalogue
from cvgraph.sparql.engines import run_local
from cvgraph.store.publishing import skolemise

HERE = TESTS
GLOBAL_IDS = HERE / "golden" / "global-ids" / "input.yaml"
SECOND = HERE / "golden" / "queries" / "second-cv.yaml"
SCHEMA_AUTHOR = "https://schema.org/author"
SCHEMA_NAME = "https://schema.org/name"

ADA = """\
person: {name: Ada Smith, homepage: "https://example.org/ada"}
people:
  - {name: Wei-keng Liao, aliases: [Weikeng Liao]}
  - {name: Carla Diaz}
publications:
  - {kind: preprint, title: First paper, authors: [Ada Smith, Weikeng Liao, Carla Diaz], year: 2020}
"""
BOB = """\
person: {name: Bob Jones, homepage: "https://example.org/bob"}
people:
  - {id: wl, name: W. Liao}
  - {name: C. Diaz}
publications:
  - {kind: preprint, title: Second paper, authors: [Bob Jones, W. Liao, C. Diaz], year: 2021}
"""
REGISTRY = """\
base: https://example.org/people
people:
  - {id: wei-keng-liao, name: Wei-keng Liao, aliases: [W. Liao, Weikeng Liao]}
  - {id: carla, name: Carla Diaz, aliases: [C. Diaz], orcid: 0000-0002-1825-0097, url: "https://example.org/carla"}
"""
NONCONFORMING = """\
person: {name: Eve, homepage: "https://example.org/eve"}
people:   # one ORCID iD, two names: the node has two schema:name
  - {name: Bob Smith, orcid: 0000-0002-1825-0097}
  - {name: Robert Smith, orcid: 0000-0002-1825-0097}
publications:
  - {kind: preprint, title: T, authors: [Eve, Bob Smith, Robert Smith], year: 2020}
"""
BROKEN = "person: {name: Zed, homepage: 'https://example.org/zed'}\npublications:\n  - {kind: preprint, title: X, year: 20}\n"
LIAO = "https://example.org/people#person-wei-keng-liao"
CARLA = "https://orcid.org/0000-0002-1825-0097"


@pytest.fixture(scope="module", autouse=True)
def cache_env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CVGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CVGRAPH_NO_CACHE", raising=False)
        yield


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def pair(tmp_path) -> Path:
    """Two CVs sharing two co-authors without ORCID iDs (printed differently), no registry."""
    return write(tmp_path / "cvs", a_yaml=ADA, b_yaml=BOB)


@pytest.fixture
def registered(pair) -> Path:
    return write(pair, people_yaml=REGISTRY)


def subjects_named(triples, name: str) -> set[str]:
    return {s.value for s, p, o in triples if p.value == SCHEMA_NAME and o.value == name}


def authors(triples) -> set[str]:
    return {o.value for s, p, o in triples if p.value == SCHEMA_AUTHOR and not o.value.endswith("#me")}


# ----------------------------------------------------------------------------- the registry

def test_without_registry_people_without_orcid_stay_apart(pair):
    items = cvgraph.triples([pair])
    assert authors(items) == {"https://example.org/ada#person-wei-keng-liao", "https://example.org/ada#person-carla-diaz",
                              "https://example.org/bob#person-wl", "https://example.org/bob#person-c-diaz"}


def test_registry_makes_one_node_across_cvs(registered):
    items = cvgraph.triples([registered])  # the folder: people.yaml is the registry, not a CV
    assert authors(items) == {LIAO, CARLA}  # the registry's IRI, or its ORCID iD
    assert subjects_named(items, "Wei-keng Liao") == {LIAO}  # one name: the registry's
    assert not subjects_named(items, "W. Liao")
    alternate = {o.value for s, p, o in items if s == (LIAO,) and p.value.endswith("alternateName")}
    assert alternate == {"W. Liao", "Weikeng Liao"}
    assert ("https://example.org/carla" in {o[0] for s, p, o in items if s == (CARLA,)})  # url filled in


def test_registry_in_build_nquads_and_merged(registered, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(registered), "-o", str(tmp_path / "all.nq")])
    assert result.exit_code == 0, result.output
    assert "2 of 2 CVs" in result.stderr  # people.yaml is not a CV
    quads = list(ox.parse(path=str(tmp_path / "all.nq"), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {"https://example.org/ada", "https://example.org/bob"}
    shared = {q.graph_name.value for q in quads if q.subject.value == LIAO}
    assert shared == graphs  # the same node in both CVs' graphs


def test_registry_with_one_file_and_explicit_registry(pair, tmp_path):
    reg = write(tmp_path / "reg", people_yaml=REGISTRY) / "people.yaml"
    items = cvgraph.triples([pair / "b.yaml", reg])
    assert authors(items) == {LIAO, CARLA}
    result = CliRunner().invoke(main, ["build", str(pair / "b.yaml"), str(reg), "-f", "nt"])
    assert result.exit_code == 0, result.output
    assert f"<{LIAO}>" in result.stdout


def test_explicit_id_chooses_the_registry_person(tmp_path):
    folder = write(tmp_path / "cvs", people_yaml=REGISTRY + "  - {id: wei-liao, name: Wei Liao, aliases: [W. Liao]}\n",
                   b_yaml=BOB.replace("{id: wl, name: W. Liao}", "{id: wei-liao, name: W. Liao}"))
    items = cvgraph.triples([folder])
    assert "https://example.org/people#person-wei-liao" in authors(items)


def test_ambiguous_registry_match_is_one_located_line(registered):
    with open(registered / "people.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - {id: wei-liao, name: Wei Liao, aliases: [W. Liao]}\n")
    registry = load_registry(registered / "people.yaml")
    with pytest.raises(RecordError) as info:
        load(registered / "b.yaml", registry=registry)
    (problem,) = info.value.problems
    text = str(problem)
    assert re.match(r".*b\.yaml:3:\d+ people\[0\]\.name: 'W\. Liao' matches several people of the registry", text)
    assert "wei-keng-liao (people.yaml:3)" in text and "wei-liao (people.yaml:5)" in text
    assert "hint: set this entry's id: to the one meant" in text and "\n" not in text
    result = CliRunner().invoke(main, ["validate", str(registered)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "b.yaml:3:" in errors[0] and "people[0].name" in errors[0]


def test_registry_problems_are_located(tmp_path):
    folder = write(tmp_path / "cvs", a_yaml=ADA, people_yaml="people:\n  - {id: x, name: X}\n  - {id: x, name: Y}\n")
    with pytest.raises(RecordError) as info:
        open_sources([folder])
    text = "\n".join(map(str, info.value.problems))
    assert "people.yaml:1:1 missing required field 'base'" in text
    assert "people.yaml:3:" in text and "duplicate id 'x'" in text


def test_two_different_registries_are_refused(tmp_path, pair):
    write(pair, people_yaml=REGISTRY)
    write(pair / "sub", people_yml=REGISTRY.replace("Carla", "Karla"))
    with pytest.raises(cvgraph.CvgraphError, match="several people registries"):
        open_sources([pair])


def test_registry_changes_the_cache_key(registered, tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "fresh-cache"))
    units = [Unit(p) for p in sorted(registered.glob("[ab].yaml"))]
    first = {payload for _, payload in each_cv(units, "nt", validate=False, jobs=1)}
    reg = load_registry(registered / "people.yaml")
    second = [(o.cached, payload) for o, payload in each_cv(units, "nt", validate=False, jobs=1, registry=reg)]
    assert not any(cached for cached, _ in second)
    assert all(payload not in first for _, payload in second)


# ----------------------------------------------------------------------------- validate

def test_validate_many_lines_summary_and_exit_codes(tmp_path):
    folder = write(tmp_path / "cvs", a_yaml=ADA, b_yaml=BOB)
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(folder), "-j", "2"])
    assert ok.exit_code == 0, ok.output
    assert "validated 2 CVs" in ok.stdout and "2 conform, 0 do not conform, 0 could not be read" in ok.stdout
    write(folder, e_yaml=NONCONFORMING)
    bad = runner.invoke(main, ["validate", str(folder / "*.yaml")])
    assert bad.exit_code == 1
    errors = [line for line in bad.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "e.yaml: does not conform: 1 violation" in errors[0]
    assert "1 from the cache" in bad.stdout or "2 from the cache" in bad.stdout
    write(folder, z_yaml=BROKEN)
    worse = runner.invoke(main, ["validate", str(folder)])
    assert worse.exit_code == 2
    assert "1 do not conform, 1 could not be read" in worse.stdout
    assert re.search(r"error: .*z\.yaml:3:\d+ publications\[0\]", worse.stderr)


def test_validate_many_library(pair):
    result = validate_many([pair], jobs=1)
    assert result.status == "ok" and [o.status for o in result.outcomes] == ["ok", "ok"]


def test_validate_one_cv_is_unchanged():
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "validated" not in result.stdout and "Warning" in result.stdout  # the full report, as before


# ----------------------------------------------------------------------------- query

def comparable(result):
    return sorted(set(result.triples)) if result.form == "CONSTRUCT" else result.to_json()


@pytest.mark.parametrize("which", ["merged", "three"])
def test_query_over_many_cvs_equals_the_merged_graph(which):
    """Every bundled query: `cvgraph query NAME A B …` (built by the batch workers into one merged
    graph) answers as the CVs' triples merged in memory (pyoxigraph on all; rdflib on a few)."""
    paths = [cvgraph.sample_path(), GLOBAL_IDS] + ([SECOND] if which == "three" else [])
    merged = cvgraph.triples(cvgraph.load_all(paths))
    for k, (name, q) in enumerate(catalogue().items()):
        text = bind(q, {})
        in_memory, _ = run_local(text, q.form, merged, engine="oxigraph")
        assert comparable(query(name, paths, engine="oxigraph")) == comparable(in_memory), name
        if k % 6 == 0:
            in_memory, _ = run_local(text, q.form, merged, engine="rdflib")
            assert comparable(query(name, paths, engine="rdflib")) == comparable(in_memory), name


def test_query_over_many_cvs_has_no_duplicate_solutions(tmp_path):
    """A triple in two CVs (a shared co-author's name) counts once, as in the merged graph (a
    union of named graphs in pyoxigraph would count it once per graph)."""
    folder = write(tmp_path / "cvs", a_yaml=ADA.replace("{name: Carla Diaz}", "{name: Carla Diaz, orcid: 0000-0002-1825-0097}"),
                   b_yaml=BOB.replace("{name: C. Diaz}", "{name: Carla Diaz, orcid: 0000-0002-1825-0097}")
                   .replace("W. Liao, C. Diaz", "W. Liao, Carla Diaz"))
    many = query("coauthors", [folder], engine="oxigraph")
    merged = query("coauthors", cvgraph.load_all([folder / "a.yaml", folder / "b.yaml"]), engine="oxigraph")
    assert many.to_json() == merged.to_json()
    assert sum(row[2] == (CARLA,) for row in many.rows) == 2  # once per CV owner


def test_cli_query_over_files_folder_and_glob(tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    shutil.copy(cvgraph.sample_path(), folder / "a.yaml")
    shutil.copy(GLOBAL_IDS, folder / "b.yaml")
    expected = query("coauthors", cvgraph.load_all([cvgraph.sample_path(), GLOBAL_IDS])).to_json()
    runner = CliRunner()
    for args in ([str(folder / "a.yaml"), str(folder / "b.yaml")], [str(folder)], [str(folder / "*.yaml")]):
        result = runner.invoke(main, ["query", "coauthors", *args, "-f", "json"])
        assert result.exit_code == 0, result.output
        import json

        assert json.loads(result.stdout) == (json.loads(expected) if isinstance(expected, str) else expected), args


def test_query_with_registry_joins_coauthors(registered):
    result = query("coauthors", [registered])
    assert {row[2].value for row in result.rows} == {LIAO, CARLA}
    apart = query("coauthors", [registered / "a.yaml", registered / "b.yaml"])
    assert len({row[2].value for row in apart.rows}) == 4  # no registry given: apart


def test_query_refuses_a_bad_cv(pair):
    write(pair, z_yaml=BROKEN)
    with pytest.raises(BatchError) as info:
        query("coauthors", [pair])
    assert info.value.problems and all("z.yaml:3:" in p for p in info.value.problems)  # every problem, as for one CV
    result = CliRunner().invoke(main, ["query", "coauthors", str(pair)])
    assert result.exit_code == 2 and result.stderr.count("error:") == len(info.value.problems)


# ----------------------------------------------------------------------------- publish

def _graph(server, graph: str) -> set[str]:
    from support.servers import http_request

    status, body = http_request(server.store_url + "?graph=" + urllib.parse.quote(graph, safe=""),
                                headers={"Accept": "application/n-triples"})
    assert status == 200, body
    return {str(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def test_publish_folder_gsp_one_switch(oxigraph_server, registered):
    oxigraph_server.clear()
    try:
        result = CliRunner().invoke(main, ["publish", str(registered), "--endpoint", oxigraph_server.base,
                                           "--protocol", "gsp"])
        assert result.exit_code == 0, result.output
        lines = result.stdout.strip().splitlines()
        assert len(lines) == 2 and all(line.endswith("verified") for line in lines)
        for doc in ("https://example.org/ada", "https://example.org/bob"):
            held = _graph(oxigraph_server, doc)
            assert any(f"<{LIAO}>" in t for t in held)
            cv = registered / ("a.yaml" if doc.endswith("ada") else "b.yaml")
            text = "".join(nt_line(x) for x in skolemise(cvgraph.triples([cv, registered / "people.yaml"]), doc))
            local = {str(t) for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)}
            assert held == local
    finally:
        oxigraph_server.clear()


def test_publish_folder_with_a_bad_cv_sends_nothing(oxigraph_server, pair):
    oxigraph_server.clear()
    write(pair, e_yaml=NONCONFORMING)
    runner = CliRunner()
    result = runner.invoke(main, ["publish", str(pair), "--endpoint", oxigraph_server.base])
    assert result.exit_code == 1, result.output
    assert "e.yaml: does not conform" in result.stderr and "nothing published: 1 of 3 CVs" in result.stderr
    assert oxigraph_server.count() == 0
    from support.servers import http_request

    _, body = http_request(oxigraph_server.query_url, urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).encode(),
        headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    assert body.decode().split()[-1] == "0"
    write(pair, z_yaml=BROKEN)
    worse = runner.invoke(main, ["publish", str(pair), "--endpoint", oxigraph_server.base, "--force"])
    assert worse.exit_code == 2 and "z.yaml:3:" in worse.stderr
