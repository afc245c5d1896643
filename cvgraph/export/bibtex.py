"""``export bibtex``: a ``.bib`` a LaTeX user can ``\\cite`` from.

Keys are the publication ids; each kind has its entry type (:data:`ENTRY_TYPES`); authors and
editors in printed order, "Last, First" with the particle before the family name and the suffix
between them ("von Neumann, John", "King, Jr., Martin Luther"), an organisation in braces; the
characters LaTeX reads as commands escaped (the text stays UTF-8, as biber and bibtexparser read
it). What BibTeX has no field for is named in a warning; ``cvgraph import bibtex`` reads every
field written here back into the same publication (tests/unit/export/test_roundtrip.py).
"""
from __future__ import annotations

import re

from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph, Person, Work, each_work

__all__ = ["ENTRY_TYPES", "bib_name", "entry", "escape", "protected", "write"]

#: publication kind → entry type (``thesis``: by its degree, below)
ENTRY_TYPES = {
    "journal": "article", "conference": "inproceedings", "workshop": "inproceedings", "preprint": "misc",
    "book": "book", "chapter": "incollection", "proceedings": "proceedings", "thesis": "phdthesis",  # or below
    "report": "techreport", "manuscript": "unpublished", "patent": "patent", "other": "misc",
}
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIALS = re.compile(r"[\\{}$&%#_~^]")
_VERBATIM_SPECIAL = re.compile(r"[%#&_{}~$]")  # in a URL or identifier: escaped, never spelt out
#: the links homepage kits read from BibTeX (al-folio's fields), by the graph's name for them
LINK_FIELDS = {"pdf": "pdf", "html": "html", "code": "code", "slides": "slides", "poster": "poster",
               "video": "video", "supplementary": "supp", "data": "dataset", "project": "website", "ads": "adsurl"}
_WORDS = re.compile(r"([\s\"'()\[\],.:;!?]+)")  # what separates a title's words
_KEEP_CASE = re.compile(r"^.+[A-Z]")  # a capital after the first character
MASTERS = re.compile(r"\bm\.?\s*[as]c?\b|master", re.IGNORECASE)


def escape(text: str) -> str:
    """Text with LaTeX's special characters written as commands (``&`` → ``\\&``)."""
    return _SPECIALS.sub(lambda m: _SPECIAL[m.group()], " ".join(text.split()))


def protected(title: str) -> str:
    """A title escaped, with each word whose case a style must keep in braces: a word with a capital
    after its first letter ("{SIGRNN}", "{PnetCDF}", "{I/O}", "{3D}"), as Better BibTeX and bibliographers
    do, so a sentence-case style (``plain``, APA) does not lower it; other words stay free to change."""
    pieces = _WORDS.split(" ".join(title.split()))  # words at even places, what separates them at odd
    return "".join("{" + escape(p) + "}" if i % 2 == 0 and _KEEP_CASE.search(p)
                   else _SPECIALS.sub(lambda m: _SPECIAL[m.group()], p) for i, p in enumerate(pieces))


def _verbatim(text: str) -> str:
    return _VERBATIM_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def bib_name(person: Person) -> str:
    """"von Last, Jr, First" as BibTeX reads names; an organisation in braces, read as one name."""
    n = person.name
    if person.organization or not n.family:
        return "{" + escape(n.literal or n.full) + "}"
    last = escape(n.family_with_particle)
    if " " in n.family or "," in n.family:  # a compound family name stays one ("{De Souza}")
        last = escape(n.particle + " " if n.particle else "") + "{" + escape(n.family) + "}"
    parts = [last, escape(n.suffix), escape(n.given)] if n.suffix else [last, escape(n.given)]
    return ", ".join(p for p in parts if p) if n.given or n.suffix else last


def _names(people: tuple[Person, ...], et_al: bool = False) -> str:
    return " and ".join([*(bib_name(p) for p in people), *(["others"] if et_al else [])])


def _pages(w: Work) -> str:
    if w.pages:
        return re.sub(r"\s*[-–—]+\s*", "--", w.pages)
    return "--".join(p for p in (w.page_start, w.page_end) if p)


def _entry_type(w: Work) -> str:
    if w.kind == "preprint" and not w.arxiv and w.venue is not None and w.venue.kind == "repository":
        return "article"  # "journal = {arXiv}", as Google Scholar writes a preprint without its id
    if w.kind == "preprint" and w.venue is not None and w.venue.kind in ("conference", "workshop", "journal"):
        return "article" if w.venue.kind == "journal" else "inproceedings"  # with pubstate = {preprint}
    if w.kind == "thesis" and MASTERS.search(w.degree):
        return "mastersthesis"
    if w.kind == "thesis" and not re.search(r"ph\.?\s*d|doctor", w.degree, re.IGNORECASE):
        return "thesis"  # biblatex's: a degree other than a doctorate or a master's is its type, or none
    return ENTRY_TYPES.get(w.kind, "misc")


def _venue_fields(w: Work, fields: list[tuple[str, str]]) -> None:
    v = w.venue
    if v is None or not v.name:
        return
    if w.kind == "journal" or (v.kind == "journal" and w.kind not in ("book", "proceedings")):
        fields.append(("journal", escape(v.name)))
    elif v.kind == "repository":
        if not w.arxiv:  # with an id, the eprint says it (below)
            fields.append(("journal" if _entry_type(w) == "article" else "howpublished", escape(v.name)))
    elif v.kind == "series" or w.kind in ("book", "proceedings"):
        fields.append(("series", escape(v.name)))
    else:
        fields.append(("booktitle", escape(v.name)))
    if v.issn:
        fields.append(("issn", _verbatim(v.issn)))


def _identifier_fields(w: Work, fields: list[tuple[str, str]], warn: list[str]) -> None:
    if w.doi:
        fields.append(("doi", _verbatim(w.doi)))
    if w.url:
        fields.append(("url", _verbatim(w.url)))
    if w.arxiv:
        fields += [("eprint", _verbatim(w.arxiv)), ("archivePrefix", "arXiv")]
    if w.isbn:
        fields.append(("isbn", _verbatim(w.isbn)))
    others = []
    for ident in w.identifiers:
        scheme, _, value = ident.partition(":")
        if scheme.lower() in ("pmid", "pmcid"):
            fields.append((scheme.lower(), _verbatim(value)))
        elif scheme.lower() == "dblp":
            fields.append(("biburl", _verbatim(f"https://dblp.org/rec/{value}.bib")))
        elif scheme.lower() == "wos":
            fields.append(("unique-id", _verbatim(f"WOS:{value}")))
        elif scheme.lower() != "bibtex":  # the key of an imported entry: the entry's key already
            others.append(ident)
    if others and not w.arxiv and len(others) == 1:
        scheme, _, value = others[0].partition(":")
        fields += [("eprint", _verbatim(value)), ("eprinttype", escape(scheme))]
    elif others:
        warn.append(f"identifiers {', '.join(others)}: BibTeX has one eprint field; not exported")


def _extras(w: Work, f: list[tuple[str, str]]) -> None:
    """Notes (one note field), abstract, keywords, links and selected, as homepage kits read them."""
    if w.notes:
        f.append(("note", escape("; ".join(w.notes))))
    if w.abstract:
        f.append(("abstract", escape(w.abstract)))
    if w.keywords:
        f.append(("keywords", escape(", ".join(w.keywords))))
    for what, address in w.links:
        if what in LINK_FIELDS:
            f.append((LINK_FIELDS[what], _verbatim(address)))
    if w.selected:
        f.append(("selected", "true"))


def entry(w: Work, warn: list[str]) -> str:
    """One work as a BibTeX entry; what does not fit is added to ``warn``."""
    f: list[tuple[str, str]] = []
    if w.authors:
        f.append(("author", _names(w.authors, w.et_al)))
    if w.editors:
        f.append(("editor", _names(w.editors)))
    f.append(("title", protected(w.title)))
    _venue_fields(w, f)
    if w.year:
        f.append(("year", w.year))
    if len(w.date) >= 7:
        f.append(("month", str(int(w.date[5:7]))))
    if len(w.date) >= 10:
        f.append(("date", w.date[:10]))
    f += [(k, escape(v)) for k, v in (("volume", w.volume), ("number" if w.kind == "journal" else "issue", w.issue))
          if v]
    pages = _pages(w)
    if pages:
        f.append(("pages", escape(pages)))
    if w.number:
        f.append(("number" if w.kind in ("report", "patent") else "eid", escape(w.number)))
    if w.publisher:
        f.append(({"thesis": "school", "report": "institution"}.get(w.kind, "publisher"), escape(w.publisher)))
    if _entry_type(w) == "thesis" and w.degree:
        f.append(("type", escape(w.degree)))
    if w.kind == "preprint" and _entry_type(w) != "misc" and w.venue is not None and w.venue.kind != "repository":
        f.append(("pubstate", "preprint"))
    _identifier_fields(w, f, warn)
    _extras(w, f)
    if w.authors_incomplete:
        warn.append("its author list is incomplete (authors_incomplete): written as the whole list")
    width = max(len(k) for k, _ in f)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in f)
    return f"@{_entry_type(w)}{{{w.key},\n{body}\n}}\n"


def write(graph: Graph, options: ExportOptions) -> Exported:
    """Every work as a BibTeX entry, in key order."""
    entries, warnings = each_work(graph.works, entry)
    return Exported("\n".join(entries).encode("utf-8"), tuple(warnings))
