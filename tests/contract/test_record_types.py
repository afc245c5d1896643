"""The record types (cvgraph/records/types.py) are generated from the format (cvgraph/records/spec.py)
by cvgraph/records/typegen.py; the committed file must equal the generated one, and the types must
say what the format says."""
from __future__ import annotations

import typing
from pathlib import Path

import pytest

from cvgraph.records import spec, typegen, types

REGENERATE = "python -m cvgraph.records.typegen > cvgraph/records/types.py"
TYPES = Path(types.__file__)


def test_committed_types_are_generated_from_spec():
    assert TYPES.read_text(encoding="utf-8") == typegen.render_types(), \
        f"cvgraph/records/types.py is out of date with cvgraph/records/spec.py; regenerate it with:\n{REGENERATE}"


def _objects(cls: type, fields: dict[str, spec.F], seen: list) -> list:
    """Every (TypedDict, fields) pair reachable from ``cls``, found through the type hints."""
    seen.append((cls, fields))
    hints = typing.get_type_hints(cls)
    for key, field in fields.items():
        inner = spec.item(field) if field.kind == "list" else field
        fields_of = spec.AUTHOR_OBJ if inner.kind == "author" else inner.of if inner.kind == "obj" else None
        if fields_of is not None:
            hint = hints[key]
            classes = [a for a in _flatten(hint) if typing.is_typeddict(a)]
            assert len(classes) == 1, f"{cls.__name__}.{key}: {hint}"
            if all(c is not classes[0] for c, _ in seen):
                _objects(classes[0], fields_of, seen)
    return seen


def _flatten(hint: object) -> list:
    args = typing.get_args(hint)
    return [x for a in args for x in _flatten(a)] if args else [hint]


def test_every_object_of_the_format_has_its_type_with_its_fields():
    found = _objects(types.Records, spec.FORMAT, [])
    assert {cls.__name__ for cls, _ in found} == set(types.__all__)
    for cls, fields in found:
        assert list(typing.get_type_hints(cls)) == list(fields), cls.__name__
        assert cls.__required_keys__ == {k for k, f in fields.items() if f.required}, cls.__name__


def test_an_unnamed_section_is_a_located_error(monkeypatch):
    monkeypatch.delitem(typegen.ENTRY_NAMES, "awards")
    with pytest.raises(ValueError, match="section 'awards' has no type name"):
        typegen.render_types()


def test_two_objects_under_one_name_are_an_error(monkeypatch):
    monkeypatch.setitem(typegen.ENTRY_NAMES, "talks", "Award")
    with pytest.raises(ValueError, match="would both be named 'Award'"):
        typegen.render_types()
