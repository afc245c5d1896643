"""The query store (cvgraph/pipeline/querystore.py): `cvgraph query NAME DIR` keeps the built CVs in
the cache folder and updates them per changed, added or removed CV; the answers stay those of the
merged, de-duplicated graph (`build -f nt`, then `query --data`); a bad store is rebuilt with a
warning; two processes at once leave it whole.

Six synthetic CVs from tests/support/generate.py (they share works and co-authors, so the merge
de-duplicates); a fresh cache folder per test.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import generate
from support.paths import TESTS

import cvgraph
from cvgraph.api import build_many
from cvgraph.pipeline import querystore

QUERIES = ("coauthors", "publication-list", "cv-owners")


@pytest.fixture(scope="module")
def cvs(tmp_path_factory) -> list[Path]:
    return generate.write(6, tmp_path_factory.mktemp("cvs"), seed=7)


@pytest.fixture
def folder(cvs, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the six CVs, free to change, and an empty cache folder."""
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CVGRAPH_NO_CACHE", raising=False)
    target = tmp_path / "cvs"
    target.mkdir()
    for path in cvs:
        shutil.copy(path, target / path.name)
    return target


def merged_answers(folder: Path, tmp: Path, engine: str = "oxigraph") -> dict[str, object]:
    """Each query's answer on the merged graph that `build -f nt` writes (what `query DIR` did)."""
    nt = tmp / "merged.nt"
    assert build_many(folder, nt, "nt", validate=False).status == "ok"
    return {q: cvgraph.query(q, data=nt, engine=engine).to_json() for q in QUERIES}


def store_answers(folder: Path, engine: str = "oxigraph") -> dict[str, object]:
    return {q: cvgraph.query(q, folder, engine=engine).to_json() for q in QUERIES}


def stores() -> list[Path]:
    return sorted((Path(os.environ["CVGRAPH_CACHE_DIR"]) / "query").glob("*.nt"))


def manifest(store: Path) -> dict[str, object]:
    head = store.read_bytes().split(b"\n", 1)[0]
    assert head.startswith(b"# ")
    return json.loads(head[2:])  # type: ignore[no-any-return]


def test_answers_are_the_merged_graphs_and_the_store_is_kept(folder, tmp_path):
    expected = merged_answers(folder, tmp_path)
    assert any(expected["coauthors"]["results"]["bindings"] for _ in [0])  # type: ignore[index]
    assert store_answers(folder) == expected
    [store] = stores()
    assert [Path(cv[0]).name for cv in manifest(store)["cvs"]] == sorted(p.name for p in folder.iterdir())  # type: ignore[union-attr]
    before = store.stat().st_mtime_ns
    assert store_answers(folder) == expected  # reused, not rewritten
    assert store.stat().st_mtime_ns == before


def test_rdflib_reads_the_store_too(folder, tmp_path):
    assert store_answers(folder, "rdflib") == merged_answers(folder, tmp_path, "rdflib")


def test_only_changed_and_added_cvs_are_built(folder, tmp_path, monkeypatch):
    store_answers(folder)
    paths = sorted(folder.iterdir())
    text = paths[0].read_text(encoding="utf-8")
    name = text.split("\n  name: ", 1)[1].split("\n", 1)[0]
    paths[0].write_text(text.replace(name, f"Revised {name}"), encoding="utf-8")  # changed
    paths[1].unlink()  # removed
    shutil.copy(generate.write(7, tmp_path / "more", seed=8)[-1], folder / "cv-new.yaml")  # added
    built: list[str] = []
    real = querystore.each_cv

    def counting(units, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.extend(Path(u.files[0]).name for u in units)
        return real(units, *args, **kwargs)

    monkeypatch.setattr(querystore, "each_cv", counting)
    answers = store_answers(folder)
    assert sorted(built) == sorted([paths[0].name, "cv-new.yaml"])
    monkeypatch.setattr(querystore, "each_cv", real)
    assert answers == merged_answers(folder, tmp_path)
    assert "Revised" in json.dumps(answers["publication-list"])


def edited_manifest(data: bytes) -> bytes:
    """The store with its first CV's document IRI changed in the manifest (the body as it was)."""
    head, body = data.split(b"\n", 1)
    meta = json.loads(head[2:])
    meta["cvs"][0][2] = "https://example.org/another-cv"
    return b"# " + json.dumps(meta).encode("ascii") + b"\n" + body


@pytest.mark.parametrize("damage", ["garbage", "truncated", "edited", "empty", "manifest"])
def test_a_bad_store_is_rebuilt_with_a_warning(folder, tmp_path, damage):
    expected = merged_answers(folder, tmp_path)
    store_answers(folder)
    [store] = stores()
    data = store.read_bytes()
    store.write_bytes({"garbage": b"\x00\xffnot a store\n", "truncated": data[: len(data) // 2],
                       "edited": data.replace(b"<https://schema.org/name>", b"<https://schema.org/nome>", 1),
                       "empty": b"", "manifest": edited_manifest(data)}[damage])
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    run = subprocess.run([sys.executable, "-m", "cvgraph.cli", "query", "cv-owners", str(folder), "-f", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    warnings = [line for line in run.stderr.splitlines() if "query store does not verify" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: {store}: ")
    assert json.loads(run.stdout) == expected["cv-owners"]
    assert store_answers(folder) == expected  # rebuilt: no warning now
    assert manifest(store)["format"] == querystore.FORMAT


def test_two_processes_at_once_leave_the_store_whole(folder, tmp_path):
    expected = merged_answers(folder, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    command = [sys.executable, "-m", "cvgraph.cli", "query", "coauthors", str(folder), "-f", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert b"warning" not in err
        assert json.loads(out) == expected["coauthors"]
    assert store_answers(folder) == expected
    assert len(stores()) == 1


def test_without_the_cache_nothing_is_kept(folder, tmp_path, monkeypatch):
    expected = merged_answers(folder, tmp_path)
    monkeypatch.setenv("CVGRAPH_NO_CACHE", "1")
    assert store_answers(folder) == expected
    assert not (Path(os.environ["CVGRAPH_CACHE_DIR"]) / "query").exists()


def test_a_cv_that_cannot_be_built_is_an_error_and_the_store_keeps_the_rest(folder, tmp_path):
    store_answers(folder)
    (folder / "broken.yaml").write_text("person: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(cvgraph.CvgraphError, match=r"broken\.yaml"):
        cvgraph.query("cv-owners", folder)
    (folder / "broken.yaml").unlink()
    assert store_answers(folder) == merged_answers(folder, tmp_path)


def test_old_stores_are_pruned(folder, tmp_path):
    for i in range(querystore.KEEP + 2):
        other = tmp_path / f"set{i}"
        other.mkdir()
        shutil.copy(next(folder.iterdir()), other / "cv.yaml")
        shutil.copy(sorted(folder.iterdir())[1], other / "cv2.yaml")
        cvgraph.query("cv-owners", other)
    assert len(stores()) == querystore.KEEP
