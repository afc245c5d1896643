"""Issue 15 item 8: the small things a newcomer hit, each as the user meets it on the command line."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.cli.common import EXIT


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(runner, flag):
    result = runner.invoke(main, [flag])
    assert result.exit_code == EXIT["ok"]
    assert result.output == f"cvgraph, version {cvgraph.__version__}\n"


@pytest.mark.parametrize(("alias", "name", "suffix"), [
    ("ttl", "turtle", ".ttl"), ("TTL", "turtle", ".ttl"), ("jsonld", "json-ld", ".jsonld"),
    ("n-triples", "nt", ".nt"), ("rdf", "xml", ".rdf"), ("rdf/xml", "xml", ".rdf"), ("nq", "nquads", ".nq"),
])
def test_format_aliases_write_what_the_extension_does(runner, tmp_path, alias, name, suffix):
    """`-f ttl` works where `-o x.ttl` does: the same bytes as the format's own name and its extension."""
    by_alias = runner.invoke(main, ["build", "--no-validate", "-f", alias])
    by_name = runner.invoke(main, ["build", "--no-validate", "-f", name])
    assert by_alias.exit_code == by_name.exit_code == EXIT["ok"], by_alias.output
    assert by_alias.stdout_bytes == by_name.stdout_bytes
    out = tmp_path / f"cv{suffix}"
    assert runner.invoke(main, ["build", "--no-validate", "-o", str(out)]).exit_code == EXIT["ok"]
    assert out.read_bytes() == by_alias.stdout_bytes


def test_unknown_format_is_a_usage_error_naming_the_choices(runner):
    result = runner.invoke(main, ["build", "-f", "json"])
    assert result.exit_code == EXIT["error"]
    assert "'json' is not one of 'turtle', 'json-ld', 'nt', 'xml', 'trig', 'nquads'" in result.output


def test_serialize_takes_an_alias():
    from cvgraph.rdf.syntax import ALIASES, FORMATS, serialize
    from cvgraph.rdf.terms import IRI, Lit

    triples = [(IRI("https://example.org/a"), IRI("https://schema.org/name"), Lit("A"))]
    assert set(ALIASES.values()) <= set(FORMATS) and not set(ALIASES) & set(FORMATS)
    assert serialize(triples, "ttl") == serialize(triples, "turtle")
    assert serialize(triples, "N-Quads") == serialize(triples, "nquads")


def test_publish_without_endpoint_says_what_to_give(runner):
    """One line naming --endpoint with an example, exit 2 ("could not run"), before any CV is built."""
    result = runner.invoke(main, ["publish"])
    assert result.exit_code == EXIT["error"]
    assert result.stdout == ""
    assert result.stderr == (
        "error: no store to publish to: give its URL, e.g. --endpoint http://localhost:7878 for Oxigraph "
        "(another store: add --store virtuoso|fuseki|graphdb|vivo; --store generic: --query-url and --update-url)\n")
    assert "no store given" in runner.invoke(main, ["publish", "--help"]).output  # the exit code is documented


def test_publish_with_one_url_missing_names_it(runner):
    result = runner.invoke(main, ["publish", "--store", "generic", "--query-url", "http://127.0.0.1:9/q"])
    assert result.exit_code == EXIT["error"]
    assert result.stderr.startswith("error: no --update-url (give them, or --endpoint with --store ")


def test_missing_query_file_is_one_line(runner, tmp_path):
    """Already so on main (issue 15 item 8 asked for it): the path, what failed, the fix; exit 2."""
    missing = tmp_path / "nope.rq"
    result = runner.invoke(main, ["query", str(missing)])
    assert result.exit_code == EXIT["error"]
    assert result.stdout == ""
    assert result.stderr == (f"error: {missing}: cannot read query file: cannot read file: No such file or "
                             "directory (hint: check the path)\n")
