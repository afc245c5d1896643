"""pyshacl-turbo's native engine, driven without its Python package and so without rdflib.

pyshacl-turbo is a Rust engine (``pyshacl_turbo._native``) inside a Python package that wraps it
in pySHACL's API: rdflib graphs in and out. Importing that package imports rdflib, which is most
of a one-CV build's start-up (issue 16). The native module alone reads N-Triples text and answers
with the results graph as N-Triples text, which pyoxigraph parses; so a build that validates the
triples it wrote never imports rdflib.

This loads the extension module from the package's folder without running the package's
``__init__`` and registers it under its own name, so that a later ``import pyshacl_turbo`` (the
rdflib route, :func:`cvgraph.shacl.validation.results_graph`) takes the same module (a PyO3
module cannot be initialised twice in one process). It uses the native calls the package makes
(``CompiledShapes(program, …)``, ``validate(…)``, ``canonical_shapes``): an engine without them
(another version) makes :func:`native` return None, and the caller takes the package's route.
The two routes give the same report (tests/unit/shacl/test_native_engine.py).
"""
from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import sys
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

__all__ = ["NativeShapes", "native", "program", "validate_text"]

NAME = "pyshacl_turbo._native"
_CALLS = ("CompiledShapes", "canonical_shapes", "SHAPES_BATCH_SIZE")


class NativeShapes(Protocol):
    """The engine's native compiled shapes (``pyshacl_turbo._native.CompiledShapes``)."""

    def validate(self, *arguments: object) -> tuple[object, ...]: ...


@functools.cache
def native() -> ModuleType | None:
    """pyshacl-turbo's native module (loaded once; the package's own if already imported), or
    None when it is not installed or lacks the calls used here."""
    module = sys.modules.get(NAME)
    if module is None:
        try:
            spec = find_spec("pyshacl_turbo")
            folders = list(spec.submodule_search_locations or []) if spec is not None else []
            found = [p for folder in folders for p in sorted(Path(folder).glob("_native*.so"))]
            if not found:
                return None
            loader = importlib.machinery.ExtensionFileLoader(NAME, str(found[0]))
            module_spec = importlib.util.spec_from_file_location(NAME, found[0], loader=loader)
            if module_spec is None:
                return None
            module = importlib.util.module_from_spec(module_spec)
            loader.exec_module(module)
        except (ImportError, OSError, ValueError):
            return None
        sys.modules[NAME] = module
    return module if all(hasattr(module, call) for call in _CALLS) else None


def program(source: str, advanced: bool, numeric_booleans: bool, namespaces: list[tuple[str, str]]) -> NativeShapes:
    """The native compiled shapes of a canonical shapes program (N-Triples text, as
    :mod:`cvgraph.shacl.compiled` makes and caches it)."""
    module = native()
    if module is None:
        raise ImportError("pyshacl-turbo's native module is not available")
    return cast(NativeShapes, module.CompiledShapes(source, "nt", None, advanced, numeric_booleans, namespaces))


def validate_text(compiled: NativeShapes, ntriples: str) -> str:
    """The results graph, as N-Triples text, of the engine's validation of ``ntriples`` (no
    inference, warnings allowed, every result): what pyshacl-turbo's ``CompiledShapes.validate``
    does natively before it decodes the answer into an rdflib graph."""
    _conforms, report, _text, _expanded, _warnings = compiled.validate(
        ntriples, "nt", None,
        False, 100, 15,  # rules not iterated, at most 100 rule iterations, nesting depth 15 (its defaults)
        False, False, True, False,  # not in place; infos not allowed; warnings allowed; not abort on first
        [], [], [])  # every focus node, every shape, no data prefixes
    if not isinstance(report, str):
        raise TypeError(f"pyshacl-turbo's native validation answered {type(report).__name__}, not N-Triples text")
    return report
