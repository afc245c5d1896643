"""Issue 12, "Done when": the CLI fuzzed with random bytes, random CV YAML and random importer
documents (strategies in tests/support/fuzzdata.py). Every run must

* exit 0, 1 or 2, never with an uncaught exception (a traceback for the user); exit 2 with an
  ``error:`` line saying why;
* print only one-line messages on stderr: ``error: …`` lines (one per problem), one-line
  warnings, the SHACL report's one-line results, and the known summary lines;
* leave no temporary file in the output folder, beside the inputs or in the temp folder, and
  name none in a message;
* write no output file on failure (a batch writes its file only when it says ``wrote``), and
  write an output that parses on success (RDF in its syntax, read by rdflib; JSON; the YAML
  ``import`` writes, read by cvgraph's own YAML reader).

Commands: ``build`` (one CV, and a folder of 2-3 CVs, in several syntaxes), ``validate``,
``embed``, ``query NAME`` on one CV and on several, ``import KIND``. They run in-process
through click's CliRunner (what ``python -m cvgraph.cli`` runs, minus the interpreter start;
batches with ``-j 1``, so in one process); :func:`test_subprocess_runs_hold_the_same_rules`
runs a few hostile documents through real processes, batches in parallel workers.

Each test fuzzes one *family* of hostility (see fuzzdata), so that a failure names its kind (and
a defect could be marked on its family alone). The defects the fuzzing found are each kept as a
smallest reproducer (FOUND, and the two tests of what was fixed here). The runs are derandomized
(same examples every time, no example database); the ``slow`` tests run more examples
(``CVGRAPH_FUZZ_EXAMPLES``, see DEEP).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.fuzzdata import FAMILIES, Doc, cv_documents, cv_folders, import_documents, random_bytes
from support.paths import ROOT

from cvgraph.cli import main
from cvgraph.records.yamlsafe import load_yaml

# ----------------------------------------------------------------------------- settings

FAST = settings(max_examples=12, deadline=None, database=None, derandomize=True, report_multiple_bugs=False,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])
# The heavier profile: 25 examples per family in CI (about a minute); a deep run, e.g. before a
# release: CVGRAPH_FUZZ_EXAMPLES=300 python -m pytest -m slow tests/regressions/test_issue12_fuzz.py
# (about half an hour on 2 cores).
DEEP = int(os.environ.get("CVGRAPH_FUZZ_EXAMPLES", "25"))
SLOW = settings(FAST, max_examples=DEEP)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # its own parsers

# The defects of issue 12 (fixed under other items) that this test found: each FOUND case names one.
SEPARATORS = ("issue 12 item 1: U+2028/U+2029/U+0085 in a text field corrupted N-Quads and merged batch output "
              "(str.splitlines in pipeline/batch.py)")
IRIS = ("issue 12 item 3: IRIs built from user text (DOI, e-mail, homepage, URL) were not checked: "
        "ValueError from the SHACL engine or an invalid IRI in the output")
NUMBERS = ("issue 12 item 12: a 5000-digit number crashed (int() over Python's 4300-digit limit: json.loads in "
           "the JSON importers, records/yamlsafe.py _scalar for YAML)")
SURROGATES = ("issue 12 item 12: a lone surrogate in an imported document was written into YAML that the "
              "loader then rejects")
NULL_PUT_CODES = "issue 12 item 12: an ORCID record with null put-codes crashed (IndexError in orcid/works.py)"


# ----------------------------------------------------------------------------- what a run must do

STDERR_LINES = (  # every line a command may print on stderr
    r"error: \S.*",  # a problem, one line each
    r"(?:.*: )?warning: .*",  # a warning (imports: ``file:line: warning: …``)
    r"(?:Conforms|Does not conform): \d+ violations?, \d+ warnings?, \d+ infos?",  # a SHACL report's head
    r"(?:Violation|Warning|Info): .*",  # … and its results
    r"wrote .*", r"updated .*", r"unchanged: .*",  # what was written
    r"not written: .*",
    r"\d+ SHACL warnings? in \d+ CVs? \(`cvgraph validate CV` lists them\)",  # a batch's summary
    r"\d+ CVs? with problems:",
    (r"  .+: (?:does not conform \(\d+ violations?\)|could not be read or used \(\d+ problems?\))"
     r"(?:; written \(--force\)|; left out)?"),
)
STDERR_LINE = re.compile("|".join(STDERR_LINES))
LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines' breaks, but \n
RDF_FORMATS = {"turtle": "ttl", "nt": "nt", "nquads": "nq", "trig": "trig", "xml": "rdf", "json-ld": "jsonld"}
BATCH_FORMATS = ["nquads", "turtle", "xml", "nt"]
QUERIES = ["publications-by-year", "coauthors", "publication-list"]
IMPORT_SUFFIX = {"bibtex": ".bib", "jsonresume": ".json", "rendercv": ".yaml", "orcid": ".json"}


@dataclass
class Run:
    """One command's outcome, from CliRunner or a real process."""

    args: list[str]
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None


class Sandbox:
    """Folders for one example: ``inputs`` (the documents), ``out`` (the output folder) and
    ``tmp`` (the temp folder the process uses: ``tempfile.tempdir``, ``TMPDIR``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(tempfile.mkdtemp(dir=root))
        self.inputs, self.out, self.tmp = self.root / "in", self.root / "out", self.root / "tmp"
        for folder in (self.inputs, self.out, self.tmp):
            folder.mkdir()

    def put(self, name: str, doc: Doc, folder: Path | None = None) -> Path:
        path = (folder or self.inputs) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc.data)
        return path

    def files(self) -> set[str]:
        return {str(p.relative_to(self.root)) for p in self.root.rglob("*")}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def cache_home() -> Iterator[Path]:
    """One cache for the module's runs (hits and misses both get exercised), and a scratch root."""
    with tempfile.TemporaryDirectory(prefix="cvgraph-fuzz-") as root, pytest.MonkeyPatch.context() as mp:
        mp.setenv("CVGRAPH_CACHE_DIR", str(Path(root) / "cache"))
        yield Path(root)


@pytest.fixture
def sandbox(cache_home: Path) -> Iterator[Callable[[], Sandbox]]:
    """A factory of fresh :class:`Sandbox` es (a hypothesis example must not see the last one's files)."""
    yield lambda: Sandbox(cache_home)


def cli(box: Sandbox, *args: str | Path) -> Run:
    """Run ``cvgraph ARGS`` in-process, the temp folder moved into the sandbox."""
    argv = [str(a) for a in args]
    saved = tempfile.tempdir
    tempfile.tempdir = str(box.tmp)
    try:
        result = CliRunner().invoke(main, argv)
    finally:
        tempfile.tempdir = saved
    exception = result.exception if result.exc_info and result.exc_info[0] is not SystemExit else None
    return Run(argv, result.exit_code, result.stdout, result.stderr, exception)


def process(box: Sandbox, *args: str | Path) -> Run:
    """Run ``python -m cvgraph.cli ARGS`` in a real process (parallel batch workers and all)."""
    argv = [str(a) for a in args]
    env = {**os.environ, "TMPDIR": str(box.tmp), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "cvgraph.cli", *argv], capture_output=True, env=env,
                          timeout=120, check=False)
    return Run(argv, proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))


def check(run: Run, box: Sandbox, before: set[str], output: Path | None = None, *,
          batch: bool = False, parse: str | None = None) -> None:
    """The rules of the module docstring, for one run."""
    what = f"cvgraph {' '.join(run.args)}\nexit {run.exit_code}\nstderr:\n{run.stderr[:3000]}"
    assert run.exception is None, f"uncaught {type(run.exception).__name__}: {run.exception}\n{what}"
    assert run.exit_code in (0, 1, 2), what
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, what
    lines = run.stderr.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        assert STDERR_LINE.fullmatch(line), f"not a one-line message: {line[:300]!r}\n{what}"
        breaks = sorted(set(LINE_BREAKS.findall(line)))
        assert not breaks, f"a line break {breaks} inside a message: {line[:300]!r}\n{what}"
    assert str(box.tmp) not in run.stderr, f"a message names an internal temporary file\n{what}"
    if run.exit_code == 2:
        assert any(line.startswith("error: ") for line in lines), f"exit 2 without an error line\n{what}"
    outputs = [output] if output is not None else []
    if outputs and run.args[0] == "import" and run.exit_code == 0:
        outputs.append(output.parent / "cv.schema.json")  # what its $schema line names, written beside it
    new = box.files() - before - {str(o.relative_to(box.root)) for o in outputs}
    assert not new, f"left behind: {sorted(new)}\n{what}"
    if output is None:
        return
    wrote = run.exit_code == 0 or (batch and any(line.startswith(f"wrote {output}") for line in lines))
    assert output.exists() == wrote, f"output {'missing' if wrote else 'written on failure'}\n{what}"
    if wrote and parse is not None:
        parses(output, parse, what)


def parses(path: Path, fmt: str, what: str) -> None:
    """The output reads back in its syntax (an independent reader for RDF: rdflib)."""
    data = path.read_bytes()
    try:
        if fmt == "json":
            json.loads(data)
        elif fmt == "yaml":  # what `import` writes must load with cvgraph's own YAML reader
            load_yaml(path)
        else:
            from rdflib import Dataset, Graph

            target = Dataset() if fmt in ("nquads", "trig") else Graph()
            target.parse(data=data, format=fmt)
    except Exception as exc:  # noqa: BLE001 - any failure to read back is the finding
        pytest.fail(f"{path.name} ({fmt}) does not read back: {type(exc).__name__}: {str(exc)[:300]}\n{what}")


def run_checked(box: Sandbox, *args: str | Path, output: Path | None = None, batch: bool = False,
                parse: str | None = None, runner=cli) -> Run:
    before = box.files()
    run = runner(box, *args)
    check(run, box, before, output, batch=batch, parse=parse)
    return run


# ----------------------------------------------------------------------------- CV YAML

@pytest.mark.parametrize("family", FAMILIES)
@FAST
@given(data=st.data())
def test_fuzzed_cv_build_one_validate_embed_query_hold_the_rules(sandbox, family, data):
    """One hostile CV through build (a random syntax), validate, embed and a bundled query."""
    with sandbox() as box:
        fuzz_one_cv(box, data.draw(cv_documents(family), label="cv"), data)


@pytest.mark.parametrize("family", FAMILIES)
@FAST
@given(data=st.data())
def test_fuzzed_cv_folder_build_and_query_hold_the_rules(sandbox, family, data):
    """2-3 CVs, some hostile, as a batch: build (nquads or a merged syntax) and a query over all."""
    with sandbox() as box:
        fuzz_folder(box, data.draw(cv_folders(family), label="cvs"), data)


FILE_NAMES = ["cv.yaml"] * 6 + ["cv\n1.yaml", "cv\u2028.yaml", "cv\r.yaml", "cv\x85.yaml", "cv\x0b.yaml",
                               "c v.yaml", "ü.yaml", "--cv.yaml"]


def fuzz_one_cv(box: Sandbox, doc: Doc, data: st.DataObject, runner=cli) -> None:
    cv = box.put(data.draw(st.sampled_from(FILE_NAMES), label="file name"), doc)
    fmt = data.draw(st.sampled_from(sorted(RDF_FORMATS)), label="format")
    out = box.out / f"cv.{RDF_FORMATS[fmt]}"
    run_checked(box, "build", cv, "-f", fmt, "-o", out, output=out, parse=fmt, runner=runner)
    run_checked(box, "validate", cv, runner=runner)
    out = box.out / "embed.json"
    run_checked(box, "embed", cv, "-o", out, output=out, parse="json", runner=runner)
    out = box.out / "query.tsv"
    run_checked(box, "query", data.draw(st.sampled_from(QUERIES), label="query"), cv, "-f", "tsv", "-o", out,
                output=out, runner=runner)


def fuzz_folder(box: Sandbox, docs: list[Doc], data: st.DataObject, runner=cli, jobs: str = "1") -> None:
    folder = box.inputs / "cvs"
    for i, doc in enumerate(docs):
        box.put(f"{i}-" + data.draw(st.sampled_from(FILE_NAMES), label="file name"), doc, folder)
    fmt = data.draw(st.sampled_from(BATCH_FORMATS), label="format")
    out = box.out / f"all.{RDF_FORMATS[fmt]}"
    run_checked(box, "build", folder, "-f", fmt, "-o", out, "-j", jobs, output=out, batch=True, parse=fmt,
                runner=runner)
    out = box.out / "query.tsv"
    run_checked(box, "query", data.draw(st.sampled_from(QUERIES), label="query"), folder, "-f", "tsv", "-o", out,
                output=out, batch=True, runner=runner)


# ----------------------------------------------------------------------------- importer documents

@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("kind", list(IMPORT_SUFFIX))
@settings(FAST, max_examples=10)
@given(data=st.data())
def test_fuzzed_import_holds_the_rules(sandbox, kind, family, data):
    """``import KIND FILE -o OUT`` on a hostile document; what it writes loads as YAML, and
    ``build`` reads the document directly (``--from KIND``) under the same rules."""
    with sandbox() as box:
        fuzz_import(box, kind, data.draw(import_documents(kind, family), label="document"))


def fuzz_import(box: Sandbox, kind: str, doc: Doc, runner=cli) -> None:
    source = box.put("doc" + IMPORT_SUFFIX[kind], doc)
    out = box.out / "cv.yaml"
    run_checked(box, "import", kind, source, "-o", out, output=out, parse="yaml", runner=runner)
    out = box.out / "cv.ttl"
    run_checked(box, "build", source, "--from", kind, "-o", out, output=out, parse="turtle", runner=runner)


# ----------------------------------------------------------------------------- random bytes

@pytest.mark.parametrize("command", ["build", "validate", "embed", "query", *IMPORT_SUFFIX])
@settings(FAST, max_examples=20)
@given(data=random_bytes())
def test_random_bytes_hold_the_rules(sandbox, command, data):
    with sandbox() as box:
        random_bytes_run(box, command, data)


def random_bytes_run(box: Sandbox, command: str, data: bytes) -> None:
    if command in IMPORT_SUFFIX:
        source = box.put("doc" + IMPORT_SUFFIX[command], Doc(data))
        out = box.out / "cv.yaml"
        run_checked(box, "import", command, source, "-o", out, output=out, parse="yaml")
        return
    cv = box.put("cv.yaml", Doc(data))
    out = box.out / "out"
    args = {"build": ["build", cv, "-f", "nquads", "-o", out], "validate": ["validate", cv],
            "embed": ["embed", cv, "-o", out], "query": ["query", "coauthors", cv, "-o", out]}[command]
    run_checked(box, *args, output=None if command == "validate" else out,
                parse={"build": "nquads", "embed": "json"}.get(command))


# ----------------------------------------------------------------------------- what the fuzzing found
# The smallest input of each defect the fuzz tests found (the last field: which one), under the
# same rules: each failed before its fix, for certain (the random tests find them on some seeds).

ADA = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n"
BOB = "person:\n  name: Bob Babbage\n  homepage: https://example.org/~bob\n"
LS = "  job_title: \"Poet\\u2028Scientist\"\n"  # U+2028 LINE SEPARATOR, written as a YAML escape
WORK = "publications:\n  - {title: T, kind: journal, year: 2020, authors: [me], doi: '10.1000/a>b'}\n"
ORCID_NULL = ('{"orcid-identifier": {"path": "0000-0002-1825-0097"}, "activities-summary": {"works": {"group": '
              '[{"work-summary": [{"put-code": null, "title": {"title": {"value": "T"}}, "type": "journal-article"},'
              ' {"put-code": null, "title": {"title": {"value": "T"}}, "type": "journal-article"}]}]}}}')
FOUND = [  # id, files (name -> text), command (names of files in the input folder), output syntax, defect
    ("separator-nquads-one-cv", {"cv.yaml": ADA + LS}, ["build", "cv.yaml", "-f", "nquads"], "nquads", SEPARATORS),
    ("separator-nquads-folder", {"cvs/a.yaml": ADA + LS, "cvs/b.yaml": BOB}, ["build", "cvs", "-f", "nquads"],
     "nquads", SEPARATORS),
    ("separator-merged-turtle", {"cvs/a.yaml": ADA + LS, "cvs/b.yaml": BOB}, ["build", "cvs", "-f", "turtle"],
     "turtle", SEPARATORS),
    ("separator-query-folder", {"cvs/a.yaml": ADA + LS, "cvs/b.yaml": BOB}, ["query", "cv-owners", "cvs"],
     "table", SEPARATORS),
    ("iri-email-quote", {"cv.yaml": ADA + "  email: '\"a@example.org'\n"}, ["build", "cv.yaml"], "turtle", IRIS),
    ("iri-doi-angle", {"cv.yaml": ADA + WORK}, ["build", "cv.yaml"], "turtle", IRIS),
    ("iri-homepage-two-fragments", {"cv.yaml": "person:\n  name: A\n  homepage: 'https://example.org/a#x#y'\n"},
     ["build", "cv.yaml"], "turtle", IRIS),
    ("iri-homepage-bad-host", {"cv.yaml": "person:\n  name: A\n  homepage: 'https://[::1/'\n"},
     ["build", "cv.yaml"], "turtle", IRIS),
    ("number-5000-digits-yaml", {"cv.yaml": "cvgraph: " + "9" * 5000 + "\n" + ADA}, ["build", "cv.yaml"],
     "turtle", NUMBERS),
    ("number-5000-digits-jsonresume", {"r.json": '{"basics": {"name": "Ada", "x": ' + "9" * 5000 + "}}"},
     ["import", "jsonresume", "r.json"], "yaml", NUMBERS),
    ("surrogate-jsonresume", {"r.json": '{"basics": {"name": "Ada \\ud800 Lovelace"}}'},
     ["import", "jsonresume", "r.json"], "yaml", SURROGATES),
    ("orcid-null-put-codes", {"o.json": ORCID_NULL}, ["import", "orcid", "o.json"], "yaml", NULL_PUT_CODES),
]


@pytest.mark.parametrize(("files", "command", "fmt", "defect"), [
    pytest.param(files, command, fmt, defect, id=name) for name, files, command, fmt, defect in FOUND])
def test_what_the_fuzzing_found_holds_the_rules(sandbox, files, command, fmt, defect):
    with sandbox() as box:
        for name, text in files.items():
            box.put(name, Doc(text.encode("utf-8")))
        out = box.out / f"out.{RDF_FORMATS.get(fmt, fmt)}"
        args = [box.inputs / a if (box.inputs / a).exists() else a for a in command]
        run_checked(box, *args, "-o", out, output=out, batch=(box.inputs / "cvs").exists(),
                    parse=None if fmt == "table" else fmt)


@pytest.mark.parametrize("char", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"],
                         ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("command", ["build", "validate"])
def test_file_names_with_line_breaks_give_one_line_messages(sandbox, char, command):
    """Found by the fuzzing (fixed in cli/common.py): a CV file name with a line break split its
    error line, its batch progress line and its summary line in two."""
    with sandbox() as box:
        folder = box.inputs / "cvs"
        box.put(f"bad{char}cv.yaml", Doc(b"person: [\n"), folder)
        box.put("nameless.yaml", Doc(b"person: {homepage: 'https://example.org/a'}\n"), folder)
        box.put("ok.yaml", Doc(ADA.encode("utf-8")), folder)
        run = run_checked(box, command, folder / f"bad{char}cv.yaml")
        assert run.exit_code == 2
        out = box.out / "all.nt"
        args = [command, folder, "-j", "1"] + (["-f", "nt", "-o", out] if command == "build" else [])
        run = run_checked(box, *args, output=out if command == "build" else None, batch=True)
        assert run.exit_code == 2 and f"bad{char.encode('unicode_escape').decode()}cv.yaml" in run.stderr


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028"], ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("command", ["import", "build"])
def test_import_warnings_quoting_line_breaks_are_one_line(sandbox, char, command):
    """Found by the fuzzing (fixed in importers.print_warning, through errors.one_line): a
    warning quoting BibTeX text with VT, FF or U+001C-U+001E was split in two lines."""
    with sandbox() as box:
        bib = box.put("refs.bib", Doc(f"@misc{{k,\n  title = {{T}},\n  note = a{char}b,\n}}\n".encode()))
        out = box.out / ("cv.yaml" if command == "import" else "cv.ttl")
        args = ["import", "bibtex", bib] if command == "import" else ["build", bib, "--from", "bibtex"]
        run = run_checked(box, *args, "-o", out, output=out, parse="yaml" if command == "import" else "turtle")
        assert ": warning: " in run.stderr


NOT_CONFORMING_WITH_A_BROKEN_NAME = """\
person: {name: Ada, homepage: "https://example.org/ada"}
people:
  - {name: "Bob\\nSmith", orcid: 0000-0002-1825-0097}
  - {name: "Robert Smith", orcid: 0000-0002-1825-0097}
publications:
  - {kind: preprint, title: T, authors: [Ada, "Bob\\nSmith", Robert Smith], year: 2020}
"""


@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_shacl_result_quoting_a_line_break_is_one_line(tmp_path, command):
    """Found by the fuzzing (fixed in shacl.validation.Result): a person's name with a line break
    split that violation's report line in two, on stderr (build) and stdout (validate)."""
    cv = tmp_path / "cv.yaml"
    cv.write_text(NOT_CONFORMING_WITH_A_BROKEN_NAME, encoding="utf-8")
    args = [command, str(cv)] + (["-o", str(tmp_path / "cv.ttl")] if command == "build" else [])
    result = CliRunner().invoke(main, args)
    text = result.stderr if command == "build" else result.stdout
    assert result.exit_code == 1, result.output
    assert "Violation: Bob\\nSmith <https://orcid.org/0000-0002-1825-0097>" in text
    assert not any(line.startswith("Smith") for line in text.splitlines())


def test_an_output_name_with_a_line_break_is_reported_on_one_line(tmp_path):
    """The `wrote NAME` line of build (and of import, embed, site: the same echo_line) keeps an
    output name with a line break on one line."""
    cv = tmp_path / "cv.yaml"
    cv.write_text(ADA, encoding="utf-8")
    out = tmp_path / "cv\u2028.ttl"
    result = CliRunner().invoke(main, ["build", str(cv), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and result.stderr.count("\n") == 1 and "cv\\u2028.ttl" in result.stderr


# ----------------------------------------------------------------------------- real processes

@settings(FAST, max_examples=2)
@given(data=st.data())
def test_subprocess_runs_hold_the_same_rules(sandbox, data):
    """A few hostile CVs, folders (two parallel workers) and imports through ``python -m cvgraph.cli``."""
    family = data.draw(st.sampled_from(["types", "text", "nesting"]), label="family")
    with sandbox() as box:
        cv = box.put("cv.yaml", data.draw(cv_documents(family), label="cv"))
        out = box.out / "cv.ttl"
        run_checked(box, "build", cv, "-o", out, output=out, parse="turtle", runner=process)
    with sandbox() as box:
        fuzz_folder(box, data.draw(cv_folders(family), label="cvs"), data, runner=process, jobs="2")
    kind = data.draw(st.sampled_from(sorted(IMPORT_SUFFIX)), label="kind")
    with sandbox() as box:
        source = box.put("doc" + IMPORT_SUFFIX[kind], data.draw(import_documents(kind, family), label="document"))
        out = box.out / "cv.yaml"
        run_checked(box, "import", kind, source, "-o", out, output=out, parse="yaml", runner=process)


# ----------------------------------------------------------------------------- heavier profile

@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
@SLOW
@given(data=st.data())
def test_many_fuzzed_cvs_hold_the_rules(sandbox, family, data):
    with sandbox() as box:
        fuzz_one_cv(box, data.draw(cv_documents(family), label="cv"), data)
    with sandbox() as box:
        fuzz_folder(box, data.draw(cv_folders(family), label="cvs"), data)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("kind", list(IMPORT_SUFFIX))
@settings(SLOW, max_examples=max(1, DEEP // 2))
@given(data=st.data())
def test_many_fuzzed_imports_hold_the_rules(sandbox, kind, family, data):
    with sandbox() as box:
        fuzz_import(box, kind, data.draw(import_documents(kind, family), label="document"))
