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
