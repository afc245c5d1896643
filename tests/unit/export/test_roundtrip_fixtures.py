"""The BibTeX round trip on what every importer fixture becomes: the same works, but for what the
BibTeX importer adds or normalises on purpose (each named in ``ALLOWED``)."""
from __future__ import annotations

import pytest
import yaml
from support.paths import TESTS

import cvgraph
from cvgraph.importers import import_file
from cvgraph.mapping.walker import work_iri
from cvgraph.records.loader import loads

from .fixtures import FIXTURES
from .roundtrip import round_trip
from .test_roundtrip import same_person

BASE = "https://example.org/cv"


def allowed(field: str, before: dict, after: dict) -> bool:
    """The importer's own judgements: a url that is the DOI's address is not repeated as url; an
    arXiv preprint is in the arXiv repository; a co-author's initials merged into the fuller name
    printed in the same file; a thesis of unknown degree stays without one (a warning)."""
    if field == "url":
        return before["url"].lower() == f"https://doi.org/{before['doi']}".lower() and not after["url"]
    if field == "venue":
        return before["kind"] == "preprint" and bool(before["arxiv"]) and (before["venue"], after["venue"]) == (
            "", "arXiv")
    if field == "authors":
        return len(before["authors"]) == len(after["authors"]) and all(
            same_person(a, b) for a, b in zip(before["authors"], after["authors"], strict=True))
    return False


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_fixture_round_trip(path):
    imp = import_file(path, me="Sunwoo Lee" if path.suffix == ".bib" else None)
    cv = loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml", base=BASE)
    if not cv.publications:
        pytest.skip("no works in this fixture")
    ids = {work_iri(cv, p, BASE).value: p for p in cv.publications}
    before, after, _ = round_trip(cvgraph.triples(cv, base=BASE), ids, cv.data["person"]["name"])
    assert after.keys() == before.keys()
    wrong = [(key, field, value, after[key][field]) for key, work in before.items()
             for field, value in work.items()
             if after[key][field] != value and not allowed(field, work, after[key])]
    assert wrong == []
