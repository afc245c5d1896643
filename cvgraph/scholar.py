"""Google Scholar's Highwire Press ``citation_*`` meta tags for one work's own page.

Scholar reads one ``citation_author`` per author in order, ``citation_title``,
``citation_publication_date`` (``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY``), the journal or
conference title, volume, issue, first and last page, and the DOI.
"""
from __future__ import annotations

import html
from typing import Sequence

from .embed import BIBO, S, Index
from .errors import CvgraphError
from .terms import IRI

__all__ = ["find_work", "meta_tags"]


def find_work(ix: Index, key: str, ids: Sequence[str] = ()) -> IRI:
    """A work by IRI, DOI or (for hash-named works) publication id; ``ids`` are the records'
    publication ids, offered as did-you-mean suggestions."""
    works = [s for s in ix.spo if isinstance(s, IRI) and S + "ScholarlyArticle" in ix.types(s)]
    key_l = key.lower().removeprefix("https://doi.org/").removeprefix("doi:")
    for w in works:
        doi = ix.value(w, BIBO + "doi")
        if w.value == key or w.value.endswith("#pub-" + key) or (doi is not None and doi.value == key_l):
            return w
    ids = sorted(set(ids) | {w.value.split("#pub-", 1)[1] for w in works if "#pub-" in w.value})
    import difflib

    close = difflib.get_close_matches(key, ids, 1, 0.6)
    raise CvgraphError(f"no work {key!r}; name it by publication id, IRI or DOI"
                       + (f" (did you mean {close[0]!r}?)" if close else ""))


def meta_tags(ix: Index, work: IRI) -> str:
    """The ``citation_*`` meta elements for ``work``, attribute values HTML-escaped."""
    tags: list[tuple[str, str]] = []

    def add(name: str, value) -> None:  # noqa: ANN001
        if value is not None and str(getattr(value, "value", value)):
            tags.append((name, str(getattr(value, "value", value))))

    add("citation_title", ix.value(work, S + "name"))
    authors = ix.items(ix.value(work, BIBO + "authorList")) or ix.objects(work, S + "author")
    for author in authors:
        add("citation_author", ix.value(author, S + "name"))
    date = ix.value(work, S + "datePublished")
    if date is not None:
        add("citation_publication_date", date.value.replace("-", "/"))
    journal = ix.value(work, S + "isPartOf")
    if journal is not None:
        add("citation_journal_title", ix.value(journal, S + "name"))
        add("citation_issn", ix.value(journal, S + "issn"))
    conference = ix.value(work, BIBO + "presentedAt")
    if conference is not None:
        add("citation_conference_title", ix.value(conference, S + "name"))
    publisher = ix.value(work, S + "publisher")
    if publisher is not None:
        add("citation_publisher", ix.value(publisher, S + "name"))
    add("citation_volume", ix.value(work, BIBO + "volume"))
    add("citation_issue", ix.value(work, BIBO + "issue"))
    start, end = ix.value(work, BIBO + "pageStart"), ix.value(work, BIBO + "pageEnd")
    if start is None and ix.value(work, BIBO + "number") is not None:
        start = ix.value(work, BIBO + "number")  # article number: Scholar reads it as the first page
    add("citation_firstpage", start)
    add("citation_lastpage", end)
    add("citation_doi", ix.value(work, BIBO + "doi"))
    return "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n' for name, value in tags)
