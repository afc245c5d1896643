"""RenderCV importer (cvgraph.importers.rendercv): RenderCV v2 YAML → cvgraph records.

Two fixtures in tests/data/import/rendercv/: ``academic.yaml`` (a realistic academic CV using every
RenderCV entry type) and ``nasty.yaml`` (owner markers, odd dates, unknown sections and networks,
missing fields). The expected records and warnings below were worked out from the fixture text
and RenderCV's documented rules, then checked against the importer; every imported document must
load with the records loader and its graph must conform to the core shapes.
"""
from __future__ import annotations

import pytest
import yaml
from support.paths import TESTS

import cvgraph
import cvgraph.api
import cvgraph.records.loader
from cvgraph.errors import ImportError_
from cvgraph.importers.base import Imported
from cvgraph.importers.rendercv import convert
from cvgraph.importers.rendercv.markup import plain
from cvgraph.importers.rendercv.model import classify, entry_type
from cvgraph.importers.text.dates import parse_when, split_when

DATA = TESTS / "data" / "import" / "rendercv"
FIXTURES = ("academic.yaml", "nasty.yaml")


def imported(name: str, me: str | None = None) -> Imported:
    return convert((DATA / name).read_text(encoding="utf-8"), name, me)


def load_records(imp: Imported) -> cvgraph.records.loader.CV:
    return cvgraph.records.loader.loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml")


def convert_text(text: str, me: str | None = None) -> Imported:
    return convert(text, "cv.yaml", me)


def warnings_of(imp: Imported) -> list[tuple[str, str]]:
    return [(w.where, w.message) for w in imp.warnings]


# ----------------------------------------------------------------------------- both fixtures

@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_loads_and_conforms(name):
    cv = load_records(imported(name))
    assert cvgraph.api.validate(cv).conforms


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_deterministic(name):
    a, b = imported(name), imported(name)
    assert a.data == b.data and a.warnings == b.warnings and a.comments == b.comments


@pytest.mark.parametrize("name", FIXTURES)
def test_every_comment_points_into_the_data(name):
    imp = imported(name)
    assert imp.comments
    for path in imp.comments:
        node = imp.data
        for part in path:
            assert (isinstance(node, dict) and part in node) or \
                (isinstance(node, list) and isinstance(part, int) and part < len(node)), path
            node = node[part]


@pytest.mark.parametrize("name", FIXTURES)
def test_only_known_fields_are_emitted(name):
    """Plain data only, keys in the record format's order (cvgraph.records.spec.FORMAT)."""
    from cvgraph.records.spec import FORMAT

    data = imported(name).data
    assert list(data) == [k for k in FORMAT if k in data]
    for section, value in data.items():
        spec = FORMAT[section]
        if spec.kind == "list" and spec.of.kind == "obj":
            for entry in value:
                assert list(entry) == [k for k in spec.of.of if k in entry], (section, entry)


# ----------------------------------------------------------------------------- academic.yaml

def test_academic_person():
    imp = imported("academic.yaml")
    assert imp.data["person"] == {
        "name": "Mina Park",
        "aliases": ["M. Park"],  # printed *M. Park* in the second publication
        "job_title": "Assistant Professor of Computer Science",
        "affiliation": ["university-of-pittsburgh"],
        "email": "mina.park@example.edu",
        "phone": "+1-412-555-0100",
        "homepage": "https://minapark.example.edu/",
        "orcid": "0000-0002-1825-0097",
        "scholar": "https://scholar.google.com/citations?user=AbCdEfGhIjK",
        "links": ["https://github.com/minapark", "https://linkedin.com/in/mina-park",
                  "https://sigmoid.social/@mina"],
        "address": {"locality": "Pittsburgh", "region": "PA"},
        "summary": "I study scalable machine learning systems, with a focus on federated learning "
                   "(https://en.wikipedia.org/wiki/Federated_learning) on heterogeneous devices.",
    }
    # the only warning: the layout blocks
    assert warnings_of(imp) == [("academic.yaml:137", ("ignored the RenderCV design, locale, rendercv_settings "
                                 "blocks (layout and tooling settings, not CV content)"))]


def test_academic_education_and_roles():
    data = imported("academic.yaml").data
    assert data["education"][0] == {
        "degree": "PhD", "field": "Computer Science", "institution": "carnegie-mellon-university",
        "start": "2014-09", "end": "2019-05",
        "thesis": {"title": "Communication-Efficient Distributed Optimization"},
        "advisors": ["Alan Kessler"],  # "Advisor: Prof. Alan Kessler"
    }
    assert data["education"][1]["notes"] == ["GPA: 4.1/4.3, summa cum laude"]
    assert data["employment"] == [
        {"title": "Assistant Professor", "organization": "university-of-pittsburgh", "start": "2021-08",
         "end": "present", "notes": ["Leads the Scalable Learning Lab (6 PhD students)"]},
        {"title": "Postdoctoral Appointee", "organization": "argonne-national-laboratory",
         "start": "2019-06", "end": "2021-07", "notes": ["Mathematics and Computer Science Division"]},
    ]
    # an ExperienceEntry under "research_internships"
    assert data["internships"] == [{"title": "Research Intern", "organization": "google-research",
                                    "start": "2018-06", "end": "2018-09"}]
    assert data["organizations"][0] == {"id": "carnegie-mellon-university", "name": "Carnegie Mellon University",
                                        "kind": "university", "locality": "Pittsburgh", "region": "PA"}
    assert data["organizations"][1]["country"] == "South Korea"


def test_academic_publications():
    imp = imported("academic.yaml")
    data = imp.data
    assert data["publications"] == [
        {"kind": "conference", "title": "Layer-Wise Adaptive Aggregation for Federated Learning",
         "authors": ["Mina Park", "Tom Ellis", "Alan Kessler"],
         "venue": "aaai-conference-on-artificial-intelligence", "year": "2023-02",
         "doi": "10.1609/aaai.v37i7.26012", "notes": ["Oral"]},
        {"kind": "journal", "title": "Partial Model Averaging with Performance Guarantees",
         "authors": ["M. Park", "Rosa Diaz"], "venue": "neurocomputing", "year": "2023",
         "volume": "541", "pages": "126-139", "doi": "10.1016/j.neucom.2023.126239"},
        {"kind": "preprint", "title": "Straggler-Resilient Federated Learning",
         "authors": ["Rosa Diaz", "Mina Park"], "venue": "arxiv", "year": "2023-01",
         "url": "https://arxiv.org/abs/2301.01234", "arxiv": "2301.01234"},
        {"kind": "workshop", "title": "Compressed Gradients for Edge Devices",
         "authors": ["Tom Ellis", "Mina Park", "Alan Kessler"],
         "venue": "workshop-on-federated-learning-fl-neurips", "year": "2022-12"},
    ]
    assert data["people"] == [{"id": "alan-kessler", "name": "Alan Kessler"},
                              {"id": "tom-ellis", "name": "Tom Ellis"},
                              {"id": "rosa-diaz", "name": "Rosa Diaz"}]
    assert {"id": "arxiv", "name": "arXiv", "kind": "repository"} in data["venues"]
    assert imp.comments[("publications", 1, "doi")] == \
        "DOI written 'https://doi.org/10.1016/j.neucom.2023.126239': prefix dropped"
    assert imp.comments[("publications", 1, "venue")] == "RenderCV journal 'Neurocomputing, vol. 541, pp. 126-139'"


def test_academic_text_based_sections():
    imp = imported("academic.yaml")
    data = imp.data
    assert data["awards"] == [
        {"name": "NSF CAREER Award", "year": "2024", "notes": ["Scalable federated optimization"]},
        {"name": "Best Paper Award, IEEE BigData", "date": "2020-12"},
        {"name": "Forbes 30 Under 30 in Science", "year": "2022"},          # BulletEntry
        {"name": "Kwanjeong Graduate Fellowship", "year": "2014", "notes": ["2014 – 2019"]},
    ]
    assert data["talks"] == [  # ReversedNumberedEntry
        {"title": "Federated Learning at Scale", "host": "stanford-university", "date": "2024-03"},
        {"title": "Communication-Efficient Training", "series": "Google Tech Talk", "date": "2022"},
    ]
    assert data["teaching"] == [
        {"code": "CS 1675", "title": "Introduction to Machine Learning",
         "institution": "university-of-pittsburgh", "terms": ["Fall 2022"]},
        {"code": "CS 2750", "title": "Machine Learning", "institution": "university-of-pittsburgh",
         "terms": ["Spring 2023", "Spring 2024"]},
    ]
    assert imp.comments[("teaching", 1)] == "terms 'Spring 2023 – Spring 2024': the first and last printed"
    assert data["service"] == [
        {"role": "Program Committee Member", "venue": "aaai", "years": ["2022", "2023", "2024"]},
        {"role": "Reviewer", "venue": "ieee-transactions-on-parallel-and-distributed-systems",
         "years": ["2021"]},
    ]
    assert {"id": "aaai", "name": "AAAI", "kind": "conference"} in data["venues"]
    assert data["skills"] == [  # OneLineEntry; commas inside parentheses do not split
        {"group": "Programming", "items": ["Python", "C++", "CUDA"]},
        {"group": "Frameworks", "items": ["PyTorch", "JAX", "MPI (OpenMPI, MPICH)"]},
    ]
    assert data["languages"] == [{"name": "Korean", "fluency": "native"},
                                 {"name": "English", "fluency": "fluent"}]
    assert data["interests"] == ["Federated learning on heterogeneous devices",  # NumberedEntry
                                 "Communication-efficient distributed optimization"]
    assert data["projects"] == [{"name": "FedScale", "description": "An open benchmark for federated learning",
                                 "start": "2020-01", "end": "present",
                                 "url": "https://github.com/minapark/fedscale",
                                 "notes": ["Used by 40+ research groups"]}]


# ----------------------------------------------------------------------------- nasty.yaml

NASTY = {
    "cvgraph": 1,
    "person": {
        "name": "Mina Park",
        "aliases": ["M. S. Park", "M. Park"],  # __M. S. Park__ marked; "M. Park" by initials
        "affiliation": ["open-co"],
        "email": "mina@example.org",
        "phone": "+82-10-5555-0101",  # tel: dropped
        "homepage": "https://mina.example.org",
        "links": ["https://blog.mina.example.org", "https://youtube.com/@minatalks",
                  "https://stackoverflow.com/users/12345/mina-park", "https://twitter.com/mina_park",
                  "https://lab.example.org"],
    },
    "interests": ["federated learning", "HPC"],
    "organizations": [
        {"id": "acme-labs", "name": "Acme Labs", "kind": "research", "locality": "Boston", "region": "MA"},
        {"id": "bell-labs", "name": "Bell Labs", "kind": "research"},
        {"id": "nowhere-inc", "name": "Nowhere Inc", "kind": "company"},
        {"id": "backwards-corp", "name": "Backwards Corp", "kind": "company"},
        {"id": "open-co", "name": "Open Co", "url": "https://open.example.com"},
        {"id": "some-university", "name": "Some University", "kind": "university"},
        {"id": "other-college", "name": "Other College", "kind": "university"},
        {"id": "seoul-national-university", "name": "Seoul National University", "kind": "university"},
        {"id": "kaist", "name": "KAIST", "kind": "university"},
        {"id": "samsung-research", "name": "Samsung Research", "kind": "research"},
        {"id": "girls-who-code", "name": "Girls Who Code"},
    ],
    "people": [
        {"id": "rosa-diaz", "name": "Rosa Diaz", "aliases": ["Rosa Díaz"]},
        {"id": "tom-ellis", "name": "Tom Ellis", "url": "https://tom.example.org"},
        {"id": "jun-lee", "name": "Jun Lee"},
    ],
    "venues": [
        {"id": "neurips", "name": "NeurIPS", "kind": "conference"},
        {"id": "icml", "name": "ICML", "kind": "conference"},
        {"id": "journal-of-odd-results", "name": "Journal of Odd Results", "kind": "journal"},
    ],
    "education": [
        {"degree": "Physics", "institution": "some-university", "start": "2023", "end": "2031"},
        {"degree": "MS", "field": "Math", "institution": "other-college"},
    ],
    "employment": [
        {"title": "Research Scientist", "organization": "acme-labs", "start": "2019", "end": "2021",
         "notes": ["This paragraph elaborates on the Acme position."]},
        {"title": "Intern", "organization": "bell-labs", "start": "2020", "end": "2021"},
        {"title": "Analyst", "organization": "backwards-corp", "start": "2020-05"},
        {"title": "Engineer", "organization": "open-co", "start": "2022", "end": "present",
         "notes": ["url: https://open.example.com/team"]},
    ],
    "volunteer": [{"title": "Mentor", "organization": "girls-who-code", "start": "2020", "end": "present"}],
    "teaching": [
        {"code": "CS101", "title": "Programming", "institution": "seoul-national-university",
         "terms": ["Spring 2013"]},
        {"code": "CS 500", "title": "Seminar", "institution": "seoul-national-university",
         "terms": ["Fall 2021", "Spring 2022"]},
    ],
    "awards": [{"name": "Dean's List", "year": "2019"},
               {"name": "Best Poster, Summer School on ML", "year": "2018"}],
    "publications": [
        {"kind": "conference", "title": "Bold Italic Owner", "authors": ["Mina Park", "Rosa Diaz"],
         "et_al": True, "venue": "neurips", "year": "2023", "notes": ["Spotlight"]},
        {"kind": "conference", "title": "Underscore Owner", "authors": ["M. S. Park", "Tom Ellis"],
         "venue": "icml", "year": "2021"},
        {"kind": "other", "title": "Unmarked Owner", "authors": ["Mina Park", "Rosa Díaz"]},
        {"kind": "journal", "title": "Two Marked", "authors": ["Mina Park", "Jun Lee"],
         "venue": "journal-of-odd-results", "year": "2020"},
        {"kind": "other", "title": "Initials Only", "authors": ["Tom Ellis", "M. Park"], "year": "2019",
         "doi": "10.5555/abc.123"},
    ],
    "talks": [
        {"title": "Scaling Federated Learning", "host": "kaist", "date": "2024-03",
         "notes": ["Invited talk", "location: Daejeon, South Korea"]},
        {"title": "Private Training on the Edge", "host": "samsung-research", "date": "2022-11"},
    ],
    "service": [{"role": "Reviewer", "venue": "neurips", "years": ["2021", "2022"]},
                {"role": "Reviewer", "venue": "icml", "years": ["2023"]}],
    "skills": [{"group": "Languages", "items": ["Python", "Go", "Rust"]},
               {"group": "Tools", "items": ["Docker", "Kubernetes", "Git (GitHub, GitLab)"]}],
    "certificates": [{"name": "AWS Certified ML Specialty", "date": "2022-04",
                      "url": "https://aws.example.com/cert"}],
    "languages": [{"name": "Korean", "fluency": "native"}, {"name": "English", "fluency": "C1"}],
}

NASTY_WARNINGS = [
    ("nasty.yaml:5", "cv.label is not a RenderCV field: not imported"),
    ("nasty.yaml:6", "cv.location 'Remote' names no place: not imported"),
    ("nasty.yaml:7", "cv.email: only one email fits person.email; 'second@example.org' not imported"),
    ("nasty.yaml:7", "cv.email: 'not-an-email' is not an email address: not imported"),
    ("nasty.yaml:10", ("cv.photo: 'photos/mina.jpg' is a file path, not a URL: not imported (publish the "
                      "photo and set person.image to its URL)")),
    ("nasty.yaml:13", "ORCID '0000-0002-1825-0098' is not a valid ORCID iD: not imported"),
    ("nasty.yaml:15", "Mastodon username 'minapark' is not @user@host: not imported"),
    ("nasty.yaml:16", ("unknown social network 'Bluesky' (username 'mina.bsky.social'): no URL can be built; "
                      "not imported (add it to person.links)")),
    ("nasty.yaml:24", "social network 'X' has no username: not imported"),
    ("nasty.yaml:26", "cv.custom_connections[0] ('Book a call') has no http(s) URL: not imported"),
    ("nasty.yaml:32", ("section 'Hobbies', entry 1 (TextEntry): the section title is not one cvgraph knows; "
                      "not imported: 'I enjoy long walks and climbing (https://example.org/climb).'")),
    ("nasty.yaml:37", ("section 'experience', entry 2 (TextEntry): a TextEntry cannot be read as an employment "
                      "record; kept as a note on employment[0]: 'This paragraph elaborates on the Acme position.'")),
    ("nasty.yaml:38", ("section 'experience', entry 3 (NormalEntry): no organization in the name (write 'Title "
                      "at Organization', or use an ExperienceEntry); not imported: 'name: Consultant | date: 2018'")),
    ("nasty.yaml:43", ("section 'experience', entry 5 (ExperienceEntry): no date: an employment record needs a "
                      "start date; not imported ('Engineer' at 'Nowhere Inc')")),
    ("nasty.yaml:48", ("section 'experience', entry 6 (ExperienceEntry): end_date '2019-01' is before "
                      "start_date '2020-05': the end is left out")),
    ("nasty.yaml:52", ("section 'experience', entry 7 (ExperienceEntry): 'url' is not an ExperienceEntry "
                      "field; kept as a note")),
    ("nasty.yaml:53", ("section 'experience', entry 7 (ExperienceEntry): RenderCV tags ['industry'] not imported "
                      "(they select entries for CV variants)")),
    ("nasty.yaml:55", ("section 'education', entry 1 (EducationEntry): no degree given; the area 'Physics' is "
                      "used as the degree")),
    ("nasty.yaml:61", ("section 'education', entry 2 (EducationEntry): cannot read the date 'sometime soon': "
                      "left out")),
    ("nasty.yaml:62", ("section 'education', entry 3 (EducationEntry): neither degree nor area given: not "
                      "imported ('Lonely Institute')")),
    ("nasty.yaml:73", ("section 'publications', entry 3 (PublicationEntry): cannot read the date 'in press': "
                      "left out")),
    ("nasty.yaml:74", "section 'publications', entry 3 (PublicationEntry): '10.1234' is not a DOI: left out"),
    ("nasty.yaml:76", ("section 'publications', entry 4 (PublicationEntry): several authors are marked; "
                      "'Mina Park' is taken as the owner and 'Jun Lee' as a co-author")),
    ("nasty.yaml:83", ("section 'publications', entry 6 (PublicationEntry): no authors: not imported "
                      "('No Authors')")),
    ("nasty.yaml:85", ("section 'publications', entry 7 (PublicationEntry): no title: not imported "
                      "('authors: Mina Park | journal: Lost Title Review')")),
    ("nasty.yaml:88", ("section 'selected_publications', entry 1 (TextEntry): a publication needs a "
                      "PublicationEntry (title, authors); not imported: 'M. Park and R. Diaz. A citation "
                      "written as text. 2020.'")),
    ("nasty.yaml:94", ("section 'teaching', entry 1 (NormalEntry): teaching needs its terms (e.g. Fall 2023) "
                      "and '2013' gives none; not imported ('Data Structures')")),
    ("nasty.yaml:97", ("section 'teaching', entry 2 (BulletEntry): role 'TA' not imported (a course records its "
                      "title, code, institution and terms only)")),
    ("nasty.yaml:98", ("section 'teaching', entry 3 (NormalEntry): the months '2021-09 – 2022-05' read as the "
                      "terms Fall 2021, Spring 2022 (a course records terms, not months)")),
    ("nasty.yaml:102", ("section 'teaching', entry 4 (BulletEntry): teaching needs an institution; none is "
                       "printed and there is no current academic employer to assume: not imported "
                       "('Guest lecture on graphs')")),
    ("nasty.yaml:105", ("section 'service', entry 2 (BulletEntry): service needs a role and a venue "
                       "(conference or journal) and 'Department colloquium organizer' names none; not imported")),
    ("nasty.yaml:106", ("section 'service', entry 3 (BulletEntry): service needs its years and 'Program "
                       "Committee Member, AAAI' gives none; 'Program Committee Member' for 'AAAI' not imported")),
    ("nasty.yaml:129", ("section 'Misc', entry 1 (unknown): matches no RenderCV entry type: not imported "
                       "({'foo': 'bar'})")),
    ("nasty.yaml:130", "section 'Misc', entry 2 (unknown): empty entry"),
    ("nasty.yaml:131", "section 'Broken' is not a list of entries: not imported"),
    ("nasty.yaml:132", "ignored the RenderCV design block (layout and tooling settings, not CV content)"),
    ("nasty.yaml:134", "top-level 'extra' is not part of a RenderCV file: not imported"),
]


def test_nasty_records():
    assert imported("nasty.yaml").data == NASTY


def test_nasty_warnings():
    assert warnings_of(imported("nasty.yaml")) == NASTY_WARNINGS


def test_nasty_comments_explain_the_judgement_calls():
    c = imported("nasty.yaml").comments
    assert c[("person", "aliases", 0)] == "printed so (marked) in nasty.yaml:68"
    assert c[("person", "aliases", 1)] == ("printed so (unmarked, the owner's initials and family name) "
                                           "in nasty.yaml:79")
    assert c[("employment", 0)] == "title and organization read from 'Research Scientist at Acme Labs'"
    assert c[("employment", 0, "start")] == "dates from '2019-2021'"
    assert c[("employment", 1, "start")] == ("dates from 'Summer 2020 – Spring 2021' (the terms Summer 2020, "
                                             "Spring 2021 read as the year)")
    assert c[("education", 0)] == "RenderCV gives no degree: the area is written as the degree"
    assert c[("education", 0, "start")] == "dates from '2023-2031'"
    assert c[("publications", 0, "authors")] == ("footnote marks after 'Rosa Diaz*' dropped (equal "
                                                 "contribution / corresponding author)")
    assert c[("publications", 0, "year")] == "from the date 'Fall 2023'"
    assert c[("publications", 1, "year")] == "from the year printed in journal 'ICML 2021'"
    assert c[("publications", 2, "kind")] == "other: RenderCV gives no venue (journal) to tell the kind from"
    assert c[("publications", 4, "doi")] == "DOI written 'doi:10.5555/abc.123': prefix dropped"
    assert c[("people", 0, "aliases")] == "'Rosa Díaz' taken to be the same person as 'Rosa Diaz' (same letters)"
    assert c[("teaching", 0)] == "not imported: role 'TA'"
    assert c[("teaching", 1)] == "terms worked out from the months '2021-09 – 2022-05'"
    assert c[("talks", 0)] == "host from the summary 'Invited talk at KAIST'"
    assert c[("talks", 0, "date")] == "date from 'March 2024'"


# ----------------------------------------------------------------------------- owner and --me

HEAD = "cv:\n  sections:\n    publications:\n"


def test_me_gives_the_name_and_marks_the_owner():
    text = ("cv:\n  sections:\n    publications:\n      - title: T\n        authors: [Ada Lovelace, "
            "Charles Babbage]\n        journal: Nature\n        date: 1843\n")
    imp = convert_text(text, me="Ada Lovelace")
    assert imp.data["person"] == {"name": "Ada Lovelace"}
    assert imp.data["people"] == [{"id": "charles-babbage", "name": "Charles Babbage"}]
    assert imp.comments[("person", "name")] == "the CV gives no name: taken from --me"
    assert load_records(imp).data["publications"][0]["authors"][0]["ref"] == "me"


def test_me_orcid():
    imp = convert_text("cv:\n  name: Ada Lovelace\n", me="https://orcid.org/0000-0002-1825-0097")
    assert imp.data["person"] == {"name": "Ada Lovelace", "orcid": "0000-0002-1825-0097"}


def test_name_from_the_marked_author_when_the_cv_gives_none():
    text = HEAD + "      - title: T\n        authors: [Charles Babbage, '**Ada Lovelace**']\n"
    imp = convert_text(text)
    assert imp.data["person"] == {"name": "Ada Lovelace"}
    assert imp.data["publications"][0]["authors"] == ["Charles Babbage", "Ada Lovelace"]
    assert imp.warnings == []


def test_no_name_at_all_is_a_warning():
    imp = convert_text("cv:\n  email: a@example.org\n")
    assert imp.data["person"] == {"name": "Unknown", "email": "a@example.org"}
    assert warnings_of(imp) == [("cv.yaml: cv", ("the CV gives no name (cv.name) and --me was not given: "
                                 "person.name set to 'Unknown'"))]


def test_owner_with_other_accents_is_the_owner():
    text = "cv:\n  name: José Núñez\n" + HEAD[4:] + "      - title: T\n        authors: [Jose Nunez, B. Smith]\n"
    imp = convert_text(text)
    assert imp.data["person"]["aliases"] == ["Jose Nunez"]
    assert "people" in imp.data and imp.data["people"] == [{"id": "b-smith", "name": "B. Smith"}]
    load_records(imp)


def test_duplicate_default_publication_ids_get_a_suffix():
    text = ("cv:\n  name: Ada Lovelace\n  sections:\n    publications:\n"
            "      - {title: Notes on the Engine, authors: [Ada Lovelace], date: 1843, journal: Memoirs}\n"
            "      - {title: Notes on the Engine, authors: [Ada Lovelace], date: 1843, journal: Letters}\n")
    imp = convert_text(text)
    assert "id" not in imp.data["publications"][0]
    assert imp.data["publications"][1]["id"] == "lovelace1843notes-2"
    cv = load_records(imp)
    assert sorted(cv.publications) == ["lovelace1843notes", "lovelace1843notes-2"]


def test_a_publication_id_is_never_the_owners_id():
    """The default id of a paper by "Me" titled "The" would be ``me``: the graph's IRI of the owner."""
    imp = convert_text("cv:\n  name: Ada Lovelace\n  sections:\n    publications:\n"
                       "      - {title: The, authors: [Me], journal: Nature}\n")
    assert imp.data["publications"][0]["id"] == "me-2"
    assert load_records(imp).publications["me-2"]["authors"] == [{"name": "Me", "ref": "me-2"}]


def test_kinds_from_section_titles_and_venue_text():
    text = """cv:
  name: A B
  sections:
    theses:
      - {title: My Thesis, authors: ["**A B**"], journal: "PhD Dissertation, Stanford University", date: 2019}
    books:
      - {title: My Book, authors: [A B, C D], journal: Springer, date: 2021}
    book_chapters:
      - {title: My Chapter, authors: [A B], journal: Handbook of Things, date: 2022}
    technical_reports:
      - {title: My Report, authors: [A B], journal: Argonne National Laboratory, date: 2020}
    preprints:
      - {title: P, authors: [A B], doi: 10.48550/arXiv.2310.03138}
    publications:
      - {title: Q, authors: [A B], journal: "IEEE Trans. Parallel Distrib. Syst., 31(11):2682-2695", date: 2020}
      - {title: R, authors: [A B], journal: "Proc. of the 2023 ACM SIGKDD Conference (acceptance rate 19%)"}
"""
    imp = convert_text(text)
    assert imp.data["publications"] == [
        {"kind": "thesis", "title": "My Thesis", "authors": ["A B"], "publisher": "stanford-university",
         "year": "2019", "degree": "Ph.D."},
        {"kind": "book", "title": "My Book", "authors": ["A B", "C D"], "publisher": "springer", "year": "2021"},
        {"kind": "chapter", "title": "My Chapter", "authors": ["A B"], "venue": "handbook-of-things",
         "year": "2022"},
        {"kind": "report", "title": "My Report", "authors": ["A B"], "publisher": "argonne-national-laboratory",
         "year": "2020"},
        {"kind": "preprint", "title": "P", "authors": ["A B"], "doi": "10.48550/arXiv.2310.03138",
         "arxiv": "2310.03138"},
        {"kind": "journal", "title": "Q", "authors": ["A B"], "venue": "ieee-trans-parallel-distrib-syst",
         "year": "2020", "volume": "31", "issue": "11", "pages": "2682-2695"},
        {"kind": "conference", "title": "R", "authors": ["A B"],
         "venue": "proc-of-the-2023-acm-sigkdd-conference", "year": "2023", "acceptance_rate": "19%"},
    ]
    assert imp.data["venues"][0] == {"id": "handbook-of-things", "name": "Handbook of Things", "kind": "book"}
    assert imp.warnings == []
    load_records(imp)


def test_an_advisor_who_is_the_owner_stays_a_note():
    text = ("cv:\n  name: A B\n  sections:\n    education:\n      - {institution: MIT, degree: PhD, area: CS, "
            "highlights: ['Advisor: A B']}\n")
    data = convert_text(text).data
    assert "people" not in data
    assert data["education"][0]["notes"] == ["Advisor: A B"]


def test_offerings_of_one_course_are_one_record():
    text = """cv:
  name: A B
  sections:
    teaching:
      - {name: "CS 101: Intro", location: X University, date: Fall 2022}
      - {name: "CS 101: Introduction to CS", location: X University, date: Spring 2023}
      - {name: "CS 101: Intro", location: X University, date: Fall 2022}
"""
    imp = convert_text(text)
    assert imp.data["teaching"] == [{"code": "CS 101", "title": "Intro", "institution": "x-university",
                                     "terms": ["Fall 2022", "Spring 2023"]}]
    assert imp.comments[("teaching", 0, "terms")] == (
        "section 'teaching', entry 2 (NormalEntry) printed the title 'Introduction to CS' adds Spring 2023; "
        "section 'teaching', entry 3 (NormalEntry) adds Fall 2022")


# ----------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text, expected", [
    ("2023", ("2023", None, None, [])),
    ("2023-05", ("2023-05", None, None, [])),
    ("2023-05-17", ("2023-05-17", None, None, [])),
    ("2023-2031", (None, "2023", "2031", [])),
    ("2020–21", (None, "2020", "2021", [])),
    ("2019 - present", (None, "2019", "present", [])),
    ("2019-present", (None, "2019", "present", [])),
    ("Fall 2023", ("2023", None, None, ["Fall 2023"])),
    ("Summer 2020 – Spring 2021", (None, "2020", "2021", ["Summer 2020", "Spring 2021"])),
    ("Sept 2021", ("2021-09", None, None, [])),
    ("Jan 2020 to Mar 2021", (None, "2020-01", "2021-03", [])),
    ("09/2021", ("2021-09", None, None, [])),
    ("March 3, 2024", ("2024-03-03", None, None, [])),
    ("2020/2021", (None, "2020", "2021", [])),
    ("Fall 2021, Spring 2022", (None, "2021", "2022", ["Fall 2021", "Spring 2022"])),
    ("2019 and 2021", (None, "2019", "2021", [])),
    ("2021-13", None),
    ("2023-02-30", None),
    ("2021 – 2019", None),
    ("in press", None),
    ("present", None),
])
def test_parse_when(text, expected):
    when = parse_when(text)
    got = None if when is None else (when.single, when.start, when.end, when.terms)
    assert got == expected


@pytest.mark.parametrize("text, rest, first", [
    ("Forbes 30 Under 30 (2022)", "Forbes 30 Under 30", "2022"),
    ("Best Poster, Summer School, 2018", "Best Poster, Summer School", "2018"),
    ("2019: Dean's List", "Dean's List", "2019"),
    ("IEEE HiPC Best Paper Finalist 2017", "IEEE HiPC Best Paper Finalist", "2017"),
    ("Talk — Google, 2022-11", "Talk — Google", "2022-11"),
    ("No date here", "No date here", None),
])
def test_split_when(text, rest, first):
    got_rest, when = split_when(text)
    assert (got_rest, when.first if when else None) == (rest, first)


def test_date_wins_over_start_and_end_as_in_rendercv():
    text = ("cv:\n  name: A B\n  sections:\n    experience:\n      - company: Acme Inc\n        position: Dev\n"
            "        date: 2020-2022\n        start_date: 2010\n        end_date: 2011\n")
    imp = convert_text(text)
    assert imp.data["employment"][0] == {"title": "Dev", "organization": "acme-inc", "start": "2020",
                                         "end": "2022"}
    assert imp.comments[("employment", 0, "start")] == ("dates from '2020-2022' (start_date/end_date ignored: "
                                                        "RenderCV uses date when both are given)")


def test_start_alone_is_ongoing_and_end_alone_is_one_date():
    text = ("cv:\n  name: A B\n  sections:\n    experience:\n"
            "      - {company: Acme Inc, position: Dev, start_date: 2020-03}\n"
            "      - {company: Acme Inc, position: Intern, end_date: 2019}\n")
    data = convert_text(text).data
    assert data["employment"] == [
        {"title": "Dev", "organization": "acme-inc", "start": "2020-03", "end": "present"},
        {"title": "Intern", "organization": "acme-inc", "start": "2019", "end": "2019"},
    ]
    assert data["person"]["affiliation"] == ["acme-inc"]


def test_teaching_terms_and_the_current_academic_employer():
    text = ("cv:\n  name: A B\n  sections:\n    experience:\n"
            "      - {company: Example University, position: Lecturer, start_date: 2020-09}\n"
            "    teaching:\n      - {name: 'Algorithms (CS 330)', date: 'Fall 2021, Spring 2022'}\n"
            "      - {name: Databases, start_date: 2021-01, end_date: 2021-12}\n"
            "      - {name: Compilers, date: 2022}\n")
    imp = convert_text(text)
    assert imp.data["teaching"] == [
        {"code": "CS 330", "title": "Algorithms", "institution": "example-university",
         "terms": ["Fall 2021", "Spring 2022"]},
        {"title": "Databases", "institution": "example-university",
         "terms": ["Spring 2021", "Fall 2021"]},  # Summer only when a date falls in it
    ]
    assert imp.comments[("teaching", 0)] == "institution not printed: the current (academic) employer"
    assert imp.comments[("teaching", 1)] == ("terms worked out from the months '2021-01 – 2021-12'; "
                                             "institution not printed: the current (academic) employer")
    assert warnings_of(imp) == [("cv.yaml:8", ("section 'teaching', entry 2 (NormalEntry): the months "
                                               "'2021-01 – 2021-12' read as the terms Spring 2021, Fall 2021 (a "
                                               "course records terms, not months)")),
                                ("cv.yaml:9", ("section 'teaching', entry 3 (NormalEntry): teaching needs its "
                                 "terms (e.g. Fall 2023) and '2022' gives none; not imported ('Compilers')"))]


# ----------------------------------------------------------------------------- entry types, titles, markdown

@pytest.mark.parametrize("entry, etype", [
    ("plain text", "TextEntry"),
    ({"label": "A", "details": "B"}, "OneLineEntry"),
    ({"name": "A", "label": "B"}, "OneLineEntry"),          # RenderCV tries OneLineEntry first
    ({"name": "A", "title": "B"}, "NormalEntry"),           # ... then NormalEntry
    ({"company": "A", "position": "B"}, "ExperienceEntry"),
    ({"institution": "A", "area": "B"}, "EducationEntry"),
    ({"title": "A", "authors": ["B"]}, "PublicationEntry"),
    ({"bullet": "A"}, "BulletEntry"),
    ({"number": "A"}, "NumberedEntry"),
    ({"reversed_number": "A"}, "ReversedNumberedEntry"),
    ({"date": "2020", "summary": "x"}, None),
    ({"name": None, "foo": 1}, None),
])
def test_entry_type_inferred_as_rendercv_does(entry, etype):
    assert entry_type(entry) == etype


@pytest.mark.parametrize("title, kind", [
    ("Experience", "employment"), ("work_experience", "employment"), ("Employment", "employment"),
    ("Research Internships", "internships"), ("Education", "education"),
    ("Publications", "publications"), ("Selected Publications", "publications"), ("Preprints", "publications"),
    ("Awards", "awards"), ("Honors & Awards", "awards"), ("selected_honors", "awards"),
    ("Talks", "talks"), ("Invited Presentations", "talks"), ("Teaching", "teaching"),
    ("Teaching Experience", "teaching"), ("Professional Service", "service"), ("Reviewing", "service"),
    ("Skills", "skills"), ("Technologies", "skills"), ("Programming Languages", "skills"),
    ("Languages", "languages"), ("Projects", "projects"), ("Research Interests", "interests"),
    ("Interests", "interests"), ("Volunteer Work", "volunteer"), ("Certifications", "certificates"),
    ("Summary", "summary"), ("about_me", "summary"), ("Hobbies", None), ("patents", "patents"), ("Patents & Inventions", "patents"),
])
def test_section_titles(title, kind):
    assert classify(title) == kind


@pytest.mark.parametrize("text, keep, expected, urls", [
    ("**bold** and *italic* and ***both***", False, "bold and italic and both", []),
    ("[RenderCV](https://rendercv.com) rocks", False, "RenderCV rocks", ["https://rendercv.com"]),
    ("[RenderCV](https://rendercv.com) rocks", True, "RenderCV (https://rendercv.com) rocks",
     ["https://rendercv.com"]),
    ("__under__ _score_ snake_case_name", False, "under score snake_case_name", []),
    ("5 * 3 * 2 and 2*x", False, "5 * 3 * 2 and 2*x", []),
    (r"\*not emphasis\*", False, "*not emphasis*", []),
    ("line\nbreaks   collapse", False, "line breaks collapse", []),
])
def test_markdown_to_plain_text(text, keep, expected, urls):
    assert plain(text, keep_urls=keep) == (expected, urls)


def test_numbers_are_kept_as_written():
    text = "cv:\n  name: A B\n  sections:\n    skills:\n      - label: Python\n        details: 3.10\n"
    assert convert_text(text).data["skills"] == [{"group": "Python", "items": ["3.10"]}]


def test_bare_cv_content_is_read_with_a_warning():
    text = "name: A B\nsections:\n  skills:\n    - label: Tools\n      details: Git, Make\n"
    imp = convert_text(text)
    assert imp.data["skills"] == [{"group": "Tools", "items": ["Git", "Make"]}]
    assert warnings_of(imp) == [("cv.yaml:1", "no 'cv:' block: the file is read as the content of one")]


# ----------------------------------------------------------------------------- not RenderCV at all

@pytest.mark.parametrize("text, message", [
    ("cv: [unclosed\n", "cv.yaml: cannot read as YAML"),
    ("- a\n- b\n", "cv.yaml: not a RenderCV file"),
    ("basics:\n  name: A\n", "cv.yaml: not a RenderCV file (no 'cv:' block"),
    ("cv: just text\n", "cv.yaml: not a RenderCV file ('cv:' is not a mapping)"),
    ("cv: !!python/object:os.system {}\n", "cv.yaml: cannot read as YAML: YAML tag"),
    (("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
     "cv.yaml: cannot read as YAML: YAML aliases add more than"),
])
def test_unreadable_files_raise_import_error(text, message):
    with pytest.raises(ImportError_) as info:
        convert_text(text)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


# ----------------------------------------------------------------------------- patents (issue 14)

def test_patents_of_rendercvs_own_example_are_publications_of_kind_patent():
    """RenderCV's example CV (john-doe-classic.yaml) lists three patents as numbered entries;
    before issue 14 they were warned about and not imported."""
    imp = imported("john-doe-classic.yaml")
    patents = [p for p in imp.data["publications"] if p["kind"] == "patent"]
    assert patents == [
        {"kind": "patent", "title": "Adaptive Quantization for Neural Network Inference on Edge Devices",
         "authors": ["John Doe"], "number": "US 11,234,567", "authors_incomplete": True},
        {"kind": "patent", "title": "Dynamic Sparsity Patterns for Efficient Transformer Attention",
         "authors": ["John Doe"], "number": "US 11,345,678", "authors_incomplete": True},
        {"kind": "patent", "title": "Hardware-Aware Neural Architecture Search Method",
         "authors": ["John Doe"], "number": "US 11,456,789", "authors_incomplete": True},
    ]
    assert not [w for w in imp.warnings if "patent" in w.message.lower()]
    load_records(imp)  # the records load


@pytest.mark.parametrize("text, expected", [
    ("Adaptive Quantization (US Patent 11,234,567)", ("Adaptive Quantization ()", "US 11,234,567")),
    ("Method X, U.S. Patent No. 10,123,456 B2", ("Method X,", "US 10,123,456 B2")),
    ("Thing, EP 3 456 789 A1", ("Thing,", "EP 3 456 789 A1")),
    ("Widget (Patent application 17/123,456)", ("Widget ()", "17/123,456 (application)")),
    ("A title without a number", None),
])
def test_patent_reference(text, expected):
    from cvgraph.importers.rendercv.patents import patent_reference

    found = patent_reference(text)
    assert (found[0], found[2]) == expected if expected else found is None


def test_a_patent_publication_entry_keeps_its_inventors_and_a_text_patent_its_year():
    imp = convert_text("cv:\n  name: Ada Byron\n  sections:\n    patents:\n"
                       "      - title: Analytical Engine Programs\n        authors: ['**Ada Byron**', Charles Babbage]\n"
                       "        journal: GB Patent 1,234,567\n        date: 1843\n"
                       "      - bullet: Difference tables, US Patent 7,654,321 (2019)\n"
                       "      - bullet: An idea with no number\n")
    first, second, third = imp.data["publications"]
    assert first["kind"] == "patent" and first["number"] == "GB 1,234,567"
    assert first["authors"] == ["Ada Byron", "Charles Babbage"] and "venue" not in first
    assert (second["title"], second["number"], second["year"]) == ("Difference tables", "US 7,654,321", "2019")
    assert third["title"] == "An idea with no number" and "number" not in third
    assert [w.message for w in imp.warnings] == [
        ("section 'patents', entry 3 (BulletEntry): no patent number found in 'An idea with no number': the "
         "whole text is the title")]


@pytest.mark.parametrize(("section", "key", "value"), [("skills", "date", "1950"), ("languages", "location", "Paris"),
                                                       ("interests", "url", "https://example.org/x")])
def test_a_list_entry_warns_of_the_fields_it_has_no_place_for(section, key, value):
    """A skill, language or interest written as a NormalEntry: its date, place or link has no field
    there; it is a warning at its line, not dropped (found by the lose-nothing test's hypothesis run)."""
    text = yaml.safe_dump({"cv": {"name": "A", "sections": {section: [{"name": "AA", "summary": "BB", key: value}]}}})
    imported = convert(text, "cv.yaml")
    assert [n for n in imported.warnings if f"'{key}'" in str(n) and value in str(n) and "not imported" in str(n)]
