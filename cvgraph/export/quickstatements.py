"""``export quickstatements``: Wikidata QuickStatements (V1, tab-separated) creating the works.

Each work is ``CREATE`` then ``LAST`` lines: instance of (P31, by kind: :data:`INSTANCE_OF`), its
English label (``Len``) and title (P1476, ``en:"…"``), DOI (P356, upper case as Wikidata writes
DOIs), arXiv id (P818), publication date (P577, ``+YYYY-MM-DDT00:00:00Z/9|10|11`` for a year,
month or day), volume (P478), issue (P433) and pages (P304), the journal, book or series it is
published in (P1433) where the records give the venue's Wikidata item (``wikidata: Q…``; else
a warning naming its ISSN: QuickStatements cannot look an item up; a conference or a repository
is no P1433), and the authors in printed order: author (P50)
where the records give the person's Wikidata item, else author name string (P2093), each with
its series ordinal (P1545). (The records' ``wikidata:`` is schema:sameAs the item's entity IRI;
a ``wikidata:Q…`` identifier, or a ``links:`` address of the item, is read too.) Left out, each counted in a note: works whose DOI ``existing``
lists (one DOI a line, or a CSV, e.g. a Wikidata query's download, with a ``doi`` column), and
works whose own Wikidata item the records give (the item exists: adding statements to it is an
edit to review by hand, not a batch to run blind).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from cvgraph.errors import CvgraphError
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, Work, each_work, wikidata_of

__all__ = ["INSTANCE_OF", "QuickStatementsError", "read_existing", "statements", "write"]

#: publication kind → the Wikidata class of its item (P31)
INSTANCE_OF = {
    "journal": "Q13442814",  # scholarly article
    "conference": "Q23927052", "workshop": "Q23927052",  # conference paper
    "preprint": "Q580922", "book": "Q571", "chapter": "Q1980247", "proceedings": "Q1143604",
    "thesis": "Q1266946", "report": "Q10870555", "manuscript": "Q87167", "patent": "Q253623",
    "other": "Q13442814",
}
#: a thesis by its degree
DOCTORAL, MASTERS = "Q187685", "Q1907875"


class QuickStatementsError(CvgraphError):
    """An unreadable --existing file."""


def _string(text: str) -> str:
    """A QuickStatements string value: one line (white space folded, so no tab), in double quotes."""
    return '"' + " ".join(text.split()) + '"'


def _time(date: str) -> str:
    parts = [p for p in date.split("-") if p]
    if not parts or not parts[0].isdigit():
        return ""
    y, m, d = [*parts, "00", "00"][:3]
    return f"+{int(y):04d}-{m}-{d}T00:00:00Z/{8 + len(parts)}"


def _thesis_class(w: Work) -> str:
    degree = w.degree.lower().replace(".", "")
    if "phd" in degree or "doctor" in degree:
        return DOCTORAL
    if degree.startswith(("m", "master")):
        return MASTERS
    return INSTANCE_OF["thesis"]


def statements(w: Work, warn: list[str]) -> list[str]:
    """The lines that create ``w``'s item."""
    lines = ["CREATE"]

    def add(prop: str, value: str, *qualifiers: str) -> None:
        lines.append("\t".join(("LAST", prop, value, *qualifiers)))

    add("P31", _thesis_class(w) if w.kind == "thesis" else INSTANCE_OF.get(w.kind, INSTANCE_OF["other"]))
    title = " ".join(w.title.split())
    if len(title) > 250:
        warn.append("the title is longer than a Wikidata label's 250 characters: the label is cut (P1476 is whole)")
    add("Len", _string(title[:250]))
    add("P1476", "en:" + _string(title))
    if w.doi:
        add("P356", _string(w.doi.upper()))
    if w.arxiv:
        add("P818", _string(w.arxiv))
    when = _time(w.date)
    if when:
        add("P577", when)
    for prop, value in (("P478", w.volume), ("P433", w.issue), ("P304", w.pages)):
        if value:
            add(prop, _string(value))
    venue = w.venue
    if venue is not None and venue.kind in ("journal", "book", "series", ""):
        qid = wikidata_of((venue.iri, *venue.identifiers))
        if qid:
            add("P1433", qid)
        else:
            issn = f" (ISSN {venue.issn})" if venue.issn else ""
            warn.append(f"venue {venue.name!r}{issn} has no Wikidata item in the records (wikidata: Q…): "
                        "add its P1433 by hand")
    for n, person in enumerate(w.authors, 1):
        if person.wikidata:
            add("P50", person.wikidata, "P1545", _string(str(n)))
        else:
            add("P2093", _string(person.name.full), "P1545", _string(str(n)))
    if w.et_al:
        warn.append("the author list ends in 'et al.': the item lists only the authors given")
    return lines


def read_existing(path: Path) -> set[str]:
    """The DOIs (lower case) of an --existing file: one a line, or a CSV with a ``doi`` column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuickStatementsError(f"{path}: cannot read the list of existing DOIs: {exc}") from None
    lines = text.splitlines()
    header = [c.strip().strip('"').lower() for c in next(csv.reader(lines[:1]), [])]
    if "doi" in header:
        column = header.index("doi")
        values = [row[column] for row in csv.reader(io.StringIO("\n".join(lines[1:]))) if len(row) > column]
    else:
        values = [line for line in lines if not line.lstrip().startswith("#")]
    return {v.strip().lower().removeprefix("https://doi.org/").removeprefix("doi:") for v in values if v.strip()}


def write(graph: Graph, options: ExportOptions) -> Exported:
    existing = read_existing(Path(options.existing)) if options.existing else set()
    on_wikidata, listed, new = [], [], []
    for w in graph.works:
        if w.wikidata:
            on_wikidata.append(f"{w.key} ({w.wikidata})")
        elif w.doi and w.doi.lower() in existing:
            listed.append(w.key)
        else:
            new.append(w)
    items, warnings = each_work(new, statements)
    lines = [line for item in items for line in item]
    if listed:
        warnings.append(f"note: export quickstatements: {len(listed)} work(s) whose DOI {options.existing} lists "
                        f"left out: {', '.join(listed)}")
    if on_wikidata:
        warnings.append(f"note: export quickstatements: {len(on_wikidata)} work(s) already on Wikidata (their "
                        f"records give the item) left out: {', '.join(on_wikidata)}")
    return Exported("".join(line + "\n" for line in lines).encode("utf-8"), tuple(warnings))
