"""A cache of validation reports, keyed by everything a report depends on.

SHACL validation is a pure function of the data, the shapes and the validator, so its report
can be reused when none of them changed: the key is the SHA-256 of the sorted N-Triples, the
shapes file, the SHACL engine (``turbo`` or ``pyshacl``) and the cvgraph, engine and rdflib
versions. A hit skips importing the engine and rdflib altogether. Entries are small JSON files
under ``$CVGRAPH_CACHE_DIR`` (default ``$XDG_CACHE_HOME/cvgraph`` or ``~/.cache/cvgraph``);
``CVGRAPH_NO_CACHE=1`` or ``--no-cache`` turns it off. A broken or unwritable cache is ignored,
never an error.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

__all__ = ["cache_dir", "report_key", "load_report", "store_report", "enabled"]


def enabled() -> bool:
    return os.environ.get("CVGRAPH_NO_CACHE", "") not in ("1", "true", "yes")


def cache_dir() -> Path:
    explicit = os.environ.get("CVGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cvgraph"


def _installed(package: str) -> str:
    """Where a package is installed and when its files were written: changes on any upgrade.
    (Cheaper than importlib.metadata, and the package itself is not imported.)"""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.origin:
        return f"{package} missing"
    stat = os.stat(spec.origin)
    return f"{package} {spec.origin} {stat.st_mtime_ns} {stat.st_size}"


ENGINE_MODULES = {"turbo": "pyshacl_turbo", "pyshacl": "pyshacl"}


def engine_fingerprint(engine: str) -> str:
    """The engine's name and where and when it was installed: part of every validation key."""
    return f"engine {engine}\0{_installed(ENGINE_MODULES.get(engine, engine))}"


def report_key(ntriples: bytes, shapes_file: Path, engine: str = "pyshacl") -> str:
    from cvgraph.version import __version__

    h = hashlib.sha256()
    for part in (f"cvgraph {__version__}", engine_fingerprint(engine), _installed("rdflib")):
        h.update(part.encode() + b"\0")
    h.update(hashlib.sha256(shapes_file.read_bytes()).digest())
    h.update(hashlib.sha256(ntriples).digest())
    return h.hexdigest()


def load_report(key: str) -> dict | None:
    try:
        return json.loads((cache_dir() / "validation" / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_report(key: str, report: dict) -> None:
    folder = cache_dir() / "validation"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        from cvgraph.rdf.syntax import write_atomic

        write_atomic(json.dumps(report, ensure_ascii=False).encode("utf-8"), folder / f"{key}.json")
    except Exception:  # noqa: BLE001 - a cache that cannot be written is just not used
        pass
