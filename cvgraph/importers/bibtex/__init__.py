"""BibTeX → cvgraph records (see :mod:`cvgraph.importers.base` for the contract).

Parsing, ``@string`` expansion, field-key normalisation, month names, author-list splitting,
name splitting (First / von / Last / Jr) and LaTeX decoding are bibtexparser 2's (with
pylatexenc): its middlewares are applied in stages so that the raw LaTeX of each author can be
looked at (corporate authors in double braces, equal-contribution and bold/underline "me"
markers) before the names are split and decoded. What bibtexparser leaves to its user is done
here: ``#`` concatenations and undefined macros, ``crossref`` inheritance, the mapping of entry
types and fields onto the record format, the CV owner, co-author and venue registries, DOIs,
arXiv ids, dates and page ranges.

Every field is either mapped, kept as a note of its publication, or named in a warning: nothing
is dropped silently. Judgement calls are recorded with :meth:`Imported.comment`.
"""
from __future__ import annotations

from cvgraph.importers.bibtex.convert import convert

__all__ = ["convert"]
