"""The query store: the built CVs of ``cvgraph query NAME DIR``, kept in the cache folder and
updated per changed, added or removed CV, so that a query over many CVs only loads them.

The store is one N-Triples file per set of inputs, ``<cache>/query/<key>.nt``: each CV's sorted
N-Triples (from :func:`cvgraph.pipeline.batch.each_cv`, the per-CV cache), one after the other in
input order, after a first comment line that is its manifest (each CV's file, per-CV cache key,
document IRI, offset and length, and the body's size and CRC-32). Loaded into the default graph of
an in-memory pyoxigraph store (or an rdflib graph), it is the RDF merge of the CVs: a store's graph
is a set, so a triple two CVs hold is one triple, as in ``build -f nt``'s de-duplicated output,
and the blank nodes of one file keep their identity across CVs (their labels are content digests).

Why a file and not a pyoxigraph on-disk (RocksDB) store: on 1,000 generated CVs, ``coauthors``
takes 8-9 s on the on-disk store against 1.7 s in memory, and the in-memory bulk load of this file
is ~6 s: loading wins for every query but the smallest.

A run computes each CV's per-CV cache key (its files' bytes and the options:
:func:`cvgraph.pipeline.batch.cv_keys`) and compares it with the manifest: only the CVs whose key
changed, and the new ones, are built (or read from the per-CV cache); removed ones are dropped;
the others are copied from the old file. The new file replaces the old atomically
(:class:`cvgraph.fsio.AtomicFile`). An exclusive lock (``<key>.lock``, ``flock``) is held while
checking and updating, a shared one while the file is read: two processes never write it at once
and a reader never sees it change. A file whose manifest or checksum does not verify (edited,
truncated, not what this code writes) is rebuilt, with a one-line warning. With the cache off
(``CVGRAPH_NO_CACHE``), no ``flock`` (Windows), or CVs given as loaded objects, the same file is
written in a scratch folder and removed after the query.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

from cvgraph import cache
from cvgraph.fsio import AtomicFile
from cvgraph.pipeline.batch import BatchError, cv_keys, each_cv
from cvgraph.pipeline.scratch import temporary
from cvgraph.pipeline.sources import Sources
from cvgraph.records.loader import CV

try:
    import fcntl
except ImportError:  # not on POSIX: no shared store, a scratch file per query
    fcntl = None  # type: ignore[assignment]

__all__ = ["KEEP", "merged_cvs"]

FORMAT = "cvgraph-query-store 1"
KEEP = 3  # stores kept in the cache folder (the most recently used)
_MANIFEST_BYTES = 64 << 20  # the first line's cap
_CHUNK = 1 << 20
_CRC_HOLE = "0" * 10  # the manifest's CRC-32, written as ten digits once the body is written
_CHECK_HOLE = "0" * 64  # the manifest's own digest (SHA-256), written last


@dataclass(frozen=True)
class _Entry:
    file: str
    key: str
    graph: str
    offset: int
    length: int


@contextlib.contextmanager
def merged_cvs(sources: Sources, base: str | None) -> Iterator[Path]:
    """An N-Triples file holding every CV of ``sources`` (see the module docstring), up to date,
    for the ``with`` block (read-locked). A CV that cannot be built: :class:`BatchError`."""
    shared = fcntl is not None and cache.enabled() and not any(isinstance(u.main, CV) for u in sources.units)
    if not shared:
        with temporary() as folder:
            path = folder / "cvs.nt"
            _update(path, sources, base, [])
            yield path
        return
    folder = cache.cache_dir() / "query"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / f"{_store_key(sources, base)}.lock", "a+b")  # noqa: SIM115 - held across the yield
    except OSError:  # an unwritable cache is not used
        with temporary() as scratch:
            path = scratch / "cvs.nt"
            _update(path, sources, base, [])
            yield path
        return
    with lock:
        path = Path(lock.name).with_suffix(".nt")
        _current(path, sources, base, lock)
        os.utime(lock.fileno())  # recently used: kept by _prune
        _prune(folder, path)
        yield path


def _store_key(sources: Sources, base: str | None) -> str:
    """The store of a set of inputs: where they are (their common folder) and the options that
    name their files' graphs. (What else a graph depends on is in each CV's key.)"""
    mains = [os.path.abspath(u.files[0]) for u in sources.units]
    common = os.path.commonpath(mains) if mains else ""
    text = "\0".join([FORMAT, common, base or "", sources.fmt or ""])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _current(path: Path, sources: Sources, base: str | None, lock: IO[bytes]) -> None:
    """Bring the store at ``path`` up to date under an exclusive lock, then hold a shared one."""
    assert fcntl is not None
    for _ in range(5):
        fcntl.flock(lock, fcntl.LOCK_EX)
        _update(path, sources, base, _manifest(path, warn=True))
        written = _head(path)
        fcntl.flock(lock, fcntl.LOCK_SH)  # not atomic: a writer may come between, so look again
        if _head(path) == written:
            return
    raise BatchError([f"{path}: the query store keeps changing (other cvgraph processes); try again"])


def _head(path: Path) -> bytes:
    """A store's manifest line (which names its checksum): what tells one store from another."""
    with open(path, "rb") as fh:
        return fh.readline(_MANIFEST_BYTES)


def _manifest(path: Path, *, warn: bool) -> list[_Entry]:
    """The CVs a store holds, or none (no store, or one that does not verify: a warning)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return []
    except OSError as exc:
        return _bad(path, exc.strerror or str(exc), warn)
    with fh:
        try:
            head = fh.readline(_MANIFEST_BYTES)
            if not head.startswith(b"# ") or not head.endswith(b"\n"):
                return _bad(path, "no manifest line", warn)
            meta: Any = json.loads(head[2:])
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                return _bad(path, "not a query store this cvgraph writes", warn)
            if meta.get("check") != _check(meta):
                return _bad(path, "its manifest does not match its digest", warn)
            entries = [_Entry(*item) for item in meta["cvs"]]
            size, crc = _checksum(fh)
        except (ValueError, TypeError, KeyError, OSError) as exc:
            return _bad(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, warn)
    if (size, f"{crc:010d}") != (meta.get("size"), meta.get("crc32")):
        return _bad(path, "its content does not match its checksum", warn)
    if not all(isinstance(e.file, str) and isinstance(e.key, str) and isinstance(e.graph, str)
               and isinstance(e.offset, int) and isinstance(e.length, int) for e in entries):
        return _bad(path, "not a query store this cvgraph writes", warn)
    return entries


def _check(meta: dict[str, Any]) -> str:
    """The digest of a manifest (all but itself): an edited manifest does not verify."""
    fields = [meta.get("format"), meta.get("size"), meta.get("crc32"), meta.get("cvs")]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode("ascii")).hexdigest()


def _bad(path: Path, why: str, warn: bool) -> list[_Entry]:
    if warn:
        print(f"warning: {path}: query store does not verify ({why}); rebuilding it", file=sys.stderr)
    return []


def _checksum(fh: IO[bytes]) -> tuple[int, int]:
    """The size and CRC-32 of the rest of a file."""
    size, crc = 0, 0
    while chunk := fh.read(_CHUNK):
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
    return size, crc


def _update(path: Path, sources: Sources, base: str | None, old: list[_Entry]) -> None:
    """Rewrite the store at ``path`` if the CVs differ from ``old``: the changed and new ones built
    (per-CV cache) into a scratch file (memory holds one CV at a time), the others copied."""
    units = sources.units
    files = [u.files[0] for u in units]
    keys = cv_keys(units, base=base, source_format=sources.fmt, registry=sources.registry)
    have = {(e.file, e.key): e for e in old}
    kept = [have.get((f, k)) if k is not None else None for f, k in zip(files, keys, strict=True)]
    todo = [i for i, e in enumerate(kept) if e is None]
    if old and len(old) == len(units) and not todo:
        return  # nothing changed
    with contextlib.ExitStack() as stack:
        pieces: list[_Piece | None] = [None] * len(units)
        try:
            fh = stack.enter_context(open(path, "rb")) if len(todo) < len(units) else None
        except OSError:  # gone or unreadable since its manifest was read: everything is built
            fh, todo = None, list(range(len(units)))
        if fh is not None:
            start = len(fh.readline(_MANIFEST_BYTES))
            pieces = [_Piece(fh, start + e.offset, e.length, e.graph) if e is not None else None for e in kept]
        spool = stack.enter_context(tempfile.TemporaryFile(dir=path.parent))
        for i, piece in zip(todo, _build(spool, [units[i] for i in todo], sources, base), strict=True):
            pieces[i] = piece
        made = [piece for piece in pieces if piece is not None]
        _check_graphs([piece.graph for piece in made], files)
        _write(path, files, keys, made)


@dataclass(frozen=True)
class _Piece:
    """Where a CV's text is while a store is written: the old store, or the scratch file."""

    fh: IO[bytes]
    at: int
    length: int
    graph: str


def _build(spool: IO[bytes], units: Sequence[Any], sources: Sources, base: str | None) -> list[_Piece]:
    """Each unit's sorted N-Triples (no validation, as queries always were), written to ``spool``."""
    out: list[_Piece] = []
    problems: list[str] = []
    for outcome, payload in each_cv(units, "nt", base=base, source_format=sources.fmt, validate=False,
                                    registry=sources.registry):
        if outcome.status == "error" or outcome.graph is None:
            problems += outcome.problems
        out.append(_Piece(spool, spool.tell(), len(payload), outcome.graph or ""))
        spool.write(payload)
    if problems:
        raise BatchError(problems)
    return out


def _check_graphs(graphs: list[str], files: list[str]) -> None:
    """Two CVs with one document IRI (each_cv tells within the CVs it builds; this, across all)."""
    seen: dict[str, str] = {}
    problems = []
    for graph, file in zip(graphs, files, strict=True):
        if graph in seen:
            problems.append(f"{file}: its document IRI <{graph}> is already that of {seen[graph]} (hint: give "
                            "each CV its own base: or person.homepage)")
        seen.setdefault(graph, file)
    if problems:
        raise BatchError(problems)


def _write(path: Path, files: list[str], keys: list[str | None], pieces: list[_Piece]) -> None:
    """Write the new store: the manifest line (its CRC-32 and digest filled in last), then each
    CV's text; then renamed over the old one."""
    lengths = [piece.length for piece in pieces]
    offsets = [0, *accumulate(lengths)][:-1]
    meta: dict[str, Any] = {"format": FORMAT, "size": sum(lengths), "crc32": _CRC_HOLE, "check": _CHECK_HOLE,
                            "cvs": [[f, k or "", p.graph, o, p.length]
                                    for f, k, p, o in zip(files, keys, pieces, offsets, strict=True)]}
    head = b"# " + json.dumps(meta, ensure_ascii=True).encode("ascii") + b"\n"
    hole = head.index(json.dumps(_CRC_HOLE).encode("ascii")) + 1
    check_hole = head.index(json.dumps(_CHECK_HOLE).encode("ascii")) + 1
    with AtomicFile(path) as out:
        out.fh.write(head)
        crc = 0
        for piece in pieces:
            piece.fh.seek(piece.at)
            data = piece.fh.read(piece.length)
            out.fh.write(data)
            crc = zlib.crc32(data, crc)
        meta["crc32"] = f"{crc:010d}"
        out.fh.seek(hole)
        out.fh.write(meta["crc32"].encode("ascii"))
        out.fh.seek(check_hole)
        out.fh.write(_check(meta).encode("ascii"))
        out.commit()


def _prune(folder: Path, current: Path) -> None:
    """Remove the stores beyond the :data:`KEEP` most recently used (those no one is reading).
    Their empty lock files stay: a process may be waiting on one (a lock file removed then would
    let two processes hold "the" lock)."""
    with contextlib.suppress(OSError):
        locks = sorted((p for p in folder.glob("*.lock") if p.with_suffix(".nt").exists()),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in locks[KEEP:]:
            if old.with_suffix(".nt") == current:
                continue
            with open(old, "a+b") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # in use
                old.with_suffix(".nt").unlink(missing_ok=True)  # the lock file stays: someone may wait on it
