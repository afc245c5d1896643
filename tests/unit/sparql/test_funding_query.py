"""The `funding` query and the keywords in `interests-and-skills` (issue 14), on
tests/data/extended.yaml (two grants: one with a number and an amount the mapping reads, one whose
amount is text; a work funded by both, with keywords)."""
from __future__ import annotations

from support.paths import TESTS

import cvgraph
from cvgraph.web.jsonld import term_text

EXTENDED = TESTS / "data" / "extended.yaml"


def rows(name: str) -> list[dict[str, str]]:
    result = cvgraph.query(name, EXTENDED)
    return [{v: term_text(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows]


def test_funding_lists_each_grant_with_funder_number_role_dates_amount_and_works():
    got = rows("funding")
    assert [r["title"] for r in got] == ["CAREER: Engines for Everyone", "Royal Society Fellowship Grant"]  # newest first
    nsf, royal = got
    assert (nsf["funderName"], nsf["number"], nsf["role"], nsf["start"], nsf["amount"], nsf["currency"], nsf["works"]) \
        == ("National Science Foundation", "CCF-1843000", "PI", "1842-07", "500000", "USD", "1")
    assert "end" not in nsf  # ongoing
    assert (royal["role"], royal["start"], royal["end"], royal["amountText"]) == (
        "Co-PI", "1840", "1845", "about two thousand guineas")
    assert "amount" not in royal and "number" not in royal


def test_interests_and_skills_lists_the_keywords_of_the_works_once_each():
    keywords = [r["item"] for r in rows("interests-and-skills") if r["kind"] == "keyword"]
    assert keywords == ["analytical engine", "mobility"]
    assert {r["group"] for r in rows("interests-and-skills") if r["kind"] == "keyword"} == {"Keywords of works"}
