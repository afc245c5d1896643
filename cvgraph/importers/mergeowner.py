"""Who the CV's owner is in a merged import, by the importers' one owner rule
(:func:`cvgraph.importers.text.names.is_owner_name`: "J. R. Doe", "Doe, J." and "Jane R. Doe" are
Jane Doe; "John Doe" and "A. Doe" are not).

* An imported ``people`` entry or a printed author name that the rule takes for the CV's owner
  becomes one of ``person.aliases`` (so the loader resolves it to the owner), unless it is
  ambiguous: its initials also fit another person of the CV or the import ("J. Doe" when John Doe
  is a co-author), or two authors of one publication fit the owner. Then it stays as it is and a
  warning names the place.
* The import's own ``person`` joins the CV's owner (its name an alias: a resume of "Augusta Ada
  King" merged into Ada Lovelace's CV; a warning says so when the rule does not match the names). But a ``person`` that is a bare name (no ORCID iD, e-mail,
  homepage or other field: what a bibliography gives, e.g. BibTeX's most frequent author when no
  ``--me`` was given) is the owner only when the rule allows it; otherwise it is kept as a
  ``people`` entry, with a warning, and only its name variants that fit the owner become aliases.
"""
from __future__ import annotations

from typing import Any

from cvgraph.importers.base import Note
from cvgraph.importers.common import loader_key
from cvgraph.importers.text.names import (
    PersonName,
    compatible,
    family_key,
    given_tokens,
    is_owner_name,
    split_name,
)
from cvgraph.records.ids import slug
from cvgraph.records.yamlsafe import dotted

__all__ = ["OwnerRule", "person_name"]


def person_name(person: object) -> PersonName | None:
    """The owner's name in parts (``given_name``/``family_name`` when the CV gives them)."""
    if not isinstance(person, dict) or not isinstance(person.get("name"), str):
        return None
    given, family = person.get("given_name"), person.get("family_name")
    if isinstance(given, str) and isinstance(family, str) and given and family:
        return PersonName(given, family)
    return split_name(person["name"])


class OwnerRule:
    """The owner rule against one owner, and the other people's names a match must not fit."""

    def __init__(self, owner: PersonName | None, others: list[str]) -> None:
        self.owner = owner
        self.others = [n for n in others if not self.fits(n)]

    def fits(self, name: str) -> bool:
        return self.owner is not None and bool(name.strip()) and is_owner_name(name, self.owner)

    def rivals(self, name: str) -> list[str]:
        """Other people whose names the printed ``name`` could also be."""
        printed = split_name(name)
        return [other for other in self.others
                if family_key(split_name(other).family) == family_key(printed.family)
                and compatible(given_tokens(printed.given), given_tokens(split_name(other).given))]

    def same_person(self, name: str) -> bool:
        """Is the import's owner ``name`` the CV's owner? The rule either way, or a family name
        that shares a word ("Márquez" of "Márquez-Rivera") with the same first given name."""
        if self.owner is None or self.fits(name):
            return True
        other = split_name(name)
        if is_owner_name(self.owner.full, other):
            return True
        mine, theirs = given_tokens(self.owner.given), given_tokens(other.given)
        shared = set(family_key(self.owner.family).split()) & set(family_key(other.family).split())
        return bool(shared) and bool(mine) and bool(theirs) and (mine[0] == theirs[0])


class OwnerMerge:
    """The owner's part of :class:`cvgraph.importers.merge._Merger` (see the module docstring)."""

    out: dict[str, Any]
    data: dict[str, Any]
    warnings: list[Note]
    new_name: str
    rename: dict[str, dict[str, str]]
    dropped: set[tuple[Any, ...]]

    def add_aliases(self, entry: dict[str, Any], names: list[str]) -> None:
        raise NotImplementedError

    def owner_keys(self) -> set[str]:
        raise NotImplementedError

    def owner_rule(self) -> OwnerRule:
        base = self.out.get("person")
        owner = person_name(base) or person_name(self.data.get("person"))
        others = [n for section in (self.out, self.data) for e in (section.get("people") or [])
                  if isinstance(e, dict) for n in [e.get("name"), *(e.get("aliases") or [])] if isinstance(n, str)]
        return OwnerRule(owner, others)

    def owner_entry(self, rule: OwnerRule, entry: dict[str, Any], j: int) -> bool:
        """Is the imported ``people`` entry ``j`` the owner by the rule (and not ambiguous)?"""
        names = [n for n in [entry.get("name"), *(entry.get("aliases") or [])] if isinstance(n, str)]
        fitting = [n for n in names if rule.fits(n)]
        if not fitting:
            return False
        base = self.out.get("person")
        person: dict[str, Any] = base if isinstance(base, dict) else {}
        if entry.get("orcid") and person.get("orcid") and entry["orcid"] != person["orcid"]:
            return False
        rivals = [r for n in fitting for r in rule.rivals(n) if loader_key(r) not in map(loader_key, names)]
        if rivals:
            self.warnings.append(Note(f"{self.new_name}: {dotted(('people', j))}",
                                      f"{fitting[0]!r} fits the CV's owner ({person.get('name')}) but also "
                                      f"{', '.join(sorted(set(rivals)))}: not taken to be the owner (add it "
                                      "to person.aliases if it is)"))
            return False
        return True

    def import_owner(self, rule: OwnerRule) -> None:
        """The import's ``person``: the CV's owner, or (another person by the rule) a ``people``
        entry; only the variants that fit the owner become aliases."""
        new, base = self.data.get("person"), self.out.get("person")
        if not (isinstance(new, dict) and isinstance(base, dict) and isinstance(new.get("name"), str)
                and isinstance(base.get("name"), str)) or rule.same_person(new["name"]):
            return
        if set(new) - {"name", "given_name", "family_name", "aliases"}:
            # a profile (ORCID iD, e-mail, …) that says whose it is: its name is an alias; said so
            self.warnings.append(Note(f"{self.new_name}: person.name", (
                f"the import's owner {new['name']!r} is not the CV's owner {base['name']!r} by the owner "
                "rule; taken to be the same person (a name they also use), so it becomes an alias: check")))
            return
        aliases = [a for a in (new.get("aliases") or []) if isinstance(a, str)]
        theirs = [a for a in aliases if not rule.fits(a)]
        new["aliases"] = [a for a in aliases if rule.fits(a)]
        people = self.out.setdefault("people", [])
        ident = slug(new["name"])
        taken = {e.get("id") or slug(e.get("name", "")) for e in people if isinstance(e, dict)}
        if ident not in taken:
            people.append({"name": new["name"], **({"aliases": theirs} if theirs else {})})
        self.warnings.append(Note(f"{self.new_name}: person", (
            f"the import's owner {new['name']!r} is not the CV's owner {base['name']!r} by the owner rule: "
            f"kept as a people entry ({ident}), not as an alias")))
        self.dropped.add(("person", "name"))  # its comments say so
        keys = {loader_key(n) for n in [new["name"], *theirs]}
        for pub in self.data.get("publications") or []:
            for key in ("authors", "editors"):
                for author in (pub.get(key) or []) if isinstance(pub, dict) else []:
                    if isinstance(author, dict) and author.get("ref") == "me" \
                            and loader_key(str(author.get("name"))) in keys:
                        author["ref"] = ident
        self.data["person"] = {"aliases": new["aliases"]} if new["aliases"] else {}

    def owner_authors(self, rule: OwnerRule, known: set[str]) -> None:
        """Printed author names of the import that no registry entry names (``known``: folded
        names) and that fit the owner: aliases, unless ambiguous (a warning each)."""
        person = self.out.get("person")
        if not isinstance(person, dict):
            return
        owner = self.owner_keys()  # the CV's and the import's names of the owner
        for j, pub in enumerate(self.data.get("publications") or []):
            if not isinstance(pub, dict):
                continue
            printed = [a if isinstance(a, str) else a.get("name") for key in ("authors", "editors")
                       for a in (pub.get(key) or []) if isinstance(a, (str, dict))
                       and (isinstance(a, str) or a.get("ref") in (None, "me"))]
            names = [n for n in printed if isinstance(n, str)]
            where = f"{self.new_name}: {dotted(('publications', j))}"
            mine = list(dict.fromkeys(n for n in names if loader_key(n) in owner))
            if len(mine) > 1:
                self.warnings.append(Note(where, f"{', '.join(map(repr, mine))} are all names of the CV's owner "
                                                 f"({person.get('name')}): check the author list"))
            if mine:
                continue
            fitting = [n for n in names if loader_key(n) not in known and rule.fits(n)]
            if len(fitting) > 1:
                self.warnings.append(Note(where, f"{', '.join(map(repr, fitting))} all fit the CV's owner "
                                                 f"({person.get('name')}): none taken to be the owner"))
            elif fitting and rule.rivals(fitting[0]):
                self.warnings.append(Note(where, f"{fitting[0]!r} fits the CV's owner ({person.get('name')}) "
                                                 f"but also {', '.join(rule.rivals(fitting[0]))}: not taken to "
                                                 "be the owner"))
            elif fitting:
                self.add_aliases(person, fitting)
                owner.add(loader_key(fitting[0]))
