#!/usr/bin/env bash
# Install everything the test suite needs, then run it. The README's test command and .ci/run
# both call this, so CI passes only on what this script installs.
#   Debian: raptor2-utils (rapper, the independent RDF parser the tests compare against),
#           chromium (headless browser for tests/integration/test_browser.py)
#           virtuoso-opensource (Virtuoso 7 for tests/integration/test_publish_virtuoso.py)
#   PyPI:   cvgraph itself (editable) with its [test] extra
# Extra arguments go to pytest, e.g. `bash tests/run.sh -k shapes`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v rapper >/dev/null 2>&1 || need_apt+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
exec python3 -m pytest "$@"
