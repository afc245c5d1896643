"""Formatted citations as styled text runs, with a CV owner's name marked wherever the style
prints it: what a page writes with its own (escaping) templates, never as markup.

The owner is found by identity, not by spelling: the owner's family name is rendered with an
invisible marker after it (a private-use character), so "Lee, S." is marked for Sunwoo Lee and
not for a co-author Seungwon Lee printed the same way; the marked run reaches over the given
names or initials the style prints beside the family name ("Lee, S.", "S. Lee", "Sunwoo Lee",
"Lee Sunwoo", "S.-W. Lee"), and the marker is removed. citeproc-py's HTML is read with an HTML
parser into runs of text and its own styles (italic, bold, …); its text is unescaped there and
the page escapes it again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from cvgraph.export.names import Name
from cvgraph.export.works import Graph, Person

__all__ = ["MARK", "Run", "mark_owners", "styled_citations"]

MARK = "\ue001"  # after an owner's family name while rendering; never in the output
#: citeproc-py's HTML tags → the style names of a run
_TAGS = {"i": "italic", "b": "bold", "u": "underline", "sup": "superscript", "sub": "subscript",
         "l": "light", "span": "small-caps"}
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.)\s*")  # a numeric style's label: [12], (12), 12.


@dataclass(frozen=True)
class Run:
    """Text in the same styles; ``owner``: part of a CV owner's name."""

    text: str
    styles: tuple[str, ...] = ()
    owner: bool = False


class _Runs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.runs: list[Run] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(_TAGS.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.runs.append(Run(data, tuple(s for s in self.stack if s)))


def mark_owners(graph: Graph) -> Graph:
    """``graph`` with each owner's family name followed by :data:`MARK` (for rendering)."""
    people = {iri: replace(p, name=replace(p.name, family=p.name.family + MARK)) if p.owner and p.name.family else p
              for iri, p in graph.people.items()}

    def swap(persons: tuple[Person, ...]) -> tuple[Person, ...]:
        return tuple(people.get(p.iri, p) for p in persons)

    works = tuple(replace(w, authors=swap(w.authors), editors=swap(w.editors)) for w in graph.works)
    return Graph(works, people, graph.owners)


def _given_forms(name: Name) -> str:
    """A pattern for the given names as a style may print them: in full, or as initials."""
    tokens = [t for t in re.split(r"[\s\-‐]+", name.given) if t]
    if not tokens:
        return ""
    initials = r"[\s\-‐]*".join(re.escape(t[0]) + r"\.?" for t in tokens)
    return rf"(?:{re.escape(name.given)}|{initials}|{re.escape(tokens[0][0])}\.?)"


def _owner_spans(text: str, names: list[Name]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        given = _given_forms(name)
        family = re.escape(name.family_with_particle + MARK)
        suffix = rf"(?:,?\s+{re.escape(name.suffix)})?" if name.suffix else ""
        after = rf"(?:,?\s+{given})?" if given else ""
        before = rf"(?:{given}\s+)?" if given else ""
        spans += [m.span() for m in re.finditer(rf"{before}{family}{suffix}{after}", text)]
    return sorted(spans)


def _split(runs: list[Run], spans: list[tuple[int, int]]) -> list[Run]:
    """The runs cut at the owner spans' ends, those inside marked, the marker removed, and runs of
    the same look joined."""
    inside = [False] * sum(len(r.text) for r in runs)
    for start, end in spans:
        inside[start:end] = [True] * (end - start)
    out: list[Run] = []
    pos = 0
    for run in runs:
        for ch in run.text:
            if ch != MARK:
                if out and out[-1].styles == run.styles and out[-1].owner == inside[pos]:
                    out[-1] = replace(out[-1], text=out[-1].text + ch)
                else:
                    out.append(Run(ch, run.styles, inside[pos]))
            pos += 1
    return out


def styled_citations(graph: Graph, style: str) -> dict[str, list[Run]]:
    """Each work's entry in ``style`` (work IRI → runs), a numeric style's label left out (the
    page lists the works in its own order), the owners' names marked."""
    from cvgraph.export.citations import render_entries

    marked = mark_owners(graph)
    owners = [p.name for p in graph.people.values() if p.owner and p.name.family]
    by_key = {w.key: w.iri for w in graph.works}
    out = {}
    for key, entry in render_entries(marked, style, "html"):
        parser = _Runs()
        parser.feed(entry)
        parser.close()
        runs = parser.runs
        if runs:
            runs[0] = replace(runs[0], text=_NUMBER.sub("", runs[0].text, count=1))
        text = "".join(r.text for r in runs)
        out[by_key[key]] = [r for r in _split(runs, _owner_spans(text, owners)) if r.text]
    return out
