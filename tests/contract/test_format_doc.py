"""ontology/FORMAT.md's field tables (its annotated YAML examples) list exactly the fields of the
record format (cvgraph/records/spec.py, and the people registry's in cvgraph/records/registry.py): a field added
to one and not the other fails here."""
from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from cvgraph.records import registry
from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, F, ref_fields
from cvgraph.resources import bundled

DOC = (bundled("ontology") / "FORMAT.md").read_text(encoding="utf-8")
EXAMPLES = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL)]
# Sections with another's fields, as the example says ("also internships: and volunteer: with the
# same shape"): the example may leave them out or show only some of their fields
SAME_SHAPE = {"internships": "employment", "volunteer": "employment"}


def format_paths(fields: dict[str, F], prefix: str = "") -> set[str]:
    out = set()
    for key, spec in fields.items():
        path = f"{prefix}{key}"
        out.add(path)
        one = spec.of if spec.kind == "list" else spec
        if one.kind == "obj":
            out |= format_paths(one.of, path + ".")
        elif one.kind == "author":
            out |= format_paths(AUTHOR_OBJ, path + ".")
    return out


def example_paths(value: Any, prefix: str = "") -> set[str]:
    out = set()
    items = value if isinstance(value, list) else [value]
    for one in items:
        if isinstance(one, dict):
            for key, sub in one.items():
                out.add(f"{prefix}{key}")
                out |= example_paths(sub, f"{prefix}{key}.")
    return out


@pytest.mark.parametrize(("example", "fields"), [(0, FORMAT), (1, registry.FORMAT)], ids=["cv", "people-registry"])
def test_format_md_lists_every_field(example, fields):
    documented = example_paths(EXAMPLES[example])
    for section, like in SAME_SHAPE.items():
        if example == 0:
            assert FORMAT[section].of == FORMAT[like].of, f"{section} no longer has {like}'s fields: document it"
            documented |= {section} | {p.replace(like, section, 1) for p in documented if p.startswith(like + ".")}
    declared = format_paths(fields)
    assert not declared - documented, f"fields missing from ontology/FORMAT.md: {sorted(declared - documented)}"
    assert not documented - declared, f"ontology/FORMAT.md shows fields the format lacks: {sorted(documented - declared)}"


def test_format_md_names_every_reference_field():
    """The "References (…)" sentence lists the keys that name a registry entry (or a publication)."""
    sentence = re.search(r"References \(([^)]*)\)", DOC)
    assert sentence, "FORMAT.md no longer lists the reference fields"
    listed = set(re.findall(r"`(\w+)`", sentence.group(1)))
    assert listed == {key for _, key, _ in ref_fields()}
