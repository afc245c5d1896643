"""The profile page's parts for what issue 14 added to works and the CV: a work's links (its
files, media, code, data, project page and records elsewhere), abstract, keywords, grants and
"selected" mark, and the owner's grants. Read from the graph (ontology/README.md, "Links of a
work" and "Grants"), as the rest of :mod:`cvgraph.web.site`."""
from __future__ import annotations

from cvgraph.rdf.terms import Term
from cvgraph.web.jsonld import Index, S, term_text
from cvgraph.web.siteview import Entry, Link

__all__ = ["CVG", "abstract", "funded_by", "grants", "is_selected", "keywords", "media_links", "same_as_label"]

CVG = "https://w3id.org/cvgraph/terms#"
DCT = "http://purl.org/dc/terms/"
DASH = "\N{EN DASH}"
# the label of a link node, by its class (schema:encoding's by its format), and its address
_FORMATS = {"application/pdf": "PDF", "text/html": "HTML"}
_CLASSES = (("SoftwareSourceCode", "Code", "codeRepository"), ("Dataset", "Data", "url"),
            ("WebPage", "Project", "url"))


def same_as_label(url: str) -> str:
    """How a work's schema:sameAs page is shown: arXiv, ADS, else the address."""
    return "arXiv" if "arxiv.org/" in url else "ADS" if "adsabs.harvard.edu/" in url else url


def media_links(ix: Index, work: Term) -> list[Link]:
    """The work's files (PDF, HTML), media (slides, poster, video, supplement), code, data and
    project page, in that order."""
    out = []
    for node in sorted(ix.objects(work, S + "encoding"), key=lambda n: ix.text(n, S + "encodingFormat")):
        fmt = ix.text(node, S + "encodingFormat")
        out.append(Link(ix.text(node, S + "contentUrl"), _FORMATS.get(fmt, fmt or "File")))
    for node in sorted(ix.objects(work, S + "associatedMedia"), key=term_text):
        out.append(Link(ix.text(node, S + "url"), ix.text(node, S + "name") or "Media"))
    related = ix.objects(work, DCT + "relation")
    for cls, label, prop in _CLASSES:
        out += [Link(ix.text(n, S + prop), label) for n in sorted(related, key=term_text) if ix.is_a(n, cls)]
    return [link for link in out if link.url]


def abstract(ix: Index, work: Term) -> str:
    return ix.text(work, S + "abstract")


def keywords(ix: Index, work: Term) -> list[str]:
    return ix.texts(work, S + "keywords")


def is_selected(ix: Index, work: Term) -> bool:
    return ix.text(work, CVG + "selected") == "true"


def _grant_name(ix: Index, grant: Term) -> str:
    """"Title (Funder, number)"."""
    extra = [ix.text(ix.value(grant, S + "funder"), S + "name"), ix.text(grant, S + "identifier")]
    shown = ", ".join(x for x in extra if x)
    return ix.text(grant, S + "name") + (f" ({shown})" if shown else "")


def funded_by(ix: Index, work: Term) -> list[str]:
    return sorted(_grant_name(ix, g) for g in ix.objects(work, S + "funding"))


def _amount(ix: Index, grant: Term) -> str:
    node = ix.value(grant, S + "amount")
    if node is None:
        return ""
    value, currency = ix.text(node, S + "value"), ix.text(node, S + "currency")
    whole, _, cents = value.partition(".")
    return f"{int(whole):,}{'.' + cents if cents else ''} {currency}" if whole.isdigit() else f"{value} {currency}"


def grants(ix: Index, me: Term) -> list[Entry]:
    """The owner's grants (their schema:Role on schema:funding), newest first: the title, the
    funder, the owner's role, the dates; the number and amount, the notes (an amount that is
    not "<number> <currency>" is among them, as the graph keeps it)."""
    rows = []
    for role in ix.objects(me, S + "funding"):
        grant = ix.value(role, S + "funding")
        if grant is None or not ix.is_a(role, "Role"):
            continue
        start, end = ix.text(role, S + "startDate"), ix.text(role, S + "endDate")
        when = f"{start[:4]}{DASH}{end[:4] or 'present'}" if start else end[:4]
        number = ix.text(grant, S + "identifier")
        facts = " · ".join(x for x in (f"No. {number}" if number else "", _amount(ix, grant)) if x)
        entry = Entry(ix.text(grant, S + "name"), ix.text(ix.value(grant, S + "funder"), S + "name"),
                      ix.text(role, S + "roleName"), when,
                      subs=[facts, " · ".join(ix.texts(grant, S + "description"))])
        rows.append(((start, term_text(grant)), entry))
    rows.sort(key=lambda r: r[0], reverse=True)
    return [entry for _, entry in rows]
