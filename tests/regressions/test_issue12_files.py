"""Issue 12, items 6, 8 (local files) and 14 (`-o ''`): what cvgraph writes to and reads from.

- `-o` onto a character device, a FIFO or a symlink replaced it with a regular file (as root,
  `-o /dev/null` replaced the device); `-o /dev/stdout` wrote nothing to standard output.
- `-o` could be an input (`build cv.yaml -o cv.yaml` replaced the CV with Turtle, exit 0).
- `site -o DIR` overwrote an existing index.html without a backup.
- a 250-character output name failed: the temporary name was longer than 255 bytes.
- `embed --into` a symlinked page replaced the link with a file.
- `-o ''` said "Device or resource busy".
- a FIFO or /dev/zero as a CV, BibTeX file, `--into` page or `query --data` file was read whole
  (or forever) before the 5 MB check.

Device nodes and FIFOs are made in tmp_path (never the real /dev ones: the tests run as root).
"""
from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import ROOT
from support.samples import BIB, CV

from cvgraph.cli import main
from cvgraph.fsio import HOST, TEMP_NAME, read_capped, stale_temps, temp_prefix, write_atomic

PAGE = "<html><head><title>Ada</title></head><body></body></html>\n"


def _cv(tmp_path: Path, name: str = "cv.yaml", text: str = CV) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The CLI in its own process, its memory capped (a whole /dev/zero must fail fast, not
    swap the machine), killed after ``timeout`` (a FIFO read forever)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = dict(os.environ, PYTHONPATH=str(ROOT), CVGRAPH_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "cvgraph.cli", *args], capture_output=True, timeout=timeout,
                          env=env, preexec_fn=cap, check=False)


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# ----------------------------------------------------------------------------- -o onto what is not a file

def test_output_onto_a_character_device_writes_through_and_keeps_the_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    result = CliRunner().invoke(main, ["build", str(_cv(tmp_path)), "-o", str(null)])
    assert result.exit_code == 0, result.output
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_batch_output_onto_a_character_device_writes_through_and_keeps_the_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    a, b = _cv(tmp_path, "a.yaml"), _cv(tmp_path, "b.yaml", CV.replace("/ada", "/bob"))
    result = CliRunner().invoke(main, ["build", str(a), str(b), "-f", "nquads", "-j", "1", "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_import_writes_onto_a_device_without_force(tmp_path: Path) -> None:
    """--force guards a file that would be replaced; a device is written through, not replaced."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = CliRunner().invoke(main, ["import", "bibtex", str(_cv(tmp_path, "refs.bib", BIB)), "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_output_onto_a_fifo_writes_through_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out.ttl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _run(["build", str(_cv(tmp_path)), "-o", str(fifo)])
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and b"Notes on the Analytical Engine" in got[0]


def test_output_through_a_descriptor_link_reaches_standard_output(tmp_path: Path) -> None:
    """What `-o /dev/stdout` does, through a link of our own to /proc/self/fd/1."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = _run(["build", str(_cv(tmp_path)), "-o", str(link)])
    assert result.returncode == 0, result.stderr
    assert b"Notes on the Analytical Engine" in result.stdout
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_output_through_a_descriptor_link_to_a_file_appends_as_the_shell_opened_it(tmp_path: Path) -> None:
    """`-o /dev/stdout >> log`: the bytes go into the descriptor; the file is not replaced."""
    link, log = tmp_path / "stdout", tmp_path / "log.ttl"
    link.symlink_to("/proc/self/fd/1")
    log.write_bytes(b"# kept\n")
    with open(log, "ab") as fh:
        env = dict(os.environ, PYTHONPATH=str(ROOT), CVGRAPH_NO_CACHE="1")
        subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", str(_cv(tmp_path)), "-o", str(link)],
                       stdout=fh, env=env, check=True, timeout=60)
    text = log.read_text(encoding="utf-8")
    assert text.startswith("# kept\n") and "Notes on the Analytical Engine" in text


def test_output_onto_a_symlink_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real, link = tmp_path / "real" / "cv.ttl", tmp_path / "cv.ttl"
    real.write_text("old\n", encoding="utf-8")
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["build", str(_cv(tmp_path)), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Notes on the Analytical Engine" in real.read_text(encoding="utf-8")


def test_output_onto_a_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    real, link = tmp_path / "new.ttl", tmp_path / "link.ttl"
    link.symlink_to(real.name)
    assert CliRunner().invoke(main, ["build", str(_cv(tmp_path)), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and "Analytical" in real.read_text(encoding="utf-8")


def test_output_onto_a_folder_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["embed", str(_cv(tmp_path)), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "folder" in _one_error_line(result.stderr)


@pytest.mark.parametrize("command", [["build"], ["embed"], ["import", "bibtex"], ["site"]])
def test_empty_output_name_is_one_clear_line(tmp_path: Path, command: list[str]) -> None:
    source = _cv(tmp_path, "refs.bib", BIB) if command[0] == "import" else _cv(tmp_path)
    result = CliRunner().invoke(main, [*command, str(source), "-o", ""])
    assert result.exit_code == 2
    line = _one_error_line(result.stderr)
    assert "busy" not in line and "empty" in line


def test_a_250_character_output_name_is_written(tmp_path: Path) -> None:
    out = tmp_path / ("a" * 246 + ".ttl")
    result = CliRunner().invoke(main, ["build", str(_cv(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Analytical" in out.read_text(encoding="utf-8")


def test_temporary_names_are_capped_and_recognisable(tmp_path: Path) -> None:
    name = "é" * 200 + ".ttl"  # 404 bytes in UTF-8
    prefix = temp_prefix(name)
    assert len(os.fsencode(prefix)) + len("12345678.tmp") <= 255
    assert TEMP_NAME.match(prefix + "abcdefgh.tmp")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".x.ttl.cvgraph-{dead.pid}-{HOST}-abcdefgh.tmp"  # a process gone
    elsewhere = tmp_path / f".x.ttl.cvgraph-{dead.pid}-{'0' * len(HOST)}-abcdefgh.tmp"  # another machine's
    live = tmp_path / (temp_prefix("x.ttl") + "abcdefgh.tmp")  # this process
    for path in (stale, elsewhere, live):
        path.write_bytes(b"")
    assert stale_temps(tmp_path) == [stale]


def test_a_writer_removes_what_a_killed_writer_left_in_its_folder(tmp_path: Path) -> None:
    """A killed `build -o` leaves its temporary file; the next write into that folder removes it
    (and nothing of a living process, another machine's or the user's)."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".cv.ttl.cvgraph-{dead.pid}-{HOST}-abcdefgh.tmp"
    kept = [tmp_path / (temp_prefix("cv.ttl") + "abcdefgh.tmp"), tmp_path / ".notes.tmp",
            tmp_path / f".cv.ttl.cvgraph-{dead.pid}-{'0' * len(HOST)}-abcdefgh.tmp"]
    for path in (stale, *kept):
        path.write_bytes(b"half")
    write_atomic(b"whole", tmp_path / "other.ttl")
    assert not stale.exists() and all(path.exists() for path in kept)


# ----------------------------------------------------------------------------- -o equal to an input

@pytest.mark.parametrize("how", ["same name", "hard link", "symlink"])
def test_build_refuses_to_write_over_its_input(tmp_path: Path, how: str) -> None:
    cv = _cv(tmp_path)
    out = {"same name": cv, "hard link": tmp_path / "hard.yaml", "symlink": tmp_path / "soft.yaml"}[how]
    if how == "hard link":
        os.link(cv, out)
    elif how == "symlink":
        out.symlink_to(cv)
    result = CliRunner().invoke(main, ["build", str(cv), "-o", str(out)])
    assert result.exit_code == 2
    assert "input" in _one_error_line(result.stderr)
    assert cv.read_text(encoding="utf-8") == CV


def test_a_batch_build_refuses_to_write_over_one_of_its_inputs(tmp_path: Path) -> None:
    a = _cv(tmp_path, "a.yaml")
    b = _cv(tmp_path, "b.yaml", CV.replace("/ada", "/bob"))
    result = CliRunner().invoke(main, ["build", str(a), str(b), "-f", "nquads", "-o", str(b), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "input" in result.stderr and "Traceback" not in result.stderr
    assert b.read_text(encoding="utf-8") == CV.replace("/ada", "/bob")


def test_embed_and_import_refuse_to_write_over_their_input(tmp_path: Path) -> None:
    cv, bib = _cv(tmp_path), _cv(tmp_path, "refs.bib", BIB)
    result = CliRunner().invoke(main, ["embed", str(cv), str(bib), "-o", str(bib)])
    assert result.exit_code == 2 and "input" in _one_error_line(result.stderr)
    result = CliRunner().invoke(main, ["import", "bibtex", str(bib), "-o", str(bib), "--force"])
    assert result.exit_code == 2 and "input" in _one_error_line(result.stderr)
    assert bib.read_text(encoding="utf-8") == BIB and cv.read_text(encoding="utf-8") == CV


def test_query_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    cv = _cv(tmp_path)
    result = CliRunner().invoke(main, ["query", "--list"])
    name = result.stdout.split()[0]
    result = CliRunner().invoke(main, ["query", name, str(cv), "-o", str(cv)])
    assert result.exit_code == 2 and "input" in _one_error_line(result.stderr)
    assert cv.read_text(encoding="utf-8") == CV


# ----------------------------------------------------------------------------- backups

def test_site_keeps_the_previous_page_as_bak(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<p>written by hand</p>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(_cv(tmp_path)), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "index.html.bak").read_text(encoding="utf-8") == "<p>written by hand</p>\n"
    assert "Analytical" in (folder / "index.html").read_text(encoding="utf-8")
    assert "index.html.bak" in result.stderr


def test_embed_into_a_symlinked_page_updates_the_page_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    real, link = tmp_path / "www" / "index.html", tmp_path / "index.html"
    real.write_text(PAGE, encoding="utf-8")
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["embed", str(_cv(tmp_path)), "--into", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "cvgraph:jsonld" in real.read_text(encoding="utf-8")
    assert (tmp_path / "index.html.bak").read_text(encoding="utf-8") == PAGE


# ----------------------------------------------------------------------------- inputs that are not files

def _zero(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
    return path


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("make", [_zero, _fifo], ids=["device", "fifo"])
def test_a_cv_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path, make: object) -> None:
    assert callable(make)
    cv = make(tmp_path, "cv.yaml")
    result = _run(["build", str(cv)], timeout=30)
    assert result.returncode == 2
    assert "not a regular file" in _one_error_line(result.stderr.decode())


@pytest.mark.parametrize("make", [_zero, _fifo], ids=["device", "fifo"])
def test_bibtex_and_pages_that_are_not_regular_files_are_refused(tmp_path: Path, make: object) -> None:
    assert callable(make)
    cv, bib, page = _cv(tmp_path), make(tmp_path, "refs.bib"), make(tmp_path, "page.html")
    for args in (["import", "bibtex", str(bib)], ["build", str(cv), str(bib)], ["embed", str(cv), "--into", str(page)]):
        result = _run(args, timeout=30)
        assert result.returncode == 2, args
        assert "not a regular file" in _one_error_line(result.stderr.decode()), args


def test_query_data_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    result = _run(["query", "--list"], timeout=30)
    assert result.returncode == 0
    name = result.stdout.decode().split()[0]
    result = _run(["query", name, "--data", str(_fifo(tmp_path, "data.nt"))], timeout=30)
    assert result.returncode == 2
    assert "not a regular file" in _one_error_line(result.stderr.decode())


def test_capped_reader_reads_at_most_the_limit(tmp_path: Path) -> None:
    from cvgraph.fsio import ReadError

    path = tmp_path / "big"
    path.write_bytes(b"x" * 11)
    assert read_capped(path, 11) == b"x" * 11
    with pytest.raises(ReadError, match="over the 10-byte limit"):
        read_capped(path, 10)
    with pytest.raises(ReadError, match="cannot read"):
        read_capped(tmp_path / "missing", 10)
    with pytest.raises(ReadError, match="a folder"):
        read_capped(tmp_path, 10)
