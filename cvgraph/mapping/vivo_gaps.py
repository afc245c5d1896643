"""What a CV holds that the VIVO profile does not write, as warnings: nothing is left out silently.

VIVO-ISF has no term for some of what a CV records (skills, languages, printed name variants,
other names of organisations, venues and grants, a photo as a plain IRI, a work's links by kind,
which works are selected): the core profile keeps them
(``--profile all`` writes both). Each warning names the file, the line of the section or entry
where a YAML file has one, what is left out and the fix.
"""
from __future__ import annotations

import re
from pathlib import Path

from cvgraph.fsio import ReadError, read_capped
from cvgraph.records.loader import CV
from cvgraph.records.yamlsafe import MAX_BYTES

__all__ = ["left_out"]

_FIX = "(VIVO-ISF has no term for it; --profile all keeps it in the core vocabulary)"
_WHY = {
    "skills": "skills",
    "languages": "languages",
    "updated": "the date the CV was last changed",
}


def left_out(cv: CV) -> list[str]:
    """One warning per kind of record the VIVO profile leaves out, in file order."""
    found: list[tuple[str, str, str]] = []  # (key, what, the key whose line locates it)

    def note(key: str, what: str, at: str | None = None) -> None:
        found.append((key, what, at or key))

    for section, what in _WHY.items():
        if cv.data.get(section):
            note(section, what)
    person = cv.data["person"]
    for key, what in (("aliases", "the owner's printed name variants"), ("image", "the photo")):
        if person.get(key):
            note(f"person.{key}", what, "person")
    for section, what in (("organizations", "organisations' other names"), ("venues", "venues' other names"),
                          ("people", "people's other names")):
        if any(e.get("aliases") for e in cv.registries.get(section, {}).values()):
            note(section, what)
    if any(e.get("affiliation") for e in cv.registries.get("people", {}).values()):
        note("people", "people's affiliations")
    if any(e.get("url") for e in cv.registries.get("venues", {}).values()):
        note("venues", "venues' web pages")
    if any(e.get("aliases") for e in cv.registries.get("grants", {}).values()):
        note("grants", "grants' other names")
    for key, what in (("links", "works' links by kind (PDF, slides, code, data, …)"),
                      ("selected", "which works are selected (featured)")):
        if any(p.get(key) for p in cv.publications.values()):
            note(key, what)
    if not found:
        return []  # nothing left out: the file is not read again
    lines = _key_lines(cv.file, {at for _, _, at in found})
    notes = []
    for key, what, at in found:
        line = lines.get(at, 0)
        where = f"{cv.file}:{line}" if line else cv.file
        notes.append((line, f"{where}: {key}: {what}: not written by the VIVO profile {_FIX}"))
    return [text for _, text in sorted(notes, key=lambda n: n[0])]


def _key_lines(file: str, keys: set[str]) -> dict[str, int]:
    """The line of the first occurrence of each of ``keys`` (``key:`` at any indent, or as a
    sequence item's first key; never in a comment) in a YAML file."""
    if Path(file).suffix.lower() not in (".yaml", ".yml"):
        return {}
    try:
        text = read_capped(file, MAX_BYTES).decode("utf-8", "replace")
    except ReadError:
        return {}
    pattern = re.compile(r"^[ \t]*(?:-[ \t]+)?(" + "|".join(map(re.escape, sorted(keys))) + r")[ \t]*:", re.MULTILINE)
    lines: dict[str, int] = {}
    for match in pattern.finditer(text):  # one scan by the regex engine, not a match per line
        if match.group(1) not in lines:
            lines[match.group(1)] = text.count("\n", 0, match.start()) + 1
            if len(lines) == len(keys):
                break
    return lines
