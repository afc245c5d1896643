"""Run the commands the README and docs/ show, and compare what they print with what is shown.

A runnable example is a fenced ```console block. A line starting with ``$ `` is a command; a line
starting with ``> `` right after it (or after a command line ending in ``\\``) continues it, as a
shell's second prompt shows; the lines after it up to the next ``$ `` are its expected output
(stdout and stderr together, as a terminal shows them), where a line ``...`` matches any number
of lines and ``...`` inside a line any text (a time, a version). Trailing spaces are ignored.

Every block of a page runs, in page order, in ONE bash session (so ``cd``, variables, an
activated venv and background jobs carry over), in a working folder of its own. A command ending
in ``&`` runs in the background: its expected output is what it prints once it is ready (the
harness waits until each 127.0.0.1 port it names accepts connections and its output matches).
Every ``127.0.0.1:PORT`` (and ``--port PORT``) in a page is replaced by a free loopback port (one per distinct PORT),
in the commands and in the expected output alike, so pages can show the default 7878.

A block preceded by ``<!-- not run: REASON -->`` is shown, never run (the tests list them and
require the reason); one preceded by ``<!-- install: REASON -->`` installs cvgraph (a venv, pip)
and runs only in the fresh-venv test (tests/integration/test_readme_fresh_venv.py).
"""
from __future__ import annotations

import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from support.paths import ROOT
from support.servers import free_port

FENCE = re.compile(r"^```(\w*)\s*$")
MARK = re.compile(r"^<!--\s*(not run|install):\s*(.*?)\s*-->\s*$")
LOOPBACK = re.compile(r"(127\.0\.0\.1:|--port )(\d+)")  # a loopback address, or the port cvgraph serve is given
DONE = "__DOCCOMMANDS_DONE__"
COMMAND_TIMEOUT = 900.0  # seconds for one foreground command (the fresh venv's pip install is the slowest)
READY_TIMEOUT = 30.0  # seconds for a background command to listen and print what it shows


@dataclass
class Command:
    text: str  # the command, continuation lines joined with newlines
    expected: list[str]
    line: int  # of its `$ ` line in the page


@dataclass
class Block:
    page: Path
    line: int  # of its opening fence
    commands: list[Command]
    not_run: str | None = None  # the reason, for a block shown but never run
    install: str | None = None  # the reason, for a block run only in a fresh venv

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    """README.md and every page of docs/ (docs/cli.md is generated --help text, no console blocks)."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def parse(page: Path) -> list[Block]:
    """The page's ```console blocks, with their not-run or install marks."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    mark: tuple[str, str] | None = None
    i = 0
    while i < len(lines):
        found = MARK.match(lines[i])
        fence = FENCE.match(lines[i])
        if found:
            mark = (found.group(1), found.group(2))
        elif fence:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            if fence.group(1) == "console":
                block = Block(page, i + 1, commands(lines[i + 1:end], i + 2))
                if mark:
                    setattr(block, mark[0].replace(" ", "_"), mark[1])
                blocks.append(block)
            mark, i = None, end
        elif lines[i].strip():
            mark = None
        i += 1
    return blocks


def commands(body: list[str], first_line: int) -> list[Command]:
    out: list[Command] = []
    continued = False
    for number, line in enumerate(body, first_line):
        if line.startswith("$ "):
            out.append(Command(line[2:], [], number))
        elif out and (continued or line.startswith("> ")) and not out[-1].expected:
            out[-1].text += "\n" + line.removeprefix("> ")
        elif out:
            out[-1].expected.append(line.rstrip())
        else:
            raise ValueError(f"line {number}: output before any `$ ` command")
        continued = bool(out) and not out[-1].expected and out[-1].text.endswith("\\")
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` equals ``actual`` line by line, a line ``...`` standing for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and line_matches(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def line_matches(expected: str, actual: str) -> bool:
    """Equal, or equal but for the ``...`` inside ``expected``, each of which stands for any text."""
    if "..." not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def port_map(blocks: list[Block]) -> dict[str, str]:
    """Each distinct 127.0.0.1 port the page shows -> a free one."""
    shown = {m for b in blocks for c in b.commands for text in [c.text, *c.expected]
             for _, m in LOOPBACK.findall(text)}
    return {port: str(free_port()) for port in sorted(shown)}


def substitute(text: str, ports: dict[str, str]) -> str:
    return LOOPBACK.sub(lambda m: m.group(1) + ports.get(m.group(2), m.group(2)), text)


def shim_dir(where: Path) -> Path:
    """A folder with a ``cvgraph`` that runs THIS checkout's code with this interpreter."""
    where.mkdir(parents=True, exist_ok=True)
    shim = where / "cvgraph"
    shim.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from cvgraph.cli import main\nmain(prog_name='cvgraph')\n", encoding="utf-8")
    shim.chmod(0o755)
    return where


def environment(home: Path, path_first: list[Path], base_path: str | None = None) -> dict[str, str]:
    """A clean environment: its own HOME and caches, no terminal width, unbuffered Python; PATH is
    ``path_first``, then this interpreter's folder (its ``oxigraph``) and ours, or ``base_path``."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"COLUMNS", "LINES", "PYTHONPATH", "VIRTUAL_ENV", "CVGRAPH_CACHE_DIR",
                        "CVGRAPH_USER", "CVGRAPH_PASSWORD", "XDG_CACHE_HOME"}}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONUNBUFFERED="1",
               LC_ALL="C.UTF-8", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PATH=os.pathsep.join([*map(str, path_first), base_path] if base_path is not None else
                                    [*map(str, path_first), str(Path(sys.executable).parent),
                                     env.get("PATH", "")]))
    return env


class Shell:
    """One bash session; ``run`` gives what a command printed (stdout and stderr) and its exit code."""

    def __init__(self, cwd: Path, env: dict[str, str], scratch: Path) -> None:
        self.scratch = scratch
        self.count = 0
        self.process = subprocess.Popen(["bash", "--noprofile", "--norc"], cwd=cwd, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def run(self, command: str, expected: list[str]) -> tuple[list[str], int]:
        self.count += 1
        out = self.scratch / f"out-{self.count}"
        script = f"{{\n{command}\n}} > {shlex.quote(str(out))} 2>&1 < /dev/null\necho {DONE} $?\n"
        assert self.process.stdin is not None
        self.process.stdin.write(script.encode())
        self.process.stdin.flush()
        code = self._wait_done()
        if command.rstrip().endswith("&"):
            self._wait_ready(command, out, expected)
        return read_lines(out), code

    def _wait_done(self) -> int:
        assert self.process.stdout is not None
        fd, seen, deadline = self.process.stdout.fileno(), b"", time.monotonic() + COMMAND_TIMEOUT
        while DONE.encode() not in seen or not seen.endswith(b"\n"):
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(fd, 4096) if ready else b""
            if not chunk:
                raise TimeoutError("the command did not finish" if not ready else "bash ended")
            seen += chunk
        return int(seen.decode().rsplit(DONE, 1)[1].split()[0])

    def _wait_ready(self, command: str, out: Path, expected: list[str]) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        for _, port in LOOPBACK.findall(command):
            while not listening(int(port)) and time.monotonic() < deadline:
                time.sleep(0.1)
        while not matches(expected, read_lines(out)) and time.monotonic() < deadline:
            time.sleep(0.1)

    def close(self) -> None:
        """End the session and everything it started in the background (its process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return [line.rstrip() for line in text.splitlines()]


@dataclass
class Failure:
    block: Block
    command: Command
    shown: str  # the command as run (ports substituted)
    expected: list[str]
    actual: list[str]
    code: int

    def __str__(self) -> str:
        return (f"{self.block.where} (line {self.command.line}): $ {self.shown}\n  exit {self.code}\n"
                f"  expected:\n{_indent(self.expected)}\n  got:\n{_indent(self.actual)}")


def _indent(lines: list[str]) -> str:
    return "\n".join("    | " + line for line in lines) or "    (nothing)"


@dataclass
class PageRun:
    """How to run a page: where, with which PATH in front, and whether install blocks run."""

    cwd: Path
    home: Path
    path_first: list[Path] = field(default_factory=list)
    with_install: bool = False
    base_path: str | None = None  # PATH after path_first instead of ours (a fresh machine's)
    extra_env: dict[str, str] = field(default_factory=dict)


def run_page(blocks: list[Block], how: PageRun) -> list[Failure]:
    """Run the page's blocks in one shell; every command whose output or exit code is not as shown."""
    ports = port_map(blocks)
    scratch = Path(tempfile.mkdtemp(prefix="doccommands-"))
    shell = Shell(how.cwd, {**environment(how.home, how.path_first, how.base_path), **how.extra_env}, scratch)
    failures: list[Failure] = []
    try:
        for block in blocks:
            if block.not_run is not None or (block.install is not None and not how.with_install):
                continue
            for command in block.commands:
                text = substitute(command.text, ports)
                expected = [substitute(line, ports) for line in command.expected]
                actual, code = shell.run(text, expected)
                if not matches(expected, actual) or (code != 0 and not expects_failure(expected)):
                    failures.append(Failure(block, command, text, expected, actual, code))
    finally:
        shell.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return failures


def expects_failure(expected: list[str]) -> bool:
    """A command may exit non-zero only when its shown output says so (an error line)."""
    return any(line.startswith(("error:", "Error:")) for line in expected)
