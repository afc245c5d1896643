"""The one check that a text is an IRI, and percent-encoding for the schemes that allow it.

Every IRI cvgraph mints or accepts (record fields, ``--base``, ``--graph``, the terms the mapping
makes, the names in SPARQL Update text) is checked here, against RFC 3987 as pyoxigraph's IRI
parser (oxiri) reads it: an IRI that passes holds none of ``<>"{}|^`\\``, no space or control
character, no bad percent-escape and at most one ``#``, so it can be written between ``<`` and
``>`` in N-Triples, Turtle or SPARQL as it is.

>>> iri_problem("https://example.org/cv#me") is None
True
>>> iri_problem("https://example.org/a#x#y")
"Invalid IRI code point '#'"
>>> http_iri_problem("ftp://example.org/")
'not an http:// or https:// address'
>>> percent_encode("10.1000/a>b#c", "/")
'10.1000/a%3Eb%23c'
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph

from cvgraph.errors import CvgraphError

__all__ = ["IRIError", "check_iri", "http_iri_problem", "iri_problem", "percent_encode"]

_HTTP = re.compile(r"https?://[^/?#]", re.IGNORECASE)


class IRIError(CvgraphError):
    """A text that is not a valid IRI where one is needed (one line, saying which and why)."""


@lru_cache(maxsize=1 << 16)  # the same IRIs come again and again (predicates, subjects)
def iri_problem(text: str) -> str | None:
    """Why ``text`` is not an absolute IRI (RFC 3987), or None when it is one."""
    try:
        pyoxigraph.NamedNode(text)
    except ValueError as exc:  # UnicodeEncodeError (a lone surrogate) is a ValueError too
        return str(exc).split("\n")[0] or "not an IRI"
    return None


def http_iri_problem(text: str) -> str | None:
    """Why ``text`` is not an absolute http(s) IRI with a host, or None when it is one."""
    if not _HTTP.match(text):
        return "not an http:// or https:// address"
    return iri_problem(text)


def check_iri(text: str, what: str, http: bool = False) -> str:
    """``text``, when it is an IRI (an http(s) one with ``http``); else :class:`IRIError` naming
    ``what`` (e.g. ``"--graph"``)."""
    problem = http_iri_problem(text) if http else iri_problem(text)
    if problem is not None:
        raise IRIError(f"{what} {text!r} is not a valid {'http(s) ' if http else ''}IRI ({problem}); write it "
                       "in full, percent-encoding what an IRI does not allow (e.g. %20 for a space, %25 for a "
                       "literal %)")
    return text


def percent_encode(text: str, safe: str) -> str:
    """``text`` with every character but ASCII letters, digits, ``-._~`` and ``safe``
    percent-encoded (as UTF-8, upper-case hex: RFC 3986 section 2.1)."""
    return quote(text, safe=safe)
