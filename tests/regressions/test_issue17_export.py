"""Issue 17 regressions: what the BibTeX export's round trip found in the importer.

- A preprint presented at a workshop or conference (the sample's niu2022federated) had no BibTeX
  form the importer read back as a preprint: `@misc` with `howpublished` came back kind `other`
  with the venue as a note. biblatex's `pubstate = {preprint}` now makes the entry a preprint (its
  venue read as the entry type says), and the export writes such a preprint so.
"""
from __future__ import annotations

from cvgraph.importers.bibtex import convert

ENTRY = """@inproceedings{niu2022federated,
  author    = {Niu, Yue and Lee, Sunwoo},
  title     = {Federated Learning of Large Models at the Edge},
  booktitle = {FL-NeurIPS},
  year      = {2022},
  pubstate  = {preprint}
}
"""


def test_pubstate_preprint_is_a_preprint():
    imp = convert(ENTRY, "refs.bib", me="Sunwoo Lee")
    pub = imp.data["publications"][0]
    assert pub["kind"] == "preprint"
    assert "notes" not in pub  # pubstate is used, not kept as a note
    venue = next(v for v in imp.data["venues"] if v["id"] == pub["venue"])
    assert venue["name"] == "FL-NeurIPS"
    assert [str(w) for w in imp.warnings] == []
