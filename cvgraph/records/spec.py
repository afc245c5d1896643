"""The records format as data: one table drives the loader's checks, the resolver, the mapping's
checks and the JSON Schema.

``FORMAT`` says, for every key of a CV file, what kind of value it takes and, for references,
which registry it names. :func:`cvgraph.records.checker.check` walks a loaded YAML document
against it; :func:`cvgraph.records.schema.json_schema` renders it as the JSON Schema shipped for
editors, so the two cannot drift (a test regenerates the schema and compares).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cvgraph.iri import percent_encode

__all__ = [
    "AUTHOR_OBJ",
    "ENCODE",
    "FORMAT",
    "HINTS",
    "IDENTITY",
    "IRIS",
    "LINK_KINDS",
    "OWNER",
    "PATTERNS",
    "REGISTRIES",
    "F",
    "close_matches",
    "identifier_iri",
    "item",
    "item_fields",
    "lst",
    "obj",
    "ref",
    "ref_fields",
]

# Patterns shared by the loader and the JSON Schema.
# Years are 1000-9999 (as xsd:gYear writes them with four digits; a year before 1000 in a CV is a typo).
PATTERNS = {
    "date": r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
    "year": r"^[1-9][0-9]{3}$",
    "term": r"^(Spring|Summer|Fall|Autumn|Winter) [1-9][0-9]{3}$",
    "url": r"^https?://[^\s<>\"{}|\\^`]+$",
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    "doi": r"^10\.[0-9]{4,9}/\S+$",
    "orcid": r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$",
    "ror": r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$",
    "arxiv": r"^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})(v[0-9]+)?$",
    "issn": r"^[0-9]{4}-[0-9]{3}[0-9X]$",
    "id": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    "identifier": r"^[A-Za-z][A-Za-z0-9._-]*:\S+$",
    "wikidata": r"^Q[1-9][0-9]*$",
}
HINTS = {
    "date": "write YYYY, YYYY-MM or YYYY-MM-DD (a year from 1000), e.g. \"2023-06\"",
    "year": "write a four-digit year from 1000, e.g. 2023",
    "term": "write a season and a year, e.g. \"Spring 2023\" (Spring, Summer, Fall, Autumn, Winter)",
    "url": "write a full http:// or https:// address",
    "email": "write an address such as name@example.org",
    "doi": "write the bare DOI, e.g. 10.1145/3580305.3599890 (no https://doi.org/ prefix)",
    "orcid": "write the 16-digit iD, e.g. 0000-0002-1825-0097 (no https://orcid.org/ prefix)",
    "ror": "write the 9-character ROR id, e.g. 01easw929 (no https://ror.org/ prefix)",
    "arxiv": "write an arXiv id such as 2301.00001 or cs/0112017",
    "issn": "write an ISSN such as 1234-5678",
    "id": "use letters, digits, '-', '_' and '.', e.g. lee2024layerwise (it becomes part of an IRI)",
    "identifier": "write \"scheme:value\", e.g. \"dblp:conf/sc/LeeJ17\" or \"pmid:123\"",
    "wikidata": "write the item's id, e.g. Q7259 (no https://www.wikidata.org/wiki/ prefix)",
}

# The IRI an identifier names, by the kind of its field (DOIs are case-insensitive: lower-cased).
# The value is percent-encoded first where its scheme allows (ENCODE: the characters kept); the
# other kinds are written as they are, and the checker refuses a value whose IRI is not valid.
IRIS = {
    "url": "{}",
    "orcid": "https://orcid.org/{}",
    "ror": "https://ror.org/{}",
    "doi": "https://doi.org/{}",
    "arxiv": "https://arxiv.org/abs/{}",
    "email": "mailto:{}",
    "wikidata": "http://www.wikidata.org/entity/{}",
}
OWNER = "me"  # the id that author and person references resolve to for the CV's owner
REGISTRIES = ("organizations", "people", "venues", "grants")  # sections whose entries references name
# How the entries of a section are named in the graph: the IRI of their global identifier (the
# field named here, by IRIS), else a hash IRI under the document IRI (`{id}`: the entry's id).
# The owner (`person`) is named likewise; a shared people registry names its people the same way.
IDENTITY = {
    "person": ("#me", "orcid"),
    "organizations": ("#org-{id}", "ror"),
    "people": ("#person-{id}", "orcid"),
    "venues": ("#venue-{id}", None),
    "grants": ("#grant-{id}", None),
    "publications": ("#pub-{id}", "doi"),
}


ENCODE = {
    # the DOI handbook's URL encoding rules ("DOI Name Encoding Rules for URL Presentation"): the
    # mandatory % " # SPACE ?, and the recommended < > { } ^ [ ] ` | \ (all of them not allowed in
    # an IRI path); + and , stay (an IRI allows them, doi.org resolves them); non-ASCII as UTF-8
    "doi": "/:@!$&'()*+,;=",
    # RFC 6068 (mailto): one addr-spec, every character but unreserved and some-delims encoded
    # (a "," too, which would start a second address)
    "email": "!$'()*+;:@",
}


def identifier_iri(kind: str, value: str) -> str:
    """The IRI of an identifier of field kind ``kind`` (a key of IRIS).

    >>> identifier_iri("doi", "10.1002/(SICI)1097-4636<477::AID>3.0.CO;2-#")
    'https://doi.org/10.1002/(sici)1097-4636%3C477::aid%3E3.0.co;2-%23'
    >>> identifier_iri("email", "a b@example.org")
    'mailto:a%20b@example.org'
    """
    text = value.lower() if kind == "doi" else value
    return IRIS[kind].format(percent_encode(text, ENCODE[kind]) if kind in ENCODE else text)


@dataclass(frozen=True)
class F:
    """One field: ``kind`` is a scalar kind (a PATTERNS key, ``str``, ``ref``, ``int``, ``bool``), ``obj``,
    ``list`` or ``strs`` (a string or a list of strings). ``to`` is what a reference names: a
    registry (REGISTRIES) or ``publications`` (by id); a ``strs`` with ``to`` is a list of references."""

    kind: str
    required: bool = False
    doc: str = ""
    of: Any = None  # list: item F; obj: dict of fields
    enum: tuple[Any, ...] = ()
    default: Any = None
    to: str = ""

    def __post_init__(self) -> None:
        if self.kind == "ref" and not self.to:
            raise ValueError("a reference field says what it names: F('ref', to=…) (see ref())")


def obj(fields: dict[str, F], required: bool = False, doc: str = "") -> F:
    return F("obj", required, doc, fields)


def lst(item: F, required: bool = False, doc: str = "") -> F:
    return F("list", required, doc, item)


def ref(to: str, required: bool = False, doc: str | None = None) -> F:
    """A reference to an entry of ``to`` (a registry, or ``publications`` by id); the JSON Schema
    says which, unless ``doc`` says otherwise."""
    return F("ref", required, f"an id, name or alias of one of the {to}" if doc is None else doc, to=to)


S = F("str")
ID = F("id", doc="optional; default: a slug of the name")
ORG, PERSON, VENUE = ref("organizations"), ref("people"), ref("venues")
NOTES = lst(S, doc="free-text notes kept in the graph (schema:description)")
ADDRESS = {"locality": F("str", doc="city"), "region": F("str", doc="state or province"),
           "country": F("str")}
ORG_KINDS = ("university", "company", "research", "government", "department", "school", "organization")

VENUE_KINDS = ("journal", "conference", "workshop", "repository", "book", "series")
PUBLICATION_KINDS = ("journal", "conference", "workshop", "preprint", "book", "chapter", "proceedings",
                     "thesis", "report", "manuscript", "patent", "other")
# The links a work may have, by what they point to (publications' `links:`)
LINK_KINDS = {
    "pdf": "the full text as PDF", "html": "the full text as a web page", "slides": "the talk's slides",
    "poster": "the poster", "code": "the source code (a repository)", "data": "the data set",
    "video": "a video of the talk", "project": "the project's page", "supplement": "supplementary material",
    "ads": "the NASA ADS abstract page",
}

THESIS = obj({"title": F("str", True), "url": F("url")})

ROLE = obj({
    "title": F("str", True, "role name, e.g. Assistant Professor"),
    "organization": ref("organizations", True, "organization ref"),
    "start": F("date", True),
    "end": F("enddate", doc="date or `present`; leave out when unknown"),
    "advisors": lst(PERSON, doc="person refs"),
    "notes": NOTES,
})

FORMAT: dict[str, F] = {
    "cvgraph": F("int", doc="format version", enum=(1,)),
    "base": F("url", doc="document IRI of the CV; default person.homepage"),
    "updated": F("date", doc="when the CV was last changed (schema:dateModified)"),
    "person": obj({
        "name": F("str", True),
        "given_name": S, "family_name": S,
        "aliases": lst(S, doc="printed variants of the owner's name in author lists"),
        "job_title": S,
        "affiliation": F("strs", doc="organization ref(s): current employer and department", to="organizations"),
        "email": F("email"), "phone": S,
        "homepage": F("url"),
        "orcid": F("orcid"), "dblp": F("url"), "scholar": F("url"),
        "links": lst(F("url"), doc="other profile pages (schema:sameAs)"),
        "wikidata": F("wikidata", doc="its Wikidata item, e.g. Q7259 (schema:sameAs)"),
        "address": obj(ADDRESS),
        "summary": F("str", doc="a short profile text (schema:description)"),
        "image": F("url", doc="a photo (schema:image)"),
    }, required=True),
    "interests": lst(S, doc="research interests"),
    "organizations": lst(obj({
        "id": ID, "name": F("str", True),
        "kind": F("str", enum=ORG_KINDS, default="organization"),
        "parent": ORG, "aliases": lst(S), **ADDRESS,
        "url": F("url"), "ror": F("ror"),
    })),
    "people": lst(obj({
        "id": ID, "name": F("str", True), "aliases": lst(S, doc="printed variants"),
        "orcid": F("orcid"), "affiliation": ORG, "url": F("url"),
        "wikidata": F("wikidata", doc="its Wikidata item, e.g. Q7259 (schema:sameAs)"),
    })),
    "venues": lst(obj({
        "id": ID, "name": F("str", True), "short": S,
        "kind": F("str", True, enum=VENUE_KINDS),
        "aliases": lst(S), "part_of": VENUE, "publisher": ORG, "issn": F("issn"), "url": F("url"),
        "wikidata": F("wikidata", doc="its Wikidata item, e.g. Q7259 (schema:sameAs)"),
    })),
    "education": lst(obj({
        "degree": F("strs", True, "degree(s), e.g. Ph.D. or [B.S., M.S.]"),
        "field": S,
        "institution": ref("organizations", True, ""),
        "start": F("date"), "end": F("enddate", doc="date or `present`"),
        "thesis": THESIS,
        "advisors": lst(PERSON),
        "notes": NOTES,
    })),
    "employment": lst(ROLE),
    "internships": lst(ROLE),
    "volunteer": lst(ROLE, doc="volunteering, memberships, services that are not jobs"),
    "students": lst(obj({
        "person": ref("people", True, "person ref: the student"),
        "degree": F("str", doc="the degree studied for, e.g. Ph.D., M.S."),
        "start": F("date"), "end": F("enddate", doc="date or `present`"),
        "thesis": THESIS,
        "role": F("str", doc="the owner's role when not the sole advisor, e.g. co-advisor"),
        "notes": NOTES,
    }), doc="thesis advisees: the people whose graduate thesis the owner advised"),
    "teaching": lst(obj({
        "code": S, "title": F("str", True), "institution": ref("organizations", True, ""),
        "terms": lst(F("term"), True, "every offering, e.g. Spring 2023"),
    })),
    "awards": lst(obj({
        "name": F("str", True), "year": F("year"), "date": F("date", doc="the full date, when known"),
        "awarder": ref("organizations", doc="organization ref: who gave it"), "work": ref("publications", doc="publication id"),
        "notes": NOTES,
    })),
    "publications": lst(obj({
        "id": ID,
        "kind": F("str", True, enum=PUBLICATION_KINDS),
        "title": F("str", True),
        "authors": lst(F("author", to="people"), doc="authors as printed, in printed order (required; an edited "
                       "volume that is not an article may give editors instead)"),
        "et_al": F("bool", doc="true: the printed author list ends with \"et al.\" / \"and others\""),
        "editors": lst(F("author", to="people"), doc="editors as printed, in printed order"),
        "venue": VENUE,
        "publisher": ref("organizations", doc="organization ref: publisher, institution (report) or school (thesis)"),
        "year": F("date"),
        "volume": S, "issue": S, "pages": S,
        "article": F("str", doc="article number"),
        "doi": F("doi"), "url": F("url"), "arxiv": F("arxiv"),
        "wikidata": F("wikidata", doc="its Wikidata item, e.g. Q7259 (schema:sameAs)"),
        "isbn": S,
        "degree": F("str", doc="thesis only, e.g. Ph.D."),
        "identifiers": lst(F("identifier"), doc="other ids as \"scheme:value\", e.g. \"pmid:123\""),
        "acceptance_rate": S,
        "number": F("str", doc="a patent's or a report's number, e.g. US 11,234,567 B2"),
        "abstract": F("str", doc="the abstract (schema:abstract)"),
        "keywords": lst(S, doc="keywords or subjects (schema:keywords)"),
        "selected": F("bool", doc="true: a selected (featured) work, shown first"),
        "links": obj({key: F("url", doc=doc) for key, doc in LINK_KINDS.items()},
                     doc="links to the work's parts and pages, by kind"),
        "funding": lst(ref("grants"), doc="grant refs: the grants that funded it"),
        "authors_incomplete": F("bool", doc="true: the authors given are not the whole printed list (e.g. "
                                "an ORCID work without contributors); no author positions are asserted"),
        "notes": NOTES,
    })),
    "talks": lst(obj({
        "title": F("str", True), "host": ORG, "series": S, "date": F("date"), "notes": NOTES,
    })),
    "service": lst(obj({
        "role": F("str", True), "committee": S, "venue": ref("venues", True, ""),
        "years": lst(F("year"), True),
    })),
    "skills": lst(obj({"group": F("str", True), "items": lst(S, True)})),
    "certificates": lst(obj({
        "name": F("str", True), "issuer": ref("organizations", doc="organization ref"), "date": F("date"),
        "url": F("url"), "notes": NOTES,
    })),
    "languages": lst(obj({"name": F("str", True), "fluency": F("str", doc="e.g. Native, C1")})),
    "grants": lst(obj({
        "id": ID, "name": F("str", True, "the grant's title"),
        "funder": ref("organizations", doc="organization ref: who funds it"),
        "number": F("str", doc="the award or grant number, e.g. CCF-1234567"),
        "role": F("str", doc="the owner's role, e.g. PI, Co-PI"),
        "start": F("date"), "end": F("enddate", doc="date or `present`"),
        "amount": F("str", doc="e.g. \"500000 USD\""),
        "url": F("url"), "aliases": lst(S, doc="other names it is referred to by"), "notes": NOTES,
    })),
    "projects": lst(obj({
        "name": F("str", True), "description": S, "start": F("date"),
        "end": F("enddate", doc="date or `present`"), "url": F("url"),
        "roles": lst(S, doc="the owner's roles in it"), "notes": NOTES,
    })),
}

def item_fields(spec: F) -> dict[str, F] | None:
    """The fields of the records ``spec`` holds (an object, or a list of objects; an author, as
    the loader gives it: ``{name, ref}``); None for scalars."""
    if spec.kind == "list":
        spec = spec.of
    if spec.kind == "author":
        return AUTHOR_OBJ
    return spec.of if spec.kind == "obj" else None


def item(spec: F) -> F:
    """One value of ``spec``: a list's item, a ``strs``' string (a reference when it has ``to``)."""
    if spec.kind == "list":
        return spec.of  # type: ignore[no-any-return]  # `of` is an F for a list
    if spec.kind == "strs":
        return F("ref", to=spec.to) if spec.to else S
    return spec


def ref_fields() -> list[tuple[str, str, str]]:
    """``(section, key, target)`` of every reference to a registry or publication, by FORMAT
    (author lists, which also name the owner and organisations, are not among them)."""
    out = []
    for section, spec in FORMAT.items():
        for key, field in (item_fields(spec) or {}).items():
            target = item(field)
            if target.kind == "ref" and target.to:
                out.append((section, key, target.to))
    return out


AUTHOR_OBJ = {"name": F("str", True, "as printed"),
              "ref": ref("people", True, "a people id (or me); for an author, also an organizations id")}


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib's suggestions, imported only when there is something to suggest."""
    import difflib  # lazily: only an error needs it

    return difflib.get_close_matches(word, list(choices), n, cutoff)
