"""The VIVO profile (``--profile vivo``) proven with VIVO's own list-view queries (issue 13, §3).

The harness (tests/support/vivo_reasoner.py, vivo_listviews.py; proven on VIVO's sample data in
test_vivo_harness.py) does what VIVO does before a profile page runs its queries, then runs every
list view the person's (or a work's) properties call for. What each section must show is
computed from the records (data/sunwoo-lee.yaml, the generated CVs), not typed here. Reads
../shared/vivo/ and ../shared/vocab/vivo.owl.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from support.paths import ROOT
from support.vivo_listviews import profile
from support.vivo_reasoner import load_data

import cvgraph
from cvgraph.mapping.profiles import VivoOptions
from cvgraph.mapping.vivo import label_of_name
from cvgraph.mapping.vivo_names import Names
from cvgraph.rdf.syntax import serialize

NS = "https://vivo.example.edu/individual/"
CV = ROOT / "data" / "sunwoo-lee.yaml"
OPTIONS = VivoOptions(namespace=NS)


def _store(tmp: Path, source, *, reason: bool = True, shared: Path):
    path = tmp / "vivo.nt"
    path.write_bytes(serialize(cvgraph.triples(source, profile="vivo", vivo=OPTIONS), "nt"))
    return load_data(path, ontology=shared / "vocab" / "vivo.owl", reason=reason)


@pytest.fixture(scope="module")
def sample():
    return cvgraph.load(CV)


@pytest.fixture(scope="module")
def names(sample):
    return Names(sample, NS)


@pytest.fixture(scope="module")
def page(sample, names, shared_dir, tmp_path_factory):
    """The owner's profile page: section display name -> rows."""
    store = _store(tmp_path_factory.mktemp("vivo"), CV, shared=shared_dir)
    return store, profile(store, names.owner.value, shared_dir / "vivo")


def _rows(page, section):
    _, sections = page
    assert section in sections, f"no {section!r} section; the page has {sorted(sections)}"
    return sections[section].rows


def _year(value) -> str:
    return str(value)[:4]


def _label(sample, ident: str) -> str:
    if ident == "me":
        p = sample.data["person"]
        return label_of_name(p["name"], p.get("given_name"), p.get("family_name")).label
    return label_of_name(sample.registries["people"][ident]["name"]).label


def test_every_publication_shows_under_selected_publications_with_its_venue_date_and_doi(sample, page):
    rows = {row["infoResourceName"]: row for row in _rows(page, "selected publications")}
    pubs = sample.publications.values()
    theses = {e["thesis"]["title"] for e in sample.data["education"] if e.get("thesis")}
    assert set(rows) == {p["title"] for p in pubs} | theses
    venues = sample.registries["venues"]
    for pub in pubs:
        row = rows[pub["title"]]
        assert row["journal"] == (venues[pub["venue"]]["name"] if pub.get("venue") else None), pub["id"]
        assert (row["dateTime"] or "")[:4] == _year(pub.get("year") or ""), pub["id"]
        assert row["doi"] == (pub["doi"].lower() if pub.get("doi") else None), pub["id"]


def test_each_works_author_list_comes_back_in_printed_order_with_the_right_people(sample, names, page, shared_dir):
    store, _ = page
    for ident, pub in sample.publications.items():
        sections = profile(store, names.publication(ident).value, shared_dir / "vivo")
        rows = sections["authors"].rows  # in the view's order: ORDER BY ?rank
        expected = [_label(sample, a["ref"]) if not a.get("org")
                    else sample.registries["organizations"][a["ref"]]["name"] for a in pub["authors"]]
        # VIVO's query writes a vCard author's name as "Family, Given Middle": compare word for word
        assert [r["authorName"].split() for r in rows] == [e.split() for e in expected], ident
        assert [r["authorship"].rsplit("-", 1)[1] for r in rows] == [str(n) for n in range(1, len(expected) + 1)]


def test_every_position_shows_with_its_organisation_its_parent_and_its_dates(sample, page):
    orgs = sample.registries["organizations"]
    rows = _rows(page, "positions")
    roles = [*sample.data.get("employment", []), *sample.data.get("internships", [])]
    assert len(rows) == len(roles)
    shown = {(r["positionTitle"], r["orgName"], (r["dateTimeStart"] or "")[:7]) for r in rows}
    for role in roles:
        org = orgs[role["organization"]]
        start = str(role["start"])
        assert (role["title"], org["name"], (start + "-01")[:7] if len(start) == 4 else start[:7]) in shown, role
        row = next(r for r in rows if r["positionTitle"] == role["title"] and r["orgName"] == org["name"])
        assert row.get("middleOrgName") == (orgs[org["parent"]]["name"] if org.get("parent") else None)
        end = role.get("end")
        assert (row["dateTimeEnd"] or "")[:4] == ("" if end in (None, "present") else _year(end))


def test_both_degrees_show_with_their_institution_and_field(sample, page):
    rows = _rows(page, "education and training")
    expected = Counter((d, sample.registries["organizations"][e["institution"]]["name"], e.get("field"))
                       for e in sample.data["education"]
                       for d in (e["degree"] if isinstance(e["degree"], list) else [e["degree"]]))
    assert Counter((r["degreeName"], r["orgName"], r["majorField"]) for r in rows) == expected


def test_both_awards_show_with_their_year(sample, page):
    rows = _rows(page, "awards and honors")
    assert {(r["awardLabel"], r["dateTime"][:4]) for r in rows} == \
        {(a["name"], _year(a.get("date") or a["year"])) for a in sample.data["awards"]}


def test_the_seven_talks_show_with_their_dates(sample, page):
    rows = _rows(page, "presentations")
    assert len(sample.data["talks"]) == 7
    assert sorted((r["presentationLabel"], r["dateTime"][:10]) for r in rows) == \
        sorted((t["title"], t["date"]) for t in sample.data["talks"])


def test_every_course_offering_shows(sample, page):
    rows = _rows(page, "teaching activities")
    expected = Counter((c["title"], t) for c in sample.data["teaching"] for t in c["terms"])
    assert Counter((r["activityLabel"].split(" ", 1)[1] if r["activityLabel"].split(" ", 1)[0].isupper()
                    and any(ch.isdigit() for ch in r["activityLabel"].split(" ", 1)[0]) else r["activityLabel"],
                    r["roleLabel"]) for r in rows) == expected


def test_every_service_role_shows_per_year(sample, page):
    _, sections = page
    shown = Counter()
    for section in sections.values():
        for row in section.rows:
            if row.get("role", "").startswith(NS + "sunwoo-lee-service-"):
                shown[row["dateTimeStart"][:4]] += 1
    expected = Counter(str(y) for s in sample.data["service"] for y in s["years"])
    assert shown == expected


def test_name_title_email_phone_and_homepage_show(sample, page):
    person = sample.data["person"]
    assert [(r["firstName"], r["lastName"]) for r in _rows(page, "full name")] == \
        [(person["given_name"], person["family_name"])]
    assert [r["preferredTitle"] for r in _rows(page, "preferred title")] == [person["job_title"]]
    assert [r["emailAddress"] for r in _rows(page, "primary email")] == [person["email"]]
    assert [r["number"] for r in _rows(page, "phone")] == [person["phone"]]
    assert next((r["rank"], r["url"]) for r in _rows(page, "webpage")) == ("1", person["homepage"])


def test_research_areas_show(sample, page):
    assert {r["conceptLabel"] for r in _rows(page, "research areas")} == set(sample.data["interests"])


def test_without_vivos_inferences_the_profile_shows_nothing(names, shared_dir, tmp_path):
    """The negative control: a store without VIVO's reasoner (no inferred types, no inverses
    beyond those asserted) shows none of the sections that need them."""
    store = _store(tmp_path, CV, reason=False, shared=shared_dir)
    sections = profile(store, names.owner.value, shared_dir / "vivo")
    for needs_types in ("selected publications", "positions", "presentations"):
        assert needs_types not in sections


def test_the_owner_of_a_generated_cv_with_an_orcid_id_is_named_by_it(tmp_path):
    from support.generate import write

    path = write(1, tmp_path)[0]
    cv = cvgraph.load(path)
    names = Names(cv, NS)
    assert names.owner.value == NS + "person-" + cv.data["person"]["orcid"]
    assert names.own("pub", "x").value.startswith(NS + names.owner_slug + "-pub-")


def test_every_publication_of_100_generated_cvs_shows_with_its_authors_in_order(shared_dir, tmp_path):
    """The scale benchmark's generated CVs (co-authors shared by ORCID iD, owners co-authoring
    with each other), published together into one VIVO: every owner's page lists every work of
    their CV, and every work lists its authors in printed order."""
    from support.generate import write

    folder = tmp_path / "cvs"
    paths = write(100, folder)
    cvs = [cvgraph.load(p) for p in paths]
    store = _store(tmp_path, [str(p) for p in paths], shared=shared_dir)
    vivo_dir = shared_dir / "vivo"
    for cv in cvs:
        names = Names(cv, NS)
        listed = {r["infoResourceName"] for r in profile(store, names.owner.value, vivo_dir)["selected publications"].rows}
        assert {p["title"] for p in cv.publications.values()} <= listed, cv.file
        for ident, pub in cv.publications.items():
            rows = profile(store, names.publication(ident).value, vivo_dir)["authors"].rows
            assert [r["author"] for r in rows] == [
                (names.organization(a["ref"]) if a.get("org") else names.person(a["ref"])).value
                for a in pub["authors"]], (cv.file, ident)


# --- the vocabulary ----------------------------------------------------------------------------

VIVO_PRECISIONS = {"http://vivoweb.org/ontology/core#" + p for p in
                   ("yearPrecision", "yearMonthPrecision", "yearMonthDayPrecision")}


@pytest.mark.parametrize("source", [CV, ROOT / "tests" / "data" / "extended.yaml"], ids=["sample", "extended"])
def test_every_term_of_the_vivo_profile_is_defined_in_vivo_owl_and_none_is_schema_org(source, shared_dir):
    """Every class and property the VIVO profile writes is declared in VIVO-ISF as VIVO loads it
    (vivo.owl, which carries the BIBO, FOAF, OBO, vCard and SKOS terms VIVO uses); besides them only
    rdf:type, rdfs:label, the date-time precision individuals (VIVO's own, as its sample data uses
    them, typed by vivo.owl's vivo:DateTimeValuePrecision) and cvgraph's cvg:etAl (ontology/terms.ttl)."""
    import pyoxigraph as ox

    owl = ox.Store()
    owl.load(path=str(shared_dir / "vocab" / "vivo.owl"), format=ox.RdfFormat.RDF_XML)
    declared = {q.subject.value for q in owl.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None)}
    sample_data = (shared_dir / "vivo" / "sample-data.n3").read_text(encoding="utf-8")
    # the sample data uses the year precision; the month and day ones are its siblings in VIVO's
    # date-time editor (vivo:yearMonthPrecision, vivo:yearMonthDayPrecision)
    assert "vivo:yearPrecision" in sample_data
    allowed = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
               "https://w3id.org/cvgraph/terms#etAl", *VIVO_PRECISIONS}
    items = cvgraph.triples(source, profile="vivo", vivo=OPTIONS)
    used = {p.value for _, p, _ in items} | {o.value for _, p, o in items if p.value.endswith("#type")}
    used |= {o.value for _, p, o in items if p.value.endswith("#dateTimePrecision")}
    assert sorted(t for t in used if t not in declared and t not in allowed) == []
    assert not [t for t in used if t.startswith(("https://schema.org/", "http://schema.org/"))]


def test_the_vivo_profile_is_deterministic_and_a_changed_title_changes_only_that_work(tmp_path):
    first = serialize(cvgraph.triples(CV, profile="vivo", vivo=OPTIONS), "nt")
    assert serialize(cvgraph.triples(CV, profile="vivo", vivo=OPTIONS), "nt") == first
    sample = cvgraph.load(CV)
    pub = next(iter(sample.publications.values()))
    changed = tmp_path / "cv.yaml"
    changed.write_text(CV.read_text(encoding="utf-8").replace(pub["title"], pub["title"] + " (revised)", 1),
                       encoding="utf-8")
    after = serialize(cvgraph.triples(changed, profile="vivo", vivo=OPTIONS), "nt")
    old, new = set(first.splitlines()), set(after.splitlines())
    work = Names(sample, NS).publication(pub["id"]).value
    assert [line.split(b" ")[0] for line in old ^ new] == [f"<{work}>".encode()] * 2


def test_the_vivo_triples_come_sorted_as_every_output_and_without_duplicates(tmp_path):
    """The VIVO graph sorts each subject's statements on their own (cheaper than one sort of the
    whole graph): the result must be what :func:`cvgraph.rdf.terms.ordered` gives."""
    from support.generate import write

    from cvgraph.mapping import vivo
    from cvgraph.rdf.terms import ordered

    sources = [CV, ROOT / "tests" / "data" / "extended.yaml", *write(3, tmp_path)]
    for source in sources:
        for options in (OPTIONS, None):
            items = vivo.triples(cvgraph.load(source), None, options)
            assert items == ordered(set(items)), source
            assert len(items) > 100


def test_every_class_the_vivo_profile_can_choose_is_declared_in_vivo_owl(shared_dir):
    """Classes chosen by kind or title (not all of them occur in the sample)."""
    import pyoxigraph as ox

    from cvgraph.mapping.vivo import ORG_CLASSES
    from cvgraph.mapping.vivo_roles import POSITION_CLASSES
    from cvgraph.mapping.vivo_works import VENUE_CLASSES, WORK_CLASSES

    owl = ox.Store()
    owl.load(path=str(shared_dir / "vocab" / "vivo.owl"), format=ox.RdfFormat.RDF_XML)
    classes = {q.subject.value for q in owl.quads_for_pattern(None, None, ox.NamedNode(
        "http://www.w3.org/2002/07/owl#Class"))}
    chosen = {*ORG_CLASSES.values(), *VENUE_CLASSES.values(), *WORK_CLASSES.values(),
              *(c for pair in POSITION_CLASSES.values() for c in pair)}
    assert sorted(chosen - classes) == []


@pytest.mark.parametrize(("title", "kind", "expected"), [
    ("Assistant Professor of Computer Engineering", "university", "FacultyPosition"),
    ("Lecturer", "school", "FacultyPosition"),
    ("Postdoctoral Researcher", "university", "PostdocPosition"),
    ("Post-doc", "company", "PostdocPosition"),
    ("Research Intern", "research", "NonFacultyAcademicPosition"),
    ("Professor", "company", "NonAcademicPosition"),  # an adjunct title at a company is not faculty
    ("Software Engineer", "company", "NonAcademicPosition"),
])
def test_a_positions_class_follows_its_title_and_organisation(title, kind, expected):
    from cvgraph.mapping.vivo_roles import position_class

    text = f"""person: {{name: Ada Lovelace, homepage: "https://example.org/ada"}}
organizations:
  - {{id: o, name: Org, kind: {kind}}}
  - {{id: d, name: Dept, kind: department, parent: o}}
employment:
  - {{title: "{title}", organization: d, start: 2020}}
"""
    from cvgraph.records.loader import loads

    cv = loads(text)
    assert position_class(cv, cv.data["employment"][0])[0].rsplit("#", 1)[1] == expected


# --- the VIVO shapes on real inputs --------------------------------------------------------------

IMPORTS = ROOT / "tests" / "data" / "import"
FIXTURES = [(p, fmt) for fmt, pattern in (("jsonresume", "jsonresume/*.json"), ("rendercv", "rendercv/*.yaml"),
                                          ("orcid", "orcid/*.json"), ("bibtex", "bibtex/*.bib"))
            for p in sorted(IMPORTS.glob(pattern))] + [(IMPORTS / "core" / "cv.yaml", None)]


@pytest.mark.parametrize(("path", "fmt"), FIXTURES, ids=lambda v: getattr(v, "name", str(v)))
def test_every_importer_fixture_conforms_to_the_vivo_shapes(path, fmt):
    from cvgraph.pipeline.build import build_one
    from cvgraph.pipeline.sources import load

    cv = load(path, base="https://example.org/cv", fmt=fmt, warn=None)
    for profile in ("vivo", "all"):
        report = build_one(cv, base="https://example.org/cv", profile=profile, vivo=OPTIONS, use_cache=False).report
        assert report is not None and report.conforms, (profile, report.text()[:2000])


def test_the_sample_and_100_generated_cvs_conform_to_the_vivo_shapes_and_all_to_both(tmp_path):
    from support.generate import write

    assert cvgraph.validate(CV, profile="vivo", vivo=OPTIONS).conforms
    assert cvgraph.validate(CV, profile="all").conforms
    result = cvgraph.validate_many(write(100, tmp_path), profile="vivo", use_cache=False, vivo=OPTIONS)
    assert [o.problems for o in result.outcomes if o.status != "ok"] == []
