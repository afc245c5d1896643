"""Dates as CVs write them → the record format's ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``present``
and academic terms (``Fall 2023``).

One reader for every importer: :func:`read_point` reads one point in time (ISO dates, month
names, ``MM/YYYY``, ``15.03.2020``, seasons, "present"), :func:`parse_when` a free-text date
that may be a range (``2019 – present``, ``Jan 2020 – Mar 2021``, ``2020/21``) or a list
(``Fall 2021, Spring 2022``). The words (month names, "present" words, seasons) are data:
``cvgraph/importers/data/dates.yaml``.

Why not python-edtf: its ``text_to_edtf`` reads single points well (it gives ``2019-23`` for
"Fall 2019"), but it reads no ranges with "present" or month names ("Jan 2020 – Mar 2021" gives
None, "2019 - present" gives 2019, the end lost), it silently takes ``03/04/2020`` to be month
first where this module keeps only the year of a day/month order it cannot tell, and an EDTF
value would still have to be turned into the record format's forms (the format has no season
or uncertainty syntax). The checks here are the record format's own, in a few lines of stdlib.

>>> read_point("March 2020").date, read_point("Fall 2019").term, read_point("now").date
('2020-03', 'Fall 2019', 'present')
>>> w = parse_when("Jan 2020 – present"); (w.start, w.end)
('2020-01', 'present')
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from cvgraph.importers.common import loader_before, loader_day
from cvgraph.importers.text.tables import table

__all__ = ["MONTHS", "PRESENT", "SEASONS", "Point", "When", "ends_before", "exact_date", "parse_when",
           "read_point", "real_day", "season_of", "split_when", "terms_between", "valid_date"]

_WORDS = table("dates")
#: month names and their usual abbreviations (lower-case) → month number
MONTHS: dict[str, int] = {name: int(n) for n, names in _WORDS["months"].items() for name in names}
#: words (lower-case, single-spaced) that mean an open end: ``2020 – present``
PRESENT: frozenset[str] = frozenset(_WORDS["present"])
#: seasons as written (lower-case) → as a term writes them
SEASONS: dict[str, str] = dict(_WORDS["seasons"])


# ----------------------------------------------------------------------------- checks

#: Is a YYYY[-MM[-DD]] text's day real (2023-02-30 is not)? Shorter dates are accepted. (The loader's check.)
real_day = loader_day

#: Is ``end`` surely before ``start``? Compared at the coarser of the two precisions, so an end of
#: "2023" is not before a start of "2023-05" (the loader's rule).
ends_before = loader_before


def valid_date(value: str) -> bool:
    """Is a zero-padded YYYY[-MM[-DD]] text a real date (year from 1000, month 1-12, the day exists)?"""
    return exact_date(value) == value and value >= "1000"


def exact_date(text: str) -> str | None:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (one-digit month/day accepted) → the record form."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# ----------------------------------------------------------------------------- one point

@dataclass(frozen=True)
class Point:
    """One point in time: ``date`` in the record form or ``"present"``; ``term`` the academic
    term printed ("Fall 2019"); ``approximate`` when the date is coarser than what was printed
    (a term read as its year, a day/month order that cannot be told read as the year)."""

    date: str
    term: str | None = None
    approximate: bool = False


def _ymd(year: str, month: str | int, day: str | int | None = None) -> str | None:
    return exact_date(f"{year}-{month}" + (f"-{day}" if day is not None else ""))


def _season(low: str) -> Point | None:
    m = re.fullmatch(r"(spring|summer|fall|autumn|winter)(?:\s+(?:term|semester|quarter))?\s*,?\s*(\d{4})",
                     low)
    return Point(m.group(2), f"{SEASONS[m.group(1)]} {m.group(2)}", True) if m else None


def _month_name(low: str) -> Point | None:
    m = re.fullmatch(r"([a-z]{3,9})\.?\s*,?\s*(\d{4})|(\d{4}),?\s+([a-z]{3,9})\.?", low)
    if m:
        word, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return Point(f"{year}-{MONTHS[word]:02d}") if word in MONTHS else None
    m = re.fullmatch(r"([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", low)
    if m and m.group(1) in MONTHS:
        date = _ymd(m.group(3), MONTHS[m.group(1)], m.group(2))
        return Point(date) if date else None
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})", low)
    if m and m.group(2) in MONTHS:
        date = _ymd(m.group(3), MONTHS[m.group(2)], m.group(1))
        return Point(date) if date else None
    return None


def _numeric(low: str) -> Point | None:
    m = re.fullmatch(r"(\d{4})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?", low)
    if m:
        date = _ymd(m.group(1), m.group(2), m.group(3))
        return Point(date) if date else None
    m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", low)
    if m:
        date = _ymd(m.group(2), m.group(1))
        return Point(date) if date else None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", low)
    if m:  # day and month in an order that cannot always be told
        a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
        readings = {d for d in (_ymd(year, b, a), _ymd(year, a, b)) if d}
        if len(readings) == 1:
            return Point(readings.pop())
        return Point(year, approximate=True) if readings else None
    return None


def read_point(text: str) -> Point | None:
    """One date as printed → :class:`Point`, or None when it cannot be read. Reads ``YYYY``,
    ``YYYY-MM(-DD)``, ``2020/03``, ``2020.03.15``, ``03/2020``, ``15.03.2020`` (a day/month order
    that could be either gives only the year), ``March 2020``, ``Mar. 2020``, ``2020 March``,
    ``May 5, 2020``, ``5 May 2020``, ``Fall 2019`` / ``Spring term 2020`` (the year, and the term)
    and the "present" words."""
    t = " ".join(text.split()).strip(".").strip()
    low = t.lower()
    if low in PRESENT:
        return Point("present")
    date = exact_date(t)
    if date:
        return Point(date)
    return _season(low) or _month_name(low) or _numeric(low)


# ----------------------------------------------------------------------------- free text

@dataclass
class When:
    """What a free-text date (or date pair) says. ``single`` is one point in time; otherwise
    ``start``/``end`` (``end`` may be ``present``). ``terms`` are academic terms printed."""

    start: str | None = None
    end: str | None = None
    single: str | None = None
    terms: list[str] = field(default_factory=list)
    printed: str = ""
    approximate: bool = False  # a term or month name was read as a year / month
    ignored: bool = False  # start_date/end_date were given too and ignored
    free: bool = False  # read from free text
    listed: list[str] = field(default_factory=list)  # "2021, 2023": every year printed

    @property
    def first(self) -> str | None:
        return self.single or self.start

    @property
    def years(self) -> list[str]:
        """Every year covered (a range expanded; an ongoing range gives its start year only)."""
        if self.listed:
            return list(self.listed)
        if self.single:
            return [self.single[:4]]
        if self.start and self.end and self.end != "present":
            a, b = int(self.start[:4]), int(self.end[:4])
            if 0 <= b - a <= 40:
                return [str(y) for y in range(a, b + 1)]
        return [self.start[:4]] if self.start else []


_RANGE = (
    re.compile(r"(\d{4})-(\d{4})"),
    re.compile(r"(.+?)\s*(?:–|—|−|--)\s*(.+)"),
    re.compile(r"(.+?)\s+(?:-|to|until|till|through)\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?\d)\s*-\s*(present|current|now|ongoing)", re.IGNORECASE),
    re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})"),
)
_ACADEMIC_YEAR = _RANGE[4]


def _listed(printed: str) -> When | None:
    """``Fall 2021, Spring 2022`` / ``2019, 2021``: years (or terms), all alike."""
    pieces = [p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", printed) if p]
    if len(pieces) < 2:
        return None
    points = [read_point(p) for p in pieces]
    if not all(p and p.date != "present" and len(p.date) == 4 for p in points):
        return None
    terms = [p.term for p in points if p and p.term]
    if terms and len(terms) != len(points):
        return None
    years = sorted({p.date for p in points if p})
    one = years[0] if len(years) == 1 else None
    return When(single=one, start=None if one else years[0], end=None if one else years[-1],
                terms=terms, printed=printed, approximate=bool(terms), listed=years)


def _range(printed: str) -> When | None:
    for pattern in _RANGE:
        m = pattern.fullmatch(printed)
        if not m:
            continue
        left, right = m.group(1), m.group(2)
        if re.fullmatch(r"\d{2}", right) and re.fullmatch(r"\d{4}", left.strip()):
            right = left.strip()[:2] + right  # 2020–21
        a, b = read_point(left), read_point(right)
        if not a or not b or a.date == "present":
            continue
        if pattern is _ACADEMIC_YEAR and len(m.group(2)) == 4 and int(b.date[:4]) - int(a.date[:4]) != 1:
            continue  # "2020/2021" is an academic year; other pairs are not read
        if b.date != "present" and ends_before(b.date, a.date):
            return None  # "2021 – 2019": which end is wrong cannot be told
        terms = [t for t in (a.term, b.term) if t]
        if a.date == b.date and len(terms) < 2:
            return When(single=a.date, terms=terms, printed=printed,
                        approximate=a.approximate or b.approximate)
        return When(start=a.date, end=b.date, terms=terms, printed=printed,
                    approximate=a.approximate or b.approximate)
    return None


def parse_when(text: str) -> When | None:
    """A free-text date → :class:`When`, or None when it cannot be read (or is "present" alone)."""
    printed = " ".join(text.split())
    one = read_point(printed)
    if one:
        if one.date == "present":
            return None
        return When(single=one.date, terms=[one.term] if one.term else [], printed=printed,
                    approximate=one.approximate)
    return _listed(printed) or _range(printed)


_TRAILING_WHEN = (
    re.compile(r"^(?P<rest>.*?)[\s,;:–—-]*\((?P<when>[^()]*\d{4}[^()]*)\)\s*\.?$"),
    re.compile(r"^(?P<rest>.*?)\s*[,;|]\s*(?P<when>[^,;|]*\d{4}[^,;|]*?)\s*\.?$", re.IGNORECASE),
    re.compile(r"^(?P<rest>.*?)\s+[–—]\s+(?P<when>[^,;|–—]*\d{4}[^,;|]*?)\s*\.?$", re.IGNORECASE),
    re.compile(r"^(?P<when>(?:(?:spring|summer|fall|autumn|winter)\s+)?\d{4}(?:\s*(?:–|—|-|to)\s*(?:\d{4}|present))?)"
               r"\s*[:–—|-]\s*(?P<rest>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<rest>.*?\D)\s+(?P<when>\d{4})\s*\.?$"),
)


def split_when(text: str) -> tuple[str, When | None]:
    """``"Best Paper Award (2024)"`` → ("Best Paper Award", When(2024)); else (text, None)."""
    for pattern in _TRAILING_WHEN:
        m = pattern.match(text)
        if m and m.group("rest").strip():
            when = parse_when(m.group("when"))
            if when:
                return m.group("rest").strip().rstrip(",;:–—-").strip(), when
    return text, None


# ----------------------------------------------------------------------------- terms

def season_of(date: str) -> str | None:
    """A month date → its academic term (Jan–May Spring, Jun–Aug Summer, Sep–Dec Fall)."""
    if len(date) < 7:
        return None
    month = int(date[5:7])
    season = "Spring" if month <= 5 else "Summer" if month <= 8 else "Fall"
    return f"{season} {date[:4]}"


def terms_between(start: str, end: str) -> list[str]:
    """Every Spring/Fall term from a month date to another (Summer only at either end)."""
    first, last = season_of(start), season_of(end)
    if not first or not last:
        return []
    order = ("Spring", "Summer", "Fall")
    out: list[str] = []
    year, idx = int(first[-4:]), order.index(first.split()[0])
    end_year, end_idx = int(last[-4:]), order.index(last.split()[0])
    while (year, idx) <= (end_year, end_idx) and len(out) < 30:
        term = f"{order[idx]} {year}"
        if order[idx] != "Summer" or term in (first, last):
            out.append(term)
        idx += 1
        if idx == 3:
            idx, year = 0, year + 1
    return out
