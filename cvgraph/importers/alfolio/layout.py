"""What makes a folder an al-folio site: cheap to import, so that telling a site from a folder of
CVs (``cvgraph build DIR``) does not load the importer (its name parser is heavy)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["is_site"]


def is_site(root: Path) -> bool:
    """An al-folio site: ``_config.yml`` and a ``_bibliography`` folder."""
    return (root / "_config.yml").is_file() and (root / "_bibliography").is_dir()
