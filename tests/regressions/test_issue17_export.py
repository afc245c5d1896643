"""Issue 17 regressions: what the BibTeX export's round trip found in the importer.

- A preprint presented at a workshop or conference (the sample's niu2022federated) had no BibTeX
  form the importer read back as a preprint: `@misc` with `howpublished` came back kind `other`
  with the venue as a note. biblatex's `pubstate = {preprint}` now makes the entry a preprint (its
  venue read as the entry type says), and the export writes such a preprint so.
- `\textasciicircum{}`, LaTeX's caret (how the export escapes `^`, as in ADS's "10^9"), was
  decoded to the modifier letter ˆ (U+02C6): the title changed.
- A report's or patent's `number` (the record format's `number`) was kept as a note
  "number: …", and `@patent` (biblatex) was kind `other`: a Hugo Blox patent came back changed.
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


def test_caret_is_a_caret():
    imp = convert("@article{a, author={Lee, Sunwoo}, title={10\\textasciicircum{}9 M\\textasciitilde{}}, "
                  "journal={J}, year=2020}", "refs.bib")
    assert imp.data["publications"][0]["title"] == "10^9 M~"


def test_report_and_patent_numbers():
    imp = convert("@techreport{r, author={Lee, Sunwoo}, title={R}, institution={LBNL}, number={LBNL-1}, year=2019}\n"
                  "@patent{p, author={Lee, Sunwoo}, title={P}, number={US 1,234,567 B2}, year=2020}", "refs.bib")
    pubs = {p["id"]: p for p in imp.data["publications"]}
    assert (pubs["r"]["kind"], pubs["r"]["number"]) == ("report", "LBNL-1")
    assert (pubs["p"]["kind"], pubs["p"]["number"]) == ("patent", "US 1,234,567 B2")
    assert "notes" not in pubs["r"] and "notes" not in pubs["p"]
