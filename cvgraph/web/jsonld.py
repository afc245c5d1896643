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
``editor`` arrays in printed order (from ``bibo:authorList`` and ``bibo:editorList``).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from cvgraph.rdf.terms import IRI, RDF, Blank, Lit, Triple

__all__ = ["Index", "Selection", "escape_json_for_html", "in_order", "is_work", "profile_jsonld",
           "script_element", "to_json", "works_of"]

S = "https://schema.org/"
BIBO = "http://purl.org/ontology/bibo/"
TYPE, FIRST, REST, NIL = IRI(RDF + "type"), IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")
# What makes a node a work: articles are schema:ScholarlyArticle, every other kind of publication
# carries schema:CreativeWork beside its own type (ontology/README.md, deviation 12). The thesis
# of an education entry is a schema:Thesis only: it belongs to the education, not to the works.
WORK_TYPES = (S + "ScholarlyArticle", S + "CreativeWork")


class Index:
    """Subject → predicate → objects, over plain triples (no rdflib)."""

    def __init__(self, triples: Iterable[Triple]):
        self.spo: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            self.spo[s][p].append(o)

    def objects(self, s, p: str) -> list:  # noqa: ANN001
        return self.spo.get(s, {}).get(IRI(p), [])

    def value(self, s, p: str):  # noqa: ANN001, ANN201
        values = self.objects(s, p)
        return values[0] if values else None

    def types(self, s) -> list[str]:  # noqa: ANN001
        return sorted(o.value for o in self.objects(s, TYPE.value) if o.value.startswith(S))

    def subjects(self, p: str, o) -> list:  # noqa: ANN001
        return sorted((s for s, pos in self.spo.items() if o in pos.get(IRI(p), [])), key=lambda t: t.value)

    def items(self, head) -> list:  # noqa: ANN001 - an rdf:List
        out = []
        while head is not None and head != NIL:
            out.append(self.value(head, FIRST.value))
            head = self.value(head, REST.value)
        return out


@dataclass(frozen=True)
class Selection:
    """Which works go into the page: all by default."""

    max_works: int | None = None  # the N most recent
    since: int | None = None  # published in or after this year
    preprints: bool = True  # False leaves out every unpublished work: preprints and manuscripts


def is_work(ix: Index, node) -> bool:  # noqa: ANN001
    return any(t in WORK_TYPES for t in ix.types(node))


def works_of(ix: Index, person) -> list:  # noqa: ANN001
    """The works ``person`` wrote or edited, by IRI."""
    found = set(ix.subjects(S + "author", person)) | set(ix.subjects(S + "editor", person))
    return sorted((w for w in found if is_work(ix, w)), key=lambda w: w.value)


def in_order(ix: Index, work, role: str) -> list:  # noqa: ANN001 - "author" or "editor"
    """The work's authors (or editors) in printed order: the rdf:List, else the plain links."""
    return ix.items(ix.value(work, BIBO + role + "List")) or ix.objects(work, S + role)


def _type(ix: Index, node) -> str | list[str]:  # noqa: ANN001
    types = [t[len(S):] for t in ix.types(node)]
    # the most specific schema.org type we emit comes first; drop the generic ones beside it
    for generic in ("Organization", "Event", "CreativeWork"):
        if len(types) > 1 and generic in types:
            types.remove(generic)
    return types[0] if len(types) == 1 else types


def _text(value) -> str:  # noqa: ANN001
    return value.value if value is not None else ""


def _one_or_many(values: list):  # noqa: ANN202
    return values[0] if len(values) == 1 else values


def _node(ix: Index, node, props: Sequence[str]) -> dict:  # noqa: ANN001
    """A small nested node: @id (unless blank), @type and the named literal/IRI properties."""
    out: dict = {} if isinstance(node, Blank) else {"@id": node.value}
    out["@type"] = _type(ix, node)
    for prop in props:
        values = [v.value if isinstance(v, Lit) or prop in _ID_TYPED else {"@id": v.value}
                  for v in sorted(ix.objects(node, S + prop))]
        if values:
            out[prop] = _one_or_many(values)
    return out


# Properties whose values the schema.org context reads as IRIs ("@type": "@id"); an IRI value of
# any other property (schema:identifier <https://orcid.org/…>) is written {"@id": …} to stay an IRI.
_ID_TYPED = frozenset({"sameAs", "url"})


def _org(ix: Index, org) -> dict:  # noqa: ANN001
    out = _node(ix, org, ("name", "url"))
    parent = ix.value(org, S + "parentOrganization")
    if parent is not None:
        out["parentOrganization"] = _org(ix, parent)
    return out


def _person_ref(ix: Index, person) -> dict:  # noqa: ANN001
    return _node(ix, person, ("name", "url", "sameAs"))


def _year(lit) -> int | None:  # noqa: ANN001
    return int(lit.value[:4]) if isinstance(lit, Lit) and lit.value[:4].isdigit() else None


def _work(ix: Index, work) -> dict:  # noqa: ANN001
    # its own schema.org type: ScholarlyArticle, Book, Chapter, Thesis, Report, or CreativeWork
    out = _node(ix, work, ("name", "datePublished", "url", "sameAs", "pagination", "award",
                           "creativeWorkStatus", "isbn", "identifier", "inSupportOf"))
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


def profile_jsonld(triples: Sequence[Triple], document: str, selection: Selection = Selection()) -> dict:
    """The ProfilePage tree for the CV whose document IRI is ``document``."""
    ix = Index(triples)
    page = IRI(document)
    me = ix.value(page, S + "mainEntity")
    if me is None:
        from cvgraph.errors import CvgraphError

        raise CvgraphError(f"no schema:mainEntity for {document}: is this the CV's document IRI?")
    person = _node(ix, me, ("name", "givenName", "familyName", "alternateName", "jobTitle", "email",
                            "telephone", "url", "sameAs", "identifier", "award"))
    for prop in ("worksFor", "affiliation", "alumniOf", "memberOf"):
        orgs = [o for o in ix.objects(me, S + prop) if "Organization" in " ".join(ix.types(o))
                or any(t.endswith(("CollegeOrUniversity", "Corporation")) for t in ix.types(o))]
        orgs = [o for o in orgs if not any(t.endswith("Role") for t in ix.types(o))]
        if orgs and prop != "memberOf":
            person[prop] = _one_or_many([_org(ix, o) for o in sorted(orgs, key=lambda t: t.value)])
    topics = []
    for value in ix.objects(me, S + "knowsAbout"):
        topics.append(value.value if isinstance(value, Lit) else _node(ix, value, ("name",)))
    if topics:
        person["knowsAbout"] = topics
    works = works_of(ix, me)
    works.sort(key=lambda w: (-(_year(ix.value(w, S + "datePublished")) or 0), _text(ix.value(w, S + "name"))))
    if not selection.preprints:
        works = [w for w in works if ix.value(w, S + "creativeWorkStatus") is None]
    if selection.since is not None:
        works = [w for w in works if (_year(ix.value(w, S + "datePublished")) or 0) >= selection.since]
    if selection.max_works is not None:
        works = works[: selection.max_works]
    if works:  # an edited volume the owner did not write is theirs as its editor
        authored = set(ix.subjects(S + "author", me))
        reverse = {"author": [_work(ix, w) for w in works if w in authored],
                   "editor": [_work(ix, w) for w in works if w not in authored]}
        person["@reverse"] = {role: items for role, items in reverse.items() if items}
    doc: dict = {"@context": "https://schema.org", "@type": "ProfilePage", "@id": document}
    modified = ix.value(page, S + "dateModified")
    if modified is not None:
        doc["dateModified"] = modified.value
    doc["mainEntity"] = person
    return doc


def to_json(doc: dict, pretty: bool = True) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2 if pretty else None,
                      separators=None if pretty else (",", ":"))


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_json_for_html(text: str) -> str:
    """JSON text safe inside ``<script>``: no ``</script>``, ``<!--`` or ``]]>`` can form, and
    U+2028/U+2029 are escaped; JSON.parse still gives back the original strings."""
    return re.sub("[<>&\u2028\u2029]", lambda m: _HTML_UNSAFE[m.group()], text)


def script_element(doc: dict, pretty: bool = True) -> str:
    return f'<script type="application/ld+json">\n{escape_json_for_html(to_json(doc, pretty))}\n</script>'
