"""JSON Resume (https://jsonresume.org/schema, schema 1.x) → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content; whatever it cannot map becomes a warning naming the JSON path
(``resume.json: work[2].startDate: warning: …``), and every judgement call becomes a comment on
the place in the records it concerns. Only a file that is not JSON, or JSON that is not a JSON
Resume (not an object, or an object with none of the schema's sections), raises
:class:`~cvgraph.errors.ImportError_`.

The mapping, section by section (the decisions are also stated where they are made):

- ``basics`` → ``person``: ``label`` → ``job_title``; ``url`` → ``homepage`` (the document IRI);
  ``location`` {city, region, countryCode} → ``address`` {locality, region, country} (the street
  ``address`` and ``postalCode`` are not imported: warning); ``profiles`` → ``links``, except
  ORCID → ``orcid``, DBLP → ``dblp`` and Google Scholar → ``scholar``; a profile with a username
  but no URL gets the URL built for well-known networks (GitHub, GitLab, Twitter, X, LinkedIn,
  Bluesky, Mastodon, …), otherwise a warning.
- ``work`` → ``employment``, ``volunteer`` → ``volunteer`` (organisations go to the
  ``organizations`` registry, one entry per distinct name; ``kind`` guessed from the name and
  commented); ``summary``, ``highlights``, ``location`` and ``description`` become ``notes``.
  Our format requires a start date and a title, so an entry without them is not imported
  (warning). Work that ends ``present`` makes its organisation the owner's ``affiliation``.
- ``education`` → ``education`` (``studyType`` → ``degree``, ``area`` → ``field``; ``score`` and
  ``courses`` → ``notes``), ``awards`` → ``awards`` (``awarder`` → organisation ref),
  ``certificates`` → ``certificates``, ``languages`` → ``languages``, ``projects`` → ``projects``.
- ``publications``: JSON Resume has no author list and no type. The owner is taken to be the sole
  author (commented); arXiv (publisher text or URL) → ``preprint`` in the arXiv repository,
  anything else → ``other`` with the publisher text as ``publisher`` (commented). A doi.org URL
  also gives ``doi``, an arxiv.org URL ``arxiv`` (and, without a releaseDate, the year and month
  of first submission that a new-style arXiv id carries). Ids are set as the loader would make
  them (``<family name><year><first title word>``), with b, c, … against collisions.
- ``skills`` → ``skills`` (``name`` → group, ``keywords`` → items; no keywords: the name is the
  single item); ``level`` has no place (warning). ``interests`` → ``interests`` (one text per
  interest, ``Name: keyword, keyword``).
- ``references`` are not imported (personal data of others: warning); ``meta.lastModified`` →
  ``updated``, the rest of ``meta`` is tooling data (warning); ``$schema`` is ignored.

Dates: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` as they are; a time of day is dropped (comment);
``2020/03``, ``03/2020``, ``March 2020`` are read with a warning; ``present``/``current``/``now``
as an end date → ``present``; an empty or missing end date is left out (JSON Resume themes show
it as ongoing; the comment says so); anything else is a warning and the date is left out.
"""
from __future__ import annotations

import datetime
import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from cvgraph.errors import ImportError_
from cvgraph.records.spec import FORMAT, PATTERNS, F
from cvgraph.importers.base import Imported
from cvgraph.importers.common import (
    CONTROL,
    MONTHS,
    PRESENT,
    arxiv_in_url,
    doi_in_url,
    ends_before,
    id_slug,
    loader_key,
    numbered,
    orcid_id,
    valid_orcid,
)

__all__ = ["convert"]

SECTIONS = ("basics", "work", "volunteer", "education", "awards", "certificates", "publications",
            "skills", "languages", "interests", "references", "projects", "meta")

# Fields of each JSON Resume object (schema 1.x), plus the pre-1.0 spellings still found in the
# wild (work.company, work.website, education.gpa, awards.awardDate, publications.website).
KNOWN = {
    "basics": {"name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"},
    "location": {"address", "postalCode", "city", "countryCode", "region"},
    "profile": {"network", "username", "url"},
    "work": {"name", "company", "position", "url", "website", "startDate", "endDate", "summary",
             "highlights", "location", "description"},
    "volunteer": {"organization", "position", "url", "startDate", "endDate", "summary", "highlights"},
    "education": {"institution", "url", "area", "studyType", "startDate", "endDate", "score", "gpa",
                  "courses"},
    "awards": {"title", "date", "awardDate", "awarder", "summary"},
    "certificates": {"name", "date", "issuer", "url"},
    "publications": {"name", "publisher", "releaseDate", "url", "website", "summary"},
    "skills": {"name", "level", "keywords"},
    "languages": {"language", "fluency"},
    "interests": {"name", "keywords"},
    "projects": {"name", "description", "highlights", "keywords", "startDate", "endDate", "url",
                 "roles", "entity", "type"},
    "meta": {"canonical", "version", "lastModified"},
}
LEGACY = {"company": "name", "website": "url", "gpa": "score", "awardDate": "date"}

_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_BARE_HOST = re.compile(r"(www\.)?[\w-]+(\.[\w-]+)+(/|$)")  # example.org/x: a URL without its scheme

# Profile URLs for a network name (lower-case, spaces dropped) and a username.
_NETWORKS = {
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "researchgate": "https://www.researchgate.net/profile/{}",
    "googlescholar": "https://scholar.google.com/citations?user={}",
    "scholar": "https://scholar.google.com/citations?user={}",
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "youtube": "https://www.youtube.com/@{}",
    "bitbucket": "https://bitbucket.org/{}",
    "codeberg": "https://codeberg.org/{}",
    "huggingface": "https://huggingface.co/{}",
    "kaggle": "https://www.kaggle.com/{}",
    "medium": "https://medium.com/@{}",
    "dev.to": "https://dev.to/{}",
    "keybase": "https://keybase.io/{}",
    "hackernews": "https://news.ycombinator.com/user?id={}",
}
# Networks whose profile has its own person field instead of a link.
_OWN_FIELD = {"dblp": "dblp", "googlescholar": "scholar", "scholar": "scholar"}

# Organisation kind from words in its name; first match wins. Commented where used.
_KINDS = [
    ("government", (r"\b(ministry|federal|government|national science foundation|research council|"
                    r"u\.?s\.? department of|agency)\b")),
    ("department", r"^(department|dept\.?|division) of\b|\bdepartment\b"),
    ("school", r"^(school|faculty|college) of\b|\bhigh school\b|\bgymnasium\b"),
    ("university", (r"\b(university|universit[äéàa]t?|universidad|universidade|universiteit|"
                    r"college|polytechnic|politecnico|institute of technology|eth zürich|epfl)\b")),
    ("research", r"\b(laborator(y|ies)|lab|labs|research|institut|institute|centre|center|cern)\b"),
    ("company", r"\b(inc|ltd|llc|gmbh|corp|corporation|company|plc|limited)\b|\b(ag|s\.a\.|b\.v\.)$"),
]


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Convert a JSON Resume document (``text``) into cvgraph records (see the module doc)."""
    text = text.removeprefix("\ufeff")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{source}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    except RecursionError:
        raise ImportError_(f"{source}: not a JSON Resume: nested too deeply") from None
    if not isinstance(doc, dict):
        raise ImportError_(f"{source}: not a JSON Resume: the top level is {_kind(doc)}, not an object")
    if not any(k in doc for k in SECTIONS):
        raise ImportError_(f"{source}: not a JSON Resume: none of its sections ({', '.join(SECTIONS)}) "
                           "is present")
    return _Converter(source, me).run(doc)


class _Converter:
    def __init__(self, source: str, me: str | None):
        self.source, self.me = source, (me or "").strip() or None
        self.imp = Imported(data={})
        self.sections: dict[str, list] = {}
        self.orgs: list[dict] = []
        self.org_by_key: dict[str, dict] = {}
        self.venues: list[dict] = []
        self.pub_ids: set[str] = set()
        self.person: dict[str, Any] = {}
        self.affiliation: list[str] = []

    # -- messages -----------------------------------------------------------------------------
    def warn(self, path: str, message: str) -> None:
        self.imp.warn(f"{self.source}: {path}", message)

    def comment(self, path: tuple, text: str) -> None:
        self.imp.comment(path, text)

    # -- values -------------------------------------------------------------------------------
    def text(self, obj: dict, key: str, path: str) -> str | None:
        """A non-empty text (numbers are read as their text), or None with a warning for a value
        that is not text (a list, an object, true/false)."""
        return self.text_value(obj.get(key), f"{path}.{key}")

    def text_value(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(where, f"expected text, got {_kind(value)}: not imported")
            return None
        value = str(value)
        if CONTROL.search(value):
            self.warn(where, "control characters removed")
            value = CONTROL.sub("", value)
        return value.strip() or None

    def texts(self, obj: dict, key: str, path: str) -> list[str]:
        """A list of non-empty texts (a single text is read as a list of one)."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            return [t for t in [self.text(obj, key, path)] if t]
        found = (self.text_value(item, f"{path}.{key}[{i}]") for i, item in enumerate(value))
        return [t for t in found if t]

    def date(self, obj: dict, key: str, path: str, end: bool = False) -> tuple[str | None, str | None]:
        """(date in the record format, comment) for ``obj[key]``; None and a warning when it
        cannot be read. ``end`` allows ``present``."""
        where = f"{path}.{key}"
        raw = obj.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool) and 1000 <= raw <= 9999:
            return str(raw), None
        value = self.text(obj, key, path)
        if value is None:
            return None, None
        low = " ".join(value.lower().split())
        if low in PRESENT:
            if end:
                return "present", (f"endDate {value!r}" if low != "present" else None)
            self.warn(where, f"{value!r} is not a start date: not imported")
            return None, None
        if _ISO.fullmatch(value):
            if _valid(value):
                return value, None
            self.warn(where, f"invalid date {value!r}: not imported")
            return None, None
        m = _STAMP.fullmatch(value)
        if m and _valid(m.group(1)):
            return m.group(1), f"time of day dropped from {value!r}"
        best = _best_effort(value)
        if best:
            self.warn(where, f"date {value!r} is not ISO 8601: read as {best!r}")
            return best, f"read {value!r} as {best}"
        self.warn(where, f"invalid date {value!r}: not imported")
        return None, None

    def url(self, value: str | None, where: str) -> tuple[str | None, str | None]:
        """(http(s) URL, comment); None and a warning when it is not one."""
        if value is None:
            return None, None
        note = None
        fixed = value
        if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", fixed) and _BARE_HOST.match(fixed):
            fixed, note = "https://" + fixed, f"https:// added to {value!r}"
        if re.search(r"[\s<>\"{}|\\^`]", fixed) and re.match(r"https?://", fixed):
            fixed = quote(fixed, safe=":/?#[]@!$&'()*+,;=%~")
            note = f"{note}; " if note else ""
            note += f"characters percent-encoded in {value!r}"
        if re.fullmatch(PATTERNS["url"].strip("^$"), fixed):
            return fixed, note
        self.warn(where, f"not an http(s) URL: {value!r}: not imported")
        return None, None

    def span(self, e: dict, path: str, entry: dict, comments: dict) -> None:
        """``startDate``/``endDate`` → ``entry["start"]``/``["end"]`` with their comments; an end
        before the start is left out with a warning."""
        start, note = self.date(e, "startDate", path)
        if start:
            entry["start"] = start
            if note:
                comments["start"] = note
        end, note = self.date(e, "endDate", path, end=True)
        if end and start and end != "present" and ends_before(end, start):
            self.warn(f"{path}.endDate", f"ends ({end}) before it starts ({start}): end date not imported")
            end = None
        if end:
            entry["end"] = end
            if note:
                comments["end"] = note

    # -- registries ---------------------------------------------------------------------------
    def org(self, name: str, url: str | None = None, notes: list[str] | None = None) -> str:
        """The id of the organisation named ``name`` (added on first use; names match as the
        loader matches them, case and white space folded). ``url`` becomes the organisation's
        url; one that differs from the url it already has goes to ``notes``."""
        key = loader_key(name)
        entry = self.org_by_key.get(key)
        if entry is None:
            entry = {"id": self.new_id(name, [o["id"] for o in self.orgs]), "name": name}
            kind, word = _org_kind(name)
            if kind:
                entry["kind"] = kind
                self.comment(("organizations", len(self.orgs), "kind"),
                             f"guessed from {word!r} in the name")
            self.orgs.append(entry)
            self.org_by_key[key] = entry
        if url and "url" not in entry:
            entry["url"] = url
        elif url and entry["url"] != url and notes is not None:
            notes.append(f"URL: {url}")
        return entry["id"]

    def new_id(self, name: str, taken: list[str]) -> str:
        taken_set = set(taken) | {loader_key(o["name"]) for o in self.orgs}
        return numbered(id_slug(name), taken_set.__contains__)

    # -- sections -----------------------------------------------------------------------------
    def run(self, doc: dict) -> Imported:
        for key in doc:
            if key not in SECTIONS and key != "$schema":
                self.warn(key, "not a JSON Resume section: not imported")
        data = self.imp.data
        data["cvgraph"] = 1
        self.basics(self.obj(doc, "basics", "basics") or {})
        for section, fn in (("work", self.work), ("volunteer", self.volunteer),
                            ("education", self.education), ("awards", self.award),
                            ("certificates", self.certificate), ("publications", self.publication),
                            ("skills", self.skill), ("languages", self.language),
                            ("interests", self.interest), ("projects", self.project)):
            for i, entry in self.items(doc, section, KNOWN[section]):
                fn(entry, f"{section}[{i}]")
        refs = doc.get("references")
        if refs:
            n = len(refs) if isinstance(refs, list) else 1
            self.warn("references", f"{n} reference{'s' * (n != 1)} not imported (personal data of others)")
        meta = self.obj(doc, "meta", "meta")
        if meta:
            self.meta(meta)
        if self.affiliation:
            self.person["affiliation"] = self.affiliation
            self.comment(("person", "affiliation"), "current employer: work ending 'present'")
        data["person"] = self.person
        if self.orgs:
            data["organizations"] = self.orgs
        if self.venues:
            data["venues"] = self.venues
        for name, entries in self.sections.items():
            if entries:
                data[name] = entries
        self.imp.data = _ordered(data, FORMAT)
        return self.imp

    def obj(self, parent: dict, key: str, path: str) -> dict | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.warn(path, f"expected an object, got {_kind(value)}: not imported")
            return None
        return value

    def items(self, doc: dict, section: str, known: set[str]):
        value = doc.get(section)
        if value is None:
            return
        if not isinstance(value, list):
            self.warn(section, f"expected a list, got {_kind(value)}: not imported")
            return
        for i, entry in enumerate(value):
            path = f"{section}[{i}]"
            if not isinstance(entry, dict):
                if entry is not None:
                    self.warn(path, f"expected an object, got {_kind(entry)}: not imported")
                continue
            self.unknown(entry, known, path)
            # pre-1.0 spellings (work.company, …) are read as the 1.x field unless both are given
            yield i, {LEGACY[k] if k in LEGACY and k in known and LEGACY[k] not in entry else k: v
                      for k, v in entry.items()}

    def unknown(self, entry: dict, known: set[str], path: str) -> None:
        for key in entry:
            if key not in known:
                self.warn(f"{path}.{key}", "not a JSON Resume field: not imported")

    def add(self, section: str, entry: dict, comments: dict[str | None, str]) -> None:
        entries = self.sections.setdefault(section, [])
        for key, text in comments.items():
            self.comment((section, len(entries)) + ((key,) if key else ()), text)
        entries.append(entry)

    def meta(self, meta: dict) -> None:
        self.unknown(meta, KNOWN["meta"], "meta")
        when, note = self.date(meta, "lastModified", "meta")
        if when and when != "present":
            self.imp.data["updated"] = when
            self.comment(("updated",), "meta.lastModified" + (f"; {note}" if note else ""))
        rest = [k for k in ("canonical", "version") if meta.get(k) not in (None, "")]
        if rest:
            self.warn("meta", f"{', '.join(rest)} not imported (tooling metadata, not part of the CV)")

    def basics(self, b: dict) -> None:
        p = self.person
        self.unknown(b, KNOWN["basics"], "basics")
        name = self.text(b, "name", "basics")
        me_is_orcid = bool(self.me and orcid_id(self.me))
        me_orcid = valid_orcid(self.me) if me_is_orcid else None
        me_name = self.me if self.me and not me_is_orcid else None
        if name:
            p["name"] = name
        elif me_name:
            p["name"] = self.me
            self.comment(("person", "name"), "basics.name is missing: the name given with --me")
        else:
            self.warn("basics.name", "missing: person.name is required, add it by hand")
        if me_name and name and loader_key(me_name) != loader_key(name):
            p["aliases"] = [self.me]
            self.comment(("person", "aliases"), "the name given with --me")
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
            self.warn("basics.url", "no homepage: the CV has no document IRI; set person.homepage or "
                      "base: (or build with --base)")
        links: dict[str, str | None] = {}  # url -> comment
        profiles = b.get("profiles")
        if isinstance(profiles, list):
            for i, prof in enumerate(profiles):
                self.profile(prof, f"basics.profiles[{i}]", links)
        elif profiles is not None:
            self.warn("basics.profiles", f"expected a list, got {_kind(profiles)}: not imported")
        if me_orcid:
            if p.get("orcid") and p["orcid"] != me_orcid:
                self.warn("basics.profiles", f"the ORCID iD given with --me ({me_orcid}) differs from the "
                          f"profile's ({p['orcid']}): kept the profile's")
            elif not p.get("orcid"):
                p["orcid"] = me_orcid
                self.comment(("person", "orcid"), "the ORCID iD given with --me")
        elif me_is_orcid:
            self.warn("--me", f"ORCID iD {self.me!r} has a wrong check digit: not imported")
        links.pop(p.get("homepage"), None)
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

    def profile(self, prof: Any, path: str, links: dict[str, str | None]) -> None:
        p = self.person
        if not isinstance(prof, dict):
            if prof is not None:
                self.warn(path, f"expected an object, got {_kind(prof)}: not imported")
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
            template = _NETWORKS.get(net)
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
        field = _OWN_FIELD.get(net) or ("dblp" if "dblp." in url else None) or \
            ("scholar" if "scholar.google." in url else None)
        if field and field not in p:
            p[field] = url
            if note:
                self.comment(("person", field), note)
            return
        links.setdefault(url, note)

    def location(self, loc: dict) -> None:
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

    def role(self, e: dict, path: str, org_key: str, section: str) -> None:
        """work → employment, volunteer → volunteer (the same shape)."""
        comments: dict[str | None, str] = {}
        general: list[str] = []  # comments on the whole entry
        notes: list[str] = []
        title = self.text(e, "position", path)
        org_name = self.text(e, org_key, path)
        start, start_note = self.date(e, "startDate", path)
        end, end_note = self.date(e, "endDate", path, end=True)
        what = ", ".join(x for x in (title, org_name) if x)
        if not title and section == "volunteer":
            title = "Volunteer"
            comments["title"] = "no position given: 'Volunteer'"
        # Our format requires title, organization and start on a role: an entry without them
        # cannot be recorded, so it is left out with a warning naming the JSON path (not hidden
        # in notes of the person, where it would never reach the graph as a role).
        missing = [n for n, v in (("position", title), (org_key, org_name), ("startDate", start)) if not v]
        if missing:
            self.warn(path, f"not imported: no {', no '.join(missing)}" + (f" ({what})" if what else ""))
            return
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        entry: dict[str, Any] = {"title": title}
        entry["organization"] = self.org(org_name, url, notes)
        entry["start"] = start
        if start_note:
            comments["start"] = start_note
        if end and end != "present" and ends_before(end, start):
            self.warn(f"{path}.endDate", f"ends ({end}) before it starts ({start}): end date not imported")
            end = None
        if end:
            entry["end"] = end
            if end_note:
                comments["end"] = end_note
            if end == "present" and section == "employment" and entry["organization"] not in self.affiliation:
                self.affiliation.append(entry["organization"])
        elif not str(e.get("endDate") or "").strip():
            general.append("no endDate (JSON Resume themes show that as ongoing): "
                           "add `end: present` if it is")
        if (summary := self.text(e, "summary", path)):
            notes.insert(0, summary)
        notes += self.texts(e, "highlights", path)
        if (where := self.text(e, "location", path)):
            notes.append(f"Location: {where}")
        if (desc := self.text(e, "description", path)):
            notes.append(f"About {org_name}: {desc}")
        if notes:
            entry["notes"] = notes
        if url_note:
            general.append(f"organization url: {url_note}")
        if general:
            comments[None] = "; ".join(general)
        self.add(section, entry, comments)

    def work(self, e: dict, path: str) -> None:
        self.role(e, path, "name", "employment")

    def volunteer(self, e: dict, path: str) -> None:
        self.role(e, path, "organization", "volunteer")

    def education(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        degree = self.text(e, "studyType", path)
        inst = self.text(e, "institution", path)
        area = self.text(e, "area", path)
        missing = [n for n, v in (("studyType", degree), ("institution", inst)) if not v]
        if missing:
            what = ", ".join(x for x in (degree, area, inst) if x)
            self.warn(path, f"not imported: no {', no '.join(missing)}" + (f" ({what})" if what else ""))
            return
        notes: list[str] = []
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        entry: dict[str, Any] = {"degree": degree}
        if area:
            entry["field"] = area
        entry["institution"] = self.org(inst, url, notes)
        self.span(e, path, entry, comments)
        if (score := self.text(e, "score", path)):
            notes.append(f"Score: {score}")
        courses = self.texts(e, "courses", path)
        if courses:
            notes.append("Courses: " + "; ".join(courses))
        if notes:
            entry["notes"] = notes
        if url_note:
            comments[None] = f"institution url: {url_note}"
        self.add("education", entry, comments)

    def award(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "title", path)
        if not name:
            self.warn(path, "not imported: no title")
            return
        entry: dict[str, Any] = {"name": name}
        when, note = self.date(e, "date", path)
        if when:
            key = "year" if len(when) == 4 else "date"
            entry[key] = when
            if note:
                comments[key] = note
        if (awarder := self.text(e, "awarder", path)):
            entry["awarder"] = self.org(awarder)
        if (summary := self.text(e, "summary", path)):
            entry["notes"] = [summary]
        self.add("awards", entry, comments)

    def certificate(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        if not name:
            self.warn(path, "not imported: no name")
            return
        entry: dict[str, Any] = {"name": name}
        if (issuer := self.text(e, "issuer", path)):
            entry["issuer"] = self.org(issuer)
        when, note = self.date(e, "date", path)
        if when:
            entry["date"] = when
            if note:
                comments["date"] = note
        url, note = self.url(self.text(e, "url", path), f"{path}.url")
        if url:
            entry["url"] = url
            if note:
                comments["url"] = note
        self.add("certificates", entry, comments)

    def publication(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        title = self.text(e, "name", path)
        if not title:
            self.warn(path, "not imported: no name (title)")
            return
        owner = self.person.get("name")
        if not owner:
            self.warn(path, "not imported: no author (JSON Resume has no author list and "
                      "basics.name is missing)")
            return
        publisher = self.text(e, "publisher", path)
        url, url_note = self.url(self.text(e, "url", path), f"{path}.url")
        year, year_note = self.date(e, "releaseDate", path)
        arxiv = arxiv_in_url(url) if url else None
        doi = doi_in_url(url) if url else None
        if not year and arxiv and (m := re.match(r"(\d{2})(\d{2})\.", arxiv)) and 1 <= int(m.group(2)) <= 12:
            year, year_note = f"20{m.group(1)}-{m.group(2)}", "month of first submission, from the arXiv id"
        is_arxiv = bool(arxiv or (publisher and re.search(r"\barxiv\b", publisher, re.IGNORECASE))
                        or (url and "arxiv.org/" in url.lower()))
        entry: dict[str, Any] = {"id": self.pub_id(owner, year, title)}
        if is_arxiv:
            entry["kind"] = "preprint"
            why = []
            if publisher and re.search(r"\barxiv\b", publisher, re.IGNORECASE):
                why.append(f"publisher {publisher!r}")
            if url and "arxiv.org/" in url.lower():
                why.append("an arxiv.org URL")
            comments["kind"] = "arXiv preprint: " + " and ".join(why)
        else:
            entry["kind"] = "other"
            comments["kind"] = ("JSON Resume has no publication type" +
                                (f"; {publisher!r} recorded as the publisher" if publisher else "") +
                                ": set kind (journal, conference, book, …) and venue if known")
        entry["title"] = title
        entry["authors"] = [owner]
        comments["authors"] = "JSON Resume lists no authors: the CV owner is assumed to be the sole author"
        if is_arxiv:
            entry["venue"] = self.arxiv_venue()
        elif publisher:
            entry["publisher"] = self.org(publisher)
        if year:
            entry["year"] = year
            if year_note:
                comments["year"] = year_note
        if doi:
            entry["doi"] = doi
            comments["doi"] = "from the doi.org URL"
        if url:
            entry["url"] = url
            if url_note:
                comments["url"] = url_note
        if arxiv:
            entry["arxiv"] = arxiv
            comments["arxiv"] = "from the arxiv.org URL"
        if (summary := self.text(e, "summary", path)):
            entry["notes"] = [summary]
        self.add("publications", entry, comments)

    def arxiv_venue(self) -> str:
        if not self.venues:
            self.venues.append({"id": "arxiv", "name": "arXiv", "kind": "repository"})
        return "arxiv"

    def pub_id(self, author: str, year: str | None, title: str) -> str:
        """``<family name><year><first title word>`` as the loader makes it, unique (b, c, …)."""
        words = [w for w in id_slug(title).split("-") if w not in _STOP]
        family = id_slug(author.split()[-1]).replace("-", "")
        base = f"{family}{(year or '')[:4]}{words[0] if words else ''}"
        ident, n = base, 1
        while ident in self.pub_ids:
            n += 1
            ident = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}-{n}"
        self.pub_ids.add(ident)
        return ident

    def skill(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        items = list(dict.fromkeys(self.texts(e, "keywords", path)))
        if not name and not items:
            self.warn(path, "not imported: no name and no keywords")
            return
        if (level := self.text(e, "level", path)):
            self.warn(f"{path}.level", f"skill level {level!r} not imported (skills have no level or notes)")
        if not name:
            name = "Skills"
            comments["group"] = "no name given: 'Skills'"
        if not items:
            items = [name]
            comments["items"] = "no keywords: the skill's name is its only item"
        self.add("skills", {"group": name, "items": items}, comments)

    def language(self, e: dict, path: str) -> None:
        name = self.text(e, "language", path)
        if not name:
            self.warn(path, "not imported: no language")
            return
        entry = {"name": name}
        if (fluency := self.text(e, "fluency", path)):
            entry["fluency"] = fluency
        self.add("languages", entry, {})

    def interest(self, e: dict, path: str) -> None:
        name = self.text(e, "name", path)
        keywords = self.texts(e, "keywords", path)
        if not name and not keywords:
            self.warn(path, "not imported: no name and no keywords")
            return
        text = f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
        entries = self.sections.setdefault("interests", [])
        if keywords:
            self.comment(("interests", len(entries)), f"{path}: " + (
                "the name and its keywords as one text" if name else "no name: the keywords as one text"))
        entries.append(text)

    def project(self, e: dict, path: str) -> None:
        comments: dict[str | None, str] = {}
        name = self.text(e, "name", path)
        if not name:
            self.warn(path, "not imported: no name")
            return
        entry: dict[str, Any] = {"name": name}
        if (desc := self.text(e, "description", path)):
            entry["description"] = desc
        self.span(e, path, entry, comments)
        url, note = self.url(self.text(e, "url", path), f"{path}.url")
        if url:
            entry["url"] = url
            if note:
                comments["url"] = note
        if (roles := self.texts(e, "roles", path)):
            entry["roles"] = roles
        notes = self.texts(e, "highlights", path)
        if (keywords := self.texts(e, "keywords", path)):
            notes.append("Keywords: " + ", ".join(keywords))
        if (entity := self.text(e, "entity", path)):
            notes.append(f"Entity: {entity}")
        if (kind := self.text(e, "type", path)):
            notes.append(f"Type: {kind}")
        if notes:
            entry["notes"] = notes
        self.add("projects", entry, comments)


# -- helpers ------------------------------------------------------------------------------------

_STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "via", "with", "x"}  # x: slug of nothing


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object",
            str: "text", type(None): "null"}.get(type(value), type(value).__name__)


def _valid(value: str) -> bool:
    """Is a YYYY[-MM[-DD]] text a real date (month 1-12, the day exists)?"""
    parts = [int(x) for x in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return parts[0] >= 1000


def _best_effort(value: str) -> str | None:
    """Read the usual non-ISO forms: 2020/03, 2020.03, 03/2020, 2020/03/15, 15.03.2020,
    March 2020, Mar. 2020, 2020 March; None when there is no unambiguous reading (a day/month
    order that cannot be told gives the month only when it is the same either way, else the year)."""
    v = " ".join(value.split())
    m = re.fullmatch(r"(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?", v)
    if m:
        out = m.group(1) + "".join(f"-{int(g):02d}" for g in m.groups()[1:] if g)
        return out if _valid(out) else None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", v)
    if m:
        out = f"{m.group(2)}-{int(m.group(1)):02d}"
        return out if _valid(out) else None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", v)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        readings = {f"{y}-{mo:02d}-{d:02d}" for d, mo in ((a, b), (b, a))
                    if _valid(f"{y}-{mo:02d}-{d:02d}")}
        if len(readings) == 1:
            return readings.pop()
        return y if readings else None
    m = re.fullmatch(r"([A-Za-z]+)\.?,? (\d{4})|(\d{4}),? ([A-Za-z]+)\.?", v)
    if m:
        word, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = MONTHS.get(word.lower())
        return f"{year}-{month:02d}" if month else None
    return None


def _org_kind(name: str) -> tuple[str | None, str | None]:
    folded = unicodedata.normalize("NFC", name).casefold()
    for kind, pattern in _KINDS:
        m = re.search(pattern, folded)
        if m:
            return kind, name[m.start():m.end()] if len(name) == len(folded) else m.group(0)
    return None, None


def _ordered(value: Any, spec: F | dict) -> Any:
    """``value`` with every object's keys in the order the format lists them (unknown keys
    keep their place after the known ones)."""
    if isinstance(spec, dict):
        fields = spec
    elif spec.kind == "obj":
        fields = spec.of
    elif spec.kind == "list" and isinstance(value, list):
        return [_ordered(v, spec.of) for v in value]
    else:
        return value
    if not isinstance(value, dict):
        return value
    out = {k: _ordered(value[k], fields[k]) for k in fields if k in value}
    out.update((k, v) for k, v in value.items() if k not in out)
    return out
