"""Unit tests of the importers' toolkit: cvgraph/importers/text/* and cvgraph/importers/builder.py.

(The helpers that were in cvgraph/importers/common.py are tested here, where they now live.)"""
from __future__ import annotations

import pytest

import cvgraph.records.ids
import cvgraph.records.loader
from cvgraph.errors import RecordError
from cvgraph.importers.base import Imported
from cvgraph.importers.builder import (
    FORMAT,
    Anchored,
    Registry,
    default_pub_id,
    id_slug,
    key_order,
    numbered,
    ordered,
    unique_ids,
)
from cvgraph.importers.common import loader_key
from cvgraph.importers.text.dates import (
    MONTHS,
    PRESENT,
    ends_before,
    exact_date,
    parse_when,
    read_point,
    real_day,
    split_when,
    terms_between,
    valid_date,
)
from cvgraph.importers.text.identifiers import (
    arxiv_in_url,
    bare_arxiv,
    bare_doi,
    doi_in_url,
    handle,
    isbn,
    orcid_id,
    orcid_ok,
    ror_id,
    ror_ok,
    strip_doi_prefix,
    valid_orcid,
)
from cvgraph.importers.text.names import (
    PersonName,
    compatible,
    fold,
    is_owner_name,
    match_key,
    split_name,
)
from cvgraph.importers.text.orgs import org_kind, org_kind_word
from cvgraph.importers.text.places import parse_address
from cvgraph.importers.text.tables import table
from cvgraph.importers.text.venues import CONFERENCE_ACRONYM, repository

# ----------------------------------------------------------------------------- tables


def test_every_table_is_a_mapping_of_plain_data() -> None:
    for name in ("dates", "names", "org_kinds", "places", "venues"):
        assert isinstance(table(name), dict), name
    places = table("places")
    # YAML 1.1 would read a bare NO or ON as a boolean: every entry must stay text
    assert all(isinstance(x, str) for key in places for x in places[key])
    assert all(isinstance(x, str) for x in table("venues")["conferences"])


# ----------------------------------------------------------------------------- dates


def test_month_and_present_words() -> None:
    assert MONTHS["sept"] == 9 and MONTHS["may"] == 5 and len(set(MONTHS.values())) == 12
    assert "till now" in PRESENT and "present" in PRESENT


def test_date_checks_are_the_loaders() -> None:
    assert ends_before("2020", "2021-05") and not ends_before("2021", "2021-05")
    assert real_day("2024-02-29") and not real_day("2023-02-29") and real_day("2023-02")
    assert valid_date("2023-02") and not valid_date("2023-13") and not valid_date("0999")
    with pytest.raises(RecordError, match="no day"):  # the loader rejects what real_day rejects
        cvgraph.records.loader.loads("person: {name: A}\nupdated: 2023-02-29\n")


@pytest.mark.parametrize(("text", "date", "term", "approximate"), [
    ("2019", "2019", None, False),
    ("2019-3", "2019-03", None, False),
    ("2019-03-05", "2019-03-05", None, False),
    ("March 2019", "2019-03", None, False),
    ("Mar. 2019", "2019-03", None, False),
    ("2019 March", "2019-03", None, False),
    ("May 5, 2020", "2020-05-05", None, False),
    ("5 May 2020", "2020-05-05", None, False),
    ("03/2019", "2019-03", None, False),
    ("2019/03", "2019-03", None, False),
    ("2020.03.15", "2020-03-15", None, False),
    ("15.03.2020", "2020-03-15", None, False),
    ("03/04/2020", "2020", None, True),  # day and month cannot be told apart: the year only
    ("Fall 2019", "2019", "Fall 2019", True),
    ("autumn 2019", "2019", "Autumn 2019", True),
    ("Spring term 2020", "2020", "Spring 2020", True),
    ("present", "present", None, False),
    ("Now", "present", None, False),
])
def test_read_point(text: str, date: str, term: str | None, approximate: bool) -> None:
    point = read_point(text)
    assert point is not None and (point.date, point.term, point.approximate) == (date, term, approximate)


@pytest.mark.parametrize("text", ["2023-02-30", "13/2020", "Smarch 2020", "soon", "2020-21"])
def test_read_point_refuses(text: str) -> None:
    assert read_point(text) is None


def test_exact_date() -> None:
    assert exact_date("2020-2-3") == "2020-02-03" and exact_date("2020-13") is None
    assert exact_date("2020-02-30") is None and exact_date("May 2020") is None


def test_ranges_and_lists() -> None:
    w = parse_when("Jan 2020 – Mar 2021")
    assert (w.start, w.end, w.single) == ("2020-01", "2021-03", None)
    w = parse_when("2019 - present")
    assert (w.start, w.end) == ("2019", "present")
    w = parse_when("2020–21")
    assert (w.start, w.end) == ("2020", "2021")
    w = parse_when("Fall 2021, Spring 2022")
    assert w.terms == ["Fall 2021", "Spring 2022"] and w.years == ["2021", "2022"]
    assert parse_when("2021 – 2019") is None  # which end is wrong cannot be told
    assert parse_when("present") is None


def test_split_when_and_terms() -> None:
    assert split_when("Best Paper Award (2024)")[0] == "Best Paper Award"
    assert split_when("Best Paper Award (2024)")[1].single == "2024"
    assert split_when("No date here") == ("No date here", None)
    assert terms_between("2021-09", "2022-05") == ["Fall 2021", "Spring 2022"]


# ----------------------------------------------------------------------------- names


def test_name_keys() -> None:
    assert loader_key("  Ada   LOVELACE ") == "ada lovelace"
    assert fold("Öztürk") == "ozturk" and fold("Łódź Søren Þór") == "lodz soren thor"
    assert match_key("Acme, Inc.") == match_key("ACME   inc") == "acme inc"
    assert match_key("Universität_Wien") == "universitat wien"


@pytest.mark.parametrize(("text", "given", "family", "suffix"), [
    ("Adams, Richard Manly Jr.", "Richard Manly", "Adams", "Jr."),
    ("Richard Manly Adams III", "Richard Manly", "Adams", "III"),
    ("Jan van der Berg", "Jan", "van der Berg", ""),
    ("van der Berg, Jan", "Jan", "van der Berg", ""),
    ("de la Cruz, Maria", "Maria", "de la Cruz", ""),
    ("Lee, S.", "S.", "Lee", ""),
    ("S.-W. Lee", "S.-W.", "Lee", ""),
    ("J. R. Doe", "J. R.", "Doe", ""),
    ("Dr. Jane Doe", "Jane", "Doe", ""),
    ("Madonna", "", "Madonna", ""),
])
def test_split_name(text: str, given: str, family: str, suffix: str) -> None:
    assert split_name(text) == PersonName(given, family, suffix)


def test_particles_and_initials() -> None:
    assert split_name("Jan van der Berg").particle == "van der"
    assert split_name("Ludwig Beethoven").particle == ""
    assert split_name("S.-W. Lee").initials == ["S", "W"]


@pytest.mark.parametrize(("printed", "owner", "expected"), [
    ("S. Lee", "Sunwoo Lee", True),
    ("Lee, S.", "Sunwoo Lee", True),
    ("S.-W. Lee", "Sunwoo Lee", True),
    ("S Lee", "Sunwoo Lee", True),
    ("Lee, Sunwoo", "Sunwoo Lee", True),
    ("Lee Sunwoo", "Sunwoo Lee", True),
    ("SUNWOO LEE", "Sunwoo Lee", True),
    ("J. R. Doe", "Jane Doe", True),
    ("Doe, J. R.", "Jane Doe", True),
    ("Richard Adams", "Richard Manly Adams", True),  # a middle name left out
    ("Wei-keng Liao", "Weikeng Liao", True),
    ("Nunez-Lukasiewicz, J.", "José Núñez-Łukasiewicz", True),
    ("T. Lee", "Sunwoo Lee", False),
    ("Tom Lee", "Sunwoo Lee", False),
    ("Seungwon Lee", "Sunwoo Lee", False),
    ("Lee", "Sunwoo Lee", False),  # a family name alone
    ("S. Park", "Sunwoo Lee", False),
    ("John Doe", "Jane Doe", False),
])
def test_the_owner_rule(printed: str, owner: str, expected: bool) -> None:
    assert is_owner_name(printed, split_name(owner)) is expected


def test_coauthor_rule_is_stricter_than_the_owner_rule() -> None:
    assert compatible(["s"], ["sunwoo"]) and compatible(["a"], ["alok", "n"])
    assert not compatible(["s", "w"], ["sunwoo"])  # two initials are not one given name (co-authors)
    assert is_owner_name("S.-W. Lee", split_name("Sunwoo Lee"))  # … but may be the owner's


# ----------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(("name", "kind"), [
    ("ETH Zürich", "university"), ("EPFL", "university"), ("UC Berkeley", "university"),
    ("Universität Wien", "university"), ("Universidad de Chile", "university"),
    ("École Polytechnique", "university"), ("MIT Press", "company"),
    ("Other College", "university"),
    ("Max Planck Institute for Informatics", "research"), ("Bell Labs", "research"),
    ("RIKEN Center for Computational Science", "research"), ("CERN", "research"),
    ("National Science Foundation", "government"), ("Ministry of Education", "government"),
    ("U.S. Department of Energy", "government"),
    ("Department of Physics", "department"), ("School of Computing", "school"),
    ("Acme Ltd.", "company"), ("Siemens AG", "company"), ("Nowhere Inc", "company"),
    ("Wikimedia", None), ("IEEE Computer Society", None),
])
def test_org_kind(name: str, kind: str | None) -> None:
    assert org_kind(name) == kind


def test_org_kind_word_names_whole_words() -> None:
    assert org_kind_word("Universität Wien") == ("university", "Universität")
    assert org_kind_word("Wikimedia") == (None, None)


def test_places() -> None:
    assert parse_address("Pittsburgh, PA") == ({"locality": "Pittsburgh", "region": "PA"},
                                               "read as city, US state")
    assert parse_address("Zürich, Switzerland")[0] == {"locality": "Zürich", "country": "Switzerland"}
    assert parse_address("Germany")[0] == {"country": "Germany"}
    assert parse_address("Remote") == ({}, "")


def test_venues() -> None:
    assert CONFERENCE_ACRONYM.search("Proc. NeurIPS 2023") and not CONFERENCE_ACRONYM.search("Neurips")
    assert repository("bioRxiv preprint") == "bioRxiv" and repository("Nature") is None


# ----------------------------------------------------------------------------- identifiers


def test_orcid() -> None:
    assert orcid_id("https://orcid.org/0000-0002-1825-009x/") == "0000-0002-1825-009X"
    assert orcid_id("https://sandbox.orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert orcid_id("0000-0002-1825") is None
    assert orcid_ok("0000-0002-1825-0097") and not orcid_ok("0000-0002-1825-0098")
    assert orcid_ok("0000-0002-9079-593X")
    assert valid_orcid(" 0000-0002-1825-0097 ") == "0000-0002-1825-0097"
    assert valid_orcid("0000-0002-1825-0098") is None


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "0000-0002-1825-0098", "0000-0002-9079-593X",
                                   "0000-0001-5109-3700", "0000-0001-5109-3701"])
def test_orcid_check_is_the_loaders(orcid: str) -> None:
    text = f"person: {{name: A, orcid: '{orcid}'}}\n"
    try:
        cvgraph.records.loader.loads(text)
        loader_ok = True
    except RecordError:
        loader_ok = False
    assert orcid_ok(orcid) is loader_ok


def test_doi() -> None:
    for written in ("https://doi.org/10.1/x", "http://dx.doi.org/10.1/x", "doi.org/10.1/x", "doi: 10.1/x",
                    "DOI 10.1/x", "10.1/x"):
        assert strip_doi_prefix(written) == "10.1/x", written
        assert bare_doi(f" {written.replace('10.1/', '10.1000/')} ") == "10.1000/x", written
    assert bare_doi("11.1/x") is None and bare_doi("doi: nothing") is None
    assert doi_in_url("https://doi.org/10.1145/abc%2Fdef") == "10.1145/abc/def"
    assert doi_in_url("https://example.org/10.1/x") is None
    assert doi_in_url("https://doi.org/not-a-doi") is None


def test_arxiv() -> None:
    assert arxiv_in_url("https://arxiv.org/abs/2301.00001v2") == "2301.00001v2"
    assert arxiv_in_url("http://export.arxiv.org/pdf/2301.00001.pdf") == "2301.00001"
    assert arxiv_in_url("https://arxiv.org/abs/cs/0112017") == "cs/0112017"
    assert arxiv_in_url("https://arxiv.org/abs/CS/0112017") is None  # not the format's pattern
    assert arxiv_in_url("https://example.org/abs/2301.00001") is None
    assert bare_arxiv("arXiv:2301.00001") == "2301.00001" and bare_arxiv("2301.00001.pdf") == "2301.00001"
    assert bare_arxiv("arXiv: soon") is None


def test_ror_handle_isbn() -> None:
    assert ror_id("https://ror.org/01easw929") == "01easw929" and ror_id("01EASW929/") == "01easw929"
    assert ror_id("not-a-ror") is None and ror_id("11easw929") is None  # ROR ids start with 0
    assert ror_ok("01easw929") and ror_ok("027m9bs27") and not ror_ok("01easw928")
    assert handle("hdl:2027.42/12345") == "2027.42/12345"
    assert handle("https://hdl.handle.net/1721.1/5555") == "1721.1/5555"
    assert handle("10.1000/182") is None and handle("nothing") is None
    assert isbn("978-0-306-40615-7") == "9780306406157" and isbn("978-0-306-40615-8") is None
    assert isbn("ISBN 0-306-40615-2") == "0306406152" and isbn("0-8044-2957-X") == "080442957X"
    assert isbn("12345") is None


# ----------------------------------------------------------------------------- builder


def test_id_slug_and_loader_slug() -> None:
    assert id_slug("Łukasiewicz") == "lukasiewicz" and id_slug("Straße") == "strasse"
    assert id_slug("Wei-keng Liao") == cvgraph.records.ids.slug("Wei-keng Liao") == "wei-keng-liao"


def test_numbered() -> None:
    assert numbered("acme", lambda i: False) == "acme"
    taken = {"acme", "acme-2"}
    assert numbered("acme", taken.__contains__) == "acme-3"


def test_default_pub_id_matches_loader() -> None:
    pub = {"authors": ["Sunwoo Lee", {"name": "B"}], "title": "The Layer Approach", "year": 2024}
    assert default_pub_id(pub) == "lee2024layer"
    assert default_pub_id({"editors": [{"name": "Jan van der Berg"}], "title": "On X"}) == "berg" + "x"
    assert default_pub_id({"authors": ["   "], "title": "A Study"}) == "anon" + "study"
    cv = cvgraph.records.loader.loads("person: {name: Sunwoo Lee}\npublications:\n  - {kind: journal, "
                               "title: The Layer Approach, authors: [Sunwoo Lee], year: 2024}\n")
    assert cv.data["publications"][0]["id"] == "lee2024layer"


def test_registry() -> None:
    reg = Registry(reserved=("me",))
    acme, new = reg.add("Acme Inc.", kind="company", url=None)
    assert new and acme == {"id": "acme-inc", "name": "Acme Inc.", "kind": "company"}
    assert reg.add(" ACME  inc. ") == (acme, False)
    assert reg.add("acme-inc") == (acme, False)  # an id finds its entry, as in the loader
    me, _ = reg.add("Me")
    assert me["id"] == "me-2"  # "me" is reserved
    reg.alias(acme, "Acme")
    assert reg.find("acme") is acme and acme["aliases"] == ["Acme"] and reg.position(me) == 1


def test_unique_ids_never_take_another_entrys_name() -> None:
    ids = unique_ids(["acme", "acme", "beta"], [["Acme"], ["ACME Corp", "acme-2"], ["Beta", "me"]],
                     reserved={"me"})
    # entry 2 cannot be "acme" (taken), nor "acme-2"? it is its own alias, so it may
    assert ids == ["acme", "acme-2", "beta"]
    assert unique_ids(["x", "y"], [["X"], ["x"]]) == ["x-2", "y"]  # "x" is entry 1's name


def test_ordered_and_key_order() -> None:
    doc = {"publications": [{"title": "T", "extra": 1, "kind": "journal", "id": "x"}],
           "person": {"address": {"country": "DE", "locality": "Bonn"}, "name": "A"}, "cvgraph": 1}
    out = ordered(doc)
    assert list(out) == ["cvgraph", "person", "publications"]
    assert list(out["person"]) == ["name", "address"]
    assert list(out["person"]["address"]) == ["locality", "country"]
    assert list(out["publications"][0]) == ["id", "kind", "title", "extra"]  # unknown keys last
    assert key_order({"b": 1, "a": 2}, None) == ["b", "a"]
    assert list(ordered({"name": "V", "id": "v"}, FORMAT["venues"])) == ["id", "name"]


def test_anchored_comments_follow_their_entry() -> None:
    entry, gone = {"name": "Acme"}, {"name": "Dropped"}
    notes = Anchored()
    notes.add(entry, ("kind",), "guessed")
    notes.add(gone, (), "never placed")
    notes.add(None, ("person", "name"), "as printed")
    imp = Imported({})
    notes.attach(imp, {"organizations": [{"name": "Other"}, entry]}, ["organizations"])
    assert imp.comments == {("organizations", 1, "kind"): "guessed", ("person", "name"): "as printed"}
