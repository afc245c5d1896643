"""A CV like a collaboration physicist's: ~80 ordinary works and one paper with thousands of authors.

    python tests/support/bigpaper.py OUT.yaml [--authors 3000] [--works 80]

Real CVs list collaboration papers with hundreds or thousands of authors (issue 14 §4); the query
tests (tests/unit/sparql/test_long_author_lists.py) and the benchmark
(benchmarks/long_author_lists.py) run every bundled query on such a CV. Authors are written as
printed strings that name ``people`` entries, as an importer writes them. Deterministic: the same
arguments give the same bytes.

The ordinary works cover every kind (journal, conference, workshop, preprint, book, chapter,
proceedings with editors only, thesis, report, manuscript, other); the owner is sole, first, middle
and last author among them. In the long paper the owner stands in the middle, and a second long
paper (a fifth of the length) has the owner last, so that ``first-last-sole-authored`` walks a long
list to its end.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["KINDS", "cv_text", "write"]

OWNER = "Jane Q. Doe"
KINDS = ("journal", "conference", "workshop", "preprint", "book", "chapter", "proceedings", "thesis",
         "report", "manuscript", "other")
_VENUES = {"journal": ("apj", "The Astrophysical Journal", "journal"),
           "conference": ("icrc", "International Cosmic Ray Conference", "conference"),
           "workshop": ("dm-ws", "Workshop on Dark Matter", "workshop"),
           "preprint": ("arxiv", "arXiv", "repository"),
           "chapter": ("handbook", "Handbook of Particle Detection", "book"),
           "book": ("lnp", "Lecture Notes in Physics", "series")}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _name(i: int) -> str:
    return f"Author{i:05d} Collab"


def cv_text(authors: int = 3000, works: int = 80) -> str:
    """The CV's YAML: ``works`` ordinary works plus two long papers (``authors`` and ``authors // 5``)."""
    people = max(authors, 12)
    out = ["# Synthetic CV written by tests/support/bigpaper.py: invented people and papers.",
           "cvgraph: 1", "base: https://cv.example.org/jane-doe", "person:", f"  name: {_q(OWNER)}",
           "  orcid: 0000-0002-1825-0097", "organizations:",
           "  - {id: uni, name: Example University, kind: university}",
           "  - {id: lab, name: Example National Laboratory, kind: research}", "venues:"]
    out += [f"  - {{id: {vid}, name: {_q(name)}, kind: {kind}}}" for vid, name, kind in _VENUES.values()]
    out.append("people:")
    out += [f"  - {{id: p{i:05d}, name: {_q(_name(i))}}}" for i in range(1, people + 1)]
    out.append("publications:")
    long_list = [_name(i) for i in range(1, authors)]
    long_list.insert(len(long_list) // 2, OWNER)  # the owner in the middle
    out += _work("collab-long", "journal", "Observation of a collaboration-sized effect", long_list, 2024)
    short = max(2, authors // 5)
    out += _work("collab-short", "conference", "Performance of the collaboration's detector",
                 [_name(i) for i in range(1, short)] + [OWNER], 2023)
    for n in range(works):
        kind = KINDS[n % len(KINDS)]
        coauthors = [_name(1 + (n * 7 + k) % 11) for k in range(n % 6)]
        place = n % 4  # sole (no co-authors), first, middle, last
        names = [OWNER, *coauthors] if place in (0, 1) else [*coauthors, OWNER] if place == 3 else \
            [*coauthors[:1], OWNER, *coauthors[1:]]
        out += _work(f"work{n:03d}", kind, f"Work number {n} on {kind} matters", names, 2000 + n % 25)
    return "\n".join(out) + "\n"


def _work(wid: str, kind: str, title: str, names: list[str], year: int) -> list[str]:
    lines = [f"  - id: {wid}", f"    kind: {kind}", f"    title: {_q(title)}"]
    if kind == "proceedings":
        lines.append("    editors: [" + ", ".join(_q(n) for n in names) + "]")
    else:
        lines.append("    authors: [" + ", ".join(_q(n) for n in names) + "]")
    if kind in _VENUES:
        lines.append(f"    venue: {_VENUES[kind][0]}")
    if kind in ("thesis", "report", "book"):
        lines.append("    publisher: uni" if kind != "report" else "    publisher: lab")
    if kind == "thesis":
        lines.append("    degree: Ph.D.")
    if not wid.startswith("work") or int(wid[4:]) % 3:
        lines.append(f"    year: {year}")
    if kind in ("journal", "conference"):
        lines.append(f"    doi: 10.5555/{wid}")
    return lines


def write(path: str | Path, authors: int = 3000, works: int = 80) -> Path:
    target = Path(path)
    target.write_text(cv_text(authors, works), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--authors", type=int, default=3000)
    parser.add_argument("--works", type=int, default=80)
    args = parser.parse_args(argv)
    write(args.out, args.authors, args.works)
    return 0


if __name__ == "__main__":
    sys.exit(main())
