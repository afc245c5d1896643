"""One CV's records as VIVO-ISF: the data a VIVO profile page shows (``--profile vivo``).

VIVO's pages read only VIVO-ISF, through the list-view queries VIVO runs for each property of a
profile (``../shared/vivo/listview``): a publication shows only through a ``vivo:Authorship``
with a ``vivo:rank``, a position only through a ``vivo:Position`` relating a labelled
organisation, a name, title, email, phone or web page only through the person's vCard, a date
only as a ``vivo:DateTimeValue`` with its precision. This module makes exactly those patterns, in
the shape of VIVO's own sample data, from the same checked records the core mapping
(``ontology/mapping.yaml``) reads; :mod:`cvgraph.mapping.vivo_works` does the works and
:mod:`cvgraph.mapping.vivo_roles` the activities. The judgements (which VIVO class for which
record, what VIVO-ISF cannot say) are explained in ``ontology/README.md``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from nameparser import HumanName
from nameparser.config import Constants

from cvgraph.mapping.vivo_grants import grants
from cvgraph.mapping.vivo_graph import FOAF, OBO, SKOS, VCARD, VIVO, VivoGraph
from cvgraph.mapping.vivo_names import Names, namespace
from cvgraph.mapping.vivo_options import VivoOptions
from cvgraph.mapping.vivo_roles import current_class, roles
from cvgraph.mapping.vivo_works import works
from cvgraph.rdf.terms import IRI, XSD, Lit, Triple
from cvgraph.records.loader import CV
from cvgraph.records.spec import IRIS, OWNER
from cvgraph.records.types import Education, Person, Role

__all__ = ["ORG_CLASSES", "NameParts", "VivoOptions", "label_of_name", "triples"]

# an organisation's VIVO class by its kind (a department: an academic one inside a university)
ORG_CLASSES = {
    "university": VIVO + "University",
    "company": VIVO + "Company",
    "research": VIVO + "ResearchOrganization",
    "government": VIVO + "GovernmentAgency",
    "school": VIVO + "School",
    "department": VIVO + "Department",
}
_URL_LABELS = {"homepage": "Homepage", "dblp": "DBLP", "scholar": "Google Scholar"}


def triples(cv: CV, base: str | None = None, options: VivoOptions | None = None) -> list[Triple]:
    """All VIVO-ISF triples of one CV, sorted, without duplicates."""
    options = options or VivoOptions()
    names = Names(cv, namespace(cv, base, options.namespace))
    g = VivoGraph()
    _Person(cv, names, g, options).emit()
    works(cv, names, g)
    grants(cv, names, g)
    roles(cv, names, g)
    return g.triples()


class NameParts(NamedTuple):
    label: str  # "Family, Given Middle Suffix", as VIVO labels people
    given: str
    middle: str
    family: str
    suffix: str


# a CV's names are names: no word of them is a title ("Mahdi", "Bishop" are nameparser titles)
_NO_TITLES = Constants(titles=[], first_name_titles=[])


@lru_cache(maxsize=8192)  # the same co-authors recur across a faculty's CVs
def label_of_name(name: str, given: str | None = None, family: str | None = None) -> NameParts:
    """A person's name as VIVO writes it: its label and vCard parts, split by nameparser where the
    record does not give the given and family names."""
    human = HumanName(" ".join(name.split()), constants=_NO_TITLES)
    given_, middle, family_, suffix = human.first, human.middle, human.last, human.suffix
    if not family_:  # a single word: a family name
        given_, family_ = "", given_ or name
    if given is not None and family is not None:  # the record's split wins; the rest of the name is middle
        words = " ".join(name.split())
        rest = words.replace(family, "", 1) if family in words else f"{given_} {middle}"
        middle = " ".join(rest.split()).removeprefix(given).strip() if rest.strip().startswith(given) else ""
        given_, family_, suffix = given, family, "" if suffix and suffix in family else suffix
    rest = " ".join(p for p in (given_, middle, suffix) if p)
    return NameParts(", ".join(p for p in (family_, rest) if p) or name, given_, middle, family_, suffix)


class _Person:
    """The owner, the people the CV names, the organisations."""

    def __init__(self, cv: CV, names: Names, g: VivoGraph, options: VivoOptions) -> None:
        self.cv, self.names, self.g, self.options = cv, names, g, options
        self.person: Person = cv.data["person"]
        self.advisors = advisors(cv)

    def emit(self) -> None:
        me, p = self.names.owner, self.person
        name = label_of_name(str(p["name"]), p.get("given_name"), p.get("family_name"))
        self.g.node(me, [FOAF + "Person", *current_class(self.cv)], name.label)
        self.contact(self.vcard(me, name))
        self.orcid(me, p.get("orcid"), confirmed=True)
        self.g.text(me, VIVO + "overview", p.get("summary"))
        for area in self.cv.data.get("interests") or []:
            concept = self.g.node(self.names.concept(area), (SKOS + "Concept",), area)
            self.g.add(me, VIVO + "hasResearchArea", concept)
            self.g.add(concept, VIVO + "researchAreaOf", me)
        for ident in self.cv.registries.get("organizations", {}):
            self.organization(ident)
        for ident, entry in self.cv.registries.get("people", {}).items():
            if ident != OWNER:
                self.other(ident, entry)

    def vcard(self, who: IRI, name: NameParts | None, kind: str = "Individual") -> IRI:
        """``who``'s vCard (``obo:ARG_2000028``, ``<who>-vcard``) with its name."""
        vcard = self.g.node(IRI(who.value + "-vcard"), (VCARD + kind,))
        self.g.add(who, OBO + "ARG_2000028", vcard)
        self.g.add(vcard, OBO + "ARG_2000029", who)
        if name is not None:
            self.name(vcard, name)
        return vcard

    def name(self, vcard: IRI, name: NameParts) -> None:
        node = self.g.node(IRI(vcard.value + "-name"), (VCARD + "Name",))
        self.g.add(vcard, VCARD + "hasName", node)
        self.g.text(node, VCARD + "givenName", name.given)
        self.g.text(node, VIVO + "middleName", name.middle)
        self.g.text(node, VCARD + "familyName", name.family)
        self.g.text(node, VCARD + "honorificSuffix", name.suffix)

    def orcid(self, who: IRI, orcid: object, confirmed: bool = False) -> None:
        """``vivo:orcidId``; for the owner (who confirms it by publishing the CV), also the ORCID
        iD's ``vivo:confirmedOrcidId`` back."""
        if orcid:
            iri = IRI(IRIS["orcid"].format(orcid).replace("https://", f"{self.options.orcid_scheme}://", 1))
            self.g.add(who, VIVO + "orcidId", iri)
            if confirmed:
                self.g.add(iri, VIVO + "confirmedOrcidId", who)

    def contact(self, vcard: IRI) -> None:
        """Title, the (primary, work) email, phone, address and web pages, ranked: homepage first."""
        p, at = self.person, vcard.value
        if p.get("job_title"):
            title = self.g.node(IRI(at + "-title"), (VCARD + "Title",))
            self.g.add(vcard, VCARD + "hasTitle", title)
            self.g.text(title, VCARD + "title", p["job_title"])
        if p.get("email"):
            email = self.g.node(IRI(at + "-email"), (VCARD + "Email", VCARD + "Work"))
            self.g.add(vcard, VCARD + "hasEmail", email)
            self.g.text(email, VCARD + "email", p["email"])
        if p.get("phone"):
            phone = self.g.node(IRI(at + "-phone"), (VCARD + "Telephone",))
            self.g.add(vcard, VCARD + "hasTelephone", phone)
            self.g.text(phone, VCARD + "telephone", p["phone"])
        self.address(vcard, dict(p.get("address") or {}))
        pages = [(key, str(p[key])) for key in ("homepage", "dblp", "scholar") if p.get(key)]
        self.web_pages(vcard, pages + [("links", str(url)) for url in p.get("links") or []])

    def address(self, vcard: IRI, address: dict[str, Any]) -> None:
        """A ``vcard:Address`` with the locality, region and country given."""
        if address:
            where = self.g.node(IRI(vcard.value + "-address"), (VCARD + "Address",))
            self.g.add(vcard, VCARD + "hasAddress", where)
            for key in ("locality", "region", "country"):
                self.g.text(where, VCARD + key, address.get(key))

    def web_pages(self, vcard: IRI, pages: list[tuple[str, str]]) -> None:
        """``vcard:URL``s ranked in the order given, labelled by kind or host."""
        for rank, (key, url) in enumerate(pages, 1):
            page = self.g.node(IRI(f"{vcard.value}-url-{rank}"), (VCARD + "URL",),
                               _URL_LABELS.get(key) or urlsplit(url).netloc or url)
            self.g.add(vcard, VCARD + "hasURL", page)
            self.g.add(page, VCARD + "url", Lit(url, XSD + "anyURI"))
            self.g.add(page, VIVO + "rank", Lit(str(rank), XSD + "int"))

    def organization(self, ident: str) -> None:
        entry = self.cv.registries["organizations"][ident]
        org = self.names.organization(ident)
        parent = entry.get("parent")
        kind = str(entry.get("kind") or "organization")
        cls = ORG_CLASSES.get(kind)
        if kind == "department" and parent and \
                self.cv.registries["organizations"].get(parent, {}).get("kind") in ("university", "school"):
            cls = VIVO + "AcademicDepartment"
        self.g.node(org, [FOAF + "Organization", *([cls] if cls else [])], entry["name"])
        if parent:
            self.g.part_of(org, self.names.organization(parent))
        if entry.get("ror"):
            self.g.text(org, VIVO + "rorId", entry["ror"])
        where = {k: entry.get(k) for k in ("locality", "region", "country") if entry.get(k)}
        if entry.get("url") or where:
            vcard = self.vcard(org, None, "Organization")
            self.web_pages(vcard, [("url", str(entry["url"]))] if entry.get("url") else [])
            self.address(vcard, where)

    def other(self, ident: str, entry: dict[str, Any]) -> None:
        """A person the CV names: a ``foaf:Person`` when known beyond this CV (an ORCID iD, the
        shared registry) or in a role VIVO shows only for people (an advisor); else, as VIVO
        does for authors who are not its own people, a ``vcard:Individual`` with a name."""
        who = self.names.person(ident)
        name = label_of_name(str(entry["name"]))
        if self.names.shared_key(ident) is not None or ident in self.advisors:
            self.g.node(who, (FOAF + "Person",), name.label)
            vcard = self.vcard(who, name)
            self.orcid(who, entry.get("orcid"))
        else:
            vcard = self.g.node(who, (VCARD + "Individual",), name.label)
            self.name(who, name)
        if entry.get("url"):
            self.web_pages(vcard, [("url", str(entry["url"]))])


def advisors(cv: CV) -> set[str]:
    """The people ids of the CV's advisors and thesis advisees (shown by VIVO only as ``foaf:Person``s)."""
    entries: list[Education | Role] = [*(cv.data.get("education") or []), *(cv.data.get("employment") or []),
                                       *(cv.data.get("internships") or []), *(cv.data.get("volunteer") or [])]
    return {a for entry in entries for a in entry.get("advisors") or []} | {
        str(s["person"]) for s in cv.data.get("students") or []}
