"""Loading CV files: every bad-input kind is reported precisely, good input is read as written.

Each bad-input kind has a minimal fixture in ``tests/bad/`` whose first line says what is wrong.
Positions below were worked out by hand from the fixture text (1-based line and column), not
copied from the loader's output. Messages and hints are checked on key substrings only.

Inputs that must be generated (empty file, oversized file, raw control bytes, the alias-bomb
run under resource limits) are written to ``tmp_path``.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support.paths import TESTS

import cvgraph
from cvgraph import Problem, RecordError
from cvgraph.records.yamlsafe import MAX_BYTES, load_yaml

BAD = TESTS / "bad"

HEAD = "person:\n  name: Ada Lovelace\n  aliases: [A. Lovelace]\n  homepage: https://example.org/~ada\n"


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(RecordError) as info:
        cvgraph.load(path)
    assert info.value.problems, "RecordError raised without problems"
    return info.value.problems


def problems_in(text: str, name: str = "cv.yaml") -> list[Problem]:
    with pytest.raises(RecordError) as info:
        cvgraph.loads(text, name=name)
    assert info.value.problems, "RecordError raised without problems"
    return info.value.problems


def check(problem: Problem, line: int, column: int, field: str, message=(), hint=()) -> None:
    """Exact position and field; key substrings of message and hint (case-insensitive)."""
    got = (problem.line, problem.column, problem.field)
    assert got == (line, column, field), f"{problem}: expected {line}:{column} {field!r}"
    for part in message:
        assert part.lower() in problem.message.lower(), f"{part!r} not in message of {problem}"
    for part in hint:
        assert part.lower() in problem.hint.lower(), f"{part!r} not in hint of {problem}"


# fixture -> every problem it must produce: (line, column, field, message parts, hint parts)
EXPECTED = {
    "syntax-error.yaml": [(7, 17, "", ["syntax", "mapping values"], ["quote"])],
    "wrong-type.yaml": [(5, 1, "interests", ["expected a list", "text"], ["- item"])],
    "unknown-key.yaml": [
        (6, 5, "publications[0]", ["missing required field", "'title'"], ["title:"]),
        (7, 5, "publications[0].titel", ["unknown key"], ["did you mean", "'title'"]),
    ],
    "missing-required.yaml": [(2, 1, "person", ["missing required field", "'name'"], ["name:"])],
    "bad-date-format.yaml": [(11, 5, "internships[0].start", ["date", "2020/06"], ["YYYY-MM"])],
    "bad-date-day.yaml": [(11, 5, "internships[0].start", ["no day", "2023-02-30"], ["day of the month"])],
    "end-before-start.yaml": [(12, 5, "employment[0].end", ["before", "2020", "2022"], ["swap"])],
    "unknown-author.yaml": [(11, 29, "publications[0].authors[1]", ["unknown person", "Weikeng Liao"],
                             ["did you mean", "'Wei-keng Liao'", "aliases"])],
    "ambiguous-author.yaml": [(15, 29, "publications[0].authors[1]",
                               ["J. Smith", "several", "jane-smith", "john-smith"], ["{name:", "ref:"])],
    "unknown-venue.yaml": [(13, 5, "publications[0].venue", ["unknown venue", "aaia"],
                            ["did you mean", "'aaai'", "or add 'aaia' to its aliases"])],
    "unknown-org.yaml": [(10, 5, "employment[0].organization", ["unknown organization", "Inha Univ"],
                          ["did you mean", "'Inha University'"])],
    "duplicate-person-id.yaml": [(7, 5, "people[1].id", ["duplicate", "bob-smith"], ["id"])],
    "duplicate-publication-id.yaml": [(10, 5, "publications[1].id", ["duplicate", "lovelace1843notes"],
                                       ["id:"])],
    "comments-only.yaml": [(1, 1, "", ["empty"], [])],
    "two-documents.yaml": [(6, 1, "", ["more than one", "document"], ["one CV per file"])],
    "control-char.yaml": [(7, 5, "publications[0].title", ["control character", "U+0007"], ["remove"])],
    "bad-orcid.yaml": [(5, 3, "person.orcid", ["0000-0002-1825-0098", "check digit"], ["orcid.org"])],
    "url-not-an-iri.yaml": [(5, 3, "person.homepage", ["https://example.org/~ada#x#y", "not a valid IRI", "'#'"],
                             ["one '#'"])],
    "doi-prefix.yaml": [(9, 5, "publications[0].doi", ["doi", "https://doi.org/10.1145/3580305.3599890"],
                         ["bare DOI", "no https://doi.org/"])],
    "unknown-enum.yaml": [(6, 5, "publications[0].kind", ["unknown value", "'jornal'"],
                           ["did you mean", "'journal'"])],
    "award-missing-work.yaml": [(12, 5, "awards[0].work", ["unknown publication", "lovelace1843note"],
                                 ["did you mean", "'lovelace1843notes'"])],
    "issn-on-conference.yaml": [(9, 5, "venues[0].issn", ["only a journal", "issn", "conference"],
                                 ["kind: journal"])],
    "python-tag.yaml": [(5, 1, "interests", ["tag", "python/object/apply:os.system"], ["remove"])],
    "duplicate-key.yaml": [(5, 3, "person.name", ["twice"], ["remove"])],
    "merge-key.yaml": [(7, 5, "organizations[1]", ["merge", "<<"], ["write the keys out"])],
    "latin1.yaml": [(3, 12, "", ["UTF-8", "0xe9"], ["UTF-8"])],
    "tab-indent.yaml": [(7, 1, "", ["a tab character", "YAML indents with spaces"], ["replace the tab with spaces"])],
    "several-problems.yaml": [
        (11, 3, "person.homepge", ["unknown key"], ["did you mean", "'homepage'"]),
        (12, 3, "person.orcid", ["check digit"], []),
        (16, 5, "organizations[0].kind", ["'univeristy'"], ["did you mean", "'university'"]),
        (24, 5, "employment[0].end", ["before"], ["swap"]),
        (28, 29, "publications[0].authors[1]", ["unknown person", "Charles Babage"],
         ["'Charles Babbage'"]),
        (29, 5, "publications[0].year", ["2023-02-30"], []),
        (30, 5, "publications[0].doi", ["https://doi.org/10.1000/xyz"], ["bare DOI"]),
    ],
}


def test_every_fixture_has_expectations_and_a_comment():
    fixtures = {p.name for p in BAD.glob("*.yaml")}
    assert fixtures == set(EXPECTED) | {"alias-bomb.yaml"}  # the bomb runs under limits below
    for path in BAD.glob("*.yaml"):
        first = path.read_bytes().split(b"\n", 1)[0]
        assert first.startswith(b"# ") and len(first) > 20, f"{path.name}: first line must say what is wrong"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_exactly_its_problems(name):
    path = BAD / name
    problems = problems_of(path)
    expected = EXPECTED[name]
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, (line, column, field, message, hint) in zip(problems, expected):
        assert problem.file == str(path)
        check(problem, line, column, field, message, hint)
        assert problem.hint, f"{problem}: every problem needs a hint"
        assert "\n" not in str(problem), f"{problem!r}: must be one line"


def test_several_problems_all_reported_sorted_by_line():
    problems = problems_of(BAD / "several-problems.yaml")
    # structural problems (check) and reference problems (resolver) come from different passes;
    # the report interleaves them in file order
    assert [p.line for p in problems] == [11, 12, 16, 24, 28, 29, 30]
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)
    text = str(RecordError(problems))
    assert text.splitlines()[0].startswith(f"{BAD / 'several-problems.yaml'}:11:3 person.homepge: ")


def test_problem_string_format():
    problem = problems_of(BAD / "unknown-key.yaml")[1]
    assert str(problem) == (f"{BAD / 'unknown-key.yaml'}:7:5 publications[0].titel: unknown key "
                            "(hint: did you mean 'title'?)")
    whole_file = Problem("cv.yaml", 1, 1, "", "file is empty", "")
    assert str(whole_file) == "cv.yaml:1:1 file is empty"


def test_loads_uses_given_name():
    problems = problems_in(HEAD + "interests: 5\n", name="mine.yaml")
    assert [p.file for p in problems] == ["mine.yaml"]
    check(problems[0], 5, 1, "interests", ["expected a list", "number"])


# ----------------------------------------------------------------------- the ambiguity fix

def test_ambiguous_author_fixed_with_name_and_ref():
    text = (BAD / "ambiguous-author.yaml").read_text(encoding="utf-8")
    fixed = text.replace("[Ada Lovelace, J. Smith]", "[Ada Lovelace, {name: J. Smith, ref: jane-smith}]")
    assert fixed != text
    cv = cvgraph.loads(fixed, name="fixed.yaml")
    assert cv.data["publications"][0]["authors"] == [
        {"name": "Ada Lovelace", "ref": "me"}, {"name": "J. Smith", "ref": "jane-smith"}]


def test_author_object_with_unknown_ref():
    problems = problems_in(HEAD + "publications:\n  - kind: journal\n    title: T\n"
                                  "    authors: [{name: J. Smith, ref: nobody}]\n")
    check(problems[0], 8, 32, "publications[0].authors[0].ref", ["unknown person", "nobody"], ["people"])


# ------------------------------------------------------------------ generated bad input

def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    [problem] = problems_of(path)
    assert problem.file == str(path)
    check(problem, 1, 1, "", ["empty"], ["cvgraph init"])
    [problem] = problems_in("", name="empty.yaml")
    check(problem, 1, 1, "", ["empty"])


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.yaml"
    path.write_text("\n   \n\n", encoding="utf-8")
    [problem] = problems_of(path)
    check(problem, 1, 1, "", ["empty"])


def test_oversized_file(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.write(HEAD.encode() + b"interests:\n")
        line = b"  - " + b"x" * 1000 + b"\n"
        out.write(line * (MAX_BYTES // len(line) + 1))
    size = path.stat().st_size
    assert size > MAX_BYTES
    start = time.perf_counter()
    [problem] = problems_of(path)
    assert time.perf_counter() - start < 2, "the size check must come before parsing"
    assert problem.file == str(path)
    check(problem, 1, 1, "", [f"{size:,}", f"{MAX_BYTES:,}", "limit"], ["split"])


def test_file_of_exactly_max_bytes_is_not_rejected_for_size(tmp_path):
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"#" * (MAX_BYTES - 1) + b"\n")
    [problem] = problems_of(path)
    check(problem, 1, 1, "", ["empty"])  # parsed (only a comment), not refused for its size


def test_not_utf8_gives_line_and_column(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEAD.encode() + b"interests:\n  - caf\xe9 culture\n")
    [problem] = problems_of(path)
    check(problem, 6, 8, "", ["not UTF-8", "0xe9"], ["UTF-8"])


def test_not_utf8_column_counts_characters_not_bytes(tmp_path):
    # "é" before the bad byte is valid UTF-8 (2 bytes, 1 character); every other position the
    # loader reports is in characters (PyYAML marks), so this one should be too.
    path = tmp_path / "mixed.yaml"
    path.write_bytes("person:\n  name: Émile Ren".encode() + b"\xe9\n")
    [problem] = problems_of(path)
    check(problem, 2, 18, "", ["not UTF-8"])  # "  name: Émile Ren" is 17 characters, 18 bytes


def test_unreadable_path(tmp_path):
    path = tmp_path / "missing.yaml"
    [problem] = problems_of(path)
    assert problem.file == str(path)
    check(problem, 1, 1, "", ["cannot read"], ["path"])


def test_raw_control_character_in_file_is_located(tmp_path):
    # A raw BEL byte (not the "\a" escape) is refused by the YAML reader itself; the problem must
    # still point at it and stay on one line.
    path = tmp_path / "bell.yaml"
    path.write_bytes(HEAD.encode() + b"interests:\n  - Analytical\x07 engines\n")
    [problem] = problems_of(path)
    assert problem.file == str(path)
    assert "\n" not in problem.message, f"multi-line message: {problem.message!r}"
    assert "U+0007" in problem.message or "#x0007" in problem.message
    assert (problem.line, problem.column) == (6, 15), f"{problem}: expected line 6, column 15"


@pytest.mark.parametrize(("tail", "line", "column"), [
    ("interests:\n\t- Analytical engines\n", 6, 1),  # a tab instead of the indentation
    ("interests:\n  \t- Analytical engines\n", 6, 3),  # a tab after spaces
    ("publications:\n  -\tkind: journal\n    title: T\n", 6, 4),  # a tab after the dash
])
def test_tab_in_indentation_is_named(tail, line, column):
    """Issue 15 item 8: a tab is named as the problem (PyYAML's "cannot start any token" was not)."""
    [problem] = problems_in(HEAD + tail)
    check(problem, line, column, "", ["a tab character: YAML indents with spaces"], ["replace the tab with spaces"])
    assert str(problem) == (f"cv.yaml:{line}:{column} a tab character: YAML indents with spaces "
                            "(hint: replace the tab with spaces)")


def test_control_character_in_author_name():
    problems = problems_in(HEAD + "publications:\n  - kind: journal\n    title: T\n"
                                  "    authors: [\"Ada\\x1bLovelace\"]\n")
    check(problems[0], 8, 15, "publications[0].authors[0]", ["U+001B"], ["remove"])


def test_trailing_newline_does_not_pass_as_a_date():
    # PATTERNS are applied with re.match and end in "$", which also matches before a final "\n":
    # a block scalar date "2023\n" must be refused, not passed on to the graph.
    text = HEAD + ("organizations: [{id: o, name: O}]\nemployment:\n  - title: T\n    organization: o\n"
                   "    start: |\n      2023\n")
    problems = problems_in(text)
    check(problems[0], 9, 5, "employment[0].start", ["date"])


# ----------------------------------------------------------------------------- alias bombs

_BOUNDED = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a real bomb dies here
    import cvgraph
    try:
        cvgraph.load(sys.argv[1])
        print(json.dumps("loaded"))
    except cvgraph.RecordError as exc:
        print(json.dumps([[p.file, p.line, p.column, p.field, p.message, p.hint] for p in exc.problems]))
""")


def _load_bounded(path: Path) -> object:
    """Load in a child process with a 1 GiB address-space limit and a 30 s timeout."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _BOUNDED, str(path)], capture_output=True, text=True,
                          timeout=30)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout), elapsed


def test_alias_bomb_fails_fast_with_clear_error():
    result, elapsed = _load_bounded(BAD / "alias-bomb.yaml")
    assert result != "loaded"
    [[file, line, column, field, message, hint]] = result
    assert file == str(BAD / "alias-bomb.yaml")
    assert field.startswith("interests[")
    assert 6 <= line <= 14 and column >= 1
    assert "alias" in message and "200,000" in message
    assert "alias" in hint
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_self_referencing_alias_is_a_clean_error():
    # `&a [*a]` composes to a list that contains itself: an infinitely deep value.
    with pytest.raises(RecordError) as info:
        cvgraph.loads(HEAD + "interests: &a [*a]\n", name="loop.yaml")
    [problem] = info.value.problems
    assert problem.line == 5 and problem.field.startswith("interests")


def test_deep_nesting_is_a_clean_error():
    depth = 5000  # 10 KB of brackets; no alias involved
    with pytest.raises(RecordError) as info:
        cvgraph.loads(HEAD + "interests: " + "[" * depth + "]" * depth + "\n", name="deep.yaml")
    assert info.value.problems[0].line == 5


# ------------------------------------------------------------------------------ safe loading

def test_python_tag_refused_and_not_executed(tmp_path):
    marker = tmp_path / "ran"
    text = HEAD + f'interests: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(RecordError) as info:
        cvgraph.loads(text, name="tag.yaml")
    assert not marker.exists(), "a Python tag was executed"
    [problem] = info.value.problems
    check(problem, 5, 1, "interests", ["tag"])


@pytest.mark.parametrize("value", [
    "!!python/name:os.system 'x'",
    "[!!python/name:os.system 'x']",
    "[!!python/name:os.system x]",
    "!!python/object:collections.OrderedDict {a: 1}",
    "!!python/object/new:os.system [echo hi]",
    "!custom [a, b]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
])
def test_non_plain_tags_refused(value):
    with pytest.raises(RecordError) as info:
        cvgraph.loads(HEAD + f"interests: {value}\n", name="tag.yaml")
    [problem] = info.value.problems
    assert problem.line == 5 and problem.field.startswith("interests")
    assert "tag" in problem.message.lower(), str(problem)


def test_top_level_python_tag_is_refused_as_a_tag():
    with pytest.raises(RecordError) as info:
        cvgraph.loads('!!python/object/apply:os.system ["echo hi"]\n', name="tag.yaml")
    assert "tag" in info.value.problems[0].message.lower(), str(info.value)


# -------------------------------------------------------------------------- YAML 1.1 pitfalls

PITFALLS = HEAD.replace("  homepage", "  address: {country: NO}\n  homepage") + textwrap.dedent("""\
    interests: [on, yes, no, off, y, n, True-ish, 0x1F, 1_000, .inf, 12:30]
    publications:
      - kind: journal
        title: On the analytical engine
        authors: [Ada Lovelace]
        year: 2021-05-01
        article: 025010
        volume: 158
        issue: 007
        pages: 1-14
""")


def test_yaml11_pitfalls_read_as_written():
    cv = cvgraph.loads(PITFALLS, name="pitfalls.yaml")
    assert cv.data["person"]["address"]["country"] == "NO"
    assert cv.data["interests"] == ["on", "yes", "no", "off", "y", "n", "True-ish", "0x1F", "1_000",
                                    ".inf", "12:30"]
    pub = cv.data["publications"][0]
    assert pub["year"] == "2021-05-01"
    assert pub["article"] == "025010"
    assert pub["volume"] == "158"
    assert pub["issue"] == "007"
    assert pub["pages"] == "1-14"
    assert all(isinstance(v, str) for v in (pub["year"], pub["article"], pub["volume"]))


def test_yamlsafe_raw_types():
    loaded = load_yaml("x.yaml", "a: NO\nb: yes\nc: on\nd: 2021-05-01\ne: 025010\nf: 158\ng: 1.50\n"
                                 "h: true\ni: ~\nj: '158'\n")
    assert loaded.data == {"a": "NO", "b": "yes", "c": "on", "d": "2021-05-01", "e": 25010, "f": 158,
                           "g": 1.5, "h": True, "i": None, "j": "158"}
    assert loaded.raw[("e",)] == "025010" and loaded.raw[("g",)] == "1.50"
    assert ("j",) not in loaded.raw  # quoted: no raw text needed
    assert loaded.where(("e",)) == (5, 1)


def test_bom_is_ignored(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert cvgraph.load(path).data["person"]["name"] == "Ada Lovelace"


def test_bare_year_dates_and_present():
    cv = cvgraph.loads(HEAD + "organizations: [{id: o, name: O}]\nemployment:\n"
                              "  - {title: T, organization: o, start: 2020, end: present}\n"
                              "  - {title: U, organization: o, start: 2018, end: 2020}\n")
    assert [(e["start"], e.get("end")) for e in cv.data["employment"]] == [("2020", "present"),
                                                                          ("2018", "2020")]


def test_end_at_coarser_precision_in_the_same_year_is_not_before_start():
    # start 2023-05, end 2023: the end (some time in 2023) is not before the start. Comparing the
    # strings says "2023" < "2023-05", which is a false alarm.
    cv = cvgraph.loads(HEAD + "organizations: [{id: o, name: O}]\ninternships:\n"
                              "  - {title: T, organization: o, start: \"2023-05\", end: 2023}\n")
    assert cv.data["internships"][0]["end"] == "2023"


def test_end_before_start_at_mixed_precision():
    problems = problems_in(HEAD + "organizations: [{id: o, name: O}]\neducation:\n"
                                  "  - {degree: PhD, institution: o, start: \"2020-05-01\", end: 2019}\n")
    check(problems[0], 7, 56, "education[0].end", ["before"], ["swap"])


def test_follow_up_of_a_bad_enum_is_not_reported_with_none():
    # The unknown kind is the one problem; the issn check must not then say "a None".
    problems = problems_in(HEAD + "venues:\n  - id: v\n    name: V\n    kind: jornal\n    issn: 1234-5678\n")
    check(problems[0], 8, 5, "venues[0].kind", ["'jornal'"], ["'journal'"])
    assert all("None" not in p.message for p in problems), "\n".join(map(str, problems))


# -------------------------------------------------------------------------- author resolution

PEOPLE = textwrap.dedent("""\
    people:
      - id: wei-keng-liao
        name: Wei-keng Liao
        aliases: [Weikeng Liao]
      - id: robert-ross
        name: Robert Ross
        aliases: [Ross Robert]
""")


def _authors(authors: str) -> list[dict]:
    cv = cvgraph.loads(HEAD + PEOPLE + "publications:\n  - kind: journal\n    title: T\n"
                       f"    authors: {authors}\n", name="authors.yaml")
    return cv.data["publications"][0]["authors"]


def test_owner_recognised_by_name_and_alias():
    assert _authors("[Ada Lovelace, A. Lovelace]") == [
        {"name": "Ada Lovelace", "ref": "me"}, {"name": "A. Lovelace", "ref": "me"}]


def test_matching_ignores_case_and_white_space():
    authors = _authors("['ada  LOVELACE', ' a. lovelace ', WEIKENG liao, \"robert\\tross\", ross  robert]")
    assert [a["ref"] for a in authors] == ["me", "me", "wei-keng-liao", "robert-ross", "robert-ross"]
    # the printed form is kept exactly as written
    assert [a["name"] for a in authors] == ["ada  LOVELACE", " a. lovelace ", "WEIKENG liao",
                                            "robert\tross", "ross  robert"]


def test_registry_id_also_resolves():
    assert _authors("[wei-keng-liao]") == [{"name": "wei-keng-liao", "ref": "wei-keng-liao"}]


def test_printed_order_kept():
    printed = ["Robert Ross", "Ada Lovelace", "Weikeng Liao", "Wei-keng Liao", "A. Lovelace"]
    authors = _authors("[" + ", ".join(printed) + "]")
    assert [a["name"] for a in authors] == printed
    assert [a["ref"] for a in authors] == ["robert-ross", "me", "wei-keng-liao", "wei-keng-liao", "me"]


def test_explicit_ref_mixes_with_printed_names():
    authors = _authors("[Robert Ross, {name: 'R. Ross', ref: robert-ross}, {name: Ada, ref: me}]")
    assert authors == [{"name": "Robert Ross", "ref": "robert-ross"},
                       {"name": "R. Ross", "ref": "robert-ross"}, {"name": "Ada", "ref": "me"}]


def test_sample_loads():
    cv = cvgraph.load(cvgraph.sample_path())
    pubs = cv.data["publications"]
    assert pubs[0]["authors"] == [{"name": "Sunwoo Lee", "ref": "me"}]
    assert all(a["ref"] for p in pubs for a in p["authors"])
    mlst = next(p for p in pubs if p["id"] == "madireddy2020insitu")
    assert mlst["article"] == "025010" and mlst["volume"] == "2"
