"""The al-folio and Hugo Blox importers (site folders), on the templates' own example content
(``tests/data/import/alfolio/example``, ``tests/data/import/hugoblox/academic-cv`` and
``wowchemy-starter``, see the README there) and on the made-up sites covering every section kind
(``sections``): import → build → validate → embed, counts, owner, links, warnings with lines,
and the one-line errors of a folder that is not such a site."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from support.clirun import run
from support.losenothing_sites import site_losses
from support.paths import TESTS

from cvgraph.errors import ImportError_
from cvgraph.importers import detect_site, import_file
from cvgraph.importers.sitefiles import declared
from cvgraph.pipeline.sources import open_sources

ALFOLIO = TESTS / "data" / "import" / "alfolio"
HUGO = TESTS / "data" / "import" / "hugoblox"

# site → (format, publications, people, education, employment, awards) expected in the records
SITES = {
    ALFOLIO / "example": ("alfolio", 9, 7, 2, 5, 3),
    ALFOLIO / "sections": ("alfolio", 2, 1, 1, 2, 2),
    HUGO / "academic-cv": ("hugoblox", 3, 1, 3, 2, 3),
    HUGO / "academic-cv-v1": ("hugoblox", 3, 1, 3, 2, 1),
    HUGO / "wowchemy-starter": ("hugoblox", 2, 8, 2, 0, 0),
    HUGO / "sections": ("hugoblox", 3, 1, 1, 0, 0),
}
LOCATED = re.compile(r"^\S+:(\d+)?: |^\S+: \S")


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


@pytest.mark.parametrize("site", list(SITES), ids=lambda p: f"{p.parent.name}-{p.name}")
def test_site_counts(site):
    fmt, pubs, people, edu, jobs, awards = SITES[site]
    assert detect_site(site) == fmt
    data = import_file(site).data
    counts = tuple(len(data.get(k, [])) for k in ("publications", "people", "education", "employment", "awards"))
    assert counts == (pubs, people, edu, jobs, awards)
    owner = data["person"]["name"]
    assert data["person"]["homepage"].startswith("https://")
    # the owner is an author of every publication (no owner-less work)
    names = {owner, *data["person"].get("aliases", [])}
    assert all(names & {a if isinstance(a, str) else a["name"] for a in p["authors"]} for p in data["publications"])


@pytest.mark.parametrize("site", list(SITES), ids=lambda p: f"{p.parent.name}-{p.name}")
def test_site_builds_validates_embeds(runner, tmp_path, site):
    out = tmp_path / "cv.ttl"
    built = run(runner, "build", site, "-o", out)
    assert built.exit_code == 0, built.output
    assert out.read_text().count("schema:") > 10
    checked = run(runner, "validate", site)
    assert checked.exit_code == 0 and "Conforms" in checked.stdout, checked.output
    embedded = run(runner, "embed", site)
    assert embedded.exit_code == 0
    works = json.loads(embedded.stdout)["mainEntity"]["@reverse"]["author"]
    # a patent is a work in the JSON-LD once the mapping gives kind patent its type (FORMAT mapping)
    patents = sum(p["kind"] == "patent" for p in import_file(site).data["publications"])
    assert SITES[site][1] - patents <= len(works) <= SITES[site][1]


def test_site_folder_is_one_cv():
    sources = open_sources(HUGO / "academic-cv")
    assert not sources.batch and len(sources.units) == 1


@pytest.mark.parametrize("site", list(SITES), ids=lambda p: f"{p.parent.name}-{p.name}")
def test_warnings_are_located(site):
    for note in import_file(site).warnings:
        assert LOCATED.match(str(note)), str(note)


def test_alfolio_owner_aliases_and_coauthor_urls():
    data = import_file(ALFOLIO / "sections").data
    person = data["person"]
    assert person["name"] == "Jane Q. Doe"
    assert {"Jane Doe", "J. Q. Doe"} <= set(person["aliases"])
    assert person["orcid"] == "0000-0002-1825-0097"
    assert person["scholar"].endswith("user=qc6CJjYAAAAJ")
    assert data["people"] == [{"id": "richard-roe", "name": "Richard Roe", "url": "https://rroe.example.org",
                               "aliases": ["R. Roe"]}]  # coauthors.yml's other first-name forms


def test_alfolio_cv_yml_sections():
    imported = import_file(ALFOLIO / "sections")
    data, text = imported.data, "\n".join(map(str, imported.warnings))
    assert [a["name"] for a in data["awards"]] == ["Best Thesis Award", "Travel Grant"]  # awards, not publications
    assert all(p["title"] != "Best Thesis Award" for p in data["publications"])
    assert data["languages"] == [{"name": "English", "fluency": "native"}, {"name": "French", "fluency": "C1"}]
    assert data["interests"] == ["Machine learning: Optimisation", "Systems", "Hobbies: Climbing"]
    assert data["projects"][0]["url"] == "https://github.com/janedoe/fast"
    assert data["certificates"][0]["name"] == "Certified Things"  # from assets/json/resume.json
    assert "cv.yml:8: warning: section 'General Information': Office" in text
    assert "cv.yml:62: warning: section 'Teaching'" in text
    assert "cv.yml:28: warning: year 'sometime'" in text
    assert "cv.yml:32: warning: location" in text
    assert "extra.bib: warning: not papers.bib" in text
    assert "coauthors.yml:5: warning: co-author Nobody" in text


def test_alfolio_example_cv_yml():
    data = import_file(ALFOLIO / "example").data
    assert [e["degree"] for e in data["education"]] == ["PhD", "Federal teaching diploma"]
    assert data["employment"][0] == {
        "title": "Professor of Theoretical Physics", "organization": "Institute for Advanced Study, Princeton University",
        "start": "1933", "end": "1955", "notes": ["Description 1.", "Description 2.",
                                                 "Description 3.: Sub-description 1.; Sub-description 2."]}
    assert {a["name"] for a in data["awards"]} == {"Nobel Prize in Physics", "Matteucci Medal", "Max Planck Medal"}
    assert data["person"]["image"] == "https://alshedivat.github.io/al-folio/assets/img/prof_pic.jpg"


def test_hugoblox_publication_fields():
    imported = import_file(HUGO / "academic-cv")
    pubs = {p["title"]: p for p in imported.data["publications"]}
    conf = pubs["An example conference paper"]
    assert conf["kind"] == "conference" and conf["doi"] == "10.5555/123456"
    assert conf["authors"] == ["Alex Johnson", "Robert Ford"]  # `me` is the owner
    venues = {v["id"]: v for v in imported.data["venues"]}
    assert venues[conf["venue"]]["short"] == "ICW"
    journal = pubs["An example journal article"]
    assert (journal["kind"], journal["volume"], journal["issue"]) == ("journal", "1", "1")
    assert venues[journal["venue"]]["name"] == "Journal of Source Themes"
    assert pubs["An example preprint / working paper"]["arxiv"] == "1512.04133v1"
    text = "\n".join(map(str, imported.warnings))
    for kept in ("abstract", "keywords", "selected", "links"):
        if declared("publications", kept):
            assert kept in conf or kept == "selected" and conf.get("selected") is True
        else:  # the format does not have it yet: a warning at the line, never silently dropped
            assert "no publications " + repr(kept) in text
    assert "preprint/index.md:49: warning: link custom" in text
    assert "preprint/index.md:41: warning: link dataset '#'" in text


def test_hugoblox_cite_bib_fallback_and_types():
    data = import_file(HUGO / "wowchemy-starter").data
    pubs = {p["title"]: p for p in data["publications"]}
    fuzz = pubs["Fuzzware: Using Precise MMIO Modeling for Effective Firmware Fuzzing"]
    assert fuzz["kind"] == "conference" and fuzz["authors"][-1] == "Ali Abbasi"  # `admin` is the owner
    assert fuzz["pages"] == "1239-1256" and fuzz["year"] == "2022-08"  # from cite.bib
    ghost = next(p for t, p in pubs.items() if t.startswith("Ghost in the PLC"))
    assert ghost["year"] == "2016" and ghost["kind"] == "journal"
    assert data["person"]["links"][-1] == "https://www.linkedin.com/in/AlixAbbasi"
    usenix = next(v for v in data["venues"] if v["id"] == fuzz["venue"])
    assert usenix["aliases"] == ["31st USENIX Security Symposium (USENIX Security 22)"]  # cite.bib's name
    assert len(data["venues"]) == 2
    sections = import_file(HUGO / "sections").data
    titles = [p["title"] for p in sections["publications"]]
    assert "Only in cite.bib" in titles  # a page without front matter loses nothing: cite.bib
    assert sections["publications"][titles.index("A Patented Thing")]["authors"] == ["Jane Doe", "Richard Roe"]


def test_toml_front_matter_lines():
    text = "\n".join(map(str, import_file(HUGO / "sections").warnings))
    assert "odd/index.md:5: warning: publication type '42' unknown" in text
    assert "odd/index.md:8: warning: math" in text
    assert "patent/index.md:8: warning: link custom" in text


@pytest.mark.parametrize(("args", "message"), [
    (("alfolio", HUGO / "academic-cv"), "not a al-folio site"),
    (("hugoblox", ALFOLIO / "example"), "not a Hugo Blox site"),
    (("bibtex", ALFOLIO / "example"), "a folder; the BibTeX importer reads a file"),
    (("alfolio", ALFOLIO / "example" / "_config.yml"), "reads the site's folder, not a file"),
])
def test_not_a_site_is_one_line(runner, args, message):
    result = run(runner, "import", *args)
    assert result.exit_code == 2
    assert message.replace("a al-folio", "an al-folio") in result.stderr or message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_plain_folder_is_still_many_cvs(tmp_path):
    (tmp_path / "a.yaml").write_text("person: {name: A}\n")
    (tmp_path / "b.yaml").write_text("person: {name: B}\n")
    assert detect_site(tmp_path) is None
    sources = open_sources(tmp_path)
    assert sources.batch and len(sources.units) == 2
    with pytest.raises(ImportError_, match="not an al-folio site"):
        import_file(tmp_path)


# --- lose nothing: tests/contract/test_lose_nothing.py checks every site here with the shared harness
# (tests/support/losenothing_sites.py): every value in the records or in a warning at its line ------


def test_hugoblox_unmapped_page_keys_are_warned(tmp_path):
    """A publication page's subtitle, categories and preprint link are no site machinery: each is a
    warning at its line (they were dropped silently)."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(HUGO / "sections", site)
    page = site / "content" / "publication" / "odd" / "index.md"
    page.write_text(page.read_text().replace("math: true", "subtitle: The Sequel\ncategories: [robots]\n"
                                             "url_preprint: https://example.org/pre.pdf"))
    imported = import_file(site)
    assert site_losses("hugoblox", site, imported) == []
    text = "\n".join(map(str, imported.warnings))
    assert "odd/index.md:8: warning: subtitle = 'The Sequel' not imported" in text
    assert "odd/index.md:9: warning: categories = " in text and "robots" in text
    assert "odd/index.md:10: warning: link preprint" in text


def test_hugoblox_academic_selected_is_selected(tmp_path):
    """The Academic theme (before v4) wrote ``selected = true`` for what Hugo Blox calls ``featured``
    (seen on real sites' TOML pages): the publication is selected, not a warning."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(HUGO / "sections", site)
    page = site / "content" / "publication" / "odd" / "index.md"
    page.write_text(page.read_text().replace("math: true", "selected: true"))
    imported = import_file(site)
    odd = next(p for p in imported.data["publications"] if p["title"] == "Odd Page")
    assert odd.get("selected") is True and not any("selected" in str(n) for n in imported.warnings)
    assert site_losses("hugoblox", site, imported) == []


def test_levels_and_contact_note_are_warned():
    """Skill and language levels (Hugo Blox) and al-folio's contact_note have no field: warnings."""
    text = "\n".join(map(str, import_file(HUGO / "academic-cv").warnings))
    assert "_index.md:111: warning: skill 'Python & PyTorch': percent 95 not imported" in text
    assert "_index.md:140: warning: language 'English': percent 100 not imported" in text
    text = "\n".join(map(str, import_file(HUGO / "academic-cv-v1").warnings))
    assert "me.yaml:93: warning: skill 'Cloud Computing': level 4 not imported" in text
    text = "\n".join(map(str, import_file(ALFOLIO / "example").warnings))
    assert "_config.yml:9: warning: contact_note not imported" in text
    text = "\n".join(map(str, import_file(HUGO / "wowchemy-starter").warnings))
    assert "abbasi-2016-ghost/index.md:12: warning: date 2016-01-01 read as the year 2016" in text


def test_site_inside_a_folder_is_one_cv(tmp_path):
    import shutil

    shutil.copytree(ALFOLIO / "example", tmp_path / "einstein")
    shutil.copytree(HUGO / "academic-cv", tmp_path / "more" / "alex")
    (tmp_path / "ada.yaml").write_text("person: {name: Ada Lovelace, homepage: 'https://example.org/ada'}\n")
    sources = open_sources(tmp_path)
    assert [str(u.main) for u in sources.units] == [str(tmp_path / p) for p in ("ada.yaml", "einstein", "more/alex")]
    assert sources.batch


def test_alfolio_pdf_name_is_an_address_on_the_site():
    import inspect

    from cvgraph.importers.bibtex import convert

    imported = import_file(ALFOLIO / "sections")
    fast = next(p for p in imported.data["publications"] if p["id"] == "doe2023fast")
    if "link_base" in inspect.signature(convert).parameters:  # the BibTeX importer maps al-folio's fields
        assert fast["links"]["pdf"] == "https://jdoe.example.org/assets/pdf/doe2023fast.pdf"
        assert fast.get("selected") is True
    else:
        assert any("pdf" in str(n) and "doe2023fast" in str(n) for n in imported.warnings)


def test_alfolio_bib_award_named_in_cv_yml_is_one_award():
    from cvgraph.importers.alfolio.convert import join_awards
    from cvgraph.importers.base import Imported

    data = {"awards": [{"name": "Nobel Prize", "year": "1905", "work": "p1",
                        "notes": ["He received the **Nobel Prize in Physics** 1921"]},
                       {"name": "Nobel Prize in Physics", "year": "1921"}, {"name": "Medal"}]}
    result = Imported(data, comments={("awards", 2): "kept", ("awards", 0): "the bib one"})
    join_awards(data, result)
    assert data["awards"] == [{"name": "Nobel Prize in Physics", "year": "1921", "work": "p1",
                               "notes": ["He received the **Nobel Prize in Physics** 1921"]}, {"name": "Medal"}]
    assert result.comments[("awards", 1)] == "kept" and "one award" in result.comments[("awards", 0)]


@pytest.mark.parametrize("site", [ALFOLIO / "sections", HUGO / "academic-cv"], ids=lambda p: p.name)
def test_me_orcid_or_name(site):
    by_orcid = import_file(site, me="0000-0002-1825-0097").data
    assert by_orcid["person"]["orcid"] == "0000-0002-1825-0097"
    assert by_orcid["person"]["name"] in ("Jane Q. Doe", "Alex Johnson")  # the site still names the owner
    names = {by_orcid["person"]["name"], *by_orcid["person"].get("aliases", [])}
    assert all(names & set(p["authors"]) for p in by_orcid["publications"])
    assert import_file(site, me="J. Doe-Smith").data["person"]["name"] == "J. Doe-Smith"


def test_hugoblox_summary(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(HUGO / "sections", site)
    page = site / "content" / "publication" / "odd" / "index.md"
    page.write_text(page.read_text().replace("math: true", "summary: Short words.\nabstract: Long words here."))
    imported = import_file(site)
    odd = next(p for p in imported.data["publications"] if p["title"] == "Odd Page")
    assert odd["abstract"] == "Long words here."
    assert site_losses("hugoblox", site, imported) == []
    assert any("odd/index.md:8: warning: summary" in str(n) and "Short words." in str(n) for n in imported.warnings)
    page.write_text(page.read_text().replace("abstract: Long words here.", ""))
    odd = next(p for p in import_file(site).data["publications"] if p["title"] == "Odd Page")
    assert odd["abstract"] == "Short words."


def test_hugoblox_v1_profile():
    imported = import_file(HUGO / "academic-cv-v1")
    data = imported.data
    assert data["person"]["name"] == "Alex Johnson"  # given + family; "Dr. Alex Johnson" is the display name
    assert data["languages"] == [{"name": "English", "fluency": "Native"}, {"name": "Spanish", "fluency": "Fluent"}]
    assert [s["items"][0] for s in data["skills"]] == ["Pytho", "Academic Writing"]
    assert all("Alex Johnson" in p["authors"] for p in data["publications"])  # `me` is the data/authors slug
    text = "\n".join(map(str, imported.warnings))
    assert "me.yaml:11: warning: postnominals" in text and "me.yaml:10: warning: pronouns" in text


def test_alfolio_socials_yml(tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(ALFOLIO / "sections", site)
    (site / "_data" / "socials.yml").write_text("github_username: janedoe2\nmastodon_username: jane@fosstodon.org\n")
    imported = import_file(site)
    assert "https://github.com/janedoe2" in imported.data["person"]["links"]
    assert site_losses("alfolio", site, imported) == []
    assert any("socials.yml:2: warning: mastodon_username" in str(n) for n in imported.warnings)
