"""Merge imported records into an existing CV document: nothing of the base changes, things are
only added, and every disagreement is reported.

* Registries (organizations, people, venues, grants): an imported entry is the base entry that shares
  an id, name, short name or alias with it (case and white space folded; organisations:
  :func:`~cvgraph.importers.mergekeys.find_org`, the same ROR id first, names compared by
  :func:`~cvgraph.importers.text.orgs.org_name_key`, two different ROR ids never one); its other
  names are added to the base entry's ``aliases``, its missing fields filled, and references to
  its id rewritten to the base id. A ``people`` entry or printed author naming the CV's owner
  (by the owner rule, :mod:`cvgraph.importers.mergeowner`) joins ``person.aliases``.
* Publications: a duplicate has the same DOI (case-insensitive, ``https://doi.org/`` dropped),
  the same arXiv id, or the same normalised title (:func:`title_key`) and year (when both have
  one). Missing fields are filled, ``notes``/``identifiers`` unioned; a value that differs is
  kept from the base and reported as a warning naming both values.
* Other sections: entries are appended unless an equal one is already there.
* ``person``: missing fields filled, ``aliases`` and ``links`` unioned (a different imported
  name becomes an alias, so author lists that print it still resolve to the owner).

The result keeps the base's list positions (new entries come after), which is what lets
:func:`cvgraph.importers.yamlout.update_yaml` add them to the file without touching the rest.
The import's comments move with their entries.
"""
from __future__ import annotations

import copy
from typing import Any

from cvgraph.importers.base import Imported, Note
from cvgraph.importers.common import loader_key
from cvgraph.importers.mergekeys import (
    REFS,
    REGISTRIES,
    UNION,
    doi_key,
    effective_id,
    entry_names,
    find_org,
    pub_effective_id,
    same_value,
    show,
    title_key,
)
from cvgraph.importers.mergeowner import OwnerMerge
from cvgraph.records.yamlsafe import dotted

__all__ = ["doi_key", "merge", "merge_tracked", "title_key"]

class _Merger(OwnerMerge):
    def __init__(self, base: dict[str, Any], new: Imported, base_name: str, new_name: str) -> None:
        self.out = copy.deepcopy(base) if isinstance(base, dict) else {}
        self.new = new
        self.data = copy.deepcopy(new.data) if isinstance(new.data, dict) else {}
        self.base_name, self.new_name = base_name, new_name
        self.warnings: list[Note] = []
        # new (section, index) -> result (section, index)
        self.moved: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.dropped: set[tuple[Any, ...]] = set()  # new paths whose value was not taken (a conflict)
        self.rename: dict[str, dict[str, str]] = {k: {} for k in REGISTRIES}
        self.pub_rename: dict[str, str] = {}
        self._index: dict[str, dict[str, str]] = {}  # registry -> folded name -> id, once merged

    # ------------------------------------------------------------------ helpers

    def conflict(self, new_path: tuple[Any, ...], label: str, field: str, kept: object, other: object) -> None:
        self.dropped.add(new_path)
        self.warnings.append(Note(f"{self.new_name}: {dotted(new_path[:2])}",
                                  f"{label}: {field} differs: kept {show(kept)} from {self.base_name}, "
                                  f"not {show(other)}"))

    def fill(self, target: dict[str, Any], source: dict[str, Any], new_path: tuple[Any, ...], label: str,
             skip: tuple[Any, ...] = ()) -> None:
        """Fill ``target`` (in the result) from ``source`` (imported): missing keys added, list
        fields in UNION unioned, nested mappings filled, different values reported."""
        for key, value in source.items():
            if key in skip or value is None:
                continue
            path = (*new_path, key)
            if target.get(key) is None:
                target[key] = value
            elif key in UNION and isinstance(target[key], list) and isinstance(value, list):
                have = {loader_key(v) if isinstance(v, str) else repr(v) for v in target[key]}
                for item in value:
                    if (loader_key(item) if isinstance(item, str) else repr(item)) not in have:
                        target[key].append(item)
                        have.add(loader_key(item) if isinstance(item, str) else repr(item))
            elif isinstance(target[key], dict) and isinstance(value, dict):
                self.fill(target[key], value, path, label)
            elif self.same_refs(new_path, key, target[key], value):
                continue
            elif not same_value(target[key], value):
                self.conflict(path, label, dotted(path[2:]) or key, target[key], value)

    def add_aliases(self, entry: dict[str, Any], names: list[str]) -> None:
        have = {loader_key(n) for n in entry_names(entry)}
        for name in names:
            if loader_key(name) not in have:
                entry.setdefault("aliases", []).append(name)
                have.add(loader_key(name))

    def same_refs(self, new_path: tuple[Any, ...], key: str, old: object, new: object) -> bool:
        """Do two reference values (or author lists) name the same registry entries?"""
        if len(new_path) > 2:  # refs are fields of an entry (or of person)
            return False
        kind = "people" if key in ("authors", "editors", "advisors") else REFS.get((new_path[0], key))
        if kind is None:
            return False
        olds, news = (old if isinstance(old, list) else [old]), (new if isinstance(new, list) else [new])
        news = [self.rename[kind].get(v, v) if isinstance(v, str) else v for v in news]  # merged ids
        return len(olds) == len(news) and all(self.resolve(kind, a) == self.resolve(kind, b)
                                              for a, b in zip(olds, news, strict=True))

    def resolve(self, kind: str, value: object) -> Any:  # noqa: ANN401 - a record value, as given
        """A reference as the id it resolves to among the merged registries (``me``: the owner)."""
        if kind not in self._index:
            index: dict[str, str] = {}
            for entry in self.out.get(kind) or []:
                ident = effective_id(entry) if isinstance(entry, dict) else None
                if ident:
                    for name in entry_names(entry):
                        index.setdefault(loader_key(name), ident)
            if kind == "people":
                index.update({k: "me" for k in self.owner_keys()})
            self._index[kind] = index
        if isinstance(value, dict):
            value = value.get("ref") or value.get("name")
        if not isinstance(value, str):
            return value
        return self._index[kind].get(loader_key(value), loader_key(value))

    # ------------------------------------------------------------------ sections

    def owner_keys(self) -> set[str]:
        keys = set()
        for person in (self.out.get("person"), self.data.get("person")):
            if isinstance(person, dict):
                keys |= {loader_key(n) for n in [person.get("name"), *(person.get("aliases") or [])]
                         if isinstance(n, str)}
        return keys

    def person(self) -> None:
        new = self.data.get("person")
        if not isinstance(new, dict):
            return
        base = self.out.get("person")
        if not isinstance(base, dict):
            self.out["person"] = new
            return
        if isinstance(new.get("name"), str) and isinstance(base.get("name"), str):
            self.add_aliases(base, [new["name"]])  # a variant the import prints: an alias
        aff = new.get("affiliation")
        if isinstance(aff, str):
            new["affiliation"] = [aff]
        single = base.get("affiliation")
        if isinstance(single, str):
            base["affiliation"] = [single]
        self.fill(base, new, ("person",), "person", skip=("name",) if base.get("name") else ())
        if isinstance(single, str) and base["affiliation"] == [single]:
            base["affiliation"] = single  # nothing added: the CV's own form, so --into keeps its layout

    def registries(self) -> None:
        rule = self.owner_rule()
        self.import_owner(rule)
        owner = self.owner_keys()
        for kind in REGISTRIES:
            entries = self.data.get(kind)
            if not isinstance(entries, list):
                continue
            target = self.out.setdefault(kind, [])
            if not isinstance(target, list):
                continue
            for j, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    if entry not in target:
                        target.append(entry)
                    self.moved[(kind, j)] = (kind, target.index(entry))
                    continue
                names = entry_names(entry)
                if kind == "people" and (owner & {loader_key(n) for n in names if n != entry.get("id")}
                                         or self.owner_entry(rule, entry, j)):
                    person = self.out.setdefault("person", {})
                    self.add_aliases(person, [n for n in [entry.get("name"), *(entry.get("aliases") or [])]
                                              if isinstance(n, str)])
                    if entry.get("id"):
                        self.rename["people"][entry["id"]] = "me"
                    self.moved[(kind, j)] = ("person",)
                    continue
                found = find_org(target, entry, self.rename[kind]) if kind == "organizations" \
                    else self.find(target, entry)
                if found is None:
                    target.append(entry)
                    self.moved[(kind, j)] = (kind, len(target) - 1)
                    continue
                base = target[found]
                self.moved[(kind, j)] = (kind, found)
                old_id, new_id = effective_id(base), effective_id(entry)
                if new_id and old_id and new_id != old_id:
                    self.rename[kind][new_id] = old_id
                self.add_aliases(base, [n for n in [entry.get("name"), entry.get("short"),
                                                    *(entry.get("aliases") or [])]
                                        if isinstance(n, str) and n != base.get("short")])
                label = f"{kind} {base.get('name', old_id)!r}"
                self.fill(base, entry, (kind, j), label, skip=("id", "name", "aliases", "short"))
                if entry.get("short") and not base.get("short"):
                    base["short"] = entry["short"]
        known = {loader_key(n) for e in self.out.get("people") or [] if isinstance(e, dict) for n in entry_names(e)}
        self.owner_authors(rule, known)

    @staticmethod
    def find(target: list[Any], entry: dict[str, Any]) -> int | None:
        new_id = effective_id(entry)
        for i, base in enumerate(target):  # an id match first
            if isinstance(base, dict) and new_id and effective_id(base) == new_id:
                return i
        keys = {loader_key(n) for n in entry_names(entry)}
        for i, base in enumerate(target):
            if isinstance(base, dict) and keys & {loader_key(n) for n in entry_names(base)}:
                return i
        return None

    def rewrite_refs(self) -> None:
        """References to an imported registry id that was merged into a base entry of another
        id now name the base id."""
        for (section, key), kind in REFS.items():
            table = self.rename[kind]
            if not table:
                continue
            if section == "person":
                person = self.data.get("person")
                if isinstance(person, dict) and key in person:
                    person[key] = self._renamed(person[key], table)
                continue
            for entry in self.data.get(section) or []:
                if isinstance(entry, dict) and key in entry:
                    entry[key] = self._renamed(entry[key], table)
        people, orgs = self.rename["people"], self.rename["organizations"]
        for pub in self.data.get("publications") or []:
            for key in ("authors", "editors"):
                for author in (pub.get(key) or []) if isinstance(pub, dict) else []:
                    if isinstance(author, dict) and isinstance(author.get("ref"), str):
                        ref = author["ref"]
                        author["ref"] = people.get(ref, orgs.get(ref, ref))

    @staticmethod
    def _renamed(value: object, table: dict[str, str]) -> Any:  # noqa: ANN401 - a record value, as given
        if isinstance(value, list):
            return [table.get(v, v) if isinstance(v, str) else v for v in value]
        return table.get(value, value) if isinstance(value, str) else value

    def publications(self) -> None:
        pubs = self.data.get("publications")
        if not isinstance(pubs, list):
            return
        target = self.out.setdefault("publications", [])
        if not isinstance(target, list):
            return
        for j, pub in enumerate(pubs):
            if not isinstance(pub, dict):
                target.append(pub)
                self.moved[("publications", j)] = ("publications", len(target) - 1)
                continue
            found, why = self.duplicate(target, pub)
            if found is None:
                ids = {pub_effective_id(p) for p in target if isinstance(p, dict)}
                if isinstance(pub.get("id"), str) and pub["id"] in ids:
                    fresh = next(f"{pub['id']}-{n}" for n in range(2, len(ids) + 3)
                                 if f"{pub['id']}-{n}" not in ids)
                    self.pub_rename[pub["id"]] = fresh
                    self.warnings.append(Note(f"{self.new_name}: {dotted(('publications', j))}",
                                              f"id {pub['id']!r} is taken by another publication; "
                                              f"renamed {fresh!r}"))
                    pub["id"] = fresh
                target.append(pub)
                self.moved[("publications", j)] = ("publications", len(target) - 1)
                continue
            base = target[found]
            self.moved[("publications", j)] = ("publications", found)
            if isinstance(pub.get("id"), str):
                self.pub_rename[pub["id"]] = pub_effective_id(base)
            title = base.get("title") or pub.get("title")
            label = f"publication {title!r} (same {why} as {self.base_name} publications[{found}])"
            self.fill(base, pub, ("publications", j), label, skip=("id",))
        awards = self.data.get("awards")
        for award in awards if isinstance(awards, list) else []:
            if isinstance(award, dict) and award.get("work") in self.pub_rename:
                award["work"] = self.pub_rename[award["work"]]

    @staticmethod
    def duplicate(target: list[Any], pub: dict[str, Any]) -> tuple[int | None, str]:
        doi = doi_key(pub["doi"]) if isinstance(pub.get("doi"), str) else None
        arxiv = str(pub["arxiv"]).casefold() if pub.get("arxiv") is not None else None
        title = title_key(pub["title"]) if isinstance(pub.get("title"), str) else None
        year = str(pub.get("year"))[:4] if pub.get("year") is not None else None
        for i, base in enumerate(target):
            if doi and isinstance(base, dict) and isinstance(base.get("doi"), str) \
                    and doi_key(base["doi"]) == doi:
                return i, "DOI"
        for i, base in enumerate(target):
            if isinstance(base, dict) and arxiv and base.get("arxiv") is not None \
                    and str(base["arxiv"]).casefold() == arxiv:
                return i, "arXiv id"
        for i, base in enumerate(target):
            if not (isinstance(base, dict) and title and isinstance(base.get("title"), str)):
                continue
            base_year = str(base.get("year"))[:4] if base.get("year") is not None else None
            if title_key(base["title"]) == title and (year is None or base_year is None or year == base_year):
                return i, "title and year"
        return None, ""

    def other_sections(self) -> None:
        handled = {"person", "publications", *REGISTRIES}
        for key, value in self.data.items():
            if key in handled or value is None:
                continue
            have = self.out.get(key)
            if have is None:
                self.out[key] = value
                if isinstance(value, list):
                    for j in range(len(value)):
                        self.moved[(key, j)] = (key, j)
            elif isinstance(have, list) and isinstance(value, list):
                for j, item in enumerate(value):
                    same = next((i for i, old in enumerate(have) if same_value(old, item)), None)
                    if same is None:
                        have.append(item)
                        same = len(have) - 1
                    self.moved[(key, j)] = (key, same)
            elif isinstance(have, dict) and isinstance(value, dict):
                self.fill(have, value, (key,), key)
            elif not same_value(have, value):
                self.conflict((key,), key, key, have, value)

    # ------------------------------------------------------------------ comments

    def comments(self) -> dict[tuple[Any, ...], str]:
        out: dict[tuple[Any, ...], str] = {}
        for path, text in self.new.comments.items():
            path = tuple(path)
            where = path
            if len(path) >= 2 and (path[0], path[1]) in self.moved:
                where = self.moved[(path[0], path[1])] + path[2:]
            if any(path[: len(d)] == d for d in self.dropped):
                text = f"on the value in {self.new_name}, which was not kept: {text}"
            out[where] = f"{out[where]}; {text}" if where in out else text
        return out


def merge(base_doc: dict[str, Any], new: Imported, *, base_name: str = "the CV",
          new_name: str = "the import") -> Imported:
    """``base_doc`` (a plain CV document) with ``new``'s records merged in, as described in the
    module docstring. ``base_doc`` and ``new`` are not changed. The result's warnings are
    ``new``'s plus one per conflict (``where`` names ``new_name`` and the imported entry)."""
    return merge_tracked(base_doc, new, base_name=base_name, new_name=new_name)[0]


def merge_tracked(base_doc: dict[str, Any], new: Imported, *, base_name: str = "the CV",
                  new_name: str = "the import") -> tuple[Imported, dict[tuple[Any, ...], tuple[Any, ...]]]:
    """:func:`merge`, and where each imported list entry went: ``{(section, i): (section, j)}``
    (``("person",)`` for a ``people`` entry that is the CV's owner)."""
    m = _Merger(base_doc, new, base_name, new_name)
    m.registries()
    m.rewrite_refs()
    m.person()
    m.publications()
    m.other_sections()
    return Imported(m.out, list(new.warnings) + m.warnings, m.comments()), dict(m.moved)
