"""The ORCID importer's plumbing: messages, texts, dates, organisations and venues."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from cvgraph.importers.base import Imported
from cvgraph.importers.builder import Anchored
from cvgraph.importers.common import CONTROL, loader_key
from cvgraph.importers.jsondoc import json_path
from cvgraph.importers.orcid.model import Ref
from cvgraph.importers.text.dates import exact_date
from cvgraph.importers.text.identifiers import orcid_id, orcid_ok, ror_id
from cvgraph.importers.text.names import match_key
from cvgraph.importers.text.orgs import org_kind, org_name_key


class ImporterBase:
    """Messages, texts, dates, organisations and venues: what every section reader uses."""

    def __init__(self, source: str, me: str | None) -> None:
        self.source = source
        self.me = (me or "").strip() or None
        self.imp = Imported(data={})
        self.comments = Anchored()
        self.orgs: list[dict[str, Any]] = []
        self.org_keys: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.people: list[dict[str, Any]] = []
        self.people_by_orcid: dict[str, dict[str, Any]] = {}
        self.people_by_name: dict[str, list[dict[str, Any]]] = {}
        self.venues: list[dict[str, Any]] = []
        self.venue_keys: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.sections: dict[str, list[dict[str, Any]]] = {"education": [], "employment": [], "volunteer": [],
                                                 "awards": [], "service": []}
        self.grants: list[dict[str, Any]] = []  # ORCID fundings
        self.reviews: object = None  # ORCID peer reviews, read after the works
        self.person: dict[str, Any] = {}
        self.owner_orcid: str | None = None
        self.aliases: list[str] = []  # the owner's other names in the record
        self.owner_variants: list[str] = []   # printed variants seen in author lists
        # (employment entry, summary) without an end
        self.ongoing: list[tuple[dict[str, Any], dict[str, Any]]] = []

    # -- messages ---------------------------------------------------------------------------
    def warn(self, path: tuple[Any, ...], message: str) -> None:
        self.imp.warn(f"{self.source}: {json_path(path)}" if path else self.source, message)

    def comment(self, anchor: object, sub: tuple[Any, ...], text: str) -> None:
        self.comments.add(anchor, sub, text)

    def objects(self, items: Iterable[tuple[object, tuple[Any, ...]]], what: str) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
        """The (object, path) pairs of ``items`` that are JSON objects; each other one is a warning
        at its path: "expected an object: ``what``"."""
        out = []
        for item, path in items:
            if isinstance(item, dict):
                out.append((item, path))
            else:
                self.warn(path, f"expected an object: {what}")
        return out

    def text(self, value: object, path: tuple[Any, ...]) -> str | None:
        """A clean one-line string from an ORCID value (``{"value": …}`` or a plain string)."""
        if isinstance(value, dict) and "value" in value:
            value = value["value"]
        if value is None:
            return None
        if isinstance(value, (bool, dict, list)):
            self.warn(path, f"expected text, got {json.dumps(value)[:60]}: left out")
            return None
        text = str(value)  # a number is read as the text it was written as
        if CONTROL.search(text):
            self.warn(path, "control characters removed")
            text = CONTROL.sub(" ", text)
        text = " ".join(text.split())
        return text or None

    def other_version(self, used: dict[str, Any], other: dict[str, Any], path: tuple[Any, ...],
                      keys: tuple[str, ...]) -> None:
        """A warning naming what a version that was not imported says differently (of ``keys``) from
        the one used (the preferred version, its gaps filled from the others)."""
        differ = [key for key in keys if other.get(key) is not None and other.get(key) != used.get(key)]
        if differ:
            code = self.text(other.get("put-code"), (*path, "put-code"))
            self.warn(path, f"another version of this entry (put-code {code or 'none'}): its "
                            f"{', '.join(differ)} not imported (they differ from the preferred version's)")

    # -- dates ------------------------------------------------------------------------------
    def date(self, d: object, path: tuple[Any, ...]) -> str | None:
        """``{year, month, day}`` (each ``{value}`` or null) → YYYY, YYYY-MM or YYYY-MM-DD."""
        if d is None:
            return None
        if not isinstance(d, dict):
            self.warn(path, f"expected a date object, got {json.dumps(d)[:60]}: date left out")
            return None
        y, m, day = (self.text(d.get(k), (*path, k)) for k in ("year", "month", "day"))
        if y is None:
            if m or day:
                self.warn(path, f"a {'month' if m else 'day'} without a year "
                                f"(month {m!r}, day {day!r}): date left out")
            return None
        if not re.fullmatch(r"\d{4}", y):
            self.warn((*path, "year"), f"invalid year {y!r}: date left out")
            return None
        if m is None:
            if day:
                self.warn(path, f"a day ({day!r}) without a month: kept the year {y}")
            return y
        if not re.fullmatch(r"\d{1,2}", m) or not 1 <= int(m) <= 12:
            self.warn((*path, "month"), f"invalid month {m!r}: kept the year {y}")
            return y
        ym = f"{y}-{int(m):02d}"
        if day is None:
            return ym
        full = exact_date(f"{ym}-{day}") if re.fullmatch(r"\d{1,2}", day) else None
        if full is None:
            self.warn((*path, "day"), f"invalid day {day!r} in {ym}: kept {ym}")
            return ym
        return full

    # -- organisations ----------------------------------------------------------------------
    def org(self, o: object, path: tuple[Any, ...], department: str | None = None,
            lost: str = "entry not imported") -> dict[str, Any] | None:
        """The registry entry for an ORCID organization (and department), deduplicated."""
        entry_lost = lost == "entry not imported"  # then the warning names the entry, not its organization
        if not isinstance(o, dict):
            self.warn(path[:-1] if entry_lost else path, f"no organization: {lost}" if o is None else
                      f"expected an organization object: {lost}")
            return None
        name = self.text(o.get("name"), (*path, "name"))
        if not name:
            self.warn(path[:-1] if entry_lost else (*path, "name"), f"organization without a name: {lost}")
            return None
        city, region, country, placeholder = self.address(o, path)
        dis = o.get("disambiguated-organization")
        dis = dis if isinstance(dis, dict) else {}
        ipath = (*path, "disambiguated-organization", "disambiguated-organization-identifier")
        ident, scheme, ror = self.org_id(dis, path)
        keys: list[tuple[Any, ...]] = [(scheme, ident.lower())] if ident else []
        keys.append(("name", org_name_key(name), match_key(city or "")))
        entry = next((self.org_keys[k] for k in keys if k in self.org_keys), None)
        if entry is None:
            entry = self.same_name(name, city, ror) or self.new_org(name)
        if placeholder:
            self.warn((*path, "address", "city"), f"city {placeholder!r} is a placeholder: not imported")
        if loader_key(name) not in {loader_key(n) for n in [entry["name"], *entry.get("aliases", [])]}:
            entry.setdefault("aliases", []).append(name)  # another name of the same organisation
        for field, value in (("locality", city), ("region", region), ("country", country), ("ror", ror)):
            if value and field not in entry:
                entry[field] = value
        if ident and scheme != "ROR":
            self.warn(ipath, f"{scheme} id {ident} of {name!r}: the format has no field for it, not imported")
            if f"{scheme} {ident}" not in entry["_ids"]:
                entry["_ids"].append(f"{scheme} {ident}")
                self.comment(entry, (), f"ORCID: {scheme} id {ident} (no field for it)")
        for k in keys:
            self.org_keys.setdefault(k, entry)
        return self.department(entry, name, department) if department else entry

    def org_id(self, dis: dict[str, Any], path: tuple[Any, ...]) -> tuple[str | None, str, str | None]:
        """(the disambiguated id, its scheme, the bare ROR id when it is one) of an organization."""
        ipath = (*path, "disambiguated-organization", "disambiguated-organization-identifier")
        ident = self.text(dis.get("disambiguated-organization-identifier"), ipath)
        scheme = (self.text(dis.get("disambiguation-source"),
                            (*path, "disambiguated-organization", "disambiguation-source")) or "").upper()
        if ident and not scheme:
            self.warn(ipath, f"organization id {ident!r} without a disambiguation-source: not imported")
            return None, scheme, None
        if ident and scheme == "ROR":
            ror = ror_id(ident)
            if not ror:
                self.warn((*path, "disambiguated-organization"), f"not a ROR id: {ident!r}: left out")
            return ror, scheme, ror
        return ident, scheme, None

    def department(self, entry: dict[str, Any], name: str, department: str) -> dict[str, Any]:
        """The ``department`` organisation of ``entry`` (read as ``name``), once per name."""
        dkey = ("department", id(entry), match_key(department))
        dept = self.org_keys.get(dkey)
        if dept is None:
            dept = {"name": department, "kind": "department", "parent": Ref(entry), "_ids": []}
            self.org_keys[dkey] = dept
            self.orgs.append(dept)
            self.comment(dept, (), f"department-name of {name}")
        return dept

    def same_name(self, name: str, city: str | None, ror: str | None) -> dict[str, Any] | None:
        """The one organisation already read under this name (:func:`org_name_key`) where one of
        the two has no city and their ROR ids do not differ; None when there is none or several."""
        key = org_name_key(name)
        found = [o for o in self.orgs if o.get("kind") != "department" and org_name_key(o["name"]) == key
                 and not (city and o.get("locality")) and not (ror and o.get("ror") and ror != o["ror"])]
        return found[0] if len(found) == 1 else None

    def new_org(self, name: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": name}
        kind = org_kind(name)
        if kind:
            entry["kind"] = kind
            self.comment(entry, ("kind",), "guessed from the name")
        self.orgs.append(entry)
        entry["_ids"] = []
        return entry

    def address(self, o: dict[str, Any], path: tuple[Any, ...]) -> tuple[str | None, ...]:
        """(city, region, country, a placeholder city such as "n/a" that was left out)."""
        addr: dict[str, Any] = o["address"] if isinstance(o.get("address"), dict) else {}
        city = self.text(addr.get("city"), (*path, "address", "city"))
        placeholder = city if city and city.lower().strip(".") in ("n/a", "na", "none", "unknown", "-") else None
        return (None if placeholder else city, self.text(addr.get("region"), (*path, "address", "region")),
                self.text(addr.get("country"), (*path, "address", "country")), placeholder)

    # -- venues -----------------------------------------------------------------------------
    def venue(self, name: str, kind: str) -> dict[str, Any]:
        key = (match_key(name), kind)
        venue = self.venue_keys.get(key)
        if venue is None:
            venue = {"name": name, "kind": kind}
            self.venue_keys[key] = venue
            self.venues.append(venue)
        return venue

    def orcid(self, raw: str, path: tuple[Any, ...]) -> str | None:
        iD = orcid_id(raw)
        if not iD:
            self.warn(path, f"not an ORCID iD: {raw!r}: left out")
            return None
        if not orcid_ok(iD):
            self.warn(path, f"ORCID iD {iD} has a wrong check digit: left out")
            return None
        return iD
