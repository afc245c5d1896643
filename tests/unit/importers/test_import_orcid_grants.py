"""Issue 14: ORCID fundings are ``grants`` (never awards), peer reviews are ``service``, and a work
without contributors is never asserted to have the owner as its sole author.

``real/fundings-0000-0001-5109-3700.json`` is real ORCID data (see ``real/README.md``)."""
from __future__ import annotations

import json

import yaml
from support.paths import TESTS

import cvgraph.records.loader
from cvgraph.importers.orcid import convert

DATA = TESTS / "data" / "import" / "orcid"
REAL = DATA / "real" / "fundings-0000-0001-5109-3700.json"
OWNER = "0000-0003-1415-9269"


def _loads(data: dict) -> cvgraph.records.loader.CV:
    return cvgraph.records.loader.loads(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "x.yaml")


def test_real_fundings_become_grants_with_number_url_funder_and_dates():
    imp = convert(REAL.read_text(encoding="utf-8"), "f.json", me="Jane Doe")
    grants = imp.data["grants"]
    assert "awards" not in imp.data  # funding is never an award
    assert [g["number"] for g in grants] == ["0536999", "0305602", "0342159", "5F31MH010500-03"]
    first = grants[0]
    assert first["name"].startswith("ADVANCE Leadership Award: Women in Science")
    assert first["funder"] == "national-science-foundation-directorate-for-education-and-human-resources"
    assert (first["start"], first["end"]) == ("2006-04-01", "2007-03-31")
    assert first["url"] == "http://www.nsf.gov/awardsearch/showAward?AWD_ID=0536999&HistoricalAwards=false"
    # the grant number's second URL is not lost
    assert first["notes"] == [("url: http://grants.uberresearch.com/100000081/0536999/ADVANCE-Leadership-Award-"
                               "Women-in-Science-and-Engineering-A-Guide-to-Maximizing-their-Potential")]
    assert "end" not in grants[3]  # an ongoing grant has no end
    names = {o["name"] for o in imp.data["organizations"]}
    assert "National Institute of Mental Health" in names
    # the only funding warnings: the placeholder cities (test below)
    assert all("placeholder" in str(w) for w in imp.warnings if "fund" in str(w))
    _loads(imp.data)  # the grants load


def _record(activities: dict) -> str:
    return json.dumps({"orcid-identifier": {"path": OWNER},
                       "person": {"name": {"given-names": {"value": "Daniela"},
                                           "family-name": {"value": "Márquez"}}},
                       "activities-summary": activities})


def test_full_funding_gives_amount_role_and_ror_funder_and_links_the_work():
    funding = {"title": {"title": {"value": "Grant title"}}, "type": "grant",
               "amount": {"value": "1000.0", "currency-code": "EUR"},
               "external-ids": {"external-id": [{"external-id-type": "grant_number",
                                                 "external-id-value": "PTDC/NEU",
                                                 "external-id-relationship": "self"}]},
               "contributors": {"contributor": [
                   {"contributor-orcid": {"path": OWNER}, "credit-name": {"value": "D. Márquez"},
                    "contributor-attributes": {"contributor-role": "co-lead"}},
                   {"contributor-orcid": {"path": "0000-0002-5391-5437"}, "credit-name": {"value": "Jordan Holt"},
                    "contributor-attributes": {"contributor-role": "lead"}}]},
               "organization": {"name": "Wellcome Trust", "address": {"city": "London", "country": "GB"},
                                "disambiguated-organization": {
                                    "disambiguated-organization-identifier": "https://ror.org/033jnv181",
                                    "disambiguation-source": "ROR"}},
               "put-code": 7}
    work = {"title": {"title": {"value": "A funded paper"}}, "type": "journal-article", "put-code": 8,
            "external-ids": {"external-id": [{"external-id-type": "grant_number", "external-id-value": "PTDC/NEU",
                                              "external-id-relationship": "funded-by"}]}}
    imp = convert(_record({"fundings": {"group": [{"funding-summary": [funding]}]},
                           "works": {"group": [{"work-summary": [work]}]}}), "r.json")
    grant = imp.data["grants"][0]
    assert grant["amount"] == "1000.0 EUR" and grant["role"] == "Co-PI" and grant["number"] == "PTDC/NEU"
    assert grant["notes"] == ["lead: Jordan Holt"]
    funder = next(o for o in imp.data["organizations"] if o["name"] == "Wellcome Trust")
    assert funder["ror"] == "033jnv181"
    assert imp.data["publications"][0]["funding"] == ["grant-title"]
    _loads(imp.data)


def test_peer_reviews_are_service_named_by_a_journal_of_the_works_when_its_issn_matches():
    review = {"reviewer-role": "reviewer", "review-group-id": "issn:1064-8275",
              "completion-date": {"year": {"value": "2021"}},
              "convening-organization": {"name": "SIAM", "address": {"city": "Philadelphia", "country": "US"}}}
    work = {"title": {"title": {"value": "Paper"}}, "type": "journal-article", "put-code": 1,
            "journal-title": {"value": "SIAM Journal on Scientific Computing"},
            "external-ids": {"external-id": [{"external-id-type": "issn", "external-id-value": "1064-8275",
                                              "external-id-relationship": "part-of"}]}}
    imp = convert(_record({"peer-reviews": {"group": [{"peer-review-group": [
        {"peer-review-summary": [review, {**review, "completion-date": {"year": {"value": "2019"}}}]}]}]},
        "works": {"group": [{"work-summary": [work]}]}}), "r.json")
    assert imp.data["service"] == [{"role": "Reviewer", "venue": "siam-journal-on-scientific-computing",
                                    "years": ["2019", "2021"]}]
    assert not [w for w in imp.warnings if "peer review" in str(w)]
    _loads(imp.data)


def test_a_work_without_contributors_is_marked_incomplete_not_sole_authored():
    work = {"title": {"title": {"value": "Paper"}}, "type": "journal-article", "put-code": 1}
    imp = convert(_record({"works": {"group": [{"work-summary": [work]}]}}), "r.json")
    pub = imp.data["publications"][0]
    assert pub["authors"] == ["Daniela Márquez"] and pub["authors_incomplete"] is True
    assert [str(w) for w in imp.warnings] == [
        ("r.json: activities-summary.works.group[0]: warning: ORCID gives no contributors for this work "
         "('Paper'): authors: [the owner] with authors_incomplete: true; get the full works from ORCID "
         "(docs/importing.md, 'Importing from ORCID') or import the works' BibTeX")]
    _loads(imp.data)


def test_real_fundings_placeholder_city_is_left_out_and_said_so():
    imp = convert(REAL.read_text(encoding="utf-8"), "f.json", me="Jane Doe")
    nsf = imp.data["organizations"][0]
    assert nsf["name"] == "National Science Foundation - Directorate for Education and Human Resources"
    assert "locality" not in nsf and nsf["country"] == "US"
    assert [str(w) for w in imp.warnings if "city" in str(w)] == [
        f"f.json: activities-summary.fundings.group[{g}].funding-summary[0].organization.address.city: warning: "
        "city 'n/a' is a placeholder: not imported" for g in range(3)]


def test_real_record_of_orcids_demo_account():
    """ORCID's own demonstration record (real/README.md): every entry in, none with a wrong field."""
    real = DATA / "real" / "record-0000-0002-1825-0097.json"
    imp = convert(real.read_text(encoding="utf-8"), "carberry.json")
    data = imp.data
    assert data["person"]["name"] == "Josiah Carberry"
    assert data["person"]["aliases"] == ["Josiah Stinkney Carberry", "J. Carberry", "J. S. Carberry"]
    assert data["interests"] == ["psychoceramics", "ionian philology"]
    assert [(e["organization"], e["start"], e["end"]) for e in data["employment"]] == [
        ("wesleyan-university-psychoceramics", "1930-02", "present"),
        ("brown-university-psychoceramics", "1929-02", "present")]
    # 4 work groups (one with 2 versions) -> 4 publications, each marked incomplete
    pubs = data["publications"]
    assert [(p["title"][:20], p["year"], p["doi"]) for p in pubs] == [
        ("A Methodology for th", "2012", "10.5555/12345680"), ("The Memory Bus Consi", "2012", "10.5555/666655554444"),
        ("The Impact of Intera", "2011", "10.5555/987654321"), ("Developing Thin Clie", "2008", "10.5555/12345679")]
    assert all(p["authors"] == ["Josiah Carberry"] and p["authors_incomplete"] for p in pubs)
    # the peer review group: a service entry on a journal known only by its ISSN (warned)
    assert data["service"] == [{"role": "Reviewer", "venue": "issn-1234-5678", "years": ["2004"]}]
    assert data["venues"] == [{"name": "ISSN 1234-5678", "kind": "journal", "publisher": "the-psychoceramics-society",
                               "issn": "1234-5678"}]
    warnings = [str(w) for w in imp.warnings]
    # 2 invalid days (29 Feb 1929/1930), 4 works without contributors, 1 ISSN venue, 2 link names, 2 Ringgold
    # ids, 1 peer review's id and completion date
    assert len(warnings) == 12
    assert sum("RINGGOLD id" in w and "not imported" in w for w in warnings) == 2
    assert sum("link name" in w for w in warnings) == 2
    assert warnings[-1].endswith("not imported: the reviews' ids (12345678), the completion months and days")
    assert sum("invalid day '29'" in w for w in warnings) == 2
    _loads(data)


def test_a_distinction_with_a_grant_number_gives_its_funding_as_a_grant_not_award_notes():
    # issue 14: "ORCID funding URLs and grant numbers became 'awards'": they were the award's notes,
    # which the graph wrote as more awards; a grant number and its URL are a grant's
    summary = {"role-title": "Marie Curie Fellowship", "start-date": {"year": {"value": "2019"}},
               "organization": {"name": "European Commission", "address": {"city": "Brussels", "country": "BE"}},
               "url": {"value": "https://cordis.europa.eu/project/id/123456"},
               "external-ids": {"external-id": [
                   {"external-id-type": "grant_number", "external-id-value": "123456"},
                   {"external-id-type": "other-id", "external-id-value": "MSCA-IF"}]}}
    imp = convert(_record({"distinctions": {"affiliation-group": [
        {"summaries": [{"distinction-summary": summary}]}]}}), "r.json")
    assert imp.data["awards"] == [{"name": "Marie Curie Fellowship", "year": "2019", "awarder": "european-commission",
                                   "notes": ["other-id: MSCA-IF"]}]
    assert imp.data["grants"] == [{"name": "Marie Curie Fellowship", "funder": "european-commission",
                                   "number": "123456", "start": "2019",
                                   "url": "https://cordis.europa.eu/project/id/123456"}]
    _loads(imp.data)


def _aff(kind: str, role: str, org: dict) -> dict:
    return {f"{kind}s": {"affiliation-group": [{"summaries": [{f"{kind}-summary": {
        "role-title": role, "start-date": {"year": {"value": "2010"}}, "organization": org}}]}]}}


def test_one_university_in_one_record_under_variant_names_is_one_organisation_a_near_miss_is_not():
    uw = {"name": "University of Washington", "address": {"city": "Seattle", "country": "US"},
          "disambiguated-organization": {"disambiguated-organization-identifier": "https://ror.org/00cvxb145",
                                         "disambiguation-source": "ROR"}}
    activities = {**_aff("employment", "Professor", uw),
                  **_aff("education", "PhD", {"name": "The University of Washington", "address": {"country": "US"}}),
                  **_aff("distinction", "Prize", {"name": "Washington University", "address": {"country": "US"}})}
    imp = convert(_record(activities), "r.json")
    assert [(o["name"], o.get("ror")) for o in imp.data["organizations"]] == [
        ("University of Washington", "00cvxb145"), ("Washington University", None)]
    assert imp.data["education"][0]["institution"] == "university-of-washington"
    assert imp.data["organizations"][0]["aliases"] == ["The University of Washington"]
    _loads(imp.data)


def test_another_version_of_a_funding_with_another_title_and_end_is_named_in_a_warning():
    """Issue 14 §1: a funding's versions (several sources) are one grant; what a version that is not
    the preferred one says differently is named in a warning at its place, not dropped silently."""
    def version(code: int, title: str, end: str, index: str) -> dict:
        return {"put-code": code, "display-index": index, "title": {"title": {"value": title}},
                "start-date": {"year": {"value": "2020"}}, "end-date": {"year": {"value": end}},
                "organization": {"name": "Example Foundation", "address": {"country": "US"}}}
    record = {"orcid-identifier": {"path": "0000-0002-1825-0097"},
              "activities-summary": {"fundings": {"group": [{"funding-summary": [
                  version(1, "Graph Sparsifiers", "2023", "1"), version(2, "Sparsifiers for Graphs", "2024", "0")]}]}}}
    imp = convert(json.dumps(record), "f.json")
    assert [(g["name"], g["end"]) for g in imp.data["grants"]] == [("Graph Sparsifiers", "2023")]
    assert [str(w) for w in imp.warnings if "version" in str(w)] == [
        ("f.json: activities-summary.fundings.group[0].funding-summary[1]: warning: another version of this entry "
         "(put-code 2): its title, end-date not imported (they differ from the preferred version's)")]
