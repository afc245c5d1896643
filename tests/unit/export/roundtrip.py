"""Export → ``cvgraph import bibtex`` → build, and the works compared field by field."""
from __future__ import annotations

import yaml

import cvgraph.api
import cvgraph.records.loader
from cvgraph.export.formats import export_graph
from cvgraph.export.works import Work, read_graph
from cvgraph.importers.bibtex import convert
from cvgraph.mapping.walker import work_iri

BASE = "https://example.org/cv"


def view(w: Work) -> dict:
    """What the BibTeX round trip keeps of a work. BibTeX has one kind of paper in proceedings
    (a workshop paper comes back a conference paper), one note field (the notes come back one
    note, joined by "; ")."""
    v = w.venue
    return {
        "kind": "conference" if w.kind == "workshop" else w.kind, "title": w.title,
        "authors": [a.name.full for a in w.authors], "editors": [e.name.full for e in w.editors],
        "et_al": w.et_al, "venue": v.name if v is not None else "", "date": w.date, "volume": w.volume,
        "issue": w.issue, "pages": w.pages or "-".join(p for p in (w.page_start, w.page_end) if p),
        "number": w.number, "publisher": w.publisher, "doi": w.doi, "url": w.url, "arxiv": w.arxiv,
        "isbn": w.isbn, "degree": w.degree, "notes": "; ".join(w.notes), "abstract": w.abstract,
        "keywords": list(w.keywords), "links": list(w.links), "selected": w.selected,
    }


def round_trip(triples, ids, me: str) -> tuple[dict, dict, list[str]]:
    """(works before, works after, the importer's warnings), by key."""
    before = read_graph(triples, ids)
    bib = export_graph("bibtex", triples, ids=ids).data.decode("utf-8")
    imp = convert(bib, "export.bib", me=me)
    cv = cvgraph.records.loader.loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml",
                                      base=BASE)
    after = read_graph(cvgraph.api.triples(cv, base=BASE),
                       {work_iri(cv, p, BASE).value: p for p in cv.publications})
    return ({w.key: view(w) for w in before.works}, {w.key: view(w) for w in after.works},
            [str(n) for n in imp.warnings])
