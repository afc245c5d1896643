"""The record's person: iD, names, biography, emails, URLs, addresses, keywords."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.orcid.base import ImporterBase
from cvgraph.importers.orcid.model import as_list, get
from cvgraph.importers.text.identifiers import orcid_id, url_ok
from cvgraph.importers.text.names import match_key
from cvgraph.records.spec import PATTERNS


class PersonReader(ImporterBase):
    # -- person -----------------------------------------------------------------------------
    def owner(self, record: dict[str, Any]) -> None:
        person = record.get("person")
        if person is not None and not isinstance(person, dict):
            self.warn(("person",), "expected an object: the person section is not imported")
            person = None
        person = person or {}
        p = self.person
        orcid, me_orcid = self.record_orcid(record)
        self.owner_orcid = orcid
        path = ("person", "name")
        name: dict[str, Any] = person["name"] if isinstance(person.get("name"), dict) else {}
        given = self.text(name.get("given-names"), (*path, "given-names"))
        family = self.text(name.get("family-name"), (*path, "family-name"))
        credit = self.text(name.get("credit-name"), (*path, "credit-name"))
        full = " ".join(x for x in (given, family) if x) or None
        me_name = self.me if self.me and not me_orcid else None
        aliases: list[str] = []
        if credit:
            p["name"] = credit
            self.comment(None, ("person", "name"), "ORCID credit name (the published name)")
            if full:
                aliases.append(full)
        elif full:
            p["name"] = full
        elif me_name:
            p["name"] = me_name
            self.warn(path, "the record has no public name: person.name taken from --me")
        else:
            p["name"] = orcid or "Unknown"
            self.warn(path, "the record has no public name and no --me was given: person.name set to "
                            f"{p['name']!r}; replace it")
            self.comment(None, ("person", "name"), "placeholder: the ORCID record has no public name")
        if given:
            p["given_name"] = given
        if family:
            p["family_name"] = family
        if me_name and me_name != p["name"]:
            aliases.append(me_name)
        for i, other in enumerate(as_list(get(person, "other-names", "other-name"))):
            alias = self.text(get(other, "content"), ("person", "other-names", "other-name", i, "content"))
            if alias:
                aliases.append(alias)
        self.aliases = aliases
        bio = self.text(get(person, "biography", "content"), ("person", "biography", "content"))
        if bio:
            p["summary"] = bio
        self.emails(person)
        if orcid:
            p["orcid"] = orcid
        self.urls(person)
        self.addresses(person)
        self.keywords(person)

    def record_orcid(self, record: dict[str, Any]) -> tuple[str | None, str | None]:
        """The owner's iD (the record's, else one given with --me) and the iD given with --me."""
        ident = record.get("orcid-identifier")
        raw = self.text(get(ident, "path") or get(ident, "uri"), ("orcid-identifier", "path"))
        orcid = self.orcid(raw, ("orcid-identifier", "path")) if raw else None
        me_orcid = None
        if self.me and orcid_id(self.me):
            me_orcid = self.orcid(self.me, ("--me",))
            if orcid and me_orcid and me_orcid != orcid:
                self.warn((), f"--me {me_orcid} is not this record's iD ({orcid}): the record's owner "
                              "is the CV owner")
            elif not orcid and me_orcid:
                orcid = me_orcid
                self.comment(None, ("person", "orcid"), "from --me (the record states no iD)")
        return orcid, me_orcid

    def emails(self, person: dict[str, Any]) -> None:
        items = as_list(get(person, "emails", "email"))
        found = []
        for i, item in enumerate(items):
            path = ("person", "emails", "email", i, "email")
            email = self.text(get(item, "email"), path)
            if not email:
                continue
            if not re.fullmatch(PATTERNS["email"].strip("^$"), email):
                self.warn(path, f"not an email address: {email!r}: left out")
                continue
            found.append((not get(item, "primary"), i, email, path))
        found.sort(key=lambda f: (f[0], f[1]))
        if found:
            self.person["email"] = found[0][2]
            if found[0][0] is False and len(found) > 1:
                self.comment(None, ("person", "email"), "the primary address")
        for _, _, email, path in found[1:]:
            self.warn(path, f"only one email fits person.email: {email} not imported")

    def urls(self, person: dict[str, Any]) -> None:
        p = self.person
        links: list[str] = []
        for i, item in enumerate(as_list(get(person, "researcher-urls", "researcher-url"))):
            path = ("person", "researcher-urls", "researcher-url", i)
            url = self.text(get(item, "url"), (*path, "url"))
            label = self.text(get(item, "url-name"), (*path, "url-name"))
            if not url:
                if label:
                    self.warn(path, f"researcher URL {label!r} has no address: left out")
                continue
            if not url_ok(url):
                self.warn(path, f"not an http(s) URL: {url!r}: researcher URL{f' {label!r}' if label else ''} "
                                "not imported")
                continue
            if label:
                self.warn((*path, "url-name"), f"link name {label!r} not imported: the format's links "
                                               "are URLs without names")
            if re.match(r"https?://scholar\.google\.[a-z.]+/", url) and "scholar" not in p:
                p["scholar"] = url
            elif re.match(r"https?://(www\.)?dblp\.(org|uni-trier\.de)/", url) and "dblp" not in p:
                p["dblp"] = url
            elif url not in links:
                links.append(url)
                if label:
                    self.comment(None, ("person", "links", len(links) - 1), f"ORCID: {label!r}")
        for i, item in enumerate(as_list(get(person, "external-identifiers", "external-identifier"))):
            path = ("person", "external-identifiers", "external-identifier", i)
            kind = self.text(get(item, "external-id-type"), (*path, "external-id-type")) or "identifier"
            value = self.text(get(item, "external-id-value"), (*path, "external-id-value"))
            url = self.text(get(item, "external-id-url"), (*path, "external-id-url"))
            if url and url_ok(url):
                if re.match(r"https?://(www\.)?dblp\.(org|uni-trier\.de)/", url) and "dblp" not in p:
                    p["dblp"] = url
                elif url not in links:
                    links.append(url)
                    self.comment(None, ("person", "links", len(links) - 1), f"ORCID external identifier "
                                 f"{kind}: {value}")
            else:
                self.warn(path, f"external identifier {kind}: {value} has no URL; the format has no "
                                "field for it: not imported")
        if links:
            p["links"] = links

    def addresses(self, person: dict[str, Any]) -> None:
        countries: list[tuple[str, tuple[Any, ...]]] = []
        for i, item in enumerate(as_list(get(person, "addresses", "address"))):
            path = ("person", "addresses", "address", i, "country")
            country = self.text(get(item, "country"), path)
            if country and country not in [c for c, _ in countries]:
                countries.append((country, path))
        if countries:
            self.person["address"] = {"country": countries[0][0]}
            self.comment(None, ("person", "address", "country"), "ISO 3166 country code, as ORCID gives it")
        for country, path in countries[1:]:
            self.warn(path, f"only one address fits person.address: country {country} not imported")

    def keywords(self, person: dict[str, Any]) -> None:
        out: list[str] = []
        split = False
        for i, item in enumerate(as_list(get(person, "keywords", "keyword"))):
            text = self.text(get(item, "content"), ("person", "keywords", "keyword", i, "content"))
            if not text:
                continue
            parts = [text]
            if re.search(r"[,;]", text) and not re.search(r"[()\[\]]", text):
                parts = [t.strip() for t in re.split(r"[,;]", text) if t.strip()]
                split = split or len(parts) > 1
            for part in parts:
                if match_key(part) not in {match_key(o) for o in out}:
                    out.append(part)
        if out:
            self.imp.data["interests"] = out
            if split:
                self.comment(None, ("interests",), "ORCID keywords; a keyword holding a comma- or "
                                                   "semicolon-separated list was split")
