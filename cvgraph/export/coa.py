"""``export coa``: NSF's Collaborators and Other Affiliations (COA) table for one person.

The rows follow NSF's COA template (its FAQ of January 2023): table 1 the individual and their
organisation; table 2 ``G:`` graduate advisors (the advisors of the owner's ``education``
entries; NSF no longer asks for postdoctoral sponsors, so advisors of ``employment`` entries are
left out) and ``T:`` thesis advisees (the owner's ``students:``, whatever their dates, last active
the end of the advising, empty while it goes on); table 3
``A:`` co-authors of the last 48 months (``months``, or ``since`` a date) and ``E:`` co-editors
of the last 24 months (``editor_months``), each with the date of the latest work they share with
the owner ("last active", as precise as the records date it). Co-authors are the graph's people,
so the printed variants a CV or the shared people registry merges are one row. A work dated by
its year only is in the window when any day of that year is. Written as CSV (one row per entry,
a ``table`` and a ``type`` column) or as an ``.xlsx`` laid out like NSF's template
(:mod:`cvgraph.export.coaxlsx`).
"""
from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cvgraph.errors import CvgraphError
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, Person, Work

__all__ = ["CSV_HEADER", "Coa", "Row", "coa_of", "last_first", "write"]

CSV_HEADER = ("table", "type", "name", "organizational affiliation", "last active")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class CoaError(CvgraphError):
    """A bad window (a date that is not YYYY-MM-DD, months < 1) or a graph of several owners."""


@dataclass(frozen=True)
class Row:
    table: int  # 1, 2 or 3 (NSF's tables)
    type: str  # "" (table 1), "G:", "T:", "A:", "E:"
    name: str  # "Last, First"
    organization: str = ""
    last_active: str = ""  # ISO 8601, as precise as the records date the work


@dataclass(frozen=True)
class Coa:
    rows: tuple[Row, ...]
    warnings: tuple[str, ...]
    cutoff: date
    as_of: date


def last_first(person: Person) -> str:
    """NSF's "Last, First" (the particle with the family name; a suffix after the given names)."""
    n = person.name
    if person.organization or not n.family:
        return n.literal or n.full
    given = ", ".join(p for p in (n.given, n.suffix) if p)
    return f"{n.family_with_particle}, {given}" if given else n.family_with_particle


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD option value, or a one-line error naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CoaError(f"export coa: {what} {text!r} is not a date (write YYYY-MM-DD)") from None


def span(text: str) -> tuple[date, date] | None:
    """The first and last day a partial ISO date (2021, 2021-05, 2021-05-04) stands for."""
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if d:
            return date(y, mo, d), date(y, mo, d)
        if mo:
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def months_before(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _window(options: ExportOptions) -> tuple[date, date, date]:
    """(as of, co-author cutoff, co-editor cutoff)."""
    if options.months < 1 or options.editor_months < 1:
        raise CoaError(f"export coa: --months must be at least 1 (got {options.months})")
    as_of = parse_day(options.as_of, "--as-of") if options.as_of else datetime.now(UTC).date()
    cutoff = parse_day(options.since, "--since") if options.since else months_before(as_of, options.months)
    if cutoff > as_of:
        raise CoaError(f"export coa: --since {cutoff} is after --as-of {as_of}")
    return as_of, cutoff, months_before(as_of, options.editor_months)


def _owner(graph: Graph) -> Person:
    if len(graph.owners) != 1:
        raise CoaError(f"export coa: a COA table is one person's, but the graph has {len(graph.owners)} CV owners "
                       "(export one CV)")
    return graph.people[graph.owners[0]]


class _Collect:
    """The people met in the window: IRI → (person, latest date, its end)."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.found: dict[str, tuple[Person, str, date]] = {}
        self.organisations: list[str] = []

    def add(self, people: tuple[Person, ...], when: str, end: date, work: Work) -> None:
        if not any(p.iri == self.owner for p in people):
            return
        for p in people:
            if p.iri == self.owner:
                continue
            if p.organization:
                self.organisations.append(f"{work.key}: {p.name.full}")
                continue
            old = self.found.get(p.iri)
            if old is None or end > old[2]:
                self.found[p.iri] = (p, when, end)


def coa_of(graph: Graph, options: ExportOptions) -> Coa:
    """The COA rows of the graph's one owner."""
    as_of, cutoff, editor_cutoff = _window(options)
    owner = _owner(graph)
    authors, editors = _Collect(owner.iri), _Collect(owner.iri)
    undated = []
    for w in graph.works:
        found = span(w.date)
        if found is None:
            if any(p.iri == owner.iri for p in (*w.authors, *w.editors)):
                undated.append(w.key)
            continue
        start, end = found
        if start > as_of:
            continue
        if end >= cutoff:
            authors.add(w.authors, w.date, end, w)
        if end >= editor_cutoff:
            editors.add(w.editors, w.date, end, w)
    rows = [Row(1, "", last_first(owner), "; ".join(owner.affiliations))]
    rows += sorted({Row(2, "G:", last_first(p), "; ".join(p.affiliations))
                    for o, p, what in graph.advisors if o == owner.iri and what == "education"},
                   key=lambda r: r.name.casefold())
    rows += sorted((Row(2, "T:", last_first(p), "; ".join(p.affiliations), end)
                    for o, p, end in graph.advisees if o == owner.iri), key=lambda r: (r.name.casefold(), r.name))
    for kind, found_people in (("A:", authors.found), ("E:", editors.found)):
        rows += sorted((Row(3, kind, last_first(p), "; ".join(p.affiliations), when)
                        for p, when, _ in found_people.values()), key=lambda r: (r.name.casefold(), r.name))
    return Coa(tuple(rows), _warnings(rows, undated, authors.organisations), cutoff, as_of)


def _warnings(rows: list[Row], undated: list[str], organisations: list[str]) -> tuple[str, ...]:
    out = []
    if undated:
        out.append(f"warning: export coa: {len(undated)} work(s) of the owner have no date, so no place in the "
                   f"window: {', '.join(undated)} (give them a year)")
    no_org = list(dict.fromkeys(r.name for r in rows if r.table > 1 and not r.organization))
    if no_org:
        out.append(f"warning: export coa: {len(no_org)} people have no organisation (give their people: entry an "
                   f"affiliation:): {'; '.join(no_org)}")
    if organisations:
        out.append(f"warning: export coa: an organisation as author is not a collaborator row: "
                   f"{'; '.join(organisations)}")
    return tuple(out)


def write(graph: Graph, options: ExportOptions) -> Exported:
    coa = coa_of(graph, options)
    if options.output_format == "xlsx":
        from cvgraph.export.coaxlsx import workbook  # lazy: openpyxl

        return Exported(workbook([(r.table, r.type, r.name, r.organization, r.last_active) for r in coa.rows],
                                 coa.as_of), coa.warnings)
    if options.output_format != "csv":
        raise CoaError(f"export coa: unknown output format {options.output_format!r} (csv or xlsx)")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows((r.table, r.type, r.name, r.organization, r.last_active) for r in coa.rows)
    return Exported(out.getvalue().encode("utf-8"), coa.warnings)
