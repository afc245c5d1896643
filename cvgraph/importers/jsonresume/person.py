"""``basics`` (the person: name, contact, profiles, location) and ``meta``."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from cvgraph.importers.common import loader_key
from cvgraph.importers.jsonresume.base import ConverterBase
from cvgraph.importers.jsonresume.model import KNOWN, NETWORKS, OWN_FIELD, kind_of
from cvgraph.importers.text.identifiers import orcid_id, valid_orcid
from cvgraph.records.spec import PATTERNS


class PersonReader(ConverterBase):
    def meta(self, meta: dict[str, Any]) -> None:
        self.unknown(meta, KNOWN["meta"], "meta")
        when, note = self.date(meta, "lastModified", "meta")
        if when and when != "present":
            self.imp.data["updated"] = when
            self.comment(("updated",), "meta.lastModified" + (f"; {note}" if note else ""))
        rest = [k for k in ("canonical", "version") if meta.get(k) not in (None, "")]
        if rest:
            self.warn("meta", f"{', '.join(rest)} not imported (tooling metadata, not part of the CV)")

    def basics(self, b: dict[str, Any]) -> None:
        p = self.person
        self.unknown(b, KNOWN["basics"], "basics")
        me_is_orcid = bool(self.me and orcid_id(self.me))
        self.basics_name(b, None if me_is_orcid else self.me)
        self.basics_contact(b)
        links: dict[str, str | None] = {}  # url -> comment
        profiles = b.get("profiles")
        if isinstance(profiles, list):
            for i, prof in enumerate(profiles):
                self.profile(prof, f"basics.profiles[{i}]", links)
        elif profiles is not None:
            self.warn("basics.profiles", f"expected a list, got {kind_of(profiles)}: not imported")
        self.me_orcid(me_is_orcid)
        links.pop(p.get("homepage") or "", None)
        if links:
            p["links"] = list(links)
            for i, note in enumerate(links.values()):
                if note:
                    self.comment(("person", "links", i), note)
        loc = self.obj(b, "location", "basics.location")
        if loc:
            self.location(loc)
        if (summary := self.text(b, "summary", "basics")):
            p["summary"] = summary
        image, note = self.url(self.text(b, "image", "basics"), "basics.image")
        if image:
            p["image"] = image
            if note:
                self.comment(("person", "image"), note)

    def basics_name(self, b: dict[str, Any], me_name: str | None) -> None:
        """``name``, else the name given with --me; --me as an alias when it differs."""
        p = self.person
        name = self.text(b, "name", "basics")
        if name:
            p["name"] = name
        elif me_name:
            p["name"] = self.me
            self.comment(("person", "name"), "basics.name is missing: the name given with --me")
        else:
            self.warn("basics.name", "missing: person.name is required, add it by hand")
        if me_name and name and loader_key(me_name) != loader_key(name):
            p["aliases"] = [me_name]
            self.comment(("person", "aliases"), "the name given with --me")

    def basics_contact(self, b: dict[str, Any]) -> None:
        """``label``, ``email``, ``phone`` and ``url`` (the homepage)."""
        p = self.person
        if (label := self.text(b, "label", "basics")):
            p["job_title"] = label
        if (email := self.text(b, "email", "basics")):
            if email.lower().startswith("mailto:"):
                email = email[7:]
            if re.fullmatch(PATTERNS["email"].strip("^$"), email):
                p["email"] = email
            else:
                self.warn("basics.email", f"not an e-mail address: {email!r}: not imported")
        if (phone := self.text(b, "phone", "basics")):
            p["phone"] = phone
        url, note = self.url(self.text(b, "url", "basics"), "basics.url")
        if url:
            p["homepage"] = url
            if note:
                self.comment(("person", "homepage"), note)
        else:
            self.warn("basics.url", "no homepage: the CV's IRIs are built under one; set person.homepage "
                      "(or base:, or build with --base)")

    def me_orcid(self, me_is_orcid: bool) -> None:
        """An ORCID iD given with --me, unless a profile gave another."""
        p = self.person
        me_orcid = valid_orcid(self.me) if self.me and me_is_orcid else None
        if me_orcid:
            if p.get("orcid") and p["orcid"] != me_orcid:
                self.warn("basics.profiles", f"the ORCID iD given with --me ({me_orcid}) differs from the "
                          f"profile's ({p['orcid']}): kept the profile's")
            elif not p.get("orcid"):
                p["orcid"] = me_orcid
                self.comment(("person", "orcid"), "the ORCID iD given with --me")
        elif me_is_orcid:
            self.warn("--me", f"ORCID iD {self.me!r} has a wrong check digit: not imported")

    def profile(self, prof: object, path: str, links: dict[str, str | None]) -> None:
        p = self.person
        if not isinstance(prof, dict):
            if prof is not None:
                self.warn(path, f"expected an object, got {kind_of(prof)}: not imported")
            return
        self.unknown(prof, KNOWN["profile"], path)
        network = self.text(prof, "network", path) or ""
        net = re.sub(r"[\s_-]+", "", network.lower())
        user = self.text(prof, "username", path)
        url, note = self.url(self.text(prof, "url", path), f"{path}.url")
        if net == "orcid" or (url and "orcid.org/" in url) or (not url and user and orcid_id(user)):
            raw = url or user or ""
            orcid = valid_orcid(raw)
            if orcid:
                if p.get("orcid") and p["orcid"] != orcid:
                    self.warn(path, f"a second ORCID iD {orcid} (kept {p['orcid']}): not imported")
                else:
                    p["orcid"] = orcid
                return
            if orcid_id(raw):
                self.warn(path, f"ORCID iD {raw!r} has a wrong check digit: not imported")
            else:
                self.warn(path, f"not an ORCID iD: {raw!r}: not imported")
            return
        if not url and user:
            template = NETWORKS.get(net)
            if net == "mastodon" and re.fullmatch(r"@?[\w.]+@[\w.-]+\.\w+", user):
                handle, host = user.lstrip("@").split("@")
                url, note = f"https://{host}/@{handle}", None
            elif template:
                url = template.format(quote(user.lstrip("@"), safe="-._~"))
            if url:
                note = f"URL built from the {network} username {user!r}"
            else:
                self.warn(path, f"profile {network or '(no network)'} {user!r} has no URL, and none can be "
                          "built for this network: not imported")
                return
        if not url:
            if network or user:
                self.warn(path, "profile without URL or username: not imported")
            return
        field = OWN_FIELD.get(net) or ("dblp" if "dblp." in url else None) or \
            ("scholar" if "scholar.google." in url else None)
        if field and field not in p:
            p[field] = url
            if note:
                self.comment(("person", field), note)
            return
        links.setdefault(url, note)

    def location(self, loc: dict[str, Any]) -> None:
        self.unknown(loc, KNOWN["location"], "basics.location")
        address = {}
        if (city := self.text(loc, "city", "basics.location")):
            address["locality"] = city
        if (region := self.text(loc, "region", "basics.location")):
            address["region"] = region
        if (country := self.text(loc, "countryCode", "basics.location")):
            address["country"] = country
        dropped = [k for k in ("address", "postalCode") if self.text(loc, k, "basics.location")]
        if dropped:
            self.warn("basics.location", f"{' and '.join(dropped)} not imported (the record format's "
                      "address has locality, region and country only)")
        if address:
            self.person["address"] = address
            if "country" in address:
                self.comment(("person", "address", "country"), "basics.location.countryCode, as given")
