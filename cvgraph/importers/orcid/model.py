"""ORCID's record as the importer reads it: work types, affiliation sections, the record and bulk
works of a file, small JSON helpers, and the objects built before ids are known."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from cvgraph.errors import ImportError_

BIB_FIELD = re.compile(r"\b(volume|number|pages)\s*=\s*(?:\{([^{}]*)\}|\"([^\"]*)\"|(\d+))", re.IGNORECASE)

RECORD_KEYS = ("orcid-identifier", "person", "activities-summary")

# ORCID work type (v3.0 spelling; v2 upper-case types are normalised to it) → publication kind
KINDS = {
    "journal-article": "journal",
    "conference-paper": "conference",
    "conference-abstract": "conference",
    "conference-poster": "conference",
    "conference-presentation": "conference",
    "conference-output": "conference",
    "conference-proceedings": "proceedings",
    "book": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "dissertation-thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "working-paper": "report",
    "preprint": "preprint",
}
# work types that keep a note saying what they are (the kind alone would hide it)
TYPE_NOTES = {"conference-abstract": "conference abstract", "conference-poster": "poster",
              "conference-presentation": "presentation", "conference-output": "conference output",
              "working-paper": "working paper", "edited-book": "edited book"}
# the venue kind the journal-title names, per publication kind (others: a note)
VENUE_KINDS = {"journal": "journal", "conference": "conference", "preprint": "repository",
               "chapter": "book", "book": "series", "proceedings": "series"}
RELATIONS = {"part-of": "part of", "version-of": "version of", "funded-by": "funded by"}

# Affiliation sections: ORCID section → (summary key, target section)
AFFILIATIONS = (
    ("employments", "employment-summary", "employment"),
    ("invited-positions", "invited-position-summary", "employment"),
    ("educations", "education-summary", "education"),
    ("qualifications", "qualification-summary", "education"),
    ("distinctions", "distinction-summary", "awards"),
    ("memberships", "membership-summary", "volunteer"),
    ("services", "service-summary", "volunteer"),
)


def split_document(doc: object, source: str) -> tuple[dict[str, Any], list[Any]]:
    """The record and the bulk items (with their JSON paths) in ``doc``."""
    parts = doc if isinstance(doc, list) else [doc]
    record: dict[str, Any] | None = None
    bulk: list[tuple[Any, str]] = []
    for n, part in enumerate(parts):
        prefix = f"[{n}]." if isinstance(doc, list) else ""
        if not isinstance(part, dict):
            raise ImportError_(f"{source}: not an ORCID record (expected a JSON object, got "
                               f"{type(part).__name__})")
        if "response-code" in part and ("developer-message" in part or "user-message" in part):
            message = part.get("user-message") or part.get("developer-message")
            raise ImportError_(f"{source}: an ORCID API error answer, not a record: "
                               f"{part.get('response-code')} {message}")
        if isinstance(part.get("bulk"), list):
            bulk += [(item, f"{prefix}bulk[{i}]") for i, item in enumerate(part["bulk"])]
        if any(k in part for k in RECORD_KEYS):
            if record is not None:
                raise ImportError_(f"{source}: more than one ORCID record in one file")
            record = part
        elif not isinstance(part.get("bulk"), list):
            raise ImportError_(f"{source}: not an ORCID record (none of {', '.join(RECORD_KEYS)} or "
                               "bulk at the top level)")
    return record or {}, bulk


# ----------------------------------------------------------------------------- small helpers

def get(obj: object, *keys: str) -> Any:  # noqa: ANN401 - whatever the ORCID JSON holds there
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def as_list(obj: object) -> list[Any]:
    return obj if isinstance(obj, list) else []


def listed_put_codes(codes: list[str | None] | list[str]) -> str:
    """``put-codes 12, 34`` (each once, in order); a version without one is ``none``."""
    return f"put-codes {', '.join(dict.fromkeys(code or 'none' for code in codes)) or 'none'}"


def ms_date(value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        try:
            return datetime.datetime.fromtimestamp(value / 1000, datetime.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


def rank(item: tuple[int, tuple[dict[str, Any], tuple[Any, ...]]]) -> tuple[Any, ...]:
    """Sort key of ORCID versions: the preferred (highest display-index) first, else in order."""
    raw = item[1][0].get("display-index")
    if raw is None:
        return (0, item[0])
    try:
        return (-int(raw), item[0])
    except (TypeError, ValueError):
        return (0, item[0])


class Ref:
    """A reference to a registry entry, replaced by the entry's id when the data is finished."""

    def __init__(self, entry: dict[str, Any]) -> None:
        self.entry = entry


class Author:
    """A printed name and who it is: a ``people`` entry, or None for the owner."""

    def __init__(self, printed: str, person: dict[str, Any] | None) -> None:
        self.printed, self.person = printed, person


class Pub:
    """A publication being assembled from one or more ORCID work groups."""

    def __init__(self, path: tuple[Any, ...]) -> None:
        self.path = path
        self.fields: dict[str, Any] = {}
        self.field_paths: dict[str, tuple[Any, ...]] = {}  # where title, year and journal were read
        self.put_codes: list[str] = []
        self.ids: list[tuple[str, str, str, tuple[Any, ...]]] = []   # (type, value, relationship, path)
        self.contributors: list[tuple[dict[str, Any], tuple[Any, ...]]] = []
        self.contributor_source: str | None = None
        self.citation: tuple[str, str, tuple[Any, ...]] | None = None
        self.notes: list[str] = []
        self.comments: list[tuple[tuple[Any, ...], str]] = []        # (sub-path, text)
        self.doi: str | None = None
        self.doi_key: str | None = None


@dataclass
class Affiliation:
    """One ORCID affiliation summary as read: what every kind of entry is made from."""

    summary: dict[str, Any]
    path: tuple[Any, ...]
    section: str  # the ORCID section: employments, educations, …
    target: str  # the record section: employment, education, awards, volunteer
    role: str | None
    dept: str | None
    start: str | None
    end: str | None
    org_obj: Any
    what: str  # the affiliation in a few words, for messages
    notes: list[str] = field(default_factory=list)


def resolve_refs(value: object) -> Any:  # noqa: ANN401 - the record value, references resolved
    if isinstance(value, Ref):
        return value.entry["_slug"]
    if isinstance(value, dict):
        return {k: resolve_refs(v) for k, v in value.items() if k != "_slug"}
    if isinstance(value, list):
        return [resolve_refs(v) for v in value]
    return value
