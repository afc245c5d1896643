"""A CV's activities as VIVO shows them: positions relating the person and the organisation,
education as an educational process with its awarded degrees and advisors, thesis advisees,
award receipts,
invited talks, courses taught, service and projects as roles the person bears, each dated by a
``vivo:DateTimeInterval`` (an open end stays open)."""
from __future__ import annotations

import re
from typing import cast

from cvgraph.mapping.vivo_graph import BIBO, FOAF, OBO, VIVO, VivoGraph
from cvgraph.mapping.vivo_names import Names
from cvgraph.mapping.vivo_works import authorships
from cvgraph.rdf.terms import IRI
from cvgraph.records.ids import slug
from cvgraph.records.loader import CV
from cvgraph.records.types import Award, Certificate, Course, Education, Project, Role, Service, Student, Talk

__all__ = ["POSITION_CLASSES", "current_class", "position_class", "roles"]

PARTICIPATES_IN, HAS_PARTICIPANT = OBO + "RO_0000056", OBO + "RO_0000057"
HAS_OUTPUT, OUTPUT_OF = OBO + "RO_0002234", OBO + "RO_0002353"
_ACADEMIC = ("university", "school", "research")
_FACULTY_TITLE = re.compile(r"\b(professor|lecturer|instructor|faculty|dean|reader)\b", re.IGNORECASE)
_POSTDOC_TITLE = re.compile(r"\bpost[- ]?doc", re.IGNORECASE)
# a position's class, and the class of a person who holds it now
POSITION_CLASSES = {
    "faculty": (VIVO + "FacultyPosition", VIVO + "FacultyMember"),
    "postdoc": (VIVO + "PostdocPosition", VIVO + "Postdoc"),
    "academic": (VIVO + "NonFacultyAcademicPosition", VIVO + "NonFacultyAcademic"),
    "other": (VIVO + "NonAcademicPosition", VIVO + "NonAcademic"),
}


def _sector(cv: CV, org: str) -> str:
    """The kind of the organisation an organisation belongs to at the top (a department: its
    university's)."""
    orgs = cv.registries.get("organizations", {})
    seen: set[str] = set()
    while orgs.get(org, {}).get("parent") and org not in seen:
        seen.add(org)
        org = str(orgs[org]["parent"])
    return str(orgs.get(org, {}).get("kind") or "organization")


def position_class(cv: CV, role: Role) -> tuple[str, str]:
    """(position class, class of its holder) of an employment or internship record: a postdoc
    by its title; faculty by its title at an academic organisation; other positions at an
    academic organisation non-faculty academic ones; the rest non-academic."""
    title, academic = str(role.get("title") or ""), _sector(cv, str(role["organization"])) in _ACADEMIC
    if _POSTDOC_TITLE.search(title):
        return POSITION_CLASSES["postdoc"]
    if academic and _FACULTY_TITLE.search(title):
        return POSITION_CLASSES["faculty"]
    return POSITION_CLASSES["academic" if academic else "other"]


def current_class(cv: CV) -> list[str]:
    """The VIVO class of the owner: that of the first current position (no end, or ``present``)."""
    for role in cv.data.get("employment") or []:
        if role.get("end") in (None, "present"):
            return [position_class(cv, role)[1]]
    return []


def roles(cv: CV, names: Names, g: VivoGraph) -> None:
    act = _Activities(cv, names, g)
    for n, role in enumerate(cv.data.get("employment") or [], 1):
        act.position(names.own("position", n), role)
    for n, role in enumerate(cv.data.get("internships") or [], 1):
        act.position(names.own("internship", n), role)
    for n, role in enumerate(cv.data.get("volunteer") or [], 1):
        act.membership(names.own("membership", n), role)
    for n, entry in enumerate(cv.data.get("education") or [], 1):
        act.education(names.own("education", n), entry)
    for n, student in enumerate(cv.data.get("students") or [], 1):
        act.student(names.own("student", n), student)
    for n, award in enumerate(cv.data.get("awards") or [], 1):
        act.award(names.own("award", n), award)
    for n, talk in enumerate(cv.data.get("talks") or [], 1):
        act.talk(names.own("talk", n), talk)
    for course in cv.data.get("teaching") or []:
        act.course(course)
    for n, service in enumerate(cv.data.get("service") or [], 1):
        act.service(n, service)
    for n, project in enumerate(cast(list[Project], cv.data.get("projects") or []), 1):
        act.project(names.own("project", n), project)
    for n, cert in enumerate(cast(list[Certificate], cv.data.get("certificates") or []), 1):
        act.certificate(names.own("certificate", n), cert)


class _Activities:
    def __init__(self, cv: CV, names: Names, g: VivoGraph) -> None:
        self.cv, self.n, self.g = cv, names, g
        self.me = names.owner

    def notes(self, s: IRI, notes: list[str] | None) -> None:
        for note in notes or []:
            self.g.text(s, VIVO + "description", note)

    def position(self, s: IRI, role: Role) -> None:
        self.g.node(s, (position_class(self.cv, role)[0],), role["title"])
        self.g.relate(s, self.me, self.n.organization(str(role["organization"])))
        self.g.interval(s, role.get("start"), role.get("end"))
        self.notes(s, role.get("notes"))
        self.advising(s, role, None)

    def membership(self, s: IRI, role: Role) -> None:
        """Volunteering, memberships: a ``vivo:MemberRole`` contributing to the organisation."""
        self.g.node(s, (VIVO + "MemberRole",), role["title"])
        self.g.role(self.me, s)
        self.contributes(s, self.n.organization(str(role["organization"])))
        self.g.interval(s, role.get("start"), role.get("end"))
        self.notes(s, role.get("notes"))
        self.advising(s, role, None)

    def contributes(self, role: IRI, to: IRI) -> None:
        self.g.add(role, VIVO + "roleContributesTo", to)
        self.g.add(to, VIVO + "contributingRole", role)

    def education(self, s: IRI, entry: Education) -> None:
        org = self.n.organization(str(entry["institution"]))
        degrees = entry["degree"] if isinstance(entry["degree"], list) else [entry["degree"]]
        field = entry.get("field")
        self.g.node(s, (VIVO + "EducationalProcess",), " and ".join(map(str, degrees)) + (f" in {field}" if field else ""))
        for who in (self.me, org):
            self.g.add(who, PARTICIPATES_IN, s)
            self.g.add(s, HAS_PARTICIPANT, who)
        self.g.text(s, VIVO + "majorField", field)
        self.g.interval(s, entry.get("start"), entry.get("end"))
        self.notes(s, entry.get("notes"))
        for k, degree in enumerate(degrees, 1):
            awarded = self.g.node(IRI(f"{s.value}-degree-{k}"), (VIVO + "AwardedDegree",),
                                  f"{degree} in {field}" if field else degree)
            academic = self.g.node(self.n.degree(str(degree)), (VIVO + "AcademicDegree",), degree)
            self.g.text(academic, VIVO + "abbreviation", degree)
            self.g.relate(awarded, academic, self.me)
            self.g.add(awarded, OUTPUT_OF, s)
            self.g.add(s, HAS_OUTPUT, awarded)
            self.g.add(awarded, VIVO + "assignedBy", org)
            self.g.add(org, VIVO + "assigns", awarded)
        if entry.get("thesis"):
            thesis = entry["thesis"]
            work = self.g.node(IRI(s.value + "-thesis"), (BIBO + "Thesis",), thesis["title"])
            authorships(self.g, work, [self.me])
            self.g.add(work, VIVO + "publisher", org)
            if thesis.get("url"):
                self.g.uri(work, thesis["url"])
        self.advising(s, entry, self.n.degree(str(degrees[-1])))

    def advising(self, s: IRI, entry: Role | Education, degree: IRI | None) -> None:
        """An advisor of a degree or a position: a ``vivo:AdvisingRelationship`` relating the
        advisor's ``vivo:AdvisorRole`` and the owner's ``vivo:AdviseeRole``."""
        me_name = str(self.cv.data["person"]["name"])
        for k, ident in enumerate(entry.get("advisors") or [], 1):
            rel = IRI(f"{s.value}-advising-{k}")
            advisor_name = self.cv.registries.get("people", {}).get(ident, {}).get("name", ident)
            self.g.node(rel, (VIVO + "AdvisingRelationship",), f"{advisor_name} advising {me_name}")
            advisor, advisee = IRI(rel.value + "-advisor"), IRI(rel.value + "-advisee")
            self.g.node(advisor, (VIVO + "AdvisorRole",))
            self.g.node(advisee, (VIVO + "AdviseeRole",))
            self.g.role(self.n.person(str(ident)), advisor)
            self.g.role(self.me, advisee)
            self.g.relate(rel, advisor, advisee)
            if degree is not None:
                self.g.add(rel, VIVO + "degreeCandidacy", degree)
            self.g.interval(rel, entry.get("start"), entry.get("end"))

    def student(self, s: IRI, student: Student) -> None:
        """A thesis advisee, as :meth:`advising` the other way round: the owner bears the
        ``vivo:AdvisorRole`` (labelled by ``role``, e.g. co-advisor), the student the
        ``vivo:AdviseeRole``; the degree is the relationship's ``vivo:degreeCandidacy``; the thesis
        a ``bibo:Thesis`` authored by the student."""
        ident = str(student["person"])
        who = self.n.person(ident)
        name = self.cv.registries.get("people", {}).get(ident, {}).get("name", ident)
        self.g.node(s, (VIVO + "AdvisingRelationship",), f"{self.cv.data['person']['name']} advising {name}")
        advisor = self.g.node(IRI(s.value + "-advisor"), (VIVO + "AdvisorRole",), student.get("role"))
        advisee = self.g.node(IRI(s.value + "-advisee"), (VIVO + "AdviseeRole",))
        self.g.role(self.me, advisor)
        self.g.role(who, advisee)
        self.g.relate(s, advisor, advisee)
        if student.get("degree"):
            degree = str(student["degree"])
            academic = self.g.node(self.n.degree(degree), (VIVO + "AcademicDegree",), degree)
            self.g.text(academic, VIVO + "abbreviation", degree)
            self.g.add(s, VIVO + "degreeCandidacy", academic)
        self.g.interval(s, student.get("start"), student.get("end"))
        self.notes(s, student.get("notes"))
        if student.get("thesis"):
            thesis = student["thesis"]
            work = self.g.node(IRI(s.value + "-thesis"), (BIBO + "Thesis",), thesis["title"])
            authorships(self.g, work, [who])
            if thesis.get("url"):
                self.g.uri(work, thesis["url"])

    def award(self, s: IRI, award: Award) -> None:
        self.g.node(s, (VIVO + "AwardReceipt",), award["name"])
        prize = self.g.node(self.n.shared("award", slug(str(award["name"]))), (VIVO + "Award",), award["name"])
        self.g.relate(s, prize, self.me)
        if award.get("work"):
            self.g.relate(s, self.n.publication(str(award["work"])))
        if award.get("awarder"):
            org = self.n.organization(str(award["awarder"]))
            self.g.add(s, VIVO + "assignedBy", org)
            self.g.add(org, VIVO + "assigns", s)
        when = award.get("date") or award.get("year")
        if when:
            self.g.value(s, VIVO + "dateTimeValue", IRI(s.value + "-date"), str(when))
        self.notes(s, award.get("notes"))

    def talk(self, s: IRI, talk: Talk) -> None:
        """An invited talk: the owner's ``vivo:PresenterRole`` realized in a ``vivo:InvitedTalk``,
        the host's ``vivo:OrganizerRole`` too, the talk part of its series."""
        self.g.node(s, (VIVO + "InvitedTalk",), talk["title"])
        role = self.g.node(IRI(s.value + "-presenter"), (VIVO + "PresenterRole",), "Invited speaker")
        self.g.role(self.me, role, s)
        self.g.interval(role, talk.get("date"), None)
        if talk.get("host"):
            host = self.g.node(IRI(s.value + "-host"), (VIVO + "OrganizerRole",), "Host")
            self.g.role(self.n.organization(str(talk["host"])), host, s)
        if talk.get("series"):
            series = self.g.node(self.n.own("series", slug(str(talk["series"]))), (VIVO + "EventSeries",),
                                 talk["series"])
            self.g.part_of(s, series)
        self.notes(s, talk.get("notes"))

    def course(self, course: Course) -> None:
        """A course: a ``vivo:Course`` at the institution, and per term the owner's
        ``vivo:TeacherRole`` realized in it, dated by the term's year."""
        name = f"{course['code']} {course['title']}" if course.get("code") else str(course["title"])
        s = self.g.node(self.n.own("course", str(course["institution"]), slug(str(course.get("code") or course["title"]))),
                        (VIVO + "Course",), name)
        org = self.n.organization(str(course["institution"]))
        self.g.add(s, HAS_PARTICIPANT, org)
        self.g.add(org, PARTICIPATES_IN, s)
        for term in course.get("terms") or []:
            role = self.g.node(IRI(f"{s.value}-{slug(str(term))}"), (VIVO + "TeacherRole",), term)
            self.g.role(self.me, role, s)
            year = str(term)[-4:]
            self.g.interval(role, year, year)

    def service(self, n: int, service: Service) -> None:
        """Service per year: an editor's or reviewer's role contributing to the venue, a
        member's role contributing to the venue's committee."""
        text, venue = str(service["role"]), str(service["venue"])
        if re.search(r"editor", text, re.IGNORECASE):
            cls, target = VIVO + "EditorRole", self.n.venue(venue)
        elif re.search(r"review|referee", text, re.IGNORECASE):
            cls, target = VIVO + "ReviewerRole", self.n.venue(venue)
        else:
            committee = str(service.get("committee") or text)
            venue_name = self.cv.registries["venues"][venue]["name"]
            target = self.g.node(self.n.shared("committee", f"{venue}-{slug(committee)}"),
                                 (VIVO + "Committee", FOAF + "Organization"), f"{committee}, {venue_name}")
            cls = VIVO + "MemberRole"
        for year in service.get("years") or []:
            role = self.g.node(self.n.own("service", n, year), (cls,), text)
            self.g.role(self.me, role)
            self.contributes(role, target)
            self.g.interval(role, str(year), str(year))

    def project(self, s: IRI, project: Project) -> None:
        self.g.node(s, (VIVO + "Project",), project["name"])
        self.g.text(s, VIVO + "description", project.get("description"))
        if project.get("url"):
            self.g.uri(s, project["url"])
        self.notes(s, project.get("notes"))
        role = self.g.node(IRI(s.value + "-role"), (VIVO + "ResearcherRole",),
                           ", ".join(map(str, project.get("roles") or [])) or None)
        self.g.role(self.me, role, s)
        self.contributes(role, s)
        self.g.interval(role, project.get("start"), project.get("end"))

    def certificate(self, s: IRI, cert: Certificate) -> None:
        """A certificate: a ``vivo:Certification`` (an issued credential) relating the owner and
        the ``vivo:Certificate``, issued by its issuer, dated."""
        self.g.node(s, (VIVO + "Certification",), cert["name"])
        credential = self.g.node(IRI(s.value + "-credential"), (VIVO + "Certificate",), cert["name"])
        self.g.relate(s, credential, self.me)
        if cert.get("issuer"):
            self.g.add(credential, VIVO + "hasGoverningAuthority", self.n.organization(str(cert["issuer"])))
        if cert.get("date"):
            self.g.value(s, VIVO + "dateTimeValue", IRI(s.value + "-date"), str(cert["date"]))
        if cert.get("url"):
            self.g.uri(s, cert["url"])
        self.notes(s, cert.get("notes"))
