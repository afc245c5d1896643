"""The JSON Resume importer (cvgraph.importers.jsonresume): exact records and warnings for the
awkward cases, and every fixture's output loads as a CV whose graph conforms to the core shapes."""
from __future__ import annotations

import copy
import json

import pytest
import yaml
from support.paths import TESTS

import cvgraph
import cvgraph.api
from cvgraph.errors import ImportError_
from cvgraph.importers.jsonresume import convert
from cvgraph.records.loader import loads

FIXTURES = TESTS / "data" / "import" / "jsonresume"


def _imp(name: str, me: str | None = None):
    return convert((FIXTURES / name).read_text(encoding="utf-8"), name, me)


def _load(data: dict):
    return loads(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "x.yaml")


def _mini(**sections) -> str:
    doc = {"basics": {"name": "Ada Lovelace", "url": "https://example.org/~ada"}}
    doc.update(sections)
    return json.dumps(doc)


def _warnings(imp) -> list[str]:
    return [str(w) for w in imp.warnings]


# ------------------------------------------------------------------------------ nasty.json

NASTY_DATA = {
    "cvgraph": 1,
    "person": {
        "name": "Zoë Ñúñez-Łukasiewicz",
        "affiliation": ["technische-universitat-munchen"],
        "email": "zoe@example.org",
        "phone": "4930123456",
        "homepage": "https://www.zoe-example.org",
        "links": ["https://twitter.com/zoe_n", "https://x.com/zoen",
                  "https://www.linkedin.com/in/zo%C3%AB-n", "https://github.com/zoen"],
        "address": {"locality": "Berlin", "country": "DE"},
        "summary": "Physicist turned data engineer.",
    },
    "interests": ["Bouldering", "chess, go"],
    "organizations": [
        {"id": "technische-universitat-munchen", "name": "Technische Universität München",
         "kind": "university"},
        {"id": "siemens-ag", "name": "Siemens AG", "kind": "company", "url": "https://www.siemens.com"},
        {"id": "wikimedia-deutschland", "name": "Wikimedia Deutschland"},
        {"id": "universitat-wien", "name": "Universität Wien", "kind": "university"},
        {"id": "amazon-web-services", "name": "Amazon Web Services"},
        {"id": "self-published", "name": "Self-published"},
    ],
    "venues": [{"id": "arxiv", "name": "arXiv", "kind": "repository"}],
    "education": [
        {"degree": "BSc", "field": "Physics", "institution": "universitat-wien", "start": "2010",
         "notes": ["Score: 3.9/4.0", "Courses: Quantum Mechanics I"]},
    ],
    "employment": [
        {"title": "Research Associate", "organization": "technische-universitat-munchen",
         "start": "2019-10-01", "end": "present"},
        {"title": "Intern", "organization": "siemens-ag", "start": "2018-03", "end": "2018-09"},
        {"title": "Lecturer", "organization": "technische-universitat-munchen", "start": "2020"},
    ],
    "awards": [{"name": "Förderpreis"}],
    "publications": [
        {"id": "nunezlukasiewicznote", "kind": "other", "title": "A Note on Things",
         "authors": ["Zoë Ñúñez-Łukasiewicz"], "publisher": "self-published"},
        {"id": "nunezlukasiewicz2019note", "kind": "other", "title": "A Note on Things",
         "authors": ["Zoë Ñúñez-Łukasiewicz"], "year": "2019"},
        {"id": "nunezlukasiewicz2021streaming", "kind": "preprint", "title": "Streaming Joins Revisited",
         "authors": ["Zoë Ñúñez-Łukasiewicz"], "venue": "arxiv", "year": "2021-01",
         "url": "https://arxiv.org/pdf/2101.00001v1.pdf", "arxiv": "2101.00001v1"},
    ],
    "skills": [
        {"group": "Python", "items": ["Python"]},
        {"group": "Skills", "items": ["LaTeX"]},
        {"group": "Tools", "items": ["git", "5"]},
    ],
    "volunteer": [
        {"title": "Volunteer", "organization": "wikimedia-deutschland", "start": "2016-03", "end": "present"},
    ],
    "certificates": [
        {"name": "AWS Certified Data Engineer", "issuer": "amazon-web-services", "date": "2021-06-15"},
    ],
    "languages": [{"name": "Deutsch", "fluency": "Muttersprache"}],
    "projects": [{"name": "thesis-tool", "start": "2020-05", "end": "present", "roles": ["Maintainer"]}],
}

NASTY_WARNINGS = [
    "nasty.json: customSections: warning: not a JSON Resume section: not imported",
    "nasty.json: basics.pronouns: warning: not a JSON Resume field: not imported",
    ("nasty.json: basics.profiles[3]: warning: profile Myspace 'zoe' has no URL, and none can be built "
    "for this network: not imported"),
    ("nasty.json: basics.profiles[4]: warning: ORCID iD '0000-0002-1825-0098' has a wrong check digit: "
    "not imported"),
    "nasty.json: basics.profiles[5]: warning: profile without URL or username: not imported",
    "nasty.json: basics.profiles[8]: warning: expected an object, got text: not imported",
    ("nasty.json: basics.location: warning: address and postalCode not imported (the record format's "
    "address has locality, region and country only)"),
    "nasty.json: basics.summary: warning: control characters removed",
    "nasty.json: work[1].startDate: warning: date '2018/03' is not ISO 8601: read as '2018-03'",
    "nasty.json: work[1].endDate: warning: date '09/2018' is not ISO 8601: read as '2018-09'",
    "nasty.json: work[2]: warning: not imported: no startDate (Consultant, Nowhere Inc)",
    "nasty.json: work[3].startDate: warning: invalid date '2015-13': not imported",
    "nasty.json: work[3]: warning: not imported: no startDate (Engineer, Acme GmbH)",
    "nasty.json: work[4].salary: warning: not a JSON Resume field: not imported",
    "nasty.json: work[4].endDate: warning: ends (2019) before it starts (2020): end date not imported",
    "nasty.json: work[5]: warning: expected an object, got text: not imported",
    "nasty.json: work[6]: warning: not imported: no position, no name, no startDate",
    "nasty.json: volunteer[0].startDate: warning: date 'March 2016' is not ISO 8601: read as '2016-03'",
    "nasty.json: education[0]: warning: not imported: no studyType (Physics, Universität Wien)",
    "nasty.json: education[1].endDate: warning: invalid date '2013-02-30': not imported",
    "nasty.json: awards[0].date: warning: invalid date '2014-00': not imported",
    "nasty.json: awards[1]: warning: not imported: no title",
    "nasty.json: certificates[0].url: warning: not an http(s) URL: 'not a url': not imported",
    "nasty.json: publications[0].releaseDate: warning: invalid date '2019-02-29': not imported",
    "nasty.json: publications[3]: warning: not imported: no name (title)",
    ("nasty.json: skills[0].level: warning: skill level 'Advanced' not imported (skills have no level or "
    "notes)"),
    "nasty.json: skills[2]: warning: not imported: no name and no keywords",
    "nasty.json: skills[3].keywords[2]: warning: expected text, got an object: not imported",
    "nasty.json: languages[1]: warning: not imported: no language",
    "nasty.json: interests[2]: warning: not imported: no name and no keywords",
    "nasty.json: projects[0].startDate: warning: date '2020-5' is not ISO 8601: read as '2020-05'",
    "nasty.json: references: warning: 2 references not imported (personal data of others)",
    "nasty.json: meta.lastModified: warning: invalid date 'yesterday': not imported",
    "nasty.json: meta: warning: version not imported (tooling metadata, not part of the CV)",
]


def test_nasty_records_exact():
    assert _imp("nasty.json").data == NASTY_DATA


def test_nasty_warnings_exact():
    assert _warnings(_imp("nasty.json")) == NASTY_WARNINGS


def test_nasty_comments():
    comments = _imp("nasty.json").comments
    assert comments[("person", "homepage")] == "https:// added to 'www.zoe-example.org'"
    assert comments[("person", "links", 0)] == "URL built from the Twitter username '@zoe_n'"
    assert comments[("person", "links", 2)] == "URL built from the LinkedIn username 'zoë-n'"
    assert ("person", "links", 3) not in comments  # the GitHub profile gave its URL itself
    assert comments[("employment", 0, "start")] == "time of day dropped from '2019-10-01T00:00:00Z'"
    assert comments[("employment", 1, "end")] == "read '09/2018' as 2018-09"
    assert comments[("volunteer", 0, "title")] == "no position given: 'Volunteer'"
    assert comments[("volunteer", 0, "end")] == "endDate 'now'"
    assert comments[("certificates", 0, "date")] == "time of day dropped from '2021-06-15T12:00:00+02:00'"
    assert comments[("skills", 0, "items")] == "no keywords: the skill's name is its only item"
    assert comments[("skills", 1, "group")] == "no name given: 'Skills'"
    assert comments[("interests", 1)] == "interests[1]: no name: the keywords as one text"
    assert comments[("organizations", 0, "kind")] == "guessed from 'Universität' in the name"
    assert comments[("publications", 2, "kind")] == "arXiv preprint: an arxiv.org URL"
    assert comments[("publications", 2, "year")] == "month of first submission, from the arXiv id"
    assert comments[("publications", 1, "authors")] == \
        "JSON Resume lists no authors: the CV owner is assumed to be the sole author"
    assert comments[("person", "affiliation")] == "current employer: work ending 'present'"


def test_comments_point_at_existing_places():
    """Every comment path names a key or item that exists in the records (the YAML writer
    attaches the comment there)."""
    for name in ("academic.json", "nasty.json"):
        imp = _imp(name)
        for path in imp.comments:
            node = imp.data
            for step in path:
                assert (step in node) if isinstance(node, dict) else (0 <= step < len(node)), (name, path)
                node = node[step]


# ------------------------------------------------------------------------------ academic.json

def test_academic_every_section():
    imp = _imp("academic.json")
    data = imp.data
    for section in ("person", "interests", "organizations", "venues", "education", "employment", "awards",
                    "publications", "skills", "volunteer", "certificates", "languages", "projects",
                    "updated"):
        assert data.get(section), section
    person = data["person"]
    assert person["name"] == "Ingrid Solberg"
    assert person["job_title"] == "Associate Professor of Computational Linguistics"
    assert person["homepage"] == "https://www.example.edu/~ingrid"
    assert person["orcid"] == "0000-0002-1825-0097"
    assert person["dblp"] == "https://dblp.org/pid/12/3456"
    assert person["scholar"] == "https://scholar.google.com/citations?user=AbCdEfGAAAAJ"
    assert person["links"] == ["https://github.com/isolberg", "https://sigmoid.social/@ingrid"]
    assert person["address"] == {"locality": "Oslo", "region": "Oslo", "country": "NO"}
    assert person["image"] == "https://www.example.edu/~ingrid/photo.jpg"
    assert person["summary"].startswith("I work on low-resource machine translation")
    assert person["affiliation"] == ["university-of-oslo"]
    assert data["updated"] == "2024-03-01"
    assert data["employment"][0] == {
        "title": "Associate Professor", "organization": "university-of-oslo", "start": "2021-08",
        "end": "present",
        "notes": ["Language Technology Group, Department of Informatics.",
                  "Leads the NorMT project on Norwegian-Sámi translation", "Location: Oslo, Norway"]}
    assert data["employment"][2]["notes"] == ["About Google Research: Machine translation team"]
    assert data["education"][0] == {
        "degree": "Ph.D.", "field": "Informatics", "institution": "university-of-edinburgh",
        "start": "2014-09", "end": "2018-08",
        "notes": ["Courses: Statistical Machine Translation; Natural Language Understanding"]}
    assert data["education"][1]["notes"] == ["Score: A"]
    assert data["awards"] == [
        {"name": "Best Paper Award, WMT 2020", "date": "2020-11-19",
         "awarder": "association-for-computational-linguistics",
         "notes": ["For the paper on low-resource quality estimation"]},
        {"name": "Young Research Talent grant", "year": "2022", "awarder": "research-council-of-norway"}]
    assert data["certificates"] == [{"name": "Certified Carpentries Instructor", "issuer": "the-carpentries",
                                     "date": "2019-03-15", "url": "https://carpentries.org/instructors/"}]
    pub, pre = data["publications"]
    assert pub == {"id": "solberg2020quality", "kind": "other",
                   "title": "Quality Estimation for Low-Resource Translation", "authors": ["Ingrid Solberg"],
                   "publisher": "association-for-computational-linguistics", "year": "2020-11",
                   "doi": "10.18653/v1/2020.wmt-1.123", "url": "https://doi.org/10.18653/v1/2020.wmt-1.123",
                   "notes": ["Proceedings of the Fifth Conference on Machine Translation"]}
    assert pre == {"id": "solberg2023evaluating", "kind": "preprint",
                   "title": "Evaluating Multilingual Language Models on Sámi", "authors": ["Ingrid Solberg"],
                   "venue": "arxiv", "year": "2023-05-02", "url": "https://arxiv.org/abs/2305.01234",
                   "arxiv": "2305.01234"}
    assert imp.comments[("publications", 0, "kind")].startswith("JSON Resume has no publication type")
    assert imp.comments[("publications", 1, "kind")] == \
        "arXiv preprint: publisher 'arXiv' and an arxiv.org URL"
    assert data["skills"] == [{"group": "Programming", "items": ["Python", "C++", "Bash"]},
                              {"group": "Machine learning frameworks", "items": ["PyTorch", "JAX"]}]
    assert data["languages"][2] == {"name": "Northern Sámi", "fluency": "Intermediate"}
    assert data["interests"] == ["Low-resource machine translation: Sámi languages, quality estimation",
                                 "Evaluation of language models"]
    assert data["volunteer"] == [{"title": "Area Chair, Machine Translation",
                                  "organization": "association-for-computational-linguistics",
                                  "start": "2022", "end": "2023",
                                  "notes": ["ACL 2022 and ACL 2023", "Handled 40 submissions per cycle"]}]
    assert data["projects"] == [{
        "name": "NorMT", "description": "Machine translation between Norwegian and the Sámi languages.",
        "start": "2022-01", "end": "present", "url": "https://github.com/isolberg/normt",
        "roles": ["Principal investigator"],
        "notes": ["Released the first public Norwegian-Lule Sámi test set",
                  "Keywords: machine translation, Sámi",
                  "Entity: University of Oslo", "Type: application"]}]
    # one registry entry per organisation, however often it is named
    names = [o["name"] for o in data["organizations"]]
    assert len(names) == len(set(names)) == 7
    assert _warnings(imp) == [
        ("academic.json: skills[0].level: warning: skill level 'Expert' not imported (skills have no level "
        "or notes)"),
        "academic.json: references: warning: 1 reference not imported (personal data of others)",
        ("academic.json: meta: warning: canonical, version not imported (tooling metadata, not part of "
        "the CV)"),
    ]


def test_keys_in_format_order():
    from cvgraph.records.spec import FORMAT

    data = _imp("academic.json").data
    order = list(FORMAT)
    known = [k for k in data if k in FORMAT]
    assert known == sorted(known, key=order.index)
    person = list(FORMAT["person"].of)
    keys = [k for k in data["person"] if k in person]
    assert keys == sorted(keys, key=person.index)


# ------------------------------------------------------------------------------ conformance

@pytest.mark.parametrize("name", ["academic.json", "nasty.json"])
def test_fixture_loads_and_conforms(name):
    cv = _load(_imp(name).data)
    report = cvgraph.api.validate(cv)
    assert report.conforms, report.text()


def test_yaml_writer_output_loads():
    yamlout = pytest.importorskip("cvgraph.importers.yamlout")
    for name in ("academic.json", "nasty.json"):
        text = yamlout.to_yaml(_imp(name))
        cv = loads(text, "x.yaml")
        assert cv.data["person"]["name"]


_WEIRD = [None, "", 2.5, True, ["x"], {"a": 1}, "present", "2020-99"]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


def test_never_crashes_and_output_always_loads():
    """Replace every value of the academic fixture, one at a time, by each of a set of odd values:
    the importer never raises, and whenever it produced an owner name the records load."""
    doc = json.loads((FIXTURES / "academic.json").read_text(encoding="utf-8"))
    seen: set[str] = set()  # many mutations give the same records: load each distinct one once
    for path in list(_paths(doc))[1:]:
        for weird in _WEIRD:
            mutated = copy.deepcopy(doc)
            node = mutated
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = weird
            imp = convert(json.dumps(mutated), "m.json")
            key = json.dumps(imp.data, sort_keys=True)
            if imp.data["person"].get("name") and key not in seen:
                seen.add(key)
                try:
                    _load(imp.data)
                except cvgraph.RecordError as exc:  # pragma: no cover - the message is the point
                    pytest.fail(f"{path} = {weird!r}: {exc}")


# ------------------------------------------------------------------------------ dates

@pytest.mark.parametrize("raw, start, warned", [
    ("2020", "2020", False),
    ("2020-03", "2020-03", False),
    ("2020-03-15", "2020-03-15", False),
    (2020, "2020", False),
    ("2020-01-01T00:00:00Z", "2020-01-01", False),
    ("2020-01-01T08:30:00.000+01:00", "2020-01-01", False),
    ("2020-01-01 08:30", "2020-01-01", False),
    ("2020/03", "2020-03", True),
    ("2020.03", "2020-03", True),
    ("03/2020", "2020-03", True),
    ("3.2020", "2020-03", True),
    ("2020/03/15", "2020-03-15", True),
    ("15.03.2020", "2020-03-15", True),  # only one day/month order is a real date
    ("03/04/2020", "2020", True),        # both orders are: the year only
    ("March 2020", "2020-03", True),
    ("Sept. 2019", "2019-09", True),
    ("2021 Jan", "2021-01", True),
    ("2020-3", "2020-03", True),
])
def test_dates_read(raw, start, warned):
    imp = convert(_mini(work=[{"name": "Acme", "position": "Engineer", "startDate": raw, "endDate": "2024"}]),
                  "r.json")
    assert imp.data["employment"][0]["start"] == start
    assert bool(imp.warnings) == warned, _warnings(imp)
    if warned:
        assert _warnings(imp)[0].startswith("r.json: work[0].startDate: warning: date ")


@pytest.mark.parametrize("raw", ["2020-13", "2020-02-30", "2020-00", "13/13/2020", "soon", "Smarch 2020",
                                 "20201", "0000"])
def test_bad_dates_warn_and_never_crash(raw):
    imp = convert(_mini(awards=[{"title": "Prize", "date": raw}]), "r.json")
    assert imp.data["awards"] == [{"name": "Prize"}]
    assert _warnings(imp) == [f"r.json: awards[0].date: warning: invalid date {raw!r}: not imported"]


@pytest.mark.parametrize("raw, end, comment", [
    ("present", "present", None),
    ("Present", "present", None),
    ("current", "present", "endDate 'current'"),
    ("now", "present", "endDate 'now'"),
    ("  NOW ", "present", "endDate 'NOW'"),
])
def test_end_present(raw, end, comment):
    imp = convert(_mini(work=[{"name": "Acme", "position": "Engineer", "startDate": "2020", "endDate": raw}]),
                  "r.json")
    assert imp.data["employment"][0]["end"] == end
    assert imp.comments.get(("employment", 0, "end")) == comment
    assert imp.data["person"]["affiliation"] == ["acme"]
    assert not imp.warnings


@pytest.mark.parametrize("work", [{}, {"endDate": ""}, {"endDate": "   "}])
def test_missing_or_empty_end_is_left_out(work):
    entry = {"name": "Acme", "position": "Engineer", "startDate": "2020", **work}
    imp = convert(_mini(work=[entry]), "r.json")
    assert imp.data["employment"] == [{"title": "Engineer", "organization": "acme", "start": "2020"}]
    assert "JSON Resume themes show that as ongoing" in imp.comments[("employment", 0)]
    assert "affiliation" not in imp.data["person"]
    assert not imp.warnings


def test_present_is_no_start_date():
    imp = convert(_mini(work=[{"name": "Acme", "position": "Engineer", "startDate": "present"}]), "r.json")
    assert "employment" not in imp.data
    assert _warnings(imp) == [
        "r.json: work[0].startDate: warning: 'present' is not a start date: not imported",
        "r.json: work[0]: warning: not imported: no startDate (Engineer, Acme)"]


# ------------------------------------------------------------------------------ basics, profiles, --me

def test_profiles():
    profiles = [
        {"network": "ORCID", "url": "http://orcid.org/0000-0002-1825-0097/"},
        {"network": "GitLab", "username": "ada"},
        {"network": "Bluesky", "username": "ada.bsky.social"},
        {"network": "Google Scholar", "username": "XyZ_123AAAAJ"},
        {"network": "dblp", "url": "https://dblp.org/pid/00/0000"},
        {"network": "Homepage", "url": "https://example.org/~ada"},   # the homepage itself: no link
        {"network": "Blog", "url": "blog.example.org"},
        {"network": "Mastodon", "username": "ada"},                   # no instance: cannot build
    ]
    imp = convert(json.dumps({"basics": {"name": "Ada Lovelace", "url": "https://example.org/~ada",
                                         "profiles": profiles}}), "r.json")
    person = imp.data["person"]
    assert person["orcid"] == "0000-0002-1825-0097"
    assert person["scholar"] == "https://scholar.google.com/citations?user=XyZ_123AAAAJ"
    assert person["dblp"] == "https://dblp.org/pid/00/0000"
    assert person["links"] == ["https://gitlab.com/ada", "https://bsky.app/profile/ada.bsky.social",
                               "https://blog.example.org"]
    assert imp.comments[("person", "links", 2)] == "https:// added to 'blog.example.org'"
    assert imp.comments[("person", "scholar")] == "URL built from the Google Scholar username 'XyZ_123AAAAJ'"
    assert _warnings(imp) == [
        ("r.json: basics.profiles[7]: warning: profile Mastodon 'ada' has no URL, and none can be built for "
        "this network: not imported")]


def test_no_url_warns_about_document_iri():
    imp = convert(json.dumps({"basics": {"name": "Ada Lovelace"}}), "r.json")
    assert imp.data["person"] == {"name": "Ada Lovelace"}
    assert _warnings(imp) == [("r.json: basics.url: warning: no homepage: the CV's IRIs are built under one; set "
                              "person.homepage (or base:, or build with --base)")]


def test_me_orcid_and_alias():
    imp = convert(_mini(), "r.json", me="https://orcid.org/0000-0002-1825-0097")
    assert imp.data["person"]["orcid"] == "0000-0002-1825-0097"
    assert imp.comments[("person", "orcid")] == "the ORCID iD given with --me"
    imp = convert(_mini(), "r.json", me="A. Lovelace")
    assert imp.data["person"]["aliases"] == ["A. Lovelace"]
    imp = convert(_mini(), "r.json", me="ada  LOVELACE")
    assert "aliases" not in imp.data["person"]
    imp = convert(_mini(), "r.json", me="0000-0002-1825-0098")
    assert "orcid" not in imp.data["person"] and "aliases" not in imp.data["person"]
    assert _warnings(imp) == [
        "r.json: --me: warning: ORCID iD '0000-0002-1825-0098' has a wrong check digit: not imported"]


def test_me_names_an_owner_without_name():
    imp = convert(json.dumps({"basics": {"url": "https://example.org/"}, "publications": [{"name": "On X"}]}),
                  "r.json", me="Ada Lovelace")
    assert imp.data["person"]["name"] == "Ada Lovelace"
    assert imp.data["publications"][0]["authors"] == ["Ada Lovelace"]
    assert not imp.warnings


def test_no_name_at_all():
    imp = convert(json.dumps({"basics": {"url": "https://example.org/"}, "publications": [{"name": "On X"}]}),
                  "r.json")
    assert "name" not in imp.data["person"] and "publications" not in imp.data
    assert _warnings(imp) == [
        "r.json: basics.name: warning: missing: person.name is required, add it by hand",
        ("r.json: publications[0]: warning: not imported: no author (JSON Resume has no author list and "
        "basics.name is missing)")]


# ------------------------------------------------------------------------------ sections

def test_legacy_field_names():
    imp = convert(_mini(work=[{"company": "Acme", "website": "https://acme.example", "position": "Engineer",
                               "startDate": "2020"}],
                        education=[{"institution": "MIT", "studyType": "B.S.", "gpa": "3.9"}],
                        awards=[{"title": "Prize", "awardDate": "2019"}]), "r.json")
    assert imp.data["employment"][0]["organization"] == "acme"
    assert imp.data["organizations"][0] == {"id": "acme", "name": "Acme", "url": "https://acme.example"}
    assert imp.data["education"][0]["notes"] == ["Score: 3.9"]
    assert imp.data["awards"] == [{"name": "Prize", "year": "2019"}]
    assert not imp.warnings


def test_same_org_other_url_goes_to_notes_and_ids_stay_distinct():
    imp = convert(_mini(work=[
        {"name": "C++ Inc", "position": "A", "startDate": "2020", "url": "https://a.example"},
        {"name": "c++  inc", "position": "B", "startDate": "2021", "url": "https://b.example"},
        {"name": "C Inc", "position": "C", "startDate": "2022"},
    ]), "r.json")
    assert [(o["id"], o["name"]) for o in imp.data["organizations"]] == \
        [("c-inc", "C++ Inc"), ("c-inc-2", "C Inc")]
    assert imp.data["employment"][1]["notes"] == ["URL: https://b.example"]
    assert [e["organization"] for e in imp.data["employment"]] == ["c-inc", "c-inc", "c-inc-2"]


def test_publication_doi_and_duplicate_ids():
    pubs = [{"name": "The Thing", "releaseDate": "2020", "url": "https://doi.org/10.1000%2Fabc"},
            {"name": "A Thing", "releaseDate": "2020-05"},
            {"name": "Old", "url": "https://arxiv.org/abs/cs/0112017"}]
    imp = convert(_mini(publications=pubs), "r.json")
    assert [p["id"] for p in imp.data["publications"]] == ["lovelace2020thing", "lovelace2020thingb",
                                                           "lovelaceold"]
    assert imp.data["publications"][0]["doi"] == "10.1000/abc"
    assert imp.data["publications"][2]["arxiv"] == "cs/0112017"
    assert imp.data["publications"][2]["kind"] == "preprint"


def test_org_kinds_guessed():
    names = {"Max Planck Institute for Informatics": "research", "ETH Zürich": "university",
             "Department of Physics": "department", "Acme Ltd.": "company", "Wikimedia": None,
             "National Science Foundation": "government", "School of Computing": "school"}
    imp = convert(_mini(certificates=[{"name": "C", "issuer": n} for n in names]), "r.json")
    assert {o["name"]: o.get("kind") for o in imp.data["organizations"]} == names


def test_volunteer_end_before_start():
    imp = convert(_mini(volunteer=[{"organization": "Red Cross", "position": "Medic", "startDate": "2020-05",
                                    "endDate": "2020-04"}]), "r.json")
    assert imp.data["volunteer"] == [{"title": "Medic", "organization": "red-cross", "start": "2020-05"}]
    assert _warnings(imp) == [
        ("r.json: volunteer[0].endDate: warning: ends (2020-04) before it starts (2020-05): "
        "end date not imported")]


def test_wrong_section_types():
    doc = {"basics": {"name": "Ada", "url": "https://example.org/", "location": "London", "profiles": {}},
           "work": {"name": "Acme"}, "skills": "Python", "meta": []}
    imp = convert(json.dumps(doc), "r.json")
    assert imp.data["person"] == {"name": "Ada", "homepage": "https://example.org/"}
    assert _warnings(imp) == [
        "r.json: basics.profiles: warning: expected a list, got an object: not imported",
        "r.json: basics.location: warning: expected an object, got text: not imported",
        "r.json: work: warning: expected a list, got an object: not imported",
        "r.json: skills: warning: expected a list, got text: not imported",
        "r.json: meta: warning: expected an object, got a list: not imported",
    ]


# ------------------------------------------------------------------------------ unreadable files

@pytest.mark.parametrize("text, message", [
    ("{", "r.json:1:2: not JSON: Expecting property name enclosed in double quotes"),
    ("", "r.json:1:1: not JSON: Expecting value"),
    ("[1, 2]", "r.json: not a JSON Resume: the top level is a list, not an object"),
    ('{"name": "Ada"}', ("r.json: not a JSON Resume: none of its sections (basics, work, volunteer, "
                         "education, awards, certificates, publications, skills, languages, interests, "
                         "references, projects, meta) is present")),
])
def test_unreadable(text, message):
    with pytest.raises(ImportError_) as info:
        convert(text, "r.json")
    assert str(info.value) == message


def test_bom_accepted():
    assert convert("\ufeff" + _mini(), "r.json").data["person"]["name"] == "Ada Lovelace"


def test_a_long_publication_summary_is_the_abstract_a_short_one_a_note():
    """Issue 14: an abstract kept in JSON Resume's publication summary must reach the records'
    ``abstract`` (schema:abstract), not a note; a short summary (here a venue) stays a note."""
    abstract = ("We study quality estimation for translation between languages with little parallel data "
                "and show that a multilingual encoder fine-tuned on synthetic post-edits matches systems "
                "trained on ten times more human labels.")
    doc = {"basics": {"name": "Ingrid Solberg"},
           "publications": [{"name": "Quality Estimation at Low Cost", "releaseDate": "2021", "summary": abstract},
                            {"name": "Another Paper", "releaseDate": "2020", "summary": "Proceedings of WMT"}]}
    imp = convert(json.dumps(doc), "r.json")
    first, second = imp.data["publications"]
    assert first["abstract"] == abstract and "notes" not in first
    assert imp.comments[("publications", 0, "abstract")] == (
        "publications[0].summary: 31 words of prose, read as the abstract")
    assert second["notes"] == ["Proceedings of WMT"] and "abstract" not in second
    loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "r.yaml")  # the records load
