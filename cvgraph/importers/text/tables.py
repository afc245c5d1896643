"""The lookup tables of the importers, as data: ``cvgraph/importers/data/<name>.yaml``.

>>> sorted(table("dates"))
['months', 'present', 'seasons']
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["table"]


@cache
def table(name: str) -> dict[str, Any]:
    """The mapping in ``data/<name>.yaml`` (read once; treat it as read-only)."""
    text = files("cvgraph.importers").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise TypeError(f"cvgraph/importers/data/{name}.yaml: expected a mapping at the top level")
    return data
