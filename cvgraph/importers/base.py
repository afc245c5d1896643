"""What every importer returns: cvgraph records plus the judgement calls and what it could not map.

An importer is a module ``cvgraph.importers.<format>`` with one function::

    def convert(text: str, source: str, me: str | None = None) -> Imported

``text`` is the file's content, ``source`` its name (for messages), ``me`` the CV owner's name or
ORCID iD (``--me``). It never raises on bad *content*: whatever it cannot map, and every invalid
date or DOI, becomes a :class:`Note` in ``warnings`` (with the source location) and the rest is
imported. It raises :class:`cvgraph.errors.ImportError_` only when the file cannot be read at all
(not BibTeX / not JSON / not the expected schema), with a one-line message naming the file.

``data`` is a plain CV document in the record format (ontology/FORMAT.md, cvgraph/records/spec.py):
dicts, lists and strings only, keys in the order the format lists them, so that
``cvgraph.records.checker.check`` accepts it and the built graph conforms to shapes/core.ttl.
``comments`` attaches a comment to a place in ``data``: the key is the path as a tuple
(``("publications", 3, "year")``, or ``("publications", 3)`` for the whole entry) and the text
says what was decided and why ("year taken from `date = {2021-05}`", "DOI had an https://doi.org/
prefix"). The YAML writer (:mod:`cvgraph.importers.yamlout`) prints them as ``# …`` comments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    """A warning about the input: ``where`` is ``file:line`` when the line is known, else
    ``file: <entry key or JSON path>``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message}"


@dataclass
class Imported:
    data: dict[str, Any]
    warnings: list[Note] = field(default_factory=list)
    comments: dict[tuple[Any, ...], str] = field(default_factory=dict)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Note(where, message))

    def comment(self, path: tuple[Any, ...], text: str) -> None:
        """Attach (or append to) the comment at ``path``."""
        old = self.comments.get(path)
        self.comments[path] = f"{old}; {text}" if old else text
