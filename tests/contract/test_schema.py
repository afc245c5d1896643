"""The JSON Schema for editors (cvgraph/cv.schema.json) and the loader must agree.

The schema is generated from ``cvgraph.records.spec.FORMAT`` by ``cvgraph.records.schema.json_schema()``; the
committed file must equal the generated one. Data is validated as the loader reads it
(``cvgraph.records.yamlsafe.load_yaml(path).data``: YAML 1.1 pitfalls avoided, ``2021-05-01`` a string).

The loader's *structural* verdict (``cvgraph.records.checker.check``: types, unknown keys, missing fields,
date and identifier patterns, enum values, control characters, empty text) must equal the
schema's. Documented difference -- checks beyond JSON Schema, made only by the loader:

* references: unknown or ambiguous author/person, unknown organization or venue, an award's
  ``work`` naming no publication;
* uniqueness: duplicate ids in people/organizations/venues, duplicate publication ids;
* checksums and calendars: the ORCID check digit, impossible days such as ``2023-02-30``;
* IRIs: a url that matches the pattern but is not an IRI (RFC 3987: a second ``#``, a bad
  ``%`` escape, a ``[`` outside an IPv6 host), checked by pyoxigraph's IRI parser;
* relations between fields: an ``end`` before its ``start``, ``issn``/``publisher`` on a venue
  that is not a journal, ``part_of`` between venues that are not conferences/workshops;
* file-level problems found before there is any data: YAML syntax, encoding, size, several
  documents, duplicate keys, merge keys, tags, alias bombs.

``test_documented_difference`` pins these: the loader rejects each one, the schema accepts it.
If the schema learns to catch one, move it to STRUCTURAL and update this list.
"""
from __future__ import annotations

import copy
import json
import textwrap

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.paths import TESTS

import cvgraph
from cvgraph import RecordError
from cvgraph.records import spec
from cvgraph.records.checker import check
from cvgraph.records.schema import json_schema
from cvgraph.records.yamlsafe import load_yaml
from cvgraph.resources import schema_path

BAD = TESTS / "bad"
REGENERATE = ("python -c \"import json,cvgraph.records.schema as s; open('cvgraph/cv.schema.json','w')"
              ".write(json.dumps(s.json_schema(), indent=2, ensure_ascii=False)+'\\n')\"")
SCHEMA = json.loads(schema_path().read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MODELINE = "# yaml-language-server: $schema=../cvgraph/cv.schema.json"


def schema_errors(data) -> list[str]:
    """Every schema error, each described by its most specific cause (inside anyOf/oneOf)."""
    out = []
    for error in VALIDATOR.iter_errors(data):
        error = jsonschema.exceptions.best_match([error])
        out.append(f"/{'/'.join(map(str, error.absolute_path))}: {error.message}")
    return out


def loader_problems(path_or_name, text: str | None = None) -> list[str]:
    """Structural problems only (checker.check), not reference-level ones."""
    _, problems = check(load_yaml(path_or_name, text))
    return [str(p) for p in problems]


# ------------------------------------------------------------------------- schema file itself

def test_committed_schema_is_generated_from_spec():
    generated = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    committed = schema_path().read_text(encoding="utf-8")
    assert json.loads(committed) == json_schema(), \
        f"cvgraph/cv.schema.json is out of date with cvgraph/records/spec.py; regenerate it with:\n{REGENERATE}"
    assert committed == generated, f"cvgraph/cv.schema.json is not formatted as generated; run:\n{REGENERATE}"


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft202012Validator
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_sample_has_modeline_that_resolves_to_the_schema():
    sample = cvgraph.sample_path()
    first = sample.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    target = (sample.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file(), f"{target} does not exist"
    assert target == schema_path().resolve()


def test_cli_prints_the_schema():
    from click.testing import CliRunner

    from cvgraph.cli import main

    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA


# ---------------------------------------------------------------- loader and schema agree

def test_sample_validates():
    sample = cvgraph.sample_path()
    assert schema_errors(load_yaml(sample).data) == []
    assert loader_problems(sample) == []
    cvgraph.load(sample)


# fixtures the loader rejects for a structural reason: the schema must reject them too
STRUCTURAL = ["wrong-type.yaml", "unknown-key.yaml", "missing-required.yaml", "bad-date-format.yaml",
              "control-char.yaml", "doi-prefix.yaml", "unknown-enum.yaml", "several-problems.yaml"]
# fixtures the loader rejects for reasons beyond JSON Schema (see the module docstring)
BEYOND_SCHEMA = ["end-before-start.yaml", "unknown-author.yaml", "ambiguous-author.yaml",
                 "unknown-venue.yaml", "unknown-org.yaml", "duplicate-person-id.yaml",
                 "duplicate-publication-id.yaml", "award-missing-work.yaml", "issn-on-conference.yaml",
                 "bad-orcid.yaml", "bad-date-day.yaml", "url-not-an-iri.yaml"]


def test_every_data_fixture_is_classified():
    # the rest fail before there is data to validate
    file_level = {"syntax-error.yaml", "alias-bomb.yaml", "comments-only.yaml", "two-documents.yaml",
                  "latin1.yaml", "duplicate-key.yaml", "merge-key.yaml", "python-tag.yaml", "tab-indent.yaml"}
    assert {p.name for p in BAD.glob("*.yaml")} == set(STRUCTURAL) | set(BEYOND_SCHEMA) | file_level


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structural_fixture_rejected_by_both(name):
    path = BAD / name
    with pytest.raises(RecordError):
        cvgraph.load(path)
    assert loader_problems(path), "the loader must reject this for a structural reason"
    assert schema_errors(load_yaml(path).data), "the schema accepts what the loader rejects"


@pytest.mark.parametrize("name", BEYOND_SCHEMA)
def test_documented_difference(name):
    path = BAD / name
    with pytest.raises(RecordError):
        cvgraph.load(path)
    assert schema_errors(load_yaml(path).data) == [], \
        "the schema now catches this: move it to STRUCTURAL and update the module docstring"


HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n"
GOOD = {
    "minimal": "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n",
    "bare-integer-years": HEAD + textwrap.dedent("""\
        organizations: [{id: o, name: O}]
        education:
          - {degree: Ph.D., institution: o, start: 2015, end: 2020}
        awards:
          - {name: Best Paper, year: 2017}
        service:
          - {role: Reviewer, venue: v, years: [2021, 2022]}
        venues: [{id: v, name: V, kind: journal}]
        publications:
          - {kind: journal, title: T, authors: [Ada Lovelace], year: 2019}
        """),
    "present-end": HEAD + textwrap.dedent("""\
        organizations: [{id: o, name: O}]
        employment:
          - {title: Professor, organization: o, start: "2022-03", end: present}
        """),
    "authors-name-ref": HEAD + textwrap.dedent("""\
        people: [{id: bob, name: Bob Smith}]
        publications:
          - kind: preprint
            title: T
            authors: [{name: A. Lovelace, ref: me}, {name: B. Smith, ref: bob}, Bob Smith]
        """),
    "numbers-as-text": HEAD + textwrap.dedent("""\
        publications:
          - {kind: journal, title: T, authors: [Ada Lovelace], volume: 158, article: 025010, pages: 12}
        """),
    "nulls-for-optional": HEAD + "interests:\nupdated: ~\npeople:\n  - {name: Bob, url: null}\n",
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_good_variant_accepted_by_both(case):
    text = GOOD[case]
    cvgraph.loads(text, name=f"{case}.yaml")
    assert loader_problems(f"{case}.yaml", text) == []
    assert schema_errors(load_yaml(f"{case}.yaml", text).data) == []


# structural cases found to disagree; each must be judged the same way by both
DRIFT = {
    # JSON Schema counts 2020.0 as the integer 2020, and so does the loader
    "float-year": (HEAD + "awards: [{name: A, year: 2020.0}]\n", True),
    "float-format-version": ("cvgraph: 1.0\n" + HEAD, True),
    # strs and author use {type: string, minLength: 1}, not the free-text rule of `str`
    "control-char-in-degree": (HEAD + "organizations: [{id: o, name: O}]\n"
                               "education: [{degree: \"Ph.D.\\a\", institution: o}]\n", False),
    "blank-degree": (HEAD + "organizations: [{id: o, name: O}]\n"
                     "education: [{degree: \" \", institution: o}]\n", False),
    "control-char-in-author": (HEAD + "publications: [{kind: journal, title: T, authors: [\"Ada\\x1b\"]}]\n",
                               False),
    "blank-author": (HEAD + "publications: [{kind: journal, title: T, authors: [\"  \"]}]\n", False),
    # FORMAT.md's own example writes `arxiv: 2301.00001` unquoted: a float to YAML. The loader
    # reads it back as written and accepts it; the schema says "not a string".
    "unquoted-arxiv-id": (HEAD + "publications: [{kind: preprint, title: T, authors: [Ada Lovelace], "
                          "arxiv: 2301.00001}]\n", True),
}


@pytest.mark.parametrize("case", sorted(DRIFT))
def test_loader_and_schema_agree_on_edge_case(case):
    text, valid = DRIFT[case]
    loaded = load_yaml(f"{case}.yaml", text)
    loader, schema = loader_problems(f"{case}.yaml", text), schema_errors(loaded.data)
    assert (loader == []) is valid, f"loader: {loader}"
    assert (schema == []) is valid, f"loader says {loader or 'valid'}; schema says {schema or 'valid'}"


# ------------------------------------------------------------------- property-based agreement

TEXT = (["Ada Lovelace", "Analytical engines", "NO", "yes", "C/C++", 42, 3.5, "025010"],
        ["", "   ", "a\x07b", "tab\x0bbed", True, ["x"], {"k": "v"}])
DATE_OK = [2020, "2020", "2020-06", "2020-06-15"]
DATE_BAD = ["2020/06", "June 2020", "2020-13", "2020-06-32", 999, 99999, "20-06", False, 2020.0]
# Each kind: (values the loader accepts, values it refuses). Checksum and calendar errors (bad
# ORCID check digit, 2023-02-30) are left out: they are documented differences.
POOLS: dict[str, tuple[list, list]] = {
    "str": TEXT,
    "ref": TEXT,
    "date": (DATE_OK, DATE_BAD),
    "enddate": (DATE_OK + ["present"], DATE_BAD + ["now", "Present"]),
    "year": ([2021, "2021"], ["2021-05", "21", 2021.0, True]),
    "term": (["Spring 2023", "Fall 2019", "Autumn 2020"], ["spring 2023", "Spring '23", 2023, "Fall"]),
    "url": (["https://example.org/~ada", "http://x.org"], ["example.org", "ftp://x.org/", "https://a b"]),
    "email": (["ada@example.org"], ["ada@example", "ada.example.org"]),
    "doi": (["10.1145/3580305.3599890", "10.1000/xyz"], ["https://doi.org/10.1000/xyz", "doi:10.1000/x"]),
    "orcid": (["0000-0002-1825-0097"], ["0000-0002-1825-009", "https://orcid.org/0000-0002-1825-0097", 1234]),
    "ror": (["01easw929"], ["https://ror.org/01easw929", "1easw929"]),
    "arxiv": (["2301.00001", "cs/0112017", "2301.00001v2", 2301.00001], ["arXiv:2301.00001", "2301.1"]),
    "wikidata": (["Q7259", "Q1"], ["Q0", "q7259", "https://www.wikidata.org/wiki/Q7259", 7259]),
    "issn": (["1234-5678", "2159-539X"], ["12345678", 12345678]),
    "int": ([1], [2, "1", True]),
    "bool": ([True, False], ["true", "yes", 1, 0, "x"]),
    "identifier": (["pmid:123", "dblp:conf/sc/LeeJ17", "orcid-put-code:12345"],
                   ["12345", "pmid:", ":123", "pmid: 123", "10.1000/x", 123]),
    "id": (["lee2024layerwise", "inha-cse", "a.b_c", 42], ["my paper", "-x", 'a"b', "é", 4.5, -3]),
    # a plain number is read back as the text it was written as, here as for `str`
    "strs": (["Ph.D.", ["B.S.", "M.S."], [], 5], ["", [""], ["a\x07"], " ", {"k": "v"}]),
    "author": (["Ada Lovelace", {"name": "A. Lovelace", "ref": "me"}, 7],
               [{"name": "A"}, {"name": "A", "ref": "me", "extra": 1}, " ", "a\x07", ["x"]]),
}
UNKNOWN_KEYS = ["titel", "extra", "Name", "homepge"]
ROOT = spec.F("obj", True, of=spec.FORMAT)


def _pool(f: spec.F) -> tuple[list, list]:
    if f.kind == "obj":
        return [{}], ["text", ["x"]]
    if f.kind == "list":
        return [[]], ["text", {"k": "v"}]
    if f.enum and f.kind != "int":
        return list(f.enum), ["jornal", "Journal", 1]
    return POOLS[f.kind]


def _valid(draw, f: spec.F):
    """A value the loader accepts structurally for field ``f`` (every kind of good value)."""
    if f.kind == "obj":
        out = {}
        for key, sub in f.of.items():
            if sub.required or draw(st.sampled_from([True, False])):
                out[key] = _valid(draw, sub)
        return out
    if f.kind == "list":
        return [_valid(draw, f.of) for _ in range(draw(st.sampled_from([1, 2, 0])))]
    return copy.deepcopy(draw(st.sampled_from(_pool(f)[0])))  # never hand out (and mutate) the pool's own


def _slots(value, f: spec.F, path: tuple, out: list) -> list:
    """Every place in ``value`` (with its field spec) where a fault can be put."""
    out.append((path, f, value))
    if f.kind == "obj" and isinstance(value, dict):
        for key, item in value.items():
            _slots(item, f.of[key], path + (key,), out)
    elif f.kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            _slots(item, f.of, path + (i,), out)
    elif f.kind == "author" and isinstance(value, dict):
        for key, item in value.items():
            _slots(item, spec.AUTHOR_OBJ[key], path + (key,), out)
    return out


def _put(document: dict, path: tuple, value) -> None:
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@st.composite
def cv_documents(draw) -> dict:
    """A structurally valid CV, usually with exactly one fault injected somewhere: one fault at a
    time is what shows a disagreement (with several, both sides reject anyway)."""
    document = _valid(draw, ROOT)
    by_kind: dict[str, list] = {}
    for slot in _slots(document, ROOT, (), []):
        by_kind.setdefault("enum" if slot[1].enum else slot[1].kind, []).append(slot)
    # pick a kind first, then a place of that kind: every kind gets faults, not just the common ones
    path, f, value = draw(st.sampled_from(by_kind[draw(st.sampled_from(sorted(by_kind)))]))
    fault = draw(st.sampled_from(["none", "bad", "bad", "bad", "other-good", "unknown-key", "null"]))
    if fault == "bad" and path:
        _put(document, path, copy.deepcopy(draw(st.sampled_from(_pool(f)[1]))))
    elif fault == "other-good" and path:
        _put(document, path, _valid(draw, f))
    elif fault == "unknown-key" and isinstance(value, dict):
        value[draw(st.sampled_from(UNKNOWN_KEYS))] = "x"
    elif fault == "null" and path:
        _put(document, path, None)
    return document


# No shrinking: the failure message already names the one injected fault, and shrinking these
# documents takes longer than the whole test file is allowed to.
@settings(max_examples=200, deadline=None, database=None, derandomize=True, report_multiple_bugs=False,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cv_documents())
def test_random_documents_loader_and_schema_agree(document):
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    loaded = load_yaml("random.yaml", text)
    loader, schema = loader_problems("random.yaml", text), schema_errors(loaded.data)
    assert (loader == []) == (schema == []), (
        f"YAML:\n{text}\nloader: {loader or 'valid'}\nschema: {schema or 'valid'}")
