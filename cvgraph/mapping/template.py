"""The small template language of ``ontology/mapping.yaml``'s IRIs and texts.

``"#course-{institution}-{code|title!unique}"``, ``"{name}[ ({year|date:.4})]"``:

* ``{a}`` a value (a record field, or a name the walker gives: ``n``, ``parent``, ``local``);
  ``{a.b}`` field ``b`` of the entry that reference ``a`` names;
* ``{a|b}`` the first of them that has a value;
* ``{a!slug}`` its slug; ``{a!unique}`` a slug kept distinct per text (the walker's);
* ``{a:.4}`` a Python format spec applied to the text;
* ``[ … ]`` an optional part, left out where a placeholder in it has no value.

A template without a value for a placeholder outside ``[ … ]`` renders to None (no triple).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FILTERS", "Placeholder", "Template", "TemplateError"]

FILTERS = ("slug", "unique")
_TOKEN = re.compile(r"\[([^\[\]]*)\]|\{([^{}]*)\}|([^\[\]{}]+)|(.)")
_PLACEHOLDER = re.compile(r"([\w.^]+(?:\|[\w.^]+)*)(?:!(\w+))?(?::([^{}]*))?\Z")


class TemplateError(ValueError):
    """A template that cannot be read; the message says why."""


@dataclass(frozen=True)
class Placeholder:
    expr: str  # as written, without the braces: the key of a !unique slug table
    alternatives: tuple[tuple[str, ...], ...]  # each a dotted path
    filter: str  # "", "slug" or "unique"
    spec: str  # Python format spec, "" for none


Lookup = Callable[[tuple[str, ...]], "str | None"]  # a dotted path's value
Filter = Callable[[Placeholder, str], str]  # a !filter applied to the chosen text
Part = tuple[bool, tuple["str | Placeholder", ...]]  # (optional, items)


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[Part, ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        parts: list[Part] = []
        for group, inner, literal, stray in (m.groups() for m in _TOKEN.finditer(text)):
            if stray is not None:
                raise TemplateError(f"unmatched {stray!r} in {text!r}")
            if group is not None:
                items = tuple(_items(group, text))
                parts.append((True, items))
            else:
                parts.append((False, (literal,) if literal is not None else (_placeholder(inner, text),)))
        return cls(text, tuple(parts))

    @property
    def placeholders(self) -> list[Placeholder]:
        return [item for _, items in self.parts for item in items if isinstance(item, Placeholder)]

    def render(self, value: Lookup, filtered: Filter | None = None) -> str | None:
        """The text, ``value(path)`` giving each dotted path's value (None: none) and
        ``filtered`` applying a placeholder's filter."""
        out: list[str] = []
        for optional, items in self.parts:
            texts = [item if isinstance(item, str) else _one(item, value, filtered) for item in items]
            if any(t is None for t in texts):
                if optional:
                    continue
                return None
            out.extend(t for t in texts if t is not None)
        return "".join(out)


def _items(group: str, text: str) -> list[str | Placeholder]:
    items: list[str | Placeholder] = []
    for inner, literal, stray in re.findall(r"\{([^{}]*)\}|([^{}]+)|(.)", group):
        if stray:
            raise TemplateError(f"unmatched {stray!r} in {text!r}")
        items.append(literal if literal else _placeholder(inner, text))
    return items


def _placeholder(inner: str, text: str) -> Placeholder:
    m = _PLACEHOLDER.match(inner)
    if not m:
        raise TemplateError(f"cannot read the placeholder {{{inner}}} in {text!r}")
    names, filt, spec = m.group(1), m.group(2) or "", m.group(3) or ""
    if filt and filt not in FILTERS:
        raise TemplateError(f"unknown filter !{filt} in {text!r} (use !slug or !unique)")
    try:
        format("", spec)
    except ValueError:
        raise TemplateError(f"bad format spec :{spec} in {text!r}") from None
    return Placeholder(inner, tuple(tuple(name.split(".")) for name in names.split("|")), filt, spec)


def _one(item: Placeholder, value: Lookup, filtered: Filter | None) -> str | None:
    for path in item.alternatives:
        found = value(path)
        if found:
            if item.filter and filtered is not None:
                found = filtered(item, found)
            return format(found, item.spec) if item.spec else found
    return None
