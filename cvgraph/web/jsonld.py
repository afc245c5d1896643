"""The JSON-LD a homepage embeds for search engines, built on purpose as a tree.

``"@context": "https://schema.org"`` — the context search engines expect — maps terms to
``http://schema.org/`` IRIs, while the graph uses ``https://schema.org/``. The document is
built from the graph's ``https`` terms and written with that context, so an independent
JSON-LD processor reads back the same statements with ``http`` schema.org IRIs: the two name
the same terms (schema.org treats them as equivalent), and the tests compare them that way.

Shape: ProfilePage → ``mainEntity`` Person (name, jobTitle, worksFor, alumniOf, knowsAbout,
sameAs, identifier, award …) → the works as ``@reverse`` ``author`` (and ``editor``, for a volume
the owner edited but did not write), each with its own schema.org type (ScholarlyArticle, Book,
Chapter, Thesis, Report, or CreativeWork for a manuscript or another work) and ``author`` and
``editor`` arrays in printed order (from ``bibo:authorList`` and ``bibo:editorList``; a work
whose author list is incomplete has none: its authors as the graph links them), its abstract and
keywords (what search engines show), its files and media, the grants that funded it
(``funding``: MonetaryGrant with its funder), and no BibTeX citation key among its identifiers.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cvgraph.errors import CvgraphError
from cvgraph.rdf.index import Index, in_order, is_work, term_text
from cvgraph.rdf.terms import IRI, RDF, Blank, Lit, Term, Triple

__all__ = ["Index", "JsonObject", "Selection", "escape_json_for_html", "in_order", "is_work",
           "profile_jsonld", "script_element", "term_text", "to_json", "works_of"]

S = "https://schema.org/"
BIBO = "http://purl.org/ontology/bibo/"
TYPE, FIRST, REST, NIL = IRI(RDF + "type"), IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")
# Identifier schemes that name an entry of someone's file, not the work: a BibTeX citation key
# ("bibtex:lee2017parallel", which the BibTeX importer keeps) is a label for a bibliography entry,
# and search engines would take it for an identifier of the work. The graph keeps it; the page not.
LOCAL_SCHEMES = ("bibtex:",)

JsonObject = dict[str, Any]  # a JSON-LD node, as json.dumps takes it
T = TypeVar("T")


@dataclass(frozen=True)
class Selection:
    """What goes into the page: every work, and the owner's contact details, by default."""

    max_works: int | None = None  # the N most recent
    since: int | None = None  # published in or after this year
    preprints: bool = True  # False leaves out every unpublished work: preprints and manuscripts
    contact: bool = True  # False leaves out the owner's email and telephone (no address is ever embedded)


def works_of(ix: Index, person: Term) -> list[Term]:
    """The works ``person`` wrote or edited, by IRI."""
    found = set(ix.subjects(S + "author", person)) | set(ix.subjects(S + "editor", person))
    return sorted((w for w in found if is_work(ix, w)), key=term_text)


def _type(ix: Index, node: Term) -> str | list[str]:
    types = [t[len(S):] for t in ix.types(node)]
    # the most specific schema.org type we emit comes first; drop the generic ones beside it
    for generic in ("Organization", "Event", "CreativeWork", "Grant", "MediaObject"):
        if len(types) > 1 and generic in types:
            types.remove(generic)
    return types[0] if len(types) == 1 else types


def _one_or_many(values: list[T]) -> T | list[T]:
    return values[0] if len(values) == 1 else values


# Properties whose values the schema.org context reads as IRIs ("@type": "@id"); an IRI value of
# any other property (schema:identifier <https://orcid.org/…>) is written {"@id": …} to stay an IRI.
_ID_TYPED = frozenset({"sameAs", "url", "contentUrl"})


def _node(ix: Index, node: Term, props: Sequence[str]) -> JsonObject:
    """A small nested node: @id (unless blank), @type and the named literal/IRI properties."""
    out: JsonObject = {} if isinstance(node, Blank) else {"@id": node.value}
    out["@type"] = _type(ix, node)
    for prop in props:
        values = [term_text(v) if isinstance(v, Lit) or prop in _ID_TYPED else {"@id": term_text(v)}
                  for v in sorted(ix.objects(node, S + prop))]
        if values:
            out[prop] = _one_or_many(values)
    return out


def _org(ix: Index, org: Term) -> JsonObject:
    out = _node(ix, org, ("name", "url"))
    parent = ix.value(org, S + "parentOrganization")
    if parent is not None:
        out["parentOrganization"] = _org(ix, parent)
    return out


def _person_ref(ix: Index, person: Term) -> JsonObject:
    return _node(ix, person, ("name", "url", "sameAs"))


def _year(lit: Term | None) -> int | None:
    return int(lit.value[:4]) if isinstance(lit, Lit) and lit.value[:4].isdigit() else None


def _work(ix: Index, work: Term) -> JsonObject:
    # its own schema.org type: ScholarlyArticle, Book, Chapter, Thesis, Report, or CreativeWork
    out = _node(ix, work, ("name", "datePublished", "url", "sameAs", "pagination", "award",
                           "creativeWorkStatus", "isbn", "identifier", "inSupportOf", "abstract", "keywords"))
    identifiers = [i for i in ix.texts(work, S + "identifier") if not i.lower().startswith(LOCAL_SCHEMES)]
    out.pop("identifier", None)
    if identifiers:
        out["identifier"] = _one_or_many(identifiers)
    _media_and_funding(ix, work, out)
    for role in ("author", "editor"):
        people = in_order(ix, work, role)
        if people:
            out[role] = [_person_ref(ix, a) for a in people]  # printed order
    venue = ix.value(work, S + "isPartOf")  # a journal, a chapter's book, a book's series
    if venue is not None:
        out["isPartOf"] = _node(ix, venue, ("name", "issn"))
        venue_publisher = ix.value(venue, S + "publisher")
        if venue_publisher is not None:
            out["isPartOf"]["publisher"] = _node(ix, venue_publisher, ("name",))
    for prop in ("publisher", "sourceOrganization"):  # a thesis' school is both
        org = ix.value(work, S + prop)
        if org is not None:
            out[prop] = _node(ix, org, ("name",))
    return out


def _media_and_funding(ix: Index, work: Term, out: JsonObject) -> None:
    """The work's files (schema:encoding), media about it (schema:associatedMedia) and the grants
    that funded it, each as a small node."""
    for prop, props in (("encoding", ("contentUrl", "encodingFormat")), ("associatedMedia", ("name", "url"))):
        media = [_node(ix, m, props) for m in sorted(ix.objects(work, S + prop), key=term_text)]
        if media:
            out[prop] = _one_or_many(media)
    grants = []
    for grant in sorted(ix.objects(work, S + "funding"), key=term_text):
        node = _node(ix, grant, ("name", "identifier", "url"))
        funder = ix.value(grant, S + "funder")
        if funder is not None:
            node["funder"] = _node(ix, funder, ("name",))
        grants.append(node)
    if grants:
        out["funding"] = _one_or_many(grants)


_CONTACT = ("email", "telephone")  # what Selection(contact=False) leaves out


def _person(ix: Index, me: Term, contact: bool = True) -> JsonObject:
    """The owner's node, without the works (and without email and telephone unless ``contact``)."""
    props = ("name", "givenName", "familyName", "alternateName", "jobTitle", *_CONTACT, "url", "sameAs",
             "identifier", "award")
    person = _node(ix, me, props if contact else tuple(p for p in props if p not in _CONTACT))
    for prop in ("worksFor", "affiliation", "alumniOf", "memberOf"):
        orgs = [o for o in ix.objects(me, S + prop) if "Organization" in " ".join(ix.types(o))
                or any(t.endswith(("CollegeOrUniversity", "Corporation")) for t in ix.types(o))]
        orgs = [o for o in orgs if not any(t.endswith("Role") for t in ix.types(o))]
        if orgs and prop != "memberOf":
            person[prop] = _one_or_many([_org(ix, o) for o in sorted(orgs, key=term_text)])
    topics = [term_text(v) if isinstance(v, Lit) else _node(ix, v, ("name",))
              for v in ix.objects(me, S + "knowsAbout")]
    if topics:
        person["knowsAbout"] = topics
    return person


def _selected_works(ix: Index, me: Term, selection: Selection) -> list[Term]:
    """The owner's works, newest first (then by title), as ``selection`` picks them."""
    works = works_of(ix, me)
    works.sort(key=lambda w: (-(_year(ix.value(w, S + "datePublished")) or 0),
                              ix.text(w, S + "name")))
    if not selection.preprints:
        works = [w for w in works if ix.value(w, S + "creativeWorkStatus") is None]
    if selection.since is not None:
        works = [w for w in works if (_year(ix.value(w, S + "datePublished")) or 0) >= selection.since]
    if selection.max_works is not None:
        works = works[: selection.max_works]
    return works


def profile_jsonld(triples: Sequence[Triple], document: str,
                   selection: Selection = Selection()) -> JsonObject:
    """The ProfilePage tree for the CV whose document IRI is ``document``."""
    ix = Index(triples)
    page = IRI(document)
    me = ix.value(page, S + "mainEntity")
    if me is None:
        raise CvgraphError(f"no schema:mainEntity for {document}: is this the CV's document IRI?")
    person = _person(ix, me, selection.contact)
    works = _selected_works(ix, me, selection)
    if works:  # an edited volume the owner did not write is theirs as its editor
        authored = set(ix.subjects(S + "author", me))
        reverse = {"author": [_work(ix, w) for w in works if w in authored],
                   "editor": [_work(ix, w) for w in works if w not in authored]}
        person["@reverse"] = {role: items for role, items in reverse.items() if items}
    doc: JsonObject = {"@context": "https://schema.org", "@type": "ProfilePage", "@id": document}
    modified = ix.value(page, S + "dateModified")
    if modified is not None:
        doc["dateModified"] = term_text(modified)
    doc["mainEntity"] = person
    return doc


def to_json(doc: JsonObject, pretty: bool = True) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2 if pretty else None,
                      separators=None if pretty else (",", ":"))


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_json_for_html(text: str) -> str:
    """JSON text safe inside ``<script>``: no ``</script>``, ``<!--`` or ``]]>`` can form, and
    U+2028/U+2029 are escaped; JSON.parse still gives back the original strings."""
    return re.sub("[<>&\u2028\u2029]", lambda m: _HTML_UNSAFE[m.group()], text)


def script_element(doc: JsonObject, pretty: bool = True) -> str:
    return f'<script type="application/ld+json">\n{escape_json_for_html(to_json(doc, pretty))}\n</script>'
