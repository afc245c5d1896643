"""Direct tests of the helpers the importers share (cvgraph/importers/common.py)."""
from __future__ import annotations

import cvgraph.records.ids
from cvgraph.importers.common import (
    MONTHS,
    PRESENT,
    arxiv_in_url,
    default_pub_id,
    doi_in_url,
    ends_before,
    fold,
    id_slug,
    loader_key,
    match_key,
    numbered,
    orcid_id,
    orcid_ok,
    real_day,
    strip_doi_prefix,
    valid_orcid,
)


def test_name_keys():
    assert loader_key("  Ada   LOVELACE ") == "ada lovelace"
    assert fold("Öztürk") == "ozturk" and fold("Łódź Søren Þór") == "lodz soren thor"
    assert match_key("Acme, Inc.") == match_key("ACME   inc") == "acme inc"
    assert match_key("Universität_Wien") == "universitat wien"


def test_id_slug_and_loader_slug():
    assert id_slug("Łukasiewicz") == "lukasiewicz" and id_slug("Straße") == "strasse"
    assert id_slug("Wei-keng Liao") == cvgraph.records.loader.slug("Wei-keng Liao") == "wei-keng-liao"


def test_numbered():
    assert numbered("acme", lambda i: False) == "acme"
    taken = {"acme", "acme-2"}
    assert numbered("acme", taken.__contains__) == "acme-3"


def test_default_pub_id_matches_loader():
    pub = {"authors": ["Sunwoo Lee", {"name": "B"}], "title": "The Layer Approach", "year": 2024}
    assert default_pub_id(pub) == "lee2024layer"
    assert default_pub_id({"editors": [{"name": "Jan van der Berg"}], "title": "On X"}) == "berg" + "x"
    assert default_pub_id({"authors": ["   "], "title": "A Study"}) == "anon" + "study"
    loader = cvgraph.records.ids.default_publication_id({"authors": [{"name": "Sunwoo Lee"}], "title": "The Layer Approach",
                                      "year": "2024"})
    assert loader == "lee2024layer"


def test_orcid():
    assert orcid_id("https://orcid.org/0000-0002-1825-009x/") == "0000-0002-1825-009X"
    assert orcid_id("https://sandbox.orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert orcid_id("0000-0002-1825") is None
    assert orcid_ok("0000-0002-1825-0097") and not orcid_ok("0000-0002-1825-0098")
    assert valid_orcid(" 0000-0002-1825-0097 ") == "0000-0002-1825-0097"
    assert valid_orcid("0000-0002-1825-0098") is None


def test_doi():
    for written in ("https://doi.org/10.1/x", "http://dx.doi.org/10.1/x", "doi.org/10.1/x", "doi: 10.1/x",
                    "DOI 10.1/x", "10.1/x"):
        assert strip_doi_prefix(written) == "10.1/x", written
    assert doi_in_url("https://doi.org/10.1145/abc%2Fdef") == "10.1145/abc/def"
    assert doi_in_url("https://example.org/10.1/x") is None
    assert doi_in_url("https://doi.org/not-a-doi") is None


def test_arxiv():
    assert arxiv_in_url("https://arxiv.org/abs/2301.00001v2") == "2301.00001v2"
    assert arxiv_in_url("http://export.arxiv.org/pdf/2301.00001.pdf") == "2301.00001"
    assert arxiv_in_url("https://arxiv.org/abs/cs/0112017") == "cs/0112017"
    assert arxiv_in_url("https://arxiv.org/abs/CS/0112017") is None  # not the format's pattern
    assert arxiv_in_url("https://example.org/abs/2301.00001") is None


def test_dates():
    assert MONTHS["sept"] == 9 and MONTHS["may"] == 5
    assert "till now" in PRESENT and "present" in PRESENT
    assert ends_before("2020", "2021-05") and not ends_before("2021", "2021-05")
    assert real_day("2024-02-29") and not real_day("2023-02-29") and real_day("2023-02")
