#!/usr/bin/env bash
# Install what the test suite needs, say so first, then run it. The README's test command and
# .ci/run both call this, so CI passes only on what this script installs.
#   apt-get (as root, or through sudo; never prompts): the system parts that are missing
#     raptor2-utils        rapper, the independent RDF parser   tests/unit/rdf/test_roundtrip.py
#     chromium             headless browser                     tests/integration/test_browser.py, ...
#     virtuoso-opensource  Virtuoso 7                           tests/integration/test_publish_virtuoso.py, ...
#   pip (into the active Python, a venv if one is active): this checkout, editable, with its [test] extra
# No apt-get: one line naming the packages to install by hand (the fast subset,
# `-m "not integration"`, runs without them). Caches (pip, cvgraph, Chromium: XDG_CACHE_HOME) go to
# tests/artifacts/cache/, never into ~/.cache. Extra arguments go to pytest, e.g. `bash tests/run.sh -k shapes`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'tests/run.sh: %s\n' "$*" >&2; }

cache="$PWD/tests/artifacts/cache"
export XDG_CACHE_HOME="$cache" PIP_CACHE_DIR="$cache/pip"

need_apt=()
why=()
if ! command -v rapper >/dev/null 2>&1; then need_apt+=(raptor2-utils); why+=("raptor2-utils (rapper: RDF round-trip tests)"); fi
if ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); why+=("chromium (browser tests)"); fi
if ! command -v virtuoso-t >/dev/null 2>&1; then need_apt+=(virtuoso-opensource); why+=("virtuoso-opensource (Virtuoso publish and query tests)"); fi

fast=""
case " $* " in *"not integration"*) fast=1 ;; esac

sudo=""  # "", "sudo", or "none" (neither root nor sudo)
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=sudo; else sudo=none; fi
fi
apt=""
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$sudo" != none ]; then
    apt=1
    say "will install with apt-get${sudo:+ (through sudo)}: ${need_apt[*]}"
  else
    list=$(printf '%s; ' "${why[@]}")
    list=${list%; }
    if [ -n "$fast" ]; then
      say "no apt-get (or neither root nor sudo): not installing $list; the tests that need them skip"
    else
      say "cannot install the system packages some tests need (no apt-get, or neither root nor sudo): install $list by hand, or run the fast subset: bash tests/run.sh -m \"not integration\""
      exit 2
    fi
  fi
fi

if [ -z "${VIRTUAL_ENV:-}" ] && python3 -c 'import sys, sysconfig, os; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))' 2>/dev/null; then
  say "this Python is managed by the system (PEP 668): first python3 -m venv .venv && . .venv/bin/activate"
  exit 2
fi
extra=$(python3 -c 'import tomllib; print(", ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["test"]))')
say "will install with pip into $(python3 -c 'import sys; print(sys.prefix)'): this checkout (editable) with its [test] extra: $extra"

if [ -n "$apt" ]; then
  # through sudo too: `env` sets the variable for apt-get itself (sudo's env_reset would drop it)
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
exec python3 -m pytest "$@"
