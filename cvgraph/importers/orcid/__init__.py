"""ORCID public record (API v3.0 JSON) → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content (whatever it cannot map is a warning naming the JSON path, every judgement call a
comment); only a file that is not JSON, an ORCID error answer, or JSON that is not an ORCID
record raises :class:`~cvgraph.errors.ImportError_`. The record may carry the full works of a
``/works`` bulk answer (``bulk``), which give the author lists. The input, the mapping of every
section and each judgement call are described in ``docs/importers/orcid.md``.
"""
from __future__ import annotations

from cvgraph.importers.orcid.convert import convert

__all__ = ["convert"]
