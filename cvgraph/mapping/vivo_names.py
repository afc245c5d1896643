"""The IRIs of a CV's VIVO individuals: stable, readable, under one VIVO individual namespace.

The namespace is ``--namespace`` (e.g. ``https://vivo.example.edu/individual/``), else a ``--base``
that ends in ``/``, else the CV's document IRI with ``#vivo-`` (apart from the core
profile's ``#…`` nodes, which ``--profile all`` writes beside them). Under it:

- the owner by name (``sunwoo-lee``), or, with an ORCID iD, as other CVs name the owner as
  their co-author (``person-<ORCID iD>``);
- what only this CV states is named after its owner (``sunwoo-lee-pub-<id>``,
  ``sunwoo-lee-pub-<id>-authorship-1``, ``sunwoo-lee-position-2``, ``sunwoo-lee-person-<id>``
  for a co-author known only by name), so that CVs published into one VIVO never collide;
- what several CVs may state is named by itself, so that their CVs meet there: organisations
  (``org-<ROR id>`` or ``org-<id>``), venues (``venue-<id>``), people with an identity shared
  beyond the CV (``person-<ORCID iD>`` or ``person-<id>`` of the shared people registry),
  research areas (``concept-<slug>``) and academic degrees (``degree-<slug>``).
"""
from __future__ import annotations

from typing import Any

from cvgraph.mapping.walker import document_iri
from cvgraph.rdf.terms import IRI
from cvgraph.records.ids import slug
from cvgraph.records.loader import CV
from cvgraph.records.spec import OWNER

__all__ = ["Names", "namespace"]


def namespace(cv: CV, base: str | None = None, ns: str | None = None) -> str:
    """The VIVO individual namespace of ``cv`` (see the module's description)."""
    if ns:
        return ns if ns.endswith(("/", "#")) else ns + "/"
    if base and base.endswith("/"):
        return base
    return document_iri(cv, base) + "#vivo-"  # apart from the core profile's D#… nodes


class Names:
    """IRIs of ``cv``'s individuals under ``ns``."""

    def __init__(self, cv: CV, ns: str) -> None:
        self.cv, self.ns = cv, ns
        person = cv.data["person"]
        self.owner_slug = slug(str(person["name"]))
        # the owner with an ORCID iD is the node other CVs name by it (their co-author)
        self.owner = self.shared("person", str(person["orcid"])) if person.get("orcid") else IRI(ns + self.owner_slug)
        self._people: dict[str, IRI] = {}  # a co-author is named once, however many works list them

    def own(self, *parts: object) -> IRI:
        """An individual only this CV states: ``<owner>-<part>-<part>…``."""
        return IRI(self.ns + "-".join([self.owner_slug, *(str(p) for p in parts)]))

    def shared(self, kind: str, key: str) -> IRI:
        """An individual several CVs may state: ``<kind>-<key>``."""
        return IRI(f"{self.ns}{kind}-{key}")

    def organization(self, ident: str) -> IRI:
        entry = self.cv.registries.get("organizations", {}).get(ident) or {}
        return self.shared("org", str(entry.get("ror") or ident))

    def venue(self, ident: str) -> IRI:
        return self.shared("venue", ident)

    def publication(self, ident: str) -> IRI:
        return self.own("pub", ident)

    def shared_key(self, ident: str) -> str | None:
        """A person's identity beyond this CV: the ORCID iD, else the shared registry's id."""
        entry: dict[str, Any] = self.cv.registries.get("people", {}).get(ident) or {}
        if entry.get("orcid"):
            return str(entry["orcid"])
        found = self.cv.person_iris.get(ident)
        if found is None:
            return None
        tail = found.rsplit("/", 1)[-1]  # an ORCID IRI's iD, or <registry base>#person-<id>
        return tail.split("#person-", 1)[-1]

    def person(self, ident: str) -> IRI:
        found = self._people.get(ident)
        if found is None:
            if ident == OWNER:
                found = self.owner
            else:
                key = self.shared_key(ident)
                found = self.shared("person", key) if key is not None else self.own("person", ident)
            self._people[ident] = found
        return found

    def concept(self, text: str) -> IRI:
        return self.shared("concept", slug(text))

    def degree(self, text: str) -> IRI:
        return self.shared("degree", slug(text))
