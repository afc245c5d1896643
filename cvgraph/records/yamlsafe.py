"""Safe YAML loading that keeps every value's line and column, with limits.

PyYAML composes the node tree (C parser when available, no object construction, no tags
run); we turn nodes into plain Python ourselves so that

* every value's position is known (errors point at the YAML),
* YAML 1.1 surprises are avoided: ``2021-05-01`` stays a string, ``NO``/``yes``/``on`` stay
  strings, only decimal integers and floats become numbers, and the source text of every
  plain scalar is kept (``025010`` can still be read as the string it was written as),
* anchors and aliases are expanded under a budget of the values the aliases *add* (every value
  reached through an alias, however deep), so an alias bomb ("billion laughs") stops with an
  error instead of eating the machine, while a big file without aliases (bounded by
  ``MAX_BYTES``) is never counted against it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from cvgraph.errors import Problem, RecordError
from cvgraph.fsio import ReadError, read_capped

__all__ = ["MAX_BYTES", "MAX_NODES", "PLAIN_FLOAT", "PLAIN_INT", "Loaded", "YamlPath", "YamlScalar", "YamlValue", "load_yaml"]

MAX_BYTES = 5 * 1024 * 1024  # a CV of 5 MB is already absurd
MAX_NODES = 200_000  # values added by expanding aliases (the file's own values are bounded by MAX_BYTES)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]  # PyYAML's loaders are not annotated
    """The safe loader, composing only: an untagged node's tag is resolved to ``str``, ``seq`` or
    ``map`` at once instead of through PyYAML's implicit resolvers (a Python call per scalar),
    since every type those give is allowed and :func:`_scalar` reads the plain scalars itself;
    only the two plain scalars whose resolved tag :func:`_node` refuses (``<<``, a merge key, and
    ``=``, a value key) are still resolved as PyYAML does."""

    def resolve(self, kind: type[yaml.Node], value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in ("<<", "="):
                return str(super().resolve(kind, value, implicit))
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

PLAIN_INT = re.compile(r"[-+]?[0-9]+\Z")  # the plain scalars read as numbers (the writers quote them)
PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}"
                 for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
MAX_DEPTH = 50  # a CV is a few levels deep

YamlPath: TypeAlias = tuple[str | int, ...]  # where a value is: mapping keys and sequence indexes
YamlScalar: TypeAlias = str | int | float | bool | None
YamlValue: TypeAlias = YamlScalar | list["YamlValue"] | dict[str, "YamlValue"]


@dataclass
class Loaded:
    """The data of one YAML file plus where each value came from."""

    file: str
    data: Any  # the document: arbitrary YAML data, checked by the records spec
    marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col), 1-based
    raw: dict[YamlPath, str] = field(default_factory=dict)  # path -> source text of plain scalars

    def where(self, path: YamlPath) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: YamlPath, message: str, hint: str = "") -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, dotted(path), message, hint)


def dotted(path: YamlPath) -> str:
    """``("publications", 2, "year")`` -> ``publications[2].year``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _char_at(text: str, line: int, col: int) -> str:
    """The character at 1-based ``line``:``col`` of ``text`` (``""`` past its end)."""
    lines = text.split("\n")
    return lines[line - 1][col - 1: col] if 0 < line <= len(lines) and col > 0 else ""


def load_yaml(path: str | Path, text: str | None = None) -> Loaded:
    """Read ``path`` (or ``text``) as one YAML document; raise :class:`RecordError` on any problem."""
    name = str(path)
    if text is None:
        try:
            raw = read_capped(path, MAX_BYTES)
        except ReadError as exc:
            raise RecordError([Problem(name, 1, 1, "", exc.reason, exc.hint)]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            line_start = raw.rfind(b"\n", 0, exc.start) + 1
            col = len(raw[line_start: exc.start].decode("utf-8", errors="replace")) + 1  # characters
            raise RecordError([Problem(name, line, col, "", f"not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                       "save the file as UTF-8")]) from None
    text = text.removeprefix("\ufeff")
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if _char_at(text, line, col) == "\t":  # the usual cause: a tab in the indentation
            raise RecordError([Problem(name, line, col, "", "a tab character: YAML indents with spaces",
                                       "replace the tab with spaces")]) from None
        raise RecordError([Problem(name, line, col, "", f"YAML syntax error: {exc.problem}",
                                   "check indentation, quotes and colons near this spot")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no problem_mark
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise RecordError([Problem(name, line, col, "", f"contains the control character U+{ord(char):04X}",
                                   "remove it")]) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RecordError([Problem(name, 1, 1, "", f"YAML error: {first}", "fix the file")]) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise RecordError([Problem(name, 1, 1, "", "file is empty",
                                   "run `cvgraph init` for a starter CV to edit")])
    if len(nodes) > 1:
        n = nodes[1]
        raise RecordError([Problem(name, n.start_mark.line + 1, n.start_mark.column + 1, "",
                                   "more than one YAML document", "keep one CV per file")])
    loaded = Loaded(name, None)
    # no anchor (no "&" anywhere in the text): no alias either, and no budget to keep
    loaded.data = _convert(nodes[0], (), loaded, _Budget() if "&" in text else None)
    return loaded


@dataclass
class _Budget:
    """The values aliases may still add. PyYAML composes an alias as the very node its anchor
    names, so a node met a second time (and all below it) is reached through an alias."""

    left: int = MAX_NODES
    seen: set[int] = field(default_factory=set)  # id() of the nodes met (the tree keeps them alive)
    aliased: int = 0  # > 0: inside an alias's expansion

    def enter(self, node: yaml.Node, path: YamlPath, out: Loaded) -> bool:
        """Count ``node``; True if it starts an alias's expansion (call :meth:`leave` after it)."""
        start = not self.aliased and id(node) in self.seen
        self.seen.add(id(node))
        self.aliased += start
        if self.aliased:
            self.left -= 1
            if self.left < 0:
                raise RecordError([out.problem(path, f"YAML aliases add more than {MAX_NODES:,} values "
                                               "(an alias bomb?)", "do not nest YAML aliases")])
        return start

    def leave(self, start: bool) -> None:
        self.aliased -= start


def _convert(node: yaml.Node, path: YamlPath, out: Loaded, budget: _Budget | None) -> YamlValue:
    out.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if budget is None:
        return _node(node, path, out, budget)
    start = budget.enter(node, path, out)
    try:
        return _node(node, path, out, budget)
    finally:
        budget.leave(start)


def _node(node: yaml.Node, path: YamlPath, out: Loaded, budget: _Budget | None) -> YamlValue:
    if len(path) > MAX_DEPTH:  # also stops an alias that contains itself (&a [*a])
        raise RecordError([out.problem(path, f"nested more than {MAX_DEPTH} levels deep (or an alias "
                                       "that contains itself)", "flatten the structure")])
    if node.tag not in _ALLOWED_TAGS:  # any explicit tag: !!python/…, !custom, !!set, …
        raise RecordError([out.problem(path, f"YAML tag {node.tag} is not allowed",
                                       "remove the tag; cvgraph reads plain YAML only")])
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, out)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), out, budget) for i, item in enumerate(node.value)]
    result: dict[str, YamlValue] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
            raise RecordError([out.problem(path, "YAML merge keys (<<) are not supported",
                                           "write the keys out")])
        key = _convert(key_node, path, out, budget) if not isinstance(key_node, yaml.ScalarNode) \
            else key_node.value
        if not isinstance(key, str):
            raise RecordError([out.problem(path, "mapping keys must be plain strings", "")])
        kpath = (*path, key)
        if key in result:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            raise RecordError([Problem(out.file, line, col, dotted(kpath), "key appears twice",
                                       "remove one of them")])
        out.marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _convert(value_node, kpath, out, budget)
    return result


def _scalar(node: yaml.ScalarNode, path: YamlPath, out: Loaded) -> YamlScalar:
    value: str = node.value
    if node.style:  # quoted or block scalar: always a string (plain is None or "")
        return value
    out.raw[path] = value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if PLAIN_INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than int() reads (sys.get_int_max_str_digits): the text
            return value
    if PLAIN_FLOAT.match(value):
        return float(value)
    return value
