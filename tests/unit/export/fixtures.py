"""Every importer fixture of tests/data/import (files and site folders), and graphs built from them."""
from __future__ import annotations

from pathlib import Path

import yaml
from support.paths import TESTS

import cvgraph
from cvgraph.importers import import_file
from cvgraph.records.loader import loads

IMPORT = TESTS / "data" / "import"
FIXTURES = sorted(
    [p for p in IMPORT.glob("*/*") if p.suffix in (".bib", ".json", ".yaml") and p.parent.name != "core"]
    + [p for p in IMPORT.glob("core/*") if p.name != "cv.yaml"]
    + [p for site in ("alfolio", "hugoblox") for p in (IMPORT / site).iterdir() if p.is_dir()]
    + list((IMPORT / "orcid" / "real").glob("*.json")))


def fixture_triples(path: Path) -> list:
    imp = import_file(path, me="Sunwoo Lee" if path.suffix == ".bib" else None)
    cv = loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml",
               base="https://example.org/cv")
    return cvgraph.triples(cv, base="https://example.org/cv")
