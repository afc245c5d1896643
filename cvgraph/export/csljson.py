"""``export csl-json``: the works as CSL-JSON (the citation-style-language project's
``csl-data.json`` schema), what citeproc, Zotero and pandoc read.

Names are split into ``family``/``given``/``non-dropping-particle``/``suffix`` (an organisation
is a ``literal``), dates are ``date-parts``, and each kind has its CSL type (:data:`CSL_TYPES`).
"""
from __future__ import annotations

import json
from typing import Any

from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, Person, Work

__all__ = ["CSL_TYPES", "csl_item", "csl_name", "write"]

#: publication kind → CSL type
CSL_TYPES = {
    "journal": "article-journal", "conference": "paper-conference", "workshop": "paper-conference",
    "preprint": "article", "book": "book", "chapter": "chapter", "proceedings": "book", "thesis": "thesis",
    "report": "report", "manuscript": "manuscript", "patent": "patent", "other": "document",
}


def csl_name(person: Person) -> dict[str, str]:
    n = person.name
    if person.organization or not n.family:
        return {"literal": n.literal or n.full}
    out = {"family": n.family}
    if n.given:
        out["given"] = n.given
    if n.particle:
        out["non-dropping-particle"] = n.particle
    if n.suffix:
        out["suffix"] = n.suffix
    return out


def _date(text: str) -> dict[str, list[list[int]]] | None:
    parts = [int(p) for p in text[:10].split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def csl_item(w: Work) -> dict[str, Any]:
    """One work as a CSL-JSON item (its id is the work's key)."""
    item: dict[str, Any] = {"id": w.key, "type": CSL_TYPES.get(w.kind, "document"), "title": w.title}
    if w.authors:
        item["author"] = [csl_name(a) for a in w.authors]
    if w.editors:
        item["editor"] = [csl_name(e) for e in w.editors]
    issued = _date(w.date)
    if issued:
        item["issued"] = issued
    v = w.venue
    if v is not None and v.name:
        item["container-title" if v.kind != "series" else "collection-title"] = v.name
        if v.short and v.kind == "journal":
            item["container-title-short"] = v.short[0]
        if v.issn:
            item["ISSN"] = v.issn
    pages = w.pages or "-".join(p for p in (w.page_start, w.page_end) if p)
    simple = {"volume": w.volume, "issue": w.issue, "page": pages, "number": w.number, "publisher": w.publisher,
              "DOI": w.doi, "URL": w.url, "ISBN": w.isbn, "abstract": w.abstract, "genre": w.degree,
              "note": "; ".join(w.notes), "keyword": ", ".join(w.keywords), "status": w.status}
    item.update({k: val for k, val in simple.items() if val})
    for ident in w.identifiers:
        scheme, _, value = ident.partition(":")
        if scheme.lower() in ("pmid", "pmcid"):
            item.setdefault(scheme.upper(), value)
    if w.arxiv:
        item["archive"] = "arXiv"
        item["archive_location"] = w.arxiv
        item.setdefault("URL", f"https://arxiv.org/abs/{w.arxiv}")
    return item


def items(graph: Graph) -> list[dict[str, Any]]:
    return [csl_item(w) for w in graph.works]


def write(graph: Graph, options: ExportOptions) -> Exported:
    """Every work as a CSL-JSON item, in key order (an array)."""
    return Exported((json.dumps(items(graph), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
