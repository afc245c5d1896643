"""Write imported records as a readable cvgraph YAML file, comments and warnings included.

The layout is ours (keys in the format's order, a blank line between sections, short lists and
flat registry entries on one line, comments on or above the line they are about); every scalar
is rendered by PyYAML's emitter, taught the plain scalars our loader reads as numbers, so that
``cvgraph.records.loads(to_yaml(x))`` sees exactly the strings of ``x.data`` (``NO``, ``08``,
``2021-05-01``, ``=`` and ``a: b`` come out quoted; line breaks as ``\\n`` escapes).

>>> from cvgraph.importers.base import Imported
>>> print(to_yaml(Imported({"person": {"name": "Ada", "aliases": ["A. Lovelace"]},
...                          "interests": ["NO", "08"]},
...                         comments={("person", "aliases"): "as printed in refs.bib"}),
...               schema="cv.schema.json"), end="")
# yaml-language-server: $schema=cv.schema.json
person:
  name: Ada
  aliases: [A. Lovelace]  # as printed in refs.bib
<BLANKLINE>
interests:
  - 'NO'
  - '08'

:func:`update_yaml` is the other writer: it adds what a merge brought to an existing file
through ruamel.yaml's round-trip mode, so the user's comments and layout stay as they were.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any

import yaml

from cvgraph.importers.base import Imported
from cvgraph.importers.builder import key_order
from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, F
from cvgraph.records.yamlsafe import _FLOAT, _INT, dotted

__all__ = ["SCHEMA_URL", "WIDTH", "sanitize_comment", "to_yaml", "update_yaml"]

SCHEMA_URL = "https://w3id.org/cvgraph/cv.schema.json"  # the schema's own $id
WIDTH = 100  # a one-line list or mapping longer than this is written as a block
EOL_WIDTH = 120  # a comment that would make its line longer than this goes above it

_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# what PyYAML's reader refuses anywhere in a stream, comments included
_NON_PRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, plus our loader's number forms (``08``, ``1e5``), so that a string
    that reads back as a number when plain is quoted."""


_Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(_INT.pattern), list("-+0123456789"))
_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_FLOAT.pattern), list("-+0123456789."))


@lru_cache(maxsize=8192)
def _render_str(value: str, flow: bool) -> str:
    style = '"' if _BREAKS.search(value) else None  # one line whatever the text holds
    if flow or style:  # a double-quoted scalar reads the same in flow and block context
        out = yaml.dump([value], Dumper=_Dumper, default_flow_style=True, default_style=style,
                        width=float("inf"), allow_unicode=True)
        return out[1:-2]  # "[...]\n"
    out = yaml.dump({"k": value}, Dumper=_Dumper, default_flow_style=False, width=float("inf"),
                    allow_unicode=True)
    return out[3:-1]  # "k: ...\n"


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML text that our loader reads back as ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _render_str(value, flow)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as a CV value")


def sanitize_comment(text: str) -> list[str]:
    """Comment text as lines that can follow ``#``: line breaks split it, characters YAML does
    not allow in a file are written as ``\\uXXXX``."""
    return [_NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", line).rstrip()
            for line in _BREAKS.split(str(text))]


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _fields(spec: F | None) -> dict[str, F] | None:
    if spec is None:
        return None
    if spec.kind == "obj":
        return spec.of
    if spec.kind == "author":
        return AUTHOR_OBJ
    return None


def _item_spec(spec: F | None) -> F | None:
    return spec.of if spec is not None and spec.kind == "list" else None


def _ordered(mapping: dict, fields: dict[str, F] | None) -> list[tuple[Any, Any]]:
    """Keys in the format's order, then any others in their own order (never dropped)."""
    return [(k, mapping[k]) for k in key_order(mapping, fields)]


def _key(key: Any) -> str:
    return scalar(key) if isinstance(key, str) else scalar(str(key))


class _Writer:
    def __init__(self, comments: dict[tuple, str]) -> None:
        self.lines: list[str] = []
        self.anchors: dict[tuple, int] = {}  # path -> line index where it starts
        self.eol_ok: set[tuple] = set()  # paths whose whole value is on their own line
        self.commented_below = {tuple(p[:i]) for p in comments for i in range(len(p))}  # comments' ancestors

    def add(self, text: str, path: tuple, whole: bool) -> None:
        self.anchors.setdefault(path, len(self.lines))
        if whole:
            self.eol_ok.add(path)
        self.lines.append(text)

    def flow(self, value: Any, path: tuple, room: int, fields: dict[str, F] | None = None) -> str | None:
        """``value`` on one line (a flow list or mapping of scalars), or None when it should be a block."""
        if path in self.commented_below:
            return None  # comments inside need lines of their own
        if isinstance(value, list):
            if not all(_is_scalar(v) or (isinstance(v, dict) and v and all(map(_is_scalar, v.values())))
                       for v in value):
                return None
            parts = []
            for v in value:
                if isinstance(v, dict):
                    pairs = _ordered(v, AUTHOR_OBJ if "ref" in v else None)
                    parts.append("{" + ", ".join(f"{_key(k)}: {scalar(x, True)}" for k, x in pairs) + "}")
                else:
                    parts.append(scalar(v, True))
            text = "[" + ", ".join(parts) + "]"
        elif isinstance(value, dict):
            if not value:
                return "{}"
            if not all(map(_is_scalar, value.values())):
                return None
            text = "{" + ", ".join(f"{_key(k)}: {scalar(v, True)}" for k, v in _ordered(value, fields)) + "}"
        else:
            return None
        return text if len(text) <= room else None

    def mapping(self, value: dict, path: tuple, indent: int, spec: F | None,
                first: str | None = None) -> None:
        fields = _fields(spec) if spec is not None else FORMAT
        items = _ordered(value, fields)
        for n, (key, item) in enumerate(items):
            lead = first if (n == 0 and first is not None) else " " * indent
            kpath = (*path, key)
            fspec = fields.get(key) if fields else None
            head = f"{lead}{_key(key)}:"
            if path == () and n and not (_is_scalar(item) and _is_scalar(items[n - 1][1])):
                self.lines.append("")  # a blank line around each top-level section
            if _is_scalar(item):
                self.add(f"{head} {scalar(item)}", kpath, True)
                continue
            one_line = None if path == () and item else \
                self.flow(item, kpath, WIDTH - len(head) - 1, _fields(fspec))  # sections: blocks
            if isinstance(item, list) and not item:
                one_line = "[]"
            if one_line is not None:
                self.add(f"{head} {one_line}", kpath, True)
            elif isinstance(item, dict):
                self.add(head, kpath, False)
                self.mapping(item, kpath, indent + 2, fspec)
            else:
                self.add(head, kpath, False)
                self.sequence(item, kpath, indent + 2, _item_spec(fspec))

    def sequence(self, value: list, path: tuple, indent: int, spec: F | None) -> None:
        dash = " " * indent + "- "
        for i, item in enumerate(value):
            ipath = (*path, i)
            if _is_scalar(item):
                self.add(dash + scalar(item), ipath, True)
                continue
            fields = _fields(spec) if spec is not None else None
            one_line = self.flow(item, ipath, WIDTH - len(dash), fields) if (
                isinstance(item, dict) and (not item or len(item) <= 6)) or not item else None
            if one_line is not None:
                self.add(dash + one_line, ipath, True)
            elif isinstance(item, dict):
                self.anchors.setdefault(ipath, len(self.lines))
                self.mapping(item, ipath, indent + 2, spec, first=dash)
            else:
                self.add(dash.rstrip(), ipath, False)
                self.sequence(item, ipath, indent + 2, _item_spec(spec))


def _place(writer: _Writer, comments: dict[tuple, str]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Where each comment goes: at the end of its value's line, or above the line of the nearest
    written ancestor (prefixed with the rest of the path), never dropped."""
    above: dict[int, list[str]] = {}
    eol: dict[int, list[str]] = {}
    for path, text in comments.items():
        path = tuple(path)
        if path == () or not str(text).strip():
            continue  # the header takes those; an empty comment says nothing
        at = path
        while at and at not in writer.anchors:
            at = at[:-1]
        if not at:
            line, rest = 0, dotted(path)
        else:
            line, rest = writer.anchors[at], dotted(path[len(at):]) if len(path) > len(at) else ""
        text = f"{rest}: {text}" if rest else str(text)
        short = " / ".join(sanitize_comment(text))
        if at == path and path in writer.eol_ok and len(writer.lines[line]) + 4 + len(short) <= EOL_WIDTH \
                and line not in eol:
            eol[line] = [short]
        else:
            above.setdefault(line, []).extend(sanitize_comment(text))
    return above, eol


def to_yaml(imported: Imported, *, source: str | None = None, fmt: str | None = None,
            schema: str = SCHEMA_URL) -> str:
    """``imported.data`` as a cvgraph YAML file: the ``$schema`` modeline, a header naming the
    source and format and listing the warnings, then the records with ``imported.comments``
    as ``# …`` comments. Deterministic: the same input gives the same text."""
    def one_line(text: str) -> str:
        return " / ".join(sanitize_comment(text))

    header = [f"# yaml-language-server: $schema={one_line(schema)}"]
    if source or fmt:
        what = (f"from {one_line(source)}" if source else "") + (f" ({one_line(fmt)})" if fmt else "")
        header += [f"# Imported by `cvgraph import` {what.strip()}.",
                   "# Review it, then keep this file as the one source of your CV (see ontology/FORMAT.md)."]
    if imported.comments.get(()):
        header += [f"# {line}".rstrip() for line in sanitize_comment(imported.comments[()])]
    if imported.warnings:
        count = len(imported.warnings)
        header.append(f"# {count} warning{'s' if count != 1 else ''} "
                      "(what was not imported, or needs a look):")
        for note in imported.warnings:
            lines = sanitize_comment(str(note))
            header += [f"#   {lines[0]}".rstrip()] + [f"#     {line}".rstrip() for line in lines[1:]]

    writer = _Writer(imported.comments)
    if imported.data:
        writer.mapping(imported.data, (), 0, None)
    else:
        writer.lines.append("{}")
    above, eol = _place(writer, imported.comments)
    out = list(header)
    for n, line in enumerate(writer.lines):
        if n in above:
            indent = " " * (len(line) - len(line.lstrip(" ")))
            out += [f"{indent}# {c}".rstrip() for c in above[n]]
        out.append(line + ("  # " + "; ".join(eol[n]) if n in eol else ""))
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------- updating a file in place

def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) of a block-style YAML file, as ruamel.yaml
    takes them; (2, 4, 2) where the file does not show (our own layout and the sample's)."""
    mapping = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, line in itertools.pairwise(lines):
        if not prev.split(" #")[0].rstrip().endswith(":"):
            continue
        base = len(prev) - len(prev.lstrip(" -"))  # the key's column, after any "- "
        here = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith("- ") and here >= base and offset is None:
            offset = here - base
        elif here > base and mapping is None and not line.lstrip().startswith("- "):
            mapping = here - base
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


class _Layout:
    """ruamel's indentation settings, to place comments on added entries."""

    def __init__(self, mapping: int, sequence: int, offset: int) -> None:
        self.mapping, self.sequence, self.offset = mapping, sequence, offset


def _eol(text: str) -> str:
    return " / ".join(line for line in sanitize_comment(text) if line)


def _rt_value(value: Any, path: tuple, spec: F | None, comments: dict[tuple, str], col: int,
              layout: _Layout, in_flow: bool = False) -> Any:
    """A plain value as ruamel round-trip nodes: strings quoted as our writer quotes them (in flow
    or block context), short lists of scalars and flat mappings in flow style (as :func:`to_yaml`
    writes them), comments attached. ``col``: the column its keys (or dashes) will be written at."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str):
        text = scalar(value, in_flow)
        if text.startswith('"'):
            return DoubleQuotedScalarString(value)
        if text.startswith("'"):
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        fields = _fields(spec) if spec is not None else FORMAT
        flow = in_flow or (bool(value) and len(path) > 1 and all(map(_is_scalar, value.values())) \
            and not _below(comments, path) and len(_flow_text(value)) + col <= WIDTH)
        node = CommentedMap()
        for key, item in _ordered(value, fields):
            child = col + layout.mapping if isinstance(item, dict) else col + layout.offset
            node[key] = _rt_value(item, (*path, key), fields.get(key) if fields else None, comments, child,
                                  layout, flow)
            if _is_scalar(item) and not flow:
                _eol_comment(node, key, item, comments.get((*path, key), ""), col)
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        flow = in_flow or (len(path) > 1 and all(map(_is_scalar, value)) and not _below(comments, path) \
            and len(_flow_text(value)) + col <= WIDTH)
        node = CommentedSeq()
        for i, item in enumerate(value):
            node.append(_rt_value(item, (*path, i), _item_spec(spec), comments,
                                  col + layout.sequence - layout.offset, layout, flow))
            _before(node, i, comments.get((*path, i), ""), col)
        if flow:
            node.fa.set_flow_style()
        return node
    return value


def _eol_comment(node: Any, key: str, value: Any, text: str, col: int) -> None:
    """A comment at the end of the line ``key: value`` (keys at column ``col``), two spaces after."""
    if _eol(text):
        node.yaml_add_eol_comment(_eol(text), key, column=col + len(key) + 2 + len(scalar(value)) + 2)


def _before(node: Any, index: int, text: str, col: int) -> None:
    """A comment on the line(s) above item ``index`` of a block sequence."""
    lines = [line for line in sanitize_comment(text) if line] if text else []
    if lines and not node.fa.flow_style():
        node.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=col)


def _flow_text(value: Any) -> str:
    """About as long as the flow-style text of ``value``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v, True)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(scalar(v, True) for v in value) + "]"


def _below(comments: dict[tuple, str], path: tuple) -> bool:
    return any(len(p) > len(path) and p[: len(path)] == path for p in comments)


def _add(node: Any, value: Any, path: tuple, spec: F | None, comments: dict[tuple, str], col: int,
         layout: _Layout) -> None:
    """Add to the round-trip ``node`` what ``value`` (a superset of it) has beyond it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and isinstance(value, dict):
        fields = _fields(spec) if spec is not None else FORMAT
        order = list(fields) if fields else []
        for key, item in _ordered(value, fields):
            fspec = fields.get(key) if fields else None
            child = col + layout.mapping if isinstance(item, dict) else col + layout.offset
            if key in node:
                _add(node[key], item, (*path, key), fspec, comments, child, layout)
                continue
            # after the last present key that comes before it in the format's order
            pos = len(node)
            if key in order:
                later = [k for k in node if k in order and order.index(k) > order.index(key)]
                if later:
                    pos = list(node).index(later[0])
            node.insert(pos, key, _rt_value(item, (*path, key), fspec, comments, child, layout,
                                            bool(node.fa.flow_style())))
            if _is_scalar(item) and not node.fa.flow_style():
                _eol_comment(node, key, item, comments.get((*path, key), ""), col)
    elif isinstance(node, CommentedSeq) and isinstance(value, list):
        for i, item in enumerate(value):
            inner = col + layout.sequence - layout.offset
            if i < len(node):
                _add(node[i], item, (*path, i), _item_spec(spec), comments, inner, layout)
                continue
            node.append(_rt_value(item, (*path, i), _item_spec(spec), comments, inner, layout,
                                  bool(node.fa.flow_style())))
            _before(node, i, comments.get((*path, i), ""), col)


def update_yaml(text: str, merged: Imported) -> str:
    """``text`` (an existing cvgraph YAML file) with everything ``merged.data`` adds to it, the
    file's own comments, quoting and layout kept (ruamel.yaml round-trip mode). ``merged.data``
    must hold everything ``text`` does, at the same places, as
    :func:`cvgraph.importers.merge.merge` returns it. Raises ValueError when the result would
    not read back as ``merged.data``."""
    import io

    from ruamel.yaml import YAML

    from cvgraph.records.yamlsafe import load_yaml

    layout = _Layout(*_guess_indent(text))
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    node = rt.load(text)
    _add(node, merged.data, (), None, merged.comments, 0, layout)
    out = io.StringIO()
    rt.dump(node, out)
    result = out.getvalue()
    if load_yaml("<merged>", result).data != merged.data:
        raise ValueError("the updated file would not read back as the merged records")
    return result
