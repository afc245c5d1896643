"""A CV's grants as VIVO shows them ("principal investigator on", "co-principal investigator on",
"other research activities"): a ``vivo:Grant`` labelled with its title, ``vivo:assignedBy`` its
funder, ``vivo:sponsorAwardId`` its number, ``vivo:totalAwardAmount`` its amount as written, its
interval, and the owner's role in it — ``vivo:PrincipalInvestigatorRole``,
``vivo:CoPrincipalInvestigatorRole``, ``vivo:InvestigatorRole``, else ``vivo:ResearcherRole`` —
related to the grant in both directions (as VIVO's sample data has it). A work the grant funded
is ``vivo:informationResourceSupportedBy`` it (and the grant ``vivo:supportedInformationResource``
the work)."""
from __future__ import annotations

import re

from cvgraph.mapping.vivo_graph import VIVO, VivoGraph
from cvgraph.mapping.vivo_names import Names
from cvgraph.rdf.terms import IRI
from cvgraph.records.loader import CV

__all__ = ["grants", "role_class"]

# the role as written -> VIVO's role class (first match; case and punctuation ignored)
_ROLES = ((r"^(co|co-?principal)", "CoPrincipalInvestigatorRole"), (r"^(pi|principal)", "PrincipalInvestigatorRole"),
          (r"investigator", "InvestigatorRole"))


def role_class(role: str) -> str:
    """VIVO's class for the owner's role in a grant.

    >>> [role_class(r) for r in ("PI", "Co-PI", "co-principal investigator", "Investigator", "Postdoc", "")]
    ['PrincipalInvestigatorRole', 'CoPrincipalInvestigatorRole', 'CoPrincipalInvestigatorRole', 'InvestigatorRole', 'ResearcherRole', 'ResearcherRole']
    """
    text = re.sub(r"[^a-z -]", "", role.lower()).strip()
    return next((cls for pattern, cls in _ROLES if re.search(pattern, text)), "ResearcherRole")


def grants(cv: CV, names: Names, g: VivoGraph) -> None:
    me = names.owner
    for ident, grant in cv.registries.get("grants", {}).items():
        s = g.node(names.own("grant", ident), (VIVO + "Grant",), grant["name"])
        if grant.get("funder"):
            funder = names.organization(str(grant["funder"]))
            g.add(s, VIVO + "assignedBy", funder)
            g.add(funder, VIVO + "assigns", s)
        g.text(s, VIVO + "sponsorAwardId", grant.get("number"))
        g.text(s, VIVO + "totalAwardAmount", grant.get("amount"))
        if grant.get("url"):
            g.uri(s, grant["url"])
        for note in grant.get("notes") or []:
            g.text(s, VIVO + "description", note)
        g.interval(s, grant.get("start"), grant.get("end"))
        role = g.node(IRI(s.value + "-role"), (VIVO + role_class(str(grant.get("role") or "")),), grant.get("role"))
        g.role(me, role)
        g.relate(s, role)
        g.interval(role, grant.get("start"), grant.get("end"))
    for ident, pub in cv.publications.items():
        for grant_id in pub.get("funding") or []:
            work, s = names.publication(ident), names.own("grant", grant_id)
            g.add(work, VIVO + "informationResourceSupportedBy", s)
            g.add(s, VIVO + "supportedInformationResource", work)
