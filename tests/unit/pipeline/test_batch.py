"""Many CVs in one build (cvgraph/pipeline/batch.py, `cvgraph build DIR|GLOB|FILE...`): parallel output
is byte-identical to serial, graphs per CV or one merged graph, bad CVs reported and left out,
the per-CV cache, exit codes.

Six synthetic CVs from tests/support/generate.py; one module-wide cache folder, so that SHACL
validation of each CV runs once (it is the slow part) and later tests build from the cache.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support import generate
from support.paths import TESTS

import cvgraph
from cvgraph.api import build_many
from cvgraph.cli import main
from cvgraph.pipeline.batch import run_batch
from cvgraph.pipeline.sources import Unit, expand_inputs
from cvgraph.rdf.terms import nt_line

BAD = TESTS / "bad"
SCHEMA_AUTHOR = "https://schema.org/author"
NONCONFORMING = """\
person: {name: Ada, homepage: "https://example.org/ada"}
people:   # one ORCID iD, two names: the node has two schema:name
  - {name: Bob Smith, orcid: 0000-0002-1825-0097}
  - {name: Robert Smith, orcid: 0000-0002-1825-0097}
publications:
  - {kind: preprint, title: T, authors: [Ada, Bob Smith, Robert Smith], year: 2020}
"""


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CVGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CVGRAPH_NO_CACHE", raising=False)
        yield


@pytest.fixture(scope="module")
def cvs(tmp_path_factory) -> list[Path]:
    return generate.write(6, tmp_path_factory.mktemp("cvs"), seed=7)


@pytest.fixture
def folder(cvs, tmp_path) -> Path:
    """A fresh copy of the six CVs, free to change."""
    target = tmp_path / "cvs"
    target.mkdir()
    for path in cvs:
        shutil.copy(path, target / path.name)
    return target


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    return result


def quads(path: Path, fmt) -> set:
    return set(ox.parse(path=str(path), format=fmt))


# ----------------------------------------------------------------------------- inputs

def test_inputs_from_folders_globs_and_files(folder):
    (folder / "sub").mkdir()
    shutil.copy(folder / "cv-00001.yaml", folder / "sub" / "extra.yml")
    (folder / ".hidden").mkdir()
    shutil.copy(folder / "cv-00001.yaml", folder / ".hidden" / "x.yaml")
    (folder / "notes.txt").write_text("not a CV", encoding="utf-8")
    found = expand_inputs([folder])
    assert [p.relative_to(folder).as_posix() for p in found] == \
        [f"cv-0000{i}.yaml" for i in range(1, 7)] + ["sub/extra.yml"]
    assert expand_inputs([str(folder / "cv-0000[12].yaml"), folder / "cv-00001.yaml"]) == \
        [folder / "cv-00001.yaml", folder / "cv-00002.yaml"]  # a file given twice counts once
    empty = folder / "empty"
    empty.mkdir()
    for arg in (empty, folder / "*.json"):
        result = cli("build", arg)
        assert result.exit_code == 2 and result.stderr.startswith(f"error: {arg}: ")


# ----------------------------------------------------------------------------- output

@pytest.mark.parametrize("fmt", ["nquads", "trig", "nt", "turtle"])
def test_parallel_output_is_byte_identical_to_serial(cvs, tmp_path, fmt):
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"{jobs}.{fmt}"
        result = build_many(cvs, out, fmt, jobs=jobs, validate=False, use_cache=False)
        assert result.status == "ok" and result.wrote
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # a small chunk forces the external merge through several sorted runs: the same bytes
    small = tmp_path / f"small.{fmt}"
    run_batch([Unit(p) for p in cvs], small, fmt, jobs=2, validate=False, use_cache=False, chunk_bytes=100_000)
    assert small.read_bytes() == outputs[0]


def test_one_named_graph_per_cv_in_nquads_and_trig(cvs, tmp_path):
    nq, trig = tmp_path / "all.nq", tmp_path / "all.trig"
    build_many(cvs, nq, "nquads", validate=False, use_cache=False)
    build_many(cvs, trig, "trig", validate=False, use_cache=False)
    from_nq, from_trig = quads(nq, ox.RdfFormat.N_QUADS), quads(trig, ox.RdfFormat.TRIG)
    assert from_nq == from_trig
    graphs = {str(cvgraph.load(p).base): len(cvgraph.triples(p)) for p in cvs}
    assert {q.graph_name.value for q in from_nq} == set(graphs)
    for name, count in graphs.items():
        assert sum(q.graph_name.value == name for q in from_nq) == count
    lines = nq.read_text(encoding="utf-8").splitlines()
    first = lines[:graphs[str(cvgraph.load(cvs[0]).base)]]
    assert first == sorted(first)  # each CV's quads sorted, CVs in input order


def test_merged_graph_is_sorted_deduplicated_and_shares_doi_nodes(cvs, tmp_path):
    out = tmp_path / "all.nt"
    result = build_many(cvs, out, "nt", validate=False, use_cache=False)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    per_cv = [cvgraph.triples(p) for p in cvs]
    assert lines == sorted({nt_line(t) for items in per_cv for t in items})
    assert result.triples == len(lines) < sum(len(items) for items in per_cv)
    # a paper two owners co-wrote is listed in both CVs under its DOI: one node, both owners its authors
    owners = [cvgraph.load(p).data["person"]["orcid"] for p in cvs]
    works = [{s.value for s, _, _ in items if s[0].startswith("https://doi.org/")} for items in per_cv]
    doi = next(d for i in range(6) for j in range(i) for d in sorted(works[i] & works[j]))
    authors = {line.split()[2] for line in lines if line.startswith(f"<{doi}> <{SCHEMA_AUTHOR}> ")}
    assert sum(f"<https://orcid.org/{o}>" in authors for o in owners) >= 2
    assert sum(line.startswith(f"<{doi}> <https://schema.org/name> ") for line in lines) == 1
    turtle = tmp_path / "all.ttl"
    build_many(cvs, turtle, "turtle", validate=False, use_cache=False)
    assert quads(turtle, ox.RdfFormat.TURTLE) == quads(out, ox.RdfFormat.N_TRIPLES)


def test_a_single_cv_keeps_its_old_path_unless_nquads(cvs, tmp_path):
    trig, nq = tmp_path / "one.trig", tmp_path / "one.nq"
    assert cli("build", cvs[0], "--no-validate", "-o", trig).exit_code == 0
    result = cli("build", cvs[0], "--no-validate", "-o", nq)
    assert result.exit_code == 0 and "1 of 1 CVs" in result.stderr
    assert quads(trig, ox.RdfFormat.TRIG) == quads(nq, ox.RdfFormat.N_QUADS)
    result = cli("build", cvs[0], cvs[1], "-f", "json-ld")
    assert result.exit_code == 2 and "--format json-ld: several CVs are written as" in result.stderr


# ----------------------------------------------------------------------------- cache, validation, exit codes

def test_cache_rebuilds_only_the_changed_cv_with_identical_output(cache_env, folder, tmp_path):
    first, second, third = tmp_path / "1.nq", tmp_path / "2.nq", tmp_path / "3.nq"
    result = cli("build", folder, "-j", "2", "-o", first)
    assert result.exit_code == 0, result.output
    assert "(nquads, " in result.stderr and "6 of 6 CVs" in result.stderr
    assert "\r" not in result.stderr  # no progress line when stderr is not a terminal
    result = cli("build", folder, "-j", "2", "-o", second)
    assert result.exit_code == 0 and "6 of 6 CVs (6 from the cache)" in result.stderr
    assert first.read_bytes() == second.read_bytes()

    changed = folder / "cv-00004.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("\ninterests:\n", "\ninterests:\n- Cache invalidation\n", 1), encoding="utf-8")
    result = build_many([folder], third, "nquads", jobs=2)
    assert result.status == "ok", [o.problems for o in result.outcomes]
    assert [o.cached for o in result.outcomes] == [True, True, True, False, True, True]
    fresh = tmp_path / "fresh.nq"
    build_many([folder], fresh, "nquads", jobs=1, use_cache=False)
    assert third.read_bytes() == fresh.read_bytes() != first.read_bytes()
    assert b'"Cache invalidation"' in third.read_bytes()


def test_bad_cvs_are_reported_and_left_out(cache_env, folder, tmp_path):
    (folder / "cv-00002.yaml").unlink()
    shutil.copy(BAD / "bad-orcid.yaml", folder / "cv-00003.yaml")  # cannot be read
    (folder / "cv-00005.yaml").write_text(NONCONFORMING, encoding="utf-8")  # does not conform
    out = tmp_path / "out.nq"
    result = cli("build", folder, "-o", out)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors[0].startswith(f"error: {folder / 'cv-00003.yaml'}:5:3 person.orcid: ")
    assert errors[1].startswith(f"error: {folder / 'cv-00005.yaml'}: does not conform: 1 violation, the first: "
                                "Violation: Bob Smith <https://orcid.org/0000-0002-1825-0097> schema:name")
    assert len(errors) == 2
    assert "3 of 5 CVs" in result.stderr and "2 CVs with problems:" in result.stderr
    assert f"{folder / 'cv-00005.yaml'}: does not conform (1 violation); left out" in result.stderr
    graphs = {q.graph_name.value for q in quads(out, ox.RdfFormat.N_QUADS)}
    assert graphs == {str(cvgraph.load(folder / f"cv-0000{i}.yaml").base) for i in (1, 4, 6)}

    (folder / "cv-00003.yaml").unlink()
    assert cli("build", folder, "-o", out).exit_code == 1  # only a non-conforming CV left out
    result = cli("build", folder, "-o", out, "--force")
    assert result.exit_code == 1 and "written (--force)" in result.stderr
    assert "https://example.org/ada" in {q.graph_name.value for q in quads(out, ox.RdfFormat.N_QUADS)}

    stopped = tmp_path / "stopped.nq"
    result = cli("build", folder, "--fail-fast", "-j", "2", "-o", stopped)
    assert result.exit_code == 1 and not stopped.exists()
    assert "stopped at the first CV left out (--fail-fast)" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_two_cvs_with_one_document_iri_are_an_error(cache_env, folder, tmp_path):
    shutil.copy(folder / "cv-00001.yaml", folder / "cv-00001-copy.yaml")
    result = cli("build", folder / "cv-00001.yaml", folder / "cv-00001-copy.yaml", "-o", tmp_path / "o.nt")
    assert result.exit_code == 2
    assert f"error: {folder / 'cv-00001-copy.yaml'}: its document IRI <https://cv.example.org/" in result.stderr
