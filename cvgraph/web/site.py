"""A static profile page (``index.html``) rendered from the CV's graph, for researchers
without a homepage (and as a preview for those with one).

Everything comes from the triples (through :class:`cvgraph.web.jsonld.Index`), not from the YAML
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
from collections.abc import Mapping, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from cvgraph.rdf.terms import IRI, Lit, Term, Triple
from cvgraph.web.jsonld import (
    BIBO,
    Index,
    JsonObject,
    S,
    in_order,
    profile_jsonld,
    script_element,
    term_text,
    works_of,
)
from cvgraph.web.sitefunding import (
    abstract,
    funded_by,
    grants,
    is_selected,
    keywords,
    media_links,
    same_as_label,
)
from cvgraph.web.siteview import Content, Entry, Interests, Link, Page, Publications, Runs, Venue, Work

__all__ = ["ENV", "TEMPLATES", "anchors", "is_linkable", "page", "render"]

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


# --- small helpers --------------------------------------------------------------------------

def is_linkable(url: str) -> bool:
    """Only http(s) and mailto addresses become links; anything else is shown as text.

    >>> [is_linkable(u) for u in ("https://a.org/", "mailto:a@b.org", "javascript:alert(1)")]
    [True, True, False]
    """
    return re.match(r"(?i)(https?://|mailto:)\S+$", url or "") is not None


def year_of(ix: Index, node: Node, prop: str = "datePublished") -> int | None:
    text = ix.text(node, S + prop)
    return int(text[:4]) if text[:4].isdigit() else None


def date(value: str) -> str:
    """``2020-06`` → ``Jun 2020``; ``2021-12-01`` → ``1 Dec 2021``; a year stays a year."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m or not 1 <= int(m[2]) <= 12:
        return value
    month = MONTHS[int(m[2]) - 1]
    return f"{int(m[3])} {month} {m[1]}" if m[3] else f"{month} {m[1]}"


def span(ix: Index, role: Node, ongoing: str = "present") -> str:
    start, end = ix.text(role, S + "startDate"), ix.text(role, S + "endDate")
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
    name = ix.text(org, S + "name")
    return f"{name}, {org_name(ix, parent, depth + 1)}" if parent is not None and depth < 4 else name


def place(ix: Index, node: Node) -> str:
    address = ix.value(node, S + "address")
    parts = [ix.text(address, S + p) for p in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) if address is not None else ""


# --- header, interests, skills --------------------------------------------------------------

def _contact(ix: Index, me: Term) -> list[Link | str]:
    contact: list[Link | str] = [Link("mailto:" + e, e) for e in ix.texts(me, S + "email")]
    contact += ix.texts(me, S + "telephone")
    contact += [Link(u, re.sub(r"^https?://", "", u).rstrip("/")) for u in ix.texts(me, S + "url")]
    for url in ix.texts(me, S + "sameAs"):
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
                name = ix.text(group, S + "name") if group is not None else "Other"
                groups[name].append(ix.text(term, S + "name"))
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
            into = "In " if ix.is_a(work, "Chapter") and ix.is_a(venue, "Book") else ""
            held = ix.text(parent, S + "name") if parent is not None else None
            return Venue(ix.text(venue, S + "name"), into, held), venue
    return None, None


def _scheme(ix: Index, work: Term, scheme: str) -> str:
    """The first identifier in ``scheme`` without its prefix: ``isbn:…`` → ``…``."""
    found = [i for i in ix.texts(work, S + "identifier") if i.lower().startswith(scheme + ":")]
    return found[0][len(scheme) + 1:] if found else ""


def _kind(ix: Index, work: Term) -> str:
    """What a work that is not an article is, in words."""
    if ix.is_a(work, "Thesis"):
        degree = ix.text(work, S + "inSupportOf")
        return f"{degree} thesis" if degree else "Thesis"
    if ix.is_a(work, "Report"):
        number = _scheme(ix, work, "report-number") or ix.text(work, BIBO + "number")
        return f"Report {number}" if number else "Report"
    return ""


def _details(ix: Index, work: Term) -> list[str | Venue]:
    """The venue line: kind, venue, publisher, volume, issue, pages, number, ISBN, year."""
    pages = ix.text(work, S + "pagination")
    numbers = (("vol.", ix.text(work, BIBO + "volume")), ("no.", ix.text(work, BIBO + "issue")),
               ("pp." if "-" in pages else "p.", pages.replace("-", DASH)),
               ("art.", "" if ix.is_a(work, "Report") else ix.text(work, BIBO + "number")))  # reports: _kind
    venue, venue_node = _venue(ix, work)
    # a publisher that is not the venue shown: a book's (or a chapter's book's) publisher
    publisher = ix.value(work, S + "publisher") or (ix.value(venue_node, S + "publisher")
                                                    if ix.is_a(work, "Chapter") else None)
    shown = ix.text(publisher, S + "name") if publisher not in (None, venue_node) else ""
    isbn = ix.text(work, S + "isbn") or _scheme(ix, work, "isbn")
    parts: list[str | Venue | None] = [_kind(ix, work), venue, shown]
    parts += [f"{label} {value}" for label, value in numbers if value]
    parts += [f"ISBN {isbn}" if isbn else "", str(year_of(ix, work) or "")]
    return [p for p in parts if p]


def work_item(ix: Index, me: Term, work: Term, ident: str, citation: Runs | None = None) -> Work:
    authors, editors = in_order(ix, work, "author"), in_order(ix, work, "editor")
    eds = " (eds.)" if len(editors) > 1 else " (ed.)"
    et_al = ", et al." if ix.text(work, CVG + "etAl") == "true" else ""
    doi = ix.text(work, BIBO + "doi")
    links = [Link("https://doi.org/" + doi, "doi:" + doi)] if doi else []
    links += [Link(u, "URL") for u in ix.texts(work, S + "url")]
    links += [Link(u, same_as_label(u)) for u in ix.texts(work, S + "sameAs")]
    links += media_links(ix, work)
    names = {a: (ix.text(a, S + "name"), a == me) for a in authors + editors}
    return Work(ident, ix.text(work, S + "name"), ix.text(work, S + "creativeWorkStatus"),
                [names[a] for a in authors or editors], et_al if authors else eds if editors else "",
                [names[e] for e in editors] if authors else [], _details(ix, work),
                " · ".join(ix.texts(work, S + "description")), ix.texts(work, S + "award"), links,
                abstract(ix, work), keywords(ix, work), funded_by(ix, work), is_selected(ix, work),
                list(citation or []))


def publications(ix: Index, me: Term, ids: dict[Term, str],
                 citations: Mapping[str, Runs] | None = None) -> Publications | None:
    by_year: defaultdict[int | None, list[Term]] = defaultdict(list)
    for w in sorted(works_of(ix, me), key=lambda w: (ix.text(w, S + "name").casefold(), term_text(w))):
        by_year[year_of(ix, w)].append(w)
    if not by_year:
        return None
    groups = []
    for year in sorted((y for y in by_year if y is not None), reverse=True) + [None] * (None in by_year):
        ordered = sorted(by_year[year], key=lambda w: ix.text(w, S + "datePublished"), reverse=True)  # stable
        groups.append((year, [work_item(ix, me, w, ids[w], (citations or {}).get(term_text(w)))
                              for w in ordered]))
    counts = {y: len(v) for y, v in by_year.items() if y is not None}
    per_year = [(y, counts.get(y, 0)) for y in range(min(counts), max(counts) + 1)] if counts else []
    status = [ix.text(w, S + "creativeWorkStatus") for v in by_year.values() for w in v]
    selected = [(w.ident, w.title) for _, ws in groups for w in ws if w.selected]
    return Publications(groups, per_year, len(by_year.get(None, [])), len(status), status.count("Preprint"),
                        status.count("Unpublished"), selected)


# --- roles, teaching, talks, service, awards -----------------------------------------------

def _roles(ix: Index, me: Term, prop: str, kind: str) -> list[Term]:
    """The roles of ``kind`` under ``prop``, newest first."""
    roles = [r for r in ix.objects(me, S + prop) if ix.is_a(r, kind)]
    return sorted(roles, reverse=True,
                  key=lambda r: (ix.text(r, S + "startDate") or ix.text(r, S + "endDate"), term_text(r)))


def _advisors(ix: Index, role: Term) -> str:
    """The role's advisors, from the Role pattern on schema:knows."""
    people = [ix.text(p, S + "name") for a in ix.subjects(DCT + "relation", role)
              for p in ix.objects(a, S + "knows")]
    return f"Advisor{'s' if len(people) > 1 else ''}: {', '.join(people)}" if people else ""


def education(ix: Index, me: Term) -> list[Entry]:
    items = []
    for role in _roles(ix, me, "alumniOf", "OrganizationRole"):
        org, degree = ix.value(role, S + "alumniOf"), ix.text(role, S + "roleName")
        theses = [t for t in ix.subjects(S + "author", me) if ix.is_a(t, "Thesis")
                  and org in ix.objects(t, S + "sourceOrganization")
                  and any(d in degree for d in ix.texts(t, S + "inSupportOf"))]
        items.append(Entry(degree, org_name(ix, org), when=span(ix, role, ""),
                           theses=[Link(ix.text(t, S + "url"), ix.text(t, S + "name")) for t in theses],
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
        items.append(Entry(ix.text(role, S + "roleName"), org_name(ix, org), place(ix, org), span(ix, role),
                           subs=[" · ".join(ix.texts(role, S + "description")), _advisors(ix, role)]))
    return items


def _term_key(ix: Index, term: Term) -> tuple[str, int, str]:
    """``Spring 2023`` before ``Fall 2023``."""
    name = ix.text(term, S + "name")
    return (ix.text(term, S + "startDate"), SEASONS.get(name.split(" ")[0].lower(), 9), name)


def teaching(ix: Index, me: Term) -> list[Entry]:
    rows = []
    for course in [s for s in ix.spo if ix.is_a(s, "Course")]:
        terms = sorted((i for i in ix.objects(course, S + "hasCourseInstance")
                        if me in ix.objects(i, S + "instructor")), key=lambda i: _term_key(ix, i))
        if terms:
            code, org = ix.text(course, S + "courseCode"), ix.value(course, S + "provider")
            sub = " · ".join(x for x in [org_name(ix, org) if org is not None else "",
                                         ", ".join(ix.text(t, S + "name") for t in terms)] if x)
            rows.append((_term_key(ix, terms[-1]), Entry(code, ix.text(course, S + "name"), subs=[sub])))
    rows.sort(key=lambda r: (r[1].head, r[1].tail))
    rows.sort(key=lambda r: r[0], reverse=True)  # latest term first, then by course code
    return [entry for _, entry in rows]


def talks(ix: Index, me: Term) -> list[Entry]:
    events = [e for e in ix.subjects(S + "performer", me) if ix.is_a(e, "Event")]
    items = []
    for e in sorted(events, key=lambda e: (ix.text(e, S + "startDate"), term_text(e)), reverse=True):
        where = [org_name(ix, o) for o in ix.objects(e, S + "organizer")]
        where += [ix.text(s, S + "name") for s in ix.objects(e, S + "superEvent")]
        items.append(Entry(ix.text(e, S + "name"), when=date(ix.text(e, S + "startDate")),
                           subs=[", ".join(where), " · ".join(ix.texts(e, S + "description"))]))
    return items


def service(ix: Index, me: Term) -> list[tuple[str, list[Entry]]]:
    """Per role: the venues and their years, collapsed."""
    groups: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for role in ix.objects(me, S + "memberOf"):
        venue = ix.value(role, VIVO + "roleContributesTo")  # a role for a venue, not volunteering
        if ix.is_a(role, "OrganizationRole") and venue is not None:
            year = year_of(ix, role, "startDate")
            groups[ix.text(role, S + "roleName")][ix.text(venue, S + "name")].extend([year] if year else [])
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
    for text in sorted(ix.texts(me, S + "award"), key=lambda t: (year(t), t), reverse=True):
        for_works = [(i, ix.text(w, S + "name")) for w, i in ids.items() if text in ix.texts(w, S + "award")]
        items.append(Entry(re.sub(r"\s*\(\d{4}\)$", "", text), when=year(text), works=for_works))
    return items


# --- the page -------------------------------------------------------------------------------

def page(triples: Sequence[Triple], document: str, citations: Mapping[str, Runs] | None = None) -> Page:
    """The view model of the page for the CV whose document IRI is ``document``; ``citations``
    (work IRI → the work in a citation style, as text runs) replace the works' own lines."""
    jsonld = profile_jsonld(triples, document)  # a CvgraphError if the document has no owner
    ix = Index(triples)
    doc = IRI(document)
    me = ix.value(doc, S + "mainEntity")
    assert me is not None  # profile_jsonld checked
    ids = anchors(works_of(ix, me))
    sections: dict[str, Content] = {
        "about": interests(ix, me), "publications": publications(ix, me, ids, citations), "education": education(ix, me),
        "employment": positions(ix, me, "worksFor", "EmployeeRole"),
        "internships": positions(ix, me, "affiliation", "OrganizationRole"),
        "volunteering": positions(ix, me, "memberOf", "OrganizationRole", volunteer=True),
        "teaching": teaching(ix, me), "talks": talks(ix, me), "service": service(ix, me),
        "awards": awards(ix, me, ids), "grants": grants(ix, me)}
    modified = ix.text(doc, S + "dateModified")
    return Page(ix.text(me, S + "name"), ix.text(me, S + "jobTitle"), _orgs(ix, me), _contact(ix, me),
                {i: c for i, c in sections.items() if c}, date(modified) if modified else "", jsonld)


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


def render(triples: Sequence[Triple], document: str, citations: Mapping[str, Runs] | None = None) -> str:
    """The whole page (HTML text) for the CV whose document IRI is ``document`` (``citations``: see
    :func:`page`)."""
    return ENV.get_template("site.html.j2").render(page=page(triples, document, citations))
