"""Python types of the records format, rendered from :data:`cvgraph.records.spec.FORMAT`: one
``TypedDict`` per object of the format, written to ``cvgraph/records/types.py`` (a test
regenerates it and compares, as for the JSON Schema).

The types describe records as the loader gives them (:func:`cvgraph.records.checker.check`) and as
the importers build them: every scalar is text (dates, ids and numbers written where text is
expected are read back as text), ``int`` and ``bool`` are what they say, a ``strs`` field is a
string or a list of strings, an author a printed name or ``{name, ref}`` (the loader's mark of a
corporate author, ``org: true``, is not part of the format and not of ``Author``). Fields are
optional (``total=False``) unless the format requires them (``Required[...]``).

Names: the root is ``Records``; an entry of a list section is named by :data:`ENTRY_NAMES`; any
other object by its key in CamelCase (``address`` -> ``Address``); the author object ``Author``.
One name is one object: two different objects given the same name is an error, and one object
met again (employment, internships and volunteer share ``Role``) is rendered once.

Regenerate with ``python -m cvgraph.records.typegen > cvgraph/records/types.py``.
"""
from __future__ import annotations

import sys
import textwrap

from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, F

__all__ = ["ENTRY_NAMES", "ROOT", "SCALARS", "render_types"]

ROOT = "Records"
# The type of one entry of each list section (and of the owner's record).
ENTRY_NAMES = {
    "person": "Person", "organizations": "Organization", "people": "Colleague", "venues": "Venue",
    "education": "Education", "employment": "Role", "internships": "Role", "volunteer": "Role",
    "students": "Student",
    "teaching": "Course", "awards": "Award", "publications": "Publication", "talks": "Talk",
    "service": "Service", "skills": "SkillGroup", "certificates": "Certificate", "languages": "Language",
    "grants": "Grant", "projects": "Project",
}
# Python type of each scalar kind that is not text.
SCALARS = {"int": "int", "bool": "bool"}
HEADER = ('"""The records format as Python types. Generated from cvgraph/records/spec.py by\n'
          'cvgraph/records/typegen.py; do not edit: regenerate with\n'
          '``python -m cvgraph.records.typegen > cvgraph/records/types.py``."""\n'
          "from typing import Required, TypedDict\n")


class _Renderer:
    def __init__(self) -> None:
        # name -> (fields, what it is: descriptions in the order met, the field lines)
        self.classes: dict[str, tuple[dict[str, F], list[str], list[str]]] = {}
        self.order: list[str] = []  # each after the types its fields name

    def type_of(self, spec: F, key: str, section: str | None, kind: str = "") -> str:
        """The Python type of field ``key`` (``section``: the same key when the field is a section
        at the top level; ``kind``: ``list`` for one item of a list)."""
        if spec.kind == "obj":
            if section != key:
                return self.cls(_camel(key), spec.of, f"the ``{key}`` of a record")
            return self.cls(ENTRY_NAMES[key], spec.of, f"an entry of ``{key}``" if kind == "list"
                            else f"the ``{key}`` record")
        if spec.kind == "list":
            return f"list[{self.type_of(spec.of, key, section, 'list')}]"
        if spec.kind == "strs":
            return "str | list[str]"
        if spec.kind == "author":
            return f"str | {self.cls('Author', AUTHOR_OBJ, 'an author or editor given with its reference')}"
        return SCALARS.get(spec.kind, "str")

    def cls(self, name: str, fields: dict[str, F], where: str, top: bool = False) -> str:
        """The TypedDict ``name`` of ``fields`` (``where``: what it is), made when first met."""
        if name in self.classes:
            if self.classes[name][0] != fields:
                raise ValueError(f"two different objects of the format would both be named {name!r}: "
                                 "name one of them in cvgraph.records.typegen.ENTRY_NAMES")
            if where not in self.classes[name][1]:
                self.classes[name][1].append(where)
            return name
        lines: list[str] = []
        self.classes[name] = (fields, [where], lines)
        for key, spec in fields.items():
            if top and (spec.kind == "obj" or (spec.kind == "list" and spec.of.kind == "obj")) \
                    and key not in ENTRY_NAMES:
                raise ValueError(f"section {key!r} has no type name: add it to cvgraph.records.typegen.ENTRY_NAMES")
            hint = self.type_of(spec, key, key if top else None)
            lines.append(f"    {key}: {f'Required[{hint}]' if spec.required else hint}\n")
        self.order.append(name)
        return name

    def source(self, name: str) -> str:
        _, wheres, lines = self.classes[name]
        doc = "; ".join(wheres)
        return f'\n\nclass {name}(TypedDict, total=False):\n    """{doc[0].upper()}{doc[1:]}."""\n\n{"".join(lines)}'


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def render_types() -> str:
    """The source of ``cvgraph/records/types.py``: one TypedDict per object of FORMAT, each after
    the types its fields name (no postponed annotations: ``Required`` must be seen at run time),
    the root :data:`ROOT` last."""
    renderer = _Renderer()
    renderer.cls(ROOT, FORMAT, "a CV file: the records of one person", top=True)
    body = "".join(renderer.source(name) for name in renderer.order)
    names = textwrap.fill(", ".join(f'"{n}"' for n in sorted(renderer.classes)), 100,
                          initial_indent="    ", subsequent_indent="    ")
    return f"{HEADER}\n__all__ = [\n{names},\n]\n{body}"


if __name__ == "__main__":
    sys.stdout.write(render_types())
