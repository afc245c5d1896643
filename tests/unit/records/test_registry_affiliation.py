"""The shared people registry's ``affiliation`` (issue 17 §3: organisations "from the registry or
the co-author's affiliation"): a CV entry matched to a registry person without an affiliation of
its own gets the registry's, as the CV's organization of that name or a new one."""
from __future__ import annotations

import csv
import io

from cvgraph.api import export
from cvgraph.export.options import ExportOptions
from cvgraph.records.loader import loads
from cvgraph.records.registry import load_registry

REGISTRY = ("base: https://cv.example.edu/people\npeople:\n"
            "  - {id: wei-keng-liao, name: Wei-keng Liao, aliases: [W. Liao], affiliation: Northwestern University}\n"
            "  - {id: bob, name: Bob Smith, affiliation: Northwestern University}\n"
            "  - {id: cy, name: Cy Young, affiliation: Org One}\n")


def _cv(tmp_path, text: str):
    (tmp_path / "people.yaml").write_text(REGISTRY, encoding="utf-8")
    return loads(text, "ada.yaml", registry=load_registry(tmp_path / "people.yaml"))


def test_a_new_organization_once_for_everyone_who_has_it(tmp_path):
    cv = _cv(tmp_path, "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
                       "people:\n  - name: W. Liao\n  - name: Bob Smith\n")
    orgs = cv.data["organizations"]
    assert orgs == [{"id": "northwestern-university", "name": "Northwestern University"}]
    assert [p["affiliation"] for p in cv.data["people"]] == ["northwestern-university"] * 2
    assert cv.registries["organizations"]["northwestern-university"] is orgs[0]


def test_the_cvs_own_organization_of_that_name_and_its_own_affiliation_win(tmp_path):
    cv = _cv(tmp_path, "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
                       "people:\n  - name: W. Liao\n  - {name: Cy Young, affiliation: mine}\n"
                       "organizations:\n  - {id: nu, name: 'northwestern  UNIVERSITY', ror: 000e0be47}\n"
                       "  - {id: mine, name: Mine}\n")
    assert [o["id"] for o in cv.data["organizations"]] == ["nu", "mine"]
    assert [p["affiliation"] for p in cv.data["people"]] == ["nu", "mine"]


def test_a_new_id_never_takes_an_existing_one(tmp_path):
    cv = _cv(tmp_path, "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
                       "people:\n  - name: Cy Young\norganizations:\n  - {id: org-one, name: Another}\n")
    assert [o["id"] for o in cv.data["organizations"]] == ["org-one", "org-one-2"]
    assert cv.data["people"][0]["affiliation"] == "org-one-2"


def test_coa_rows_take_the_registrys_organization(tmp_path):
    (tmp_path / "people.yaml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "ada.yaml").write_text(
        "base: https://example.org/ada\nperson: {name: Ada Lovelace}\npeople:\n  - name: W. Liao\n"
        "publications:\n  - {kind: journal, title: One, authors: [Ada Lovelace, W. Liao], year: 2024}\n",
        encoding="utf-8")
    result = export("coa", [tmp_path], options=ExportOptions(output_format="csv", as_of="2025-01-01"))
    table = list(csv.reader(io.StringIO(result.data.decode("utf-8"))))
    assert ["3", "A:", "Liao, Wei-keng", "Northwestern University", "2024"] in table
    assert not result.warnings
