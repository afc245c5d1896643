"""Issue 12, item 3 (and the year part of item 14): IRIs built from user text are checked.

- A DOI or e-mail could hold ``> < " { } | ^ ` \\`` and a homepage could pass the URL pattern
  without being an IRI (``https://[::1/``, ``…/a#x#y``, ``…/%zz``): validation crashed with a
  traceback, and with ``--no-validate`` (or the pySHACL engine) invalid IRIs were written out.
- N-Triples and SPARQL Update text wrote a forbidden IRI character as ``\\u003E``: a store that
  expands ``\\u`` escapes before parsing (SPARQL 1.1 §19.2, as rdflib does) then read ``>`` and
  the rest of a crafted DOI as SPARQL operations. A literal holding ``\\u0041`` was written
  ``"\\\\u0041"``, which such a store reads as ``"\\A"`` (a syntax error, or another value).
- ``--base`` and ``--graph`` took any text.
- ``year: 0999`` was accepted while the shipped JSON Schema says 1000–9999.

Every IRI-bearing field (derived from the format, so a new one is covered) gets every ASCII
punctuation character and ``\\u`` sequences: the result is a located error or valid IRIs only; the
SPARQL Update publish sends parses to exactly the intended triples on Oxigraph and rdflib, also
after a §19.2 ``\\u`` expansion.
"""
from __future__ import annotations

import copy
import json
import re
import string
from pathlib import Path
from typing import Any

import jsonschema
import pyoxigraph
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import cvgraph
from cvgraph.cli import main
from cvgraph.errors import CvgraphError, RecordError
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, nt_line, nt_term
from cvgraph.records import spec
from cvgraph.resources import schema_path
from cvgraph.store.updates import diff_request, provenance, skolemise, staging_loads, update_request

HOSTILE = [*string.punctuation, "\\u003E", "\\u0022", "\\U0000003E", "\\u005C", "\\\\u0041", "%zz", "#x#y"]

# a value of each IRI-bearing kind, with {} where the hostile text goes
TEMPLATES = {"url": "https://example.org/a{}b", "email": "a{}b@example.org", "doi": "10.1234/a{}b",
             "orcid": "0000-0002-1825-0097{}", "ror": "01easw929{}", "arxiv": "2301.00001{}", "id": "a{}b"}

BASE_CV: dict[str, Any] = {
    "person": {"name": "Ada Lovelace", "homepage": "https://example.org/ada", "address": {"country": "UK"}},
    "organizations": [{"name": "Org One"}],
    "people": [{"name": "Bob Smith"}],
    "venues": [{"name": "Journal One", "kind": "journal"}],
    "education": [{"degree": "Ph.D.", "institution": "Org One", "thesis": {"title": "T"}}],
    "publications": [{"kind": "journal", "title": "Paper", "authors": ["me", "Bob Smith"], "year": 2020,
                      "venue": "Journal One"}],
    "certificates": [{"name": "C"}],
    "projects": [{"name": "P"}],
    "grants": [{"name": "G"}],
    "students": [{"person": "Bob Smith", "thesis": {"title": "S"}}],
}


def iri_fields(fields: dict[str, spec.F] = spec.FORMAT, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every field of the format whose value becomes (part of) an IRI, with its kind."""
    out = []
    for key, f in fields.items():
        one = spec.item(f)
        at = (*path, key, 0) if f.kind == "list" else (*path, key)
        if one.kind in TEMPLATES:
            out.append((at, one.kind))
        elif one.kind == "obj":
            out += iri_fields(one.of, at)
    return out


FIELDS = iri_fields()


def dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def put(document: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    target: Any = document
    for part in path[:-1]:
        if isinstance(part, int):
            while len(target) <= part:
                target.append({})
        elif part not in target:
            target[part] = [] if isinstance(path[path.index(part) + 1], int) else {}
        target = target[part]
    if isinstance(path[-1], int):
        target.append(value)
    else:
        target[path[-1]] = value


def every_iri(triples) -> set[str]:
    return {t.value for triple in triples for t in triple if isinstance(t, IRI)}


def assert_valid_iris(triples) -> None:
    for iri in every_iri(triples):
        pyoxigraph.NamedNode(iri)  # raises ValueError on an invalid IRI


def assert_valid_nt(data: bytes) -> None:
    """N-Triples whose every IRI is valid (pyoxigraph's parser checks them; checked again here)."""
    quads = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES))
    assert quads
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, pyoxigraph.NamedNode):
                pyoxigraph.NamedNode(term.value)


def test_every_iri_field_of_the_format_is_covered():
    covered = {dotted(p) for p, _ in FIELDS}
    assert {"base", "person.homepage", "person.email", "person.orcid", "person.links[0]",
            "publications[0].doi", "publications[0].id", "organizations[0].ror", "people[0].orcid",
            "education[0].thesis.url", "projects[0].url"} <= covered


@pytest.mark.parametrize("path,kind", FIELDS, ids=[dotted(p) for p, _ in FIELDS])
def test_hostile_text_in_an_iri_field_gives_a_located_error_or_valid_iris(path, kind):
    for hostile in HOSTILE:
        document = copy.deepcopy(BASE_CV)
        value = TEMPLATES[kind].format(hostile)
        put(document, path, value)
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        try:
            cv = cvgraph.loads(text, name="cv.yaml")
        except RecordError as exc:
            at = [p for p in exc.problems if p.field == dotted(path)]
            assert at, f"{value!r} in {dotted(path)}: errors elsewhere only: {exc}"
            assert all(p.line > 0 and p.column > 0 and p.hint for p in at), str(exc)
            continue
        made = cvgraph.triples(cv)
        assert_valid_iris(made)
        nt = "".join(nt_line(t) for t in made)
        assert len(list(pyoxigraph.parse(nt.encode(), pyoxigraph.RdfFormat.N_TRIPLES))) == len(set(made))


@pytest.mark.parametrize("homepage", ["https://[::1/", "https://example.org/a#x#y", "https://example.org/%zz",
                                      "https://example.org/a%2", "http://example.org/\ue000"])
def test_a_url_that_is_not_an_iri_is_a_located_error(homepage):
    text = f"person:\n  name: Ada\n  homepage: '{homepage}'\n"
    with pytest.raises(RecordError) as caught:
        cvgraph.loads(text, name="cv.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("cv.yaml", 3, "person.homepage") and problem.column > 0
    assert "IRI" in problem.message and problem.hint


def test_doi_characters_an_iri_path_does_not_allow_are_percent_encoded():
    text = ("person: {name: Ada, homepage: 'https://example.org/ada'}\npublications:\n"
            "  - {kind: journal, title: T, authors: [me], doi: '10.1234/A>B{}|^`\\u003E\"#?%<[]'}\n")
    cv = cvgraph.loads(text, name="cv.yaml")
    made = cvgraph.triples(cv)
    assert_valid_iris(made)
    encoded = "https://doi.org/10.1234/a%3Eb%7B%7D%7C%5E%60%5Cu003e%22%23%3F%25%3C%5B%5D"
    assert encoded in every_iri(made)
    doi = IRI("http://purl.org/ontology/bibo/doi")
    assert {o for s, p, o in made if p == doi} == {Lit('10.1234/a>b{}|^`\\u003e"#?%<[]')}  # the bare DOI


def test_a_plain_doi_keeps_its_iri():
    text = ("person: {name: Ada, homepage: 'https://example.org/ada'}\npublications:\n"
            "  - {kind: journal, title: T, authors: [me], doi: '10.1002/(SICI)1097-4636(199706)35:4+;2-L'}\n")
    made = cvgraph.triples(cvgraph.loads(text, name="cv.yaml"))
    assert "https://doi.org/10.1002/(sici)1097-4636(199706)35:4+;2-l" in every_iri(made)


def test_email_is_percent_encoded_as_rfc_6068_says():
    text = "person: {name: Ada, homepage: 'https://example.org/ada', email: 'a>b\"c%d,e?f#g@example.org'}\n"
    made = cvgraph.triples(cvgraph.loads(text, name="cv.yaml"))
    assert_valid_iris(made)
    assert "mailto:a%3Eb%22c%25d%2Ce%3Ff%23g@example.org" in every_iri(made)


def test_hostile_doi_and_email_validate_and_conform_with_both_engines(tmp_path, monkeypatch):
    cv = tmp_path / "cv.yaml"
    cv.write_text("person: {name: Ada, homepage: 'https://example.org/ada', email: 'a>b@example.org'}\n"
                  "publications:\n  - {kind: journal, title: T, authors: [me], year: 2020,"
                  " doi: '10.1234/a>b{}|^`\\u003E'}\n", encoding="utf-8")
    for engine in ("turbo", "pyshacl"):
        monkeypatch.setenv("CVGRAPH_SHACL_ENGINE", engine)
        result = CliRunner().invoke(main, ["validate", "--no-cache", str(cv)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output and "Traceback" not in result.stderr
        assert result.exit_code == 0, result.output  # conforms: the shapes take a percent-encoded DOI IRI
    result = CliRunner().invoke(main, ["build", "--no-validate", "-f", "nt", str(cv)])
    assert result.exit_code == 0, result.output
    assert_valid_nt(result.stdout_bytes)


# -------------------------------------------------------------------------- --base and --graph

MINIMAL = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/ada\n"


@pytest.mark.parametrize("option", ["--base", "--graph"])
def test_hostile_base_and_graph_options_give_one_line_or_valid_iris(tmp_path, option):
    cv = tmp_path / "cv.yaml"
    cv.write_text(MINIMAL, encoding="utf-8")
    runner = CliRunner()
    for hostile in [*HOSTILE, "\\", "[::1"]:
        value = f"https://example.org/a{hostile}b"
        args = (["build", "--no-validate", "-f", "nt", "--base", value, str(cv)] if option == "--base" else
                ["publish", "--dry-run", "--endpoint", "http://127.0.0.1:9/", "--force", "--graph", value, str(cv)])
        result = runner.invoke(main, args)
        assert "Traceback" not in result.output + result.stderr
        if result.exit_code == 2:
            assert result.stderr.startswith(f"error: {option} ") and result.stderr.count("\n") == 1, result.stderr
            assert "IRI" in result.stderr
            continue
        assert result.exit_code == 0, (value, result.output, result.stderr)
        pyoxigraph.NamedNode(value)  # only a valid IRI is taken
        if option == "--base":
            assert_valid_nt(result.stdout_bytes)
        else:
            assert value in result.stdout


def test_library_refuses_an_invalid_base():
    cv = cvgraph.loads(MINIMAL, name="cv.yaml")
    for bad in ("https://[::1/", "https://example.org/a>b", "https://example.org/%zz", "ftp://example.org/"):
        with pytest.raises(CvgraphError, match="IRI"):
            cvgraph.triples(cv, base=bad)


# ---------------------------------------------------------------------------- the final guards

@pytest.mark.parametrize("bad", ["https://[::1/", "https://e.org/a>b", "https://e.org/a b", "https://e.org/#x#y",
                                 "urn:x\\u003E", "relative"])
def test_no_invalid_iri_reaches_n_triples_or_sparql_text(bad):
    with pytest.raises(CvgraphError, match="IRI"):
        nt_term(IRI(bad))
    with pytest.raises(CvgraphError, match="IRI"):
        update_request(bad, [])
    with pytest.raises(CvgraphError, match="IRI"):
        update_request("urn:ok", [(IRI(bad), IRI("urn:p"), Lit("x"))])


def test_the_mapping_refuses_to_emit_an_invalid_iri():
    cv = cvgraph.loads(MINIMAL, name="cv.yaml")
    cv.data["person"]["homepage"] = "https://example.org/a>b"  # past the loader's checks
    with pytest.raises(CvgraphError, match=r"cv\.yaml.*IRI") as caught:
        cvgraph.triples(cv)
    assert "\n" not in str(caught.value)


# ------------------------------------------------------------------------------ SPARQL Update

LITERALS = [string.punctuation, "\\u003E", "\\u0022 } } ; DROP ALL ; #", "\\\\u0041", "\\U0000003E", "\\",
            'end\\', '"}}; DROP ALL; INSERT DATA { <urn:a> <urn:b> "', "a\nb\rc\td", "\\u0041BEEF",
            "x\\\\\\u0022y", "é\u2028\u0085", "\\ud83d", "\\UFFFFFFFF"]


def expand_19_2(text: str) -> str:
    """SPARQL 1.1 §19.2: \\uXXXX and \\UXXXXXXXX are replaced by their code points before parsing."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)),
                  text)


def _ours(term: Any) -> Any:  # a pyoxigraph or rdflib term
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode | rdflib.URIRef):
        return IRI(str(term.value if isinstance(term, pyoxigraph.NamedNode) else term))
    if isinstance(term, pyoxigraph.Literal):
        return Lit(term.value, None if term.datatype.value == XSD + "string" or term.language else
                   term.datatype.value, term.language)
    if isinstance(term, rdflib.Literal):
        return Lit(str(term), None if term.language or term.datatype in (None, rdflib.XSD.string)
                   else str(term.datatype), term.language)
    raise AssertionError(f"unexpected term {term!r}")


def on_oxigraph(*texts: str) -> dict[str, set[tuple[Any, ...]]]:
    store = pyoxigraph.Store()
    for text in texts:
        store.update(text)
    out: dict[str, set[tuple[Any, ...]]] = {}
    for q in store:
        out.setdefault(q.graph_name.value, set()).add((_ours(q.subject), _ours(q.predicate), _ours(q.object)))
    return out


def on_rdflib(*texts: str) -> dict[str, set[tuple[Any, ...]]]:
    import rdflib

    dataset = rdflib.Dataset()
    for text in texts:
        dataset.update(text)
    out: dict[str, set[tuple[Any, ...]]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        out.setdefault(str(g), set()).add((_ours(s), _ours(p), _ours(o)))
    return out


PARSERS = {"oxigraph": on_oxigraph, "rdflib": on_rdflib,
           "oxigraph after §19.2 expansion": lambda *texts: on_oxigraph(*map(expand_19_2, texts))}


def hostile_items() -> list[Any]:
    s = IRI("https://doi.org/10.1234/a%3Eb%5Cu003e")
    items = [(s, IRI("https://schema.org/name"), Lit(text)) for text in LITERALS]
    items += [(s, IRI("https://schema.org/description"), Lit(text, lang="en")) for text in LITERALS[:3]]
    items.append((s, IRI("https://schema.org/author"), Blank("l1234-1")))  # skolemised
    items.append((s, IRI("https://schema.org/datePublished"), Lit("2020", XSD + "gYear")))
    return items


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_sparql_update_parses_to_exactly_the_intended_triples(parser):
    graph = "https://example.org/ada"
    items = skolemise(hostile_items(), graph)
    prov = provenance(graph, "0" * 64, "2024-01-01T00:00:00Z")
    got = PARSERS[parser](update_request(graph, items, "urn:cvgraph:metadata", prov))
    assert got[graph] == set(items)
    assert got["urn:cvgraph:metadata"] == set(prov)
    # the diff and the staged loads are written the same way
    removed, kept = items[:5], items[5:]
    got = PARSERS[parser](diff_request(graph, [], items), diff_request(graph, removed, []))
    assert got[graph] == set(kept)
    (load,) = staging_loads(graph, items, 10_000)
    assert set(PARSERS[parser](load).popitem()[1]) == set(items)


def test_a_crafted_doi_cannot_change_the_update_on_a_store_that_expands_escapes():
    doi = "10.1000/x>}};DELETE{GRAPH?g{?s?p?o}}WHERE{GRAPH?g{?s?p?o}};\\u003E}}\\u003BDROP\\u0020ALL;#"
    text = ("person: {name: Ada, homepage: 'https://example.org/ada'}\npublications:\n"
            f"  - {{kind: journal, title: T, authors: [me], doi: '{doi}'}}\n")
    cv = cvgraph.loads(text, name="cv.yaml")
    graph = "https://example.org/ada"
    items = skolemise(cvgraph.triples(cv), graph)
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"),
                              pyoxigraph.Literal("keep"), pyoxigraph.NamedNode("urn:other")))
    store.update(expand_19_2(update_request(graph, items)))
    assert len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode("urn:other")))) == 1
    assert len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))) == len(items)


# ------------------------------------------------------------------------------- item 14: years

SCHEMA = jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))
HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/ada\n"
YEARS = {
    "award-year": "awards: [{name: A, year: %s}]\n",
    "award-year-quoted": "awards: [{name: A, year: '%s'}]\n",
    "publication-date": "publications: [{kind: journal, title: T, authors: [me], year: '%s-05'}]\n",
    "service-years": "venues: [{id: v, name: V, kind: journal}]\nservice: [{role: R, venue: v, years: [%s]}]\n",
    "teaching-term": "organizations: [{id: o, name: O}]\nteaching: [{title: T, institution: o, terms: ['Fall %s']}]\n",
}


@pytest.mark.parametrize("case", sorted(YEARS))
@pytest.mark.parametrize("year", ["0000", "0999"])
def test_a_year_before_1000_is_refused_by_loader_and_schema_alike(case, year):
    text = HEAD + YEARS[case] % year
    with pytest.raises(RecordError) as caught:
        cvgraph.loads(text, name="cv.yaml")
    assert all(p.line > 1 for p in caught.value.problems) and year in str(caught.value)
    from cvgraph.records.yamlsafe import load_yaml

    assert list(SCHEMA.iter_errors(load_yaml("cv.yaml", text).data)), "the schema accepts what the loader refuses"


@pytest.mark.parametrize("case", sorted(YEARS))
def test_years_from_1000_are_accepted_by_loader_and_schema_alike(case):
    text = HEAD + YEARS[case] % "1000"
    cvgraph.loads(text, name="cv.yaml")
    from cvgraph.records.yamlsafe import load_yaml

    assert not list(SCHEMA.iter_errors(load_yaml("cv.yaml", text).data))


def test_cli_base_error_is_one_line(tmp_path: Path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--base", "https://[::1/", str(cv)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --base 'https://[::1/' is not a valid http(s) IRI")
    assert result.stderr.count("\n") == 1


# -------------------------------------------------------------------- URLs in imported records

NOT_IRIS = ["https://[::1/", "https://example.org/a#x#y", "https://example.org/%zz"]


def _imported(fmt: str, text: str, tmp_path: Path):
    from cvgraph.importers import converter

    imported = converter(fmt)(text, str(tmp_path / f"in.{fmt}"))
    return imported, yaml.safe_dump(imported.data, allow_unicode=True)


@pytest.mark.parametrize("url", NOT_IRIS)
def test_importers_leave_out_a_url_that_is_not_an_iri_with_a_warning(url, tmp_path):
    documents = {
        "jsonresume": json.dumps({"basics": {"name": "Ada Lovelace", "url": url}}),
        "bibtex": f"@article{{a, author={{Lovelace, Ada}}, title={{T}}, journal={{J}}, year={{2020}}, url={{{url}}}}}",
        "orcid": json.dumps({"orcid-identifier": {"path": "0000-0002-1825-0097"}, "person": {
            "name": {"given-names": {"value": "Ada"}, "family-name": {"value": "Lovelace"}},
            "researcher-urls": {"researcher-url": [{"url-name": "Blog", "url": {"value": url}}]}}}),
        "rendercv": yaml.safe_dump({"cv": {"name": "Ada Lovelace", "website": url}}),
    }
    for fmt, text in documents.items():
        imported, written = _imported(fmt, text, tmp_path)
        assert url not in written, fmt
        assert any(url in note.message for note in imported.warnings), (fmt, imported.warnings)


def test_the_api_refuses_an_invalid_graph_name_before_building_or_sending():
    with pytest.raises(CvgraphError, match="--graph 'urn:a>b' is not a valid IRI"):
        cvgraph.publish(cvgraph.sample_path(), "http://127.0.0.1:9/", graph="urn:a>b", protocol="gsp",
                        dry_run=True, timeout=1.0)


# random literals built of the pieces that matter: backslashes, \\u and \\U with hex digits, quotes,
# line breaks, controls, and any other character
_PIECES = ["\\", "\\", "\\u", "\\U", "u", "0041", "003E", "0000003E", "BEEF", '"', "}", ">", "\n", "\x01", "\u2028"]
_TRICKY = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_PIECES), st.sampled_from(_PIECES),
                             st.characters(exclude_categories=("Cs",))), max_size=12).map("".join)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.lists(_TRICKY, min_size=1, max_size=4))
def test_any_literal_reads_back_the_same_on_every_parser(texts):
    s, p = IRI("https://example.org/s"), IRI("https://example.org/p")
    items = [(s, p, Lit(t)) for t in texts]
    update = update_request("https://example.org/g", items)
    for parse in PARSERS.values():
        assert parse(update)["https://example.org/g"] == set(items)


# ------------------------------------------------------------------ real stores (integration)

HOSTILE_CV = r"""person:
  name: Ada Lovelace
  homepage: https://example.org/hostile
  email: 'a>b"c@example.org'
  summary: '\u003E}} ; DROP ALL ; # \u0022 \\u0041 \U0000003E "q" {x} <y>'
publications:
  - kind: journal
    title: 'T \u0041\u0042 \ end\'
    authors: [me]
    year: 2020
    doi: '10.1000/x>}};DELETE{GRAPH?g{?s?p?o}}WHERE{GRAPH?g{?s?p?o}};\u003E#?%'
"""


def _published_round_trip(tmp_path, monkeypatch, server, store: str, protocol: str) -> None:
    cv = tmp_path / "cv.yaml"
    cv.write_text(HOSTILE_CV, encoding="utf-8")
    if store == "virtuoso":
        monkeypatch.setenv("CVGRAPH_USER", server.user)
        monkeypatch.setenv("CVGRAPH_PASSWORD", server.password)
    result = CliRunner().invoke(main, ["publish", "--store", store, "--endpoint", server.base, "--protocol",
                                       protocol, "--verify", "full", str(cv)])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout.strip().endswith("verified"), result.stdout


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_hostile_cv_publishes_and_reads_back_identical_on_oxigraph(oxigraph_server, tmp_path, monkeypatch, protocol):
    oxigraph_server.clear()
    _published_round_trip(tmp_path, monkeypatch, oxigraph_server, "oxigraph", protocol)


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_hostile_cv_publishes_and_reads_back_identical_on_virtuoso(virtuoso_server, tmp_path, monkeypatch, protocol):
    virtuoso_server.drop("https://example.org/hostile")
    _published_round_trip(tmp_path, monkeypatch, virtuoso_server, "virtuoso", protocol)
    virtuoso_server.drop("https://example.org/hostile")
