"""The shared people registry (``people.yaml``): one node per person across CVs without ORCID iDs.

A folder of CVs may hold a ``people.yaml`` (or ``people.yml``) that is not a CV but a list of
people shared by the CVs (format: ``ontology/FORMAT.md``, "Shared people registry")::

    base: https://cv.example.edu/people      # the registry's document IRI (required)
    people:
      - {id: wei-keng-liao, name: Wei-keng Liao, aliases: [Weikeng Liao, W. Liao]}
      - {id: ada, name: Ada Lovelace, orcid: 0000-0002-1825-0097, url: https://example.org/ada}

A CV's ``people`` entry without an ``orcid`` that matches a registry entry is that registry
person: its node is ``<base>#person-<id>`` (or ``https://orcid.org/<orcid>`` when the registry
entry has one) in every CV, so the CVs meet in one node. Matching is the loader's: names and
aliases compared case-insensitively with white space folded; an entry whose *explicit* ``id:``
is a registry id is that registry person whatever its names (the way to choose between two
registry people sharing a name). An entry matching several registry people is an error at the
entry. The matched node takes the registry's name as ``schema:name``; the CV's other spellings
become ``schema:alternateName``s; the registry's ``url`` fills a missing one.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvgraph.errors import Problem, RecordError
from cvgraph.records.checker import Checker
from cvgraph.records.ids import name_key, slug
from cvgraph.records.spec import ID, IDENTITY, F, S, identifier_iri, item_fields, lst, obj
from cvgraph.records.yamlsafe import Loaded, load_yaml

__all__ = ["REGISTRY_NAMES", "Registry", "apply_registry", "is_registry", "load_registry"]

REGISTRY_NAMES = ("people.yaml", "people.yml")

FORMAT: dict[str, F] = {
    "base": F("url", True, doc="the registry's document IRI: people without an ORCID iD get <base>#person-<id>"),
    "people": lst(obj({
        "id": ID, "name": F("str", True), "aliases": lst(S, doc="other spellings"),
        "orcid": F("orcid"), "url": F("url"),
        "affiliation": F("str", doc="the person's organisation, by name: a CV's entry without an affiliation "
                         "of its own gets it (the CV's organization of that name, else a new one)"),
    }), True),
}

_PERSON: dict[str, F] = item_fields(FORMAT["people"]) or {}


@dataclass(frozen=True)
class Registry:
    """A loaded registry: ``people`` by id, ``names`` (folded name or alias → ids), ``lines``
    (id → line of the entry in the file), ``digest`` (SHA-256 of the file: part of cache keys)."""

    file: str
    base: str
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""

    def iri(self, ident: str) -> str:
        """The node of registry person ``ident``: its ORCID iD, else ``<base>#person-<id>``."""
        entry = self.people[ident]
        local, key = IDENTITY["people"]  # named as a CV names its people
        if key and entry.get(key):
            return identifier_iri(_PERSON[key].kind, entry[key])
        return self.base + local.format(id=ident)

    def match(self, names: list[str]) -> list[str]:
        """Registry ids whose name or aliases equal one of ``names`` (folded), sorted."""
        return sorted({i for n in names if n for i in self.names.get(name_key(n), ())})


def is_registry(path: str | Path) -> bool:
    return Path(path).name.lower() in REGISTRY_NAMES


def load_registry(path: str | Path) -> Registry:
    """Load and check ``people.yaml``; raise :class:`RecordError` listing every problem."""
    loaded = load_yaml(path)
    if not isinstance(loaded.data, dict):
        raise RecordError([loaded.problem((), "a people registry is a mapping with base: and people:",
                                          "see ontology/FORMAT.md, \"Shared people registry\"")])
    checker = Checker(loaded)
    data = checker.object(FORMAT, loaded.data, ()) or {}
    problems = list(checker.problems)
    people: dict[str, dict[str, Any]] = {}
    names: dict[str, set[str]] = {}
    lines: dict[str, int] = {}
    for i, entry in enumerate(data.get("people") or []):
        if not entry or not entry.get("name"):
            continue
        ident = entry.setdefault("id", slug(entry["name"]))
        if ident in people:
            problems.append(loaded.problem(("people", i, "id") if ("people", i, "id") in loaded.marks
                                           else ("people", i), f"duplicate id {ident!r} in the registry (also at "
                                           f"line {lines[ident]})", "give each person their own id:"))
            continue
        people[ident] = entry
        lines[ident] = loaded.where(("people", i))[0]
        for name in [entry["name"], *entry.get("aliases", [])]:
            names.setdefault(name_key(name), set()).add(ident)
    if problems:
        raise RecordError(problems)
    base = data["base"].split("#")[0]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return Registry(str(path), base, people, {k: tuple(sorted(v)) for k, v in names.items()}, lines, digest)


def apply_registry(loaded: Loaded, data: dict[str, Any], registry: Registry, explicit_ids: set[int],
                   by_id: dict[str, dict[str, dict[str, Any]]]) -> tuple[dict[str, str], list[Problem]]:
    """Match the CV's ``people`` entries without ORCID iD against ``registry`` (see the module
    docstring). Returns {CV people id: node IRI} and the problems (ambiguous matches); a matched
    entry's name, aliases, orcid, url and affiliation are updated in place (``by_id``, the CV's
    entries by kind and id, gains an organization the registry names and the CV does not)."""
    iris: dict[str, str] = {}
    problems: list[Problem] = []
    where = Path(registry.file).name
    for i, entry in enumerate(data.get("people") or []):
        if not entry or entry.get("orcid") or not entry.get("name") or "id" not in entry:
            continue
        if i in explicit_ids and entry["id"] in registry.people:
            found = [entry["id"]]
        else:
            found = registry.match([entry["name"], *entry.get("aliases", [])])
        if len(found) > 1:
            at = ("people", i, "name") if registry.match([entry["name"]]) else ("people", i, "aliases")
            listed = ", ".join(f"{r} ({where}:{registry.lines[r]})" for r in found)
            problems.append(loaded.problem(at, f"{entry['name']!r} matches several people of the registry "
                                           f"{registry.file}: {listed}",
                                           f"set this entry's id: to the one meant ({' or '.join(found)}), or give "
                                           "it an orcid:, or make the names in the registry tell them apart"))
            continue
        if not found:
            continue
        ident = found[0]
        shared = registry.people[ident]
        spellings = [entry["name"], *entry.get("aliases", []), *shared.get("aliases", [])]
        seen = {name_key(shared["name"])}
        aliases = []
        for spelling in spellings:
            if name_key(spelling) not in seen:
                seen.add(name_key(spelling))
                aliases.append(spelling)
        entry["name"] = shared["name"]
        if aliases:
            entry["aliases"] = aliases
        else:
            entry.pop("aliases", None)
        if shared.get("orcid"):
            entry["orcid"] = shared["orcid"]
        if shared.get("url") and not entry.get("url"):
            entry["url"] = shared["url"]
        if shared.get("affiliation") and not entry.get("affiliation"):
            entry["affiliation"] = _organization(data, by_id["organizations"], shared["affiliation"])
        iris[entry["id"]] = registry.iri(ident)
    return iris, problems


def _organization(data: dict[str, Any], orgs: dict[str, dict[str, Any]], name: str) -> str:
    """The id of the CV's organization named ``name`` (folded as names are), added to the CV when
    it has none (id: a slug of the name, made unique)."""
    key = name_key(name)
    for ident, org in orgs.items():
        if name_key(org.get("name") or "") == key:
            return ident
    ident = base = slug(name)
    n = 1
    while ident in orgs:
        n += 1
        ident = f"{base}-{n}"
    orgs[ident] = {"id": ident, "name": name}
    data.setdefault("organizations", []).append(orgs[ident])
    return ident
