"""Load a CV file: YAML → checked, normalised records with every reference resolved.

Errors are collected, not raised one at a time: a user fixes a file in one pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from cvgraph.errors import Problem, RecordError
from cvgraph.records.checker import check, venue_guess
from cvgraph.records.ids import default_publication_id, name_key, slug, surely_before
from cvgraph.records.registry import Registry, apply_registry
from cvgraph.records.spec import FORMAT, OWNER, REGISTRIES, close_matches, item_fields, ref_fields
from cvgraph.records.yamlsafe import Loaded, load_yaml

if TYPE_CHECKING:  # the generated record types: for type checkers only, not needed at run time
    from cvgraph.records.types import Records

__all__ = ["CV", "finish", "loads"]

ARTICLES = ("journal", "conference", "workshop", "preprint")  # publication kinds that are articles


@dataclass
class CV:
    """One person's checked records. ``data`` follows ``spec.FORMAT`` with references
    replaced by registry ids (the owner is ``"me"``), ids filled in, and authors and editors as
    ``{"name": printed, "ref": id}`` (a corporate author: ``{"name", "ref": org id, "org": True}``)."""

    file: str
    data: Records
    base: str | None
    registries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # kind -> id -> entry
    publications: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> publication
    person_iris: dict[str, str] = field(default_factory=dict)  # people id -> node IRI from a shared registry


def loads(text: str, name: str = "<string>", base: str | None = None, registry: Registry | None = None) -> CV:
    """Like :func:`load`, from a string."""
    return finish(load_yaml(name, text), base, registry)


def finish(loaded: Loaded, base: str | None, registry: Registry | None = None) -> CV:

    if not isinstance(loaded.data, dict):
        raise RecordError([loaded.problem((), "the file must be a mapping of sections (person:, "
                                          "publications:, …)", "run `cvgraph init` for a starter CV to edit")])
    data, problems = check(loaded)
    explicit = {i for i, e in enumerate(data.get("people") or []) if isinstance(e, dict) and "id" in e}
    resolver = _Resolver(loaded, data, problems)
    resolver.run()
    iris: dict[str, str] = {}
    if registry is not None and not problems:
        iris, more = apply_registry(loaded, data, registry, explicit, resolver.by_id)
        problems.extend(more)
    if problems:
        raise RecordError(problems)
    person = data.get("person", {})
    doc = base or data.get("base") or person.get("homepage")
    return CV(loaded.file, cast("Records", data),  # checked against the format by check()
              doc.split("#")[0] if doc else None, resolver.by_id, resolver.pubs, iris)


class _Resolver:
    """Fills in ids, checks their uniqueness and resolves every reference."""

    def __init__(self, loaded: Loaded, data: dict[str, Any], problems: list[Problem]) -> None:
        self.loaded, self.data, self.problems = loaded, data, problems
        self.by_id: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in REGISTRIES}
        self.names: dict[str, dict[str, set[str]]] = {k: {} for k in REGISTRIES}
        self.pubs: dict[str, dict[str, Any]] = {}
        self.spelling: dict[str, str] = {}  # folded name -> as written, for did-you-mean hints

    def fail(self, path: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.append(self.loaded.problem(path, message, hint))

    def run(self) -> None:
        for kind in REGISTRIES:
            for i, entry in enumerate(self.data.get(kind, [])):
                if entry is not None:
                    self.register(kind, entry, (kind, i))
        person = self.data.get("person") or {}
        owner_names = [person.get("name"), *person.get("aliases", [])] if person.get("name") else []
        self.owner_keys = {name_key(n) for n in owner_names}
        self.resolve_all()

    def register(self, kind: str, entry: dict[str, Any], path: tuple[Any, ...]) -> None:
        entry.setdefault("id", slug(entry.get("name", "")))
        ident = entry["id"]
        if kind == "people" and ident == OWNER:
            self.fail((*path, "id"), f"the id {OWNER!r} is reserved for the CV's owner", "choose another id")
            return
        if ident in self.by_id[kind]:
            self.fail((*path, "id"), f"duplicate id {ident!r} in {kind}",
                      "give each entry its own id:" if "id" in entry else "set a distinct 'id:'")
            return
        self.by_id[kind][ident] = entry
        for name in dict.fromkeys([ident, entry.get("name", ""), entry.get("short", ""), *entry.get("aliases", [])]):
            if name:  # in this order, so that a hint spells a name the same on every run (the id first)
                self.names[kind].setdefault(name_key(name), set()).add(ident)
                self.spelling.setdefault(name_key(name), name)

    def ref(self, kind: str, value: str | None, path: tuple[Any, ...], owner_ok: bool = False) -> str | None:
        """Resolve a reference to a registry id (or ``"me"``), reporting unknown/ambiguous ones."""
        if value is None:
            return None
        key = name_key(value)
        found = self.names[kind].get(key, set())
        if owner_ok and (key in self.owner_keys or value == OWNER):
            if found and value != OWNER:
                self.fail(path, f"{value!r} is both the CV's owner and {', '.join(sorted(found))} in people",
                          "write the author as {name: '…', ref: me} or {name: '…', ref: <id>}")
                return None
            return OWNER
        if len(found) == 1:
            return next(iter(found))
        if found:
            self.fail(path, f"{value!r} matches several {kind}: {', '.join(sorted(found))}",
                      "write the id instead" if kind != "people" else
                      "write the author as {name: '…', ref: <id>}")
            return None
        close = [self.spelling[k] for k in close_matches(key, sorted(self.names[kind]), 1, 0.7)]
        if not close and kind == "venues":
            close = venue_guess(value, self.names[kind])  # "Proc. AAAI 2024" is aaai
        hint = f"did you mean {close[0]!r}?" if close else f"add it to '{kind}:'"
        if close and kind in ("people", "venues"):
            hint += f" (or add {value!r} to its aliases)"
        self.fail(path, f"unknown {kind[:-1] if kind != 'people' else 'person'} {value!r}", hint)
        return None

    def refs(self, section: str, keys: dict[str, str], owner_ok: bool = False) -> None:
        for i, entry in enumerate(self.data.get(section, []) or []):
            if entry is None:
                continue
            for key, kind in keys.items():
                value = entry.get(key)
                if isinstance(value, list):
                    entry[key] = [self.ref(kind, v, (section, i, key, j), owner_ok)
                                  for j, v in enumerate(value)]
                elif value is not None:
                    entry[key] = self.ref(kind, value, (section, i, key), owner_ok)

    def resolve_all(self) -> None:
        self.registry_refs()
        self.spans()
        self.venue_kinds()
        self.publications()
        self.publication_refs()
        for i, award in enumerate(self.data.get("awards", []) or []):
            if award and award.get("year") and award.get("date") and award["date"][:4] != award["year"]:
                self.fail(("awards", i, "date"), f"the date {award['date']} is not in the year {award['year']}",
                          "correct one of them, or leave out year (the date gives it)")

    def registry_refs(self) -> None:
        """Every reference to a registry that the format (spec.FORMAT) declares."""
        sections: dict[str, dict[str, str]] = {}
        for section, key, target in ref_fields():
            if target in REGISTRIES:
                sections.setdefault(section, {})[key] = target
        for section, keys in sections.items():
            if isinstance(self.data.get(section), dict):  # person: one record, located at its keys
                record = self.data[section]
                for key, kind in keys.items():
                    value = record.get(key)
                    if isinstance(value, list):
                        record[key] = [self.ref(kind, v, (section, key)) for v in value]
                    elif value is not None:
                        record[key] = self.ref(kind, value, (section, key))
            else:
                self.refs(section, keys)

    def spans(self) -> None:
        """Records with a start and an end (as the format declares them) do not end before they start."""
        for section, spec in FORMAT.items():
            if not {"start", "end"} <= set(item_fields(spec) or ()) or not isinstance(self.data.get(section), list):
                continue
            for i, entry in enumerate(self.data[section]):
                start, end = (entry or {}).get("start"), (entry or {}).get("end")
                if start and end not in (None, "present") and surely_before(end, start):
                    self.fail((section, i, "end"), f"ends ({entry['end']}) before it starts "
                              f"({entry['start']})", "swap start and end")

    def publication_refs(self) -> None:
        """References to publications, by id, once all are known."""
        for section, key, target in ref_fields():
            if target != "publications":
                continue
            for i, entry in enumerate(self.data.get(section) or []):
                if entry and entry.get(key) is not None and entry[key] not in self.pubs:
                    close = close_matches(entry[key], list(self.pubs), 1)
                    self.fail((section, i, key), f"unknown publication id {entry[key]!r}",
                              f"did you mean {close[0]!r}?" if close else "use a publication's id:")

    def venue_kinds(self) -> None:
        """schema.org allows issn only on periodicals and series, publisher only on creative works
        (journals, books, series) and superEvent only between events."""
        venues = self.by_id["venues"]
        for i, venue in enumerate(self.data.get("venues", []) or []):
            if not venue or venue.get("id") not in venues or venues[venue["id"]] is not venue:
                continue
            kind = venue.get("kind")
            if kind is None:  # already reported
                continue
            for key, kinds in (("issn", ("journal", "series")), ("publisher", ("journal", "book", "series"))):
                if key in venue and kind not in kinds:
                    self.fail(("venues", i, key), f"only a {' or '.join(kinds)} has {key!r} (this venue is "
                              f"a {kind})", "remove it, or set kind: journal")
            part_of = venue.get("part_of")
            if part_of and (kind not in ("conference", "workshop")
                            or venues.get(part_of, {}).get("kind") not in ("conference", "workshop")):
                self.fail(("venues", i, "part_of"), "part_of links a workshop or conference to the "
                          "conference it is held with", "use it only between conference/workshop venues")

    def publications(self) -> None:
        for i, pub in enumerate(self.data.get("publications", []) or []):
            if pub is None:
                continue
            # an entry already reported counts; articles always need their authors
            if not pub.get("authors") and (not pub.get("editors") or pub.get("kind") in ARTICLES):
                self.fail(("publications", i) + (("authors",) if "authors" in pub else ()),
                          "is empty" if "authors" in pub else "missing required field 'authors'",
                          "add 'authors:' as printed (an edited volume, not an article, may give "
                          "'editors:' instead)")
            for key in ("authors", "editors"):
                if key in pub:
                    pub[key] = [self.author(a, ("publications", i, key, j), key == "authors")
                                for j, a in enumerate(pub[key]) if a is not None]
            if pub.get("et_al") and not pub.get("authors"):
                self.fail(("publications", i, "et_al"), "et_al needs a printed author list",
                          "add 'authors:', or remove et_al")
            if "degree" in pub and pub.get("kind") not in ("thesis", None):
                self.fail(("publications", i, "degree"), f"only a thesis has a degree (this is a {pub.get('kind')})",
                          "remove it, or set kind: thesis")
            if "number" in pub and pub.get("kind") not in ("patent", "report", None):
                self.fail(("publications", i, "number"), f"only a patent or a report has a number (this is a "
                          f"{pub.get('kind')})", "remove it, or set kind: patent or kind: report")
            if "id" not in pub:
                pub["id"] = default_publication_id(pub)
                explicit = False
            else:
                explicit = True
            if pub["id"] in self.pubs:
                self.fail(("publications", i, "id") if explicit else ("publications", i),
                          f"duplicate publication id {pub['id']!r}",
                          "set a distinct 'id:' on one of them")
            else:
                self.pubs[pub["id"]] = pub

    def author(self, author: str | dict[str, Any], path: tuple[Any, ...], org_ok: bool) -> dict[str, Any]:
        """``{"name": printed, "ref": id}``; an author written ``{name, ref}`` whose ref names no
        person but an organization is a corporate author: ``{"name", "ref", "org": True}``."""
        printed, ref = (author.get("name"), author.get("ref")) if isinstance(author, dict) else (author, author)
        at = (*path, "ref") if isinstance(author, dict) else path
        if ref is None:
            return {"name": printed, "ref": None}  # already reported
        key, orgs = name_key(ref), self.names["organizations"].get(name_key(ref), set())
        if len(orgs) == 1 and ref != OWNER and key not in self.owner_keys and key not in self.names["people"]:
            org = next(iter(orgs))
            if org_ok and isinstance(author, dict):
                return {"name": printed, "ref": org, "org": True}
            self.fail(at, f"{ref!r} is an organization, not a person",
                      f"write an organisation as author as {{name: '{printed}', ref: {org}}}" if org_ok
                      else "editors are people (schema:editor takes a Person); remove it")
            return {"name": printed, "ref": None}
        return {"name": printed, "ref": self.ref("people", ref, at, True)}
