"""Nothing is lost on the batch paths either: text with every line break Unicode knows, in every
free-text field of several CVs, survives ``build`` of many CVs (N-Quads and TriG, a graph per CV;
merged N-Triples, Turtle and RDF/XML) and ``query`` over many CVs.

The batch code handles N-Triples *text* (it inserts the graph name into each line, merges and
sorts lines): a line there ends at "\\n" only, while ``str.splitlines`` also splits at U+2028,
U+2029, U+0085, VT, FF and U+001C-U+001E (issue 12). The CVs come from the round-trip test's
skeleton and text strategy (tests/unit/rdf/test_roundtrip.py), each text with a line separator
in it; the expected graph is each CV's triples built alone (already checked there against every
single-CV syntax). VT, FF and U+001C-U+001E are refused by the loader in text (they are among
``cvgraph.records.checker.CONTROL``), so they cannot reach the batch code from a CV; the merge is
also fed them directly.
"""
from __future__ import annotations

import copy
import io
import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cvgraph
from cvgraph.pipeline.batch import FORMATS, run_batch
from cvgraph.pipeline.merge import Merger
from cvgraph.pipeline.sources import Unit
from cvgraph.rdf.terms import IRI, Lit, nt_line
from cvgraph.records.checker import CONTROL
from cvgraph.records.ids import name_key
from unit.rdf.test_roundtrip import CHARS, ID_KEYS, N_NAMES, NASTY, SOLID, Filled, dump

# every character str.splitlines() splits at, and CR LF
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
IN_TEXT = [b for b in BREAKS if not CONTROL.search(b)]  # what a CV's text may hold
OX = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
      "turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML}
QUERY = "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }\n"


def test_every_batch_format_is_covered():
    assert set(OX) == set(FORMATS)
    splitting = [c for c in map(chr, range(0x110000)) if len(f"a{c}b".splitlines()) > 1]
    assert sorted(b for b in BREAKS if len(b) == 1) == splitting


def _write(docs: list[dict], folder: Path) -> list[Path]:
    paths = []
    for i, doc in enumerate(docs):
        doc = copy.deepcopy(doc)
        doc["person"]["homepage"] = f"https://example.org/~gen{i}"  # a graph of its own
        path = folder / f"cv{i}.yaml"
        path.write_text(dump(doc, allow_unicode=i % 2 == 0), encoding="utf-8")
        paths.append(path)
    return paths


def check_batch(docs: list[dict], folder: Path, jobs: int = 1) -> None:
    """Every batch output and a query over the CVs give exactly the CVs' triples."""
    paths = _write(docs, folder)
    cvs = [cvgraph.load(p) for p in paths]
    text = "".join(nt_line(t, IRI(cv.base or "")) for cv in cvs for t in cvgraph.triples(cv))
    quads = set(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    triples = {q.triple for q in quads}
    units = [Unit(p) for p in paths]
    for fmt, syntax in OX.items():
        out = io.BytesIO()
        result = run_batch(units, None, fmt, validate=False, use_cache=False, jobs=jobs, stream=out)
        assert result.wrote, (fmt, result.outcomes)
        got = set(ox.parse(out.getvalue(), format=syntax))
        if fmt in ("nquads", "trig"):
            assert got == quads, f"{fmt}: lost {list(quads - got)[:3]}, gained {list(got - quads)[:3]}"
        else:
            got_triples = {q.triple for q in got}
            assert got_triples == triples, f"{fmt}: lost {list(triples - got_triples)[:3]}"
    rq = folder / "literals.rq"
    rq.write_text(QUERY, encoding="utf-8")
    answer = cvgraph.query(str(rq), paths)
    literals = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    assert {row[0].value for row in answer.rows if row[0] is not None} == literals


# ----------------------------------------------------------------------------- property

def _usable(text: str) -> bool:
    """Text the loader accepts, that is none of the skeleton's ids."""
    return bool(text.strip()) and not CONTROL.search(text) and name_key(text) not in ID_KEYS


# short texts, each with line separators in it (and around a character that is not white space)
SEPARATED = st.tuples(st.text(CHARS, max_size=2), st.sampled_from(IN_TEXT), SOLID, st.sampled_from(IN_TEXT),
                      st.text(CHARS, max_size=2)).map("".join).filter(_usable)


def _filled(data: st.DataObject) -> Filled:
    names = data.draw(st.lists(SEPARATED, min_size=N_NAMES, max_size=N_NAMES, unique_by=name_key), label="names")
    return Filled(text=lambda: data.draw(SEPARATED), count=lambda: 1, names=iter(names),
                  one_of_strs=lambda: data.draw(st.booleans()))


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_line_separators_in_any_text_survive_every_batch_path(data, tmp_path_factory):
    """A drawn CV and a hand-picked one (below), through every batch path."""
    check_batch([_filled(data).doc, _separated_cv(0).doc], tmp_path_factory.mktemp("cvs"))


# ----------------------------------------------------------------------------- hand-picked

def _separated_cv(start: int) -> Filled:
    """Every text field holds a hand-picked nasty string with a line separator in it."""
    nasty = itertools.cycle([s for s in NASTY if not CONTROL.search(s)])
    breaks = itertools.cycle(IN_TEXT)
    texts = (f"{next(breaks)}{a}{next(breaks)}{b}{next(breaks)}" for a, b in zip(nasty, nasty, strict=False))
    texts = itertools.islice(texts, start, None)
    names = (f"{next(breaks)}name {i}{next(breaks)}" for i in itertools.count(start))
    return Filled(text=lambda: next(texts), count=lambda: 2, names=names, one_of_strs=lambda: True)


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_line_separator_in_every_field_survives_every_batch_path(tmp_path, jobs):
    check_batch([_separated_cv(0).doc, _separated_cv(len(IN_TEXT)).doc], tmp_path, jobs=jobs)


@pytest.mark.parametrize("chunk", [1, 10_000_000])
def test_the_merge_splits_lines_at_line_feeds_only(tmp_path, chunk):
    """N-Triples lines holding every break but LF raw (a reader would refuse some of them, but
    the merge must not care): sorted, de-duplicated, whole, in one run or spilled line by line."""
    s = IRI("http://example.org/s")
    lines = sorted({nt_line((s, IRI(f"http://example.org/p{i}"), Lit("x")))[:-3] + f"{b} .\n"
                    for i, b in enumerate(b for b in BREAKS if "\n" not in b)})
    merger = Merger(str(tmp_path), chunk)
    merger.add("".join(lines[::2]))
    merger.add("".join(lines))
    out = io.BytesIO()
    assert merger.write(out) == len(lines)
    assert out.getvalue().decode("utf-8") == "".join(lines)


def test_names_are_distinct():
    """The hand-picked CVs' names resolve: distinct after name folding."""
    filled = _separated_cv(0)
    names = [filled.doc["person"]["name"], *filled.doc["person"].get("aliases", [])]
    assert len({name_key(n) for n in names}) == len(names)
