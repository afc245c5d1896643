"""The VIVO test harness (tests/support/vivo_reasoner.py, vivo_listviews.py), proven on VIVO's own
sample data: after VIVO's inferences its people show their publications, positions and names on
VIVO's own list-view queries, and without them they do not (issue 13, §3). Reads ../shared/vivo/."""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from support.vivo_listviews import bind, load_views, object_variable, profile, select_query
from support.vivo_reasoner import INFERRED, MOST_SPECIFIC_TYPE, load_data, materialise

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX vivo: <http://vivoweb.org/ontology/core#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
# A person or organisation in the raw data: whatever has a vCard (either direction, as VIVO's data has both).
CONTACT = "{ ?who obo:ARG_2000028 ?card } UNION { ?card obo:ARG_2000029 ?who }"
# x related to y through a relationship r, in whichever direction the raw data asserts it.
RELATES = "{{ ?{r} vivo:relates ?{x} }} UNION {{ ?{x} vivo:relatedBy ?{r} }}"



@pytest.fixture(scope="module")
def raw(vivo_dir):
    """The sample data as asserted, for computing what the profiles must show."""
    store = ox.Store()
    store.load(path=str(vivo_dir / "sample-data.n3"), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def reasoned(vivo_dir, vivo_owl):
    return load_data(vivo_dir / "sample-data.n3", ontology=vivo_owl)


@pytest.fixture(scope="module")
def bare(vivo_dir, vivo_owl):
    """The negative control: the same data and ontology, without VIVO's inferences."""
    return load_data(vivo_dir / "sample-data.n3", ontology=vivo_owl, reason=False)


def _pairs(store, query):
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return {tuple(term.value for term in row) for row in solutions}


def _expected_publications(raw):
    """person -> labels of the works related to them through a vivo:Authorship, from the raw data."""
    query = f"""SELECT DISTINCT ?who ?label WHERE {{
        ?a a vivo:Authorship . {RELATES.format(r="a", x="who")} {CONTACT}
        {RELATES.format(r="a", x="work")} FILTER (?work != ?who) ?work rdfs:label ?label
        FILTER NOT EXISTS {{ ?work obo:ARG_2000028 ?any }} }}"""
    found = defaultdict(set)
    for who, label in _pairs(raw, query):
        found[who].add(label)
    return found


def _expected_positions(raw):
    """person -> {(position, organisation's label)}: the other labelled party of each position
    relating the person (a position is what has a vivo:hrJobTitle or a class named …Position)."""
    query = f"""SELECT DISTINCT ?who ?pos ?orgName WHERE {{
        ?pos a ?class . FILTER (STRENDS(STR(?class), "Position"))
        {RELATES.format(r="pos", x="who")} {CONTACT}
        {RELATES.format(r="pos", x="org")} FILTER (?org != ?who) ?org rdfs:label ?orgName }}"""
    found = defaultdict(set)
    for who, pos, org in _pairs(raw, query):
        found[who].add((pos, org))
    return found


def test_the_sample_has_what_the_proof_needs(raw):
    assert len(_expected_publications(raw)) >= 3
    assert len(_expected_positions(raw)) >= 3


def test_materialise_adds_superclasses_most_specific_types_and_inverses(raw, reasoned, vivo_owl):
    union = {"use_default_graph_as_union": True}
    # The authors (vivo:FacultyMember etc. in the data) are foaf:Persons, their works IAO_0000030s.
    for who, labels in _expected_publications(raw).items():
        assert reasoned.query(f"ASK {{ <{who}> a <http://xmlns.com/foaf/0.1/Person> }}", **union), who
        for label in labels:
            query = PREFIXES + f"ASK {{ ?w rdfs:label {ox.Literal(label, language='en-US')} ; a obo:IAO_0000030 }}"
            assert reasoned.query(query, **union), label
    assert not raw.query("ASK { ?x a <http://purl.obolibrary.org/obo/IAO_0000030> }")
    # The most specific type of each individual is one of its asserted classes, and none is
    # asserted below it.
    mst = _pairs(reasoned, f"SELECT ?s ?c WHERE {{ ?s <{MOST_SPECIFIC_TYPE}> ?c }}")
    asserted = _pairs(raw, "SELECT ?s ?c WHERE { ?s a ?c }")
    assert mst and mst <= asserted
    assert {s for s, _ in asserted} == {s for s, _ in mst}
    # Idempotent.
    before = sum(1 for _ in reasoned.quads_for_pattern(None, None, None, INFERRED))
    assert materialise(reasoned, vivo_owl) == before


# The sample data asserts both directions of every inverse pair (it is an export of a VIVO that had
# reasoned), so the inverses are proven on a copy with one direction of each of these taken out.
ONE_WAY = ("http://vivoweb.org/ontology/core#relatedBy", "http://purl.obolibrary.org/obo/ARG_2000028")


@pytest.fixture(scope="module")
def one_way(vivo_dir, vivo_owl):
    store = load_data(vivo_dir / "sample-data.n3")
    removed = {q for p in ONE_WAY for q in store.quads_for_pattern(None, ox.NamedNode(p), None)}
    for quad in removed:
        store.remove(quad)
    materialise(store, vivo_owl)
    return store, removed


def test_materialise_adds_the_inverses_the_data_leaves_out(one_way, raw, reasoned, vivo_dir):
    store, removed = one_way
    assert len(removed) > 50
    assert {ox.Quad(q.subject, q.predicate, q.object, INFERRED) for q in removed} <= set(store)
    people = set(_expected_publications(raw)) | set(_expected_positions(raw))
    for who in people:
        assert _unordered(profile(store, who, vivo_dir)) == _unordered(profile(reasoned, who, vivo_dir)), who


def _unordered(sections):
    """A profile's rows per section, ignoring the order of rows that the queries' ORDER BY ties."""
    return {name: sorted(repr(sorted(row.items())) for row in s.rows) for name, s in sections.items()}


def test_profiles_list_their_publications(raw, reasoned, vivo_dir):
    for who, labels in _expected_publications(raw).items():
        section = profile(reasoned, who, vivo_dir)["selected publications"]
        assert section.view.file == "listViewConfig-authorInAuthorship.xml"
        assert set(section.values("infoResourceName")) == labels, who


def test_profiles_list_their_positions_with_organisations(raw, reasoned, vivo_dir):
    for who, expected in _expected_positions(raw).items():
        rows = profile(reasoned, who, vivo_dir)["positions"].rows
        assert {(row["position"], row["orgName"]) for row in rows} == expected, who


def test_profiles_show_vcard_names_and_emails(raw, reasoned, vivo_dir):
    names = _pairs(raw, f"""SELECT ?who ?given ?family WHERE {{ ?who a ?c . {CONTACT}
        ?card vcard:hasName ?n . ?n vcard:givenName ?given ; vcard:familyName ?family }}""")
    assert len(names) >= 5
    for who, given, family in names:
        rows = profile(reasoned, who, vivo_dir)["full name"].rows
        assert [(row["firstName"], row["lastName"]) for row in rows] == [(given, family)], who
    emails = _pairs(raw, f"SELECT ?who ?address WHERE {{ {CONTACT} ?card vcard:hasEmail/vcard:email ?address }}")
    assert emails
    for who, address in emails:
        shown = {value for section in profile(reasoned, who, vivo_dir).values()
                 for row in section.rows for value in row.values()}
        assert address in shown, who


def test_without_the_inferences_the_profiles_show_next_to_nothing(raw, reasoned, bare, vivo_dir):
    people = set(_expected_publications(raw)) | set(_expected_positions(raw))
    total = {"reasoned": 0, "bare": 0}
    for who in people:
        bare_profile = profile(bare, who, vivo_dir)
        # (a person the data types foaf:Person itself still shows its vCard name: no inference needed)
        assert not {"selected publications", "positions"} & set(bare_profile), who
        total["bare"] += sum(len(s.rows) for s in bare_profile.values())
        total["reasoned"] += sum(len(s.rows) for s in profile(reasoned, who, vivo_dir).values())
    assert total["bare"] * 5 <= total["reasoned"], total


# --- the list views themselves ---------------------------------------------------------------------

def test_the_configuration_names_only_list_views_that_exist(vivo_dir):
    views = load_views(vivo_dir)
    assert {v.file for v in views} <= {p.name for p in (vivo_dir / "listview").glob("listViewConfig-*.xml")}
    faux = [v for v in views if v.faux and v.property == "http://vivoweb.org/ontology/core#relatedBy"
            and v.range == "http://vivoweb.org/ontology/core#Authorship"
            and v.domain == "http://xmlns.com/foaf/0.1/Person"]
    assert [(v.file, v.display_name) for v in faux] == [("listViewConfig-authorInAuthorship.xml",
                                                         "selected publications")]


def test_there_are_51_list_views(vivo_dir):
    assert len(list((vivo_dir / "listview").glob("listViewConfig-*.xml"))) == 51


MODES = [(collated, precise) for collated in (True, False) for precise in (True, False)]


def test_every_list_view_runs_on_pyoxigraph_in_every_mode(vivo_dir):
    """All 51 queries, collated or not, precise or not: preprocessed, bound and run on pyoxigraph."""
    failures = []
    for path in sorted((vivo_dir / "listview").glob("listViewConfig-*.xml")):
        for collated, precise in MODES:
            try:
                _check_runs(select_query(path, collated=collated, precise=precise))
            except (AssertionError, SyntaxError, RuntimeError) as error:
                failures.append(f"{path.name} collated={collated} precise={precise}: {error}")
    assert not failures, "\n".join(failures)


def _check_runs(query):
    assert "LET" not in query and "fn:" not in query.replace("PREFIX fn:", "")
    assert "<collated>" not in query and "<precise-subquery>" not in query
    obj = object_variable(query)
    bound = bind(query, subject="urn:s", property="urn:p", subjectType="urn:st", objectType="urn:ot")
    assert "?subject " not in bound.split("WHERE", 1)[1] and f"?{obj}" in bound
    assert list(ox.Store().query(bound)) == []  # parses and runs


def test_preprocessing_rewrites_arq_and_binds_after_where_only(vivo_dir):
    query = select_query(vivo_dir / "listview" / "listViewConfig-hasRole.xml", collated=True)
    bound = bind(query, property="urn:p", objectType="urn:ot")
    head, body = bound.split("WHERE", 1)
    assert "?property" in head and "?objectType" in head and "?subclass" in head
    assert "?property" not in body and "<urn:p>" in body and "<urn:ot>" in body
    assert "?subclass" not in select_query(vivo_dir / "listview" / "listViewConfig-hasRole.xml")
    let = select_query(vivo_dir / "listview" / "listViewConfig-dateTimeInterval.xml")
    assert "BIND(REPLACE(STR(?valueStart)" in let and "AS ?valueStartName)" in let
