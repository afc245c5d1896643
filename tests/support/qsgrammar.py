"""A checker of Wikidata QuickStatements V1 commands (the tab-separated form), after the
QuickStatements help page (Help:QuickStatements, "Command sequence syntax"):

- ``CREATE`` alone on its line makes a new item; ``LAST`` names the item last created;
- ``MERGE<TAB>Qa<TAB>Qb`` merges two items;
- ``ENTITY<TAB>Lxx|Dxx|Axx<TAB>"text"``: a label, description or alias in language xx;
  ``ENTITY<TAB>Sxxwiki<TAB>"title"``: a site link;
- ``ENTITY<TAB>Pn<TAB>VALUE`` then pairs ``<TAB>Pn<TAB>VALUE`` (qualifiers) and then
  ``<TAB>Sn<TAB>VALUE`` (sources); a leading ``-`` on the entity removes the statement;
- ENTITY: ``Qn``, ``Pn``, ``Ln``, ``Mn`` or ``LAST``; VALUE: an item (``Qn``/``LAST``), a property,
  a string ``"…"``, a monolingual text ``xx:"…"``, a time ``+YYYY-MM-DDT00:00:00Z/P`` (P 0-14), a
  coordinate ``@lat/lon``, a quantity ``[+-]n[~t][Un]``, ``somevalue`` or ``novalue``.
A string is one field: it has no tab and no line break (the fields are split on tabs).
"""
from __future__ import annotations

import re

__all__ = ["check_line", "check_text"]

ENTITY = re.compile(r"^-?(Q\d+|P\d+|L\d+(-[SF]\d+)?|M\d+|LAST)$")
STRING = re.compile(r'^"[^\t\n]*"$')
VALUES = [
    re.compile(r"^(Q\d+|P\d+|L\d+(-[SF]\d+)?|M\d+|LAST)$"),
    STRING,
    re.compile(r'^[a-z]{2,3}(-[a-z0-9-]+)?:"[^\t\n]*"$'),
    re.compile(r"^[+-]\d{1,16}-(0\d|1[0-2])-([0-2]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ/([0-9]|1[0-4])$"),
    re.compile(r"^@-?\d+(\.\d+)?/-?\d+(\.\d+)?$"),
    re.compile(r"^[+-]?\d+(\.\d+)?(~\d+(\.\d+)?)?(U\d+)?$"),
    re.compile(r"^(somevalue|novalue)$"),
]
TERM = re.compile(r"^[LDA][a-z]{2,3}(-[a-z0-9-]+)?$")
SITELINK = re.compile(r"^S[a-z_]+wiki[a-z]*$")


def _value(text: str) -> bool:
    return any(v.match(text) for v in VALUES)


def check_line(line: str) -> str:
    """'' when ``line`` is a QuickStatements V1 command, else what is wrong with it."""
    if line == "CREATE":
        return ""
    fields = line.split("\t")
    if fields[0] == "MERGE":
        return "" if len(fields) == 3 and all(re.match(r"^Q\d+$", f) for f in fields[1:]) else "bad MERGE"
    if len(fields) < 3:
        return f"{len(fields)} field(s): a command has an entity, a property and a value"
    if not ENTITY.match(fields[0]):
        return f"bad entity {fields[0]!r}"
    if TERM.match(fields[1]) or SITELINK.match(fields[1]):
        return "" if len(fields) == 3 and STRING.match(fields[2]) else f"bad term or site link value {fields[2:]!r}"
    if not re.match(r"^P\d+$", fields[1]):
        return f"bad property {fields[1]!r}"
    if not _value(fields[2]):
        return f"bad value {fields[2]!r}"
    rest = fields[3:]
    if len(rest) % 2:
        return "a qualifier or source without its value"
    sources = False
    for prop, value in zip(rest[::2], rest[1::2], strict=True):
        if re.match(r"^S\d+$", prop):
            sources = True
        elif not re.match(r"^P\d+$", prop) or sources:
            return f"bad qualifier or source {prop!r} (qualifiers Pn first, then sources Sn)"
        if not _value(value):
            return f"bad value {value!r} of {prop}"
    return ""


def check_text(text: str) -> list[str]:
    """Every problem of a batch, as "line N: problem"; ``LAST`` before any ``CREATE`` is one."""
    problems, created = [], False
    for n, line in enumerate(text.split("\n"), 1):
        if line == "" and n == len(text.split("\n")):
            continue  # the final newline
        problem = check_line(line)
        if not problem and line.startswith(("LAST", "-LAST")) and not created:
            problem = "LAST before any CREATE"
        created = created or line == "CREATE"
        if problem:
            problems.append(f"line {n}: {problem}")
    return problems
