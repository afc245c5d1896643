"""tests/run.sh, the README's test command, run in a fake environment: PATH holds only the tools
each case allows, and fake apt-get, sudo and python3 record what they were asked to do (the real
python3 answers the script's `-c` questions; pip and pytest are not run)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash not found")

FAKE_PYTHON = f"""#!{BASH}
if [ "$1" = -m ]; then
  echo "python3 $* PIP_CACHE_DIR=$PIP_CACHE_DIR XDG_CACHE_HOME=$XDG_CACHE_HOME" >> "$LOG"
  echo "ran python3 $2" >&2
  exit 0
fi
exec {sys.executable} "$@"
"""
FAKE_APT = f"""#!{BASH}
echo "apt-get $* DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-unset}}" >> "$LOG"
echo "ran apt-get $1" >&2
"""
# like sudo's env_reset: the command gets a fresh environment (PATH and LOG kept for the fakes)
FAKE_SUDO = f"""#!{BASH}
exec /usr/bin/env -i PATH="$PATH" LOG="$LOG" "$@"
"""


def fake_bin(tmp_path: Path, uid: int, tools: dict[str, str]) -> Path:
    """A PATH folder with the basics, a fake `id -u`, and ``tools`` (name -> script text)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("dirname", "env"):
        found = shutil.which(name)
        assert found, name
        (bin_dir / name).symlink_to(found)
    scripts = {"id": f"#!{BASH}\necho {uid}\n", "python3": FAKE_PYTHON, **tools}
    for name, text in scripts.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return bin_dir


def run(tmp_path: Path, bin_dir: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    log = tmp_path / "log"
    log.touch()
    env = {"PATH": str(bin_dir), "LOG": str(log), "HOME": str(tmp_path / "home"),
           "DEBIAN_FRONTEND": "dialog"}  # what a desktop may have: the script must override it
    result = subprocess.run([BASH, str(ROOT / "tests" / "run.sh"), *args], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    return result, log.read_text(encoding="utf-8")


def test_without_apt_get_one_line_names_the_packages_and_the_fast_subset(tmp_path):
    result, log = run(tmp_path, fake_bin(tmp_path, 0, {}))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for part in ("raptor2-utils", "chromium", "virtuoso-opensource", '-m "not integration"'):
        assert part in lines[0]
    assert log == ""  # nothing installed, nothing run


def test_without_apt_get_the_fast_subset_runs(tmp_path):
    result, log = run(tmp_path, fake_bin(tmp_path, 0, {}), "-m", "not integration")
    assert result.returncode == 0, result.stderr
    assert "python3 -m pip install" in log and "python3 -m pytest -m not integration" in log


def test_says_what_it_installs_before_installing_and_keeps_noninteractive_through_sudo(tmp_path):
    result, log = run(tmp_path, fake_bin(tmp_path, 1000, {"apt-get": FAKE_APT, "sudo": FAKE_SUDO}), "-q")
    assert result.returncode == 0, result.stderr
    said = result.stderr.splitlines()
    first_apt = next(i for i, line in enumerate(said) if line.startswith("ran apt-get"))
    plan = "\n".join(said[:first_apt])
    assert "will install with apt-get (through sudo): raptor2-utils chromium virtuoso-opensource" in plan
    assert "will install with pip" in plan and "[test] extra: pytest" in plan and "mkdocs-material" in plan
    apt_calls = [line for line in log.splitlines() if line.startswith("apt-get")]
    assert len(apt_calls) == 2 and all(c.endswith("DEBIAN_FRONTEND=noninteractive") for c in apt_calls)
    assert "install -y" in apt_calls[1]


def test_caches_go_to_the_project_not_the_users_home(tmp_path):
    result, log = run(tmp_path, fake_bin(tmp_path, 0, {"apt-get": FAKE_APT}))
    assert result.returncode == 0, result.stderr
    pip = next(line for line in log.splitlines() if "-m pip install" in line)
    cache = str(ROOT / "tests" / "artifacts" / "cache")
    assert f"PIP_CACHE_DIR={cache}/pip" in pip and f"XDG_CACHE_HOME={cache}" in pip
    assert str(tmp_path / "home") not in log


def test_nothing_from_apt_when_the_system_parts_are_there(tmp_path):
    present = {name: f"#!{BASH}\n" for name in ("rapper", "chromium", "virtuoso-t")}
    result, log = run(tmp_path, fake_bin(tmp_path, 0, present))  # no apt-get, and none needed
    assert result.returncode == 0, result.stderr
    assert "apt-get" not in log and "will install with apt-get" not in result.stderr


def test_neither_root_nor_sudo_is_the_same_one_line(tmp_path):
    result, _ = run(tmp_path, fake_bin(tmp_path, 1000, {"apt-get": FAKE_APT}))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "neither root nor sudo" in result.stderr
