"""RenderCV (https://rendercv.com, input format v2) YAML → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content (whatever it cannot map is a warning at the entry's line, every judgement call a comment);
only a file that is not YAML, or has no ``cv:`` mapping (nor a bare ``sections:`` mapping), raises
:class:`~cvgraph.errors.ImportError_`. Entry types are inferred from their keys as RenderCV does,
sections go where their entry type or title says, and dates, names, organisation kinds and ids
are read with the importers' toolkit (:mod:`cvgraph.importers.text`). The full mapping and every
judgement call are described in ``docs/importers/rendercv.md``.
"""
from __future__ import annotations

from cvgraph.importers.rendercv.convert import convert

__all__ = ["convert"]
