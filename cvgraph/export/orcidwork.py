"""ORCID member API v3.0 works: one bulk document, as XML or JSON.

ORCID's member API adds up to 100 works in one request, ``POST /v3.0/{orcid}/works``, whose
body is a ``<bulk:bulk>`` of ``<work:work>`` elements (XML) or ``{"bulk": [{"work": …}, …]}``
(JSON); one work alone goes to ``POST /v3.0/{orcid}/work`` as its ``<work:work>`` element or
``work`` object. So both formats write one bulk document; a graph of more than 100 works gets a
warning (split it). Each work carries what ``work-3.0.xsd`` has a place for: title, the venue as
``journal-title``, the type (:data:`WORK_TYPES`), the publication date (years 1900–2100 only, as
the schema says), the DOI, arXiv id and ISBN as external ids (``self``; a chapter's ISBN is
``part-of`` its book; the URL as a ``uri`` id when there is none of them) and always the
publication id as ``source-work-id`` (ORCID's member API wants at least one id on a work it is
given), the URL, the authors and editors in printed order (``first`` /
``additional``, with their ORCID iDs) and the BibTeX entry as its citation. ORCID's own limits
(150 characters for a credit name, 1,000 for a title) are checked: a longer text is cut and named
in a warning.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from cvgraph.export.bibtex import entry
from cvgraph.export.options import Exported
from cvgraph.export.works import Graph, Person, Work, each_work

__all__ = ["BULK", "COMMON", "WORK", "WORK_TYPES", "work_json", "write"]

WORK, COMMON, BULK = "http://www.orcid.org/ns/work", "http://www.orcid.org/ns/common", "http://www.orcid.org/ns/bulk"
#: publication kind → ORCID v3.0 work type
WORK_TYPES = {
    "journal": "journal-article", "conference": "conference-paper", "workshop": "conference-paper",
    "preprint": "preprint", "book": "book", "chapter": "book-chapter", "proceedings": "edited-book",
    "thesis": "dissertation-thesis", "report": "report", "manuscript": "working-paper", "patent": "patent",
    "other": "other",
}
BULK_MAX = 100


def _cut(text: str, limit: int, what: str, warn: list[str]) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        warn.append(f"{what} is longer than ORCID's {limit} characters: cut")
        return text[:limit]
    return text


def _ids(w: Work) -> list[tuple[str, str, str, str]]:
    """(type, value, url, relationship) of the work's external ids."""
    out = []
    if w.doi:
        out.append(("doi", w.doi, f"https://doi.org/{w.doi}", "self"))
    if w.arxiv:
        out.append(("arxiv", w.arxiv, f"https://arxiv.org/abs/{w.arxiv}", "self"))
    if w.isbn:
        out.append(("isbn", w.isbn, "", "part-of" if w.kind == "chapter" else "self"))
    if w.url and not out:
        out.append(("uri", w.url, w.url, "self"))
    out.append(("source-work-id", w.key, "", "self"))  # the publication id: every work has one
    return out


def _contributors(w: Work, warn: list[str]) -> list[tuple[Person, str, str]]:
    """(person, sequence, role) in printed order: the authors, then the editors."""
    out = []
    for people, role in ((w.authors, "author"), (w.editors, "editor")):
        for n, p in enumerate(people):
            out.append((p, "first" if n == 0 else "additional", role))
    if len(out) > 0 and any(not (p.name.full or "").strip() for p, _, _ in out):
        warn.append("a contributor without a name is left out")
    return [c for c in out if c[0].name.full.strip()]


def _date(w: Work, warn: list[str]) -> list[tuple[str, str]]:
    parts = [p for p in w.date.split("-") if p][:3]
    if not parts:
        return []
    if not parts[0].isdigit() or not 1900 <= int(parts[0]) <= 2100:
        warn.append(f"publication date {w.date} is outside ORCID's years 1900-2100: left out")
        return []
    return list(zip(("year", "month", "day"), parts, strict=False))


def work_json(w: Work, warn: list[str]) -> dict[str, Any]:
    """One work as ORCID's v3.0 JSON ``work`` object."""
    out: dict[str, Any] = {"title": {"title": {"value": _cut(w.title, 1000, "the title", warn)}}}
    if w.venue and w.venue.name:
        out["journal-title"] = {"value": _cut(w.venue.name, 1000, "the venue's name", warn)}
    out["citation"] = {"citation-type": "bibtex", "citation-value": entry(w, [])}
    out["type"] = WORK_TYPES.get(w.kind, "other")
    date = _date(w, warn)
    if date:
        out["publication-date"] = {k: {"value": v} for k, v in date}
    out["external-ids"] = {"external-id": [
        {"external-id-type": t, "external-id-value": v, **({"external-id-url": {"value": u}} if u else {}),
         "external-id-relationship": r} for t, v, u, r in _ids(w)]}
    if w.url:
        out["url"] = {"value": w.url}
    contributors = []
    for p, seq, role in _contributors(w, warn):
        c: dict[str, Any] = {}
        if p.orcid:
            c["contributor-orcid"] = {"uri": f"https://orcid.org/{p.orcid}", "path": p.orcid, "host": "orcid.org"}
        c["credit-name"] = {"value": _cut(p.name.full, 150, f"the name {p.name.full!r}", warn)}
        c["contributor-attributes"] = {"contributor-sequence": seq, "contributor-role": role}
        contributors.append(c)
    out["contributors"] = {"contributor": contributors}
    return out


def _sub(parent: ET.Element, ns: str, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        el.text = text
    return el


def _xml_work(parent: ET.Element, work: dict[str, Any]) -> None:
    """A ``work`` JSON object as its ``<work:work>`` element (the same content, XSD order)."""
    el = _sub(parent, WORK, "work")
    title = _sub(el, WORK, "title")
    _sub(title, COMMON, "title", work["title"]["title"]["value"])
    if "journal-title" in work:
        _sub(el, WORK, "journal-title", work["journal-title"]["value"])
    citation = _sub(el, WORK, "citation")
    _sub(citation, WORK, "citation-type", "bibtex")
    _sub(citation, WORK, "citation-value", work["citation"]["citation-value"])
    _sub(el, WORK, "type", work["type"])
    if "publication-date" in work:
        date = _sub(el, COMMON, "publication-date")
        for part, value in work["publication-date"].items():
            _sub(date, COMMON, part, value["value"])
    ids = _sub(el, COMMON, "external-ids")
    for ident in work["external-ids"]["external-id"]:
        x = _sub(ids, COMMON, "external-id")
        _sub(x, COMMON, "external-id-type", ident["external-id-type"])
        _sub(x, COMMON, "external-id-value", ident["external-id-value"])
        if "external-id-url" in ident:
            _sub(x, COMMON, "external-id-url", ident["external-id-url"]["value"])
        _sub(x, COMMON, "external-id-relationship", ident["external-id-relationship"])
    if "url" in work:
        _sub(el, COMMON, "url", work["url"]["value"])
    contributors = _sub(el, WORK, "contributors")
    for c in work["contributors"]["contributor"]:
        x = _sub(contributors, WORK, "contributor")
        if "contributor-orcid" in c:
            o = _sub(x, COMMON, "contributor-orcid")
            for part in ("uri", "path", "host"):
                _sub(o, COMMON, part, c["contributor-orcid"][part])
        _sub(x, WORK, "credit-name", c["credit-name"]["value"])
        attrs = _sub(x, WORK, "contributor-attributes")
        _sub(attrs, WORK, "contributor-sequence", c["contributor-attributes"]["contributor-sequence"])
        _sub(attrs, WORK, "contributor-role", c["contributor-attributes"]["contributor-role"])


def write(graph: Graph, fmt: str) -> Exported:
    """The works as one bulk document, ``fmt`` ``xml`` or ``json``."""
    works, warnings = each_work(graph.works, work_json)
    if len(works) > BULK_MAX:
        warnings.append(f"warning: export orcid: {len(works)} works, but ORCID takes at most {BULK_MAX} in one "
                        "request: split the bulk document")
    if fmt == "json":
        data = json.dumps({"bulk": [{"work": w} for w in works]}, indent=2, ensure_ascii=False) + "\n"
        return Exported(data.encode("utf-8"), tuple(warnings))
    ET.register_namespace("bulk", BULK)
    ET.register_namespace("work", WORK)
    ET.register_namespace("common", COMMON)
    root = ET.Element(f"{{{BULK}}}bulk")
    for work in works:
        _xml_work(root, work)
    ET.indent(root)
    return Exported(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n", tuple(warnings))
