"""BibTeX's ``@string`` macros and ``#`` concatenation, read as BibTeX reads them.

A value is parts joined by ``#``: ``{braced}`` or ``"quoted"`` text, a number, or a macro name
(the file's ``@string`` names, case-insensitive, and the month names ``jan`` … ``dec``). A
``@string`` definition may use only the macros defined above it, so a definition that names itself
or a later one (``@string{a = b}`` then ``@string{b = a}``) cannot loop: the name is reported and
kept as text. A macro defined twice takes its later value, as in BibTeX, with a warning.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bibtexparser.model import Block, String

from cvgraph.importers.bibtex.latex import ws
from cvgraph.importers.bibtex.tables import MONTH_MACROS, MONTH_NAMES

__all__ = ["evaluate", "resolve_strings", "split_concatenation"]


def split_concatenation(value: str) -> list[str]:
    """``ieee # " Trans. " # {A # B}`` → ``["ieee", '" Trans. "', "{A # B}"]`` (``#`` inside braces or
    quotes is text)."""
    parts, depth, quote, cur = [], 0, False, ""
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        if ch == "#" and depth == 0 and not quote:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts


def evaluate(value: str, macros: Mapping[str, str], undefined: Callable[[str], None]) -> str:
    """The text of ``value``: literal parts unwrapped, numbers kept, macros (``macros``, keys in
    lower case, then the month names) replaced; a name that is neither is passed to ``undefined``
    and kept as text."""
    out = []
    for part in split_concatenation(value):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif re.fullmatch(r"\d+", part):
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        elif part.lower() in MONTH_MACROS:
            out.append(MONTH_NAMES[MONTH_MACROS[part.lower()]])
        else:
            undefined(part)
            out.append(part)
    return "".join(out)


def resolve_strings(blocks: list[Block], warn: Callable[[int | None, str], None]) -> list[Block]:
    """``blocks`` (in file order) with each ``@string``'s value replaced by its text (braced, as
    bibtexparser's later steps expect), read in order; a macro defined again updates its first
    block and the later block is dropped. ``warn(start_line, message)`` reports what is wrong."""
    first: dict[str, String] = {}
    text: dict[str, str] = {}
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, String):
            out.append(block)
            continue
        key = block.key.lower()
        missing: list[str] = []
        value = evaluate(str(block.value), text, missing.append)
        for name in dict.fromkeys(missing):
            warn(block.start_line, f"@string {block.key} = {ws(str(block.value))}: {name or '(nothing)'} is not "
                                   "defined above this line; its name is kept as text")
        text[key] = value
        if key in first:
            line = first[key].start_line
            warn(block.start_line, f"@string {block.key} is defined again (first at line "
                                   f"{line + 1 if line is not None else '?'}); this later definition is used")
            first[key].value = "{" + value + "}"
            continue
        block.value = "{" + value + "}"
        first[key] = block
        out.append(block)
    return out
