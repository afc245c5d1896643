"""The two SHACL engines agree: pyshacl-turbo (the default) and pySHACL (the reference).

Every case file in tests/shapes/cases, the bundled sample, tests/data/extended.yaml, a few CVs
from tests/support/generate.py and damaged copies of them (every 7th triple dropped, so that many
shapes fail at once) go through both engines. Compared twice:

* the raw results graphs: the set of (focus node, result path, constraint component, severity),
  the path as an rdflib path object (so no rendering can hide a difference);
* cvgraph's :class:`~cvgraph.shacl.validation.Report` built from each: every field of every result, in order,
  and the text the CLI prints.

They must be identical, with one known, spec-correct exception: an ill-typed date literal
(``"2022-13"^^xsd:gYearMonth``, the ``*-date--ill-formed`` cases). rdflib does not flag it, so
pySHACL lets the sh:datatype inside the date property's sh:or pass and reports only the pattern;
turbo also reports the sh:or. There the turbo results must be pySHACL's plus exactly one
sh:OrConstraintComponent violation on the same focus node and path as the pattern violation.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from contract.test_shapes import CASE_FILES, load_case
from rdflib import Graph
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import SH
from support import generate
from support.paths import ROOT

import cvgraph
from cvgraph.shacl import validation as shacl

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed (it needs Python >= 3.11)")

ILL_FORMED = {p.stem for p in CASE_FILES if p.stem.endswith("date--ill-formed")}


def raw_keys(graph: Graph, profile: str, engine: str) -> set[tuple]:
    """(focus, path, component, severity) of every result the engine reports."""
    rg = shacl.results_graph(graph, profile, engine)
    out = set()
    for r in rg.subjects(SH.resultSeverity, None):
        path = rg.value(r, SH.resultPath)
        out.add((rg.value(r, SH.focusNode), None if path is None else parse_shacl_path(rg, path),
                 rg.value(r, SH.sourceConstraintComponent), rg.value(r, SH.resultSeverity)))
    return out


def both(graph: Graph, profile: str = "core") -> tuple[set, set, shacl.Report, shacl.Report]:
    return (raw_keys(graph, profile, "pyshacl"), raw_keys(graph, profile, "turbo"),
            shacl.validate(graph, profile, "pyshacl"), shacl.validate(graph, profile, "turbo"))


def assert_identical(graph: Graph, profile: str = "core") -> shacl.Report:
    ref, turbo, ref_report, turbo_report = both(graph, profile)
    assert turbo == ref, f"only pySHACL: {ref - turbo}\nonly turbo: {turbo - ref}"
    assert turbo_report == ref_report
    assert turbo_report.text() == ref_report.text()
    return ref_report


@pytest.mark.parametrize("path", [p for p in CASE_FILES if p.stem not in ILL_FORMED],
                         ids=[p.stem for p in CASE_FILES if p.stem not in ILL_FORMED])
def test_case_identical(path: Path) -> None:
    assert_identical(load_case(path).data)


@pytest.mark.parametrize("name", sorted(ILL_FORMED))
def test_ill_formed_date_adds_exactly_the_or_violation(name: str) -> None:
    data = load_case(CASE_FILES[[p.stem for p in CASE_FILES].index(name)]).data
    ref, turbo, ref_report, turbo_report = both(data)
    (pattern,) = ref  # pySHACL: the pattern on the date property, nothing else
    focus, path, component, severity = pattern
    assert (component, severity) == (SH.PatternConstraintComponent, SH.Violation)
    assert turbo == ref | {(focus, path, SH.OrConstraintComponent, SH.Violation)}
    # the Report: pySHACL's result, plus the sh:or one that differs from it in the component only
    (only,) = ref_report.results
    assert sorted(turbo_report.results, key=lambda r: r.constraint) == [
        shacl.Result(**{**only.__dict__, "constraint": "sh:OrConstraintComponent"}), only]
    assert not ref_report.conforms and not turbo_report.conforms


def test_there_are_nine_ill_formed_date_cases() -> None:
    assert len(ILL_FORMED) == 9


@pytest.mark.parametrize("profile", ["core", "google"])
@pytest.mark.parametrize("cv", ["sample", "extended"])
def test_real_cvs_identical(cv: str, profile: str) -> None:
    source = cvgraph.sample_path() if cv == "sample" else ROOT / "tests" / "data" / "extended.yaml"
    report = assert_identical(cvgraph.build(source), profile)
    if cv == "sample" and profile == "core":
        assert len(report.results) == 2 and report.conforms  # the two undated publications (issue 14 §5)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    return generate.write(4, tmp_path_factory.mktemp("cvs"), seed=11)


@pytest.mark.parametrize("index", range(4))
def test_generated_cvs_identical(generated: list[Path], index: int) -> None:
    assert_identical(cvgraph.build(generated[index]))


@pytest.mark.parametrize("index", range(4))
def test_damaged_generated_cvs_identical(generated: list[Path], index: int) -> None:
    from cvgraph.rdf.graph import to_graph

    items = cvgraph.triples(generated[index])
    damaged = to_graph([t for i, t in enumerate(items) if i % 7 != 3])
    report = assert_identical(damaged)
    assert len(report.violations) >= 5  # the damage is seen, and seen alike


def test_engine_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CVGRAPH_SHACL_ENGINE", raising=False)
    assert shacl.engine() == "turbo"  # the default when installed
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "pyshacl")
    assert shacl.engine() == "pyshacl"
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "Turbo")
    assert shacl.engine() == "turbo"
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "jena")
    with pytest.raises(cvgraph.errors.ShapesError, match="CVGRAPH_SHACL_ENGINE"):
        shacl.engine()


def test_default_falls_back_to_pyshacl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CVGRAPH_SHACL_ENGINE", raising=False)
    monkeypatch.setattr(shacl, "_importable", lambda module: module != "pyshacl_turbo")
    assert shacl.engine() == "pyshacl"
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "turbo")
    with pytest.raises(cvgraph.errors.ShapesError, match="not installed"):
        shacl.engine()


def test_cache_keys_name_the_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from cvgraph.pipeline import batch
    from cvgraph.pipeline.sources import Unit

    assert shacl.report_key(b"", "core", "turbo") != shacl.report_key(b"", "core", "pyshacl")
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CVGRAPH_NO_CACHE", raising=False)
    unit = [Unit(cvgraph.sample_path())]
    cached = []
    for name in ("turbo", "pyshacl", "turbo"):  # the per-CV cache: built afresh under the other engine
        monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", name)
        (outcome, _), = list(batch.each_cv(unit, None, jobs=1))
        cached.append(outcome.cached)
    assert cached == [False, False, True]


def test_validate_triples_does_not_reuse_the_other_engines_report(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """A report cached under one engine is served again under that engine only."""
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CVGRAPH_NO_CACHE", raising=False)
    calls, run = [], shacl._results

    def counting(data, profile, engine):
        calls.append(engine)
        return run(data, profile, engine)

    monkeypatch.setattr(shacl, "_results", counting)
    items = cvgraph.triples(cvgraph.sample_path())
    texts = set()
    for name in ("pyshacl", "turbo", "pyshacl", "turbo"):
        monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", name)
        texts.add(shacl.validate_triples(items, "core").text())
    assert calls == ["pyshacl", "turbo"] and len(texts) == 1
    assert len(list((tmp_path / "report").rglob("*.z"))) == 2


@pytest.mark.parametrize("engine", shacl.ENGINES)
@pytest.mark.parametrize("profile", ["core", "vivo"])
@pytest.mark.parametrize("index", range(2))
def test_triples_read_as_text_give_the_graphs_report(generated: list[Path], index: int, profile: str,
                                                     engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate_triples hands the engine N-Triples text (no rdflib graph): the report, labels and
    CURIEs included, is the one the rdflib graph of the same triples gets."""
    from cvgraph.rdf.graph import to_graph

    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", engine)
    items = cvgraph.triples(generated[index], profile=profile)
    damaged = [t for i, t in enumerate(items) if i % 7 != 3]
    by_text = shacl.validate_triples(damaged, profile, use_cache=False)
    assert by_text == shacl.validate(to_graph(damaged), profile, engine)
    assert len(by_text.violations) >= 5
    assert any(r.label for r in by_text.results) == (profile == "core")  # labels are schema:name
