"""Which vocabularies a profile writes: ``core`` (schema.org + FOAF + BIBO, by
``ontology/mapping.yaml``), ``vivo`` (VIVO-ISF, :mod:`cvgraph.mapping.vivo`), ``all`` (both in
one graph, for stores that serve both audiences). A SHACL profile that is not one of these
(``google``) checks the core vocabulary.
"""
from __future__ import annotations

from cvgraph.mapping import vivo
from cvgraph.mapping.vivo import VivoOptions
from cvgraph.mapping.walker import triples as core_triples
from cvgraph.rdf.terms import Triple, order
from cvgraph.records.loader import CV

__all__ = ["MAPPING_PROFILES", "VivoOptions", "profile_triples", "vocabularies"]

MAPPING_PROFILES = ("core", "vivo", "all")


def vocabularies(profile: str) -> tuple[str, ...]:
    """The vocabularies ``profile`` writes: ``("core",)``, ``("vivo",)`` or both."""
    return {"vivo": ("vivo",), "all": ("core", "vivo")}.get(profile, ("core",))


def profile_triples(cv: CV, base: str | None = None, profile: str = "core",
                    options: VivoOptions | None = None) -> list[Triple]:
    """The sorted triples of one CV in ``profile``'s vocabularies."""
    parts = vocabularies(profile)
    if parts == ("core",):
        return core_triples(cv, base)
    if parts == ("vivo",):
        return vivo.triples(cv, base, options)
    return sorted(set(core_triples(cv, base)) | set(vivo.triples(cv, base, options)), key=order)
