"""A free-text location ("San Francisco, CA", "Zürich, Switzerland") as an address.

The US states, the countries and the words that name no place are data
(``cvgraph/importers/data/places.yaml``).

>>> parse_address("San Francisco, CA")
({'locality': 'San Francisco', 'region': 'CA'}, 'read as city, US state')
"""
from __future__ import annotations

from cvgraph.importers.text.tables import table
from cvgraph.records.types import Address

__all__ = ["COUNTRIES", "US_STATES", "parse_address"]

_DATA = table("places")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


US_STATES: frozenset[str] = frozenset(_DATA["us_states"])
COUNTRIES: frozenset[str] = frozenset(_key(c) for c in _DATA["countries"])
_PLACELESS = frozenset(_DATA["placeless"])


def parse_address(text: str) -> tuple[Address, str]:
    """``"San Francisco, CA"`` → ({locality, region}, how it was read); ({}, "") for no place."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or _key(text) in _PLACELESS:
        return {}, ""
    if len(parts) == 1:
        if _key(parts[0]) in COUNTRIES:
            return {"country": parts[0]}, "read as the country"
        return {"locality": parts[0]}, "read as the city"
    if len(parts) == 2:
        if parts[1] in US_STATES:
            return {"locality": parts[0], "region": parts[1]}, "read as city, US state"
        if _key(parts[0]) in COUNTRIES:
            return {}, ""
        return {"locality": parts[0], "country": parts[1]}, "read as city, country"
    return ({"locality": ", ".join(parts[:-2]), "region": parts[-2], "country": parts[-1]},
            "read as city, region, country")
