"""Write imported records as a readable cvgraph YAML file, comments and warnings included.

The layout is ours (keys in the format's order, a blank line between sections, short lists and
flat registry entries on one line, comments on or above the line they are about); every scalar
is rendered by ruamel.yaml's emitter, taught the plain scalars our loader reads as numbers, so that
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

import re
from typing import Any

from cvgraph.importers.base import Imported, Note
from cvgraph.importers.yamlstyle import (
    EOL_WIDTH,
    WIDTH,
    fields_of,
    is_scalar,
    item_spec,
    key_text,
    ordered_pairs,
    sanitize_comment,
    scalar,
)
from cvgraph.importers.yamlupdate import update_yaml
from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, F
from cvgraph.records.starter import PLACEHOLDER_HOME, SCHEMA_NAME
from cvgraph.records.yamlsafe import dotted

__all__ = ["SCHEMA_REF", "WIDTH", "sanitize_comment", "scalar", "to_yaml", "to_yaml_placeholder",
           "update_yaml"]

SCHEMA_REF = f"./{SCHEMA_NAME}"  # the $schema line: the schema beside the file (`cvgraph schema -o`)
_BASE_LINE = re.compile(r"^base:", re.MULTILINE)


class _Writer:
    def __init__(self, comments: dict[tuple[Any, ...], str]) -> None:
        self.lines: list[str] = []
        self.anchors: dict[tuple[Any, ...], int] = {}  # path -> line index where it starts
        self.eol_ok: set[tuple[Any, ...]] = set()  # paths whose whole value is on their own line
        self.commented_below = {tuple(p[:i]) for p in comments for i in range(len(p))}  # comments' ancestors

    def add(self, text: str, path: tuple[Any, ...], whole: bool) -> None:
        self.anchors.setdefault(path, len(self.lines))
        if whole:
            self.eol_ok.add(path)
        self.lines.append(text)

    def flow(self, value: object, path: tuple[Any, ...], room: int,
             fields: dict[str, F] | None = None) -> str | None:
        """``value`` on one line (a flow list or mapping of scalars), or None when it should be a block."""
        if path in self.commented_below:
            return None  # comments inside need lines of their own
        if isinstance(value, list):
            if not all(is_scalar(v) or (isinstance(v, dict) and v and all(map(is_scalar, v.values())))
                       for v in value):
                return None
            parts = []
            for v in value:
                if isinstance(v, dict):
                    pairs = ordered_pairs(v, AUTHOR_OBJ if "ref" in v else None)
                    parts.append("{" + ", ".join(f"{key_text(k)}: {scalar(x, True)}" for k, x in pairs) + "}")
                else:
                    parts.append(scalar(v, True))
            text = "[" + ", ".join(parts) + "]"
        elif isinstance(value, dict):
            if not value:
                return "{}"
            if not all(map(is_scalar, value.values())):
                return None
            pairs = ordered_pairs(value, fields)
            text = "{" + ", ".join(f"{key_text(k)}: {scalar(v, True)}" for k, v in pairs) + "}"
        else:
            return None
        return text if len(text) <= room else None

    def mapping(self, value: dict[str, Any], path: tuple[Any, ...], indent: int, spec: F | None,
                first: str | None = None) -> None:
        fields = fields_of(spec) if spec is not None else FORMAT
        items = ordered_pairs(value, fields)
        for n, (key, item) in enumerate(items):
            lead = first if (n == 0 and first is not None) else " " * indent
            kpath = (*path, key)
            fspec = fields.get(key) if fields else None
            head = f"{lead}{key_text(key)}:"
            if path == () and n and not (is_scalar(item) and is_scalar(items[n - 1][1])):
                self.lines.append("")  # a blank line around each top-level section
            if is_scalar(item):
                self.add(f"{head} {scalar(item)}", kpath, True)
                continue
            one_line = None if path == () and item else \
                self.flow(item, kpath, WIDTH - len(head) - 1, fields_of(fspec))  # sections: blocks
            if isinstance(item, list) and not item:
                one_line = "[]"
            if one_line is not None:
                self.add(f"{head} {one_line}", kpath, True)
            elif isinstance(item, dict):
                self.add(head, kpath, False)
                self.mapping(item, kpath, indent + 2, fspec)
            else:
                self.add(head, kpath, False)
                self.sequence(item, kpath, indent + 2, item_spec(fspec))

    def sequence(self, value: list[Any], path: tuple[Any, ...], indent: int, spec: F | None) -> None:
        dash = " " * indent + "- "
        for i, item in enumerate(value):
            ipath = (*path, i)
            if is_scalar(item):
                self.add(dash + scalar(item), ipath, True)
                continue
            fields = fields_of(spec) if spec is not None else None
            one_line = self.flow(item, ipath, WIDTH - len(dash), fields) if (
                isinstance(item, dict) and (not item or len(item) <= 6)) or not item else None
            if one_line is not None:
                self.add(dash + one_line, ipath, True)
            elif isinstance(item, dict):
                self.anchors.setdefault(ipath, len(self.lines))
                self.mapping(item, ipath, indent + 2, spec, first=dash)
            else:
                self.add(dash.rstrip(), ipath, False)
                self.sequence(item, ipath, indent + 2, item_spec(spec))


def _place(writer: _Writer,
           comments: dict[tuple[Any, ...], str]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
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
            schema: str = SCHEMA_REF) -> str:
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


def to_yaml_placeholder(imported: Imported, written_as: str, *, source: str | None = None,
                        fmt: str | None = None, schema: str = SCHEMA_REF) -> tuple[str, Note | None]:
    """:func:`to_yaml`, and when the records give no document IRI (no ``base:``, no
    ``person.homepage``) a ``base:`` with the marked placeholder :data:`PLACEHOLDER_HOME` and a
    warning at its line in the text (``written_as``: the file name it is written under), so that
    the file builds and the owner is told what to replace. The warning is also in the text's
    header, and in ``imported.warnings``."""
    person = imported.data.get("person")
    if imported.data.get("base") or (isinstance(person, dict) and person.get("homepage")):
        return to_yaml(imported, source=source, fmt=fmt, schema=schema), None
    imported.data["base"] = PLACEHOLDER_HOME
    imported.comment(("base",), "TODO: your homepage (the CV's IRIs are built under it)")
    note, line = Note(written_as, ""), 0
    imported.warnings.append(note)
    for _ in range(4):  # the warning's own line in the header moves the base: line; a few rounds settle it
        imported.warnings[-1] = note = Note(f"{written_as}:{line}", f"base: the placeholder {PLACEHOLDER_HOME}: "
                                            "the source gives no homepage; replace it with yours")
        text = to_yaml(imported, source=source, fmt=fmt, schema=schema)
        found = _BASE_LINE.search(text)
        at = text.count("\n", 0, found.start()) + 1 if found else 0
        if at == line:
            break
        line = at
    return text, note
