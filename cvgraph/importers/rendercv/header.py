"""The ``cv`` header: name, contact, location, social networks."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from cvgraph.importers.rendercv.base import ConverterBase
from cvgraph.importers.rendercv.markup import EMAIL, plain
from cvgraph.importers.rendercv.model import CV_KEYS, NETWORKS
from cvgraph.importers.text.identifiers import url_ok, valid_orcid
from cvgraph.importers.text.places import parse_address


class HeaderReader(ConverterBase):
    # ------------------------------------------------------------------ header

    def header(self, cv: dict[str, Any]) -> None:
        self.header_person(cv)
        links = self.header_sites(cv) + self.header_networks(cv)
        for link in links:
            if link != self.person.get("homepage") and link not in self.person.get("links", []):
                self.person.setdefault("links", []).append(link)
        self.header_rest(cv)

    def header_person(self, cv: dict[str, Any]) -> None:
        """Name, headline, email and phone."""
        P = ("cv",)
        name = self.text(cv.get("name"), (*P, "name"))
        if name:
            self.person["name"] = plain(name)[0]
        elif self.me_name:
            self.person["name"] = self.me_name
            self.comment(("person", "name"), "the CV gives no name: taken from --me")
        headline = self.text(cv.get("headline"), (*P, "headline"))
        if headline:
            self.person["job_title"] = plain(headline)[0]
            self.comment(("person", "job_title"), "from cv.headline")
        emails = self.texts(cv.get("email"), (*P, "email"))
        for _i, email in enumerate(emails):
            email = email.strip().removeprefix("mailto:")
            if not EMAIL.fullmatch(email):
                self.warn((*P, "email"), f"cv.email: {email!r} is not an email address: not imported")
            elif "email" not in self.person:
                self.person["email"] = email
            else:
                self.warn((*P, "email"),
                          f"cv.email: only one email fits person.email; {email!r} not imported")
        phones = self.texts(cv.get("phone"), (*P, "phone"))
        for phone in phones:
            phone = phone.strip().removeprefix("tel:")
            if "phone" not in self.person:
                self.person["phone"] = phone
            else:
                self.warn((*P, "phone"),
                          f"cv.phone: only one phone fits person.phone; {phone!r} not imported")

    def header_sites(self, cv: dict[str, Any]) -> list[str]:
        """Websites (the first is the homepage) and the photo; the other websites as links."""
        P = ("cv",)
        links: list[str] = []
        for site in self.texts(cv.get("website"), (*P, "website")):
            site = site.strip()
            if not url_ok(site):
                self.warn((*P, "website"), f"cv.website: {site!r} is not an http(s) URL: not imported")
            elif "homepage" not in self.person:
                self.person["homepage"] = site
            else:
                links.append(site)
        photo = self.text(cv.get("photo"), (*P, "photo"))
        if photo:
            if url_ok(photo.strip()):
                self.person["image"] = photo.strip()
            else:
                self.warn((*P, "photo"), f"cv.photo: {photo!r} is a file path, not a URL: not imported "
                          "(publish the photo and set person.image to its URL)")
        return links

    def header_networks(self, cv: dict[str, Any]) -> list[str]:
        """Links of the social networks and the custom connections."""
        P = ("cv",)
        links: list[str] = []
        networks = cv.get("social_networks")
        if networks is not None and not isinstance(networks, list):
            self.warn((*P, "social_networks"), "cv.social_networks is not a list: not imported")
            networks = []
        for i, item in enumerate(networks or []):
            link = self.network(item, (*P, "social_networks", i))
            if link:
                links.append(link)
        custom = cv.get("custom_connections")
        for i, item in enumerate(custom if isinstance(custom, list) else []):
            path = (*P, "custom_connections", i)
            url = self.text(item.get("url"), (*path, "url")) if isinstance(item, dict) else None
            if url and url_ok(url.strip()):
                links.append(url.strip())
            else:
                label = self.text(item.get("placeholder"), path) if isinstance(item, dict) else None
                self.warn(path, f"cv.custom_connections[{i}] ({label or item!r}) has no http(s) URL: "
                          "not imported")
        return links

    def header_rest(self, cv: dict[str, Any]) -> None:
        """The location, keys RenderCV does not have, and an ORCID iD given with --me."""
        P = ("cv",)
        location = self.text(cv.get("location"), (*P, "location"))
        if location:
            address, how = parse_address(plain(location)[0])
            if address:
                self.person["address"] = address
                self.comment(("person", "address"), f"from cv.location {location!r} ({how})")
            else:
                self.warn((*P, "location"), f"cv.location {location!r} names no place: not imported")
        for key, value in cv.items():
            if key not in CV_KEYS and value is not None:
                self.warn((*P, key), f"cv.{key} is not a RenderCV field: not imported")
        if self.me_orcid:
            if "orcid" not in self.person:
                self.person["orcid"] = self.me_orcid
                self.comment(("person", "orcid"), "from --me")
            elif self.person["orcid"] != self.me_orcid:
                self.warn(f"{self.source}: cv", f"--me {self.me_orcid} differs from the CV's ORCID "
                          f"{self.person['orcid']}: the CV's is kept")

    def network(self, item: object, path: tuple[Any, ...]) -> str | None:
        if not isinstance(item, dict):
            self.warn(path, f"social network {item!r} is not a {{network, username}} mapping: not imported")
            return None
        network = self.text(item.get("network"), (*path, "network")) or ""
        username = (self.text(item.get("username"), (*path, "username")) or "").strip()
        label = network or "?"
        if not username:
            self.warn(path, f"social network {label!r} has no username: not imported")
            return None
        known = NETWORKS.get(re.sub(r"[\s_-]", "", network.lower()))
        if known is None:
            if url_ok(username):
                self.comment(("person", "links"), f"{network} profile kept as a link")
                return username
            self.warn(path, f"unknown social network {network!r} (username {username!r}): no URL can be "
                      "built; not imported (add it to person.links)")
            return None
        canonical, prefix = known
        if canonical == "ORCID":
            orcid = valid_orcid(username.rsplit("/", 1)[-1])
            if orcid:
                self.person.setdefault("orcid", orcid)
                return None
            self.warn((*path, "username"), f"ORCID {username!r} is not a valid ORCID iD: not imported")
            return None
        if canonical == "Google Scholar":
            m = re.search(r"[?&]user=([\w-]+)", username)
            user = m.group(1) if m else username
            if re.fullmatch(r"[\w-]+", user):
                self.person.setdefault("scholar", f"{prefix or ''}{user}")
                return None
            self.warn((*path, "username"), f"Google Scholar user id {username!r} is not an id: not imported")
            return None
        if canonical == "Mastodon":
            m = re.fullmatch(r"@?([^@\s/]+)@([^@\s/]+\.[^@\s/]+)", username)
            if not m:
                self.warn((*path, "username"), f"Mastodon username {username!r} is not @user@host: "
                          "not imported")
                return None
            url = f"https://{m.group(2)}/@{m.group(1)}"
        elif url_ok(username):
            url = username
        else:
            if canonical == "YouTube":
                username = username.lstrip("@")
            url = (prefix or "") + quote(username, safe="/-._~@")
        if not url_ok(url):
            self.warn(path, f"{canonical} username {username!r} gives no valid URL: not imported")
            return None
        return url
