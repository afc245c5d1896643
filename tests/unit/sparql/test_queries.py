"""The bundled SPARQL query library (``queries/*.rq``).

* Golden answers: every query on the bundled sample (default engine) must give
  ``tests/golden/queries/<name>.json`` (SPARQL 1.1 JSON results; ``{"boolean": …}`` for ASK) or
  ``<name>.nt`` (sorted N-Triples, CONSTRUCT). After a reviewed change:
  ``pytest tests/unit/sparql/test_queries.py --update-golden``. Facts of the seed CV are also asserted
  explicitly, so that a wrong golden file cannot pass unnoticed.
* Engines: rdflib and pyoxigraph give identical answers (row order included) on the sample, on a
  store of two CVs (sample + global-ids) and of three (+ ``tests/golden/queries/second-cv.yaml``),
  with each parameter bound, and on a CV with nothing but a name (empty answers); a per-person
  answer on a shared store is the one-CV answer.
* Ordered GROUP_CONCATs (authors in printed order, terms in chronological order) are checked
  against the order computed in Python, on both engines, also under another hash seed.
* Headers, ``--list``, ``queries/README.md``, CLI errors, output formats and safe parameter binding.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SDO, Namespace
from support.paths import ROOT, TESTS

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.terms import IRI, Blank, nt_line
from cvgraph.sparql.catalogue import bind, catalogue
from cvgraph.sparql.engines import (
    choose_engine,
    oxigraph_store,
    rdflib_graph,
    run_oxigraph,
    run_rdflib,
)
from cvgraph.sparql.parsing import parse

GOLDEN = TESTS / "golden" / "queries"
GLOBAL_IDS = TESTS / "golden" / "global-ids" / "input.yaml"
MINIMAL = TESTS / "golden" / "minimal" / "input.yaml"  # a name and a homepage only
SECOND = GOLDEN / "second-cv.yaml"
QUERIES = catalogue()
NAMES = list(QUERIES)
BIBO = Namespace("http://purl.org/ontology/bibo/")

SUNWOO = "https://sites.google.com/view/sunwoolee#me"
ADA = "https://orcid.org/0000-0002-1825-0097"
GRACE = "https://cv.example.org/grace#me"
D = "https://sites.google.com/view/sunwoolee#"

# A sensible value for every parameter name a bundled query declares (checked below), chosen to
# give a non-empty answer; per-query exceptions in OVERRIDES.
PARAM_VALUES = {"person": SUNWOO, "year": "2023", "type": "journal article", "authorship": "first",
                "kind": "journal", "role": "Reviewer", "group": "I/O Libraries"}
OVERRIDES = {("collaborating-institutions", "person"): ADA,  # the sample records no co-author affiliations
             ("teaching-load", "year"): "2024", ("invited-talks", "year"): "2022",
             ("funding", "person"): ADA}  # the sample records no grants


def value_for(name: str, param: str) -> str:
    return OVERRIDES.get((name, param), PARAM_VALUES[param])


# --- running queries --------------------------------------------------------------------------

class Store:
    """One dataset, loaded once into rdflib and into pyoxigraph; answers are cached."""

    def __init__(self, sources) -> None:
        self.triples = cvgraph.triples(sources)
        self.graph = rdflib_graph(self.triples, None)
        self.ox = oxigraph_store(self.triples, None)
        self._cache: dict = {}

    def run(self, name: str, engine: str, **params: str):
        key = (name, engine, tuple(sorted(params.items())))
        if key not in self._cache:
            q = QUERIES[name]
            text = bind(q, params)
            self._cache[key] = (run_rdflib(text, q.form, self.graph) if engine == "rdflib"
                                else run_oxigraph(text, q.form, self.ox))
        return self._cache[key]


@cache
def store(which: str) -> Store:
    sample = cvgraph.sample_path()
    return Store({"sample": sample, "merged": [sample, GLOBAL_IDS],
                  "three": [sample, GLOBAL_IDS, SECOND], "minimal": MINIMAL}[which])


def public(name: str):
    """The answer on the sample with the default engine (auto is pyoxigraph, see
    test_golden_answers_come_through_the_public_api; rdflib gives the same, see the engine tests)."""
    return store("sample").run(name, "oxigraph")


def comparable(result):
    """What must be equal across engines: SPARQL JSON (rows in order), or the set of triples."""
    if result.form == "CONSTRUCT":
        return sorted(set(result.triples))
    return result.to_json()


def rows(result) -> list[dict[str, str]]:
    """SELECT rows as {variable: lexical value} (unbound variables left out)."""
    return [{v: t.value for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


def nt_text(result) -> str:
    return "".join(sorted({nt_line(t) for t in result.triples}))


# --- 1. golden answers on the sample ----------------------------------------------------------

def golden_path(name: str) -> Path:
    return GOLDEN / (name + (".nt" if QUERIES[name].form == "CONSTRUCT" else ".json"))


@pytest.mark.parametrize("name", NAMES)
def test_golden(name, update_golden):
    result = public(name)
    path = golden_path(name)
    if result.form == "CONSTRUCT":
        actual = nt_text(result)
        if update_golden:
            path.write_text(actual, encoding="utf-8")
        assert actual == path.read_text(encoding="utf-8"), f"{name}: differs from {path.name}"
    else:
        actual = result.to_json()
        if update_golden:
            path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        expected = json.loads(path.read_text(encoding="utf-8"))
        assert actual == expected, f"{name}: differs from {path.name} (after review: --update-golden)"


def test_golden_answers_come_through_the_public_api():
    result = cvgraph.query("publication-list")  # the sample, the default engine
    assert result.engine == choose_engine("auto") == "oxigraph"
    assert result.to_json() == public("publication-list").to_json()


def test_no_stale_golden_files():
    expected = {golden_path(n).name for n in NAMES} | {SECOND.name}
    assert {p.name for p in GOLDEN.iterdir()} == expected


def by(name: str, key: str) -> dict[str, dict]:
    return {r[key]: r for r in rows(public(name))}


def test_seed_facts_publications():
    counts = rows(public("publications-by-year"))
    assert sum(int(r["works"]) for r in counts) == 30  # 27 publications + 3 preprints
    assert sum(int(r["works"]) for r in counts if r["type"] == "preprint") == 3
    assert sum(int(r["works"]) for r in counts if r["year"] == "") == 2  # two undated works (issue 14 §5:
    # pub 24's year, 2017, is printed on its award line)
    pubs = rows(public("publication-list"))
    assert len(pubs) == 30 and [r["type"] for r in pubs[-3:]] == ["preprint"] * 3
    assert [r["year"] for r in pubs[:2]] == ["2024", "2024"] and pubs[26]["year"] == ""  # undated last
    case = next(r for r in pubs if r["title"].startswith("A Case Study on Parallel HDF5"))
    assert case["authors"] == ("Sunwoo Lee, Kai-yuan Hou, Kewei Wang, Saba Sehrish, Marc Paterno, "
                               "James Kowalkowski, Quincey Koziol, Robert Ross, Ankit Agrawal, "
                               "Alok Choudhary, Wei-keng Liao")
    assert case["authorCount"] == "11" and case["venueName"] == "Parallel Computing"
    roles = rows(public("first-last-sole-authored"))
    assert [r["authorship"] for r in roles] == ["sole"] + ["first"] * 15  # never last author
    assert roles[0]["title"].startswith("Layer-Wise Adaptive Gradient Norm Penalizing")
    venues = rows(public("venues"))
    assert len(venues) == 23 and sum(int(r["works"]) for r in venues) == 30
    assert (venues[0]["venueName"], venues[0]["works"]) == ("International Conference on Big Data", "4")
    assert by("venues", "venueName")["arXiv"]["kind"] == "repository"


def test_seed_facts_coauthors():
    co = rows(public("coauthors"))
    assert len(co) == 60
    assert [(r["coauthorName"], r["jointWorks"]) for r in co[:4]] == [
        ("Wei-keng Liao", "16"), ("Alok Choudhary", "15"), ("Ankit Agrawal", "15"),
        ("Salman Avestimehr", "10")]
    ryu = by("coauthors", "coauthorName")["Minsoo Ryu"]  # only on an undated work
    assert ryu["jointWorks"] == "1" and "firstYear" not in ryu
    assert rows(public("collaborating-institutions")) == []  # the sample gives no co-author affiliations
    net = public("coauthor-network").triples
    people = {s for s, p, o in net if p.value == str(SDO.colleague)}
    assert len(people) == 61 and not any(type(t) is Blank for triple in net for t in triple)
    assert len({o for s, p, o in net if s.value == SUNWOO and p.value == str(SDO.colleague)}) == 60
    edges = {(s, o) for s, p, o in net if p.value == str(SDO.colleague)}
    assert all((o, s) in edges for s, o in edges)


def test_seed_facts_career_teaching_talks_service():
    career = rows(public("career-timeline"))
    assert [r["kind"] for r in career].count("internship") == 3 and len(career) == 9
    assert [r["orgName"] for r in career if "end" not in r] == ["Inha University"]  # 2022 – now
    assert career[-1]["roleName"] == "Assistant Professor of Computer Engineering"
    load = rows(public("teaching-load"))
    assert sum(int(r["offerings"]) for r in load) == 14 and len(load) == 8
    assert load[1] == {"person": SUNWOO, "personName": "Sunwoo Lee", "year": "2024", "term": "Spring 2024",
                       "offerings": "3", "courses": "CSE1103 Objected Oriented Programming 2; "
                       "CSE1112 Introduction to Computer Engineering; CSE4315 Machine Learning"}
    courses = by("courses-taught", "title")
    assert len(courses) == 8 and sum(int(r["offerings"]) for r in courses.values()) == 14
    assert courses["System Programming"]["terms"] == "Fall 2022, Fall 2023, Fall 2024"
    assert "code" not in courses["AEOP Scholarship Program in Data Science"]
    talks = rows(public("invited-talks"))
    assert [r["year"] for r in talks] == ["2024", "2024", "2022", "2022", "2021", "2021", "2021"]
    assert talks[1]["hostName"] == "Department of Physics, Ajou University"
    assert "host" not in talks[5] and talks[5]["seriesName"] == "HDF5 User Group Meeting"
    service = rows(public("service"))
    assert len(service) == 20 and sum(r["role"] == "Reviewer" for r in service) == 3
    assert sum(r["venue"] == D + "venue-aaai" for r in service) == 5
    owners = rows(public("cv-owners"))
    assert [(r["name"], r["works"], r["talks"], r["offerings"], r["serviceRoles"]) for r in owners] == [
        ("Sunwoo Lee", "30", "7", "14", "20")]


def test_seed_facts_awards_advisors_skills_quality():
    awards = rows(public("awards"))
    assert [(r["year"], r["award"], r["work"]) for r in awards] == [
        ("2022", "FL-AAAI Workshop Best Paper Award", D + "pub-he2021ssfl"),
        ("2017", "IEEE HiPC Best Paper Finalist", D + "pub-lee-parallel")]
    advisors = [(r["advisorName"], r["kind"], r["roleName"]) for r in rows(public("advisors"))]
    assert advisors == [("Salman Avestimehr", "employment", "Postdoctoral Researcher"),
                        ("Alok Choudhary", "education", "Ph.D. in Computer Engineering"),
                        ("Wei-keng Liao", "education", "Ph.D. in Computer Engineering"),
                        ("Minsoo Ryu", "education",
                         "B.S. in Computer Engineering and M.S. in Computer Engineering")]
    skills = rows(public("interests-and-skills"))
    assert [r["kind"] for r in skills].count("research interest") == 3 and len(skills) == 13
    assert {r["group"] for r in skills if r["kind"] == "skill"} == {
        "Programming Language", "Deep Learning Software Frameworks", "Parallelization Libraries",
        "I/O Libraries"}
    quality = rows(public("data-quality"))
    assert len(quality) == 30  # the seed prints no DOI at all
    assert sorted(r["work"] for r in quality if r["missing"] == "year, DOI") == [
        D + "pub-lee-extending", D + "pub-palsetia-parallel"]
    assert {r["missing"] for r in quality} == {"DOI", "year, DOI"}  # every work has a venue


# --- 2. engines agree; owners stay apart ------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "merged", "three"])
@pytest.mark.parametrize("name", NAMES)
def test_engines_agree(name, which):
    s = store(which)
    rdflib_answer = s.run(name, "rdflib")
    assert comparable(rdflib_answer) == comparable(s.run(name, "oxigraph"))
    if rdflib_answer.form == "SELECT":
        assert not any(type(t) is Blank for row in rdflib_answer.rows for t in row)
        assert len({tuple(r) for r in rdflib_answer.rows}) == len(rdflib_answer.rows), "duplicate rows"


@pytest.mark.parametrize("name", [n for n in NAMES if QUERIES[n].params])
def test_engines_agree_with_each_parameter_bound(name):
    s = store("merged")
    params = [p.name for p in QUERIES[name].params]
    # all together, and each alone (person alone: test_person_parameter_keeps_cv_owners_apart)
    for bound in [params] + [[p] for p in params if p != "person" and len(params) > 1]:
        values = {p: value_for(name, p) for p in bound}
        a, b = s.run(name, "rdflib", **values), s.run(name, "oxigraph", **values)
        assert comparable(a) == comparable(b), values
        assert a.boolean if a.form == "ASK" else (a.rows or a.triples), f"{values}: empty answer"


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_empty_answers(name):
    """A CV with nothing but a name: every answer is empty (or false), on both engines. rdflib makes
    one row of an empty GROUP BY, joined with the VALUES after grouping; `HAVING (COUNT(*) > 0)`
    keeps it out."""
    s = store("minimal")
    owner = "https://example.org/~ada#me"
    bound = {p.name: owner if p.name == "person" else value_for(name, p.name) for p in QUERIES[name].params}
    for params in [{}, bound]:
        a, b = s.run(name, "rdflib", **params), s.run(name, "oxigraph", **params)
        assert comparable(a) == comparable(b), params
        if name != "cv-owners":
            assert not (a.rows or a.triples or a.boolean), params


def test_every_parameter_has_a_test_value():
    for q in QUERIES.values():
        for p in q.params:
            assert p.name in PARAM_VALUES, f"{q.name}: add a test value for parameter {p.name!r}"


@pytest.mark.parametrize("name", [n for n in NAMES if any(p.name == "person" for p in QUERIES[n].params)])
def test_person_parameter_keeps_cv_owners_apart(name):
    s = store("merged")
    # Sunwoo Lee's answer on the shared store (rdflib) is his answer on his own CV (pyoxigraph)
    own = store("sample").run(name, "oxigraph")
    assert comparable(s.run(name, "rdflib", person=SUNWOO)) == comparable(own)
    everyone = s.run(name, "oxigraph")
    if everyone.form != "SELECT":
        return
    person = everyone.variables.index("person")
    owners = {row[person].value for row in everyone.rows}
    assert owners <= {SUNWOO, ADA}
    for owner in (SUNWOO, ADA):  # binding person selects exactly that owner's rows, in order
        expected = [row for row in everyone.rows if row[person].value == owner]
        assert s.run(name, "oxigraph", person=owner).rows == expected


def test_ask_with_parameters():
    s = store("merged")

    def ask(**params: str) -> bool:
        answers = {s.run("has-publication-in-year", e, **params).boolean for e in ("rdflib", "oxigraph")}
        assert len(answers) == 1
        return answers.pop()

    assert ask() and ask(year="2023") and ask(year="1843") and ask(person=ADA, year="2023")
    assert ask(person=SUNWOO, year="2017")  # the 2017 award's paper: its year is on the award line
    assert not ask(year="2015")
    assert not ask(person=SUNWOO, year="1843") and not ask(person=ADA, year="2024")
    assert not ask(person="https://example.org/nobody")


@pytest.mark.parametrize("head", ["ASK", "ASK WHERE", "ASK FROM <https://example.org/g>", "ask"])
def test_ask_binds_its_parameters_inside_its_group(head):
    """An ASK query's group is its WHERE clause (the keyword is optional): the VALUES block goes
    in it, as in every other bound query; Virtuoso 7.2 cannot parse VALUES after an ASK query."""
    from cvgraph.sparql.catalogue import Param, Query

    text = f"PREFIX ask: <https://example.org/ask#>\n{head} {{ {{ ?s ask:p ?ask }}\n}}\n"
    q = Query("q", text, "q.rq", params=(Param("ask", "string"),))
    bound = bind(q, {"ask": "x"})
    assert bound.endswith('?ask }\n  VALUES (?ask) { ("x") }\n}\n'), bound
    parse(bound, "q.rq")


def test_shared_coauthor_joins_two_cvs():
    s = store("three")
    babbage = "https://orcid.org/0000-0001-5109-3700"
    graph = s.run("coauthor-network", "oxigraph").triples
    knows = {(a.value, b.value) for a, p, b in graph if p.value == "http://xmlns.com/foaf/0.1/knows"}
    assert (babbage, ADA) in knows and (babbage, GRACE) in knows and (ADA, GRACE) not in knows
    inst = rows(s.run("collaborating-institutions", "rdflib"))
    # Babbage's affiliation comes from Ada's CV, and counts for Grace too: one person, one node
    assert [(r["person"], r["orgName"], r.get("parentName")) for r in inst] == [
        (GRACE, "Computation Laboratory", "Harvard University"), (GRACE, "Example University", None),
        (ADA, "Example University", None)]


# --- ordered GROUP_CONCAT and positions, checked in Python ------------------------------------

SEASONS = {"winter": 1, "spring": 2, "summer": 3, "fall": 4, "autumn": 4}


def term_key(term: str) -> tuple:
    return term[-4:], max((v for k, v in SEASONS.items() if k in term.lower()), default=0), term


def printed_authors(graph: Graph, work: str) -> list[str]:
    head = graph.value(URIRef(work), BIBO.authorList)
    return [str(graph.value(a, SDO.name)) for a in Collection(graph, head)]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_ordered_aggregates_match_python(engine):
    s = store("three")
    pubs = rows(s.run("publication-list", engine))
    assert len(pubs) == 30 + 2 + 3
    for r in pubs:
        names = printed_authors(s.graph, r["work"])
        assert r["authors"] == ", ".join(names) and int(r["authorCount"]) == len(names), r["title"]
    for r in rows(s.run("first-last-sole-authored", engine)):
        names = printed_authors(s.graph, r["work"])
        owner = str(s.graph.value(URIRef(r["person"]), SDO.name))
        assert names[int(r["position"]) - 1] == owner and int(r["authorCount"]) == len(names)
    grace = [r for r in rows(s.run("courses-taught", engine)) if r["person"] == GRACE]
    for r in rows(s.run("courses-taught", engine)):
        course = URIRef(r["course"])
        terms = [str(s.graph.value(o, SDO.name)) for o in s.graph.objects(course, SDO.hasCourseInstance)]
        assert r["terms"] == ", ".join(sorted(terms, key=term_key))
    # chronological, not alphabetical
    assert {r["code"]: r["terms"] for r in grace} == {"MATH100": "Fall 1931, Winter 1932",
                                                     "MATH200": "Spring 1931, Fall 1931"}
    load = [r for r in rows(s.run("teaching-load", engine)) if r["person"] == GRACE]
    assert [(r["term"], r["courses"]) for r in load] == [
        ("Winter 1932", "MATH100 Algebra"), ("Fall 1931", "MATH100 Algebra; MATH200 Calculus"),
        ("Spring 1931", "MATH200 Calculus")]
    for r in rows(s.run("teaching-load", engine)):
        assert r["courses"].split("; ") == sorted(r["courses"].split("; "))


def test_ordered_aggregates_under_another_hash_seed():
    """rdflib iterates sets in hash order; the ordered GROUP_CONCATs must not depend on it."""
    script = ("import json, sys, cvgraph\n"
              "files = sys.argv[1:]\n"
              "print(json.dumps([cvgraph.query(n, files, engine='rdflib').to_json()"
              " for n in ('publication-list', 'courses-taught', 'teaching-load')]))\n")
    files = [str(cvgraph.sample_path()), str(GLOBAL_IDS), str(SECOND)]
    expected = [store("three").run(n, "rdflib").to_json() for n in ("publication-list", "courses-taught",
                                                                     "teaching-load")]
    seed = "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "1"
    out = subprocess.run([sys.executable, "-c", script, *files], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONHASHSEED=seed))
    assert json.loads(out.stdout) == expected, f"PYTHONHASHSEED={seed}"


# --- 3. headers, syntax, --list, README ------------------------------------------------------

def body(text: str) -> str:
    """The query without comment lines (IRIs may hold '#', so only whole-line comments go)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_at_least_sixteen_queries_of_each_form():
    assert len(QUERIES) >= 16
    forms = {q.form for q in QUERIES.values()}
    assert {"SELECT", "ASK", "CONSTRUCT"} <= forms and "DESCRIBE" not in forms


@pytest.mark.parametrize("name", NAMES)
def test_header_syntax_and_parameters(name):
    q = QUERIES[name]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), "file names are kebab-case"
    lines = q.text.splitlines()
    assert lines[0].startswith("# title: ") and q.title != name
    header = lines[:next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))]
    for line in header:  # parse_header ignores other comment lines: nothing may be lost
        assert not line.strip() or re.match(r"# (title|description|param): \S", line), line
    parts = [line[len("# description: "):].strip() for line in header if line.startswith("# description: ")]
    assert q.description == " ".join(parts) and len(q.description) > 40 and q.description.endswith(".")
    parse(q.text, q.path)
    parse(bind(q, {p.name: value_for(name, p.name) for p in q.params}), q.path)
    text = body(q.text)
    for p in q.params:
        assert re.search(rf"\?{p.name}\b", text), f"parameter {p.name!r} is declared but not used"
    if "schema:mainEntity ?person" in text:  # about CV owners: must let the caller pick one
        assert "person" in [p.name for p in q.params]
    prefixes = set(re.findall(r"^PREFIX (\w*):", text, re.MULTILINE))
    used = set(re.findall(r"(?<![\w?<])([a-z]+):[A-Za-z_]", re.sub(r"<[^>]*>|\"[^\"]*\"", "", text)))
    assert used <= prefixes, f"undeclared prefixes {used - prefixes}"
    keywords = re.sub(r"[?$]\w+", "", text).upper()  # without variables such as ?service
    for banned in ("DESCRIBE", "SAMPLE(", "RAND(", "NOW(", "UUID(", "STRUUID(", "BNODE(", "SERVICE"):
        assert banned not in keywords, banned
    if q.form == "SELECT":
        assert "ORDER BY" in text.rsplit("}", 1)[1], "a SELECT ends with an ORDER BY"
    # rdflib makes one row of an empty group: every GROUP BY is followed by HAVING (COUNT(*) > 0)
    assert len(re.findall(r"GROUP BY [^\n]*\n\s*HAVING \(COUNT\(\*\) > 0\)", text)) == text.count("GROUP BY")
    # rdflib joins the trailing VALUES after grouping: an outer GROUP BY must keep every parameter
    outer = re.search(r"^GROUP BY ([^\n]*)", text, re.MULTILINE)
    if outer:
        keys = set(re.findall(r"\?(\w+)", outer.group(1)))
        assert {p.name for p in q.params} <= keys, "a parameter must be a key of the outer GROUP BY"


def test_cli_list_shows_every_query():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    listed = {line.split()[0]: line for line in result.output.splitlines()}
    assert set(listed) == set(QUERIES)
    for q in QUERIES.values():
        assert q.title in listed[q.name]
        for p in q.params:
            assert f"{p.name} ({p.type})" in listed[q.name]


def test_readme_lists_every_query_and_parameter():
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    table = {m.group(1): m.group(0) for m in re.finditer(r"^\| \[`([a-z0-9-]+)`\].*$", readme, re.MULTILINE)}
    assert set(table) == set(QUERIES)
    for q in QUERIES.values():
        row = table[q.name]
        assert f"({q.name}.rq)" in row and q.title in row and q.form in row
        assert re.findall(r"`(\w+)` \((\w+)\)", row) == [(p.name, p.type) for p in q.params]


# --- 4. the command line ---------------------------------------------------------------------

def cli(*args: str):
    result = CliRunner().invoke(main, ["query", *args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exception
    assert "Traceback" not in result.output
    return result


def test_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "broken.rq"
    bad.write_text("# title: Broken\n# description: a typo on line 5\n"
                   "PREFIX schema: <https://schema.org/>\n\n"
                   "SELECT ?x WHERE { ?x schema:name ?n . FILTR (?n) }\n", encoding="utf-8")
    result = cli(str(bad))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(bad))}:5:\d+: SPARQL syntax error", result.stderr), result.stderr


def test_unknown_query_suggests_a_name():
    result = cli("coauthor")
    assert result.exit_code == 2 and "did you mean 'coauthors'?" in result.stderr


def test_unknown_parameter_lists_the_parameters():
    result = cli("venues", "-p", "year=2023")
    assert result.exit_code == 2
    assert "has no parameter 'year'" in result.stderr and "person (iri), kind (string)" in result.stderr


@pytest.mark.parametrize("param", ["year=20x3", "year=2023-01", "person=not an iri"])
def test_badly_typed_parameter(param):
    result = cli("invited-talks", "-p", param)
    assert result.exit_code == 2 and "is not a valid" in result.stderr


def test_ask_answers_with_the_exit_code():
    yes = cli("has-publication-in-year", "-p", "year=2023")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    no = cli("has-publication-in-year", "-p", "year=2015")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    as_json = cli("has-publication-in-year", "-p", "year=2015", "-f", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["boolean"] is False


def test_construct_output_is_turtle():
    result = cli("coauthor-network", "--engine", "oxigraph")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    expected = Graph().parse(data=golden_path("coauthor-network").read_text(encoding="utf-8"), format="nt")
    assert set(graph) == set(expected)


def test_output_formats_are_well_formed():
    name = "venues"  # names with commas
    golden = json.loads(golden_path(name).read_text(encoding="utf-8"))
    variables, bindings = golden["head"]["vars"], golden["results"]["bindings"]
    assert json.loads(cli(name, "-f", "json").stdout) == golden
    table = list(csv.reader(io.StringIO(cli(name, "-f", "csv").stdout, newline="")))
    assert table[0] == variables
    assert table[1:] == [[b[v]["value"] if v in b else "" for v in variables] for b in bindings]
    tsv = cli(name, "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["?" + v for v in variables] and len(tsv) == len(bindings) + 1
    assert all(len(line.split("\t")) == len(variables) for line in tsv)
    assert cli(name).stdout.rstrip().endswith(f"({len(bindings)} rows)")


# --- parameter binding cannot inject ---------------------------------------------------------

NASTY = ['x"', "x>", "x}", "x\ny", '" . } ; DROP ALL ; #', '"} UNION { ?s ?p ?o } #', "Reviewer\n"]


@pytest.mark.parametrize("nasty", NASTY)
def test_string_parameter_is_one_literal(nasty):
    result = cli("service", "-p", f"role={nasty}", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []  # no role has that name


def test_string_parameter_filters():
    result = cli("service", "-p", "role=Reviewer", "-f", "json")
    assert [b["venueName"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]] == [
        "IEEE Transactions on Mobile Computing", "IEEE Transactions on Parallel and Distributed Computing",
        "Knowledge-based Systems"]


@pytest.mark.parametrize("nasty", NASTY + ["https://example.org/a> } ; DROP ALL ; #",
                                           "https://example.org/a b", 'https://example.org/"',
                                           "https://example.org/}", "https://example.org/a\n"])
def test_iri_parameter_refuses_what_an_iri_cannot_hold(nasty):
    result = cli("coauthors", "-p", f"person={nasty}")
    assert result.exit_code == 2 and "is not a valid iri" in result.stderr


TRICKY = 'He said "hi" > } . } ; DROP ALL ; #\nnext line \\ back'


def tricky_cv(tmp_path: Path, group: str) -> Path:
    path = tmp_path / "tricky.yaml"
    path.write_text("cvgraph: 1\nperson:\n  name: Tess Tricky\n  homepage: https://example.org/~tess\n"
                    f"skills:\n  - group: {json.dumps(group)}\n    items: [Quoting]\n"
                    "  - group: Plain\n    items: [Other]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_string_parameter_with_syntax_characters_matches_exactly(tmp_path, engine):
    cv = tricky_cv(tmp_path, TRICKY)
    result = cli("interests-and-skills", str(cv), "--engine", engine, "-p", f"group={TRICKY}", "-f", "json")
    assert result.exit_code == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    found = [(b["group"]["value"], b["item"]["value"]) for b in bindings]
    assert found == [(TRICKY, "Quoting")]
    assert rows(cvgraph.query("interests-and-skills", cv, params={"group": TRICKY[:-1]}, engine=engine)) == []


def test_string_parameter_with_tab_is_bound_exactly_on_rdflib(tmp_path):
    """Regression: a tab was written \\u0009, which rdflib expands (and pyparsing turns into spaces)."""
    cv = tricky_cv(tmp_path, "tab\there")
    assert len(rows(cvgraph.query("interests-and-skills", cv, params={"group": "tab\there"}, engine="rdflib"))) == 1


def test_string_parameter_with_backslash_u_is_refused(tmp_path):
    """rdflib expands \\u escapes anywhere in a query text, so such a value cannot be bound safely."""
    from cvgraph.sparql.catalogue import QueryError

    cv = tricky_cv(tmp_path, "A\\u0022B")
    with pytest.raises(QueryError, match="backslash"):
        cvgraph.query("interests-and-skills", cv, params={"group": "A\\u0022B"}, engine="rdflib")


def two_cvs_sharing_a_doi(tmp_path: Path, mary_id: str, mary_doi: str = "10.1000/XYZ.123") -> list[Path]:
    """Ada's CV (global-ids) and Mary's: the same, but with Mary instead of Ada, and her 'notes' work
    with the id ``mary_id``, the DOI ``mary_doi`` and the authors the other way round."""
    ada = GLOBAL_IDS.read_text(encoding="utf-8")
    mary = (ada.replace("authors: [Ada Lovelace, C. Babbage]", "authors: [C. Babbage, Ada Lovelace]")
            .replace("Ada Lovelace", "Mary Somerville").replace("0000-0002-1825-0097", "0000-0002-1694-233X")
            .replace("cv.example.org/ada", "cv.example.org/mary")
            .replace("  - id: notes\n", f"  - id: {mary_id}\n")
            .replace("10.1000/XYZ.123", mary_doi))
    (tmp_path / "ada.yaml").write_text(ada, encoding="utf-8")
    (tmp_path / "mary.yaml").write_text(mary, encoding="utf-8")
    return [tmp_path / "ada.yaml", tmp_path / "mary.yaml"]


def test_a_work_in_two_cvs_keeps_both_author_lists(tmp_path):
    cvs = two_cvs_sharing_a_doi(tmp_path, "notes-by-mary")
    answers = [cvgraph.query("publication-list", cvs, engine=e, params={"person": ADA})
               for e in ("rdflib", "oxigraph")]
    assert answers[0].to_json() == answers[1].to_json()
    notes = {r["authors"] for r in rows(answers[0]) if r["work"] == "https://doi.org/10.1000/xyz.123"}
    assert notes == {"Ada Lovelace, Charles Babbage", "Charles Babbage, Mary Somerville"}  # not interleaved


def test_author_lists_of_two_cvs_stay_apart(tmp_path):
    # two different works (different DOIs) that happen to have the same publication id, "notes"
    cvs = two_cvs_sharing_a_doi(tmp_path, "notes", mary_doi="10.1000/other.1")
    mary = "https://orcid.org/0000-0002-1694-233X"
    result = cvgraph.query("publication-list", cvs, engine="oxigraph", params={"person": mary})
    authors = {r["work"]: r["authors"] for r in rows(result)}
    assert authors["https://doi.org/10.1000/other.1"] == "Charles Babbage, Mary Somerville"


@cache
def _generated_as_nquads() -> tuple[Path, list]:
    """Four generated CVs (tests/support/generate.py: shared co-authors with ORCIDs, shared papers) in
    one N-Quads file, each in its own named graph (as `build -f nquads` writes them): a triple
    several CVs share is in several graphs. Also the CVs, loaded."""
    import tempfile

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from support import generate

    from cvgraph.mapping.walker import document_iri
    from cvgraph.rdf.terms import nt_term

    folder = Path(tempfile.mkdtemp(prefix="cvgraph-nq-"))
    cvs = cvgraph.load_all(generate.write(4, folder / "cvs", 0, jobs=1))
    path = folder / "four.nq"
    lines = []
    for cv in cvs:
        g = nt_term(IRI(document_iri(cv)))
        lines += [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n" for s, p, o in cvgraph.triples(cv)]
    path.write_text("".join(lines), encoding="utf-8")
    return path, cvs


@pytest.mark.parametrize("name", NAMES)
def test_dataset_file_answers_as_the_merged_graph(name):
    """--data FILE.nq on pyoxigraph: the queries see the RDF merge of the graphs (a set), as on the
    merged triples: no row twice because a triple is in two CVs' graphs."""
    from cvgraph.sparql.engines import run_local

    path, cvs = _generated_as_nquads()
    q = QUERIES[name]
    text = bind(q, {})
    got, used = run_local(text, q.form, data=path, engine="oxigraph")
    merged = sorted({t for cv in cvs for t in cvgraph.triples(cv)})
    want, _ = run_local(text, q.form, triples=merged, engine="oxigraph")
    assert used == "oxigraph" and comparable(got) == comparable(want)
