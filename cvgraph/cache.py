"""The one cache: content-addressed entries, keyed by everything a result depends on.

Three things are cached, in the same way:

- a validation report (:func:`cvgraph.shacl.validation.validate_triples`), keyed by the sorted
  N-Triples, the shapes and the SHACL engine;
- a CV built by the batch workers (:mod:`cvgraph.pipeline.batch`): its sorted N-Triples and its
  report, keyed by the bytes of its file(s), the options and the shapes;
- a profile's shapes as pyshacl-turbo compiles them (:mod:`cvgraph.shacl.compiled`), keyed by
  the shapes and the engine, so that a process does not parse the shapes again.

Every key also holds the one code fingerprint (:func:`code_fingerprint`): cvgraph's version and
the size and time of each of its files and of the mapping table (a source checkout changes
without a version bump), and where and when rdflib, pySHACL and pyshacl-turbo were installed.
An entry is one JSON line (its kind, its key, the caller's header and the SHA-256 of all three
and the body) and the zlib-compressed body, under ``$CVGRAPH_CACHE_DIR`` (default
``$XDG_CACHE_HOME/cvgraph`` or ``~/.cache/cvgraph``). An entry that does not verify (edited,
truncated, moved to another key, not what this code writes) is never used: it is removed, with
a one-line warning naming its file, and the caller builds the result afresh; so entries are
written atomically but not fsync'd (a crash can only leave an entry that does not verify). ``CVGRAPH_NO_CACHE=1``
or ``--no-cache`` turns the cache off. A missing, unreadable or unwritable cache is ignored, never
an error.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import zlib
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from cvgraph.fsio import ReadError, read_capped, write_atomic
from cvgraph.resources import bundled
from cvgraph.version import __version__

__all__ = ["ENGINE_MODULES", "MAX_ENTRY_BYTES", "cache_dir", "code_fingerprint", "enabled", "engine_fingerprint",
           "get", "key", "put"]

ENGINE_MODULES = {"turbo": "pyshacl_turbo", "pyshacl": "pyshacl"}
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # an entry's file, and its body inflated: far above any CV's
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    """Whether the cache is on (``CVGRAPH_NO_CACHE`` unset)."""
    return os.environ.get("CVGRAPH_NO_CACHE", "") not in ("1", "true", "yes")


def cache_dir() -> Path:
    """The cache's folder."""
    explicit = os.environ.get("CVGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cvgraph"


def _installed(package: str) -> str:
    """Where a package is installed and when its files were written: changes on any upgrade.
    (Cheaper than importlib.metadata, and the package itself is not imported.)"""
    spec = find_spec(package)
    if spec is None or not spec.origin:
        return f"{package} missing"
    stat = os.stat(spec.origin)
    return f"{package} {spec.origin} {stat.st_mtime_ns} {stat.st_size}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """cvgraph's version, its files' sizes and times, the mapping table's, and the installed
    rdflib and SHACL engines: part of every key."""
    h = hashlib.sha256(f"cvgraph {__version__}\0".encode())
    for path in [*sorted(_PACKAGE.rglob("*.py")), bundled("ontology") / "mapping.yaml"]:
        st = path.stat()
        h.update(f"{path.as_posix()} {st.st_size} {st.st_mtime_ns}\0".encode())
    for name in ("rdflib", *ENGINE_MODULES.values()):
        h.update(_installed(name).encode() + b"\0")
    return h.hexdigest()


def engine_fingerprint(engine: str) -> str:
    """The engine's name and where and when it was installed."""
    return f"engine {engine}\0{_installed(ENGINE_MODULES.get(engine, engine))}"


def key(*parts: str | bytes) -> str:
    """The key of an entry: the SHA-256 of the code fingerprint and ``parts`` (each hashed, so
    that no two different lists of parts give the same key)."""
    h = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        h.update(hashlib.sha256(part.encode("utf-8") if isinstance(part, str) else part).digest())
    return h.hexdigest()


def _path(kind: str, entry: str) -> Path:
    return cache_dir() / kind / entry[:2] / f"{entry}.z"


def _digest(kind: str, entry: str, header: dict[str, Any], body: bytes) -> str:
    """What an entry's content and key hash to (the header in one canonical JSON form)."""
    h = hashlib.sha256(json.dumps([kind, entry, header], sort_keys=True, ensure_ascii=False).encode("utf-8"))
    h.update(b"\0" + body)
    return h.hexdigest()


def get(kind: str, entry: str) -> tuple[dict[str, Any], bytes] | None:
    """The header and body stored under ``kind``/``entry``, or None: missing, unreadable, or
    not verified (then removed, with a warning; see the module docstring)."""
    path = _path(kind, entry)
    try:
        raw = read_capped(path, MAX_ENTRY_BYTES)
    except ReadError as exc:
        if os.path.lexists(path) and not exc.reason.startswith("cannot read"):
            _discard(path, exc.reason)
        return None
    try:
        found = _verified(kind, entry, raw)
    except (_Unverified, ValueError, zlib.error) as exc:
        _discard(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return None
    return found


class _Unverified(Exception):
    """An entry that does not verify, and why."""


def _verified(kind: str, entry: str, raw: bytes) -> tuple[dict[str, Any], bytes]:
    """The header and body of an entry's bytes; :class:`_Unverified` (or a JSON or zlib error)
    saying why they do not verify."""
    head, newline, compressed = raw.partition(b"\n")
    if not newline:
        raise _Unverified("no header line")
    meta = json.loads(head)
    if not isinstance(meta, dict) or not isinstance(meta.get("header"), dict):
        raise _Unverified("not an entry this cvgraph writes")
    if (meta.get("kind"), meta.get("key")) != (kind, entry):
        raise _Unverified("the entry of another key")
    inflate = zlib.decompressobj()
    body = inflate.decompress(compressed, MAX_ENTRY_BYTES)
    if inflate.unconsumed_tail or not inflate.eof:
        raise _Unverified("the body is cut short or too large")
    header: dict[str, Any] = meta["header"]
    if meta.get("sha256") != _digest(kind, entry, header, body):
        raise _Unverified("its content does not match its digest")
    return header, body


def _discard(path: Path, why: str) -> None:
    """Remove an entry that does not verify, and say so (one line on standard error)."""
    with contextlib.suppress(OSError):
        path.unlink()
    print(f"warning: {path}: cache entry does not verify ({why}); discarded, building afresh", file=sys.stderr)


def put(kind: str, entry: str, header: dict[str, Any], body: bytes = b"") -> None:
    """Store ``header`` and ``body`` under ``kind``/``entry`` (atomically; failures ignored)."""
    path = _path(kind, entry)
    meta = {"kind": kind, "key": entry, "sha256": _digest(kind, entry, header, body), "header": header}
    with contextlib.suppress(Exception):  # a cache that cannot be written is just not used
        path.parent.mkdir(parents=True, exist_ok=True)
        # not fsync'd: an entry a crash cut short does not verify, and is then discarded and rebuilt
        write_atomic(json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n" + zlib.compress(body, 1), path,
                     durable=False)
