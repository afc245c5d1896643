"""records.yamlsafe composes without PyYAML's implicit resolvers (a speed-up, issue 16): what a
plain scalar becomes, which tags are refused, and the alias budget are as before."""
from __future__ import annotations

import pytest

from cvgraph.errors import RecordError
from cvgraph.records.yamlsafe import load_yaml


def _problem(text: str) -> str:
    with pytest.raises(RecordError) as caught:
        load_yaml("f.yaml", text)
    return str(caught.value.problems[0])


def test_plain_scalars_read_as_before() -> None:
    loaded = load_yaml("f.yaml", 'a: [yes, No, on, 2021-05-01, 1.5, 12, ~, true, 0x1F, .inf, 1_000, "12", !!str 3, '
                                 "!!int 4, '', null, FALSE]\n")
    assert loaded.data == {"a": ["yes", "No", "on", "2021-05-01", 1.5, 12, None, True, "0x1F", ".inf", "1_000", "12",
                                 3, 4, "", None, False]}
    assert loaded.raw[("a", 5)] == "12" and loaded.raw[("a", 3)] == "2021-05-01" and ("a", 11) not in loaded.raw
    assert loaded.marks[("a", 4)] == (1, 30)


@pytest.mark.parametrize(("text", "tag"), [("a: =\n", "value"), ("a: !!binary aGk=\n", "binary"),
                                           ("a: !!set {x}\n", "set"), ("a: !custom x\n", None)])
def test_tags_refused_as_before(text: str, tag: str | None) -> None:
    message = _problem(text)
    assert message.startswith("f.yaml:1:1 a: YAML tag ") and "is not allowed" in message
    assert tag is None or f"tag:yaml.org,2002:{tag} " in message


def test_merge_key_refused() -> None:
    assert "YAML merge keys (<<) are not supported" in _problem("<<: {a: 1}\n")
    assert "YAML merge keys (<<) are not supported" in _problem("a: 1\n<<: {b: 1}\n")


def test_ampersand_in_text_and_anchors() -> None:
    assert load_yaml("f.yaml", "a: R & D\nb: '&x'\n").data == {"a": "R & D", "b": "&x"}  # no anchor: no budget
    assert load_yaml("f.yaml", "a: &x [1, {b: 2}]\nc: *x\n").data == {"a": [1, {"b": 2}], "c": [1, {"b": 2}]}
    assert "alias that contains itself" in _problem("a: &x [*x]\n") or "nested more than" in _problem("a: &x [*x]\n")
