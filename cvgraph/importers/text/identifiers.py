"""Identifiers as CVs write them: DOI, arXiv, ORCID, ROR, Handle and ISBN.

Each reader takes the text as found (a bare id, a URL, a ``doi:``-style prefix) and gives the
bare id the record format stores, or None when it is not one. The patterns are the record
format's (:data:`cvgraph.spec.PATTERNS`), so an id an importer accepts is one the loader accepts.

>>> bare_doi("https://doi.org/10.1145/3580305.3599890")
'10.1145/3580305.3599890'
>>> valid_orcid("https://orcid.org/0000-0002-1825-0097")
'0000-0002-1825-0097'
>>> isbn("978-0-306-40615-7"), isbn("978-0-306-40615-8")
('9780306406157', None)
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from cvgraph.records.checker import orcid_checksum_ok, value_problem
from cvgraph.records.spec import PATTERNS

__all__ = ["ARXIV_ID", "arxiv_in_url", "bare_arxiv", "bare_doi", "doi_in_url", "handle", "isbn",
           "orcid_id", "orcid_ok", "ror_id", "ror_ok", "strip_doi_prefix", "url_ok", "valid_orcid"]


def _full(name: str) -> re.Pattern[str]:
    return re.compile(PATTERNS[name].removeprefix("^").removesuffix("$"))


_DOI = _full("doi")
_ARXIV = _full("arxiv")
_ORCID = _full("orcid")
_ROR = _full("ror")

# ----------------------------------------------------------------------------- URL

def url_ok(text: str) -> bool:
    """Does the record format take ``text`` as a ``url``: an http(s) address that is an IRI
    (RFC 3987)? The loader's own check (:func:`cvgraph.records.checker.value_problem`), so a URL
    an importer keeps is one the loader accepts.

    >>> url_ok("https://example.org/~ada"), url_ok("https://example.org/%zz"), url_ok("example.org")
    (True, False, False)
    """
    return value_problem("url", text) is None


# ----------------------------------------------------------------------------- DOI

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)


def strip_doi_prefix(text: str) -> str:
    """``text`` without a leading ``https://doi.org/``, ``doi.org/``, ``doi:`` or ``doi `` (not
    checked to be a DOI)."""
    return _DOI_PREFIX.sub("", text)


def bare_doi(text: str) -> str | None:
    """The DOI ``text`` writes (prefix stripped, white space trimmed), or None when it is not
    shaped like one (``10.NNNN/…``). Case is kept: DOIs are case-insensitive, and the graph
    lower-cases them in IRIs."""
    doi = strip_doi_prefix(text.strip()).strip()
    return doi if _DOI.fullmatch(doi) else None


def doi_in_url(url: str) -> str | None:
    """The DOI of a ``https://doi.org/10.…`` URL (percent-escapes decoded), or None."""
    m = re.fullmatch(r"https?://(?:dx\.|www\.)?doi\.org/(10\.\S+)", url, re.IGNORECASE)
    if not m:
        return None
    doi = unquote(m.group(1))
    return doi if _DOI.fullmatch(doi) else None


# ----------------------------------------------------------------------------- arXiv

_ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
#: an arXiv id, new (``2301.00001v2``) or old style (``cs/0112017``), as a regex source
ARXIV_ID = rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})"
_ARXIV_URL = re.compile(
    rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({ARXIV_ID})(?:\.pdf)?/?(?:[?#].*)?", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)",
                           re.IGNORECASE)


def arxiv_in_url(url: str) -> str | None:
    """The arXiv id of an ``https://arxiv.org/abs/…`` or ``…/pdf/….pdf`` URL, or None."""
    m = _ARXIV_URL.fullmatch(url.strip())
    return m.group(1) if m and _ARXIV.fullmatch(m.group(1)) else None


def bare_arxiv(text: str) -> str | None:
    """The arXiv id ``text`` writes: bare, ``arXiv:…`` or an arxiv.org URL; None otherwise."""
    t = text.strip()
    found = arxiv_in_url(t)
    if found:
        return found
    t = _ARXIV_PREFIX.sub("", t).strip().removesuffix(".pdf")
    return t if _ARXIV.fullmatch(t) else None


# ----------------------------------------------------------------------------- ORCID

_ORCID_IN = re.compile(r"(?:https?://(?:www\.|sandbox\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?",
                       re.IGNORECASE)


def orcid_ok(orcid: str) -> bool:
    """Is ``orcid`` a bare ORCID iD with the right ISO 7064 11,2 check digit? (The record format's
    check, :func:`cvgraph.records.checker.orcid_checksum_ok`, after the shape.)"""
    return bool(_ORCID.fullmatch(orcid)) and orcid_checksum_ok(orcid)


def orcid_id(text: str) -> str | None:
    """The bare iD (upper-case X) of an ORCID iD written bare or as an orcid.org URL; None when
    ``text`` is not shaped like one. The check digit is not looked at (:func:`orcid_ok`)."""
    m = _ORCID_IN.fullmatch(text.strip())
    return m.group(1).upper() if m else None


def valid_orcid(text: str) -> str | None:
    """:func:`orcid_id` when its check digit is right, else None."""
    orcid = orcid_id(text)
    return orcid if orcid and orcid_ok(orcid) else None


# ----------------------------------------------------------------------------- ROR

_ROR_IN = re.compile(r"^(?:https?://ror\.org/)?([0-9a-z]{9})/?$", re.IGNORECASE)
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def ror_id(text: str) -> str | None:
    """The bare ROR id (lower-case) of ``text``, bare or a ``https://ror.org/`` URL, when it has
    the record format's shape; None otherwise. The check digits are not looked at (:func:`ror_ok`)."""
    m = _ROR_IN.match(text.strip())
    if not m:
        return None
    ror = m.group(1).lower()
    return ror if _ROR.fullmatch(ror) else None


def ror_ok(ror: str) -> bool:
    """The two check digits of a bare ROR id (ISO 7064 mod 97-10 of the Crockford base-32 part)."""
    if not _ROR.fullmatch(ror):
        return False
    number = 0
    for ch in ror[1:7]:
        number = number * 32 + _CROCKFORD.index(ch)
    return int(ror[7:]) == 98 - (number * 100) % 97


# ----------------------------------------------------------------------------- Handle

_HANDLE = re.compile(r"^(?:https?://hdl\.handle\.net/|hdl:\s*|handle:\s*)?(\d+(?:\.\d+)*/\S+)$",
                     re.IGNORECASE)


def handle(text: str) -> str | None:
    """The Handle (``prefix/suffix``, e.g. ``2027.42/12345``) of a bare Handle, ``hdl:…`` or a
    ``https://hdl.handle.net/`` URL; None otherwise. A DOI is a Handle too, but is read by
    :func:`bare_doi`; this one does not take ``10.`` prefixes."""
    m = _HANDLE.match(text.strip())
    if not m or m.group(1).startswith("10."):
        return None
    return m.group(1)


# ----------------------------------------------------------------------------- ISBN

def isbn(text: str) -> str | None:
    """The ISBN-10 or ISBN-13 ``text`` writes (hyphens and spaces dropped, an ``ISBN`` label
    allowed) when its check digit is right; None otherwise."""
    digits = re.sub(r"[\s-]", "", re.sub(r"^isbn(?:-1[03])?:?", "", text.strip(), flags=re.IGNORECASE))
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
        return digits.upper() if total % 11 == 0 else None
    if re.fullmatch(r"97[89]\d{10}", digits):
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits))
        return digits if total % 10 == 0 else None
    return None
