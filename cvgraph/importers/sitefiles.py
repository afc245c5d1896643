"""Reading the files of a homepage site (al-folio, Hugo Blox): whole YAML files and the front
matter of Markdown pages (YAML between ``---`` lines or TOML between ``+++`` lines), each value
with its line, so that whatever an importer does not map is a warning at ``file:line``.

Also :func:`declared` and :func:`put`: a value goes into a record only when the record format
declares its field (the format grows; until it has a field, the value is a warning, never lost).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvgraph.errors import ImportError_, RecordError, one_line
from cvgraph.fsio import ReadError, read_capped
from cvgraph.importers.base import Imported
from cvgraph.records.spec import FORMAT, item_fields
from cvgraph.records.yamlsafe import MAX_BYTES, Loaded, YamlPath, load_yaml

__all__ = ["Doc", "declared", "front_matter", "put", "read_site_text", "toml_file", "yaml_file"]


def read_site_text(path: Path) -> str:
    """A site file's text (UTF-8); a one-line :class:`ImportError_` when it cannot be read."""
    try:
        raw = read_capped(path, MAX_BYTES)
    except ReadError as exc:
        raise ImportError_(str(exc)) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportError_(f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as "
                           "UTF-8") from None


@dataclass
class Doc:
    """One site file's data and the line of each value."""

    file: str
    data: Any
    loaded: Loaded | None = None
    text: str = ""

    def line(self, path: YamlPath) -> int:
        if self.loaded is not None:
            return self.loaded.where(path)[0]
        key = next((p for p in path if isinstance(p, str)), None)  # TOML: the key's first line
        if key is not None:
            m = re.search(rf"^\s*{re.escape(key)}\s*=", self.text, re.MULTILINE)
            if m:
                return self.text.count("\n", 0, m.start()) + 1
        return 1

    def at(self, path: YamlPath = ()) -> str:
        """``file:line`` of ``path``."""
        return f"{self.file}:{self.line(path)}"


def _yaml(name: str, text: str) -> Loaded:
    try:
        return load_yaml(name, text)
    except RecordError as exc:
        raise ImportError_(one_line(str(exc.problems[0]) if exc.problems else str(exc))) from None


def yaml_file(path: Path) -> Doc:
    """A whole YAML file (``_config.yml``, ``_data/cv.yml``)."""
    text = read_site_text(path)
    loaded = _yaml(str(path), text)
    return Doc(str(path), loaded.data, loaded, text)


def toml_file(path: Path) -> Doc:
    """A whole TOML file (a Hugo config)."""
    text = read_site_text(path)
    try:
        return Doc(str(path), tomllib.loads(text), None, text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportError_(f"{path}: not TOML ({exc})") from None


_FENCE = {"---": "yaml", "+++": "toml"}


def front_matter(path: Path) -> tuple[Doc, str]:
    """The front matter of a Markdown page (YAML ``---`` or TOML ``+++``) and the page's body.
    A page without front matter has empty data."""
    text = read_site_text(path)
    lines = text.splitlines()
    fence = lines[0].strip() if lines else ""
    if fence not in _FENCE:
        return Doc(str(path), {}, None, text), text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), None)
    if end is None:
        raise ImportError_(f"{path}:1: front matter opened with {fence} is never closed (add a {fence} line)")
    body = "\n".join(lines[end + 1:])
    # blank lines in place of the fence keep every value at its line in the file
    inner = "\n" * 1 + "\n".join(lines[1:end]) + "\n"
    if _FENCE[fence] == "toml":
        try:
            data = tomllib.loads(inner)
        except tomllib.TOMLDecodeError as exc:
            raise ImportError_(f"{path}: front matter is not TOML ({exc})") from None
        return Doc(str(path), data, None, inner), body
    loaded = _yaml(str(path), inner)
    return Doc(str(path), loaded.data if loaded.data is not None else {}, loaded, inner), body


def declared(section: str, key: str) -> bool:
    """Whether the record format has field ``key`` in an entry of ``section`` (``person``, …)."""
    fields = item_fields(FORMAT[section]) if section in FORMAT else None
    return bool(fields and key in fields)


def put(imported: Imported, entry: dict[str, Any], section: str, key: str, value: object, where: str,
        what: str) -> None:
    """``entry[key] = value`` when the format declares it, else a warning at ``where`` naming
    ``what`` (the source field)."""
    if value in (None, "", [], {}):
        return
    if declared(section, key):
        entry[key] = value
    else:
        imported.warn(where, f"{what}: not imported (this cvgraph's records have no {section} {key!r} "
                      f"field): {str(value)[:80]!r}")
