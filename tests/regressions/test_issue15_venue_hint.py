"""Issue 15, item 8: unknown venues get a did-you-mean as people do.

A venue is usually cited as the proceedings of a numbered, dated edition ("Proc. AAAI 2024",
"Proceedings of the 38th AAAI Conference …", "AAAI-24"), which a spelling match against the
registry's names misses: the hint was "add it to 'venues:'", inviting a duplicate venue. Now the
registry venue that the name means once years, edition numbers and "Proceedings of the" are taken
off is suggested, with the aliases fix people get.
"""
from __future__ import annotations

import pytest

from cvgraph.errors import RecordError
from cvgraph.records.checker import venue_guess
from cvgraph.records.loader import loads

CV = """\
person: {{name: Ada Lovelace, homepage: "https://example.org/~ada"}}
venues:
  - {{id: aaai, name: AAAI Conference on Artificial Intelligence, kind: conference}}
  - {{id: neurips, name: Advances in Neural Information Processing Systems, short: NeurIPS, kind: conference}}
  - {{id: tmc, name: IEEE Transactions on Mobile Computing, kind: journal}}
publications:
  - {{kind: conference, title: Notes, authors: [Ada Lovelace], venue: {venue!r}, year: 2024}}
"""


def _hint(venue: str) -> str:
    with pytest.raises(RecordError) as info:
        loads(CV.format(venue=venue), "cv.yaml")
    (problem,) = info.value.problems
    text = str(problem)
    assert text.startswith("cv.yaml:7:") and f"unknown venue {venue!r}" in text
    return text.split("(hint: ", 1)[1]


@pytest.mark.parametrize(("venue", "meant"), [
    ("Proc. AAAI 2024", "aaai"),
    ("Proceedings of AAAI", "aaai"),
    ("AAAI-24", "aaai"),
    ("NeurIPS 2023", "neurips"),
    ("Proceedings of the 37th Annual Conference on Advances in Neural Information Processing Systems", "neurips"),
    ("IEEE Trans. on Mobile Computing", "IEEE Transactions on Mobile Computing"),
])
def test_a_cited_venue_suggests_the_registry_venue_and_its_aliases(venue, meant):
    assert _hint(venue) == f"did you mean {meant!r}? (or add {venue!r} to its aliases))"


@pytest.mark.parametrize("venue", ["Journal of Example Studies", "ICML 2024", "Proceedings"])
def test_a_venue_not_in_the_registry_is_to_be_added(venue):
    assert _hint(venue) == "add it to 'venues:')"


def test_a_name_that_could_mean_two_venues_suggests_neither():
    names = {"aaai": {"aaai"}, "aaai workshop": {"aaai-ws"}, "conference": {"conf"}}
    assert venue_guess("AAAI 2024", names) == ["aaai"]
    assert venue_guess("Proc. 2024", names) == []
    assert venue_guess("AAAI Conference 2024", names) == []  # aaai, and 'conference' (ambiguous)
