"""``serve --watch``'s view of its inputs (cvgraph.pipeline.serving.Watcher): a change to a CV,
a new CV in a folder, a deleted file and a people.yaml are seen; nothing else is."""
from __future__ import annotations

import os

from support.samples import CV

from cvgraph.pipeline.serving import Watcher


def touch(path, text: str) -> None:
    """Write ``text`` with a modification time one second later than before (whatever the clock's grain)."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, old + 1_000_000_000)
    os.utime(path, ns=(later, later))


def test_an_edited_cv_is_seen_once(tmp_path):
    cv = tmp_path / "cv.yaml"
    touch(cv, CV)
    watcher = Watcher([cv], settle=0.01)
    assert not watcher.changed()
    touch(cv, CV.replace("Ada", "Grace"))
    assert watcher.changed()
    assert not watcher.changed()


def test_a_folder_sees_a_new_cv_a_registry_and_a_deletion(tmp_path):
    touch(tmp_path / "a.yaml", CV)
    watcher = Watcher([tmp_path], settle=0.01)
    touch(tmp_path / "b.yaml", CV)
    assert watcher.changed()
    touch(tmp_path / "people.yaml", "people: []\n")
    assert watcher.changed()
    (tmp_path / "b.yaml").unlink()
    assert watcher.changed()
    touch(tmp_path / "notes.txt", "not a CV")
    assert not watcher.changed()


def test_the_default_cv_is_watched_when_none_is_given(tmp_path):
    cv = tmp_path / "cv.yaml"
    touch(cv, CV)
    watcher = Watcher([], lambda: cv, settle=0.01)
    touch(cv, CV + "\n")
    assert watcher.changed()


def test_a_supplement_and_a_vanished_folder_are_seen(tmp_path):
    cv, bib = tmp_path / "cv.yaml", tmp_path / "refs.bib"
    touch(cv, CV)
    touch(bib, "")
    watcher = Watcher([cv, bib], settle=0.01)
    touch(bib, "@misc{x, title={X}}\n")
    assert watcher.changed()
    folder = tmp_path / "cvs"
    folder.mkdir()
    touch(folder / "a.yaml", CV)
    watcher = Watcher([folder], settle=0.01)
    (folder / "a.yaml").unlink()  # the folder has no CV now: an error the rebuild reports
    assert watcher.changed()
