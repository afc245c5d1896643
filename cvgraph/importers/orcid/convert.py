"""The ORCID importer: the sections read in order, the document finished, and ``convert``."""
from __future__ import annotations

from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.builder import UniqueIds, default_pub_id, ordered
from cvgraph.importers.common import loader_key
from cvgraph.importers.jsondoc import load_json
from cvgraph.importers.orcid.affiliations import AffiliationsReader
from cvgraph.importers.orcid.funding import FundingReader
from cvgraph.importers.orcid.model import AFFILIATIONS, Pub, Ref, get, ms_date, resolve_refs, split_document
from cvgraph.importers.orcid.person import PersonReader
from cvgraph.importers.orcid.publications import PublicationWriter
from cvgraph.importers.orcid.works import WorksReader
from cvgraph.records.ids import slug


class Importer(PersonReader, AffiliationsReader, FundingReader, WorksReader, PublicationWriter):
    """An ORCID record (and its bulk works) → the CV."""

    # -- run --------------------------------------------------------------------------------
    def run(self, record: dict[str, Any], bulk: list[tuple[Any, str]]) -> Imported:
        self.owner(record)
        activities = record.get("activities-summary")
        if activities is not None and not isinstance(activities, dict):
            self.warn(("activities-summary",), "expected an object: activities not imported")
            activities = None
        activities = activities or {}
        for section, summary_key, target in AFFILIATIONS:
            self.affiliations(activities.get(section), ("activities-summary", section), summary_key, target)
        self.fundings(activities.get("fundings"))
        self.reviews = activities.get("peer-reviews")
        pubs = self.works(activities.get("works"), bulk)
        self.unmapped(activities)
        return self.finish(record, pubs)

    # -- the document -----------------------------------------------------------------------
    def finish(self, record: dict[str, Any], pubs: list[Pub]) -> Imported:
        data = self.imp.data
        publications = [(self.publication(pub), pub) for pub in pubs]
        self.peer_reviews(self.reviews)  # after the works: a reviewed journal may be one of their venues
        self.owner_aliases()
        self.owner_affiliation()
        self.document(data, record)
        data["person"] = self.person
        people = self.registries(data)
        for section in ("education", "employment", "volunteer", "awards", "service"):
            if self.sections[section]:
                data[section] = self.sections[section]
        if publications:
            data["publications"] = [rec for rec, _ in publications]
        self.resolve_authors(data, people)
        self.pub_ids([rec for rec, _ in publications])
        # comments: anchors → final paths
        for i, (_rec, pub) in enumerate(publications):
            for sub, text in pub.comments:
                self.imp.comment(("publications", i, *sub), text)
        self.comments.attach(self.imp, data, ("organizations", "people", "venues", "grants", "education",
                                              "employment", "volunteer", "awards", "service"))
        # clean up and put the keys in the format's order
        for entry in self.orgs + people + self.venues:
            entry.pop("_ids", None)
            entry.pop("_named", None)
            entry.pop("_uses", None)
            if "aliases" in entry and not entry["aliases"]:
                del entry["aliases"]
        self.imp.data = ordered(resolve_refs({"cvgraph": 1, **data}))
        return self.imp

    def owner_aliases(self) -> None:
        aliases: list[str] = []
        seen = {loader_key(self.person["name"])}
        for alias in [*self.aliases, *self.owner_variants]:
            if loader_key(alias) not in seen:
                seen.add(loader_key(alias))
                aliases.append(alias)
        if aliases:
            self.person["aliases"] = aliases
            self.comment(None, ("person", "aliases"), "ORCID name variants and the owner's names as "
                                                     "printed in author lists")

    def owner_affiliation(self) -> None:
        """The ongoing employments' organisations (with their parents) and the first one's title."""
        if not self.ongoing:
            return
        affiliation: list[Ref] = []
        for _entry, org in self.ongoing:
            chain = [org]
            while isinstance(chain[-1].get("parent"), Ref):
                chain.append(chain[-1]["parent"].entry)
            for o in chain:
                if not any(r.entry is o for r in affiliation):
                    affiliation.append(Ref(o))
        self.person["job_title"] = self.ongoing[0][0]["title"]
        self.person["affiliation"] = affiliation
        self.comment(None, ("person", "job_title"), "the first ongoing ORCID employment")
        self.comment(None, ("person", "affiliation"), "organisations of the ongoing ORCID employments")

    def document(self, data: dict[str, Any], record: dict[str, Any]) -> None:
        """The document IRI (``base``) and ``updated``."""
        p = self.person
        if not p.get("homepage"):
            if p.get("orcid"):
                data["base"] = f"https://pub.orcid.org/v3.0/{p['orcid']}/record"
                self.comment(None, ("base",), "the ORCID record this was imported from; set person.homepage "
                                              "(and remove base) to mint IRIs under your own page")
            else:
                self.warn((), "no ORCID iD and no homepage: the CV's IRIs are built under one; set person.homepage "
                          "(or base:)")
        stamps = [ms_date(get(record, *k, "value")) for k in
                  (("history", "last-modified-date"), ("person", "last-modified-date"),
                   ("activities-summary", "last-modified-date"))]
        found = [s for s in stamps if s]
        if found:
            data["updated"] = max(found)
            self.comment(None, ("updated",), "the ORCID record's last modification")

    def registries(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Ids of organisations, venues and the co-authors still used; the registries in ``data``."""
        self.assign_ids("organizations", self.orgs)
        self.assign_ids("venues", self.venues)
        self.assign_ids("grants", self.grants)
        people = [person for person in self.people if any(person["_uses"].values())]
        for person in people:
            person["aliases"] = [a for a in person["aliases"] if person["_uses"].get(a)]
            if not person["_uses"].get(person["name"]):  # its canonical spelling is used nowhere now
                used = list(person["aliases"])
                person["name"], person["aliases"] = used[0], used[1:]
        self.assign_ids("people", people)
        if self.orgs:
            data["organizations"] = self.orgs
        if people:
            data["people"] = people
        if self.venues:
            data["venues"] = self.venues
        if self.grants:
            data["grants"] = self.grants
        return people

    def assign_ids(self, kind: str, entries: list[dict[str, Any]]) -> None:
        """Ids that are unique and never equal to another entry's name or alias (refs resolve by
        id, name or alias); written only where they differ from the default slug of the name."""
        ids = UniqueIds([[entry["name"], *entry.get("aliases", [])] for entry in entries])
        for i, entry in enumerate(entries):
            base = slug(entry["name"])
            if entry.get("kind") == "department" and isinstance(entry.get("parent"), Ref):
                parent = entry["parent"].entry
                base = slug(f"{parent.get('_slug') or slug(parent['name'])} {entry['name']}")
            ident = ids.take(i, base)
            entry["_slug"] = ident
            if ident != slug(entry["name"]):
                entry["id"] = ident

    def resolve_authors(self, data: dict[str, Any], people: list[dict[str, Any]]) -> None:
        """Plain printed names where the loader resolves them to the intended person by name
        alone; ``{name, ref}`` otherwise."""
        person = data["person"]
        owner_keys = {loader_key(n) for n in [person["name"], *person.get("aliases", [])]}
        names: dict[str, set[int]] = {}
        for entry in people:
            for n in {entry["_slug"], entry["name"], *entry.get("aliases", [])}:
                names.setdefault(loader_key(n), set()).add(id(entry))
        for rec in data.get("publications", []):
            for key in ("authors", "editors"):
                if key not in rec:
                    continue
                out = []
                for a in rec[key]:
                    k = loader_key(a.printed)
                    found = names.get(k, set())
                    if a.person is None:
                        plain = k in owner_keys and not found
                        out.append(a.printed if plain else {"name": a.printed, "ref": "me"})
                    else:
                        plain = found == {id(a.person)} and k not in owner_keys
                        out.append(a.printed if plain else {"name": a.printed, "ref": Ref(a.person)})
                rec[key] = out

    def pub_ids(self, recs: list[dict[str, Any]]) -> None:
        taken: dict[str, int] = {}
        for rec in recs:
            default = default_pub_id(rec)
            n = taken.get(default, 0) + 1
            taken[default] = n
            if n > 1:
                rec["id"] = f"{default}-{n}"


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Convert an ORCID v3.0 record (JSON, optionally with a works ``bulk`` array) to records."""
    doc, notes = load_json(text, source)
    record, bulk = split_document(doc, source)
    imported = Importer(source, me).run(record, bulk)
    imported.warnings[:0] = notes
    return imported
