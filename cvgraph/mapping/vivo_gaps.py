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
    lines = _key_lines(cv.file)
    found: list[tuple[int, str]] = []

    def note(key: str, what: str, at: str | None = None) -> None:
        line = lines.get(at or key, 0)
        where = f"{cv.file}:{line}" if line else cv.file
        found.append((line, f"{where}: {key}: {what}: not written by the VIVO profile {_FIX}"))

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
    return [text for _, text in sorted(found, key=lambda f: f[0])]


def _key_lines(file: str) -> dict[str, int]:
    """The line of the first occurrence of each key (``key:`` at any indent) in a YAML file."""
    if Path(file).suffix.lower() not in (".yaml", ".yml"):
        return {}
    try:
        text = read_capped(file, MAX_BYTES).decode("utf-8", "replace")
    except ReadError:
        return {}
    lines: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*(?:-\s+)?([A-Za-z_]+)\s*:", line)
        if match and not line.lstrip().startswith("#"):
            lines.setdefault(match.group(1), n)
    return lines
