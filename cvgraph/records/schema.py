"""The JSON Schema of the records format, rendered from :data:`cvgraph.records.spec.FORMAT` (shipped as
``cvgraph/cv.schema.json`` for editors; a test regenerates it and compares)."""
from __future__ import annotations

from typing import Any

from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, PATTERNS, F, S

__all__ = ["json_schema"]

_TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]*$"


def _schema(spec: F) -> dict[str, Any]:
    doc = {"description": spec.doc} if spec.doc else {}
    kind = spec.kind
    if kind == "obj":
        return {**doc, **_object_schema(spec.of)}
    if kind == "list":
        return {**doc, "type": "array", "items": _schema(spec.of), **({"minItems": 1} if spec.required else {})}
    if kind == "strs":
        one = _schema(S)
        return {**doc, "anyOf": [one, {"type": "array", "items": one, **({"minItems": 1} if spec.required else {})}]}
    if kind == "author":
        return {**doc, "anyOf": [_schema(S), _object_schema(AUTHOR_OBJ)]}
    if kind == "bool":
        return {**doc, "type": "boolean"}
    if kind == "int":
        return {**doc, "type": "integer", **({"enum": list(spec.enum)} if spec.enum else {})}
    if spec.enum:
        return {**doc, "enum": list(spec.enum)}
    if kind in ("date", "year", "enddate"):
        year = {"type": "integer", "minimum": 1000, "maximum": 9999}
        text = {"type": "string", "pattern": PATTERNS["date" if kind == "enddate" else kind]}
        options = [year, text] + ([{"const": "present"}] if kind == "enddate" else [])
        return {**doc, "anyOf": options}
    if kind == "id":  # an unquoted whole number is an id too
        return {**doc, "anyOf": [{"type": "string", "pattern": PATTERNS[kind]},
                                 {"type": "integer", "minimum": 0}]}
    if kind == "arxiv":  # 2301.00001 unquoted is a YAML number: its written form is checked
        return {**doc, "anyOf": [{"type": "string", "pattern": PATTERNS[kind]}, {"type": "number"}]}
    if kind in PATTERNS:
        return {**doc, "type": "string", "pattern": PATTERNS[kind]}
    # free text: a plain number is read as the text it was written as
    return {**doc, "type": ["string", "number"], "allOf": [{"pattern": r"\S"}, {"pattern": _TEXT_PATTERN}]}


def _object_schema(fields: dict[str, F]) -> dict[str, Any]:
    required = [k for k, f in fields.items() if f.required]
    return {"type": "object", "additionalProperties": False,
            "properties": {k: _schema(f) if f.required else {"anyOf": [_schema(f), {"type": "null"}]}
                           for k, f in fields.items()},
            **({"required": required} if required else {})}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a CV file, generated from FORMAT."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://w3id.org/cvgraph/cv.schema.json",
            "title": "cvgraph CV records",
            "description": "One person's CV for cvgraph. Generated from cvgraph/records/spec.py; do not edit.",
            **_object_schema(FORMAT)}



