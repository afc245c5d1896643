"""export bibtex: entry types, names, escaping; bibtexparser re-reads every export with no
failed blocks, from the sample, every importer fixture and 100 generated CVs."""
from __future__ import annotations

import logging

import bibtexparser
import pytest
from support.generate import generate
from support.paths import TESTS

import cvgraph
from cvgraph.export.bibtex import bib_name, escape, protected
from cvgraph.export.formats import export_graph
from cvgraph.export.names import split
from cvgraph.export.works import Person
from cvgraph.records.loader import loads

from .fixtures import FIXTURES, fixture_triples


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def reread(triples) -> bibtexparser.Library:
    """The export parsed by bibtexparser: no failed block, no warning logged, unique keys."""
    text = export_graph("bibtex", triples).data.decode("utf-8")
    logger, seen = logging.getLogger("bibtexparser"), Collect()
    logger.addHandler(seen)
    try:
        lib = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(seen)
    assert seen.records == []
    assert lib.failed_blocks == []
    assert len({e.key for e in lib.entries}) == len(lib.entries)
    return lib


def test_names_last_first():
    def name(full: str) -> str:
        return bib_name(Person(iri="x", name=split(full)))

    assert name("John von Neumann") == "von Neumann, John"
    assert name("Martin Luther King Jr.") == "King, Jr., Martin Luther"
    assert name("Sunwoo Lee") == "Lee, Sunwoo"
    assert bib_name(Person(iri="x", name=split("The XYZ Consortium"), organization=True)) == "{The XYZ Consortium}"


def test_escaping():
    assert escape("R&D 100% #1 a_b {x} $5 ~ ^") == r"R\&D 100\% \#1 a\_b \{x\} \$5 \textasciitilde{} \textasciicircum{}"


def test_sample_entries():
    lib = reread(cvgraph.triples(cvgraph.sample_path()))
    entries = {e.key: e for e in lib.entries}
    assert len(entries) == 30
    art = entries["kang2020collective"]
    assert art.entry_type == "article"
    assert (art["journal"], art["volume"], art["number"], art["pages"]) == (
        "IEEE Transactions on Parallel and Distributed Systems", "31", "11", "2682--2695")
    assert art["author"].startswith("Kang, Qiao and Lee, Sunwoo and ")
    assert entries["lee2023layerwise"].entry_type == "inproceedings"
    assert entries["hou2021supporting"]["note"] == r"acceptance rate: 19.9\%"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_importer_fixture_rereads(path):
    reread(fixture_triples(path))


def test_generated_cvs_reread():
    for name, text in generate(100, 5):
        lib = reread(cvgraph.triples(loads(text, name)))
        assert len(lib.entries) == 60


def test_a_folder_of_cvs_has_unique_keys(tmp_path):
    """Co-authors' CVs name the same works: a work shared by DOI is one entry, and works that two CVs
    give the same id get distinct keys."""
    for name, text in generate(5, 2):
        (tmp_path / name).write_text(text, "utf-8")
    from cvgraph.api import export

    lib = bibtexparser.parse_string(export("bibtex", tmp_path).data.decode("utf-8"))
    assert lib.failed_blocks == [] and len(lib.entries) > 60
    assert len({e.key for e in lib.entries}) == len(lib.entries)
    assert len({e["doi"] for e in lib.entries if "doi" in e}) == sum("doi" in e for e in lib.entries)


def test_what_bibtex_cannot_hold_is_a_warning(tmp_path):
    from click.testing import CliRunner

    from cvgraph.cli.app import main

    text = cvgraph.sample_path().read_text("utf-8").replace(
        "    title: \"Layer-wise Adaptive Model Aggregation",
        "    identifiers: [\"hal:hal-01\", \"inspire:123\"]\n    title: \"Layer-wise Adaptive Model Aggregation", 1)
    cv = tmp_path / "cv.yaml"
    cv.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["export", "bibtex", str(cv)])
    assert result.exit_code == 0, result.output
    expected = ("warning: lee2023layerwise (https://sites.google.com/view/sunwoolee#pub-lee2023layerwise): "
                "identifiers hal:hal-01, inspire:123: BibTeX has one eprint field; not exported")
    assert result.stderr.splitlines() == [expected]


@pytest.mark.parametrize(("title", "bib"), [
    ("SIGRNN: Synthetic minority Instances", "{SIGRNN}: Synthetic minority Instances"),
    ("Data Compression in PnetCDF", "Data Compression in {PnetCDF}"),
    ("MPI I/O for 3D meshes", "{MPI} {I/O} for {3D} meshes"),
    ("\"IEEE\"-style 50% & more", "\"{IEEE}\"-style 50\\% \\& more"),
    ("Learning to Rank", "Learning to Rank"),  # title case alone: the style decides
])
def test_a_title_keeps_the_case_of_acronyms_and_mixed_case_words_in_braces(title, bib):
    assert protected(title) == bib


def test_the_sample_titles_keep_their_acronyms_in_braces():
    """Every acronym of the sample's titles is protected, and bibtexparser's LaTeX decoding reads
    the title back."""
    from bibtexparser.middlewares import LatexDecodingMiddleware

    text = export_graph("bibtex", cvgraph.triples(cvgraph.sample_path())).data.decode("utf-8")
    lib = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    titles = {e.key: e.fields_dict["title"].value for e in lib.entries}
    assert "{SIGRNN}" in text and "{PnetCDF}" in text and "{MPI}" in text
    assert titles["albahrani2021sigrnn"].startswith("SIGRNN: Synthetic minority")
