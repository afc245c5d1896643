"""pyshacl-turbo's compiled shapes kept in the cache (cvgraph.shacl.compiled): a process that
finds them there gives the very reports a process that parsed and compiled the shapes gives, on
every shape case of every profile; an entry the engine cannot use is compiled afresh."""
from __future__ import annotations

from pathlib import Path

import pytest
from contract.test_shapes import ALL_CASE_FILES, load_case

from cvgraph import cache
from cvgraph.shacl import compiled, validation

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed (it needs Python >= 3.11)")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CVGRAPH_NO_CACHE", raising=False)
    monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", "turbo")
    return tmp_path


def _not_parsed(profile: str) -> None:
    raise AssertionError(f"the {profile} shapes were parsed again")


def _clear() -> None:  # as a new process would
    for cached in (validation.shapes_program, validation.compiled_shapes):
        cached.cache_clear()


def _fresh(profile: str) -> object:
    _clear()
    return validation.compiled_shapes(profile)


def test_restored_shapes_give_identical_reports(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [load_case(p) for p in ALL_CASE_FILES]
    for profile in sorted({c.profile for c in cases}):
        key = compiled.shapes_key(validation.shapes_bytes(profile), advanced=False)
        assert key is not None and compiled.restore(key) is None
        mine = [c for c in cases if c.profile == profile]
        first = _fresh(profile)  # parsed and compiled, then kept in the cache
        parsed = [validation.validate(c.data, profile, "turbo") for c in mine]
        with monkeypatch.context() as m:
            m.setattr(validation, "shapes_graph", _not_parsed)
            m.setattr(validation, "shapes_triples", _not_parsed)
            again = _fresh(profile)  # rebuilt from the cache, the shapes not parsed
        assert again is not first and compiled.restore(key) is not None
        restored = [validation.validate(c.data, profile, "turbo") for c in mine]
        assert restored == parsed  # every field of every result, in order
        assert [r.text() for r in restored] == [r.text() for r in parsed]
        assert any(not r.conforms for r in parsed)  # the cases do fail shapes
    _clear()


def test_unusable_entry_compiles_afresh(cache_dir: Path) -> None:
    key = compiled.shapes_key(validation.shapes_bytes("core"), advanced=False)
    assert key is not None
    cache.put(compiled.KIND, key, {"namespaces": "not a list"}, b"not shapes")
    assert compiled.restore(key) is None
    assert _fresh("core") is not None
    _clear()


def test_no_cache_keeps_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CVGRAPH_NO_CACHE", "1")
    assert compiled.shapes_key(b"shapes", advanced=False) is None
    _fresh("core")
    assert not list(cache_dir.rglob("*.z"))
    _clear()


def test_shapes_compiled_from_their_triples_are_the_program_of_their_graph() -> None:
    """compile_triples gives the engine the parsed triples' terms directly: the very program
    (text, prefixes, blank nodes) that compiling an rdflib graph of the same triples gives."""
    import pyshacl_turbo

    from cvgraph.rdf.graph import prefixed, to_graph

    namespaces = [(str(p), str(ns)) for p, ns in prefixed().namespaces()]
    for profile in validation.profiles():
        mine = compiled.compile_triples(validation.shapes_triples(profile), namespaces)
        assert mine is not None
        # a graph of its own: the process's cached shapes_graph() may have been handed to pySHACL
        # by an earlier test, and pySHACL's inference adds RDFS axioms to the graphs it is given
        graph = pyshacl_turbo.compile_shapes(to_graph(validation.shapes_triples(profile)), advanced=False)
        wrapped = mine.compiled()
        source, advanced, names, numeric = wrapped._shared_spec
        assert (source, advanced, tuple(map(tuple, names)), numeric) == graph._shared_spec
        assert wrapped._blank_nodes == graph._blank_nodes


def test_restored_shapes_are_compiled_once(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """restore() compiles an entry to check the engine can use it; validating natively and
    through the package then reuse that compilation (a second one cost ~10 ms a build)."""
    from cvgraph.shacl import native

    _fresh("core")  # compiled and kept in the cache
    calls: list[str] = []
    compile_natively = native.program

    def counting(*args: object) -> object:
        calls.append("compile")
        return compile_natively(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(native, "program", counting)
    _clear()  # a new process
    assert validation._native_shapes("core") is not None and validation.compiled_shapes("core") is not None
    assert calls == ["compile"]
    _clear()
