"""ontology/mapping.yaml is checked when loaded: a broken table gives one located line per problem
(``file:line:col where: message (hint: …)``), never a traceback, and the table agrees with the
record format (cvgraph/records/spec.py) field by field."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cvgraph.cli import main
from cvgraph.mapping import table as mapping_table
from cvgraph.mapping import walker as mapping
from cvgraph.mapping.table import MappingError, load_table, table_path
from cvgraph.mapping.template import Template, TemplateError
from cvgraph.records.spec import FORMAT, item_fields

TEXT = table_path().read_text(encoding="utf-8")
LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+) (?P<field>\S+): (?P<message>.+?)(?: \(hint: .+\))?$")


def broken(old: str, new: str) -> tuple[str, int]:
    """The bundled table with ``old`` (which occurs once) replaced; the line of the change."""
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new), TEXT[: TEXT.index(old)].count("\n") + 1 + old[: len(old) - len(old.lstrip("\n"))].count("\n")


# (what is broken, old text, new text, where the error points, what it says)
CASES = {
    "unknown-as": ("    updated: schema:dateModified\n", "    updated: {p: schema:dateModified, as: dat}\n",
                   "page.fields.updated.as", "unknown conversion 'dat'"),
    "list-under-links": ("  links:\n    main: {p: [schema:mainEntity, foaf:primaryTopic], to: owner}\n",
                         "  links: [schema:mainEntity, foaf:primaryTopic]\n",
                         "page.links", "expected name: {p: predicate(s), to: owner|parent} lines, got a list"),
    "predicates-as-a-link": ("    performer: {p: schema:performer, to: owner}\n",
                             "    performer: [schema:performer, schema:contributor]\n",
                             "talks.links.performer", "a link is {p: predicate(s), to: owner|parent}, got a list"),
    "unknown-key": ("  iri: \"#talk-{n}\"\n  types: [schema:Event]\n", "  iri: \"#talk-{n}\"\n  typs: [schema:Event]\n",
                    "talks.typs", "unknown key 'typs'"),
    "missing-predicate": ("    date: schema:dateCreated   # when it was issued\n", "    date: {as: date}\n",
                          "certificates.fields.date", "missing predicate p:"),
    "unknown-field": ("    fluency: schema:description\n", "    fluence: schema:description\n",
                      "languages.fields.fluence", "unknown field 'fluence'"),
    "unknown-prefix": ("    fluency: schema:description\n", "    fluency: shema:description\n",
                       "languages.fields.fluency", "unknown prefix 'shema'"),
    "wrong-conversion": ("    fluency: schema:description\n", "    fluency: {p: schema:description, as: date}\n",
                         "languages.fields.fluency.as", "as: date does not take fluency (a str)"),
    "text-of-a-reference": ("    issuer: schema:recognizedBy\n", "    issuer: {p: schema:recognizedBy, as: text}\n",
                            "certificates.fields.issuer.as", "as: text does not take issuer (a ref)"),
    "unknown-section": ("  each: languages\n", "  each: langauges\n", "languages.each", "unknown CV section 'langauges'"),
    "never-made": ("  nodes:\n    project_role: {each: \".\"}\n", "", "project_role",
                   "node kind 'project_role' is never made"),
    "bad-template": ("  iri: \"#talk-{n}\"\n", "  iri: \"#talk-{n\"\n", "talks.iri", "unmatched '{'"),
    "unknown-hook": ("hook: page_range,", "hook: page_rnage,", "publications.fields.pages[1].hook",
                     "unknown hook 'page_rnage'"),
    "unknown-kind": ("    book: {isbn: schema:isbn}\n", "    bok: {isbn: schema:isbn}\n",
                     "publications.fields_by.bok", "unknown kind 'bok'"),
    "cycle": ("    field_set: {each: \".\", p: schema:inDefinedTermSet}\n",
              "    field_set: {each: \".\", p: schema:inDefinedTermSet}\n    credential: {each: \".\"}\n",
              "credential", "node kind 'credential' is made inside itself (education > credential > field > "
              "credential)"),
    "dotted-iri": ("  iri: \"#talk-{n}\"\n", "  iri: \"#talk-{host.name}\"\n", "talks.iri",
                   "{host.name}: an IRI is made of the record's own fields"),
    # issue 12: every IRI the table makes is one (RFC 3987), checked where the table says it
    "predicate-not-an-iri": ("    fluency: schema:description\n", "    fluency: \"schema:desc>ription\"\n",
                             "languages.fields.fluency", "'schema:desc>ription' is not a term (Invalid IRI code point"),
    "lookup-value-not-an-iri": ("    phd: http://purl.org/ontology/bibo/degrees/phd\n",
                                "    phd: http://purl.org/ontology/bibo/degrees/p{h}d\n", "tables.degrees.phd",
                                "is not an IRI (Invalid IRI code point '{')"),
    "identity-has-no-iri": ("  each: venues\n", "  each: venues\n  iri: \"#venue-{id}\"\n", "venues.iri",
                            "venues entries are named as spec.IDENTITY says"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_table_gives_one_located_line(case):
    old, new, where, message = CASES[case]
    text, line = broken(old, new)
    with pytest.raises(MappingError) as info:
        load_table("mapping.yaml", text)
    assert len(info.value.problems) == 1, str(info.value)
    shown = str(info.value)
    assert "\n" not in shown
    found = LINE.match(shown)
    assert found, shown
    assert found["file"] == "mapping.yaml" and found["field"] == where and message in found["message"], shown
    if case not in ("never-made", "cycle"):  # the others point at the line changed
        assert int(found["line"]) in range(line, line + new.count("\n") + 1), shown


def test_a_list_of_predicates_in_a_link_is_two_triples():
    text, _ = broken("    performer: {p: schema:performer, to: owner}\n",
                     "    performer: {p: [schema:performer, schema:contributor], to: owner}\n")
    kind = load_table("mapping.yaml", text).kinds["talks"]
    assert [p.value for link in kind.links for p in link.preds] == ["https://schema.org/performer",
                                                                      "https://schema.org/contributor"]


def test_cli_reports_a_broken_table_in_one_line(tmp_path, monkeypatch):
    text, line = broken("    updated: schema:dateModified\n", "    updated: {p: schema:dateModified, as: dat}\n")
    (tmp_path / "mapping.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(mapping_table, "table_path", lambda: tmp_path / "mapping.yaml")
    mapping.compiled.cache_clear()
    try:
        result = CliRunner().invoke(main, ["build", "--no-validate", "--no-cache", "-j", "1"])
    finally:
        mapping.compiled.cache_clear()
        assert result.exit_code == 2, result.output
    assert result.exc_info is None or result.exc_info[0] is SystemExit
    assert result.stderr == (f"error: {tmp_path / 'mapping.yaml'}:{line}:39 page.fields.updated.as: unknown "
                             "conversion 'dat' (hint: did you mean 'date'?)\n")


def test_the_bundled_table_loads():
    table = load_table()
    assert {k.each for k in table.top} >= {".", "person", "publications"}


# ------------------------------------------------------------- the table and the format agree

# Fields of the format that no rule reads: ids, kinds and global ids (ror) name and type nodes
# (spec.IDENTITY, types_by), cvgraph and base are about the file, and person, person.address and
# education.thesis and publications.links are records of their own (a node kind's each:/nodes:).
STRUCTURAL = {("", "cvgraph"), ("", "base"), ("", "person"), ("person", "address"), ("organizations", "id"),
              ("organizations", "kind"), ("organizations", "ror"), ("people", "id"), ("venues", "id"),
              ("venues", "kind"), ("publications", "id"), ("publications", "kind"), ("education", "thesis"),
              ("students", "thesis"), ("publications", "links"), ("grants", "id")}


def _format_fields() -> set[tuple[str, str]]:
    out = set()
    for section, spec in FORMAT.items():
        out.add(("", section))
        for key in item_fields(spec) or {}:
            out.add((section, key))
    return out - {(s, k) for s, k in _format_sections()}


def _format_sections() -> set[tuple[str, str]]:
    """The top-level sections that are lists of records or one record: mapped by their fields."""
    return {("", s) for s, spec in FORMAT.items() if item_fields(spec)}


def _mapped() -> set[tuple[str, str]]:
    """(section, key) of every field some rule of the table reads from that section's records
    (also by the nodes made of a record's values, which read the record with the value in place)."""
    table = load_table()
    out = set()

    def walk(kind, section: str) -> None:
        for rule in (*kind.rules, *(r for rules in kind.rules_by.values() for r in rules)):
            if not rule.of_parent:  # the field, the reference that is the subject, the fields in its text
                out.update((section, key) for key in (rule.key, rule.on) if key and key != "owner")
                out.update((section, alt[0]) for ph in (rule.text.placeholders if rule.text else ())
                           for alt in ph.alternatives)
        out.update((section, key) for key in kind.when)
        for child in kind.children:
            spec = (item_fields(FORMAT[section]) or {}).get(child.each) if section else None
            if child.each == "." or (spec is not None and item_fields(spec) is None):
                walk(table.kinds[child.kind], section)

    for kind in table.top:
        walk(kind, "" if kind.each == "." else kind.each)
    return out


def test_every_field_of_the_format_is_mapped_or_structural():
    """Adding a field to spec.FORMAT fails here until the table maps it (or it is listed above
    as structural, with the reason); mapping a field that is not in the format fails at load."""
    unmapped = _format_fields() - _mapped() - STRUCTURAL
    assert not unmapped, f"fields of cvgraph/records/spec.py that ontology/mapping.yaml does not map: {sorted(unmapped)}"
    assert not STRUCTURAL & _mapped(), "listed as structural but mapped: update STRUCTURAL"
    assert _format_fields() | {("", "person")} >= STRUCTURAL, "STRUCTURAL names a field the format lacks"


# ------------------------------------------------------------------------------------ templates

@pytest.mark.parametrize(("template", "values", "expected"), [
    ("{name}[ ({year|date:.4})]", {"name": "Best Paper", "date": "2017-12-18"}, "Best Paper (2017)"),
    ("{name}[ ({year|date:.4})]", {"name": "Best Paper"}, "Best Paper"),
    ("{parent}-credential[-{n}]", {"parent": "D#education-1", "n": ""}, "D#education-1-credential"),
    ("{parent}-credential[-{n}]", {"parent": "D#education-1", "n": "2"}, "D#education-1-credential-2"),
    ("#talk-{n}", {}, None),
])
def test_template(template, values, expected):
    assert Template.parse(template).render(lambda path: values.get(path[0])) == expected


@pytest.mark.parametrize("bad", ["{a", "a}", "[x", "{a!upper}", "{a:zz}", "{}"])
def test_bad_template(bad):
    with pytest.raises(TemplateError):
        Template.parse(bad)
