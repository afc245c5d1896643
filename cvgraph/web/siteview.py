"""The profile page's view model: plain text and numbers, no markup. :mod:`cvgraph.web.site`
fills it from the graph; the Jinja2 templates in ``templates/`` write it as HTML."""
from __future__ import annotations

from dataclasses import dataclass, field

from cvgraph.web.jsonld import JsonObject

__all__ = ["Content", "Entry", "Interests", "Link", "Names", "Page", "Publications", "Runs", "Venue", "Work"]


@dataclass(frozen=True)
class Link:  # the templates make it a link only if is_linkable(url)
    url: str
    text: str


@dataclass(frozen=True)
class Venue:  # in a work's details: <prefix><em>name</em> (held with …)
    name: str
    prefix: str = ""  # "In " for a chapter's book
    held_with: str | None = None  # the event it was held with


Names = list[tuple[str, bool]]  # a byline in printed order: (name, is the owner: in bold)
Runs = list[tuple[str, tuple[str, ...], bool]]  # a formatted citation: (text, its styles, part of the owner's name)


@dataclass(frozen=True)
class Work:
    ident: str  # the element id
    title: str
    status: str  # a badge: Preprint, Unpublished …
    byline: Names  # the authors, else the editors …
    suffix: str  # … then ", et al.", " (ed.)" or " (eds.)"
    editors: Names  # "Edited by …", when there are authors too
    details: list[str | Venue]  # joined with ", "
    notes: str
    awards: list[str]
    links: list[Link]
    abstract: str = ""  # shown collapsed
    keywords: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)  # "Title (Funder, number)"
    selected: bool = False  # a selected (featured) work: marked, and listed first
    citation: Runs = field(default_factory=list)  # site --style: the work as the style prints it


@dataclass(frozen=True)
class Publications:
    groups: list[tuple[int | None, list[Work]]]  # by year, newest first, then the undated (None)
    per_year: list[tuple[int, int]]  # (year, works) from the first year to the last, for the chart
    undated: int
    total: int
    preprints: int
    unpublished: int
    selected: list[tuple[str, str]] = field(default_factory=list)  # (element id, title), listed first


@dataclass(frozen=True)
class Interests:
    topics: list[str]
    skills: list[tuple[str, str]]  # (group, its items)


@dataclass(frozen=True)
class Entry:  # one row: head (tail, place) left, when right; then theses, works awarded, non-empty subs
    head: str
    tail: str = ""
    place: str = ""
    when: str = ""
    theses: list[Link] = field(default_factory=list)
    works: list[tuple[str, str]] = field(default_factory=list)  # (element id, title)
    subs: list[str] = field(default_factory=list)


Content = Interests | Publications | list[Entry] | list[tuple[str, list[Entry]]] | None  # a section's


@dataclass(frozen=True)
class Page:
    name: str
    job: str
    orgs: str  # "Department, University · Place"
    contact: list[Link | str]  # links, and telephone numbers as text
    sections: dict[str, Content]  # by element id, those with content (the template orders and names them)
    updated: str
    jsonld: JsonObject


