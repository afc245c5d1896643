"""What makes a folder a Hugo Blox site: cheap to import, so that telling a site from a folder of
CVs (``cvgraph build DIR``) does not load the importer (its name parser is heavy)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["CONFIGS", "PUB_DIRS", "is_site"]

CONFIGS = ("hugo.yaml", "hugo.toml", "hugo.json", "config.yaml", "config.toml", "config.json", "config/_default")
PUB_DIRS = ("publication", "publications")


def is_site(root: Path) -> bool:
    """A Hugo Blox site: a Hugo config and ``content/authors`` or ``content/publication(s)``."""
    content = root / "content"
    return any((root / c).exists() for c in CONFIGS) and (
        (content / "authors").is_dir() or any((content / d).is_dir() for d in PUB_DIRS))
