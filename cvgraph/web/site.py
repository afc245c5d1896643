"""A static profile page (``index.html``) rendered from the CV's graph, for researchers
without a homepage (and as a preview for those with one).

Everything comes from the triples (through :class:`cvgraph.embed.Index`), not from the YAML
records; the page needs nothing from the web (inline CSS and SVG, system fonts, no scripts but
the JSON-LD block). Every text is HTML-escaped and only http(s) and mailto addresses become
links, so hostile text in a CV shows as text. Same graph, same bytes.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence

from cvgraph.web.jsonld import BIBO, Index, S, in_order, profile_jsonld, script_element, works_of
from cvgraph.rdf.terms import IRI, Lit, Triple

__all__ = ["CSS", "anchors", "render", "works"]

VIVO, DCT = "http://vivoweb.org/ontology/core#", "http://purl.org/dc/terms/"
CVG = "https://w3id.org/cvgraph/terms#"  # cvg:etAl: the printed author list ends with "et al."
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {"winter": 0, "spring": 1, "summer": 2, "fall": 3, "autumn": 3}
PROFILES = {"orcid.org": "ORCID", "dblp.org": "DBLP", "scholar.google.com": "Google Scholar",
            "github.com": "GitHub", "gitlab.com": "GitLab", "linkedin.com": "LinkedIn",
            "researchgate.net": "ResearchGate", "semanticscholar.org": "Semantic Scholar"}


# --- small helpers --------------------------------------------------------------------------

def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def link(url: str, text: str | None = None) -> str:
    """``<a>`` for http(s) and mailto addresses only; anything else is shown as plain text."""
    label = esc(url if text is None else text)
    safe = re.match(r"(?i)(https?://|mailto:)\S+$", url or "")
    return f'<a href="{esc(url)}">{label}</a>' if safe else label


def div(cls: str, content: str) -> str:
    return f'<div class="{cls}">{content}</div>' if content else ""


def _v(ix: Index, node, prop: str, ns: str = S) -> str:  # noqa: ANN001 - first value's text
    value = ix.value(node, ns + prop)
    return value.value if value is not None else ""


def _all(ix: Index, node, prop: str, ns: str = S) -> list[str]:  # noqa: ANN001
    return sorted(v.value for v in ix.objects(node, ns + prop))


def _is(ix: Index, node, kind: str) -> bool:  # noqa: ANN001
    return S + kind in ix.types(node)


def year_of(ix: Index, node, prop: str = "datePublished") -> int | None:  # noqa: ANN001
    text = _v(ix, node, prop)
    return int(text[:4]) if text[:4].isdigit() else None


def date(value: str) -> str:
    """``2020-06`` → ``Jun 2020``; ``2021-12-01`` → ``1 Dec 2021``; a year stays a year."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m or not 1 <= int(m[2]) <= 12:
        return value
    month = MONTHS[int(m[2]) - 1]
    return f"{int(m[3])} {month} {m[1]}" if m[3] else f"{month} {m[1]}"


def span(ix: Index, role, ongoing: str = "present") -> str:  # noqa: ANN001
    start, end = _v(ix, role, "startDate"), _v(ix, role, "endDate")
    if not start or start == end:
        return date(end or start)
    return f"{date(start)} – {date(end) if end else ongoing}".rstrip(" –")


def years(values: Sequence[int]) -> str:
    """``[2021, 2022, 2023, 2025]`` → ``2021–2023, 2025``."""
    runs: list[list[int]] = []
    for y in sorted(set(values)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def org_name(ix: Index, org, depth: int = 0) -> str:  # noqa: ANN001 - "Department, University"
    parent = ix.value(org, S + "parentOrganization")
    name = _v(ix, org, "name")
    return f"{name}, {org_name(ix, parent, depth + 1)}" if parent is not None and depth < 4 else name


def place(ix: Index, node) -> str:  # noqa: ANN001
    address = ix.value(node, S + "address")
    parts = [_v(ix, address, p) for p in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) if address is not None else ""


def entry(what: str, when: str = "", subs: Sequence[str] = ()) -> str:
    """One row of a section: ``what`` (HTML) on the left, ``when`` (text) on the right, sub-lines below."""
    right = f'<span class="when">{esc(when)}</span>' if when else ""
    return (f'<li><div class="row"><span class="what">{what}</span>{right}</div>'
            + "".join(div("sub", s) for s in subs) + "</li>")


def entries(items: Sequence[str], cls: str = "entries") -> str:
    return f'<ul class="{cls}">{"".join(items)}</ul>' if items else ""


# --- header, interests, skills --------------------------------------------------------------

def header(ix: Index, me) -> str:  # noqa: ANN001
    orgs = [o for o in ix.objects(me, S + "worksFor") if not any(t.endswith("Role") for t in ix.types(o))]
    parents = {p for o in orgs for p in ix.objects(o, S + "parentOrganization")}
    where = sorted(org_name(ix, o) for o in orgs if o not in parents) + [p for p in [place(ix, me)] if p]
    out = [f'<h1>{esc(_v(ix, me, "name"))}</h1>']
    if _v(ix, me, "jobTitle"):
        out.append(f'<p class="job">{esc(_v(ix, me, "jobTitle"))}</p>')
    if where:
        out.append(f'<p class="orgs">{" · ".join(esc(w) for w in where)}</p>')
    contact = [link("mailto:" + e, e) for e in _all(ix, me, "email")]
    contact += [f"<span>{esc(t)}</span>" for t in _all(ix, me, "telephone")]
    contact += [link(u, re.sub(r"^https?://", "", u).rstrip("/")) for u in _all(ix, me, "url")]
    for url in _all(ix, me, "sameAs"):
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
        contact.append(link(url, PROFILES.get(host, host)))
    if contact:
        out.append(f'<ul class="contact">{"".join(f"<li>{c}</li>" for c in contact)}</ul>')
    return f'<header class="top">{"".join(out)}</header>'


def interests_and_skills(ix: Index, me) -> str:  # noqa: ANN001
    topics = sorted(v.value for v in ix.objects(me, S + "knowsAbout") if isinstance(v, Lit))
    out = f'<ul class="chips">{"".join(f"<li>{esc(t)}</li>" for t in topics)}</ul>' if topics else ""
    groups: dict = defaultdict(list)
    for term in ix.objects(me, S + "knowsAbout"):
        if isinstance(term, IRI):
            for group in ix.objects(term, S + "inDefinedTermSet") or [None]:
                groups[_v(ix, group, "name") if group is not None else "Other"].append(_v(ix, term, "name"))
    if groups:
        rows = "".join(f"<dt>{esc(g)}</dt><dd>{esc(', '.join(sorted(groups[g], key=str.casefold)))}</dd>"
                       for g in sorted(groups, key=str.casefold))
        out += f'<h3>Skills</h3><dl class="skills">{rows}</dl>'
    return out


# --- publications ---------------------------------------------------------------------------

def works(ix: Index, me) -> list:  # noqa: ANN001 - every kind, written or edited, by IRI
    return works_of(ix, me)


def anchors(items: Sequence[IRI]) -> dict[IRI, str]:
    """Each work's element id: ``pub-<id>`` for ``D#pub-<id>``, ``pub-<DOI slug>`` for works named
    by their DOI (``-2``, ``-3`` … should two slugs meet)."""
    out: dict[IRI, str] = {}
    for work in sorted(items):
        if "#pub-" in work.value:
            ident = "pub-" + work.value.split("#pub-", 1)[1]
        else:
            doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", work.value).lower()
            ident = "pub-" + (re.sub(r"[^a-z0-9]+", "-", doi).strip("-") or "work")
        taken, n = set(out.values()), 1
        while (ident if n == 1 else f"{ident}-{n}") in taken:
            n += 1
        out[work] = ident if n == 1 else f"{ident}-{n}"
    return out


def _venue(ix: Index, work) -> tuple:  # noqa: ANN001 - (HTML, node): journal, event, book, series, publisher
    for prop, ns in (("isPartOf", S), ("presentedAt", BIBO), ("publisher", S)):
        venue = ix.value(work, ns + prop)
        if venue is not None:
            parent = ix.value(venue, S + "superEvent")
            held = f" (held with {esc(_v(ix, parent, 'name'))})" if parent is not None else ""
            into = "In " if _is(ix, work, "Chapter") and _is(ix, venue, "Book") else ""
            return f"{into}<em>{esc(_v(ix, venue, 'name'))}</em>{held}", venue
    return "", None


def _scheme(ix: Index, work, scheme: str) -> str:  # noqa: ANN001 - identifier "isbn:…" → "…"
    found = [i[len(scheme) + 1:] for i in _all(ix, work, "identifier") if i.lower().startswith(scheme + ":")]
    return found[0] if found else ""


def _kind(ix: Index, work) -> str:  # noqa: ANN001 - what a work that is not an article is, in words
    if _is(ix, work, "Thesis"):
        degree = _v(ix, work, "inSupportOf")
        return esc(f"{degree} thesis" if degree else "Thesis")
    if _is(ix, work, "Report"):
        number = _scheme(ix, work, "report-number") or _v(ix, work, "number", BIBO)
        return esc(f"Report {number}" if number else "Report")
    return ""


def _people(ix: Index, me, people: list, suffix: str = "") -> str:  # noqa: ANN001 - the owner in bold
    names = [f"<strong>{esc(_v(ix, a, 'name'))}</strong>" if a == me else esc(_v(ix, a, "name"))
             for a in people]
    return ", ".join(names) + suffix if names else ""


def work_item(ix: Index, me, work, ident: str) -> str:  # noqa: ANN001
    authors, editors = in_order(ix, work, "author"), in_order(ix, work, "editor")
    eds = " (eds.)" if len(editors) > 1 else " (ed.)"
    et_al = ", et al." if _v(ix, work, "etAl", CVG) == "true" else ""
    people = [div("authors", _people(ix, me, authors, et_al) or _people(ix, me, editors, eds))]
    if authors and editors:
        people.append(div("authors editors", "Edited by " + _people(ix, me, editors)))
    status = _v(ix, work, "creativeWorkStatus")
    badge = f' <span class="badge">{esc(status)}</span>' if status else ""
    pages = _v(ix, work, "pagination")
    details = (("vol.", _v(ix, work, "volume", BIBO)), ("no.", _v(ix, work, "issue", BIBO)),
               ("pp." if "-" in pages else "p.", pages.replace("-", "–")),
               ("art.", "" if _is(ix, work, "Report") else _v(ix, work, "number", BIBO)))  # a report's: _kind
    venue, venue_node = _venue(ix, work)
    # a publisher that is not the venue shown: a book's (or a chapter's book's) publisher
    publisher = ix.value(work, S + "publisher") or (ix.value(venue_node, S + "publisher")
                                                    if _is(ix, work, "Chapter") else None)
    shown = esc(_v(ix, publisher, "name")) if publisher not in (None, venue_node) else ""
    bits = [_kind(ix, work), venue, shown]
    bits += [f"{label} {esc(value)}" for label, value in details if value]
    isbn = _v(ix, work, "isbn") or _scheme(ix, work, "isbn")
    bits += [f"ISBN {esc(isbn)}" if isbn else "", str(year_of(ix, work) or "")]
    doi = _v(ix, work, "doi", BIBO)
    links = [link("https://doi.org/" + doi, "doi:" + doi)] if doi else []
    links += [link(u, "URL") for u in _all(ix, work, "url")]
    links += [link(u, "arXiv" if "arxiv.org/" in u else None) for u in _all(ix, work, "sameAs")]
    lines = [*people, div("venue", ", ".join(b for b in bits if b)),
             div("notes", " · ".join(esc(d) for d in _all(ix, work, "description"))),
             "".join(div("award", esc(a)) for a in _all(ix, work, "award")), div("links", " · ".join(links))]
    return (f'<li id="{esc(ident)}"><a class="self" href="#{esc(ident)}" aria-label="Link to this work">#</a>'
            f'<span class="title">{esc(_v(ix, work, "name"))}</span>{badge}{"".join(lines)}</li>')


def chart(counts: dict[int, int], undated: int = 0) -> str:
    """Works per year as inline SVG: one bar per year from the first year to the last (gaps as
    empty bars), scaled to the busiest year; integer coordinates only."""
    if not counts:
        return ""
    span_ = list(range(min(counts), max(counts) + 1))
    top, bar, gap, height, pad = max(counts.values()), 32, 10, 110, 18
    width, full = len(span_) * (bar + gap) - gap, height + 2 * pad
    first, last = span_[0], span_[-1]
    label = f"Publications per year, {first}–{last}" if last > first else f"Publications in {first}"
    label += f" ({undated} undated not shown)" if undated else ""
    parts = [(f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {full}" '
              f'width="{width}" height="{full}" xmlns="http://www.w3.org/2000/svg">'),
             f"<title>{esc(label)}</title>"]
    for i, y in enumerate(span_):
        n, x = counts.get(y, 0), i * (bar + gap)
        h = round(height * n / top)
        parts.append(f'<rect x="{x}" y="{pad + height - h}" width="{bar}" height="{h}" rx="2">'
                     f"<title>{y}: {n} work{'' if n == 1 else 's'}</title></rect>")
        if n:
            parts.append(f'<text class="n" x="{x + bar // 2}" y="{pad + height - h - 5}">{n}</text>')
        parts.append(f'<text class="y" x="{x + bar // 2}" y="{full - 3}">{y}</text>')
    parts.append(f'<line x1="0" x2="{width}" y1="{pad + height}" y2="{pad + height}"/></svg>')
    return "".join(parts)


def publications(ix: Index, me, ids: dict) -> str:  # noqa: ANN001
    by_year: dict = defaultdict(list)
    for w in sorted(works(ix, me), key=lambda w: (_v(ix, w, "name").casefold(), w.value)):
        by_year[year_of(ix, w)].append(w)
    if not by_year:
        return ""
    groups = []
    for year in sorted((y for y in by_year if y is not None), reverse=True) + [None] * (None in by_year):
        ordered = sorted(by_year[year], key=lambda w: _v(ix, w, "datePublished"), reverse=True)  # stable
        groups.append(f'<h3>{year or "Undated"} <span class="count">{len(ordered)}</span></h3>'
                      f'<ol class="works">{"".join(work_item(ix, me, w, ids[w]) for w in ordered)}</ol>')
    total = sum(len(v) for v in by_year.values())
    status = [_v(ix, w, "creativeWorkStatus") for v in by_year.values() for w in v]
    preprints, unpublished = status.count("Preprint"), status.count("Unpublished")
    summary = f"{total} work{'s' if total != 1 else ''}"
    summary += f", {preprints} of them preprints" if preprints else ""
    summary += f", {unpublished} unpublished" if unpublished else ""
    figure = chart({y: len(v) for y, v in by_year.items() if y is not None}, len(by_year.get(None, [])))
    return f'<p class="muted">{summary}.</p><figure>{figure}</figure>' + "".join(groups)


# --- roles, teaching, talks, service, awards -----------------------------------------------

def _roles(ix: Index, me, prop: str, kind: str) -> list:  # noqa: ANN001 - newest first
    roles = [r for r in ix.objects(me, S + prop) if _is(ix, r, kind)]
    key = lambda r: (_v(ix, r, "startDate") or _v(ix, r, "endDate"), r.value)  # noqa: E731
    return sorted(roles, key=key, reverse=True)


def _advisors(ix: Index, role) -> str:  # noqa: ANN001 - the Role pattern on schema:knows
    people = [_v(ix, p, "name") for a in ix.subjects(DCT + "relation", role)
              for p in ix.objects(a, S + "knows")]
    return f"Advisor{'s' if len(people) > 1 else ''}: {esc(', '.join(people))}" if people else ""


def education(ix: Index, me) -> str:  # noqa: ANN001
    items = []
    for role in _roles(ix, me, "alumniOf", "OrganizationRole"):
        org, degree = ix.value(role, S + "alumniOf"), _v(ix, role, "roleName")
        theses = [t for t in ix.subjects(S + "author", me) if _is(ix, t, "Thesis")
                  and org in ix.objects(t, S + "sourceOrganization")
                  and any(d in degree for d in _all(ix, t, "inSupportOf"))]
        subs = [f'Thesis: <cite>{link(_v(ix, t, "url"), _v(ix, t, "name"))}</cite>' for t in theses]
        items.append(entry(f"<b>{esc(degree)}</b>, {esc(org_name(ix, org))}", span(ix, role, ""),
                           [*subs, _advisors(ix, role)]))
    return entries(items)


def _service_role(ix: Index, role) -> bool:  # noqa: ANN001 - a role for a venue (not volunteering)
    return ix.value(role, VIVO + "roleContributesTo") is not None


def positions(ix: Index, me, prop: str, kind: str, volunteer: bool = False) -> str:  # noqa: ANN001
    """Employment, internships, or (``volunteer``) the roles under schema:memberOf that are not
    service for a venue: volunteering and memberships."""
    items = []
    roles = _roles(ix, me, prop, kind)
    if volunteer:
        roles = [r for r in roles if not _service_role(ix, r)]
    for role in roles:
        org = ix.value(role, S + prop)
        where = esc(org_name(ix, org)) + (f' <span class="muted">({esc(place(ix, org))})</span>'
                                          if place(ix, org) else "")
        notes = esc(" · ".join(_all(ix, role, "description")))
        items.append(entry(f"<b>{esc(_v(ix, role, 'roleName'))}</b>, {where}", span(ix, role),
                           [notes, _advisors(ix, role)]))
    return entries(items)


def _term_key(ix: Index, term) -> tuple:  # noqa: ANN001 - "Spring 2023" before "Fall 2023"
    name = _v(ix, term, "name")
    return (_v(ix, term, "startDate"), SEASONS.get(name.split(" ")[0].lower(), 9), name)


def teaching(ix: Index, me) -> str:  # noqa: ANN001
    rows = []
    for course in [s for s in ix.spo if _is(ix, s, "Course")]:
        terms = sorted((i for i in ix.objects(course, S + "hasCourseInstance")
                        if me in ix.objects(i, S + "instructor")), key=lambda i: _term_key(ix, i))
        if terms:
            code, org = _v(ix, course, "courseCode"), ix.value(course, S + "provider")
            what = (f"<b>{esc(code)}</b> " if code else "") + esc(_v(ix, course, "name"))
            sub = " · ".join(x for x in [org_name(ix, org) if org is not None else "",
                                         ", ".join(_v(ix, t, "name") for t in terms)] if x)
            rows.append((_term_key(ix, terms[-1]), code, what, sub))
    rows.sort(key=lambda r: (r[1], r[2]))
    rows.sort(key=lambda r: r[0], reverse=True)  # latest term first, then by course code
    return entries([entry(what, "", [esc(sub)]) for _, _, what, sub in rows])


def talks(ix: Index, me) -> str:  # noqa: ANN001
    events = [e for e in ix.subjects(S + "performer", me) if _is(ix, e, "Event")]
    items = []
    for e in sorted(events, key=lambda e: (_v(ix, e, "startDate"), e.value), reverse=True):
        where = [org_name(ix, o) for o in ix.objects(e, S + "organizer")]
        where += [_v(ix, s, "name") for s in ix.objects(e, S + "superEvent")]
        what = f'<span class="title">{esc(_v(ix, e, "name"))}</span>'
        items.append(entry(what, date(_v(ix, e, "startDate")),
                           [esc(", ".join(where)), esc(" · ".join(_all(ix, e, "description")))]))
    return entries(items)


def service(ix: Index, me) -> str:  # noqa: ANN001 - per role: venue and its years, collapsed
    groups: dict = defaultdict(lambda: defaultdict(list))
    for role in ix.objects(me, S + "memberOf"):
        if _is(ix, role, "OrganizationRole") and _service_role(ix, role):  # not volunteering
            venue = ix.value(role, VIVO + "roleContributesTo")
            year = year_of(ix, role, "startDate")
            groups[_v(ix, role, "roleName")][_v(ix, venue, "name")].extend([year] if year else [])
    out = []
    for name in sorted(groups, key=str.casefold):
        venues = sorted(groups[name].items(), key=lambda kv: (-max(kv[1], default=0), kv[0].casefold()))
        rows = [entry(esc(v), years(ys)) for v, ys in venues]
        out.append(f"<h3>{esc(name)}</h3>" + entries(rows, "entries compact"))
    return "".join(out)


def awards(ix: Index, me, ids: dict) -> str:  # noqa: ANN001 - "Name (Year)", linked to the work
    def year(text: str) -> str:
        m = re.search(r"\((\d{4})\)$", text)
        return m[1] if m else ""

    items = []
    for text in sorted(_all(ix, me, "award"), key=lambda t: (year(t), t), reverse=True):
        subs = [f'For <a href="#{esc(ident)}">{esc(_v(ix, w, "name"))}</a>'
                for w, ident in ids.items() if text in _all(ix, w, "award")]
        name = re.sub(r"\s*\(\d{4}\)$", "", text)
        items.append(entry(f"<b>{esc(name)}</b>", year(text), subs))
    return entries(items)


# --- the page -------------------------------------------------------------------------------

def render(triples: Sequence[Triple], document: str) -> str:
    """The whole page (HTML text) for the CV whose document IRI is ``document``."""
    jsonld = profile_jsonld(triples, document)  # a CvgraphError if the document has no owner
    ix = Index(triples)
    page = IRI(document)
    me = ix.value(page, S + "mainEntity")
    ids = anchors(works(ix, me))
    sections = [("about", "Interests", "Research interests", interests_and_skills(ix, me)),
                ("publications", "Publications", "Publications", publications(ix, me, ids)),
                ("education", "Education", "Education", education(ix, me)),
                ("employment", "Employment", "Employment", positions(ix, me, "worksFor", "EmployeeRole")),
                ("internships", "Internships", "Research internships",
                 positions(ix, me, "affiliation", "OrganizationRole")),
                ("volunteering", "Volunteering", "Volunteering",
                 positions(ix, me, "memberOf", "OrganizationRole", volunteer=True)),
                ("teaching", "Teaching", "Teaching", teaching(ix, me)),
                ("talks", "Talks", "Invited talks", talks(ix, me)),
                ("service", "Service", "Professional service", service(ix, me)),
                ("awards", "Awards", "Awards", awards(ix, me, ids))]
    sections = [s for s in sections if s[3]]
    nav = "".join(f'<li><a href="#{i}">{short}</a></li>' for i, short, _, _ in sections)
    body = "\n".join(f'<section id="{i}"><h2>{heading}</h2>{text}</section>'
                     for i, _, heading, text in sections)
    name, job = _v(ix, me, "name"), _v(ix, me, "jobTitle")
    title = esc(f"{name} — {job}" if job else name)
    modified = _v(ix, page, "dateModified")
    footer = ("Rendered by cvgraph from the CV’s linked data (schema.org, FOAF, BIBO), "
              "which this page also carries as JSON-LD.")
    footer += f" Updated {esc(date(modified))}." if modified else ""
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{title}</title>\n<meta name="description" content="{title}">\n<style>\n{CSS}\n</style>\n'
            f"{script_element(jsonld)}\n</head>\n<body>\n{header(ix, me)}\n"
            f'<nav aria-label="Sections"><ul>{nav}</ul></nav>\n<main>\n{body}\n</main>\n'
            f"<footer><p>{footer}</p></footer>\n</body>\n</html>\n")


CSS = """
:root{--fg:#1c2026;--muted:#5d6570;--accent:#1d5fae;--rule:#e1e4e8;--bg:#fdfdfc;--chip:#eef2f7;
--bar:#5b8fd0;--gold:#8a5a00}
@media (prefers-color-scheme:dark){:root{--fg:#e4e6e9;--muted:#9ba4ae;--accent:#8cb8f5;--rule:#30363d;
--bg:#14171b;--chip:#232a33;--bar:#5f93d6;--gold:#e0b45a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);-webkit-text-size-adjust:100%;
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
header.top,nav,main,footer{max-width:76ch;margin:0 auto;padding:0 1.25rem}
header.top{padding-top:3rem;padding-bottom:1rem}
h1{font-size:2.3rem;line-height:1.15;margin:0;letter-spacing:-.01em}
.job{font-size:1.2rem;margin:.35rem 0 0}
.orgs{color:var(--muted);margin:.2rem 0 0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
ul.contact{list-style:none;padding:0;margin:1rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem 1.2rem;
font-size:.95rem}
nav{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--rule);z-index:1}
nav ul{list-style:none;margin:0;padding:.5rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;font-size:.9rem}
section{padding-top:1.6rem;scroll-margin-top:3rem}
h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.09em;color:var(--muted);margin:0 0 .9rem;
padding-bottom:.35rem;border-bottom:1px solid var(--rule)}
h3{font-size:1.05rem;margin:1.4rem 0 .5rem}
.count{font-weight:normal;font-size:.8rem;color:var(--muted);background:var(--chip);border-radius:1rem;
padding:.05rem .5rem;vertical-align:.1em}
.muted,.sub,.authors,.venue,.notes,.links,.when{color:var(--muted)}
ul.chips{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.45rem}
ul.chips li{background:var(--chip);border-radius:1rem;padding:.2rem .75rem;font-size:.95rem}
dl.skills{display:grid;grid-template-columns:fit-content(50%) 1fr;gap:.25rem 1.2rem;margin:0}
dl.skills dt{font-weight:600}
dl.skills dd{margin:0;color:var(--muted)}
ul.entries,ol.works{list-style:none;padding:0;margin:0}
ul.entries li{margin:0 0 .7rem}
ul.entries.compact li{margin:0 0 .25rem}
.row{display:flex;justify-content:space-between;align-items:baseline;gap:1rem}
.when{white-space:nowrap;font-size:.9rem;font-variant-numeric:tabular-nums}
.sub{font-size:.93rem}
ol.works li{position:relative;margin:0 0 1rem;font-size:.95rem}
ol.works li:target{background:var(--chip);outline:.4rem solid var(--chip);border-radius:2px}
.title{font-weight:600;color:var(--fg)}
ol.works .title{font-size:1rem}
.authors strong{color:var(--fg)}
a.self{position:absolute;left:-1.2rem;color:var(--rule);font-weight:600}
li:hover>a.self,a.self:focus{color:var(--accent)}
.badge{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;border:1px solid var(--muted);
color:var(--muted);border-radius:3px;padding:0 .3rem;margin-left:.3rem;vertical-align:.12em}
.award{color:var(--gold);font-size:.9rem}
.award::before{content:"\\2605\\00a0"}
figure{margin:1rem 0 .5rem}
svg.chart{max-width:100%;height:auto;display:block}
svg.chart rect{fill:var(--bar)}
svg.chart line{stroke:var(--rule)}
svg.chart text{fill:var(--muted);font:11px system-ui,sans-serif;text-anchor:middle}
svg.chart text.n{fill:var(--fg);font-weight:600}
footer{margin-top:3rem;padding-bottom:3rem;color:var(--muted)}
footer p{border-top:1px solid var(--rule);padding-top:1rem;font-size:.85rem}
@media (max-width:560px){h1{font-size:1.8rem}nav{position:static}.row{flex-direction:column;gap:0}
a.self{display:none}dl.skills{grid-template-columns:1fr;gap:0}dl.skills dd{margin-bottom:.4rem}}
@media print{:root{--fg:#000;--muted:#333;--accent:#000;--bg:#fff;--chip:#fff;--bar:#777;--rule:#bbb;
--gold:#000}
body{font-size:10.5pt}nav,a.self{display:none}header.top{padding-top:0}
header.top,main,footer{max-width:none;padding:0}section{padding-top:.8rem}
li,h3,figure{break-inside:avoid}h2,h3{break-after:avoid}ul.chips li{border:1px solid #bbb}}
""".strip()
