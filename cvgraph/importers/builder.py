"""The record builder: ids for registry entries, keys in the format's order, comments on entries.

What every importer does once it has read its format, done one way:

- :class:`Registry`: one of ``organizations``/``people``/``venues`` filled as the import goes,
  one entry per distinct name (names match as the loader matches them), ids readable slugs made
  unique with ``-2``, ``-3``, …;
- :class:`UniqueIds` / :func:`unique_ids`: ids given at the end, when every entry and all its
  names are known, each
  unique and never another entry's name or alias (the loader resolves a reference by id, name or
  alias, so such an id would point at the wrong entry);
- :func:`ordered` / :func:`key_order`: keys in the order the record format
  (:data:`cvgraph.spec.FORMAT`) lists them, unknown keys after, as they came;
- :class:`Anchored`: comments attached to an entry object before its final place in the
  records is known, turned into path comments at the end.

>>> reg = Registry()
>>> reg.add("Acme Inc.", kind="company")[0], reg.add("ACME  inc.")[1]
({'id': 'acme-inc', 'name': 'Acme Inc.', 'kind': 'company'}, False)
>>> ordered({"title": "T", "kind": "journal", "id": "x"}, FORMAT["publications"])
{'id': 'x', 'kind': 'journal', 'title': 'T'}
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar, cast, overload

from cvgraph.importers.base import Imported
from cvgraph.importers.common import loader_key, loader_pub_id
from cvgraph.importers.text.names import id_text
from cvgraph.records.ids import slug
from cvgraph.records.spec import AUTHOR_OBJ, FORMAT, F
from cvgraph.records.types import Colleague, Organization, Venue

T = TypeVar("T")

__all__ = ["FORMAT", "Anchored", "Registry", "UniqueIds", "default_pub_id", "id_slug", "key_order",
           "new_colleague", "new_organization", "new_venue", "numbered", "ordered", "unique_ids"]


# ----------------------------------------------------------------------------- ids

def id_slug(text: str) -> str:
    """:func:`cvgraph.records.slug` after spelling out the Latin letters NFKD does not take apart
    (Łukasiewicz → lukasiewicz, Søren → soren, Straße → strasse). Not the loader's default id
    rule: an importer using it writes the id out."""
    return slug(id_text(text))


def numbered(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or the first of ``base-2``, ``base-3``, … that is not ``taken``."""
    ident, n = base, 2
    while taken(ident):
        ident, n = f"{base}-{n}", n + 1
    return ident


def default_pub_id(pub: dict[str, Any]) -> str:
    """The loader's default publication id for a record whose authors/editors are printed names
    or ``{name: …}`` mappings; ``year`` may be a number."""
    people = pub.get("authors") or pub.get("editors") or []
    names = [{"name": (p if isinstance(p, str) else (p or {}).get("name")) or "anon"} for p in people]
    if names and not names[0]["name"].split():
        names[0] = {"name": "anon"}
    year = pub.get("year")
    return loader_pub_id({"authors": names, "title": pub.get("title") or "",
                          "year": str(year) if year is not None else None})


class UniqueIds:
    """Ids for a list of entries whose names are all known: each unique, not ``reserved``, and
    not a name (``names[i]``: each entry's name, aliases, short name) of another entry."""

    def __init__(self, names: list[Iterable[str]], reserved: Iterable[str] = ()) -> None:
        self.owners: dict[str, set[int]] = {}
        for i, entry_names in enumerate(names):
            for n in entry_names:
                self.owners.setdefault(loader_key(n), set()).add(i)
        self.used = set(reserved)

    def take(self, i: int, base: str) -> str:
        """The id of entry ``i``: ``base``, numbered where needed."""
        ident = numbered(base, lambda c: c in self.used or bool(self.owners.get(loader_key(c), {i}) - {i}))
        self.used.add(ident)
        self.owners.setdefault(loader_key(ident), set()).add(i)
        return ident


def unique_ids(bases: list[str], names: list[Iterable[str]], reserved: Iterable[str] = ()) -> list[str]:
    """:class:`UniqueIds` for every entry, ``bases[i]`` being entry ``i``'s wished-for id."""
    ids = UniqueIds(names, reserved)
    return [ids.take(i, base) for i, base in enumerate(bases)]


def new_organization(ident: str, name: str, kind: str | None) -> Organization:
    """A new entry of ``organizations`` (for :class:`Registry`)."""
    entry: Organization = {"id": ident, "name": name}
    if kind:
        entry["kind"] = kind
    return entry


def new_colleague(ident: str, name: str, kind: str | None) -> Colleague:
    """A new entry of ``people`` (for :class:`Registry`); people have no kind."""
    if kind:
        raise ValueError(f"a person has no kind (got {kind!r} for {name!r})")
    return {"id": ident, "name": name}


def new_venue(ident: str, name: str, kind: str | None) -> Venue:
    """A new entry of ``venues`` (for :class:`Registry`): a venue has a kind."""
    if not kind:
        raise ValueError(f"a venue needs a kind ({name!r})")
    return {"id": ident, "name": name, "kind": kind}


E = TypeVar("E", Organization, Colleague, Venue)  # an entry of a registry section


class Registry(Generic[E]):
    """One of organizations/people/venues, filled as the import goes: one entry per distinct
    name (the loader's name key), ids unique slugs (:func:`id_slug`), fixed when the entry is made;
    ``new`` makes an entry (:func:`new_organization`, the default; :func:`new_colleague`, :func:`new_venue`)."""

    @overload
    def __init__(self: Registry[Organization], reserved: tuple[str, ...] = ()) -> None: ...
    @overload
    def __init__(self, reserved: tuple[str, ...] = (), *, new: Callable[[str, str, str | None], E]) -> None: ...

    def __init__(self, reserved: tuple[str, ...] = (), *,
                 new: Callable[[str, str, str | None], E] | None = None) -> None:
        # without ``new`` the overloads make this a Registry[Organization]: new_organization makes its E
        self.new: Callable[[str, str, str | None], E] = new or cast("Callable[[str, str, str | None], E]", new_organization)
        self.items: list[E] = []
        self.index: dict[str, E | None] = {loader_key(r): None for r in reserved}
        self.slugs: dict[str, E] = {}

    def find(self, name: str) -> E | None:
        """The entry whose id, name or alias is ``name``."""
        return self.index.get(loader_key(name))

    def add(self, name: str, kind: str | None = None, url: str | None = None) -> tuple[E, bool]:
        """The entry named ``name`` (created with ``kind`` and ``url`` where given, when new) and
        whether it was created."""
        found = self.find(name)
        if found is not None:
            return found, False
        base = id_slug(name)
        ident = numbered(base, lambda i: loader_key(i) in self.index)
        entry = self.new(ident, name, kind)
        if url:
            entry["url"] = url
        self.items.append(entry)
        self.index[loader_key(ident)] = entry
        self.index[loader_key(name)] = entry
        self.slugs.setdefault(base, entry)
        return entry, True

    def alias(self, entry: E, name: str) -> None:
        """Give ``entry`` the printed variant ``name`` (when no entry has it yet)."""
        if loader_key(name) not in self.index:
            entry.setdefault("aliases", []).append(name)
            self.index[loader_key(name)] = entry

    def position(self, entry: E) -> int:
        return next(i for i, e in enumerate(self.items) if e is entry)


# ----------------------------------------------------------------------------- key order

def _fields(spec: F | dict[str, F] | None) -> dict[str, F] | None:
    if spec is None or isinstance(spec, dict):
        return spec
    if spec.kind == "obj":
        return spec.of  # type: ignore[no-any-return]
    if spec.kind == "author":
        return AUTHOR_OBJ
    return None


def key_order(mapping: dict[Any, Any], fields: dict[str, F] | None) -> list[Any]:
    """The keys of ``mapping``: those ``fields`` lists in its order, then the others as they came."""
    if not fields:
        return list(mapping)
    return [k for k in fields if k in mapping] + [k for k in mapping if k not in fields]


def ordered(value: T, spec: F | dict[str, F] | None = None) -> T:
    """``value`` with every mapping's keys in the record format's order (:func:`key_order`), all
    the way down; ``spec`` is the field (or the fields) ``value`` is, default the whole document;
    a list field's spec orders one item too."""
    if spec is None:
        spec = FORMAT
    if isinstance(spec, F) and spec.kind == "list":
        if isinstance(value, list):
            return cast("T", [ordered(v, spec.of) for v in value])
        spec = spec.of  # one item of the list
    fields = _fields(spec)
    if not isinstance(value, dict) or fields is None:
        return value
    return cast("T", {k: ordered(value[k], fields[k]) if k in fields and isinstance(value[k], (dict, list))
                      else value[k] for k in key_order(value, fields)})


# ----------------------------------------------------------------------------- comments

class Anchored:
    """Comments on entry objects whose place in the records is known only at the end."""

    def __init__(self) -> None:
        self.items: list[tuple[object | None, tuple[Any, ...], str]] = []

    def add(self, anchor: object | None, sub: tuple[Any, ...], text: str) -> None:
        """Comment ``text`` at ``sub`` inside the entry ``anchor`` (None: ``sub`` is a path)."""
        self.items.append((anchor, sub, text))

    def attach(self, imported: Imported, data: dict[str, Any], sections: Iterable[str]) -> None:
        """Put every comment on ``imported`` at its final path: an anchor is found as an entry
        of one of ``sections`` of ``data``; a comment on an entry that is not there is dropped."""
        places: dict[int, tuple[Any, ...]] = {}
        for section in sections:
            for i, entry in enumerate(data.get(section, [])):
                places[id(entry)] = (section, i)
        for anchor, sub, text in self.items:
            if anchor is None:
                imported.comment(sub, text)
            elif id(anchor) in places:
                imported.comment(places[id(anchor)] + sub, text)
