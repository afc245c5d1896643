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

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from nameparser import HumanName

from cvgraph.mapping.vivo_graph import FOAF, OBO, SKOS, VCARD, VIVO, VivoGraph
from cvgraph.mapping.vivo_names import Names, namespace
from cvgraph.mapping.vivo_roles import current_class, roles
from cvgraph.mapping.vivo_works import works
from cvgraph.rdf.terms import IRI, XSD, Lit, Triple, order
from cvgraph.records.loader import CV
from cvgraph.records.spec import IRIS, OWNER
from cvgraph.records.types import Education, Person, Role

__all__ = ["ORG_CLASSES", "VivoOptions", "triples"]

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


@dataclass(frozen=True)
class VivoOptions:
    """How the VIVO profile names things: the individual ``namespace`` (default: see
    :func:`cvgraph.mapping.vivo_names.namespace`) and the scheme of ORCID iD IRIs (VIVO's
    older ORCID forms write ``http://orcid.org/…``)."""

    namespace: str | None = None
    orcid_scheme: str = "https"


def triples(cv: CV, base: str | None = None, options: VivoOptions | None = None) -> list[Triple]:
    """All VIVO-ISF triples of one CV, sorted, without duplicates."""
    options = options or VivoOptions()
    names = Names(cv, namespace(cv, base, options.namespace))
    g = VivoGraph()
    _Person(cv, names, g, options).emit()
    works(cv, names, g)
    roles(cv, names, g)
    return sorted(g.triples(), key=order)


def label_of_name(name: str, given: str | None = None, family: str | None = None) -> tuple[str, str, str, str]:
    """(label "Family, Given", given, middle, family) of a person's name, split by nameparser
    where the record does not split it."""
    if given is None or family is None:
        human = HumanName(" ".join(name.split()))
        given_, middle, family_ = human.first, human.middle, human.last
        if not family_:
            given_, family_ = "", given_ or name
    else:
        given_, middle, family_ = given, "", family
    label = ", ".join(p for p in (family_, " ".join(p for p in (given_, middle) if p)) if p)
    return label or name, given_, middle, family_


class _Person:
    """The owner, the people the CV names, the organisations."""

    def __init__(self, cv: CV, names: Names, g: VivoGraph, options: VivoOptions) -> None:
        self.cv, self.names, self.g, self.options = cv, names, g, options
        self.person: Person = cv.data["person"]
        self.advisors = advisors(cv)

    def emit(self) -> None:
        me, p = self.names.owner, self.person
        label, given, middle, family = label_of_name(str(p["name"]), p.get("given_name"), p.get("family_name"))
        self.g.node(me, [FOAF + "Person", *current_class(self.cv)], label)
        self.contact(self.vcard(me, given, middle, family))
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

    def vcard(self, who: IRI, given: str, middle: str, family: str) -> IRI:
        """``who``'s vCard (``obo:ARG_2000028``, ``<who>-vcard``) with its name."""
        vcard = self.g.node(IRI(who.value + "-vcard"), (VCARD + "Individual",))
        self.g.add(who, OBO + "ARG_2000028", vcard)
        self.g.add(vcard, OBO + "ARG_2000029", who)
        if given or family:
            self.name(vcard, given, middle, family)
        return vcard

    def name(self, vcard: IRI, given: str, middle: str, family: str) -> None:
        name = self.g.node(IRI(vcard.value + "-name"), (VCARD + "Name",))
        self.g.add(vcard, VCARD + "hasName", name)
        self.g.text(name, VCARD + "givenName", given)
        self.g.text(name, VIVO + "middleName", middle)
        self.g.text(name, VCARD + "familyName", family)

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
        address = p.get("address") or {}
        if address:
            where = self.g.node(IRI(at + "-address"), (VCARD + "Address",))
            self.g.add(vcard, VCARD + "hasAddress", where)
            for key, term in (("locality", "locality"), ("region", "region"), ("country", "country")):
                self.g.text(where, VCARD + term, address.get(key))
        pages = [(key, str(p[key])) for key in ("homepage", "dblp", "scholar") if p.get(key)]
        self.web_pages(vcard, pages + [("links", str(url)) for url in p.get("links") or []])

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
        if entry.get("url"):
            self.web_pages(self.vcard(org, "", "", ""), [("url", str(entry["url"]))])

    def other(self, ident: str, entry: dict[str, Any]) -> None:
        """A person the CV names: a ``foaf:Person`` when known beyond this CV (an ORCID iD, the
        shared registry) or in a role VIVO shows only for people (an advisor); else, as VIVO
        does for authors who are not its own people, a ``vcard:Individual`` with a name."""
        who = self.names.person(ident)
        label, given, middle, family = label_of_name(str(entry["name"]))
        if self.names.shared_key(ident) is not None or ident in self.advisors:
            self.g.node(who, (FOAF + "Person",), label)
            self.vcard(who, given, middle, family)
            self.orcid(who, entry.get("orcid"))
        else:
            self.g.node(who, (VCARD + "Individual",), label)
            self.name(who, given, middle, family)


def advisors(cv: CV) -> set[str]:
    """The people ids of the CV's advisors (shown by VIVO only as ``foaf:Person``s)."""
    entries: list[Education | Role] = [*(cv.data.get("education") or []), *(cv.data.get("employment") or []),
                                       *(cv.data.get("internships") or []), *(cv.data.get("volunteer") or [])]
    return {a for entry in entries for a in entry.get("advisors") or []}
