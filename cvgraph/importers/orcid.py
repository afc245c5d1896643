"""ORCID public record (API v3.0 JSON) → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content; whatever it cannot map becomes a warning naming the JSON path
(``orcid.json: activities-summary.works.group[3].work-summary[0].publication-date: warning: …``),
and every judgement call becomes a comment on the place in the records it concerns. Only a file
that is not JSON, an ORCID error answer, or JSON that is not an ORCID record raises
:class:`~cvgraph.errors.ImportError_`.

Input
-----
The record: ``GET https://pub.orcid.org/v3.0/{iD}/record`` with ``Accept: application/json``.
Its work *summaries* carry no contributors; the author lists are in the full works,
``GET /v3.0/{iD}/works/{put-code},{put-code},…`` (at most 100 put-codes per call), whose answer is
``{"bulk": [{"work": {…}}, {"error": {…}}, …]}``. To use them, put that ``bulk`` array into the
record file as an extra top-level key::

    jq -s '.[0] + {bulk: [.[1:][].bulk[]]}' record.json works-*.json > orcid.json

A JSON list ``[record, bulk-answer, …]`` is accepted too, and so is a bulk answer on its own
(works only). The older v2.x layout (``employments.employment-summary``, upper-case work types)
is read as well.

Mapping (each decision is also commented where it is made)
-----------------------------------------------------------
- ``orcid-identifier.path`` → ``person.orcid``. The document IRI (``base``) is the record's API
  address ``https://pub.orcid.org/v3.0/{iD}/record``: the iD itself names the *person*, and the
  record's owner has no homepage in ORCID (commented: set ``person.homepage`` or ``base``).
- ``person.name``: ``credit-name``, else ``given-names family-name``; both parts → ``given_name``/
  ``family_name``; the other spelling, ``other-names``, ``me`` (when a name) and every printed
  variant found in author lists → ``aliases``. ``biography`` → ``summary``; ``researcher-urls`` →
  ``links`` (scholar.google… → ``scholar``, dblp.org → ``dblp``); ``keywords`` → ``interests``
  (a keyword holding a comma- or semicolon-separated list is split); the first public email →
  ``email``; the first address country (ISO code as ORCID gives it) → ``address.country``;
  ``external-identifiers`` with a URL → ``links`` (dblp → ``dblp``), without one → warning.
- ``employments`` → ``employment``; ``invited-positions`` → ``employment`` too (an invited
  position, e.g. a visiting professorship, is a position held at an organisation; the entry gets
  the note "invited position"). ``educations`` and ``qualifications`` → ``education``
  (``role-title`` → ``degree``, ``department-name`` → ``field`` without a leading "Department
  of"). ``distinctions`` → ``awards`` (organisation → ``awarder``). ``memberships`` and
  ``services`` → ``volunteer`` (a membership without a role is titled "Member").
  An ongoing employment (no end date) ends ``present`` and gives ``person.affiliation`` (its
  department and organisation) and ``job_title`` (the first one's title); an education without
  an end date is left open (ORCID also leaves unfinished or unknown ends empty). Employment and
  volunteer entries need a title and a start date, education a degree, awards a name: an entry
  without one is not imported (warning quoting it). An affiliation's ``department-name`` becomes
  a ``department`` organisation whose ``parent`` is the organisation. Its ``url`` and external ids
  go to ``notes``. Versions of one affiliation that ORCID puts in one ``affiliation-group``
  (several sources) give one entry: the preferred version (highest ``display-index``), its gaps
  filled from the others (commented).
- Organisations are deduplicated by their disambiguated id (ROR, GRID, RINGGOLD, FUNDREF, LEI)
  and by name + city; a ROR id → ``ror``; other ids are kept in a comment (the format has no
  field for them); ``kind`` is guessed from the name (commented).
- ``works`` → ``publications``. ORCID groups the versions of a work (several sources) in one
  group: the version with the highest ``display-index`` (ORCID's preferred one) gives the fields,
  the others fill gaps, every put-code is kept (``identifiers: orcid-put-code:N``). Groups that
  carry the same DOI (ORCID groups by external id, and sources spell ids differently) are merged
  (commented; the first group's fields win, except that a type we can map beats one we cannot).
  Types: journal-article → journal, conference-paper → conference (and
  conference-abstract/-poster/-presentation/-output, with a note), book/edited-book → book,
  book-chapter → chapter, conference-proceedings → proceedings, dissertation(-thesis) → thesis,
  report/working-paper → report, preprint → preprint; any other type → ``other`` (warning).
  ``journal-title`` → the venue (journal, conference, repository for preprints, book for
  chapters, series for books/proceedings; for other kinds a note). ``publication-date`` →
  ``year`` (as precise as given). External ids with relationship ``self``: doi → ``doi``
  (prefix stripped), arxiv → ``arxiv``, isbn → ``isbn``, the rest → ``identifiers``
  ("pmid:…"); ``part-of`` ISSN → the journal's ``issn``; other relationships → ``notes``
  ("version of doi:…"). A BibTeX ``citation`` of a full work gives volume, issue and pages.
- Authors come from the full works' ``contributors`` (``contributor-sequence`` first, then the
  others in their order; role ``editor`` → ``editors``, other non-author roles → notes), names as
  printed (``credit-name``). The owner is found by ORCID iD, else by a name variant (the same
  words in any order, or matching initials when only one contributor fits); the printed form is
  added to ``person.aliases``. Co-authors → ``people`` (one per ORCID iD, else per name; other
  spellings → aliases). A work without contributors lists the owner as its sole author
  (commented). Where a printed name would not resolve to the intended person by name alone,
  the author is written ``{name: …, ref: …}``.
- Not imported, with a warning each: ``fundings``, ``peer-reviews``, ``research-resources``,
  extra emails/addresses, external-identifiers without a URL, bulk errors.
"""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

from cvgraph.errors import ImportError_
from cvgraph.records.loader import slug
from cvgraph.records.spec import FORMAT, PATTERNS, F
from cvgraph.importers.base import Imported
from cvgraph.importers.common import (
    CONTROL,
    default_pub_id,
    ends_before,
    loader_key,
    match_key,
    numbered,
    orcid_id,
    orcid_ok,
    strip_doi_prefix,
)

__all__ = ["convert"]

_ARXIV_PREFIX = re.compile(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.I)
_ROR = re.compile(r"^(?:https?://ror\.org/)?([0-9a-z]{9})/?$", re.I)
_BIB_FIELD = re.compile(r"\b(volume|number|pages)\s*=\s*(?:\{([^{}]*)\}|\"([^\"]*)\"|(\d+))", re.I)

RECORD_KEYS = ("orcid-identifier", "person", "activities-summary")

# ORCID work type (v3.0 spelling; v2 upper-case types are normalised to it) → publication kind
KINDS = {
    "journal-article": "journal",
    "conference-paper": "conference",
    "conference-abstract": "conference",
    "conference-poster": "conference",
    "conference-presentation": "conference",
    "conference-output": "conference",
    "conference-proceedings": "proceedings",
    "book": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "dissertation-thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "working-paper": "report",
    "preprint": "preprint",
}
# work types that keep a note saying what they are (the kind alone would hide it)
TYPE_NOTES = {"conference-abstract": "conference abstract", "conference-poster": "poster",
              "conference-presentation": "presentation", "conference-output": "conference output",
              "working-paper": "working paper", "edited-book": "edited book"}
# the venue kind the journal-title names, per publication kind (others: a note)
VENUE_KINDS = {"journal": "journal", "conference": "conference", "preprint": "repository",
               "chapter": "book", "book": "series", "proceedings": "series"}
RELATIONS = {"part-of": "part of", "version-of": "version of", "funded-by": "funded by"}

# Affiliation sections: ORCID section → (summary key, target section)
AFFILIATIONS = (
    ("employments", "employment-summary", "employment"),
    ("invited-positions", "invited-position-summary", "employment"),
    ("educations", "education-summary", "education"),
    ("qualifications", "qualification-summary", "education"),
    ("distinctions", "distinction-summary", "awards"),
    ("memberships", "membership-summary", "volunteer"),
    ("services", "service-summary", "volunteer"),
)

_KIND_GUESS = (
    ("university", re.compile(r"universit|college|école|ecole|hochschule|polytechn|institute of technology"
                              r"|universidad|università|universidade|academy", re.I)),
    ("company", re.compile(r"\b(inc|ltd|llc|gmbh|corp|corporation|company|plc|co\.,? ltd|s\.a|ag)\b\.?",
                           re.I)),
    ("research", re.compile(r"laborator|\blab\b|research (center|centre|institute)|national lab", re.I)),
)


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Convert an ORCID v3.0 record (JSON, optionally with a works ``bulk`` array) to records."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportError_(f"{source}: not JSON ({exc})") from None
    record, bulk = _split(doc, source)
    return _Importer(source, me).run(record, bulk)


def _split(doc: Any, source: str) -> tuple[dict, list]:
    """The record and the bulk items (with their JSON paths) in ``doc``."""
    parts = doc if isinstance(doc, list) else [doc]
    record: dict | None = None
    bulk: list[tuple[Any, str]] = []
    for n, part in enumerate(parts):
        prefix = f"[{n}]." if isinstance(doc, list) else ""
        if not isinstance(part, dict):
            raise ImportError_(f"{source}: not an ORCID record (expected a JSON object, got "
                               f"{type(part).__name__})")
        if "response-code" in part and ("developer-message" in part or "user-message" in part):
            message = part.get("user-message") or part.get("developer-message")
            raise ImportError_(f"{source}: an ORCID API error answer, not a record: "
                               f"{part.get('response-code')} {message}")
        if isinstance(part.get("bulk"), list):
            bulk += [(item, f"{prefix}bulk[{i}]") for i, item in enumerate(part["bulk"])]
        if any(k in part for k in RECORD_KEYS):
            if record is not None:
                raise ImportError_(f"{source}: more than one ORCID record in one file")
            record = part
        elif not isinstance(part.get("bulk"), list):
            raise ImportError_(f"{source}: not an ORCID record (none of {', '.join(RECORD_KEYS)} or "
                               "bulk at the top level)")
    return record or {}, bulk


# ----------------------------------------------------------------------------- small helpers

def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _list(obj: Any) -> list:
    return obj if isinstance(obj, list) else []


def _fmt(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _ms_date(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        try:
            return datetime.datetime.fromtimestamp(value / 1000, datetime.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _guess_kind(name: str) -> str | None:
    for kind, pattern in _KIND_GUESS:
        if pattern.search(name):
            return kind
    return None


def _rank(item: tuple[int, tuple[dict, tuple]]) -> tuple:
    """Sort key of ORCID versions: the preferred (highest display-index) first, else in order."""
    raw = item[1][0].get("display-index")
    try:
        return (-int(raw), item[0])
    except (TypeError, ValueError):
        return (0, item[0])


class Ref:
    """A reference to a registry entry, replaced by the entry's id when the data is finished."""

    def __init__(self, entry: dict):
        self.entry = entry


class Author:
    """A printed name and who it is: a ``people`` entry, or None for the owner."""

    def __init__(self, printed: str, person: dict | None):
        self.printed, self.person = printed, person


class _Pub:
    """A publication being assembled from one or more ORCID work groups."""

    def __init__(self, path: tuple):
        self.path = path
        self.fields: dict[str, Any] = {}
        self.put_codes: list[str] = []
        self.ids: list[tuple[str, str, str, tuple]] = []   # (type, value, relationship, path)
        self.contributors: list[tuple[dict, tuple]] = []
        self.contributor_source: str | None = None
        self.citation: tuple[str, str, tuple] | None = None
        self.notes: list[str] = []
        self.comments: list[tuple[tuple, str]] = []        # (sub-path, text)
        self.doi: str | None = None
        self.doi_key: str | None = None


# ----------------------------------------------------------------------------- the importer

class _Importer:
    def __init__(self, source: str, me: str | None):
        self.source = source
        self.me = (me or "").strip() or None
        self.imp = Imported(data={})
        self.comments: list[tuple[Any, tuple, str]] = []   # (anchor object or None, sub-path, text)
        self.orgs: list[dict] = []
        self.org_keys: dict[tuple, dict] = {}
        self.people: list[dict] = []
        self.people_by_orcid: dict[str, dict] = {}
        self.people_by_name: dict[str, list[dict]] = {}
        self.venues: list[dict] = []
        self.venue_keys: dict[tuple, dict] = {}
        self.sections: dict[str, list[dict]] = {"education": [], "employment": [], "volunteer": [],
                                                 "awards": []}
        self.person: dict[str, Any] = {}
        self.owner_orcid: str | None = None
        self.owner_variants: list[str] = []   # printed variants seen in author lists
        self.ongoing: list[tuple[dict, dict]] = []  # (employment entry, summary) without an end

    # -- messages ---------------------------------------------------------------------------
    def warn(self, path: tuple, message: str) -> None:
        self.imp.warn(f"{self.source}: {_fmt(path)}" if path else self.source, message)

    def comment(self, anchor: Any, sub: tuple, text: str) -> None:
        self.comments.append((anchor, sub, text))

    def text(self, value: Any, path: tuple) -> str | None:
        """A clean one-line string from an ORCID value (``{"value": …}`` or a plain string)."""
        if isinstance(value, dict) and "value" in value:
            value = value["value"]
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.warn(path, f"expected text, got {json.dumps(value)[:60]}: left out")
            return None
        if isinstance(value, (int, float)):
            value = str(value)
        if CONTROL.search(value):
            self.warn(path, "control characters removed")
            value = CONTROL.sub(" ", value)
        value = " ".join(value.split())
        return value or None

    # -- dates ------------------------------------------------------------------------------
    def date(self, d: Any, path: tuple) -> str | None:
        """``{year, month, day}`` (each ``{value}`` or null) → YYYY, YYYY-MM or YYYY-MM-DD."""
        if d is None:
            return None
        if not isinstance(d, dict):
            self.warn(path, f"expected a date object, got {json.dumps(d)[:60]}: date left out")
            return None
        y, m, day = (self.text(d.get(k), path + (k,)) for k in ("year", "month", "day"))
        if y is None:
            if m or day:
                self.warn(path, f"a {'month' if m else 'day'} without a year "
                                f"(month {m!r}, day {day!r}): date left out")
            return None
        if not re.fullmatch(r"\d{4}", y):
            self.warn(path + ("year",), f"invalid year {y!r}: date left out")
            return None
        if m is None:
            if day:
                self.warn(path, f"a day ({day!r}) without a month: kept the year {y}")
            return y
        if not re.fullmatch(r"\d{1,2}", m) or not 1 <= int(m) <= 12:
            self.warn(path + ("month",), f"invalid month {m!r}: kept the year {y}")
            return y
        ym = f"{y}-{int(m):02d}"
        if day is None:
            return ym
        try:
            if not re.fullmatch(r"\d{1,2}", day):
                raise ValueError
            return datetime.date(int(y), int(m), int(day)).isoformat()
        except ValueError:
            self.warn(path + ("day",), f"invalid day {day!r} in {ym}: kept {ym}")
            return ym

    # -- run --------------------------------------------------------------------------------
    def run(self, record: dict, bulk: list[tuple[Any, str]]) -> Imported:
        self.owner(record)
        activities = record.get("activities-summary")
        if activities is not None and not isinstance(activities, dict):
            self.warn(("activities-summary",), "expected an object: activities not imported")
            activities = None
        activities = activities or {}
        for section, summary_key, target in AFFILIATIONS:
            self.affiliations(activities.get(section), ("activities-summary", section), summary_key, target)
        pubs = self.works(activities.get("works"), bulk)
        self.unmapped(record, activities)
        return self.finish(record, pubs)

    # -- person -----------------------------------------------------------------------------
    def owner(self, record: dict) -> None:
        person = record.get("person")
        if person is not None and not isinstance(person, dict):
            self.warn(("person",), "expected an object: the person section is not imported")
            person = None
        person = person or {}
        p = self.person
        ident = record.get("orcid-identifier")
        raw = self.text(_get(ident, "path") or _get(ident, "uri"), ("orcid-identifier", "path"))
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
        self.owner_orcid = orcid
        path = ("person", "name")
        name = person.get("name") if isinstance(person.get("name"), dict) else {}
        given = self.text(name.get("given-names"), path + ("given-names",))
        family = self.text(name.get("family-name"), path + ("family-name",))
        credit = self.text(name.get("credit-name"), path + ("credit-name",))
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
        for i, other in enumerate(_list(_get(person, "other-names", "other-name"))):
            alias = self.text(_get(other, "content"), ("person", "other-names", "other-name", i, "content"))
            if alias:
                aliases.append(alias)
        self.aliases = aliases
        bio = self.text(_get(person, "biography", "content"), ("person", "biography", "content"))
        if bio:
            p["summary"] = bio
        self.emails(person)
        if orcid:
            p["orcid"] = orcid
        self.urls(person)
        self.addresses(person)
        self.keywords(person)

    def orcid(self, raw: str, path: tuple) -> str | None:
        iD = orcid_id(raw)
        if not iD:
            self.warn(path, f"not an ORCID iD: {raw!r}: left out")
            return None
        if not orcid_ok(iD):
            self.warn(path, f"ORCID iD {iD} has a wrong check digit: left out")
            return None
        return iD

    def emails(self, person: dict) -> None:
        items = _list(_get(person, "emails", "email"))
        found = []
        for i, item in enumerate(items):
            path = ("person", "emails", "email", i, "email")
            email = self.text(_get(item, "email"), path)
            if not email:
                continue
            if not re.fullmatch(PATTERNS["email"].strip("^$"), email):
                self.warn(path, f"not an email address: {email!r}: left out")
                continue
            found.append((not _get(item, "primary"), i, email, path))
        found.sort(key=lambda f: (f[0], f[1]))
        if found:
            self.person["email"] = found[0][2]
            if found[0][0] is False and len(found) > 1:
                self.comment(None, ("person", "email"), "the primary address")
        for _, _, email, path in found[1:]:
            self.warn(path, f"only one email fits person.email: {email} not imported")

    def urls(self, person: dict) -> None:
        p = self.person
        links: list[str] = []
        for i, item in enumerate(_list(_get(person, "researcher-urls", "researcher-url"))):
            path = ("person", "researcher-urls", "researcher-url", i)
            url = self.text(_get(item, "url"), path + ("url",))
            label = self.text(_get(item, "url-name"), path + ("url-name",))
            if not url:
                if label:
                    self.warn(path, f"researcher URL {label!r} has no address: left out")
                continue
            if not re.fullmatch(PATTERNS["url"].strip("^$"), url):
                self.warn(path + ("url",), f"not an http(s) URL: {url!r}: left out")
                continue
            if re.match(r"https?://scholar\.google\.[a-z.]+/", url) and "scholar" not in p:
                p["scholar"] = url
            elif re.match(r"https?://(www\.)?dblp\.(org|uni-trier\.de)/", url) and "dblp" not in p:
                p["dblp"] = url
            elif url not in links:
                links.append(url)
                if label:
                    self.comment(None, ("person", "links", len(links) - 1), f"ORCID: {label!r}")
        for i, item in enumerate(_list(_get(person, "external-identifiers", "external-identifier"))):
            path = ("person", "external-identifiers", "external-identifier", i)
            kind = self.text(_get(item, "external-id-type"), path + ("external-id-type",)) or "identifier"
            value = self.text(_get(item, "external-id-value"), path + ("external-id-value",))
            url = self.text(_get(item, "external-id-url"), path + ("external-id-url",))
            if url and re.fullmatch(PATTERNS["url"].strip("^$"), url):
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

    def addresses(self, person: dict) -> None:
        countries = []
        for i, item in enumerate(_list(_get(person, "addresses", "address"))):
            path = ("person", "addresses", "address", i, "country")
            country = self.text(_get(item, "country"), path)
            if country and country not in [c for c, _ in countries]:
                countries.append((country, path))
        if countries:
            self.person["address"] = {"country": countries[0][0]}
            self.comment(None, ("person", "address", "country"), "ISO 3166 country code, as ORCID gives it")
        for country, path in countries[1:]:
            self.warn(path, f"only one address fits person.address: country {country} not imported")

    def keywords(self, person: dict) -> None:
        out: list[str] = []
        split = False
        for i, item in enumerate(_list(_get(person, "keywords", "keyword"))):
            text = self.text(_get(item, "content"), ("person", "keywords", "keyword", i, "content"))
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

    # -- organisations ----------------------------------------------------------------------
    def org(self, o: Any, path: tuple, department: str | None = None,
            lost: str = "entry not imported") -> dict | None:
        """The registry entry for an ORCID organization (and department), deduplicated."""
        if not isinstance(o, dict):
            self.warn(path, f"no organization: {lost}" if o is None else
                      f"expected an organization object: {lost}")
            return None
        name = self.text(o.get("name"), path + ("name",))
        if not name:
            self.warn(path + ("name",), f"organization without a name: {lost}")
            return None
        addr = o.get("address") if isinstance(o.get("address"), dict) else {}
        city = self.text(addr.get("city"), path + ("address", "city"))
        region = self.text(addr.get("region"), path + ("address", "region"))
        country = self.text(addr.get("country"), path + ("address", "country"))
        dis = o.get("disambiguated-organization")
        dis = dis if isinstance(dis, dict) else {}
        ident = self.text(dis.get("disambiguated-organization-identifier"),
                          path + ("disambiguated-organization", "disambiguated-organization-identifier"))
        scheme = (self.text(dis.get("disambiguation-source"),
                            path + ("disambiguated-organization", "disambiguation-source")) or "").upper()
        keys: list[tuple] = []
        ror = None
        if ident and scheme:
            if scheme == "ROR":
                m = _ROR.match(ident)
                if m and re.fullmatch(PATTERNS["ror"].strip("^$"), m.group(1).lower()):
                    ror = m.group(1).lower()
                    ident = ror
                else:
                    self.warn(path + ("disambiguated-organization",), f"not a ROR id: {ident!r}: left out")
                    ident = None
            if ident:
                keys.append((scheme, ident.lower()))
        keys.append(("name", match_key(name), match_key(city or "")))
        entry = next((self.org_keys[k] for k in keys if k in self.org_keys), None)
        if entry is None:
            entry = {"name": name}
            kind = _guess_kind(name)
            if kind:
                entry["kind"] = kind
                self.comment(entry, ("kind",), "guessed from the name")
            self.orgs.append(entry)
            entry["_ids"] = []
        for field, value in (("locality", city), ("region", region), ("country", country), ("ror", ror)):
            if value and field not in entry:
                entry[field] = value
        if ident and scheme != "ROR" and f"{scheme} {ident}" not in entry["_ids"]:
            entry["_ids"].append(f"{scheme} {ident}")
            self.comment(entry, (), f"ORCID: {scheme} id {ident} (no field for it)")
        for k in keys:
            self.org_keys.setdefault(k, entry)
        if not department:
            return entry
        dkey = ("department", id(entry), match_key(department))
        dept = self.org_keys.get(dkey)
        if dept is None:
            dept = {"name": department, "kind": "department", "parent": Ref(entry), "_ids": []}
            self.org_keys[dkey] = dept
            self.orgs.append(dept)
            self.comment(dept, (), f"department-name of {name}")
        return dept

    # -- affiliations -----------------------------------------------------------------------
    def affiliations(self, section: Any, path: tuple, summary_key: str, target: str) -> None:
        if section is None:
            return
        if not isinstance(section, dict):
            self.warn(path, "expected an object: section not imported")
            return
        groups: list[list[tuple[Any, tuple]]] = []
        if "affiliation-group" in section:
            for g, group in enumerate(_list(section.get("affiliation-group"))):
                groups.append([(_get(summary, summary_key),
                                path + ("affiliation-group", g, "summaries", s, summary_key))
                               for s, summary in enumerate(_list(_get(group, "summaries")))])
        else:  # v2.x: the summaries straight in the section, one per affiliation
            groups = [[(summary, path + (summary_key, s))]
                      for s, summary in enumerate(_list(section.get(summary_key)))]
        for group in groups:
            versions = []
            for summary, spath in group:
                if isinstance(summary, dict):
                    versions.append((summary, spath))
                else:
                    self.warn(spath, "expected an object: entry not imported")
            if not versions:
                continue
            # versions of one affiliation (several sources, grouped by ORCID): the preferred one
            # (highest display-index), its gaps filled from the others
            versions = [v for _, v in sorted(enumerate(versions), key=_rank)]
            summary, spath = versions[0]
            if len(versions) > 1:
                summary = dict(summary)
                for key in ("role-title", "department-name", "start-date", "end-date", "organization", "url"):
                    if summary.get(key) is None:
                        summary[key] = next((v[0][key] for v in versions[1:] if v[0].get(key) is not None),
                                            None)
                codes = [str(v[0].get("put-code")) for v in versions]
                summary["_versions"] = (f"ORCID lists {len(versions)} versions of this entry (put-codes "
                                        f"{', '.join(codes)}): put-code {codes[0]} imported (the preferred "
                                        "one), gaps filled from the others")
            self.affiliation(summary, spath, path[-1], target)

    def affiliation(self, s: dict, path: tuple, section: str, target: str) -> None:
        role = self.text(s.get("role-title"), path + ("role-title",))
        dept = self.text(s.get("department-name"), path + ("department-name",))
        start = self.date(s.get("start-date"), path + ("start-date",))
        end = self.date(s.get("end-date"), path + ("end-date",))
        org_obj = s.get("organization")
        org_name = self.text(_get(org_obj, "name"), path + ("organization", "name")) \
            if isinstance(org_obj, dict) else None
        what = ", ".join(x for x in (role, dept, org_name, "–".join(x or "?" for x in (start, end))
                                     if start or end else None) if x) or "no details"
        singular = section[:-1].replace("-", " ")
        if start and end and ends_before(end, start):
            self.warn(path + ("end-date",), f"ends ({end}) before it starts ({start}): end date left out")
            end = None
        notes: list[str] = []
        url = self.text(_get(s, "url"), path + ("url",))
        if url:
            notes.append(f"url: {url}")
        for i, ext in enumerate(_list(_get(s, "external-ids", "external-id"))):
            epath = path + ("external-ids", "external-id", i)
            kind = self.text(_get(ext, "external-id-type"), epath + ("external-id-type",))
            value = self.text(_get(ext, "external-id-value"), epath + ("external-id-value",))
            if value:
                notes.append(f"{kind or 'id'}: {value}")
        if target == "awards":
            if not role:
                self.warn(path, f"a distinction without a role-title (the award's name) cannot be "
                                f"imported: {what}")
                return
            org = self.org(org_obj, path + ("organization",), dept, "no awarder")
            entry: dict[str, Any] = {"name": role}
            if start:
                entry["year"] = start[:4]
                if len(start) > 4:
                    entry["date"] = start
            if org:
                entry["awarder"] = Ref(org)
            if end and end != start:
                notes.append(f"until {end}")
            if notes:
                entry["notes"] = notes
            self.add_entry("awards", entry, s)
            return
        if target == "education":
            if not role:
                self.warn(path, f"{'an education' if section == 'educations' else 'a qualification'} "
                                f"without a role-title (the degree) cannot be imported: {what}")
                return
            org = self.org(org_obj, path + ("organization",))
            if org is None:
                return
            entry = {"degree": role}
            if dept:
                field = re.sub(r"^(the\s+)?(department|dept\.?|school|faculty|division)\s+of\s+", "", dept,
                               flags=re.I)
                entry["field"] = field
                self.comment(entry, ("field",), f"department-name {dept!r}" if field != dept
                             else "department-name")
            entry["institution"] = Ref(org)
            if start:
                entry["start"] = start
            if end:
                entry["end"] = end
            else:
                self.comment(entry, (), "no end date in ORCID: left open (unknown, or not finished)")
            if section == "qualifications":
                notes.insert(0, "qualification")
            if notes:
                entry["notes"] = notes
            self.add_entry("education", entry, s)
            return
        # employment / volunteer
        title = role
        if not title and section == "memberships":
            title = "Member"
        if not title or not start:
            missing = " and ".join(x for x, ok in (("a role-title", title), ("a start date", start))
                                   if not ok)
            self.warn(path, f"{'an' if singular[0] in 'aeiou' else 'a'} {singular} without {missing} "
                            f"cannot be imported ({target} needs both): {what}")
            return
        org = self.org(org_obj, path + ("organization",), dept)
        if org is None:
            return
        entry = {"title": title, "organization": Ref(org), "start": start}
        if title != role:
            self.comment(entry, ("title",), "no role-title in ORCID: a membership")
        ongoing = s.get("end-date") is None  # an end date given but unreadable is not "present"
        if end or ongoing:
            entry["end"] = end or "present"
        if ongoing:
            self.comment(entry, ("end",), "no end date in ORCID (shown there as ongoing)")
        if section == "invited-positions":
            notes.insert(0, "invited position")
            self.comment(entry, (), "ORCID invited position, imported as employment")
        elif section in ("memberships", "services"):
            self.comment(entry, (), f"ORCID {singular}")
        if notes:
            entry["notes"] = notes
        self.add_entry(target, entry, s)
        if section == "employments" and ongoing:
            self.ongoing.append((entry, org))

    def add_entry(self, section: str, entry: dict, summary: dict) -> None:
        self.sections[section].append(entry)
        if "_versions" in summary:
            self.comment(entry, (), summary["_versions"])

    # -- works ------------------------------------------------------------------------------
    def works(self, works: Any, bulk: list[tuple[Any, str]]) -> list[_Pub]:
        full: dict[str, tuple[dict, tuple]] = {}
        for item, where in bulk:
            path = (where,)
            if isinstance(item, dict) and isinstance(item.get("work"), dict):
                code = self.text(item["work"].get("put-code"), path + ("work", "put-code"))
                if code:
                    full[code] = (item["work"], path + ("work",))
                else:
                    self.warn(path + ("work",), "a full work without a put-code: not used")
            elif isinstance(item, dict) and isinstance(item.get("error"), dict):
                err = item["error"]
                self.warn(path + ("error",), f"ORCID could not give this work: {err.get('response-code')} "
                          f"{err.get('user-message') or err.get('developer-message') or ''}".rstrip())
            else:
                self.warn(path, "expected {\"work\": …} or {\"error\": …}: not used")
        groups: list[tuple[list[tuple[dict, tuple]], tuple, Any]] = []
        used: set[str] = set()
        path = ("activities-summary", "works")
        if works is not None and not isinstance(works, dict):
            self.warn(path, "expected an object: works not imported")
            works = None
        for g, group in enumerate(_list(_get(works, "group"))):
            gpath = path + ("group", g)
            summaries = []
            for s, summary in enumerate(_list(_get(group, "work-summary"))):
                if isinstance(summary, dict):
                    summaries.append((summary, gpath + ("work-summary", s)))
                else:
                    self.warn(gpath + ("work-summary", s), "expected an object: not imported")
            if summaries:
                groups.append((summaries, gpath, _get(group, "external-ids")))
        for summaries, _, _ in groups:
            for summary, spath in summaries:
                code = self.text(summary.get("put-code"), spath + ("put-code",))
                if code:
                    used.add(code)
        for code, (work, wpath) in full.items():
            if code not in used:  # a full work the record does not list (or a bulk answer alone)
                groups.append(([(work, wpath)], wpath, None))
        pubs = [self.pub(summaries, gpath, group_ids, full) for summaries, gpath, group_ids in groups]
        return self.merge([p for p in pubs if p is not None])

    def pub(self, summaries: list[tuple[dict, tuple]], gpath: tuple, group_ids: Any,
            full: dict[str, tuple[dict, tuple]]) -> _Pub | None:
        ordered = [v for _, v in sorted(enumerate(summaries), key=_rank)]
        pub = _Pub(gpath)
        versions: list[tuple[dict, tuple]] = []  # (work or summary, path): the preferred first
        for summary, spath in ordered:
            code = self.text(summary.get("put-code"), spath + ("put-code",))
            if code and code not in pub.put_codes:
                pub.put_codes.append(code)
            if code and code in full and full[code][0] is not summary:
                versions.append(full[code])
            versions.append((summary, spath))
        if len(summaries) > 1:
            pub.comments.append(((), f"ORCID lists {len(summaries)} versions of this work (put-codes "
                                     f"{', '.join(pub.put_codes)}): fields from put-code {pub.put_codes[0]}"
                                     " (the preferred version), gaps filled from the others"))
        for work, wpath in versions:
            self.work_fields(pub, work, wpath)
        for i, ext in enumerate(_list(_get(group_ids, "external-id"))):
            self.ext_id(pub, ext, gpath + ("external-ids", "external-id", i))
        if "title" not in pub.fields:
            self.warn(gpath, f"a work without a title cannot be imported (put-codes "
                             f"{', '.join(pub.put_codes) or 'none'})")
            return None
        # the DOI: the first valid self DOI; further ones are other identifiers of the same work
        for kind, value, rel, path in list(pub.ids):
            if kind == "doi" and rel == "self":
                doi = self.doi(value, path)
                pub.ids.remove((kind, value, rel, path))
                if doi and pub.doi is None:
                    pub.doi, pub.doi_key = doi, doi.lower()
                    if doi != value:
                        pub.comments.append((("doi",), f"DOI written {value!r} in ORCID: prefix removed"))
                elif doi and doi.lower() != pub.doi_key:
                    pub.ids.append(("doi", doi, "self", path))
        return pub

    def work_fields(self, pub: _Pub, w: dict, path: tuple) -> None:
        f = pub.fields
        title = self.text(_get(w, "title", "title"), path + ("title", "title"))
        if title and "title" not in f:
            sub = self.text(_get(w, "title", "subtitle"), path + ("title", "subtitle"))
            f["title"] = f"{title}: {sub}" if sub else title
            if sub:
                pub.comments.append((("title",), "title and subtitle joined"))
            tr = self.text(_get(w, "title", "translated-title"), path + ("title", "translated-title"))
            if tr:
                lang = self.text(_get(w, "title", "translated-title", "language-code"), path)
                pub.notes.append(f"translated title{f' ({lang})' if lang else ''}: {tr}")
        raw_type = self.text(w.get("type"), path + ("type",))
        if raw_type and "type" not in f:
            f["type"] = (raw_type.lower().replace("_", "-"), path + ("type",))
        if "year" not in f and w.get("publication-date") is not None:
            year = self.date(w.get("publication-date"), path + ("publication-date",))
            if year:
                f["year"] = year
        journal = self.text(w.get("journal-title"), path + ("journal-title",))
        if journal and "journal" not in f:
            f["journal"] = journal
        url = self.text(w.get("url"), path + ("url",))
        if url and "url" not in f:
            if re.fullmatch(PATTERNS["url"].strip("^$"), url):
                f["url"] = url
            else:
                self.warn(path + ("url",), f"not an http(s) URL: {url!r}: left out")
        for i, ext in enumerate(_list(_get(w, "external-ids", "external-id"))):
            self.ext_id(pub, ext, path + ("external-ids", "external-id", i))
        contributors = _list(_get(w, "contributors", "contributor"))
        if contributors and not pub.contributors:
            pub.contributors = [(c, path + ("contributors", "contributor", i))
                                for i, c in enumerate(contributors)]
            pub.contributor_source = _fmt(path)
        desc = self.text(w.get("short-description"), path + ("short-description",))
        if desc and not any(n.startswith("abstract: ") for n in pub.notes):
            pub.notes.append(f"abstract: {desc}")
        ctype = self.text(_get(w, "citation", "citation-type"), path + ("citation", "citation-type"))
        cvalue = _get(w, "citation", "citation-value")
        if isinstance(cvalue, str) and cvalue.strip() and pub.citation is None:
            pub.citation = ((ctype or "").lower(), cvalue, path + ("citation",))

    def ext_id(self, pub: _Pub, ext: Any, path: tuple) -> None:
        if not isinstance(ext, dict):
            self.warn(path, "expected an external-id object: left out")
            return
        kind = (self.text(ext.get("external-id-type"), path + ("external-id-type",)) or "").lower()
        value = self.text(ext.get("external-id-value"), path + ("external-id-value",))
        rel = (self.text(ext.get("external-id-relationship"), path + ("external-id-relationship",))
               or "self").lower().replace("_", "-")
        if not kind or not value:
            if kind or value:
                self.warn(path, f"external id without a {'value' if kind else 'type'} "
                                f"({kind or value!r}): left out")
            return
        if any(k == kind and match_key(v) == match_key(value) and r == rel for k, v, r, _ in pub.ids):
            return
        pub.ids.append((kind, value, rel, path))

    def doi(self, value: str, path: tuple) -> str | None:
        bare = strip_doi_prefix(value.strip())
        if not re.fullmatch(PATTERNS["doi"].strip("^$"), bare):
            self.warn(path + ("external-id-value",), f"not a DOI: {value!r}: left out")
            return None
        return bare

    def merge(self, pubs: list[_Pub]) -> list[_Pub]:
        """Works whose groups carry the same DOI are one publication."""
        out: list[_Pub] = []
        by_doi: dict[str, _Pub] = {}
        for pub in pubs:
            first = by_doi.get(pub.doi_key) if pub.doi_key else None
            if first is None:
                out.append(pub)
                if pub.doi_key:
                    by_doi[pub.doi_key] = pub
                continue
            first.put_codes += [c for c in pub.put_codes if c not in first.put_codes]
            mine, theirs = first.fields.get("type", (None,))[0], pub.fields.get("type", (None,))[0]
            if theirs in KINDS and mine not in KINDS:  # a type we can map beats one we cannot
                first.fields["type"] = pub.fields["type"]
                first.comments.append((("kind",), f"ORCID types differ between the merged groups "
                                                  f"({mine or 'none'}, {theirs}): {theirs} used"))
            for k, v in pub.fields.items():
                first.fields.setdefault(k, v)
            for item in pub.ids:
                if not any(item[:3] == other[:3] for other in first.ids):
                    first.ids.append(item)
            if not first.contributors and pub.contributors:
                first.contributors, first.contributor_source = pub.contributors, pub.contributor_source
            if first.citation is None:
                first.citation = pub.citation
            first.notes += [n for n in pub.notes if n not in first.notes]
            first.comments += [c for c in pub.comments if c[0] == ()]
            first.comments.append(((), f"merged with {_fmt(pub.path)} (same DOI {pub.doi} in two ORCID "
                                       f"groups): put-codes {', '.join(first.put_codes)}"))
        return out

    # -- a publication's record -------------------------------------------------------------
    def publication(self, pub: _Pub) -> dict:
        f = pub.fields
        rec: dict[str, Any] = {}
        raw_type, tpath = f.get("type", (None, pub.path))
        kind = KINDS.get(raw_type or "")
        if kind is None:
            kind = "other"
            self.warn(tpath, f"work type {raw_type!r} has no equivalent: imported as kind: other"
                      if raw_type else "a work without a type: imported as kind: other")
            if raw_type:
                pub.notes.insert(0, f"ORCID work type: {raw_type}")
        elif raw_type in TYPE_NOTES:
            pub.notes.insert(0, TYPE_NOTES[raw_type])
            pub.comments.append((("kind",), f"ORCID type {raw_type}"))
        rec["kind"] = kind
        rec["title"] = f["title"]
        authors, editors = self.contributors(pub, rec)
        rec["authors"] = authors
        if editors:
            rec["editors"] = editors
        journal = f.get("journal")
        venue_kind = VENUE_KINDS.get(kind)
        if journal and venue_kind:
            rec["venue"] = Ref(self.venue(journal, venue_kind))
        elif journal:
            pub.notes.append(f"in: {journal}")
            pub.comments.append((("notes",), f"ORCID journal-title: no venue kind fits a {kind} "
                                             "publication, kept as a note"))
        if "year" in f:
            rec["year"] = f["year"]
        self.citation(pub, rec)
        if pub.doi:
            rec["doi"] = pub.doi
        if "url" in f:
            rec["url"] = f["url"]
        identifiers: list[str] = []
        for kind_, value, rel, path in pub.ids:
            self.identifier(pub, rec, identifiers, kind_, value, rel, path)
        identifiers += [f"orcid-put-code:{c}" for c in pub.put_codes]
        if identifiers:
            rec["identifiers"] = identifiers
        if pub.notes:
            rec["notes"] = pub.notes
        return rec

    def identifier(self, pub: _Pub, rec: dict, identifiers: list[str], kind: str, value: str,
                   rel: str, path: tuple) -> None:
        vpath = path + ("external-id-value",)
        if rel != "self":
            if kind == "issn" and rel == "part-of" and isinstance(rec.get("venue"), Ref) \
                    and rec["venue"].entry["kind"] == "journal":
                issn = value.upper()
                if re.fullmatch(r"\d{8}|\d{7}X", issn):
                    issn = f"{issn[:4]}-{issn[4:]}"
                venue = rec["venue"].entry
                if re.fullmatch(PATTERNS["issn"].strip("^$"), issn):
                    venue.setdefault("issn", issn)
                    return
                self.warn(vpath, f"not an ISSN: {value!r}: kept as a note")
            pub.notes.append(f"{RELATIONS.get(rel, rel)} {kind}:{value}")
            return
        if kind == "arxiv":
            bare = _ARXIV_PREFIX.sub("", value)
            bare = re.sub(r"\.pdf$", "", bare)
            if not re.fullmatch(PATTERNS["arxiv"].strip("^$"), bare):
                self.warn(vpath, f"not an arXiv id: {value!r}: left out")
            elif "arxiv" not in rec:
                rec["arxiv"] = bare
                if bare != value:
                    pub.comments.append((("arxiv",), f"arXiv id written {value!r} in ORCID"))
            elif bare != rec["arxiv"]:
                identifiers.append(f"arxiv:{bare}")
            return
        if kind == "isbn":
            digits = re.sub(r"[\s-]", "", re.sub(r"^isbn[:\s]*", "", value, flags=re.I))
            if not re.fullmatch(r"\d{9}[\dXx]|\d{13}", digits):
                self.warn(vpath, f"not an ISBN: {value!r}: left out")
            elif "isbn" not in rec:
                rec["isbn"] = value
            elif match_key(value) != match_key(rec["isbn"]):
                identifiers.append(f"isbn:{value}")
            return
        text = value if value.lower().startswith(f"{kind}:") else f"{kind}:{value}"
        if not re.fullmatch(PATTERNS["identifier"].strip("^$"), text):
            pub.notes.append(f"{kind}: {value}")
            pub.comments.append((("notes",), f"ORCID external id {kind} {value!r} is not a \"scheme:value\" "
                                             "identifier: kept as a note"))
        elif text not in identifiers:
            identifiers.append(text)

    def citation(self, pub: _Pub, rec: dict) -> None:
        if pub.citation is None:
            return
        ctype, value, path = pub.citation
        if ctype != "bibtex":
            pub.comments.append(((), f"ORCID {ctype or 'untyped'} citation not imported (a rendering of "
                                     "the same fields)"))
            return
        found = {}
        for m in _BIB_FIELD.finditer(value):
            text = " ".join((m.group(2) or m.group(3) or m.group(4) or "").split())
            if text:
                found.setdefault(m.group(1).lower(), text)
        for bib, field in (("volume", "volume"), ("number", "issue"), ("pages", "pages")):
            if bib in found:
                rec[field] = found[bib].replace("--", "-")
        if found:
            pub.comments.append(((), f"{', '.join(k for k in ('volume', 'issue', 'pages') if k in rec)} "
                                     "from the work's BibTeX citation"))

    # -- contributors -------------------------------------------------------------------------
    def contributors(self, pub: _Pub, rec: dict) -> tuple[list, list]:
        owner_name = self.person["name"]
        if not pub.contributors:
            pub.comments.append((("authors",), "ORCID gives no contributors for this work: the owner "
                                               "is listed as sole author (fetch the full works, see "
                                               "cvgraph.importers.orcid)"))
            return [Author(owner_name, None)], []
        entries = []
        for n, (c, path) in enumerate(pub.contributors):
            if not isinstance(c, dict):
                self.warn(path, "expected a contributor object: left out")
                continue
            attrs = c.get("contributor-attributes")
            attrs = attrs if isinstance(attrs, dict) else {}
            seq = (self.text(attrs.get("contributor-sequence"), path) or "").lower()
            role = (self.text(attrs.get("contributor-role"), path) or "author").lower().replace("_", "-")
            name = self.text(c.get("credit-name"), path + ("credit-name",))
            raw = self.text(_get(c, "contributor-orcid", "path") or _get(c, "contributor-orcid", "uri"),
                            path + ("contributor-orcid", "path"))
            orcid = self.orcid(raw, path + ("contributor-orcid", "path")) if raw else None
            entries.append((0 if seq == "first" else 1, n, c, path, role, name, orcid))
        entries.sort(key=lambda e: e[:2])
        authors: list[Author] = []
        editors: list[Author] = []
        owner_found = False
        for _, _, _c, path, role, name, orcid in entries:
            is_owner = bool(orcid and orcid == self.owner_orcid)
            if not name:
                if is_owner:
                    name = owner_name
                    pub.comments.append((("authors",), "the owner's contributor entry has no name: "
                                                       "the owner's name is used"))
                else:
                    self.warn(path, "a contributor without a name" + (f" (ORCID {orcid})" if orcid else "")
                              + ": left out of the author list")
                    continue
            if role in ("author", "") or role.startswith("http://credit.niso.org/") \
                    or role.startswith("https://credit.niso.org/"):
                target = authors
            elif role == "editor":
                target = editors
            else:
                pub.notes.append(f"{role}: {name}")
                self.warn(path, f"contributor role {role!r} ({name}) is neither author nor editor: "
                                "kept as a note")
                continue
            if not is_owner and not orcid and self.owner_variant(name):
                is_owner = True
            if is_owner:
                owner_found = True
                target.append(Author(name, None))
                self.owner_variants.append(name)
            else:
                target.append(Author(name, self.coauthor(name, orcid)))
        if not owner_found:
            candidates = [(lst, i) for lst in (authors, editors) for i, a in enumerate(lst)
                          if a.person is not None and not a.person.get("orcid")
                          and self.owner_initials(a.printed)]
            if len(candidates) == 1:
                lst, i = candidates[0]
                a = lst[i]
                self.unuse(a.person, a.printed)
                lst[i] = Author(a.printed, None)
                self.owner_variants.append(a.printed)
                pub.comments.append((("authors",), f"{a.printed!r} taken to be the owner (initials match)"))
            else:
                self.warn(pub.path, f"the owner is not among the contributors of {rec['title'][:60]!r} "
                          f"(from {pub.contributor_source}): check the author list")
        if not authors and not editors:
            self.warn(pub.path, "no author or editor among the contributors: the owner is listed as "
                                "sole author")
            authors = [Author(owner_name, None)]
        return authors, editors

    def owner_names(self) -> list[str]:
        return [self.person["name"], *self.aliases, *self.owner_variants]

    def owner_variant(self, name: str) -> bool:
        """The same words as a known owner name, in any order."""
        words = sorted(match_key(name).split())
        return any(sorted(match_key(n).split()) == words for n in self.owner_names())

    def owner_initials(self, name: str) -> bool:
        """``S. Lee``, ``Lee, S.``, ``S Lee`` for Sunwoo Lee."""
        given, family = self.person.get("given_name"), self.person.get("family_name")
        if not given or not family:
            parts = self.person["name"].split()
            if len(parts) < 2:
                return False
            given, family = " ".join(parts[:-1]), parts[-1]
        if "," in name:
            fam, _, giv = name.partition(",")
        else:
            words = name.split()
            if len(words) < 2:
                return False
            if match_key(words[-1]) == match_key(family):
                fam, giv = words[-1], " ".join(words[:-1])
            else:
                fam, giv = words[0], " ".join(words[1:])
        if match_key(fam) != match_key(family):
            return False
        initials = re.findall(r"[A-Za-z]", re.sub(r"[^A-Za-z\s.-]", "", giv))
        tokens = [t for t in re.split(r"[\s.\-]+", giv) if t]
        if not tokens or any(len(t) > 1 for t in tokens):
            return False
        own = [w[0].lower() for w in re.split(r"[\s\-]+", given) if w]
        return [c.lower() for c in initials][: len(own)] == own[: len(initials)] and bool(initials)

    def coauthor(self, name: str, orcid: str | None) -> dict:
        """The ``people`` entry for a co-author: one per ORCID iD, else one per name."""
        key = match_key(name)
        if orcid:
            person = self.people_by_orcid.get(orcid)
            if person is None:
                person = {"name": name, "aliases": [], "orcid": orcid, "_uses": {}}
                self.people.append(person)
                self.people_by_orcid[orcid] = person
                self.people_by_name.setdefault(key, []).append(person)
        else:
            same = self.people_by_name.get(key, [])
            person = same[0] if len(same) == 1 else None
            if person is None:
                person = {"name": name, "aliases": [], "_uses": {}}
                self.people.append(person)
                self.people_by_name.setdefault(key, []).append(person)
        if loader_key(name) != loader_key(person["name"]) and name not in person["aliases"]:
            person["aliases"].append(name)
            same = self.people_by_name.setdefault(match_key(name), [])
            if person not in same:
                same.append(person)
        person["_uses"][name] = person["_uses"].get(name, 0) + 1
        return person

    def unuse(self, person: dict, name: str) -> None:
        person["_uses"][name] -= 1

    # -- venues -----------------------------------------------------------------------------
    def venue(self, name: str, kind: str) -> dict:
        key = (match_key(name), kind)
        venue = self.venue_keys.get(key)
        if venue is None:
            venue = {"name": name, "kind": kind}
            self.venue_keys[key] = venue
            self.venues.append(venue)
        return venue

    # -- not mapped -------------------------------------------------------------------------
    def unmapped(self, record: dict, activities: dict) -> None:
        path = ("activities-summary", "fundings")
        for g, group in enumerate(_list(_get(activities, "fundings", "group"))):
            for s, summary in enumerate(_list(_get(group, "funding-summary"))):
                spath = path + ("group", g, "funding-summary", s)
                title = self.text(_get(summary, "title", "title"), spath + ("title", "title")) or "untitled"
                org = self.text(_get(summary, "organization", "name"), spath + ("organization", "name"))
                start = self.date(_get(summary, "start-date"), spath + ("start-date",))
                what = ", ".join(x for x in (org, start) if x)
                self.warn(spath, f"funding {title!r}{f' ({what})' if what else ''} not imported: the "
                                 "format has no section for grants")
        path = ("activities-summary", "peer-reviews")
        for g, group in enumerate(_list(_get(activities, "peer-reviews", "group"))):
            reviews = [r for sub in _list(_get(group, "peer-review-group"))
                       for r in _list(_get(sub, "peer-review-summary"))]
            ids = [self.text(_get(e, "external-id-value"), path) for e in
                   _list(_get(group, "external-ids", "external-id"))]
            org = next((self.text(_get(r, "convening-organization", "name"), path) for r in reviews
                        if self.text(_get(r, "convening-organization", "name"), path)), None)
            years = sorted({y for r in reviews for y in
                            [self.date(_get(r, "completion-date"), path + ("group", g))] if y})
            what = ", ".join(x for x in (", ".join(i for i in ids if i) or None, org,
                                         f"{years[0][:4]}–{years[-1][:4]}" if years else None) if x)
            self.warn(path + ("group", g), f"{len(reviews)} peer review(s){f' ({what})' if what else ''} "
                                           "not imported: service entries need a named venue")
        for g, group in enumerate(_list(_get(activities, "research-resources", "group"))):
            for s, summary in enumerate(_list(_get(group, "research-resource-summary"))):
                spath = ("activities-summary", "research-resources", "group", g,
                         "research-resource-summary", s)
                title = self.text(_get(summary, "proposal", "title", "title"), spath) or "untitled"
                self.warn(spath, f"research resource {title!r} not imported: the format has no "
                                 "section for it")

    # -- the document -----------------------------------------------------------------------
    def finish(self, record: dict, pubs: list[_Pub]) -> Imported:
        data = self.imp.data
        p = self.person
        publications = [(self.publication(pub), pub) for pub in pubs]
        # owner: aliases, affiliation, job title
        aliases: list[str] = []
        seen = {loader_key(p["name"])}
        for alias in [*self.aliases, *self.owner_variants]:
            if loader_key(alias) not in seen:
                seen.add(loader_key(alias))
                aliases.append(alias)
        if aliases:
            p["aliases"] = aliases
            self.comment(None, ("person", "aliases"), "ORCID name variants and the owner's names as "
                                                     "printed in author lists")
        if self.ongoing:
            affiliation: list[Ref] = []
            for _entry, org in self.ongoing:
                chain = [org]
                while isinstance(chain[-1].get("parent"), Ref):
                    chain.append(chain[-1]["parent"].entry)
                for o in chain:
                    if not any(r.entry is o for r in affiliation):
                        affiliation.append(Ref(o))
            p["job_title"] = self.ongoing[0][0]["title"]
            p["affiliation"] = affiliation
            self.comment(None, ("person", "job_title"), "the first ongoing ORCID employment")
            self.comment(None, ("person", "affiliation"), "organisations of the ongoing ORCID employments")
        # document IRI
        if not p.get("homepage"):
            if p.get("orcid"):
                data["base"] = f"https://pub.orcid.org/v3.0/{p['orcid']}/record"
                self.comment(None, ("base",), "the ORCID record this was imported from; set person.homepage "
                                              "(and remove base) to mint IRIs under your own page")
            else:
                self.warn((), "no ORCID iD and no homepage: set base: (the CV's document IRI) by hand")
        stamps = [_ms_date(_get(record, *k, "value")) for k in
                  (("history", "last-modified-date"), ("person", "last-modified-date"),
                   ("activities-summary", "last-modified-date"))]
        stamps = [s for s in stamps if s]
        if stamps:
            data["updated"] = max(stamps)
            self.comment(None, ("updated",), "the ORCID record's last modification")
        data["person"] = p
        # registries: ids, then references
        self.assign_ids("organizations", self.orgs)
        self.assign_ids("venues", self.venues)
        people = [person for person in self.people if any(person["_uses"].values())]
        for person in people:
            person["aliases"] = [a for a in person["aliases"] if person["_uses"].get(a)]
            if not person["_uses"].get(person["name"]):  # its canonical spelling is used nowhere now
                used = [a for a in person["aliases"]]
                person["name"], person["aliases"] = used[0], used[1:]
        self.assign_ids("people", people)
        if self.orgs:
            data["organizations"] = self.orgs
        if people:
            data["people"] = people
        if self.venues:
            data["venues"] = self.venues
        for section in ("education", "employment", "volunteer", "awards"):
            if self.sections[section]:
                data[section] = self.sections[section]
        if publications:
            data["publications"] = [rec for rec, _ in publications]
        self.resolve_authors(data, people)
        self.pub_ids([rec for rec, _ in publications])
        # comments: anchors → final paths
        anchors: dict[int, tuple] = {}
        for section in ("organizations", "people", "venues", "education", "employment", "volunteer",
                        "awards"):
            for i, entry in enumerate(data.get(section, [])):
                anchors[id(entry)] = (section, i)
        for i, (_rec, pub) in enumerate(publications):
            for sub, text in pub.comments:
                self.imp.comment(("publications", i) + sub, text)
        for anchor, sub, text in self.comments:
            if anchor is None:
                self.imp.comment(sub, text)
            elif id(anchor) in anchors:
                self.imp.comment(anchors[id(anchor)] + sub, text)
        # clean up and put the keys in the format's order
        for entry in self.orgs + people:
            entry.pop("_ids", None)
            entry.pop("_uses", None)
            if "aliases" in entry and not entry["aliases"]:
                del entry["aliases"]
        self.imp.data = _ordered(_resolve({"cvgraph": 1, **data}), FORMAT)
        return self.imp

    def assign_ids(self, kind: str, entries: list[dict]) -> None:
        """Ids that are unique and never equal to another entry's name or alias (refs resolve by
        id, name or alias); written only where they differ from the default slug of the name."""
        names: dict[str, int] = {}
        for entry in entries:
            for n in {loader_key(entry["name"]), *(loader_key(a) for a in entry.get("aliases", []))}:
                names[n] = names.get(n, 0) + 1
        taken: set[str] = set()
        for entry in entries:
            base = slug(entry["name"])
            if entry.get("kind") == "department" and isinstance(entry.get("parent"), Ref):
                parent = entry["parent"].entry
                base = slug(f"{parent.get('_slug') or slug(parent['name'])} {entry['name']}")
            own = {loader_key(entry["name"]), *(loader_key(a) for a in entry.get("aliases", []))}
            ident = numbered(base, lambda i, own=own: i in taken
                             or names.get(loader_key(i), 0) - (loader_key(i) in own) > 0)
            taken.add(ident)
            entry["_slug"] = ident
            if ident != slug(entry["name"]):
                entry["id"] = ident

    def resolve_authors(self, data: dict, people: list[dict]) -> None:
        """Plain printed names where the loader resolves them to the intended person by name
        alone; ``{name, ref}`` otherwise."""
        person = data["person"]
        owner_keys = {loader_key(n) for n in [person["name"], *person.get("aliases", [])]}
        names: dict[str, set[int]] = {}
        for entry in people:
            for n in {entry["_slug"], entry["name"], *entry.get("aliases", [])}:
                names.setdefault(loader_key(n), set()).add(id(entry))
        for rec in data.get("publications", []):
            for key in ("authors", "editors"):
                if key not in rec:
                    continue
                out = []
                for a in rec[key]:
                    k = loader_key(a.printed)
                    found = names.get(k, set())
                    if a.person is None:
                        plain = k in owner_keys and not found
                        out.append(a.printed if plain else {"name": a.printed, "ref": "me"})
                    else:
                        plain = found == {id(a.person)} and k not in owner_keys
                        out.append(a.printed if plain else {"name": a.printed, "ref": Ref(a.person)})
                rec[key] = out

    def pub_ids(self, recs: list[dict]) -> None:
        taken: dict[str, int] = {}
        for rec in recs:
            default = default_pub_id(rec)
            n = taken.get(default, 0) + 1
            taken[default] = n
            if n > 1:
                rec["id"] = f"{default}-{n}"


def _resolve(value: Any) -> Any:
    if isinstance(value, Ref):
        return value.entry["_slug"]
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items() if k != "_slug"}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def _ordered(value: Any, fields: dict[str, F] | None) -> Any:
    """Keys in the order the format lists them (unknown keys last, as they are)."""
    if not isinstance(value, dict) or fields is None:
        return value
    out = {}
    for key in [k for k in fields if k in value] + [k for k in value if k not in fields]:
        spec = fields.get(key)
        item = value[key]
        if spec is not None and spec.kind == "obj":
            item = _ordered(item, spec.of)
        elif spec is not None and spec.kind == "list" and spec.of is not None and spec.of.kind == "obj":
            item = [_ordered(v, spec.of.of) for v in item]
        out[key] = item
    return out
