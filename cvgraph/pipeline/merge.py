"""N-Triples text of many CVs as one graph: split into lines, merged, sorted, converted.

A line of N-Triples (and N-Quads) text ends at "\\n" and nowhere else: ``str.splitlines`` would
also split at U+2028, U+2029, U+0085, VT, FF and U+001C-U+001E, which a literal holds raw
(issue 12), so the text is only ever split by :func:`nt_lines`.

:class:`Merger` is an external merge sort: sorted runs of at most ``chunk`` bytes of text are
spilled to disk, then merged, so that memory is bounded by the chunk size (about 3× it in
Python strings) at the cost of temporary disk space of the size of the output.
"""
from __future__ import annotations

import heapq
import os
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.syntax import write_rdfxml

__all__ = ["Merger", "convert", "nt_lines"]


def nt_lines(text: str) -> list[str]:
    """The lines of N-Triples/N-Quads ``text``, each with its "\\n" (a last line without one is
    kept as it is)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


class Merger:
    """Sorted, de-duplicated union of N-Triples texts: sorted runs of at most ``chunk`` bytes,
    spilled to ``folder``, then merged."""

    def __init__(self, folder: str, chunk: int) -> None:
        self.folder, self.chunk = folder, chunk
        self.lines: list[str] = []
        self.size = 0
        self.runs: list[str] = []

    def add(self, text: str) -> None:
        self.lines.extend(nt_lines(text))
        self.size += len(text)
        if self.size >= self.chunk:
            self._spill()

    def _spill(self) -> None:
        path = os.path.join(self.folder, f"run-{len(self.runs):05d}.nt")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(sorted(set(self.lines)))
        self.runs.append(path)
        self.lines, self.size = [], 0

    def write(self, out: IO[bytes]) -> int:
        """Write the union to ``out``; returns how many lines (triples)."""
        if self.runs and self.lines:
            self._spill()
        if self.runs:
            # newline="\n": a line ends at "\n" only (the default also ends one at a raw "\r")
            files = [open(p, encoding="utf-8", newline="\n") for p in self.runs]  # noqa: SIM115
            stream: Iterable[str] = heapq.merge(*files)
        else:
            files, stream = [], sorted(set(self.lines))
        count, last = 0, None
        try:
            for line in stream:
                if line != last:
                    out.write(line.encode("utf-8"))
                    count, last = count + 1, line
        finally:
            for fh in files:
                fh.close()
        return count


def convert(nt_path: str, out: IO[bytes], fmt: str) -> None:
    """Sorted N-Triples → Turtle or RDF/XML, streamed by pyoxigraph in the same order."""
    triples = (q.triple for q in ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "turtle":
        ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    else:
        write_rdfxml(triples, out, PREFIXES)
