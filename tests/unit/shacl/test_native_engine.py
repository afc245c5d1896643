"""pyshacl-turbo driven natively (cvgraph.shacl.native): N-Triples text in, the results graph as
N-Triples text out, no rdflib. It gives the very report the engine's Python API gives on an
rdflib graph of the same triples, on every shape case of every profile; a process that loads the
native module first can still use the package; an engine without the native calls falls back
to the package; and the shapes' blank nodes are named alike in every process."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
from contract.test_shapes import ALL_CASE_FILES, load_case
from rdflib.namespace import SDO
from support.paths import ROOT

from cvgraph.rdf.terms import IRI, Blank, Lit
from cvgraph.shacl import native, validation

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed (it needs Python >= 3.11)")


def _triples(graph: object) -> list:
    from cvgraph.rdf.graph import from_rdflib

    return sorted(((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph),  # type: ignore[attr-defined]
                  key=lambda t: tuple(map(str, t)))


@pytest.fixture
def turbo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "turbo")
    yield


@pytest.mark.parametrize("path", ALL_CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in ALL_CASE_FILES])
def test_native_report_is_the_packages(path, turbo: None) -> None:
    case = load_case(path)
    by_text = validation.validate_triples(_triples(case.data), case.profile, use_cache=False)
    assert validation._native_shapes(case.profile) is not None  # the native route was taken
    by_graph = validation.validate(case.data, case.profile, "turbo")  # the package, on an rdflib graph
    # a node with two names is labelled with either (rdflib's Graph.value picks one)
    named = Counter(s for s, p, _ in case.data if p == SDO.name)
    twice = {str(s) for s, n in named.items() if n > 1}
    assert [_unlabelled(r, twice) for r in by_text.results] == [_unlabelled(r, twice) for r in by_graph.results]
    assert by_text.conforms == by_graph.conforms


def _unlabelled(result: validation.Result, twice: set[str]) -> validation.Result:
    return replace(result, label="") if result.focus in twice else result


def test_an_engine_without_the_native_calls_falls_back(turbo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import cvgraph

    items = [t for i, t in enumerate(cvgraph.triples(cvgraph.sample_path())) if i % 7 != 3]  # many shapes fail
    natively = validation.validate_triples(items, "core", use_cache=False)
    assert len(natively.violations) >= 5
    for cached in (validation.shapes_program, validation.compiled_shapes):
        cached.cache_clear()
    monkeypatch.setattr(native, "native", lambda: None)
    try:
        assert validation.shapes_program("core") is None
        assert validation.validate_triples(items, "core", use_cache=False) == natively
    finally:
        monkeypatch.undo()
        for cached in (validation.shapes_program, validation.compiled_shapes):
            cached.cache_clear()


def test_the_native_module_loaded_first_serves_the_package_too() -> None:
    """A PyO3 module cannot be initialised twice: the package, imported after, takes this one."""
    code = (
        "import sys\n"
        "from cvgraph.shacl import native, validation\n"
        "import cvgraph\n"
        "items = cvgraph.triples(cvgraph.sample_path())\n"
        "first = validation.validate_triples(items, 'core', use_cache=False)\n"
        "assert 'rdflib' not in sys.modules and 'pyshacl_turbo' not in sys.modules\n"
        "import pyshacl_turbo\n"
        "assert pyshacl_turbo._native is native.native()\n"
        "from cvgraph.rdf.graph import to_graph\n"
        "assert validation.validate(to_graph(items), 'core', 'turbo') == first\n"
        "print(len(first.results))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin", "CVGRAPH_NO_CACHE": "1", "CVGRAPH_SHACL_ENGINE": "turbo",
                              "PYTHONPATH": str(ROOT), "HOME": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "2"  # the sample's two undated publications


@pytest.mark.parametrize("profile", ["core", "vivo", "all"])
def test_shapes_blank_nodes_are_named_by_file_and_place(profile: str) -> None:
    blanks = {t.id for triple in validation.shapes_triples(profile) for t in triple if isinstance(t, Blank)}
    stems = {p.stem for p in validation.shapes_files(profile)}
    assert blanks and all(b.rsplit("-", 1)[0] in stems and b.rsplit("-", 1)[1].isdigit() for b in blanks)
    again = subprocess.run(
        [sys.executable, "-c", f"from cvgraph.shacl.validation import shapes_triples; print(repr(shapes_triples({profile!r})))"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=True)
    assert again.stdout.strip() == repr(validation.shapes_triples(profile))  # another process: the same


def test_shapes_records_are_what_rdflib_reads() -> None:
    """The term records compile_triples gives the engine: a literal's text and datatype as an
    rdflib graph of the shapes holds them (rdflib would normalise a literal written in a
    non-canonical form; the bundled shapes write none)."""
    from rdflib import Literal, URIRef

    from cvgraph.shacl.compiled import _records

    for profile in validation.profiles():
        triples = validation.shapes_triples(profile)
        (records, _), *_ = _records(triples, 10**9)[0]
        for term in {t for triple in triples for t in triple if isinstance(t, Lit)}:
            lit = Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)
            expected = (2, str(lit), str(lit.datatype) if lit.datatype and not lit.language else None, lit.language)
            assert expected in records, (profile, term)
        assert all(r[0] in (0, 1, 2) for r in records)
        assert {r[1] for r in records if r[0] == 0} == {t.value for tr in triples for t in tr if isinstance(t, IRI)}


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic: a BaseException, which ``except Exception`` misses."""


def test_an_engine_panic_is_one_line(turbo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import cvgraph
    from cvgraph.errors import ShapesError

    def panic(*args: object) -> str:
        raise PanicException("called `Option::unwrap()` on a `None` value\nat src/engine.rs:12")

    monkeypatch.setattr(native, "validate_text", panic)
    with pytest.raises(ShapesError) as err:
        validation.validate_triples(cvgraph.triples(cvgraph.sample_path()), "core", use_cache=False)
    assert str(err.value) == ("SHACL validation failed (pyshacl-turbo, PanicException): called `Option::unwrap()` "
                              "on a `None` value\\nat src/engine.rs:12")  # one line: the break escaped


def test_a_panic_through_the_package_is_one_line(turbo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on the route for rdflib graphs (the engine's package)."""
    import cvgraph
    from cvgraph.errors import ShapesError

    class Shapes:
        def validate(self, *args: object, **kwargs: object) -> None:
            raise PanicException("index out of bounds")

    monkeypatch.setattr(validation, "compiled_shapes", lambda profile: Shapes())
    with pytest.raises(ShapesError, match=r"^SHACL validation failed \(pyshacl-turbo, PanicException\): index out of bounds$"):
        validation.validate(cvgraph.build(cvgraph.sample_path()), "core", "turbo")
