"""How the VIVO profile names things (a module of its own, so that choosing a profile does not
load the VIVO mapping and its name parser)."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VivoOptions"]


@dataclass(frozen=True)
class VivoOptions:
    """How the VIVO profile names things: the individual ``namespace`` (default: see
    :func:`cvgraph.mapping.vivo_names.namespace`) and the scheme of ORCID iD IRIs (VIVO's
    older ORCID forms write ``http://orcid.org/…``)."""

    namespace: str | None = None
    orcid_scheme: str = "https"
