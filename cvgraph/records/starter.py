"""A starter CV (``cvgraph init``): a commented ``cv.yaml`` in the records format, with one
example of each main section, and the JSON Schema beside it (``cv.schema.json``) that its
``# yaml-language-server: $schema=`` line names by a relative path, so the editor's checking
works wherever the project is, never pointing into an installed package.

What the owner did not give gets a clearly marked placeholder and a warning naming it; the
result builds and conforms as written (``cvgraph build cv.yaml``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cvgraph.errors import CvgraphError, OutputError
from cvgraph.fsio import write_atomic
from cvgraph.iri import IRIError, check_iri
from cvgraph.records.spec import HINTS, PATTERNS
from cvgraph.resources import schema_path

__all__ = ["CV_NAME", "PLACEHOLDERS", "PLACEHOLDER_HOME", "SCHEMA_NAME", "Owner", "Starter", "StarterError",
           "check_value", "is_placeholder", "schema_state", "starter_text", "write_schema", "write_starter"]

CV_NAME = "cv.yaml"
SCHEMA_NAME = "cv.schema.json"

# The homepage (or base:) written when none is known: plainly a placeholder, still a valid IRI, so the
# CV builds; every build warns while it is there (:func:`is_placeholder`).
PLACEHOLDER_HOME = "https://example.org/CHANGE-ME/"

# What a missing value becomes: each plainly a placeholder, and each still valid, so the CV builds.
PLACEHOLDERS = {
    "name": "Your Name (change me)",
    "homepage": PLACEHOLDER_HOME,
    "affiliation": "Your University (change me)",
}


class StarterError(CvgraphError):
    """A value given for the starter CV is not usable (one line: which, why, how to fix)."""


@dataclass(frozen=True)
class Owner:
    """The CV owner's details (None: not given; a placeholder is written instead)."""

    name: str | None = None
    homepage: str | None = None
    orcid: str | None = None
    affiliation: str | None = None


@dataclass
class Starter:
    """What :func:`write_starter` wrote, and the warnings (one per placeholder written)."""

    cv: Path
    schema: Path
    warnings: list[str] = field(default_factory=list)


def check_value(what: str, value: str) -> str:
    """``value`` for the field ``what`` (``name``, ``homepage``, ``orcid``, ``affiliation``),
    stripped; :class:`StarterError` when it is not usable."""
    text = value.strip()
    if not text:
        raise StarterError(f"--{what} is empty; give a value or leave the option out")
    if not all(ch.isprintable() for ch in text):
        raise StarterError(f"--{what} {text!r} contains a control character or line break; remove it")
    if what == "homepage":
        try:
            check_iri(text, "--homepage", http=True)
        except IRIError as exc:
            raise StarterError(str(exc)) from None
    if what == "orcid":
        text = text.removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
        if not re.match(PATTERNS["orcid"], text):
            raise StarterError(f"--orcid {value.strip()!r} is not an ORCID iD; {HINTS['orcid']}")
    return text


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's; values are printable)."""
    return json.dumps(text, ensure_ascii=False)


def _owner_values(owner: Owner) -> tuple[dict[str, str], list[str]]:
    values: dict[str, str] = {}
    warnings: list[str] = []
    for what, placeholder in PLACEHOLDERS.items():
        given = getattr(owner, what)
        if given is None:
            values[what] = placeholder
            warnings.append(f"no {what} given: wrote the placeholder {placeholder!r}; replace it in {CV_NAME}")
        else:
            values[what] = check_value(what, given)
    if owner.orcid is None:
        values["orcid_line"] = "  # orcid: 0000-0002-1825-0097   # CHANGE ME: your ORCID iD, then uncomment"
        warnings.append(f"no orcid given: the orcid line is commented out; add your ORCID iD in {CV_NAME}")
    else:
        values["orcid_line"] = f"  orcid: {check_value('orcid', owner.orcid)}"
    return values, warnings


_TEMPLATE = """\
# yaml-language-server: $schema=./{schema}
# A starter CV written by `cvgraph init`, in cvgraph's records format: {schema} (beside this
# file) describes every field, and an editor with the YAML language server checks it as you type.
# Build it with `cvgraph build cv.yaml`.
# Every entry marked EXAMPLE is made up: replace it with your own, or delete it.
cvgraph: 1

person:
  name: {name}
  homepage: {homepage}        # your CV's web address: the graph's IRIs are built under it
{orcid_line}
  affiliation: my-institution   # an `organizations` id (below)
  job_title: Assistant Professor   # EXAMPLE

interests:
  - Distributed systems   # EXAMPLE

organizations:   # every organisation referenced anywhere, once
  - id: my-institution
    name: {affiliation}
    kind: university   # university|company|research|government|department|school|organization
  - id: example-lab   # EXAMPLE
    name: Example Research Lab
    kind: research
    country: Germany

people:   # your co-authors and advisors (not you); authors are matched by name or alias
  - id: alex-rivera   # EXAMPLE
    name: Alex Rivera
    aliases: [A. Rivera]

venues:   # journals and conferences, named by publications and service
  - id: example-journal   # EXAMPLE
    name: Journal of Example Studies
    short: JES
    kind: journal
  - id: example-conference   # EXAMPLE
    name: International Conference on Example Systems
    short: ICES
    kind: conference

education:
  - degree: Ph.D.   # EXAMPLE
    field: Computer Science
    institution: my-institution
    start: 2015
    end: 2020
    advisors: [Alex Rivera]

employment:
  - title: Assistant Professor   # EXAMPLE
    organization: my-institution
    start: "2021-09"
    end: present
  - title: Postdoctoral Researcher   # EXAMPLE
    organization: example-lab
    start: 2020
    end: "2021-08"

publications:   # in CV order; authors as printed, you included
  - id: example2023scaling   # EXAMPLE
    kind: journal
    title: Scaling Example Systems to Many Machines
    authors: [{name}, Alex Rivera]
    venue: example-journal
    year: 2023
    volume: "12"
    pages: 1-14
    doi: 10.5555/example.2023.1   # a bare DOI

talks:
  - title: Scaling Example Systems   # EXAMPLE
    host: example-lab
    date: "2024-03-15"

teaching:
  - code: CS101   # EXAMPLE
    title: Introduction to Programming
    institution: my-institution
    terms: [Fall 2022, Fall 2023]

service:
  - role: Program Committee Member   # EXAMPLE
    venue: example-conference
    years: [2023, 2024]

awards:
  - name: Best Paper Award   # EXAMPLE
    year: 2023
    awarder: my-institution
    work: example2023scaling   # the publication's id
"""


def starter_text(owner: Owner) -> tuple[str, list[str]]:
    """The starter CV's text for ``owner``, and a warning per placeholder written."""
    values, warnings = _owner_values(owner)
    quoted = {what: _quoted(values[what]) for what in PLACEHOLDERS}
    return _TEMPLATE.format(schema=SCHEMA_NAME, orcid_line=values["orcid_line"], **quoted), warnings


def is_placeholder(iri: str | None) -> bool:
    """Whether ``iri`` (a CV's document IRI) is :data:`PLACEHOLDER_HOME`, the homepage still to be given."""
    return iri is not None and iri.rstrip("/").casefold() == PLACEHOLDER_HOME.rstrip("/").casefold()


def schema_state(path: Path) -> str:
    """What is at ``path``: ``"missing"``, ``"same"`` (this cvgraph's JSON Schema, byte for byte) or
    ``"other"`` (anything else, another version's schema included)."""
    if not (path.exists() or path.is_symlink()):
        return "missing"
    try:
        same = path.is_file() and path.read_bytes() == schema_path().read_bytes()
    except OSError:
        same = False
    return "same" if same else "other"


def write_schema(path: Path) -> Path:
    """Write this cvgraph's JSON Schema of the records format to ``path``, atomically (never over
    the installed schema it is copied from): what ``cvgraph schema -o``, ``cvgraph init`` and
    ``cvgraph import -o`` write, for a ``$schema`` line that points into the user's project."""
    write_atomic(schema_path().read_bytes(), path, inputs=[schema_path()])
    return path


def write_starter(folder: Path, owner: Owner, *, force: bool = False) -> Starter:
    """Write ``folder/cv.yaml`` and ``folder/cv.schema.json`` (the folder is made if missing),
    each atomically. An existing file is never overwritten unless ``force`` (:class:`OutputError`,
    before anything is written); an existing schema identical to this cvgraph's is kept."""
    text, warnings = starter_text(owner)
    cv, schema = folder / CV_NAME, folder / SCHEMA_NAME
    if not force:
        if cv.exists() or cv.is_symlink():
            raise OutputError(f"{cv}: already exists; use --force to overwrite it, or give another DIR")
        if schema_state(schema) == "other":
            raise OutputError(f"{schema}: already exists (not cvgraph's schema); use --force to overwrite it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot make the folder: {exc.strerror}") from None
    if force or schema_state(schema) != "same":
        write_schema(schema)
    write_atomic(text.encode("utf-8"), cv)
    return Starter(cv, schema, warnings)
