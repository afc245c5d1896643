"""Shared pytest fixtures for cvgraph's tests. Keep each section small and self-contained."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# --- ../shared reference data ---------------------------------------------------------------
# Official vocabularies etc. live beside the repo in ../shared (never copied into it). A plain
# checkout without it skips those tests with a visible reason (see `pytest -rs`); CI sets
# CVGRAPH_REQUIRE_SHARED=1 so that a missing ../shared fails instead of silently skipping.

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Path to ../shared; skip (or fail, when CVGRAPH_REQUIRE_SHARED=1) if it does not exist."""
    if SHARED_DIR.is_dir():
        return SHARED_DIR
    reason = f"reference data directory {SHARED_DIR} not found"
    if os.environ.get("CVGRAPH_REQUIRE_SHARED") == "1":
        pytest.fail(f"{reason} (required because CVGRAPH_REQUIRE_SHARED=1)", pytrace=False)
    pytest.skip(f"{reason}; set CVGRAPH_REQUIRE_SHARED=1 to make this an error")


@pytest.fixture(scope="session")
def vivo_dir(shared_dir: Path) -> Path:
    """VIVO's own list views, property configuration and sample data (../shared/vivo)."""
    return shared_dir / "vivo"


@pytest.fixture(scope="session")
def vivo_owl(shared_dir: Path) -> Path:
    """The VIVO-ISF ontology as VIVO loads it (../shared/vocab/vivo.owl)."""
    return shared_dir / "vocab" / "vivo.owl"


# --- the bundled sample -----------------------------------------------------------------------
# Built once per session: most tests look at the same graph.

@pytest.fixture(scope="session")
def sample_cv():
    import cvgraph

    return cvgraph.load(cvgraph.sample_path())


@pytest.fixture(scope="session")
def sample_triples(sample_cv):
    import cvgraph

    return cvgraph.triples(sample_cv)


@pytest.fixture(scope="session")
def sample_graph(sample_triples):
    from cvgraph.rdf.graph import to_graph

    return to_graph(sample_triples)


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    """The seed CV's text (what the sample transcribes), white space folded."""
    return " ".join((shared_dir / "seed" / "000_68d2ced8e8042197.txt").read_text(encoding="utf-8").split())


# --- golden files -----------------------------------------------------------------------------

def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/expected.ttl from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


# --- real triple stores (tests/support/servers.py) ----------------------------------------------------
# One in-memory Oxigraph server on a free 127.0.0.1 port for the whole session, stopped at the
# end. Its store is shared: a test that needs known contents calls `.clear()` and `.load()` first.
# Without the `oxigraph` binary (a dependency of cvgraph) these tests skip, or fail when
# CVGRAPH_REQUIRE_SHARED=1.

@pytest.fixture(scope="session")
def oxigraph_server():
    """A running Oxigraph server: `.base`, `.query_url`, `.update_url`, `.store_url`, `.load()`, `.clear()`."""
    from support.servers import find_oxigraph, skip_or_fail
    from support.servers import oxigraph_server as start

    if find_oxigraph() is None:
        skip_or_fail("the `oxigraph` server binary was not found (pip install -e '.[test]' installs it)")
    with start() as server:
        yield server


# --- Virtuoso 7 (tests/support/servers.py) ------------------------------------------------------------
# One Virtuoso (Debian virtuoso-opensource) with a fresh database in a temporary directory for the
# whole session, SQL and HTTP on free 127.0.0.1 ports, a user `.user`/`.password` with
# SPARQL_UPDATE (digest auth on /sparql-auth and /sparql-graph-crud-auth); stopped at the end.
# ~3-5 s to start, so only tests that ask for it pay. Without virtuoso-t these tests skip, or
# fail when CVGRAPH_REQUIRE_SHARED=1.

@pytest.fixture(scope="session")
def virtuoso_server():
    """A running Virtuoso 7: `.base`, `.query_url`, `.update_url`, `.gsp_url`, `.user`, `.password`,
    `.isql()`, `.drop()`, `.count()`, `.select()`."""
    from support.servers import find_virtuoso, skip_or_fail
    from support.servers import virtuoso_server as start

    if find_virtuoso() is None:
        skip_or_fail("virtuoso-t/isql-vt not found (apt-get install virtuoso-opensource; tests/run.sh does)")
    with start() as server:
        yield server


# --- markers ------------------------------------------------------------------------------------
# Everything under tests/integration/ talks to a real server or the browser, and so does any test
# elsewhere that asks for one of the server fixtures: marked `integration`, so that
# `pytest -m "not integration"` is the fast loop.

SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server", "server", "virtuoso"}


def pytest_collection_modifyitems(config, items):
    integration = Path(__file__).resolve().parent / "integration"
    for item in items:
        if integration in Path(str(item.fspath)).resolve().parents or SERVER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.integration)
