"""A static profile page (``index.html``) rendered from the CV's graph, for researchers
without a homepage (and as a preview for those with one).

Everything comes from the triples (through :class:`cvgraph.embed.Index`), not from the YAML
records; the page needs nothing from the web (inline CSS and SVG, system fonts, no scripts but
the JSON-LD block). This module turns the graph into a small view model (plain text, numbers and
dataclasses: no markup); the Jinja2 templates in ``templates/`` write the HTML with autoescaping
on, so every text is escaped, and only http(s) and mailto addresses become links: hostile text in
a CV shows as text. Same graph, same bytes.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .embed import BIBO, Index, JsonObject, S, in_order, profile_jsonld, script_element, term_text, works_of
from .terms import IRI, Lit, Term, Triple

__all__ = ["ENV", "TEMPLATES", "Entry", "Interests", "Link", "Names", "Page", "Publications", "Section",
           "Venue", "Work", "anchors", "is_linkable", "page", "render"]

VIVO, DCT = "http://vivoweb.org/ontology/core#", "http://purl.org/dc/terms/"
CVG = "https://w3id.org/cvgraph/terms#"  # cvg:etAl: the printed author list ends with "et al."
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {"winter": 0, "spring": 1, "summer": 2, "fall": 3, "autumn": 3}
PROFILES = {"orcid.org": "ORCID", "dblp.org": "DBLP", "scholar.google.com": "Google Scholar",
            "github.com": "GitHub", "gitlab.com": "GitLab", "linkedin.com": "LinkedIn",
            "researchgate.net": "ResearchGate", "semanticscholar.org": "Semantic Scholar"}
DASH = "\N{EN DASH}"
TEMPLATES = Path(__file__).with_name("templates")  # shipped inside the package, beside this module

Node = Term | None  # a node of the graph, or None where a lookup found nothing


# --- the view model: plain text and numbers, no markup ------------------------------------

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


@dataclass(frozen=True)
class Publications:
    groups: list[tuple[int | None, list[Work]]]  # by year, newest first, then the undated (None)
    per_year: list[tuple[int, int]]  # (year, works) from the first year to the last, for the chart
    undated: int
    total: int
    preprints: int
    unpublished: int


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


@dataclass(frozen=True)
class Section:  # shown if it has content
    id: str
    short: str  # in the navigation
    heading: str
    kind: str  # how the template lays it out: interests, publications, service, or an entry style
    content: Interests | Publications | list[Entry] | list[tuple[str, list[Entry]]] | None


@dataclass(frozen=True)
class Page:
    name: str
    job: str
    orgs: str  # "Department, University · Place"
    contact: list[Link | str]  # links, and telephone numbers as text
    sections: list[Section]
    updated: str
    jsonld: JsonObject


# --- small helpers --------------------------------------------------------------------------

def is_linkable(url: str) -> bool:
    """Only http(s) and mailto addresses become links; anything else is shown as text.

    >>> [is_linkable(u) for u in ("https://a.org/", "mailto:a@b.org", "javascript:alert(1)")]
    [True, True, False]
    """
    return re.match(r"(?i)(https?://|mailto:)\S+$", url or "") is not None


def _v(ix: Index, node: Node, prop: str, ns: str = S) -> str:
    """The text of the node's first value of ``prop``."""
    return term_text(ix.value(node, ns + prop))


def _all(ix: Index, node: Node, prop: str, ns: str = S) -> list[str]:
    return sorted(term_text(v) for v in ix.objects(node, ns + prop))


def _is(ix: Index, node: Node, kind: str) -> bool:
    return S + kind in ix.types(node)


def year_of(ix: Index, node: Node, prop: str = "datePublished") -> int | None:
    text = _v(ix, node, prop)
    return int(text[:4]) if text[:4].isdigit() else None


def date(value: str) -> str:
    """``2020-06`` → ``Jun 2020``; ``2021-12-01`` → ``1 Dec 2021``; a year stays a year."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m or not 1 <= int(m[2]) <= 12:
        return value
    month = MONTHS[int(m[2]) - 1]
    return f"{int(m[3])} {month} {m[1]}" if m[3] else f"{month} {m[1]}"


def span(ix: Index, role: Node, ongoing: str = "present") -> str:
    start, end = _v(ix, role, "startDate"), _v(ix, role, "endDate")
    if not start or start == end:
        return date(end or start)
    return f"{date(start)} {DASH} {date(end) if end else ongoing}".rstrip(f" {DASH}")


def years(values: Sequence[int]) -> str:
    """Runs of years: 2021, 2022, 2023 and 2025 give ``2021-2023, 2025`` (with an en dash)."""
    runs: list[list[int]] = []
    for y in sorted(set(values)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}{DASH}{b}" for a, b in runs)


def org_name(ix: Index, org: Node, depth: int = 0) -> str:
    """``Department, University``: the organisation and its parents."""
    parent = ix.value(org, S + "parentOrganization")
    name = _v(ix, org, "name")
    return f"{name}, {org_name(ix, parent, depth + 1)}" if parent is not None and depth < 4 else name


def place(ix: Index, node: Node) -> str:
    address = ix.value(node, S + "address")
    parts = [_v(ix, address, p) for p in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) if address is not None else ""


# --- header, interests, skills --------------------------------------------------------------

def _contact(ix: Index, me: Term) -> list[Link | str]:
    contact: list[Link | str] = [Link("mailto:" + e, e) for e in _all(ix, me, "email")]
    contact += _all(ix, me, "telephone")
    contact += [Link(u, re.sub(r"^https?://", "", u).rstrip("/")) for u in _all(ix, me, "url")]
    for url in _all(ix, me, "sameAs"):
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
        contact.append(Link(url, PROFILES.get(host, host)))
    return contact


def _orgs(ix: Index, me: Term) -> str:
    orgs = [o for o in ix.objects(me, S + "worksFor") if not any(t.endswith("Role") for t in ix.types(o))]
    parents = {p for o in orgs for p in ix.objects(o, S + "parentOrganization")}
    where = sorted(org_name(ix, o) for o in orgs if o not in parents) + [p for p in [place(ix, me)] if p]
    return " · ".join(where)


def interests(ix: Index, me: Term) -> Interests | None:
    topics = sorted(v.value for v in ix.objects(me, S + "knowsAbout") if isinstance(v, Lit))
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for term in ix.objects(me, S + "knowsAbout"):
        if isinstance(term, IRI):
            sets: list[Term | None] = [*ix.objects(term, S + "inDefinedTermSet")] or [None]
            for group in sets:
                groups[_v(ix, group, "name") if group is not None else "Other"].append(_v(ix, term, "name"))
    skills = [(g, ", ".join(sorted(groups[g], key=str.casefold))) for g in sorted(groups, key=str.casefold)]
    return Interests(topics, skills) if topics or skills else None


# --- publications ---------------------------------------------------------------------------

def anchors(items: Sequence[Term]) -> dict[Term, str]:
    """Each work's element id: ``pub-<id>`` for ``D#pub-<id>``, ``pub-<DOI slug>`` for works named
    by their DOI (``-2``, ``-3`` … should two slugs meet)."""
    out: dict[Term, str] = {}
    for work in sorted(items, key=term_text):
        iri = term_text(work)
        if "#pub-" in iri:
            ident = "pub-" + iri.split("#pub-", 1)[1]
        else:
            doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", iri).lower()
            ident = "pub-" + (re.sub(r"[^a-z0-9]+", "-", doi).strip("-") or "work")
        taken, n = set(out.values()), 1
        while (ident if n == 1 else f"{ident}-{n}") in taken:
            n += 1
        out[work] = ident if n == 1 else f"{ident}-{n}"
    return out


def _venue(ix: Index, work: Term) -> tuple[Venue | None, Node]:
    """The venue shown and its node: the journal, event, book, series or publisher."""
    for prop, ns in (("isPartOf", S), ("presentedAt", BIBO), ("publisher", S)):
        venue = ix.value(work, ns + prop)
        if venue is not None:
            parent = ix.value(venue, S + "superEvent")
            into = "In " if _is(ix, work, "Chapter") and _is(ix, venue, "Book") else ""
            held = _v(ix, parent, "name") if parent is not None else None
            return Venue(_v(ix, venue, "name"), into, held), venue
    return None, None


def _scheme(ix: Index, work: Term, scheme: str) -> str:
    """The first identifier in ``scheme`` without its prefix: ``isbn:…`` → ``…``."""
    found = [i[len(scheme) + 1:] for i in _all(ix, work, "identifier") if i.lower().startswith(scheme + ":")]
    return found[0] if found else ""


def _kind(ix: Index, work: Term) -> str:
    """What a work that is not an article is, in words."""
    if _is(ix, work, "Thesis"):
        degree = _v(ix, work, "inSupportOf")
        return f"{degree} thesis" if degree else "Thesis"
    if _is(ix, work, "Report"):
        number = _scheme(ix, work, "report-number") or _v(ix, work, "number", BIBO)
        return f"Report {number}" if number else "Report"
    return ""


def _details(ix: Index, work: Term) -> list[str | Venue]:
    """The venue line: kind, venue, publisher, volume, issue, pages, number, ISBN, year."""
    pages = _v(ix, work, "pagination")
    numbers = (("vol.", _v(ix, work, "volume", BIBO)), ("no.", _v(ix, work, "issue", BIBO)),
               ("pp." if "-" in pages else "p.", pages.replace("-", DASH)),
               ("art.", "" if _is(ix, work, "Report") else _v(ix, work, "number", BIBO)))  # a report's: _kind
    venue, venue_node = _venue(ix, work)
    # a publisher that is not the venue shown: a book's (or a chapter's book's) publisher
    publisher = ix.value(work, S + "publisher") or (ix.value(venue_node, S + "publisher")
                                                    if _is(ix, work, "Chapter") else None)
    shown = _v(ix, publisher, "name") if publisher not in (None, venue_node) else ""
    isbn = _v(ix, work, "isbn") or _scheme(ix, work, "isbn")
    parts: list[str | Venue | None] = [_kind(ix, work), venue, shown]
    parts += [f"{label} {value}" for label, value in numbers if value]
    parts += [f"ISBN {isbn}" if isbn else "", str(year_of(ix, work) or "")]
    return [p for p in parts if p]


def work_item(ix: Index, me: Term, work: Term, ident: str) -> Work:
    authors, editors = in_order(ix, work, "author"), in_order(ix, work, "editor")
    eds = " (eds.)" if len(editors) > 1 else " (ed.)"
    et_al = ", et al." if _v(ix, work, "etAl", CVG) == "true" else ""
    doi = _v(ix, work, "doi", BIBO)
    links = [Link("https://doi.org/" + doi, "doi:" + doi)] if doi else []
    links += [Link(u, "URL") for u in _all(ix, work, "url")]
    links += [Link(u, "arXiv" if "arxiv.org/" in u else u) for u in _all(ix, work, "sameAs")]
    names = {a: (_v(ix, a, "name"), a == me) for a in authors + editors}
    return Work(ident, _v(ix, work, "name"), _v(ix, work, "creativeWorkStatus"),
                [names[a] for a in authors or editors], et_al if authors else eds if editors else "",
                [names[e] for e in editors] if authors else [], _details(ix, work),
                " · ".join(_all(ix, work, "description")), _all(ix, work, "award"), links)


def publications(ix: Index, me: Term, ids: dict[Term, str]) -> Publications | None:
    by_year: defaultdict[int | None, list[Term]] = defaultdict(list)
    for w in sorted(works_of(ix, me), key=lambda w: (_v(ix, w, "name").casefold(), term_text(w))):
        by_year[year_of(ix, w)].append(w)
    if not by_year:
        return None
    groups = []
    for year in sorted((y for y in by_year if y is not None), reverse=True) + [None] * (None in by_year):
        ordered = sorted(by_year[year], key=lambda w: _v(ix, w, "datePublished"), reverse=True)  # stable
        groups.append((year, [work_item(ix, me, w, ids[w]) for w in ordered]))
    counts = {y: len(v) for y, v in by_year.items() if y is not None}
    per_year = [(y, counts.get(y, 0)) for y in range(min(counts), max(counts) + 1)] if counts else []
    status = [_v(ix, w, "creativeWorkStatus") for v in by_year.values() for w in v]
    return Publications(groups, per_year, len(by_year.get(None, [])), len(status), status.count("Preprint"),
                        status.count("Unpublished"))


# --- roles, teaching, talks, service, awards -----------------------------------------------

def _roles(ix: Index, me: Term, prop: str, kind: str) -> list[Term]:
    """The roles of ``kind`` under ``prop``, newest first."""
    roles = [r for r in ix.objects(me, S + prop) if _is(ix, r, kind)]
    return sorted(roles, key=lambda r: (_v(ix, r, "startDate") or _v(ix, r, "endDate"), term_text(r)),
                  reverse=True)


def _advisors(ix: Index, role: Term) -> str:
    """The role's advisors, from the Role pattern on schema:knows."""
    people = [_v(ix, p, "name") for a in ix.subjects(DCT + "relation", role)
              for p in ix.objects(a, S + "knows")]
    return f"Advisor{'s' if len(people) > 1 else ''}: {', '.join(people)}" if people else ""


def education(ix: Index, me: Term) -> list[Entry]:
    items = []
    for role in _roles(ix, me, "alumniOf", "OrganizationRole"):
        org, degree = ix.value(role, S + "alumniOf"), _v(ix, role, "roleName")
        theses = [t for t in ix.subjects(S + "author", me) if _is(ix, t, "Thesis")
                  and org in ix.objects(t, S + "sourceOrganization")
                  and any(d in degree for d in _all(ix, t, "inSupportOf"))]
        items.append(Entry(degree, org_name(ix, org), when=span(ix, role, ""),
                           theses=[Link(_v(ix, t, "url"), _v(ix, t, "name")) for t in theses],
                           subs=[_advisors(ix, role)]))
    return items


def positions(ix: Index, me: Term, prop: str, kind: str, volunteer: bool = False) -> list[Entry]:
    """Employment, internships, or (``volunteer``) the roles under schema:memberOf that are not
    service for a venue: volunteering and memberships."""
    roles = _roles(ix, me, prop, kind)
    if volunteer:
        roles = [r for r in roles if ix.value(r, VIVO + "roleContributesTo") is None]  # not service
    items = []
    for role in roles:
        org = ix.value(role, S + prop)
        items.append(Entry(_v(ix, role, "roleName"), org_name(ix, org), place(ix, org), span(ix, role),
                           subs=[" · ".join(_all(ix, role, "description")), _advisors(ix, role)]))
    return items


def _term_key(ix: Index, term: Term) -> tuple[str, int, str]:
    """``Spring 2023`` before ``Fall 2023``."""
    name = _v(ix, term, "name")
    return (_v(ix, term, "startDate"), SEASONS.get(name.split(" ")[0].lower(), 9), name)


def teaching(ix: Index, me: Term) -> list[Entry]:
    rows = []
    for course in [s for s in ix.spo if _is(ix, s, "Course")]:
        terms = sorted((i for i in ix.objects(course, S + "hasCourseInstance")
                        if me in ix.objects(i, S + "instructor")), key=lambda i: _term_key(ix, i))
        if terms:
            code, org = _v(ix, course, "courseCode"), ix.value(course, S + "provider")
            sub = " · ".join(x for x in [org_name(ix, org) if org is not None else "",
                                         ", ".join(_v(ix, t, "name") for t in terms)] if x)
            rows.append((_term_key(ix, terms[-1]), Entry(code, _v(ix, course, "name"), subs=[sub])))
    rows.sort(key=lambda r: (r[1].head, r[1].tail))
    rows.sort(key=lambda r: r[0], reverse=True)  # latest term first, then by course code
    return [entry for _, entry in rows]


def talks(ix: Index, me: Term) -> list[Entry]:
    events = [e for e in ix.subjects(S + "performer", me) if _is(ix, e, "Event")]
    items = []
    for e in sorted(events, key=lambda e: (_v(ix, e, "startDate"), term_text(e)), reverse=True):
        where = [org_name(ix, o) for o in ix.objects(e, S + "organizer")]
        where += [_v(ix, s, "name") for s in ix.objects(e, S + "superEvent")]
        items.append(Entry(_v(ix, e, "name"), when=date(_v(ix, e, "startDate")),
                           subs=[", ".join(where), " · ".join(_all(ix, e, "description"))]))
    return items


def service(ix: Index, me: Term) -> list[tuple[str, list[Entry]]]:
    """Per role: the venues and their years, collapsed."""
    groups: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for role in ix.objects(me, S + "memberOf"):
        venue = ix.value(role, VIVO + "roleContributesTo")  # a role for a venue, not volunteering
        if _is(ix, role, "OrganizationRole") and venue is not None:
            year = year_of(ix, role, "startDate")
            groups[_v(ix, role, "roleName")][_v(ix, venue, "name")].extend([year] if year else [])
    out = []
    for name in sorted(groups, key=str.casefold):
        venues = sorted(groups[name].items(), key=lambda kv: (-max(kv[1], default=0), kv[0].casefold()))
        out.append((name, [Entry(v, when=years(ys)) for v, ys in venues]))
    return out


def awards(ix: Index, me: Term, ids: dict[Term, str]) -> list[Entry]:
    """``Name (Year)``, linked to the work it was for."""
    def year(text: str) -> str:
        m = re.search(r"\((\d{4})\)$", text)
        return m[1] if m else ""

    items = []
    for text in sorted(_all(ix, me, "award"), key=lambda t: (year(t), t), reverse=True):
        for_works = [(ident, _v(ix, w, "name")) for w, ident in ids.items() if text in _all(ix, w, "award")]
        items.append(Entry(re.sub(r"\s*\(\d{4}\)$", "", text), when=year(text), works=for_works))
    return items


# --- the page -------------------------------------------------------------------------------

def page(triples: Sequence[Triple], document: str) -> Page:
    """The view model of the page for the CV whose document IRI is ``document``."""
    jsonld = profile_jsonld(triples, document)  # a CvgraphError if the document has no owner
    ix = Index(triples)
    doc = IRI(document)
    me = ix.value(doc, S + "mainEntity")
    assert me is not None  # profile_jsonld checked
    ids = anchors(works_of(ix, me))
    sections = [
        Section("about", "Interests", "Research interests", "interests", interests(ix, me)),
        Section("publications", "Publications", "Publications", "publications", publications(ix, me, ids)),
        Section("education", "Education", "Education", "degree", education(ix, me)),
        Section("employment", "Employment", "Employment", "position",
                positions(ix, me, "worksFor", "EmployeeRole")),
        Section("internships", "Internships", "Research internships", "position",
                positions(ix, me, "affiliation", "OrganizationRole")),
        Section("volunteering", "Volunteering", "Volunteering", "position",
                positions(ix, me, "memberOf", "OrganizationRole", volunteer=True)),
        Section("teaching", "Teaching", "Teaching", "course", teaching(ix, me)),
        Section("talks", "Talks", "Invited talks", "talk", talks(ix, me)),
        Section("service", "Service", "Professional service", "service", service(ix, me)),
        Section("awards", "Awards", "Awards", "award", awards(ix, me, ids))]
    modified = _v(ix, doc, "dateModified")
    return Page(_v(ix, me, "name"), _v(ix, me, "jobTitle"), _orgs(ix, me), _contact(ix, me),
                [s for s in sections if s.content], date(modified) if modified else "", jsonld)


def _escape(value: object) -> Markup:
    """Each ``{{ value }}`` escaped as :func:`html.escape` writes it (``&quot;``, ``&#x27;``: the
    bytes the page had before it came from templates); markup from macros and the JSON-LD filter
    passes as it is. Autoescaping stays on behind it."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


def _script_element(doc: JsonObject) -> Markup:
    """The JSON-LD ``<script>`` element: JSON made safe for ``<script>`` by embed's escaper."""
    return Markup(script_element(doc))


# the page's templates: autoescaping on, an undefined name an error, whitespace as written
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                  finalize=_escape, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
ENV.filters["script_element"] = _script_element
ENV.tests["linkable"] = is_linkable


def render(triples: Sequence[Triple], document: str) -> str:
    """The whole page (HTML text) for the CV whose document IRI is ``document``."""
    return ENV.get_template("site.html.j2").render(page=page(triples, document))
