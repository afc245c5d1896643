"""Issue 12 regressions of the batch build (cvgraph/pipeline/batch.py and its helpers).

- Item 1: U+2028, U+2029 and U+0085 in a text field corrupted N-Quads and the merged outputs
  (``str.splitlines`` split N-Triples text inside literals): N-Quads lines cut in the middle,
  merged Turtle/RDF-XML crashed, ``query`` over several CVs named an internal temp file.
- Item 5: a killed batch build (SIGKILL or SIGTERM of the parent) left its workers blocked
  forever and its temporary files beside the output; SIGTERM is now an interrupt (exit 130,
  cleaned up), workers die with their parent, and the next run removes a dead run's temp files.
- Item 13 (part): a full disk during a batch build gave a traceback and left a partial temp file.
- Item 14 (part): a big honest CV (70,000 publications) was refused as an "alias bomb".

The property-based version of item 1 (every separator in every text field, every batch output)
is tests/unit/pipeline/test_batch_roundtrip.py.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Self

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support import generate

import cvgraph
from cvgraph.cli import main
from cvgraph.errors import RecordError
from cvgraph.pipeline import batch
from cvgraph.pipeline.batch import run_batch
from cvgraph.pipeline.sources import Unit
from cvgraph.rdf.terms import IRI, nt_line
from cvgraph.records.yamlsafe import MAX_NODES, load_yaml

ROOT = Path(__file__).resolve().parents[2]
# Every character str.splitlines() splits on but N-Triples does not. VT, FF and U+001C-U+001E are
# among them, but the loader refuses those control characters in text (and nt_term escapes them).
SEPARATORS = {"LS": "\u2028", "PS": "\u2029", "NEL": "\x85"}
YAML_ESCAPE = {"\u2028": "\\L", "\u2029": "\\P", "\x85": "\\N"}


def _cv_text(i: int, sep: str) -> str:
    e = YAML_ESCAPE[sep]
    return (f'person: {{name: "Ada {i}", homepage: "https://example.org/ada{i}", job_title: "a{e}b"}}\n'
            f'interests: ["{e}first", "last{e}", "x{e}{e}y"]\n'
            "publications:\n"
            f'  - {{kind: preprint, title: "Line{e}separated", authors: [Ada {i}], year: 2020,'
            f' notes: ["one{e}two .\\n three"]}}\n')


def _folder(tmp_path: Path, sep: str, n: int = 3) -> list[Path]:
    folder = tmp_path / "cvs"
    folder.mkdir()
    paths = []
    for i in range(n):
        path = folder / f"cv{i}.yaml"
        path.write_text(_cv_text(i, sep), encoding="utf-8")
        paths.append(path)
    return paths


def _expected(paths: list[Path]) -> tuple[set[ox.Quad], set[ox.Triple]]:
    """The quads (a graph per CV) and the merged triples, from each CV built alone."""
    cvs = [cvgraph.load(p) for p in paths]
    text = "".join(nt_line(t, IRI(cv.base or "")) for cv in cvs for t in cvgraph.triples(cv))
    quads = set(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    return quads, {q.triple for q in quads}


OX = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
      "turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML}


# ----------------------------------------------------------------------------- item 1

@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", list(OX))
@pytest.mark.parametrize("name", list(SEPARATORS))
def test_unicode_line_separators_in_text_survive_every_batch_output(tmp_path, name, fmt, jobs):
    paths = _folder(tmp_path, SEPARATORS[name])
    out = tmp_path / f"all.{fmt}"
    result = run_batch([Unit(p) for p in paths], out, fmt, validate=False, use_cache=False, jobs=jobs)
    assert result.wrote and result.status == "ok", result.outcomes
    got = set(ox.parse(path=str(out), format=OX[fmt]))
    quads, triples = _expected(paths)
    if fmt in ("nquads", "trig"):
        assert got == quads
    else:
        assert {q.triple for q in got} == triples
    assert result.triples == len(got)


def test_cli_builds_nquads_of_cvs_with_line_separators(tmp_path):
    """The report's case through the CLI: exit 0 and every quad in its CV's graph."""
    paths = _folder(tmp_path, "\u2028")
    out = tmp_path / "all.nq"
    result = CliRunner().invoke(main, ["build", str(paths[0].parent), "-f", "nquads", "-o", str(out),
                                       "--no-validate", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert set(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)) == _expected(paths)[0]


@pytest.mark.parametrize("name", list(SEPARATORS))
def test_query_over_several_cvs_with_line_separators_answers(tmp_path, name):
    paths = _folder(tmp_path, SEPARATORS[name])
    rq = tmp_path / "literals.rq"
    rq.write_text("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }\n", encoding="utf-8")
    result = cvgraph.query(str(rq), [paths[0].parent])
    want = {t.value for t in _expected(paths)[1] for t in [t.object] if isinstance(t, ox.Literal)}
    assert {row[0].value for row in result.rows if row[0] is not None} == want


def test_merged_rdfxml_of_text_with_a_carriage_return_is_written(tmp_path):
    """Found with the batch round-trip test: the merged RDF/XML writer told pyoxigraph it had
    written more bytes than it was given (each CR became "&#13;"), and pyoxigraph aborted the
    whole process (SIGABRT: no message, no cleanup). Run in a child process for that reason."""
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(2):
        (folder / f"cv{i}.yaml").write_text(
            f'person: {{name: "Ada {i}", homepage: "https://example.org/ada{i}"}}\n'
            f'publications: [{{kind: preprint, title: "CR\\r\\nLF", authors: [Ada {i}], year: 2020}}]\n',
            encoding="utf-8")
    out = tmp_path / "all.rdf"
    child = subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", str(folder), "-f", "xml", "-o", str(out),
                            "--no-validate", "--no-cache"], capture_output=True, timeout=300, check=False,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == 0, child.stderr
    paths = sorted(folder.glob("*.yaml"))
    assert {q.triple for q in ox.parse(path=str(out), format=ox.RdfFormat.RDF_XML)} == _expected(paths)[1]
    assert any("CR\r\nLF" in q.object.value for q in ox.parse(path=str(out), format=ox.RdfFormat.RDF_XML))


# ----------------------------------------------------------------------------- item 14

def _big_cv(publications: int) -> str:
    lines = ['person: {name: "Ada Lovelace", homepage: "https://example.org/ada"}', "publications:"]
    lines += [f"  - {{kind: preprint, title: Paper {i}, authors: [me], year: 2020}}"
              for i in range(publications)]
    return "\n".join(lines) + "\n"


def test_a_big_honest_cv_is_not_an_alias_bomb(tmp_path):
    """70,000 publications (5 values each, 4 MB) and no alias: it loads."""
    path = tmp_path / "big.yaml"
    path.write_text(_big_cv(70_000), encoding="utf-8")
    assert 3_500_000 < path.stat().st_size < 5 * 1024 * 1024
    loaded = load_yaml(path)
    assert len(loaded.data["publications"]) == 70_000


def test_alias_bombs_are_still_refused():
    bomb = ROOT / "tests" / "bad" / "alias-bomb.yaml"
    with pytest.raises(RecordError, match="alias bomb"):
        load_yaml(bomb)
    # just over the cap: one anchored list of 1,000 values, referenced 201 times
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 201) + "]\n"
    with pytest.raises(RecordError, match="alias bomb"):
        load_yaml("x.yaml", text)


def test_aliases_count_only_what_they_add():
    """An honest file with a few aliases: its own values are not counted, what the aliases add is."""
    refs = MAX_NODES // 1001 - 1  # the list and its 1,000 values, that many times: under the cap
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * refs) + "]\n"
    text += "c: [" + ", ".join(["y"] * 300_000) + "]\n"  # 300,000 plain values: more than the cap alone
    loaded = load_yaml("x.yaml", text)
    assert len(loaded.data["b"]) == refs and len(loaded.data["c"]) == 300_000


# ----------------------------------------------------------------------------- item 13

class _FullDisk:
    """A file object that takes ``room`` bytes, then fails every write, flush and close with
    ENOSPC as a full disk does (a buffered file flushes on close, and fails there too)."""

    def __init__(self, fh, room: int) -> None:
        self.fh, self.room, self.full = fh, room, False

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.full = True
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.fh.write(data)

    def close(self) -> None:
        self.fh.close()
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> list[Path]:
    return generate.write(6, tmp_path_factory.mktemp("six"), seed=12)


@pytest.mark.parametrize("fmt", ["nquads", "nt", "turtle"])
def test_a_full_disk_during_a_batch_build_is_one_line_and_leaves_no_temp_file(six, tmp_path, monkeypatch, fmt):
    """The output's temporary file fills up after 20 kB. (In process: proves what cvgraph does
    with ENOSPC from a write and from the close that flushes, not that a real disk fills.)"""
    real = batch.AtomicFile

    class Filling(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fh = _FullDisk(self.fh, 20_000)

    monkeypatch.setattr(batch, "AtomicFile", Filling)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = CliRunner().invoke(main, ["build", *map(str, six), "-f", fmt, "-o", str(out_dir / "all.out"),
                                       "--no-validate", "--no-cache", "-j", "1"])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {out_dir / 'all.out'}: cannot write: No space left on device"], result.stderr
    assert "Traceback" not in result.output
    assert list(out_dir.iterdir()) == []


def test_a_full_disk_while_merging_is_one_line_and_leaves_no_temp_file(six, tmp_path, monkeypatch):
    """The merge's sorted runs (spilled beside the output) fill the disk."""
    import builtins

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real_open = builtins.open

    def filling_open(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        return _FullDisk(fh, 0) if "w" in mode and str(path).startswith(str(out_dir)) else fh

    monkeypatch.setattr(builtins, "open", filling_open)
    with pytest.raises(cvgraph.OutputError, match=r"cannot write: No space left on device"):
        run_batch([Unit(p) for p in six], out_dir / "all.ttl", "turtle", validate=False, use_cache=False,
                  jobs=1, chunk_bytes=10_000)
    monkeypatch.undo()
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_real_enospc_on_standard_output_is_one_line_and_leaves_no_temp_file(tmp_path):
    """A real ENOSPC from the kernel (/dev/full as standard output), through the CLI in a child
    process. (The output goes through a temporary file copied to standard output at the end, so
    this is the copy failing; the in-process tests above cover a full disk beside the output.)"""
    paths = _folder(tmp_path, "\u2028")
    temp = tmp_path / "tmp"
    temp.mkdir()
    with open("/dev/full", "wb") as full:
        child = subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", *map(str, paths), "-f", "nquads",
                                "--no-validate", "--no-cache"], stdout=full, stderr=subprocess.PIPE, timeout=300,
                               check=False, env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)})
    assert child.returncode == 2
    assert child.stderr.decode("utf-8").splitlines() == [
        "error: standard output: cannot write: No space left on device"]
    assert list(temp.iterdir()) == []


# ----------------------------------------------------------------------------- item 5

def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (from /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in found:
                    found.add(kid)
                    todo.append(kid)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has died; it waits for its (new) parent to reap it


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    generate.write(40, folder, seed=5)
    return folder


def _start(folder: Path, out: Path, env: dict[str, str], stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    """The CLI in a child process; its stderr to a file (workers that outlive it would hold a pipe open)."""
    cmd = [sys.executable, "-c", "import sys; from cvgraph.cli import main; sys.exit(main())", "build",
           str(folder), "-f", "nquads", "-o", str(out), "-j", "2", "--no-cache"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                            start_new_session=True)  # its own group: the test signals the parent alone


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "all.nq")


def _wait_for_work(child: subprocess.Popen[bytes], out_dir: Path) -> set[int]:
    """Wait until the workers run and the output's temp file has some CVs in it; the workers' pids."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        workers = _children(child.pid)
        temps = [p for p in out_dir.iterdir() if p.is_file() and p.stat().st_size > 0] if out_dir.exists() else []
        if len(workers) >= 2 and temps:
            return workers
        assert child.poll() is None, "the batch build ended early"
        time.sleep(0.05)
    pytest.fail("the batch build did not start its workers in time")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_batch_build_leaves_no_worker_and_the_next_run_no_temp_file(many, tmp_path, sig):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CVGRAPH_NO_CACHE": "1"}
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "all.nq"
    log = tmp_path / "stderr.txt"
    with log.open("wb") as fh:
        child = _start(many, out, env, fh)
    workers: set[int] = set()
    try:
        workers = _wait_for_work(child, out_dir)
        child.send_signal(sig)
        code = child.wait(timeout=60)
        stderr = log.read_text(encoding="utf-8")
        if sig == signal.SIGTERM:  # handled as Ctrl-C: one line, exit 130, its temp files removed
            assert code == 130, stderr
            assert stderr.splitlines()[-1] == "interrupted", stderr
            assert "Traceback" not in stderr
            assert _temp_files(out_dir) == []
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w for w in workers if _alive(w)] == [], "workers outlived their parent"
    finally:
        for pid in _children(child.pid) | {w for w in workers if _alive(w)} | {child.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # only the processes this test started
        child.wait()
    assert not out.exists()
    # the next run in that folder removes what the killed one left, and only that
    (out_dir / ".notes.txt.tmp").write_text("a user's own file", encoding="utf-8")
    few = sorted(many.glob("*.yaml"))[:2]
    again = subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", *map(str, few), "-f", "nquads",
                            "-o", str(out), "--no-validate"], env=env, capture_output=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert _temp_files(out_dir) == [".notes.txt.tmp"]


def test_stale_scratch_folders_of_a_living_run_are_kept(tmp_path):
    """A run still going (its pid alive) keeps its scratch folder; a dead one's is removed, and
    nothing else (another machine's, a folder that only looks alike)."""
    from cvgraph.pipeline.scratch import remove_stale, scratch_dir

    mine = scratch_dir(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / mine.name.replace(f"-{os.getpid()}-", f"-{dead.pid}-")
    shutil.copytree(mine, stale)
    host, _, rest = stale.name.removeprefix(f".cvgraph-batch-{dead.pid}-").partition("-")
    elsewhere = tmp_path / f".cvgraph-batch-{dead.pid}-{'0' * len(host)}-{rest}"  # another machine's
    not_ours = tmp_path / ".cvgraph-batch-notes"
    elsewhere.mkdir()
    not_ours.mkdir()
    remove_stale(tmp_path)
    assert mine.exists() and not stale.exists()
    assert elsewhere.exists() and not_ours.exists()


def test_a_query_over_several_cvs_cleans_up_and_removes_what_a_killed_one_left(tmp_path, monkeypatch):
    """`query` over several CVs without the cache (with it, they go to the query store in the
    cache folder) builds them into a temporary folder; one a killed query left (its pid gone) is
    removed by the next, and the next leaves nothing."""
    import tempfile

    from cvgraph.pipeline.scratch import scratch_dir

    paths = _folder(tmp_path, "\u2029")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("CVGRAPH_NO_CACHE", "1")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine = scratch_dir(None)
    stale = mine.rename(temp / mine.name.replace(f"-{os.getpid()}-", f"-{dead.pid}-"))
    (stale / "cvs.nt").write_text("half a graph", encoding="utf-8")
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = cvgraph.query(str(rq), [paths[0].parent])
    assert result.rows[0][0] is not None and int(result.rows[0][0].value) == len(_expected(paths)[1])
    assert list(temp.iterdir()) == []
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CVGRAPH_NO_CACHE")
    again = cvgraph.query(str(rq), [paths[0].parent])  # the query store: nothing in the temporary folder
    assert again.rows == result.rows and list(temp.iterdir()) == []


def test_publish_dry_run_shows_and_counts_n_triples_lines_split_at_line_feeds():
    """The dry run's preview of a PUT body split it with str.splitlines: a literal holding
    U+2028 was shown cut in two, and the line count was off by one per separator."""
    from cvgraph.store.client import Client, endpoints

    body = "".join(f'<http://example.org/s> <http://example.org/p> "{i}\u2028{i}\x85" .\n' for i in range(3))
    text = Client(endpoints("http://127.0.0.1:9", "oxigraph"), None, 30).preview("put", body, "http://g.example/")
    assert "3 lines" in text
    shown = text.split("\n")[1:]
    assert shown == [f'  <http://example.org/s> <http://example.org/p> "{i}\u2028{i}\x85" .' for i in range(3)]


def test_sigterm_ends_any_command_as_ctrl_c_does(tmp_path):
    """Not only batches: `query --endpoint` waiting on a server that never answers, SIGTERM'd,
    ends with "interrupted" and exit 130 (it died silently with -15)."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(120)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
        child = subprocess.Popen([sys.executable, "-m", "cvgraph.cli", "query", "publication-list", "--endpoint",
                                  url, "--timeout", "120"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            conn, _ = server.accept()  # the client is connected, and waits for an answer that never comes
            with conn:
                child.send_signal(signal.SIGTERM)
                _, err = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == 130, err
    assert err.decode("utf-8").splitlines() == ["interrupted"]
