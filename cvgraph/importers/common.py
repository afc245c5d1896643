"""Small helpers the importers share: name keys, ids, identifiers (ORCID, DOI, arXiv) and dates.

Where the loader (:mod:`cvgraph.records`) or the record format (:mod:`cvgraph.spec`) already
has the rule, it is re-exported from here rather than copied, so an importer and the loader
cannot drift apart.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote

from cvgraph.records.loader import _before, _key, _pub_id, slug
from cvgraph.records.spec import _CONTROL, PATTERNS, _orcid_checksum_ok, _valid_day

__all__ = ["ARXIV_ID", "CONTROL", "MONTHS", "PRESENT", "arxiv_in_url", "default_pub_id", "doi_in_url",
           "ends_before", "fold", "id_slug", "loader_key", "match_key", "numbered", "orcid_id", "orcid_ok",
           "real_day", "strip_doi_prefix", "valid_orcid"]

#: characters no CV text may hold (the record format's rule)
CONTROL = _CONTROL

# ----------------------------------------------------------------------------- names and ids

#: How the loader matches names, ids and aliases: case-insensitive, white space folded.
loader_key: Callable[[str], str] = _key

# Latin letters NFKD does not take apart, spelt out (case is kept; fold and slug lower it).
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                           "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
                           "ð": "d", "ı": "i"})


def fold(text: str) -> str:
    """Accent- and case-insensitive form: ``"Öztürk"`` → ``"ozturk"``, ``"Łódź"`` → ``"lodz"``."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def match_key(name: str) -> str:
    """Dedup key of a printed name: :func:`fold`, with punctuation and white space collapsed to
    single spaces (``"Acme, Inc."`` and ``"ACME Inc"`` share one)."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())


def id_slug(text: str) -> str:
    """:func:`cvgraph.records.slug` after spelling out the Latin letters NFKD does not take apart
    (Łukasiewicz → lukasiewicz, Søren → soren, Straße → strasse). Not the loader's default id
    rule: an importer using it writes the id out."""
    return slug(text.translate(_TRANSLIT))


def numbered(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or the first of ``base-2``, ``base-3``, … that is not ``taken``."""
    ident, n = base, 2
    while taken(ident):
        ident, n = f"{base}-{n}", n + 1
    return ident


def default_pub_id(pub: dict) -> str:
    """The loader's default publication id (:func:`cvgraph.records._pub_id`) for a record whose
    authors/editors are printed names or ``{name: …}`` mappings; ``year`` may be a number."""
    people = pub.get("authors") or pub.get("editors") or []
    names = [{"name": (p if isinstance(p, str) else (p or {}).get("name")) or "anon"} for p in people]
    if names and not names[0]["name"].split():
        names[0] = {"name": "anon"}
    year = pub.get("year")
    return _pub_id({"authors": names, "title": pub.get("title") or "",
                    "year": str(year) if year is not None else None})


# ----------------------------------------------------------------------------- identifiers

_ORCID_IN = re.compile(r"(?:https?://(?:www\.|sandbox\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?",
                       re.IGNORECASE)

#: ISO 7064 11,2 check digit of a bare ORCID iD (the record format's check).
orcid_ok: Callable[[str], bool] = _orcid_checksum_ok


def orcid_id(text: str) -> str | None:
    """The bare iD (upper-case X) of an ORCID iD written bare or as an orcid.org URL; None when
    ``text`` is not shaped like one. The check digit is not looked at (:func:`orcid_ok`)."""
    m = _ORCID_IN.fullmatch(text.strip())
    return m.group(1).upper() if m else None


def valid_orcid(text: str) -> str | None:
    """:func:`orcid_id` when its check digit is right, else None."""
    orcid = orcid_id(text)
    return orcid if orcid and orcid_ok(orcid) else None


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI = re.compile(PATTERNS["doi"])


def strip_doi_prefix(text: str) -> str:
    """``text`` without a leading ``https://doi.org/``, ``doi.org/``, ``doi:`` or ``doi `` (not
    checked to be a DOI)."""
    return _DOI_PREFIX.sub("", text)


def doi_in_url(url: str) -> str | None:
    """The DOI of a ``https://doi.org/10.…`` URL (percent-escapes decoded), or None."""
    m = re.fullmatch(r"https?://(?:dx\.|www\.)?doi\.org/(10\.\S+)", url, re.IGNORECASE)
    if not m:
        return None
    doi = unquote(m.group(1))
    return doi if _DOI.fullmatch(doi) else None


_ARXIV = re.compile(PATTERNS["arxiv"])
_ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
#: an arXiv id, new (``2301.00001v2``) or old style (``cs/0112017``), as a regex source
ARXIV_ID = rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})"
_ARXIV_URL = re.compile(
    rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({ARXIV_ID})(?:\.pdf)?/?(?:[?#].*)?", re.IGNORECASE)


def arxiv_in_url(url: str) -> str | None:
    """The arXiv id of an ``https://arxiv.org/abs/…`` or ``…/pdf/….pdf`` URL, or None."""
    m = _ARXIV_URL.fullmatch(url.strip())
    return m.group(1) if m and _ARXIV.fullmatch(m.group(1)) else None


# ----------------------------------------------------------------------------- dates

#: month names and their usual abbreviations (lower-case) → month number
MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in names}

#: words (lower-case, single-spaced) that mean an open end: ``2020 – present``
PRESENT = frozenset({"present", "current", "currently", "now", "ongoing", "today", "to date", "till date",
                     "till now", "to present"})

#: Is an end date surely before a start date? (the loader's rule, at the coarser precision)
ends_before: Callable[[str, str], bool] = _before

#: Is a YYYY[-MM[-DD]] text's day real (2023-02-30 is not)? Shorter dates are accepted.
real_day: Callable[[str], bool] = _valid_day
