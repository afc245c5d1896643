"""One resolver for the files cvgraph ships: ontology/, shapes/, queries/, data/.

In a wheel they live in ``cvgraph/_bundled/<dir>``; in a source checkout (editable install,
or running from the repository) they are the top-level folders beside the package.
Never resolved against the working directory.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["bundled", "sample_path", "schema_path"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def bundled(name: str) -> Path:
    """Path of the bundled folder ``name`` (``"shapes"``, ``"ontology"``, ``"queries"``, ``"data"``)."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cvgraph is missing its bundled folder {name!r}; reinstall the package")


def sample_path() -> Path:
    """The bundled sample CV (the seed CV transcribed), used when no CV is given."""
    return bundled("data") / "sunwoo-lee.yaml"


def schema_path() -> Path:
    """The JSON Schema of the records format (for editors; generated from ``cvgraph.spec``)."""
    return _PACKAGE / "cv.schema.json"
