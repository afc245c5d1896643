"""The publication fields and the `grants` registry of issue 14: abstract, keywords, selected,
links, funding (grant refs), number (patents and reports), authors_incomplete and kind `patent`.
Read as written, resolved like the other registries, bad values located to the line."""
from __future__ import annotations

import textwrap

import pytest

import cvgraph
from cvgraph import Problem, RecordError

HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n"
GRANTS = """\
organizations:
  - {id: nsf, name: National Science Foundation, aliases: [NSF]}
grants:
  - id: nsf-career
    name: "CAREER: Analytical Engines"
    funder: NSF
    number: CCF-1234567
    role: PI
    start: 2022-07
    end: present
    amount: 500000 USD
    url: https://www.nsf.gov/awardsearch/showAward?AWD_ID=1234567
    aliases: [NSF CAREER]
"""


def cv(publications: str, grants: str = GRANTS) -> str:
    return HEAD + grants + "publications:\n" + textwrap.indent(textwrap.dedent(publications), "  ")


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(RecordError) as info:
        cvgraph.loads(text, name="cv.yaml")
    return info.value.problems


def test_every_new_field_is_read_and_grants_resolve_by_id_name_and_alias():
    loaded = cvgraph.loads(cv("""\
        - kind: journal
          title: Notes
          authors: [Ada Lovelace]
          year: 1843
          abstract: "The engine might compose music."
          keywords: [computing, music]
          selected: true
          links: {pdf: "https://example.org/notes.pdf", code: "https://github.com/ada/notes",
                  ads: "https://ui.adsabs.harvard.edu/abs/1843Notes"}
          funding: [nsf-career, "CAREER: Analytical Engines", NSF CAREER]
          authors_incomplete: true
        - {kind: patent, title: A Loom, authors: [Ada Lovelace], year: 1850, number: US 1234}
        """))
    notes, patent = loaded.data["publications"]
    assert notes["funding"] == ["nsf-career"] * 3
    assert notes["links"]["ads"] == "https://ui.adsabs.harvard.edu/abs/1843Notes"
    assert (notes["keywords"], notes["selected"], notes["authors_incomplete"]) == (["computing", "music"], True, True)
    assert patent["number"] == "US 1234"
    grant = loaded.registries["grants"]["nsf-career"]
    assert (grant["funder"], grant["role"], grant["end"]) == ("nsf", "PI", "present")


def test_grant_id_defaults_to_a_slug_of_its_name():
    loaded = cvgraph.loads(cv("- {kind: journal, title: T, authors: [Ada Lovelace], funding: [Big Grant]}\n",
                              "grants:\n  - name: Big Grant\n"))
    assert loaded.data["publications"][0]["funding"] == ["big-grant"]


def test_unknown_grant_is_located_with_did_you_mean():
    [problem] = problems_in(cv("- {kind: journal, title: T, authors: [Ada Lovelace], funding: [nsf-carer]}\n"))
    assert (problem.line, problem.field) == (18, "publications[0].funding[0]")
    assert "unknown grant 'nsf-carer'" in problem.message and "did you mean 'nsf-career'" in problem.hint


def test_unknown_funder_and_bad_link_and_unknown_link_kind_are_located():
    problems = problems_in(HEAD + "grants:\n  - {name: G, funder: NFS}\npublications:\n"
                           "  - {kind: journal, title: T, authors: [Ada Lovelace],\n"
                           "     links: {pdf: notes.pdf, slide: 'https://example.org/s'}}\n")
    got = sorted((p.line, p.field) for p in problems)
    assert got == [(5, "grants[0].funder"), (8, "publications[0].links.pdf"),
                   (8, "publications[0].links.slide")], problems
    assert any("did you mean 'slides'" in p.hint for p in problems)


def test_number_only_on_patents_and_reports():
    [problem] = problems_in(cv("- {kind: journal, title: T, authors: [Ada Lovelace], number: '7'}\n"))
    assert problem.field == "publications[0].number" and "patent or a report" in problem.message


def test_duplicate_grant_id():
    problems = problems_in(HEAD + "grants:\n  - {id: g, name: A}\n  - {id: g, name: B}\n")
    assert [(p.line, p.field) for p in problems] == [(6, "grants[1].id")]
