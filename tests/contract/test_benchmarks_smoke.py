"""Smoke test of the benchmark tools (tests/support/generate.py, benchmarks/query_speed.py): the
synthetic CVs are deterministic, valid, interlinked and of the intended size, and the query
benchmark runs end to end on a tiny graph."""
from __future__ import annotations

import subprocess
import sys

import pytest
from support.paths import ROOT

import cvgraph

BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def generate():
    from support import generate as module

    return module


@pytest.fixture(scope="module")
def cvs(generate, tmp_path_factory):
    base = tmp_path_factory.mktemp("bench")
    first = generate.write(3, base / "a", seed=7)
    second = generate.write(3, base / "b", seed=7)
    return first, second


def test_generation_is_deterministic(cvs, generate):
    first, second = cvs
    assert [p.name for p in first] == ["cv-00001.yaml", "cv-00002.yaml", "cv-00003.yaml"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    # another seed gives other CVs
    other = dict(generate.generate(3, seed=8))
    assert other["cv-00001.yaml"].encode("utf-8") != first[0].read_bytes()


def test_each_cv_loads_conforms_and_has_the_intended_size(cvs):
    for path in cvs[0]:
        cv = cvgraph.load(path)
        data = cv.data
        assert len(data["publications"]) == 60
        assert all(3 <= len(p["authors"]) <= 8 for p in data["publications"])
        assert {p["kind"] for p in data["publications"]} == {"journal", "conference", "workshop", "preprint"}
        assert len(data["education"]) == 2 and data["education"][0]["thesis"] and data["education"][0]["advisors"]
        assert len(data["employment"]) == 3 and len(data["internships"]) == 1
        assert len(data["talks"]) == 5 and len(data["teaching"]) == 3 and len(data["service"]) == 4
        assert data["base"].startswith("https://cv.example.org/")
        count = len(cvgraph.triples(cv))
        assert 1500 <= count <= 2100, (path.name, count)
        report = cvgraph.validate(path)
        assert report.conforms, report.text()


def test_cvs_share_coauthors_and_publications(cvs):
    loaded = [cvgraph.load(p).data for p in cvs[0]]
    owners = {d["person"]["orcid"] for d in loaded}
    assert len(owners) == 3
    nodes = []
    for d in loaded:
        orcids = {p["orcid"] for p in d["people"] if p.get("orcid")} | {d["person"]["orcid"]}
        dois = {p["doi"] for p in d["publications"] if p.get("doi")}
        nodes.append((orcids, dois))
    for i, (orcids, dois) in enumerate(nodes):
        others = [n for j, n in enumerate(nodes) if j != i]
        assert any(orcids & o for o, _ in others), f"CV {i + 1} shares no co-author ORCID"
        assert any(dois & d for _, d in others), f"CV {i + 1} shares no DOI"
        # its owner is a co-author (by ORCID) in another CV
        assert any(loaded[i]["person"]["orcid"] in o - {loaded[j]["person"]["orcid"]}
                   for j, (o, _) in enumerate(nodes) if j != i)
    # the non-ASCII names survive
    assert any(any(ord(c) > 127 for c in p["name"]) for d in loaded for p in d["people"])


def test_orcids_have_valid_check_digits(cvs):
    from cvgraph.records.checker import orcid_checksum_ok

    for path in cvs[0]:
        data = cvgraph.load(path).data
        for orcid in [data["person"]["orcid"]] + [p["orcid"] for p in data["people"]]:
            assert orcid_checksum_ok(orcid), orcid


def test_query_speed_runs_on_two_cvs():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "query_speed.py"), "--cvs", "2",
                           "--timeout-per-query", "1"], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "graph: 2 CVs" in done.stdout and "rdflib s" in done.stdout, done.stdout
