"""Words that tell what a venue is: conference acronyms, journal and conference words, preprint
servers. The acronyms and servers are data (``cvgraph/importers/data/venues.yaml``).

>>> bool(CONFERENCE_ACRONYM.search("NeurIPS 2023")), repository("arXiv preprint")
(True, 'arXiv')
"""
from __future__ import annotations

import re

from cvgraph.importers.text.tables import table

__all__ = ["CONFERENCE_ACRONYM", "CONFERENCE_WORDS", "JOURNAL_WORDS", "PREPRINT_WORDS", "REPOSITORIES",
           "repository"]

_DATA = table("venues")
#: a well-known conference acronym, as a whole word
CONFERENCE_ACRONYM = re.compile(r"\b(" + "|".join(re.escape(c) for c in _DATA["conferences"]) + r")\b")
CONFERENCE_WORDS = re.compile(r"\bconference\b|\bproceedings\b|\bsymposium\b|\bcongress\b|\bmeeting\b|"
                              r"\bconf\.|\bproc\.", re.IGNORECASE)
JOURNAL_WORDS = re.compile(r"\bjournal\b|\btransactions\b|\bletters\b|\breview\b|\bmagazine\b|"
                           r"\bannals\b|\bbulletin\b|\bquarterly\b|\bj\.|\btrans\.", re.IGNORECASE)
PREPRINT_WORDS = re.compile(r"\barxiv\b|\bbiorxiv\b|\bmedrxiv\b|\bchemrxiv\b|\btechrxiv\b|\bssrn\b|"
                            r"\bpre-?print\b|\bresearch square\b|\bosf preprints\b|\bpsyarxiv\b",
                            re.IGNORECASE)
#: preprint-server word (lower-case) → the repository's name
REPOSITORIES: dict[str, str] = dict(_DATA["repositories"])


def repository(venue: str) -> str | None:
    """The preprint server a venue text names ("arXiv preprint" → "arXiv"), or None."""
    low = venue.lower()
    return next((name for word, name in REPOSITORIES.items() if word in low), None)
