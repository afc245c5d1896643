"""Google Scholar's Highwire Press ``citation_*`` meta tags for one work's own page.

Scholar reads one ``citation_author`` per author in order (only the actual authors: never the
editors), ``citation_title``, ``citation_publication_date`` (``YYYY/MM/DD``, ``YYYY/MM`` or
``YYYY``), and then what identifies a citation of that kind of work (Scholar's inclusion
guidelines, "Indexing"):

- journal and conference papers (and preprints): the journal or conference title, ISSN, volume,
  issue, first and last page (and the publisher, e.g. a preprint server);
- theses: ``citation_dissertation_institution`` (the school);
- technical reports: ``citation_technical_report_institution`` and
  ``citation_technical_report_number`` (an identifier ``report-number:…``, else ``bibo:number``);
- book chapters: ``citation_book_title`` (the book), the publisher (the chapter's, else the book's),
  the ISBN and the pages;
- books and edited volumes (and manuscripts and other works): the publisher and the ISBN. An
  edited volume with editors only has no ``citation_author``, and Scholar may leave it out;
- patents: ``citation_patent_number`` (``bibo:number``).

Then, for every kind, ``citation_abstract``, ``citation_keywords`` (one tag, the keywords joined
by "; ") and ``citation_pdf_url`` (the work's file of format application/pdf: ``schema:encoding``).
The DOI goes last, for every kind.
"""
from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Mapping

from cvgraph.errors import CvgraphError
from cvgraph.rdf.terms import IRI, RDF, Term
from cvgraph.web.jsonld import BIBO, Index, S, in_order, is_work, term_text

__all__ = ["find_work", "meta_tags"]

Value = Term | str | None  # a tag's value: a term (its text), a string, or none (no tag)
Add = Callable[[str, Value], None]


def _local(key: str) -> str:
    """What names a work in ``key`` once the forms the queries print are taken off: ``:pub-x``
    (a table's CURIE), ``pub-x`` (its local name) and ``x`` (the publication id) all give ``x``."""
    return key.removeprefix(":").removeprefix("pub-")


def find_work(ix: Index, key: str, ids: Mapping[str, str] | None = None) -> IRI:
    """A work by IRI (as ``cvgraph query`` prints it: whole in csv and json, ``:pub-…`` in tables),
    DOI or publication id (``ids``: each publication id's work IRI, also offered as did-you-mean
    suggestions, with the ids of the works' ``#pub-…`` IRIs)."""
    ids = ids or {}
    key = key.strip()
    local = _local(key)
    if key in ids or local in ids:
        return IRI(ids[key] if key in ids else ids[local])
    works = [s for s in ix.spo if isinstance(s, IRI) and is_work(ix, s)]
    key_l = key.lower().removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/").removeprefix("doi:")
    for w in works:
        doi = ix.value(w, BIBO + "doi")
        if w.value == key or w.value.endswith("#pub-" + local) or (doi is not None and term_text(doi) == key_l):
            return w
    known = sorted(set(ids) | {w.value.split("#pub-", 1)[1] for w in works if "#pub-" in w.value})
    close = difflib.get_close_matches(local.split("#pub-")[-1], known, 1, 0.6)
    raise CvgraphError(f"no work {key!r}; name it by publication id (or :pub-id as query tables print it), "
                       "IRI or DOI" + (f" (did you mean {close[0]!r}?)" if close else ""))


def _name(ix: Index, node: Term | None) -> Term | None:
    return ix.value(node, S + "name")


def _scheme(ix: Index, work: Term, scheme: str) -> str | None:
    """The first identifier in ``scheme`` without its prefix: ``isbn:…`` → ``…``."""
    for ident in ix.texts(work, S + "identifier"):
        if ident.lower().startswith(scheme + ":"):
            return ident[len(scheme) + 1:].strip()
    return None


def _article(ix: Index, work: Term, add: Add) -> None:
    journal = ix.value(work, S + "isPartOf")
    if journal is not None:
        add("citation_journal_title", _name(ix, journal))
        add("citation_issn", ix.value(journal, S + "issn"))
    conference = ix.value(work, BIBO + "presentedAt")
    if conference is not None:
        add("citation_conference_title", _name(ix, conference))
    publisher = ix.value(work, S + "publisher")
    if publisher is not None:
        add("citation_publisher", _name(ix, publisher))


def _other(ix: Index, work: Term, types: list[str], add: Add) -> None:
    """Every work that is not an article, by its schema.org type."""
    container = ix.value(work, S + "isPartOf")  # a chapter's book, a book's series
    publisher = ix.value(work, S + "publisher")
    if S + "Thesis" in types:
        add("citation_dissertation_institution",
            _name(ix, ix.value(work, S + "sourceOrganization") or publisher))
        return
    if S + "Report" in types:
        add("citation_technical_report_institution", _name(ix, publisher))
        number = _scheme(ix, work, "report-number") or ix.value(work, BIBO + "number")
        add("citation_technical_report_number", number)
        return
    if IRI(BIBO + "Patent") in ix.objects(work, RDF + "type"):
        add("citation_patent_number", ix.value(work, BIBO + "number"))
    if S + "Chapter" in types and container is not None:
        add("citation_book_title", _name(ix, container))
    if publisher is None and container is not None:
        publisher = ix.value(container, S + "publisher")  # a chapter's: its book's
    add("citation_publisher", _name(ix, publisher))
    add("citation_isbn", ix.value(work, S + "isbn") or _scheme(ix, work, "isbn"))


def meta_tags(ix: Index, work: IRI) -> str:
    """The ``citation_*`` meta elements for ``work``, attribute values HTML-escaped."""
    tags: list[tuple[str, str]] = []

    def add(name: str, value: Value) -> None:
        shown = value if isinstance(value, str) else term_text(value)
        if shown:
            tags.append((name, shown))

    add("citation_title", ix.value(work, S + "name"))
    for author in in_order(ix, work, "author"):
        add("citation_author", ix.value(author, S + "name"))
    date = ix.value(work, S + "datePublished")
    if date is not None:
        add("citation_publication_date", term_text(date).replace("-", "/"))
    types = ix.types(work)
    article = S + "ScholarlyArticle" in types
    if article:
        _article(ix, work, add)
    else:
        _other(ix, work, types, add)
    add("citation_volume", ix.value(work, BIBO + "volume"))
    add("citation_issue", ix.value(work, BIBO + "issue"))
    start, end = ix.value(work, BIBO + "pageStart"), ix.value(work, BIBO + "pageEnd")
    if start is None and article and ix.value(work, BIBO + "number") is not None:
        start = ix.value(work, BIBO + "number")  # article number: Scholar reads it as the first page
    add("citation_firstpage", start)
    add("citation_lastpage", end)
    add("citation_abstract", ix.value(work, S + "abstract"))
    add("citation_keywords", "; ".join(ix.texts(work, S + "keywords")))
    pdfs = [m for m in ix.objects(work, S + "encoding") if ix.text(m, S + "encodingFormat") == "application/pdf"]
    add("citation_pdf_url", ix.value(pdfs[0], S + "contentUrl") if pdfs else None)
    add("citation_doi", ix.value(work, BIBO + "doi"))
    return "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
                   for name, value in tags)
