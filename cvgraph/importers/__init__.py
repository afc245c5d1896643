"""Importers: BibTeX, JSON Resume, RenderCV and ORCID records, and al-folio and Hugo Blox site
folders, into cvgraph records (see base.py).

``cvgraph import FORMAT FILE`` writes what :func:`import_file` returns as YAML to review and
keep (:func:`cvgraph.importers.yamlout.to_yaml`), or merges it into an existing CV file
(:func:`import_into`). ``cvgraph build`` and the other commands read such files directly: the
loader (:func:`cvgraph.pipeline.sources.load`) calls :func:`read_records`, which imports the file, writes
it as that same YAML and loads that, so the records are checked and resolved exactly like a
YAML file's (a problem is reported at its line in what ``cvgraph import`` prints, under the
file name ``FILE (as imported)``), and the import's warnings go to standard error.

Each converter is the module ``cvgraph.importers.<format>``, imported only when needed. A site
format (:data:`SITES`) reads a folder, not a file: its module has ``convert_site(root, me=None)``
and ``is_site(root)``; a folder given to ``build`` that is such a site is one CV (:func:`detect_site`).
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from cvgraph.errors import CvgraphError, ImportError_, RecordError, one_line
from cvgraph.fsio import ReadError, read_capped, write_atomic
from cvgraph.importers.base import Imported, Note
from cvgraph.importers.jsondoc import load_json
from cvgraph.records.yamlsafe import MAX_BYTES, Loaded, load_yaml

__all__ = ["FORMATS", "OWN", "SITES", "Imported", "Note", "detect", "detect_site", "guess", "import_file",
           "import_into", "owner_name", "print_warning", "read_records"]

OWN = "cvgraph"  # our own records format (YAML)
FORMATS: dict[str, str] = {  # name -> its name in prose; the name is also the converter's module
    "bibtex": "BibTeX",  # .bib
    "jsonresume": "JSON Resume",  # .json with "basics"
    "rendercv": "RenderCV",  # .yaml with a top-level cv: mapping
    "orcid": "ORCID",  # .json record from the ORCID public API (v3.0)
    "alfolio": "al-folio",  # a Jekyll site folder: _config.yml + _bibliography/
    "hugoblox": "Hugo Blox",  # a Hugo site folder: content/authors/ or content/publication(s)/
}
SITES = ("alfolio", "hugoblox")  # the formats that read a site folder

_RENDERCV = re.compile(r"^cv[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def print_warning(note: Note) -> None:
    """The default for import warnings: one line each on standard error."""
    print(one_line(note), file=sys.stderr)


def detect(path: str | Path, text: str) -> str:
    """The format of a file from its extension and, where that is not enough, its content:
    ``.bib`` is BibTeX; ``.json`` is an ORCID record when it has ORCID's ``orcid-identifier`` or
    ``activities-summary`` keys (or is a works ``bulk`` answer, or a list of those), JSON Resume
    when it has ``basics``; ``.yaml``/``.yml`` is RenderCV
    when it has a top-level ``cv:`` mapping, else cvgraph's own format (``"cvgraph"``).

    >>> detect("refs.bib", "@article{x, title={T}}")
    'bibtex'
    >>> detect("cv.yaml", "cv:\\n  name: Ada\\n")
    'rendercv'
    >>> detect("cv.yaml", "person:\\n  name: Ada\\n")
    'cvgraph'
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".bib", ".bibtex"):
        return "bibtex"
    if suffix == ".json":
        return _json_kind(path, text)
    if suffix in (".yaml", ".yml"):
        return "rendercv" if _is_rendercv(path, text) else OWN
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return _json_kind(path, text)
    if stripped.startswith("@") or re.search(r"^@[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        return "bibtex"
    return "rendercv" if _is_rendercv(path, text) else OWN


def detect_site(path: str | os.PathLike[str]) -> str | None:
    """The site format of folder ``path`` (one of :data:`SITES`), or None when it is not such a site
    (or not a folder)."""
    root = Path(path)
    if not root.is_dir():
        return None
    for fmt in SITES:
        if _site_module(fmt).is_site(root):
            return fmt
    return None


def guess(path: str | Path) -> str:
    """The import format of ``path`` (one of :data:`FORMATS`), as ``build`` reads it: a folder by
    :func:`detect_site`, a file by :func:`detect` (extension, then content). Raises
    :class:`ImportError_` (one line naming the choices) when it is none of them, cvgraph's own
    format included (there is nothing to import)."""
    path = Path(path)
    files = "|".join(f for f in FORMATS if f not in SITES)
    if path.is_dir():
        found = [fmt for fmt in SITES if _site_module(fmt).is_site(path)]
        if len(found) > 1:
            raise ImportError_(f"{path}: both an al-folio and a Hugo Blox site; name the one to import: "
                               f"cvgraph import {'|'.join(found)} {path}")
        if not found:
            raise ImportError_(f"{path}: a folder, but not an al-folio site (_config.yml and _bibliography/) nor a "
                               "Hugo Blox site (a Hugo config and content/authors/ or content/publication(s)/); "
                               f"give the site's folder or a file ({files.replace('|', ', ')})")
        return found[0]
    fmt = detect(path, _read_text(path, None)[0])
    if fmt == OWN:
        if path.suffix.lower() in (".yaml", ".yml"):
            raise ImportError_(f"{path}: a cvgraph CV already (no top-level cv: mapping, as RenderCV has): use it "
                               f"as it is (cvgraph build {path}), or name its format: cvgraph import {files} {path}")
        raise ImportError_(f"{path}: cannot tell its format from its name or content; name it: "
                           f"cvgraph import {files} {path} (a site: alfolio|hugoblox SITE_DIR)")
    return fmt


def _site_module(fmt: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{fmt}")


def import_site(root: str | Path, fmt: str | None = None, me: str | None = None) -> tuple[str, Imported]:
    """The site folder ``root`` imported: its format (``fmt`` or detected) and the records.
    Raises :class:`ImportError_` (one line) when it is not a site of that format."""
    root = Path(root)
    if fmt is not None and fmt not in SITES:
        raise ImportError_(f"{root}: a folder; the {FORMATS.get(fmt, fmt)} importer reads a file (give the "
                           f"file, or use {' or '.join(SITES)} for a site folder)")
    found = detect_site(root)
    if fmt is None and found is None:
        raise ImportError_(f"{root}: not an al-folio site (_config.yml and _bibliography/) nor a Hugo Blox "
                           "site (a Hugo config and content/authors/ or content/publication(s)/)")
    fmt = fmt or found or SITES[0]
    if not _site_module(fmt).is_site(root):
        hint = ("_config.yml and a _bibliography folder" if fmt == "alfolio"
                else "a Hugo config (hugo.yaml/toml, config.yaml/toml or config/_default/) and content/authors/ "
                "or content/publication(s)/")
        raise ImportError_(f"{root}: not a {FORMATS[fmt]} site (it needs {hint})")
    result = converter(fmt)(root, me=me)
    return fmt, result


def _json_kind(path: str | Path, text: str) -> str:
    doc, _ = load_json(text, str(path), "; a .json file is read as JSON Resume or an ORCID record")
    orcid_keys = ("orcid-identifier", "activities-summary", "bulk")  # a record, or a works bulk answer
    items = doc if isinstance(doc, list) else [doc]  # the ORCID importer takes [record, bulk, …] too
    if items and all(isinstance(d, dict) and any(k in d for k in orcid_keys) for d in items):
        return "orcid"
    if isinstance(doc, dict) and "basics" in doc:
        return "jsonresume"
    raise ImportError_(f"{path}: neither a JSON Resume (no \"basics\") nor an ORCID record (no "
                       "\"orcid-identifier\"); name the format (jsonresume or orcid) before the file for import, "
                       "with --from for the other commands")


def _is_rendercv(path: str | Path, text: str) -> bool:
    if not _RENDERCV.search(text):
        return False
    try:
        data = load_yaml(str(path), text).data
    except RecordError:
        return False
    return isinstance(data, dict) and isinstance(data.get("cv"), dict)


def _read_text(path: Path, fmt: str | None) -> tuple[str, list[Note]]:
    try:
        raw = read_capped(path, MAX_BYTES)
    except ReadError as exc:
        raise ImportError_(str(exc)) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if fmt == "bibtex" or (fmt is None and path.suffix.lower() in (".bib", ".bibtex")):
            # old .bib files are often Latin-1; every byte is a Latin-1 character
            return raw.decode("latin-1"), [Note(f"{path}:{line}", f"not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                                "read as Latin-1: check accented names")]
        raise ImportError_(f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as "
                           "UTF-8") from None


def converter(fmt: str) -> Callable[..., Imported]:
    """The ``convert`` function of format ``fmt`` (a site format's ``convert_site``), imported now."""
    if fmt not in FORMATS:
        raise CvgraphError(f"unknown import format {fmt!r}; use one of {', '.join(FORMATS)}")
    name = f"{__name__}.{fmt}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise CvgraphError(f"the {fmt} importer is not available in this cvgraph (no module {name})") \
            from None
    convert: Callable[..., Imported] = module.convert_site if fmt in SITES else module.convert
    return convert


def import_file(path: str | Path, fmt: str | None = None, me: str | None = None) -> Imported:
    """Read ``path`` and convert it to cvgraph records. ``fmt`` is one of :data:`FORMATS`
    (default: :func:`detect`); a cvgraph YAML file comes back as it is, without comments.
    ``me`` names the CV's owner (name or ORCID iD) for formats that do not say who it is.
    Raises :class:`ImportError_` when the file cannot be read at all."""
    path = Path(path)
    if path.is_dir():
        return import_site(path, fmt, me)[1]
    if fmt in SITES:
        raise ImportError_(f"{path}: the {FORMATS[fmt]} importer reads the site's folder, not a file")
    text, notes = _read_text(path, fmt)
    fmt = fmt or detect(path, text)
    if fmt == OWN:
        return Imported(load_yaml(str(path), text).data)
    result = converter(fmt)(text, str(path), me=me)
    result.warnings[:0] = notes
    return result


def read_records(path: str | Path, fmt: str | None = None,
                 warn: Callable[[Note], None] | None = print_warning) -> Loaded:
    """The loader's hook: ``path`` as a loaded YAML document. A cvgraph file is loaded as it is;
    a file of another format is imported, its warnings passed to ``warn`` (default: one line
    each on standard error, never fatal), and the YAML ``cvgraph import`` would print loaded in
    its place, named ``<path> (as imported)`` in error messages."""
    path = Path(path)
    if path.is_dir():
        fmt, imported = import_site(path, fmt)
        return _as_imported_yaml(path, fmt, imported, warn)
    if fmt in SITES:
        raise ImportError_(f"{path}: the {FORMATS[fmt]} importer reads the site's folder, not a file")
    if fmt == OWN or (fmt is None and path.suffix.lower() in (".yaml", ".yml")):
        loaded = load_yaml(path)  # the loader's own messages for a file it cannot read
        if fmt == OWN or not (isinstance(loaded.data, dict) and isinstance(loaded.data.get("cv"), dict)):
            return loaded
        fmt = "rendercv"
    try:
        text, notes = _read_text(path, fmt)
    except ImportError_:
        if fmt is None and path.suffix.lower() not in (".bib", ".bibtex", ".json"):
            return load_yaml(path)  # not known to be an import: the loader's located error
        raise
    fmt = fmt or detect(path, text)
    if fmt == OWN:
        return load_yaml(path, text)
    imported = converter(fmt)(text, str(path), me=None)
    imported.warnings[:0] = notes
    return _as_imported_yaml(path, fmt, imported, warn)


def _as_imported_yaml(path: Path, fmt: str, imported: Imported, warn: Callable[[Note], None] | None) -> Loaded:
    if warn is not None:
        for note in imported.warnings:
            warn(note)
    # lazy: ruamel.yaml and nameparser (heavy), only when a file is imported
    from cvgraph.importers.yamlout import to_yaml

    text = to_yaml(imported, source=str(path), fmt=FORMATS[fmt])
    return load_yaml(f"{path} (as imported)", text)


def owner_name(cv_path: str | Path) -> str | None:
    """``person.name`` of a cvgraph CV file, or None when it has none (or cannot be read)."""
    try:
        data = load_yaml(cv_path).data
    except RecordError:
        return None
    person = data.get("person") if isinstance(data, dict) else None
    name = person.get("name") if isinstance(person, dict) else None
    return name if isinstance(name, str) else None


def import_into(cv_path: str | Path, imported: Imported, source: str = "the import",
                output: str | Path | None = None) -> tuple[Imported, bool, str]:
    """Merge ``imported`` into the cvgraph file ``cv_path`` (:func:`cvgraph.importers.merge.merge`)
    and rewrite it atomically, its comments and layout kept (ruamel.yaml round trip; should that
    fail, it is written whole by :func:`cvgraph.importers.yamlout.to_yaml` and a warning says so),
    the previous version kept as ``<cv_path>.bak``. With ``output``, the merged CV is written
    there instead and ``cv_path`` is left alone. Returns the merged records (their warnings
    include every conflict), whether anything was added, and the text written."""
    # lazy: the merge and the writers load nameparser and ruamel.yaml (heavy), only for --into
    from cvgraph.importers.merge import merge
    from cvgraph.importers.yamlout import to_yaml, update_yaml

    cv_path = Path(cv_path)
    try:
        raw = read_capped(cv_path, MAX_BYTES)
    except ReadError as exc:
        raise ImportError_(str(exc)) from None
    base = load_yaml(cv_path)  # a RecordError names the line of a YAML problem
    if not isinstance(base.data, dict):
        raise ImportError_(f"{cv_path}: not a cvgraph CV (a mapping of sections) to merge into")
    if isinstance(base.data.get("cv"), dict):
        raise ImportError_(f"{cv_path}: a RenderCV file; --into needs a cvgraph CV file (import it first)")
    merged = merge(base.data, imported, base_name=cv_path.name, new_name=source)
    text = raw.decode("utf-8")
    changed = merged.data != base.data
    if changed:
        try:
            text = update_yaml(text, merged)
        except Exception as exc:  # noqa: BLE001 - whatever defeats the round trip: write it whole, say so
            merged.warn(str(cv_path), f"could not keep the file's comments and layout ({exc}); wrote "
                        "it whole" + ("" if output else f" (the previous version is in {cv_path.name}.bak)"))
            first = text.splitlines()[0] if text else ""
            schema = first.split("$schema=", 1)[1].strip() if "$schema=" in first else None
            text = to_yaml(merged, **({"schema": schema} if schema else {}))
    if output is not None:
        write_atomic(text.encode("utf-8"), output)
    elif changed:
        write_atomic(text.encode("utf-8"), cv_path, backup=True)
    return merged, changed, text
