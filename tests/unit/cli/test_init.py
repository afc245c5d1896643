"""`cvgraph init`: the starter CV builds and conforms as written, marks what is missing, is
checked by its own JSON Schema, and never overwrites a file without --force."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cvgraph.cli import init as init_cli
from cvgraph.cli import main
from cvgraph.errors import RecordError
from cvgraph.records.loader import loads
from cvgraph.records.starter import PLACEHOLDERS
from cvgraph.records.yamlsafe import load_yaml
from cvgraph.resources import schema_path

OPTIONS = ["--name", "Ada Lovelace", "--homepage", "https://example.org/~ada", "--orcid", "0000-0002-1825-0097",
           "--affiliation", "Example University"]
SECTIONS = ("education", "employment", "publications", "talks", "teaching", "service", "awards", "people")


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def test_init_then_build_and_validate_conform_with_no_edits(runner, tmp_path):
    folder = tmp_path / "my-cv"
    result = runner.invoke(main, ["init", str(folder), *OPTIONS])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    cv = folder / "cv.yaml"
    built = runner.invoke(main, ["build", str(cv)])
    assert built.exit_code == 0, built.output
    assert "<https://orcid.org/0000-0002-1825-0097>" in built.stdout
    assert '"Example University"' in built.stdout
    checked = runner.invoke(main, ["validate", str(cv)])
    assert checked.exit_code == 0, checked.output


def test_starter_has_every_section_names_its_schema_beside_it_and_lists_the_owner_as_author(runner, tmp_path):
    assert runner.invoke(main, ["init", str(tmp_path), *OPTIONS]).exit_code == 0
    text = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./cv.schema.json"
    assert (tmp_path / "cv.schema.json").read_bytes() == schema_path().read_bytes()
    data = yaml.safe_load(text)
    for section in SECTIONS:
        assert data[section], section
    assert "Ada Lovelace" in data["publications"][0]["authors"]
    assert data["people"][0]["name"] in data["publications"][0]["authors"]
    assert text.count("# EXAMPLE") >= len(SECTIONS)
    schema = json.loads((tmp_path / "cv.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_without_a_terminal_missing_details_become_marked_placeholders_with_warnings(runner, tmp_path):
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for what, placeholder in PLACEHOLDERS.items():
        assert f"warning: no {what} given" in result.stderr and placeholder in result.stderr
    assert "warning: no orcid given" in result.stderr
    data = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert data["person"]["homepage"] == "https://example.org/CHANGE-ME/"
    assert "orcid" not in data["person"]
    assert runner.invoke(main, ["build", str(tmp_path / "cv.yaml")]).exit_code == 0


def test_on_a_terminal_missing_details_are_asked_and_a_bad_answer_asked_again(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(init_cli, "_interactive", lambda: True)
    answers = "Grace Hopper\nnot a url\nhttps://example.org/grace\n\nYale University\n"
    result = runner.invoke(main, ["init", str(tmp_path)], input=answers)
    assert result.exit_code == 0, result.output
    assert "is not a valid http(s) IRI" in result.stderr
    assert "warning: no orcid given" in result.stderr and "no homepage given" not in result.stderr
    person = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))["person"]
    assert person["name"] == "Grace Hopper" and person["homepage"] == "https://example.org/grace"


def test_an_existing_cv_is_kept_without_force_and_replaced_with_it(runner, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(main, ["init", str(tmp_path), *OPTIONS])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [(f"error: {cv}: already exists; use --force to overwrite it, "
                                                  "or give another DIR")]
    assert cv.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "cv.schema.json").exists()  # nothing written
    assert runner.invoke(main, ["init", str(tmp_path), *OPTIONS, "--force"]).exit_code == 0
    assert "Ada Lovelace" in cv.read_text(encoding="utf-8")


def test_a_foreign_schema_file_is_kept_without_force(runner, tmp_path):
    (tmp_path / "cv.schema.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(main, ["init", str(tmp_path), *OPTIONS])
    assert result.exit_code == 2 and "cv.schema.json: already exists" in result.stderr
    assert not (tmp_path / "cv.yaml").exists()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--orcid", "1234", "is not an ORCID iD"),
    ("--homepage", "example.org", "is not a valid http(s) IRI"),
    ("--name", "Ada\nLovelace", "contains a control character or line break"),
])
def test_a_bad_value_is_one_line_and_exit_2_with_nothing_written(runner, tmp_path, option, value, message):
    result = runner.invoke(main, ["init", str(tmp_path), option, value])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_an_orcid_url_is_kept_as_the_bare_id(runner, tmp_path):
    result = runner.invoke(main, ["init", str(tmp_path), "--orcid", "https://orcid.org/0000-0002-1825-0097"])
    assert result.exit_code == 0, result.output
    assert "  orcid: 0000-0002-1825-0097\n" in (tmp_path / "cv.yaml").read_text(encoding="utf-8")


def test_the_empty_file_hint_points_to_init():
    with pytest.raises(RecordError) as caught:
        load_yaml("cv.yaml", "# only a comment\n")
    assert "cvgraph init" in str(caught.value) and "sunwoo-lee" not in str(caught.value)


def test_the_not_a_mapping_hint_points_to_init_too():
    with pytest.raises(RecordError) as caught:
        loads("- just a list\n", "cv.yaml")
    assert "cvgraph init" in str(caught.value) and "sunwoo-lee" not in str(caught.value)


def test_names_with_quotes_colons_hashes_and_non_ascii_are_kept_exactly(runner, tmp_path):
    name, affiliation = "Zoë \"Z\" O'Brien: #1 😀", "Université Paris-Saclay: LRI #2"
    result = runner.invoke(main, ["init", str(tmp_path), "--name", name, "--affiliation", affiliation])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert data["person"]["name"] == name and data["organizations"][0]["name"] == affiliation
    assert data["publications"][0]["authors"][0] == name
    assert runner.invoke(main, ["build", str(tmp_path / "cv.yaml")]).exit_code == 0


def test_init_then_commands_without_a_cv_argument_read_it(runner, tmp_path, monkeypatch):
    """`cvgraph init && cvgraph build` (issue 15): with no CV argument the commands read ./cv.yaml,
    the starter, not the bundled sample; elsewhere they still read the sample."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", *OPTIONS]).exit_code == 0
    for args in (["build"], ["validate"], ["embed"], ["query", "cv-owners", "-f", "csv"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Sunwoo" not in result.stdout, args
    assert "Ada Lovelace" in runner.invoke(main, ["query", "cv-owners", "-f", "csv"]).stdout
    (tmp_path / "cv.yaml").unlink()
    assert "Sunwoo" in runner.invoke(main, ["query", "cv-owners", "-f", "csv"]).stdout


def test_query_format_takes_the_rdf_aliases(runner):
    """`query -f ttl` as `build -f ttl` (one alias table)."""
    result = runner.invoke(main, ["query", "coauthor-network", "-f", "ttl"])
    assert result.exit_code == 0, result.output
    assert result.stdout == runner.invoke(main, ["query", "coauthor-network", "-f", "turtle"]).stdout
