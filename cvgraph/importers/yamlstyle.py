"""How cvgraph writes YAML: scalars the loader reads back as the same strings, comments on one
line, keys in the record format's order. Shared by the writer of new files and the updater.

Every scalar is rendered by ruamel.yaml's emitter (the one YAML writing library; PyYAML only
reads), with a resolver that knows YAML 1.1's plain forms (what PyYAML resolves: ``NO``,
``2021-05-01``, ``=``, ``<<``) and the loader's number forms (``08``, ``1e5``), so that a string
that would read back as anything else when plain is quoted."""
from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers

from cvgraph.importers.builder import key_order
from cvgraph.records.spec import AUTHOR_OBJ, F
from cvgraph.records.yamlsafe import PLAIN_FLOAT, PLAIN_INT

__all__ = ["EOL_WIDTH", "WIDTH", "Resolver", "fields_of", "is_scalar", "item_spec", "key_text",
           "ordered_pairs", "sanitize_comment", "scalar"]

WIDTH = 100  # a one-line list or mapping longer than this is written as a block
EOL_WIDTH = 120  # a comment that would make its line longer than this goes above it

BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# what PyYAML's reader refuses anywhere in a stream, comments included
NON_PRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Resolver(BaseResolver):
    """ruamel.yaml's YAML 1.1 implicit types plus our loader's number forms: a string that one of
    them matches is quoted when written."""

    def __init__(self, version: object = None, loader: object = None, loadumper: object = None) -> None:
        super().__init__(loader if loader is not None else loadumper)  # always YAML 1.1


for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 1) in _versions:
        Resolver.add_implicit_resolver_base(_tag, _regexp, _first)
Resolver.add_implicit_resolver_base("tag:yaml.org,2002:int", PLAIN_INT, list("-+0123456789"))
Resolver.add_implicit_resolver_base("tag:yaml.org,2002:float", PLAIN_FLOAT, list("-+0123456789."))


@lru_cache(maxsize=3)
def emitter(flow: bool, style: str | None) -> YAML:
    """A ruamel.yaml dumper that writes one line whatever the width, in flow or block style,
    every scalar in ``style`` (None: the plainest that reads back the same). YAML 1.1, as PyYAML
    reads it (``?`` in a flow scalar is quoted); the ``%YAML 1.1`` directive that says so is cut."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = Resolver
    yaml.version = (1, 1)
    yaml.width = sys.maxsize
    yaml.allow_unicode = True
    yaml.default_flow_style = flow
    yaml.default_style = style  # type: ignore[assignment]
    return yaml


def emit(data: object, flow: bool, style: str | None = None) -> str:
    """``data`` as one line of YAML, without the document's directive and markers."""
    out = io.StringIO()
    emitter(flow, style).dump(data, out)
    return out.getvalue().removeprefix("%YAML 1.1\n---")[1:-1]  # the " " or "\n" after "---", the last "\n"


@lru_cache(maxsize=8192)
def render_str(value: str, flow: bool) -> str:
    if BREAKS.search(value):  # double-quoted: one line whatever the text holds, in any context
        return emit([value], True, '"')[1:-1]  # "[...]"
    if flow:
        return emit([value], True)[1:-1]  # "[...]"
    return emit([value], False)[2:]  # "- ...": as a mapping's value (block context, not a key)


def scalar(value: object, flow: bool = False) -> str:
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
        return render_str(value, flow)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as a CV value")


def sanitize_comment(text: str) -> list[str]:
    """Comment text as lines that can follow ``#``: line breaks split it, characters YAML does
    not allow in a file are written as ``\\uXXXX``."""
    return [NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", line).rstrip()
            for line in BREAKS.split(str(text))]


def is_scalar(value: object) -> bool:
    return not isinstance(value, (dict, list))


def fields_of(spec: F | None) -> dict[str, F] | None:
    if spec is None:
        return None
    if spec.kind == "obj":
        return cast("dict[str, F]", spec.of)
    if spec.kind == "author":
        return AUTHOR_OBJ
    return None


def item_spec(spec: F | None) -> F | None:
    return spec.of if spec is not None and spec.kind == "list" else None


def ordered_pairs(mapping: dict[str, Any], fields: dict[str, F] | None) -> list[tuple[Any, Any]]:
    """Keys in the format's order, then any others in their own order (never dropped)."""
    return [(k, mapping[k]) for k in key_order(mapping, fields)]


def key_text(key: object) -> str:
    return scalar(key) if isinstance(key, str) else scalar(str(key))
