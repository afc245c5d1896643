"""Issue 15, the first hour: ``cvgraph init`` then ``cvgraph import refs.bib --into cv.yaml`` (the
README's homepage recipe) warned "could not keep the file's comments and layout" and rewrote the
whole starter CV: the merge turned the starter's ``affiliation: my-institution`` into a one-item
list though the import added no affiliation, so the round-trip update (which keeps the file's own
scalar) no longer read back as the merged records. A form the import does not change stays as
the CV wrote it, and the file keeps every comment. And what is appended at the end of a section
joins its siblings: it came after the blank line (and comments) that end the section, which stayed
with the entry it was added behind.
"""
from __future__ import annotations

from click.testing import CliRunner

from tests.support.clirun import run

BIB = ("@article{h1952, author={Grace Hopper}, title={The Education of a Computer}, journal={Proc. ACM},"
       " year=1952, doi={10.1145/609784.609818}}\n")


def test_import_into_a_starter_cv_keeps_its_comments_and_layout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert run(runner, "init", "--name", "Grace Hopper", "--homepage", "https://example.org/~grace",
               "--orcid", "0000-0002-1825-0097", "--affiliation", "Yale").exit_code == 0
    before = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    result = run(runner, "import", "refs.bib", "--into", "cv.yaml")
    assert result.exit_code == 0, result.output
    assert "could not keep" not in result.stderr
    after = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    kept = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert kept and all(line in after.splitlines() for line in kept)  # every comment line kept
    assert "affiliation: my-institution" in after and "10.1145/609784.609818" in after
    # the new work follows the entry before it directly, and the section's closing blank line follows it
    lines = after.splitlines()
    start = lines.index("  - id: h1952")
    assert lines[start - 1].strip()  # no blank line between it and the work before it
    gap = next(i for i in range(start, len(lines)) if not lines[i].strip())
    assert any("10.1145/609784.609818" in line for line in lines[start:gap])
    assert not lines[gap + 1].startswith(" ")  # then the next section
    assert run(runner, "build", "cv.yaml", "-o", "cv.ttl").exit_code == 0


def test_the_cvs_affiliation_keeps_its_form_whatever_the_import_says():
    from cvgraph.importers.base import Imported
    from cvgraph.importers.merge import merge

    base = {"person": {"name": "Grace Hopper", "affiliation": "yale"}}
    same = Imported({"person": {"name": "Grace Hopper", "affiliation": "yale"}}, [], {})
    assert merge(base, same).data["person"]["affiliation"] == "yale"
    other = merge(base, Imported({"person": {"name": "Grace Hopper", "affiliation": "navy"}}, [], {}))
    assert other.data["person"]["affiliation"] == "yale"  # the CV's, with a warning naming both
    assert any("affiliation differs" in w.message and "navy" in w.message for w in other.warnings)
    none = merge({"person": {"name": "Grace Hopper"}},
                 Imported({"person": {"name": "Grace Hopper", "affiliation": "navy"}}, [], {}))
    assert none.data["person"]["affiliation"] == ["navy"]
