"""Every printed person name of the entries, clustered into the owner and the co-authors."""
from __future__ import annotations

from collections import Counter
from typing import Any

from cvgraph.importers.bibtex.model import Name, Reg, fullness
from cvgraph.importers.bibtex.state import State
from cvgraph.importers.text.names import compatible
from cvgraph.records.types import Person


class PeopleReader:
    """Every printed person name of the entries, clustered: the owner, and one co-author per
    cluster. Names with the same family and given names are one group; a group printed with
    initials joins the one fuller group of that family it can abbreviate."""

    def __init__(self, conv: State) -> None:
        self.conv = conv
        self.everyone: list[Name] = []
        self.per_entry: dict[int, set[Any]] = {}
        self.orcid: dict[int, str] = {}  # id(Name) → its ORCID iD
        self.groups: dict[tuple[Any, ...], list[Name]] = {}
        self.tokens: dict[tuple[Any, ...], list[str]] = {}
        self.root: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.merge_notes: dict[tuple[Any, ...], list[str]] = {}
        self.ambiguous: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        self.by_family: dict[str, list[tuple[Any, ...]]] = {}
        self.me_groups: set[tuple[Any, ...]] = set()
        self.clusters: dict[tuple[Any, ...], list[Name]] = {}

    def read(self) -> tuple[Person, list[Reg], dict[int, Reg | str]]:
        """The person section, the people registry and a map id(Name) → Reg (co-author) or "me"."""
        self.collect()
        self.find_owner()
        self.merge_initials()
        for n in self.everyone:
            self.clusters.setdefault(self.root[n.group_key], []).append(n)
        if not self.conv.me_name:
            self.most_frequent_owner()
        person = self.person()
        regs: dict[tuple[Any, ...], Reg] = {}
        where: dict[int, Reg | str] = {}
        for n in self.everyone:
            where[id(n)] = "me" if n.group_key in self.me_groups else self.coauthor(n, regs)
        return person, list(regs.values()), where

    def collect(self) -> None:
        """Every person name, its entries and ORCID iD; exact groups."""
        conv = self.conv
        for p in conv.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and not n.org:
                    self.everyone.append(n)
                    self.per_entry.setdefault(id(n), set()).add(p.index)
                    found, who = conv.orcid_of(n, p.entry)
                    if found:
                        self.orcid[id(n)] = found
                        if found == conv.me_orcid and who is not None:
                            n.orcid_name = who
        # exact groups: same family and given names (accent/case/hyphen-insensitive)
        for n in self.everyone:
            self.groups.setdefault(n.group_key, []).append(n)
        self.tokens = {k: max((n.tokens for n in ns), key=len) for k, ns in self.groups.items()}
        self.root = {k: k for k in self.groups}
        for k in self.groups:
            self.by_family.setdefault(k[0], []).append(k)

    def find_owner(self) -> None:
        """The owner's name from ``--me`` (an ORCID iD in the entries' ORCID-Numbers, or a name)."""
        conv = self.conv
        if conv.me_orcid and not conv.me_name:
            found = [n for n in self.everyone if self.orcid.get(id(n)) == conv.me_orcid]
            if found:
                candidates = [*found, *(n.orcid_name for n in found if n.orcid_name is not None)]
                best = max(candidates, key=lambda n: fullness(n.tokens))
                conv.me_name = best.printed
                conv.imp.comment(("person", "name"), f"the author with ORCID iD {conv.me_orcid} in the "
                                 "entries' ORCID-Numbers")
            else:
                conv.imp.warn(conv.source, f"ORCID iD {conv.me_orcid} is not in any entry's ORCID-Numbers; "
                              "the CV owner is taken to be the most frequent author")
        if conv.me_name:
            self.me_groups = {k for k, ns in self.groups.items() if conv.is_me(ns[0])}
            if not self.me_groups:
                conv.imp.warn(conv.source, f"the CV owner {conv.me_name!r} is not among the authors or "
                              "editors of any entry")

    def merge_initials(self) -> None:
        """Initials forms: merged into the one fuller group they are compatible with."""
        tokens, root = self.tokens, self.root
        order = sorted(self.groups, key=lambda k: fullness(tokens[k]), reverse=True)
        for k in order:
            if k in self.me_groups:
                continue
            cands = {root[o] for o in self.by_family[k[0]]
                     if o != k and o not in self.me_groups and self.fuller(k, o)
                     and compatible(tokens[k], tokens[o])}
            if len(cands) == 1:
                target = cands.pop()
                root[k] = target
                self.merge_notes.setdefault(target, []).append(
                    f"{self.groups[k][0].label!r} merged: the only co-author named "
                    f"{self.groups[target][0].family} whose given names it can abbreviate")
            elif len(cands) > 1:
                self.ambiguous[k] = sorted(cands)
        for k in self.groups:   # follow chains
            while root[root[k]] != root[k]:
                root[k] = root[root[k]]

    def fuller(self, k: tuple[Any, ...], o: tuple[Any, ...]) -> bool:
        """Can group ``k`` join group ``o``: ``o`` writes more of the given names, or the same with a
        suffix ``k`` leaves out ("Martin Luther King" → "Martin Luther King Jr."); never across two
        different suffixes."""
        if k[2] and o[2] != k[2]:
            return False
        more = fullness(self.tokens[o]) > fullness(self.tokens[k])
        return more or (not k[2] and bool(o[2]) and self.tokens[o] == self.tokens[k])

    def most_frequent_owner(self) -> None:
        """Without --me: the author of the most entries (on a tie, the one printed first)."""
        conv = self.conv
        counts = {r: len({i for n in ns for i in self.per_entry[id(n)]}) for r, ns in self.clusters.items()}
        if not counts:
            return
        best = max(counts, key=counts.__getitem__)
        self.me_groups = {k for k in self.groups if self.root[k] == best}
        canonical = max(self.clusters[best], key=lambda n: fullness(n.tokens))
        conv.me_name = canonical.printed
        conv.me_split = canonical
        why = "the ORCID iD is in no entry" if conv.me_orcid else "no --me given"
        conv.imp.comment(("person", "name"), f"{why}: the most frequent author (in {counts[best]} "
                         f"of {len(conv.pubs)} entries) is taken to be the CV owner")

    def person(self) -> Person:
        """The person section: the owner's name, its parts, every printed form, the ORCID iD."""
        conv = self.conv
        me = conv.me_parts()
        person: Person = {"name": me.printed or conv.me_name or "Unknown"}
        if conv.me_name and "," in conv.me_name and person["name"] != conv.me_name:
            conv.imp.comment(("person", "name"), f"--me {conv.me_name!r} written first name first")
        if me.given:
            person["given_name"] = me.given
        if me.family:
            person["family_name"] = me.family
        owner_printed = []
        for n in self.everyone:
            if n.group_key in self.me_groups and n.printed not in owner_printed:
                owner_printed.append(n.printed)
        aliases = [a for a in owner_printed if a != person["name"]]
        if aliases:
            person["aliases"] = aliases
            conv.imp.comment(("person", "aliases"), "every printed form of the owner's name in the entries")
        if conv.me_orcid:
            person["orcid"] = conv.me_orcid
        # a co-author whose initials also fit the owner
        for k, ns in self.groups.items():
            if k in self.me_groups and any(len(t) == 1 for t in self.tokens[k]):
                others = [self.groups[o][0].printed for o in self.by_family[k[0]]
                          if o not in self.me_groups and compatible(self.tokens[k], self.tokens[o])]
                if others:
                    conv.imp.comment(("person", "aliases"), f"{ns[0].printed!r} taken as the owner; it could "
                                     f"also be {', '.join(others)}")
        return person

    def coauthor(self, n: Name, regs: dict[tuple[Any, ...], Reg]) -> Reg:
        """The registry entry of the co-author cluster ``n`` is in (made on first use)."""
        r = self.root[n.group_key]
        reg = regs.get(r)
        if reg is not None:
            return reg
        names = self.clusters[r]
        counts = Counter(x.printed for x in names)
        canonical = max(names, key=lambda x: (fullness(x.tokens), bool(x.jr), counts[x.printed], -names.index(x)))
        reg = Reg(name=canonical.printed, kind="person", first=len(regs))
        if canonical.homonym:
            reg.extra["_id"] = canonical.label
            self.merge_notes.setdefault(r, []).insert(0, f"dblp's {canonical.label}")
        for x in names:
            reg.add_alias(x.printed)
            if self.orcid.get(id(x)):
                reg.extra.setdefault("orcid", self.orcid[id(x)])
        regs[r] = reg
        notes = self.merge_notes.get(r, [])
        for k, cands in self.ambiguous.items():
            if self.root[k] == r:
                notes.append(f"not merged with {' or '.join(self.groups[c][0].label for c in cands)}: "
                             "its initials fit more than one co-author")
        if notes:
            reg.extra["_comment"] = "; ".join(notes)
        return reg
