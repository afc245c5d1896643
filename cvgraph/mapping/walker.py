"""Records → triples, driven by the table in ``ontology/mapping.yaml``.

The table says which field becomes which term; this module only walks it. No rdflib here:
the output is a sorted, duplicate-free list of :mod:`cvgraph.terms` triples.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, Iterable

import yaml

from cvgraph.errors import CvgraphError
from cvgraph.records.loader import CV, OWNER, slug
from cvgraph.resources import bundled
from cvgraph.rdf.terms import IRI, RDF, XSD, Blank, Lit, Triple

__all__ = ["triples", "order", "table", "expand", "document_iri", "date"]

_TYPE = IRI(RDF + "type")
_FIRST, _REST, _NIL = IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")
_DATE_TYPES = (XSD + "gYear", XSD + "gYearMonth", XSD + "date")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The mapping table (``ontology/mapping.yaml``), loaded once."""
    with open(bundled("ontology") / "mapping.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def expand(curie: str) -> IRI:
    """``schema:name`` → ``IRI("https://schema.org/name")`` using the table's prefixes."""
    prefix, _, local = curie.partition(":")
    return IRI({**table()["prefixes"], **table().get("local_prefixes", {})}[prefix] + local)


def _preds(spec: str | list[str]) -> list[IRI]:
    return [expand(c) for c in ([spec] if isinstance(spec, str) else spec)]


def date(value: str) -> Lit:
    """A date typed by its precision: gYear, gYearMonth or date."""
    return Lit(value, _DATE_TYPES[value.count("-")])


def document_iri(cv: CV, base: str | None = None) -> str:
    """The IRI local hash IRIs are minted under: ``base``, else the CV's ``base:``/homepage."""
    from cvgraph.records.spec import PATTERNS

    doc = base or cv.base
    if not doc:
        raise CvgraphError(f"{cv.file}: no document IRI: set person.homepage or base: in the file, "
                           "or pass --base https://…")
    if base and not re.fullmatch(PATTERNS["url"].strip("^$"), base):
        raise CvgraphError(f"--base {base!r} is not an http(s) IRI; write e.g. --base https://example.org/cv")
    return doc.split("#")[0]


def unique_slugs(texts: Iterable[str]) -> dict[str, str]:
    """Slug per text, distinct for distinct texts: where two texts share a slug ("C++" and
    "C#" are both ``c``), each gets a short hash of its text appended."""
    by_slug: dict[str, set[str]] = {}
    for text in set(texts):
        by_slug.setdefault(slug(text), set()).add(text)
    return {text: s if len(group) == 1 else f"{s}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
            for s, group in by_slug.items() for text in group}


class _Walker:
    def __init__(self, cv: CV, doc: str):
        self.cv, self.doc, self.t = cv, doc, table()
        self.out: set[Triple] = set()
        data = cv.data
        # text-derived IRIs, made distinct per kind of node (see unique_slugs)
        self.slugs = {
            "field": unique_slugs(e["field"] for e in data.get("education", []) if e.get("field")),
            "course": unique_slugs(c.get("code") or c["title"] for c in data.get("teaching", [])),
            "series": unique_slugs(t["series"] for t in data.get("talks", []) if t.get("series")),
            "committee": unique_slugs(s.get("committee") or s["role"] for s in data.get("service", [])),
            "role": unique_slugs(s["role"] for s in data.get("service", [])),
            "group": unique_slugs(g["group"] for g in data.get("skills", [])),
            "skill": unique_slugs(i for g in data.get("skills", []) for i in g["items"]),
            "language": unique_slugs(lang["name"] for lang in data.get("languages", [])),
        }

    # -- identity -------------------------------------------------------------------------
    def local(self, template: str, **values: Any) -> IRI:
        return IRI(self.doc + template.format(**values))

    def iri(self, kind: str, ident: str) -> IRI:
        """The node of a registry entry (or the owner): a global id wins over a hash IRI."""
        if ident == OWNER:
            return self.owner
        if kind == "people" and ident in self.cv.person_iris:  # a shared registry's person
            return IRI(self.cv.person_iris[ident])
        spec = self.t[kind]
        entry = self.cv.registries.get(kind, {}).get(ident) if kind != "publications" \
            else self.cv.publications.get(ident)
        for key, template in (spec.get("global") or {}).items():
            if entry and entry.get(key):
                return IRI(template.format(entry[key].lower() if key == "doi" else entry[key]))
        return self.local(spec["iri"], id=ident)

    def canonical_name(self, ident: str, kind: str = "people") -> str:
        if ident == OWNER:
            return self.cv.data["person"]["name"]
        return self.cv.registries[kind][ident]["name"]

    # -- generic node -----------------------------------------------------------------------
    def add(self, s: Any, p: IRI, o: Any) -> None:
        self.out.add((s, p, o))

    def node(self, spec: dict, s: IRI, record: dict) -> None:
        """Types, constants and table-driven fields of one node."""
        kind = record.get("kind")
        for cls in spec.get("types", []) + (spec.get("types_by", {}).get(kind) or []):
            self.add(s, _TYPE, expand(cls))
        consts = dict(spec.get("constants", {}), **(spec.get("constants_by", {}).get(kind) or {}))
        for p, value in consts.items():
            self.add(s, expand(p), Lit(value))
        fields = list((spec.get("fields") or {}).items()) + list((spec.get("fields_by", {}).get(kind) or {}).items())
        for key, rule in fields:
            value = record.get(key)
            rule = rule if isinstance(rule, dict) else {"p": rule}
            if value is None or (value == "present" and rule.get("as") == "date"):  # an ongoing end: no date
                continue
            for v in value if isinstance(value, list) else [value]:
                obj = self.value(rule, v)
                if obj is not None:
                    for p in _preds(rule["p"]):
                        self.add(s, p, obj)

    def value(self, rule: dict, v: Any) -> Any:
        how = rule.get("as", "text")
        if v is None:
            return None
        if how == "text":
            return Lit(str(v))
        if how == "lower":
            return Lit(str(v).lower())
        if how == "date":
            return date(str(v))
        if how == "iri":
            return IRI(rule.get("template", "{}").format(v))
        if how == "flag":  # only `true` says something
            return Lit("true", XSD + "boolean") if v is True else None
        return self.iri(how.split(":", 1)[1], v)  # ref:<registry>

    def link(self, spec: dict, name: str) -> list[IRI]:
        return _preds(spec["links"][name])

    # -- sections ---------------------------------------------------------------------------
    def run(self) -> set[Triple]:
        data, t = self.cv.data, self.t
        person = data["person"]
        orcid = person.get("orcid")
        self.owner = IRI(f"https://orcid.org/{orcid}") if orcid else self.local(t["owner"]["iri"])
        page = IRI(self.doc)
        self.node(t["page"], page, data)
        for p in self.link(t["page"], "main"):
            self.add(page, p, self.owner)
        self.owner_node(person)
        for kind in ("organizations", "people", "venues"):
            for entry in data.get(kind, []):
                self.registry(kind, entry)
        for section in ("employment", "internships", "volunteer"):
            for n, role in enumerate(data.get(section, []), 1):
                s = self.role(t[section], role, n=n)
                self.advisors(role, s)
        for n, edu in enumerate(data.get("education", []), 1):
            self.education(edu, n)
        for pub in data.get("publications", []):
            self.publication(pub)
        for n, award in enumerate(data.get("awards", []), 1):
            self.award(award, n)
        for course in data.get("teaching", []):
            self.course(course)
        for n, talk in enumerate(data.get("talks", []), 1):
            self.talk(talk, n)
        for service in data.get("service", []):
            self.service(service)
        for group in data.get("skills", []):
            self.skills(group)
        for n, certificate in enumerate(data.get("certificates", []), 1):
            self.role(t["certificates"], certificate, n=n)
        for language in data.get("languages", []):
            self.role(t["languages"], language, id=self.slugs["language"][language["name"]])
        for n, project in enumerate(data.get("projects", []), 1):
            self.project(project, n)
        self.out.discard((self.owner, expand("schema:sameAs"), self.owner))  # owner named by ORCID
        return self.out

    def owner_node(self, person: dict) -> None:
        spec = self.t["owner"]
        self.node(spec, self.owner, person)
        if person.get("orcid"):
            self.add(self.owner, *self.link(spec, "identifier"), Lit(f"https://orcid.org/{person['orcid']}"))
        if person.get("email"):
            self.add(self.owner, *self.link(spec, "mbox"), IRI("mailto:" + person["email"]))
        if person.get("address"):
            self.address(self.owner, "me", person["address"], spec)
        for interest in self.cv.data.get("interests", []):
            self.add(self.owner, *self.link(spec, "interest"), Lit(interest))

    def address(self, s: IRI, key: str, address: dict, spec: dict) -> None:
        if not any(address.values()):
            return
        node = self.local(self.t["address"]["iri"], parent=key)
        self.add(s, *self.link(spec, "address"), node)
        self.node(self.t["address"], node, address)

    def registry(self, kind: str, entry: dict) -> None:
        spec = self.t[kind]
        s = self.iri(kind, entry["id"])
        self.node(spec, s, entry)
        if kind == "people" and entry.get("orcid") and s.value != f"https://orcid.org/{entry['orcid']}":
            self.add(s, expand("schema:sameAs"), IRI(f"https://orcid.org/{entry['orcid']}"))
        if kind == "organizations":
            self.address(s, f"org-{entry['id']}", {k: entry.get(k) for k in ("locality", "region", "country")}, spec)

    def role(self, spec: dict, record: dict, **names: Any) -> IRI:
        s = self.local(spec["iri"], **names)
        self.add(self.owner, expand(spec["from_owner"]), s)
        self.node(spec, s, record)
        return s

    def advisors(self, record: dict, context: IRI) -> None:
        spec = self.t["advising"]
        for k, person in enumerate(record.get("advisors", []), 1):
            s = IRI(spec["iri"].format(role=context.value, k=k))
            self.add(self.owner, expand(spec["from_owner"]), s)
            self.node(spec, s, {})
            self.add(s, *self.link(spec, "person"), self.iri("people", person))
            self.add(s, *self.link(spec, "context"), context)

    def education(self, edu: dict, n: int) -> None:
        t = self.t
        s = self.role(t["education"], edu, n=n)
        org = self.iri("organizations", edu["institution"])
        self.add(self.owner, *self.link(t["education"], "flat"), org)
        names = [f"{d} in {edu['field']}" if edu.get("field") else d for d in edu["degree"]]
        self.add(s, *self.link(t["education"], "role_name"), Lit(" and ".join(names)))
        spec = t["credential"]
        for k, (degree, name) in enumerate(zip(edu["degree"], names), 1):
            c = IRI(spec["iri"].format(education=s.value, k="" if len(names) == 1 else f"-{k}"))
            self.add(self.owner, expand(spec["from_owner"]), c)
            self.node(spec, c, {})
            self.add(c, *self.link(spec, "name"), Lit(name))
            self.add(c, *self.link(spec, "level"), Lit(degree))
            self.add(c, *self.link(spec, "by"), org)
            if edu.get("field"):
                f = self.local(t["field"]["iri"], id=self.slugs["field"][edu["field"]])
                fields = self.local(t["field_set"]["iri"])
                self.node(t["field"], f, {"name": edu["field"]})
                self.node(t["field_set"], fields, {})
                self.add(f, *self.link(t["field"], "set"), fields)
                self.add(fields, *self.link(t["field_set"], "term"), f)
                self.add(c, *self.link(spec, "field"), f)
        if edu.get("thesis"):
            spec = t["thesis"]
            th = IRI(spec["iri"].format(education=s.value))
            self.node(spec, th, edu["thesis"])
            self.add(th, *self.link(spec, "author"), self.owner)
            self.add(th, *self.link(spec, "organization"), org)
            for degree, name in zip(edu["degree"], names):
                self.add(th, *self.link(spec, "in_support_of"), Lit(name))
                self.degree(th, degree, spec)
        self.advisors(edu, s)

    def degree(self, thesis: IRI, degree: str, spec: dict) -> None:
        """bibo:degree: BIBO's individual for the degree as written, where there is one."""
        individual = self.t["thesis"]["degrees"].get(re.sub(r"[^a-z]", "", degree.lower()))
        if individual:
            self.add(thesis, *self.link(spec, "degree"), IRI(individual))

    def people_list(self, s: IRI, people: list[dict], link: str, list_link: str, prefix: str) -> None:
        """schema:author (or editor) to each, and the same nodes as an rdf:List in printed order."""
        spec = self.t["publications"]
        kinds = ["organizations" if a.get("org") else "people" for a in people]
        nodes = [self.iri(kind, a["ref"]) for kind, a in zip(kinds, people)]
        for a, kind, printed in zip(nodes, kinds, people):
            self.add(s, *self.link(spec, link), a)
            if printed["name"] != self.canonical_name(printed["ref"], kind):  # a printed variant
                self.add(a, *self.link(spec, "printed_name"), Lit(printed["name"]))
        # list cells: labelled from the work and its authors, so CVs merged into one graph share a
        # list only where they list the same authors for the same work (a conflict stays visible)
        label = prefix + hashlib.sha1("\0".join([s.value] + [a.value for a in nodes]).encode()).hexdigest()[:16]
        cells = [Blank(f"{label}-{i}") for i in range(1, len(nodes) + 1)]
        if cells:
            self.add(s, *self.link(spec, list_link), cells[0])
        for i, (cell, a) in enumerate(zip(cells, nodes)):
            self.add(cell, _FIRST, a)
            self.add(cell, _REST, cells[i + 1] if i + 1 < len(cells) else _NIL)

    def publication(self, pub: dict) -> None:
        spec = self.t["publications"]
        s = self.iri("publications", pub["id"])
        self.node(spec, s, pub)
        self.people_list(s, pub.get("authors", []), "author", "author_list", "l")
        self.people_list(s, pub.get("editors", []), "editor", "editor_list", "e")
        if pub.get("isbn") and "isbn" not in (spec["fields_by"].get(pub["kind"]) or {}):
            self.add(s, *self.link(spec, "isbn"), Lit(f"isbn:{pub['isbn']}"))
        if pub.get("degree"):
            self.degree(s, pub["degree"], spec)
        if pub.get("venue"):
            kind = self.cv.registries["venues"][pub["venue"]]["kind"]
            self.add(s, expand(spec["links"]["venue"][kind]), self.iri("venues", pub["venue"]))
        pages = re.fullmatch(r"\s*(\w+)\s*(?:[-–—]+\s*(\w+)\s*)?", pub.get("pages") or "")
        if pages:  # a range, or a single page (its first page)
            self.add(s, *self.link(spec, "page_start"), Lit(pages.group(1)))
            if pages.group(2):
                self.add(s, *self.link(spec, "page_end"), Lit(pages.group(2)))
        if pub.get("acceptance_rate"):
            self.add(s, *self.link(spec, "acceptance_rate"), Lit(f"acceptance rate: {pub['acceptance_rate']}"))

    def award(self, award: dict, n: int) -> None:
        year = award.get("year") or (award.get("date") or "")[:4]
        text = Lit(f"{award['name']} ({year})" if year else award["name"])
        self.add(self.owner, *self.link(self.t["owner"], "award"), text)
        if award.get("work"):
            self.add(self.iri("publications", award["work"]), *self.link(self.t["publications"], "award"), text)
        for note in award.get("notes", []):
            self.add(self.owner, *self.link(self.t["owner"], "award"), Lit(f"{award['name']}: {note}"))
        if award.get("awarder") or award.get("date"):  # what text cannot carry: a node as well
            spec = self.t["awards"]
            s = self.local(spec["iri"], n=n)
            self.node(spec, s, award)
            self.add(s, *self.link(spec, "awardee"), self.owner)

    def course(self, course: dict) -> None:
        spec = self.t["teaching"]
        code = self.slugs["course"][course.get("code") or course["title"]]
        s = self.local(spec["iri"], institution=course["institution"], code=code)
        self.node(spec, s, course)
        inst = self.t["course_instance"]
        for term in course["terms"]:
            i = IRI(inst["iri"].format(course=s.value, term=slug(term)))
            self.add(s, *self.link(spec, "instance"), i)
            self.node(inst, i, {})
            self.add(i, *self.link(inst, "name"), Lit(term))
            self.add(i, *self.link(inst, "year"), date(term[-4:]))
            self.add(i, *self.link(inst, "instructor"), self.owner)

    def talk(self, talk: dict, n: int) -> None:
        spec = self.t["talks"]
        s = self.local(spec["iri"], n=n)
        self.node(spec, s, talk)
        self.add(s, *self.link(spec, "performer"), self.owner)
        if talk.get("series"):
            series = self.local(self.t["series"]["iri"], id=self.slugs["series"][talk["series"]])
            self.node(self.t["series"], series, {"name": talk["series"]})
            self.add(s, *self.link(spec, "series"), series)

    def service(self, service: dict) -> None:
        spec, cspec = self.t["service"], self.t["committee"]
        venue = self.cv.registries["venues"][service["venue"]]
        committee_name = service.get("committee") or service["role"]
        committee = self.local(cspec["iri"], venue=service["venue"], committee=self.slugs["committee"][committee_name])
        self.node(cspec, committee, {})
        self.add(committee, *self.link(cspec, "name"), Lit(f"{committee_name}, {venue['name']}"))
        for year in service["years"]:
            s = self.role(spec, service, venue=service["venue"], role=self.slugs["role"][service["role"]], year=year)
            self.add(s, *self.link(spec, "start"), date(year))
            self.add(s, *self.link(spec, "end"), date(year))
            self.add(s, *self.link(spec, "committee"), committee)
            self.add(s, *self.link(spec, "venue"), self.iri("venues", service["venue"]))

    def skills(self, group: dict) -> None:
        spec, tspec = self.t["skills"], self.t["skill"]
        s = self.local(spec["iri"], group=self.slugs["group"][group["group"]])
        self.node(spec, s, group)
        for item in group["items"]:
            term = self.role(tspec, {}, item=self.slugs["skill"][item])
            self.add(term, *self.link(tspec, "name"), Lit(item))
            self.add(term, *self.link(tspec, "set"), s)
            self.add(s, *self.link(spec, "term"), term)


    def project(self, project: dict, n: int) -> None:
        spec, rspec = self.t["projects"], self.t["project_role"]
        s = self.local(spec["iri"], n=n)
        self.node(spec, s, project)
        role = IRI(rspec["iri"].format(project=s.value))
        self.add(self.owner, expand(rspec["from_owner"]), role)
        self.node(rspec, role, project)
        self.add(role, *self.link(rspec, "project"), s)


def work_iri(cv: CV, pub_id: str, base: str | None = None) -> IRI:
    """The node of one of the CV's publications (its DOI IRI, or its hash IRI)."""
    return _Walker(cv, document_iri(cv, base)).iri("publications", pub_id)


def order(triple: Triple) -> tuple:
    """Sort key: named subjects first, then blank nodes (list cells), each by their text."""
    return (type(triple[0]) is Blank, triple)


def triples(cv: CV, base: str | None = None) -> list[Triple]:
    """All triples of one CV, sorted (deterministic), without duplicates."""
    return sorted(_Walker(cv, document_iri(cv, base)).run(), key=order)


