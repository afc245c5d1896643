"""Which vocabularies a profile writes: ``core`` (schema.org + FOAF + BIBO, by
``ontology/mapping.yaml``), ``vivo`` (VIVO-ISF, :mod:`cvgraph.mapping.vivo`), ``all`` (both in
one graph, for stores that serve both audiences). A SHACL profile that is not one of these
(``google``) checks the core vocabulary.
"""
from __future__ import annotations

from cvgraph.mapping.vivo_options import VivoOptions
from cvgraph.mapping.walker import triples as core_triples
from cvgraph.rdf.terms import Triple, ordered
from cvgraph.records.loader import CV

__all__ = ["MAPPING_PROFILES", "VivoOptions", "joined", "profile_parts", "profile_triples", "vocabularies"]

MAPPING_PROFILES = ("core", "vivo", "all")


def vocabularies(profile: str) -> tuple[str, ...]:
    """The vocabularies ``profile`` writes: ``("core",)``, ``("vivo",)`` or both."""
    return {"vivo": ("vivo",), "all": ("core", "vivo")}.get(profile, ("core",))


def profile_parts(cv: CV, base: str | None = None, profile: str = "core",
                  options: VivoOptions | None = None) -> dict[str, list[Triple]]:
    """The sorted triples of one CV per vocabulary of ``profile`` (``core``, ``vivo``)."""
    parts = {}
    for part in vocabularies(profile):
        if part == "core":
            parts[part] = core_triples(cv, base)
        else:
            # lazy: the VIVO mapping and nameparser, for the vivo profiles only
            from cvgraph.mapping import vivo

            parts[part] = vivo.triples(cv, base, options)
    return parts


def joined(parts: dict[str, list[Triple]]) -> list[Triple]:
    """The triples of all ``parts``, sorted, without duplicates (one part: itself)."""
    if len(parts) == 1:
        return next(iter(parts.values()))
    return ordered({t for items in parts.values() for t in items})


def profile_triples(cv: CV, base: str | None = None, profile: str = "core",
                    options: VivoOptions | None = None) -> list[Triple]:
    """The sorted triples of one CV in ``profile``'s vocabularies."""
    return joined(profile_parts(cv, base, profile, options))
