"""Adding what a merge brought to an existing cvgraph YAML file, its comments and layout kept
(ruamel.yaml's round trip)."""
from __future__ import annotations

import io
import itertools
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from cvgraph.importers.base import Imported
from cvgraph.importers.yamlstyle import (
    WIDTH,
    fields_of,
    is_scalar,
    item_spec,
    ordered_pairs,
    sanitize_comment,
    scalar,
)
from cvgraph.records.spec import FORMAT, F
from cvgraph.records.yamlsafe import load_yaml

__all__ = ["guess_indent", "update_yaml"]


def guess_indent(text: str) -> tuple[int, int, int]:
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


def _rt_value(value: object, path: tuple[Any, ...], spec: F | None, comments: dict[tuple[Any, ...], str],
              col: int, layout: _Layout, in_flow: bool = False) -> object:
    """A plain value as ruamel round-trip nodes: strings quoted as our writer quotes them (in flow
    or block context), short lists of scalars and flat mappings in flow style (as :func:`to_yaml`
    writes them), comments attached. ``col``: the column its keys (or dashes) will be written at."""
    if isinstance(value, str):
        text = scalar(value, in_flow)
        if text.startswith('"'):
            return DoubleQuotedScalarString(value)
        if text.startswith("'"):
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        fields = fields_of(spec) if spec is not None else FORMAT
        flow = in_flow or (bool(value) and len(path) > 1 and all(map(is_scalar, value.values())) \
            and not _below(comments, path) and len(_flow_text(value)) + col <= WIDTH)
        node = CommentedMap()
        for key, item in ordered_pairs(value, fields):
            child = col + layout.mapping if isinstance(item, dict) else col + layout.offset
            node[key] = _rt_value(item, (*path, key), fields.get(key) if fields else None, comments, child,
                                  layout, flow)
            if is_scalar(item) and not flow:
                _eol_comment(node, key, item, comments.get((*path, key), ""), col)
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        flow = in_flow or (len(path) > 1 and all(map(is_scalar, value)) and not _below(comments, path) \
            and len(_flow_text(value)) + col <= WIDTH)
        seq = CommentedSeq()
        for i, item in enumerate(value):
            seq.append(_rt_value(item, (*path, i), item_spec(spec), comments,
                                  col + layout.sequence - layout.offset, layout, flow))
            _before(seq, i, comments.get((*path, i), ""), col)
        if flow:
            seq.fa.set_flow_style()
        return seq
    return value


def _eol_comment(node: CommentedMap, key: str, value: object, text: str, col: int) -> None:
    """A comment at the end of the line ``key: value`` (keys at column ``col``), two spaces after."""
    if _eol(text):
        node.yaml_add_eol_comment(_eol(text), key, column=col + len(key) + 2 + len(scalar(value)) + 2)


def _before(node: CommentedSeq, index: int, text: str, col: int) -> None:
    """A comment on the line(s) above item ``index`` of a block sequence."""
    lines = [line for line in sanitize_comment(text) if line] if text else []
    if lines and not node.fa.flow_style():
        node.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=col)


def _tail(node: object) -> tuple[CommentedMap | CommentedSeq, int, Any] | None:
    """Where the comment after a block node's last line lives: (container, slot, key) of its
    deepest last entry (ruamel.yaml keeps a mapping value's in slot 2, a sequence item's in slot 0)."""
    if not isinstance(node, CommentedMap | CommentedSeq) or not node or node.fa.flow_style():
        return None
    key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    deeper = _tail(node[key])
    if deeper is not None:
        return deeper
    return node, 2 if isinstance(node, CommentedMap) else 0, key


def _end(node: CommentedMap | CommentedSeq, key: Any) -> tuple[CommentedMap | CommentedSeq, int, Any]:  # noqa: ANN401
    """Where the comment after entry ``key`` (a key or an index) of block ``node`` lives: its deepest last line."""
    return _tail(node[key]) or (node, 2 if isinstance(node, CommentedMap) else 0, key)


def _carry_trailing(node: CommentedMap | CommentedSeq, old_last: Any, new_last: Any) -> None:  # noqa: ANN401
    """After ``new_last`` was appended to ``node`` behind ``old_last``: the blank lines and comments
    that followed the old last entry (before the next section) now follow the new one, so the new
    entry joins its siblings instead of landing after the gap; the old entry keeps its own
    end-of-line comment."""
    container, slot, key = _end(node, old_last)
    entry = container.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or not isinstance(token.value, str):
        return
    text = token.value
    head, _, rest = text.partition("\n")
    keep = head + "\n" if text.startswith("#") else "\n"  # this line's own comment, if any
    if not rest:
        return
    t_container, t_slot, t_key = _end(node, new_last)
    items = t_container.ca.items.setdefault(t_key, [None, None, None, None])
    mine = items[t_slot]
    if mine is not None and isinstance(mine.value, str):
        mine.value = (mine.value if mine.value.endswith("\n") else mine.value + "\n") + rest
    else:
        items[t_slot] = type(token)("\n" + rest, token.start_mark, None)
    token.value = keep


def _flow_text(value: dict[str, object] | list[object]) -> str:
    """About as long as the flow-style text of ``value``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v, True)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(scalar(v, True) for v in value) + "]"


def _below(comments: dict[tuple[Any, ...], str], path: tuple[Any, ...]) -> bool:
    return any(len(p) > len(path) and p[: len(path)] == path for p in comments)


def _add(node: object, value: object, path: tuple[Any, ...], spec: F | None, comments: dict[tuple[Any, ...], str],
         col: int, layout: _Layout) -> None:
    """Add to the round-trip ``node`` what ``value`` (a superset of it) has beyond it."""
    if isinstance(node, CommentedMap) and isinstance(value, dict):
        fields = fields_of(spec) if spec is not None else FORMAT
        order = list(fields) if fields else []
        for key, item in ordered_pairs(value, fields):
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
            last = list(node)[-1] if node and pos == len(node) else None
            node.insert(pos, key, _rt_value(item, (*path, key), fspec, comments, child, layout,
                                            bool(node.fa.flow_style())))
            if is_scalar(item) and not node.fa.flow_style():
                _eol_comment(node, key, item, comments.get((*path, key), ""), col)
            if last is not None and not node.fa.flow_style():
                _carry_trailing(node, last, key)
    elif isinstance(node, CommentedSeq) and isinstance(value, list):
        for i, item in enumerate(value):
            inner = col + layout.sequence - layout.offset
            if i < len(node):
                _add(node[i], item, (*path, i), item_spec(spec), comments, inner, layout)
                continue
            node.append(_rt_value(item, (*path, i), item_spec(spec), comments, inner, layout,
                                  bool(node.fa.flow_style())))
            _before(node, i, comments.get((*path, i), ""), col)
            if i > 0 and not node.fa.flow_style():
                _carry_trailing(node, i - 1, i)


def update_yaml(text: str, merged: Imported) -> str:
    """``text`` (an existing cvgraph YAML file) with everything ``merged.data`` adds to it, the
    file's own comments, quoting and layout kept (ruamel.yaml round-trip mode). ``merged.data``
    must hold everything ``text`` does, at the same places, as
    :func:`cvgraph.importers.merge.merge` returns it. Raises ValueError when the result would
    not read back as ``merged.data``."""
    layout = _Layout(*guess_indent(text))
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
