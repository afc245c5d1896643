"""How cvgraph writes YAML: scalars the loader reads back as the same strings, comments on one
line, keys in the record format's order. Shared by the writer of new files and the updater."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

import yaml

from cvgraph.importers.builder import key_order
from cvgraph.records.spec import AUTHOR_OBJ, F
from cvgraph.records.yamlsafe import PLAIN_FLOAT, PLAIN_INT

__all__ = ["EOL_WIDTH", "SCHEMA_URL", "WIDTH", "fields_of", "is_scalar", "item_spec", "key_text",
           "ordered_pairs", "sanitize_comment", "scalar"]

SCHEMA_URL = "https://w3id.org/cvgraph/cv.schema.json"  # the schema's own $id
WIDTH = 100  # a one-line list or mapping longer than this is written as a block
EOL_WIDTH = 120  # a comment that would make its line longer than this goes above it

BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# what PyYAML's reader refuses anywhere in a stream, comments included
NON_PRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, plus our loader's number forms (``08``, ``1e5``), so that a string
    that reads back as a number when plain is quoted."""


Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(PLAIN_INT.pattern), list("-+0123456789"))
Dumper.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(PLAIN_FLOAT.pattern), list("-+0123456789."))


@lru_cache(maxsize=8192)
def render_str(value: str, flow: bool) -> str:
    style = '"' if BREAKS.search(value) else None  # one line whatever the text holds
    if flow or style:  # a double-quoted scalar reads the same in flow and block context
        out = yaml.dump([value], Dumper=Dumper, default_flow_style=True, default_style=style,
                        width=float("inf"), allow_unicode=True)
        return out[1:-2]  # "[...]\n"
    out = yaml.dump({"k": value}, Dumper=Dumper, default_flow_style=False, width=float("inf"),
                    allow_unicode=True)
    return out[3:-1]  # "k: ...\n"


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
