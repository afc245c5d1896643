"""The records format as Python types. Generated from cvgraph/records/spec.py by
cvgraph/records/typegen.py; do not edit: regenerate with
``python -m cvgraph.records.typegen > cvgraph/records/types.py``."""
from typing import Required, TypedDict

__all__ = [
    "Address", "Author", "Award", "Certificate", "Colleague", "Course", "Education", "Grant",
    "Language", "Links", "Organization", "Person", "Project", "Publication", "Records", "Role",
    "Service", "SkillGroup", "Student", "Talk", "Thesis", "Venue",
]


class Address(TypedDict, total=False):
    """The ``address`` of a record."""

    locality: str
    region: str
    country: str


class Person(TypedDict, total=False):
    """The ``person`` record."""

    name: Required[str]
    given_name: str
    family_name: str
    aliases: list[str]
    job_title: str
    affiliation: str | list[str]
    email: str
    phone: str
    homepage: str
    orcid: str
    dblp: str
    scholar: str
    links: list[str]
    wikidata: str
    address: Address
    summary: str
    image: str


class Organization(TypedDict, total=False):
    """An entry of ``organizations``."""

    id: str
    name: Required[str]
    kind: str
    parent: str
    aliases: list[str]
    locality: str
    region: str
    country: str
    url: str
    ror: str


class Colleague(TypedDict, total=False):
    """An entry of ``people``."""

    id: str
    name: Required[str]
    aliases: list[str]
    orcid: str
    affiliation: str
    url: str
    wikidata: str


class Venue(TypedDict, total=False):
    """An entry of ``venues``."""

    id: str
    name: Required[str]
    short: str
    kind: Required[str]
    aliases: list[str]
    part_of: str
    publisher: str
    issn: str
    url: str
    wikidata: str


class Thesis(TypedDict, total=False):
    """The ``thesis`` of a record."""

    title: Required[str]
    url: str


class Education(TypedDict, total=False):
    """An entry of ``education``."""

    degree: Required[str | list[str]]
    field: str
    institution: Required[str]
    start: str
    end: str
    thesis: Thesis
    advisors: list[str]
    notes: list[str]


class Role(TypedDict, total=False):
    """An entry of ``employment``; an entry of ``internships``; an entry of ``volunteer``."""

    title: Required[str]
    organization: Required[str]
    start: Required[str]
    end: str
    advisors: list[str]
    notes: list[str]


class Student(TypedDict, total=False):
    """An entry of ``students``."""

    person: Required[str]
    degree: str
    start: str
    end: str
    thesis: Thesis
    role: str
    notes: list[str]


class Course(TypedDict, total=False):
    """An entry of ``teaching``."""

    code: str
    title: Required[str]
    institution: Required[str]
    terms: Required[list[str]]


class Award(TypedDict, total=False):
    """An entry of ``awards``."""

    name: Required[str]
    year: str
    date: str
    awarder: str
    work: str
    notes: list[str]


class Author(TypedDict, total=False):
    """An author or editor given with its reference."""

    name: Required[str]
    ref: Required[str]


class Links(TypedDict, total=False):
    """The ``links`` of a record."""

    pdf: str
    html: str
    slides: str
    poster: str
    code: str
    data: str
    video: str
    project: str
    supplement: str
    ads: str


class Publication(TypedDict, total=False):
    """An entry of ``publications``."""

    id: str
    kind: Required[str]
    title: Required[str]
    authors: list[str | Author]
    et_al: bool
    editors: list[str | Author]
    venue: str
    publisher: str
    year: str
    volume: str
    issue: str
    pages: str
    article: str
    doi: str
    url: str
    arxiv: str
    wikidata: str
    isbn: str
    degree: str
    identifiers: list[str]
    acceptance_rate: str
    number: str
    abstract: str
    keywords: list[str]
    selected: bool
    links: Links
    funding: list[str]
    authors_incomplete: bool
    notes: list[str]


class Talk(TypedDict, total=False):
    """An entry of ``talks``."""

    title: Required[str]
    host: str
    series: str
    date: str
    notes: list[str]


class Service(TypedDict, total=False):
    """An entry of ``service``."""

    role: Required[str]
    committee: str
    venue: Required[str]
    years: Required[list[str]]


class SkillGroup(TypedDict, total=False):
    """An entry of ``skills``."""

    group: Required[str]
    items: Required[list[str]]


class Certificate(TypedDict, total=False):
    """An entry of ``certificates``."""

    name: Required[str]
    issuer: str
    date: str
    url: str
    notes: list[str]


class Language(TypedDict, total=False):
    """An entry of ``languages``."""

    name: Required[str]
    fluency: str


class Grant(TypedDict, total=False):
    """An entry of ``grants``."""

    id: str
    name: Required[str]
    funder: str
    number: str
    role: str
    start: str
    end: str
    amount: str
    url: str
    aliases: list[str]
    notes: list[str]


class Project(TypedDict, total=False):
    """An entry of ``projects``."""

    name: Required[str]
    description: str
    start: str
    end: str
    url: str
    roles: list[str]
    notes: list[str]


class Records(TypedDict, total=False):
    """A CV file: the records of one person."""

    cvgraph: int
    base: str
    updated: str
    person: Required[Person]
    interests: list[str]
    organizations: list[Organization]
    people: list[Colleague]
    venues: list[Venue]
    education: list[Education]
    employment: list[Role]
    internships: list[Role]
    volunteer: list[Role]
    students: list[Student]
    teaching: list[Course]
    awards: list[Award]
    publications: list[Publication]
    talks: list[Talk]
    service: list[Service]
    skills: list[SkillGroup]
    certificates: list[Certificate]
    languages: list[Language]
    grants: list[Grant]
    projects: list[Project]
