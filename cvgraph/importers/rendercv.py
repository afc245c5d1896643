"""RenderCV (https://rendercv.com, input format v2) YAML → cvgraph records.

``convert(text, source, me=None)`` follows :mod:`cvgraph.importers.base`: it never raises on bad
content; whatever it cannot map becomes a warning at the entry's line (``cv.yaml:41: warning:
section 'Hobbies', entry 1 (TextEntry): …``) and every judgement call becomes a comment on the
place in the records it concerns. Only a file that is not YAML, or YAML without a ``cv:`` mapping
(nor a bare ``sections:`` mapping), raises :class:`~cvgraph.errors.ImportError_`. The YAML is read
with :mod:`cvgraph.yamlsafe` (safe, size and alias limits).

What is read (RenderCV's own data model, ``rendercv.schema.models.cv``):

- ``cv`` header: ``name``, ``headline`` (→ ``job_title``), ``location`` (→ ``address``: "City,
  Country", "City, ST" (a US state), "City, Region, Country"), ``email``/``phone``/``website``
  (a value or a list; the first email and phone are kept, a warning names the others; the first
  website is ``homepage``, the others ``links``), ``photo`` (an http(s) URL → ``image``; a file
  path cannot be imported: warning), ``social_networks`` [{network, username}] → ``links`` with
  the URL RenderCV builds, except ORCID → ``orcid`` and Google Scholar → ``scholar``; Mastodon
  usernames are ``@user@host``; an unknown network is a warning. ``custom_connections`` with an
  http(s) ``url`` → ``links``.
- ``design``, ``locale``, ``locale_catalog``, ``rendercv_settings`` and ``settings`` are layout
  and tooling settings: ignored, with one warning listing them.
- ``sections``: a mapping of section title → list of entries. The entry type is inferred from the
  keys as RenderCV does (the first type one of whose own fields is present, in RenderCV's order):
  OneLineEntry {label, details}, NormalEntry {name}, ExperienceEntry {company, position},
  EducationEntry {institution, area, degree}, PublicationEntry {title, authors, doi, url,
  journal}, BulletEntry {bullet}, NumberedEntry {number}, ReversedNumberedEntry
  {reversed_number}; a plain string is a TextEntry. Every dated entry has ``date`` (free text) or
  ``start_date``/``end_date``; ``location``, ``summary`` and ``highlights`` for the first three
  of those types; ``tags`` are RenderCV filtering metadata (ignored, one warning).

Where entries go: EducationEntry → ``education``; ExperienceEntry → ``employment`` (``internships``
under a title naming internships, ``volunteer`` under volunteer or service titles);
PublicationEntry → ``publications``. The other types go by the section title (snake_case keys
read as words): Experience/Employment/Positions → employment, Internships, Education,
Publications/Papers/Preprints, Awards/Honors/Fellowships/Grants → awards, Talks/Presentations →
talks, Teaching → teaching, Service/Reviewing/Committees → service, Skills/Technologies →
skills, Projects, Languages, Interests, Volunteer, Certificates, Summary/About → ``person.summary``.
Text that cannot be mapped (prose, unknown section titles, an entry missing what the record
format requires) is a warning naming the section and entry; in a section that already gave a
record, it is kept as a note on that record.

Judgement calls, each commented where it applies:

- Owner: in PublicationEntry ``authors`` the owner is marked with markdown emphasis (``*Name*``,
  ``**Name**``, ``***Name***``, ``_Name_``); the markers are stripped and every printed variant
  goes to ``person.aliases``. Unmarked authors equal to the owner's name (same letters, accents
  aside; or, in a list with no marker, the owner's initial and family name) are the owner too.
  Footnote marks after a name (``Rosa Diaz*``, ``†``) are dropped. Other authors go
  to ``people`` (one entry per distinct name; names with the same slug are merged as aliases).
  A trailing "et al."/"others" is the ``et_al`` flag. With ``me`` (a name or an ORCID iD), that
  name is the owner's name when the CV gives none, and an author printed so is the owner.
- Dates: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and ``present`` as written; free text in ``date``:
  ``2023-2031``/``2019 – present``/``Jan 2020 – Mar 2021`` are ranges, month names and ``MM/YYYY``
  are months, ``Fall 2023`` is a term (for teaching; elsewhere the year 2023), anything else is a
  warning and the date is left out. As in RenderCV, ``date`` wins over ``start_date``/
  ``end_date``, a start alone is ongoing (``present``), an end alone is a single date. A single
  date is a role's start and end, an education's end (graduation).
- Publications: ``kind`` from the venue text (arXiv and similar → preprint in a repository
  venue; "Workshop" → workshop; thesis/dissertation → thesis), then from the section title
  ("Preprints", "Journal Articles", "Conference Papers"), then conference/journal words and
  well-known conference acronyms; a venue with no sign of either is a journal (RenderCV calls
  the field ``journal``); no venue at all is ``other``. In ``journal``, a year is removed from the
  venue name (it gives the year when ``date`` is missing), ``vol.``/``no.``/``pp.``/``12(3)`` parts
  give volume/issue/pages, and remarks such as "Spotlight" or "Best Paper Award" become notes.
  DOI: ``https://doi.org/`` and ``doi:`` prefixes dropped; an arXiv DOI or arxiv.org URL gives
  ``arxiv``.
- Teaching: terms from ``date`` ("Fall 2023", "Fall 2021, Spring 2022", "Fall 2022 – Spring 2023":
  the terms printed), else worked out from month dates; one record per course (same code, or same
  title without code, at one institution), its offerings merged. No institution printed: the
  current academic employer, else a warning. Service: "Role, Venue", "Role: Venue (2021, 2022),
  Venue (2023)" and "Venue Role" give one record per venue (kind guessed: journal words, else a
  conference); no venue or no year is a warning. Talks: text after a dash or the summary is the
  host when it names an organisation, else the series.
- Organisations (institution, company, talk host, teaching institution) go to the
  ``organizations`` registry, one entry per distinct name, ``kind`` guessed from the name, the
  entry's ``location`` as its address; ``[Name](url)`` gives its ``url``. Employment that is
  ongoing makes its organisation the owner's ``affiliation``.
- Markdown (``**bold**``, ``*italic*``, ``[text](url)``, ``\\*`` escapes) becomes plain text; a
  link's URL goes to the record's ``url`` where there is one, and stays in notes as
  ``text (url)``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cvgraph.errors import ImportError_, RecordError
from cvgraph.records.loader import slug
from cvgraph.records.spec import FORMAT, PATTERNS, F
from cvgraph.records.yamlsafe import Loaded, load_yaml
from cvgraph.importers.base import Imported
from cvgraph.importers.common import (
    CONTROL,
    MONTHS,
    PRESENT,
    arxiv_in_url,
    default_pub_id,
    doi_in_url,
    ends_before,
    fold,
    loader_key,
    numbered,
    strip_doi_prefix,
    valid_orcid,
)

__all__ = ["convert"]

# ----------------------------------------------------------------------------- RenderCV's model

# In RenderCV's order of detection (rendercv.schema.models.cv.section: the first type one of
# whose characteristic fields is present wins).
ENTRY_TYPES = (
    ("OneLineEntry", {"label", "details"}),
    ("NormalEntry", {"name"}),
    ("ExperienceEntry", {"company", "position"}),
    ("EducationEntry", {"institution", "area", "degree"}),
    ("PublicationEntry", {"title", "authors", "doi", "url", "journal"}),
    ("BulletEntry", {"bullet"}),
    ("NumberedEntry", {"number"}),
    ("ReversedNumberedEntry", {"reversed_number"}),
)
_DATED = {"date", "start_date", "end_date", "location", "summary", "highlights"}
FIELDS = {
    "OneLineEntry": {"label", "details"},
    "NormalEntry": {"name"} | _DATED,
    "ExperienceEntry": {"company", "position"} | _DATED,
    "EducationEntry": {"institution", "area", "degree"} | _DATED,
    "PublicationEntry": {"title", "authors", "summary", "doi", "url", "journal", "date"},
    "BulletEntry": {"bullet"},
    "NumberedEntry": {"number"},
    "ReversedNumberedEntry": {"reversed_number"},
}
TEXT_KEY = {"BulletEntry": "bullet", "NumberedEntry": "number", "ReversedNumberedEntry": "reversed_number"}
CV_KEYS = {"name", "headline", "location", "email", "photo", "phone", "website", "social_networks",
           "custom_connections", "sections"}
SETTINGS_BLOCKS = ("design", "locale", "locale_catalog", "rendercv_settings", "settings")

# Profile URL prefixes, as RenderCV builds them (social_network.py), plus Twitter (RenderCV 1.x).
NETWORKS = {
    "linkedin": ("LinkedIn", "https://linkedin.com/in/"),
    "github": ("GitHub", "https://github.com/"),
    "gitlab": ("GitLab", "https://gitlab.com/"),
    "imdb": ("IMDB", "https://imdb.com/name/"),
    "instagram": ("Instagram", "https://instagram.com/"),
    "orcid": ("ORCID", "https://orcid.org/"),
    "stackoverflow": ("StackOverflow", "https://stackoverflow.com/users/"),
    "researchgate": ("ResearchGate", "https://researchgate.net/profile/"),
    "youtube": ("YouTube", "https://youtube.com/@"),
    "googlescholar": ("Google Scholar", "https://scholar.google.com/citations?user="),
    "telegram": ("Telegram", "https://t.me/"),
    "leetcode": ("Leetcode", "https://leetcode.com/u/"),
    "x": ("X", "https://x.com/"),
    "twitter": ("Twitter", "https://twitter.com/"),
    "mastodon": ("Mastodon", None),
}

# ----------------------------------------------------------------------------- section titles

SECTION_KINDS = (
    ("summary", (r"^(summary|about|about me|profile|bio|biography|objective|overview|"
                r"professional summary|research summary|research statement|personal statement)$")),
    ("languages", (r"^(languages?|language skills|spoken languages|foreign languages|natural languages|"
                  r"language proficiency)$")),
    ("internships", r"\bintern(ship)?s?\b"),
    ("volunteer", r"\bvolunteer"),
    ("teaching", r"\bteaching\b|\bcourses taught\b|\binstructor\b"),
    ("service", r"\bservice\b|\breview(ing|er)s?\b|\bcommittees?\b|\beditorial\b|\breferee"),
    ("skills", r"\bskills?\b|\btechnolog(y|ies)\b|\btools\b|\bprogramming\b|\btechnical\b|\bcompetenc"),
    ("interests", r"\binterests?\b"),
    ("publications", (r"\bpublications?\b|\bpapers?\b|\bpre-?prints?\b|\barticles?\b|\bbibliography\b|"
                     r"\btheses\b|\bthesis\b|\bbooks?\b|\bchapters?\b|\breports?\b")),
    ("awards", (r"\bawards?\b|\bhonou?rs?\b|\bprizes?\b|\bfellowships?\b|\bscholarships?\b|\bgrants?\b|"
               r"\bdistinctions?\b|\bachievements?\b|\bfunding\b")),
    ("talks", r"\btalks?\b|\bpresentations?\b|\bseminars?\b|\bkeynotes?\b|\blectures?\b"),
    ("education", r"\beducation\b|\bdegrees?\b|\bacademic background\b|\bstudies\b"),
    ("employment", (r"\bexperience\b|\bemployment\b|\bwork\b|\bpositions?\b|\bappointments?\b|\bcareer\b|"
                   r"\bjobs?\b")),
    ("projects", r"\bprojects?\b"),
    ("certificates", r"\bcertificat|\bcertifications?\b|\blicen[cs]es?\b"),
)

# ----------------------------------------------------------------------------- text helpers

_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?\s*\)")
_EMPHASIS = (
    re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*"),
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s\\])\*(?![\w*])"),
    re.compile(r"(?<![\w\\])___(?=\S)(.+?)(?<=\S)___(?!\w)"),
    re.compile(r"(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s\\])_(?!\w)"),
    re.compile(r"`([^`]+)`"),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
_URL = re.compile(PATTERNS["url"])
_EMAIL = re.compile(PATTERNS["email"])
_DOI = re.compile(PATTERNS["doi"])
_ORCID = re.compile(PATTERNS["orcid"])
_ARXIV = re.compile(PATTERNS["arxiv"])
_ARXIV_IN = re.compile(r"arxiv(?:\s*preprint)?(?:\s*arxiv)?\s*[:/]?\s*(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)


def plain(text: str, keep_urls: bool = False) -> tuple[str, list[str]]:
    """Markdown → plain text and the link targets. ``keep_urls`` writes a link as ``text (url)``."""
    urls: list[str] = []

    def link(match: re.Match) -> str:
        label, url = match.group(1).strip(), match.group(2)
        urls.append(url)
        if keep_urls and label != url:
            return f"{label} ({url})" if label else url
        return label or url

    text = _LINK.sub(link, CONTROL.sub("", text))
    for pattern in _EMPHASIS:
        for _ in range(3):  # nested emphasis: **a *b* c**
            new = pattern.sub(r"\1", text)
            if new == text:
                break
            text = new
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split()), urls


def _split_top(text: str, seps: str = ",;", strip_dot: bool = True) -> list[str]:
    """Split on ``seps`` outside parentheses/brackets; strip pieces and a leading "and "."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for part in parts:
        part = re.sub(r"^(and|&)\s+", "", part.strip(), flags=re.IGNORECASE).strip()
        if strip_dot:
            part = part.rstrip(".").strip()
        if part:
            out.append(part)
    return out


# ----------------------------------------------------------------------------- places and kinds

US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC"))
COUNTRIES = {loader_key(c) for c in (
    "USA", "US", "U.S.A.", "United States", "United States of America", "UK", "U.K.",
    "United Kingdom", "England", "Scotland", "Wales", "Ireland", "Canada", "Mexico", "Brazil",
    "Argentina", "Chile", "Colombia", "Peru", "Germany", "France", "Italy", "Spain", "Portugal",
    "Netherlands", "The Netherlands", "Belgium", "Luxembourg", "Switzerland", "Austria", "Denmark",
    "Sweden", "Norway", "Finland", "Iceland", "Poland", "Czechia", "Czech Republic", "Slovakia",
    "Hungary", "Romania", "Bulgaria", "Greece", "Turkey", "Türkiye", "Turkiye", "Israel", "Egypt",
    "Nigeria", "Kenya", "South Africa", "Morocco", "India", "Pakistan", "Bangladesh", "Sri Lanka",
    "Nepal", "China", "Hong Kong", "Taiwan", "Japan", "Korea", "South Korea", "Republic of Korea",
    "Singapore", "Malaysia", "Indonesia", "Thailand", "Vietnam", "Philippines", "Australia",
    "New Zealand", "Russia", "Ukraine", "Estonia", "Latvia", "Lithuania", "Slovenia", "Croatia",
    "Serbia", "Saudi Arabia", "United Arab Emirates", "UAE", "Qatar", "Iran", "Iraq", "Jordan",
    "Lebanon")}
_PLACELESS = {"remote", "online", "virtual", "hybrid", "worldwide", "n/a", "tba", "tbd"}


def parse_address(text: str) -> tuple[dict, str]:
    """``"San Francisco, CA"`` → ({locality, region}, how it was read)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or loader_key(text) in _PLACELESS:
        return {}, ""
    if len(parts) == 1:
        if loader_key(parts[0]) in COUNTRIES:
            return {"country": parts[0]}, "read as the country"
        return {"locality": parts[0]}, "read as the city"
    if len(parts) == 2:
        if parts[1] in US_STATES:
            return {"locality": parts[0], "region": parts[1]}, "read as city, US state"
        if loader_key(parts[0]) in COUNTRIES:
            return {}, ""
        return {"locality": parts[0], "country": parts[1]}, "read as city, country"
    return ({"locality": ", ".join(parts[:-2]), "region": parts[-2], "country": parts[-1]},
            "read as city, region, country")


ORG_KINDS = (
    ("department", r"^(department|dept\.?|school|faculty|division) of\b"),
    ("university", r"universit|\bcollege\b|\binstitute of technology\b|\bpolytechnic"),
    ("school", r"\bschool\b|\bacademy\b|\bgymnasium\b"),
    ("government", (r"\bministry\b|\bgovernment\b|\bnational science foundation\b|\bagency\b|"
                   r"\bdepartment of (energy|defense|health)\b")),
    ("research", r"\blaborator|\blabs?\b|\binstitut|\bresearch\b|\bcent(er|re)\b|\bCERN\b"),
    ("company", (r"\binc\b|\bcorp\b|\bcorporation\b|\bllc\b|\bltd\b|\bgmbh\b|\bcompany\b|\bco\.|"
                r"\btechnologies\b|\bS\.A\.|\bAG\b|\bplc\b|\bstartup\b")),
)
_ORGISH = re.compile(r"universit|college|institut|school|department|laborator|\blabs?\b|academy|"
                     r"cent(er|re)\b|\binc\b|corporation|\bllc\b|\bltd\b|\bgmbh\b|company|ministry|"
                     r"foundation|agency|hospital|society|association|council", re.IGNORECASE)


_ACRONYM_UNIVERSITIES = re.compile(r"\b(ETH|EPFL|MIT|KAIST|UCLA|UCSD|UIUC|CMU|NYU|USC|UC [A-Z][a-z]+)\b")


def org_kind(name: str) -> str | None:
    """A guess from the name; None leaves the format's default (organization)."""
    for kind, pattern in ORG_KINDS:
        if re.search(pattern, name, re.IGNORECASE) or (kind == "university" and _ACRONYM_UNIVERSITIES.search(name)):
            return kind
    return None


_CONFERENCES = ("NeurIPS", "NIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "AAAI", "IJCAI", "ACL",
                "EMNLP", "NAACL", "COLING", "KDD", "SIGKDD", "SIGMOD", "VLDB", "ICDE", "WWW", "WSDM",
                "CIKM", "SIGIR", "RecSys", "CHI", "UIST", "CSCW", "SOSP", "OSDI", "NSDI", "EuroSys",
                "ATC", "ISCA", "MICRO", "HPCA", "ASPLOS", "PLDI", "POPL", "OOPSLA", "ICSE", "FSE",
                "ASE", "ISSTA", "CCS", "USENIX", "NDSS", "INFOCOM", "SIGCOMM", "MobiCom", "MobiSys",
                "SenSys", "ICRA", "IROS", "RSS", "CoRL", "UAI", "AISTATS", "COLT", "ICASSP",
                "Interspeech", "MICCAI", "BigData", "CCGrid", "HiPC", "IPDPS", "ICPP", "Euro-Par",
                "HPDC", "SC", "ICS", "PPoPP", "DAC", "ICCAD", "DATE", "ISSCC", "MLSys", "ICDM",
                "SDM", "ECML", "PKDD", "ICWSM", "FAccT", "ISC", "CLUSTER", "ICDCS", "ICPRAM")
_CONF_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CONFERENCES) + r")\b")
_CONF_WORDS = re.compile(r"\bconference\b|\bproceedings\b|\bsymposium\b|\bcongress\b|\bmeeting\b|"
                         r"\bconf\.|\bproc\.", re.IGNORECASE)
_JOURNAL_WORDS = re.compile(r"\bjournal\b|\btransactions\b|\bletters\b|\breview\b|\bmagazine\b|"
                            r"\bannals\b|\bbulletin\b|\bquarterly\b|\bj\.|\btrans\.", re.IGNORECASE)
_PREPRINT_WORDS = re.compile(r"\barxiv\b|\bbiorxiv\b|\bmedrxiv\b|\bchemrxiv\b|\btechrxiv\b|\bssrn\b|"
                             r"\bpre-?print\b|\bresearch square\b|\bosf preprints\b|\bpsyarxiv\b", re.IGNORECASE)
_REPOSITORIES = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "chemrxiv": "ChemRxiv",
                 "techrxiv": "TechRxiv", "ssrn": "SSRN", "psyarxiv": "PsyArXiv"}
_NOTE_WORDS = re.compile(r"\b(oral|spotlight|poster|award|best|accepted|to appear|in press|under review|"
                         r"submitted|invited|highlight|honou?rable|finalist|nominee|nominated|"
                         r"acceptance|top \d+%|selected)\b|%", re.IGNORECASE)
_ROLE_WORDS = re.compile(r"review|referee|committee|\bchair|editor|\bmember\b|organi[sz]er|board|"
                         r"\bPC\b|session|judge|moderator|panel|mentor|area chair|program", re.IGNORECASE)

_SEASONS = {"spring": "Spring", "summer": "Summer", "fall": "Fall", "autumn": "Autumn",
            "winter": "Winter"}


# ----------------------------------------------------------------------------- dates

@dataclass
class When:
    """What a RenderCV date (or date pair) says. ``single`` is one point in time; otherwise
    ``start``/``end`` (``end`` may be ``present``). ``terms`` are academic terms printed."""

    start: str | None = None
    end: str | None = None
    single: str | None = None
    terms: list[str] = field(default_factory=list)
    printed: str = ""
    approximate: bool = False  # a term or month name was read as a year / month
    ignored: bool = False  # start_date/end_date were given too and ignored
    free: bool = False  # read from the free text of `date`
    listed: list[str] = field(default_factory=list)  # "2021, 2023": every year printed

    @property
    def first(self) -> str | None:
        return self.single or self.start

    @property
    def years(self) -> list[str]:
        """Every year covered (a range expanded; an ongoing range gives its start year only)."""
        if self.listed:
            return list(self.listed)
        if self.single:
            return [self.single[:4]]
        if self.start and self.end and self.end != "present":
            a, b = int(self.start[:4]), int(self.end[:4])
            if 0 <= b - a <= 40:
                return [str(y) for y in range(a, b + 1)]
        return [self.start[:4]] if self.start else []


def exact_date(text: str) -> str | None:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (one-digit month/day accepted) → the record form."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _point(text: str) -> tuple[str, str | None, bool] | None:
    """One end of a range → (date or "present", term, approximate)."""
    t = text.strip().strip(".").strip()
    low = t.lower()
    if low in PRESENT:
        return "present", None, False
    date = exact_date(t)
    if date:
        return date, None, False
    m = re.fullmatch(r"(spring|summer|fall|autumn|winter)(?:\s+(?:term|semester|quarter))?\s*,?\s*(\d{4})",
                     low)
    if m:
        return m.group(2), f"{_SEASONS[m.group(1)]} {m.group(2)}", True
    m = re.fullmatch(r"([a-z]{3,9})\.?\s*,?\s*(\d{4})", low)
    if m and m.group(1) in MONTHS:
        return f"{m.group(2)}-{MONTHS[m.group(1)]:02d}", None, False
    m = re.fullmatch(r"([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", low) or None
    if m and m.group(1) in MONTHS:
        date = exact_date(f"{m.group(3)}-{MONTHS[m.group(1)]}-{m.group(2)}")
        return (date, None, False) if date else None
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})", low)
    if m and m.group(2) in MONTHS:
        date = exact_date(f"{m.group(3)}-{MONTHS[m.group(2)]}-{m.group(1)}")
        return (date, None, False) if date else None
    m = re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4})", low)
    if m:
        date = exact_date(f"{m.group(2)}-{m.group(1)}")
        return (date, None, False) if date else None
    m = re.fullmatch(r"(\d{4})\s*/\s*(\d{1,2})", low)
    if m:
        date = exact_date(f"{m.group(1)}-{m.group(2)}")
        return (date, None, False) if date else None
    return None


_RANGE = (
    re.compile(r"(\d{4})-(\d{4})"),
    re.compile(r"(.+?)\s*(?:–|—|−|--)\s*(.+)"),
    re.compile(r"(.+?)\s+(?:-|to|until|till|through)\s+(.+)", re.IGNORECASE),
    re.compile(r"(.+?\d)\s*-\s*(present|current|now|ongoing)", re.IGNORECASE),
    re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})"),
)


def parse_when(text: str) -> When | None:
    """Free text of a RenderCV ``date`` → :class:`When`, or None when it cannot be read."""
    printed = " ".join(text.split())
    one = _point(printed)
    if one:
        date, term, approx = one
        if date == "present":
            return None
        return When(single=date, terms=[term] if term else [], printed=printed, approximate=approx)
    pieces = [p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", printed) if p]
    if len(pieces) > 1:  # "Fall 2021, Spring 2022" / "2019, 2021"
        points = [_point(p) for p in pieces]
        if all(p and p[0] != "present" and len(p[0]) == 4 for p in points) and \
                (all(p[1] for p in points) or not any(p[1] for p in points)):
            years = sorted({p[0] for p in points})
            terms = [p[1] for p in points if p[1]]
            one = years[0] if len(years) == 1 else None
            return When(single=one, start=None if one else years[0], end=None if one else years[-1],
                        terms=terms, printed=printed, approximate=bool(terms), listed=years)
    for pattern in _RANGE:
        m = pattern.fullmatch(printed)
        if not m:
            continue
        left, right = m.group(1), m.group(2)
        if re.fullmatch(r"\d{2}", right) and re.fullmatch(r"\d{4}", left.strip()):
            right = left.strip()[:2] + right  # 2020–21
        a, b = _point(left), _point(right)
        if not a or not b or a[0] == "present":
            continue
        if pattern is _RANGE[4] and len(m.group(2)) == 4 and int(b[0][:4]) - int(a[0][:4]) != 1:
            continue  # "2020/2021" is an academic year; other pairs are not read
        if b[0] != "present" and ends_before(b[0], a[0]):
            return None  # "2021 – 2019": which end is wrong cannot be told
        terms = [t for t in (a[1], b[1]) if t]
        if a[0] == b[0] and len(terms) < 2:
            return When(single=a[0], terms=terms, printed=printed, approximate=a[2] or b[2])
        return When(start=a[0], end=b[0], terms=terms, printed=printed, approximate=a[2] or b[2])
    return None


def _season_of(date: str) -> str | None:
    """A month date → its academic term (Jan–May Spring, Jun–Aug Summer, Sep–Dec Fall)."""
    if len(date) < 7:
        return None
    month = int(date[5:7])
    season = "Spring" if month <= 5 else "Summer" if month <= 8 else "Fall"
    return f"{season} {date[:4]}"


def terms_between(start: str, end: str) -> list[str]:
    """Every Spring/Fall term from a month date to another (Summer only at either end)."""
    first, last = _season_of(start), _season_of(end)
    if not first or not last:
        return []
    order = ("Spring", "Summer", "Fall")
    out, year, idx = [], int(first[-4:]), order.index(first.split()[0])
    end_year, end_idx = int(last[-4:]), order.index(last.split()[0])
    while (year, idx) <= (end_year, end_idx) and len(out) < 30:
        term = f"{order[idx]} {year}"
        if order[idx] != "Summer" or term in (first, last):
            out.append(term)
        idx += 1
        if idx == 3:
            idx, year = 0, year + 1
    return out


_TRAILING_WHEN = (
    re.compile(r"^(?P<rest>.*?)[\s,;:–—-]*\((?P<when>[^()]*\d{4}[^()]*)\)\s*\.?$"),
    re.compile(r"^(?P<rest>.*?)\s*[,;|]\s*(?P<when>[^,;|]*\d{4}[^,;|]*?)\s*\.?$", re.IGNORECASE),
    re.compile(r"^(?P<rest>.*?)\s+[–—]\s+(?P<when>[^,;|–—]*\d{4}[^,;|]*?)\s*\.?$", re.IGNORECASE),
    re.compile(r"^(?P<when>(?:(?:spring|summer|fall|autumn|winter)\s+)?\d{4}(?:\s*(?:–|—|-|to)\s*(?:\d{4}|present))?)"
               r"\s*[:–—|-]\s*(?P<rest>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<rest>.*?\D)\s+(?P<when>\d{4})\s*\.?$"),
)


def split_when(text: str) -> tuple[str, When | None]:
    """``"Best Paper Award (2024)"`` → ("Best Paper Award", When(2024)); else (text, None)."""
    for pattern in _TRAILING_WHEN:
        m = pattern.match(text)
        if m and m.group("rest").strip():
            when = parse_when(m.group("when"))
            if when:
                return m.group("rest").strip().rstrip(",;:–—-").strip(), when
    return text, None


# ----------------------------------------------------------------------------- registries

class Registry:
    """One of organizations/people/venues: one entry per distinct name, ids unique slugs."""

    def __init__(self, reserved: tuple[str, ...] = ()):
        self.items: list[dict] = []
        self.index: dict[str, dict | None] = {loader_key(r): None for r in reserved}
        self.slugs: dict[str, dict] = {}

    def find(self, name: str) -> dict | None:
        return self.index.get(loader_key(name))

    def add(self, name: str, **fields: Any) -> tuple[dict, bool]:
        """The entry named ``name`` (created when new) and whether it was created."""
        found = self.find(name)
        if found is not None:
            return found, False
        base = slug(name)
        ident = numbered(base, lambda i: loader_key(i) in self.index)
        entry = {"id": ident, "name": name}
        entry.update({k: v for k, v in fields.items() if v})
        self.items.append(entry)
        self.index[loader_key(ident)] = entry
        self.index[loader_key(name)] = entry
        self.slugs.setdefault(base, entry)
        return entry, True

    def alias(self, entry: dict, name: str) -> None:
        if loader_key(name) not in self.index:
            entry.setdefault("aliases", []).append(name)
            self.index[loader_key(name)] = entry

    def position(self, entry: dict) -> int:
        return next(i for i, e in enumerate(self.items) if e is entry)


# ----------------------------------------------------------------------------- the converter

@dataclass
class Ctx:
    """Where an entry came from: for messages and for notes."""

    title: str
    index: int
    etype: str
    path: tuple
    where: str

    def __str__(self) -> str:
        return f"section {self.title!r}, entry {self.index + 1} ({self.etype})"


def _entry_type(entry: Any) -> str | None:
    if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
        return "TextEntry"
    if isinstance(entry, dict):
        keys = {k for k, v in entry.items() if v is not None}
        for name, own in ENTRY_TYPES:
            if own & keys:
                return name
    return None


def _classify(title: str) -> str | None:
    words = " ".join(title.replace("_", " ").replace("&", " and ").split()).lower().strip(" :!?.")
    for kind, pattern in SECTION_KINDS:
        if re.search(pattern, words):
            return kind
    return None


class Converter:
    def __init__(self, loaded: Loaded, source: str, me: str | None):
        self.loaded, self.source = loaded, source
        self.imp = Imported({})
        self.me_name = me.strip() if me and not _ORCID.fullmatch(me.strip().rsplit("/", 1)[-1]) else None
        self.me_orcid = me.strip().rsplit("/", 1)[-1] if me and not self.me_name else None
        self.person: dict = {}
        self.orgs = Registry()
        self.people = Registry(("me",))
        self.venues = Registry()
        self.out: dict[str, list] = {k: [] for k in (
            "interests", "education", "employment", "internships", "volunteer", "teaching", "awards",
            "publications", "talks", "service", "skills", "languages", "projects", "certificates")}
        self.summary: list[str] = []
        self.owner_keys: set[str] = set()
        self.owner_slugs: set[str] = set()
        self.owner_marks: dict[tuple, str] = {}  # publication path -> printed owner name
        self.pub_ids: set[str] = {"me"}  # "me" names the owner in the graph: never a publication id
        self.tagged = 0

    # ------------------------------------------------------------------ plumbing

    def where(self, path: tuple) -> str:
        return f"{self.source}:{self.loaded.where(path)[0]}"

    def warn(self, path: tuple | str, message: str) -> None:
        self.imp.warn(path if isinstance(path, str) else self.where(path), message)

    def comment(self, path: tuple, text: str) -> None:
        self.imp.comment(path, text)

    def line_of(self, note: Any) -> float:
        """Warnings in file order; those without a line last (stable)."""
        tail = note.where[len(self.source) + 1:]
        return int(tail) if note.where.startswith(self.source + ":") and tail.isdigit() else float("inf")

    def text(self, value: Any, path: tuple) -> str | None:
        """A scalar as the text written (numbers as in the file); None for nothing/lists/maps."""
        if value is None or isinstance(value, (list, dict)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return self.loaded.raw.get(path, str(value))
        value = CONTROL.sub("", value)
        return value if value.strip() else None

    def texts(self, value: Any, path: tuple, ctx: Ctx | None = None) -> list[str]:
        """A list of scalars (or one scalar) as texts."""
        if value is None:
            return []
        if not isinstance(value, list):
            one = self.text(value, path)
            return [one] if one else []
        out = []
        for i, item in enumerate(value):
            t = self.text(item, path + (i,))
            if t:
                out.append(t)
            elif item is not None and ctx is not None:
                self.warn(path + (i,), f"{ctx}: {path[-1]}[{i}] is not text: not imported")
        return out

    # ------------------------------------------------------------------ registries

    def org(self, printed: str, location: str | None = None, at: tuple | None = None) -> str | None:
        """The id of the organisation printed ``printed`` (markdown allowed), created when new."""
        name, urls = plain(printed)
        name = name.strip(" ,;")
        if not name:
            return None
        kind = org_kind(name)
        entry, new = self.orgs.add(name, kind=kind)
        idx = self.orgs.position(entry)
        if new and kind:
            self.comment(("organizations", idx, "kind"), f"kind guessed from the name {name!r}")
        url = next((u for u in urls if _URL.fullmatch(u)), None)
        if url and "url" not in entry:
            entry["url"] = url
        if location and not any(k in entry for k in ("locality", "region", "country")):
            address, how = parse_address(plain(location)[0])
            if address:
                entry.update(address)
                self.comment(("organizations", idx), f"address from location {location!r} ({how})")
        return entry["id"]

    def venue(self, name: str, kind: str) -> str:
        return self.venues.add(name, kind=kind)[0]["id"]

    def person_ref(self, printed: str, url: str | None = None) -> str:
        """Register a co-author / advisor printed ``printed``; return the name to write."""
        entry = self.people.find(printed)
        if entry is None:
            same = self.people.slugs.get(slug(printed))
            if same is not None:
                self.people.alias(same, printed)
                self.comment(("people", self.people.position(same), "aliases"),
                             f"{printed!r} taken to be the same person as {same['name']!r} (same letters)")
                return printed
            entry, _ = self.people.add(printed)
        if url and "url" not in entry and _URL.fullmatch(url):
            entry["url"] = url
        return printed

    # ------------------------------------------------------------------ owner

    def is_owner(self, name: str) -> bool:
        return loader_key(name) in self.owner_keys or slug(name) in self.owner_slugs

    def add_owner_name(self, name: str, why: str) -> None:
        """``name`` is the owner: the loader must find it in person.name/aliases."""
        self.owner_keys.add(loader_key(name))
        self.owner_slugs.add(slug(name))
        written = [self.person.get("name", "")] + self.person.get("aliases", [])
        if loader_key(name) not in {loader_key(n) for n in written}:
            aliases = self.person.setdefault("aliases", [])
            aliases.append(name)
            self.comment(("person", "aliases", len(aliases) - 1), why)

    def initials_match(self, printed: str) -> bool:
        """"J. Doe" / "J. R. Doe" for the owner John (Ronald) Doe."""
        owner = fold(self.person.get("name", "")).replace(".", " ").split()
        words = fold(printed).replace(".", " ").split()
        if len(owner) < 2 or len(words) < 2 or words[-1] != owner[-1]:
            return False
        if not all(len(w) == 1 for w in words[:-1]):
            return False
        return words[0][0] == owner[0][0]

    # ------------------------------------------------------------------ header

    def header(self, cv: dict) -> None:
        P = ("cv",)
        name = self.text(cv.get("name"), P + ("name",))
        if name:
            self.person["name"] = plain(name)[0]
        elif self.me_name:
            self.person["name"] = self.me_name
            self.comment(("person", "name"), "the CV gives no name: taken from --me")
        headline = self.text(cv.get("headline"), P + ("headline",))
        if headline:
            self.person["job_title"] = plain(headline)[0]
            self.comment(("person", "job_title"), "from cv.headline")
        emails = self.texts(cv.get("email"), P + ("email",))
        for i, email in enumerate(emails):
            email = email.strip().removeprefix("mailto:")
            if not _EMAIL.fullmatch(email):
                self.warn(P + ("email",), f"cv.email: {email!r} is not an email address: not imported")
            elif "email" not in self.person:
                self.person["email"] = email
            else:
                self.warn(P + ("email",), f"cv.email: only one email fits person.email; {email!r} not imported")
        phones = self.texts(cv.get("phone"), P + ("phone",))
        for phone in phones:
            phone = phone.strip().removeprefix("tel:")
            if "phone" not in self.person:
                self.person["phone"] = phone
            else:
                self.warn(P + ("phone",), f"cv.phone: only one phone fits person.phone; {phone!r} not imported")
        links: list[str] = []
        for site in self.texts(cv.get("website"), P + ("website",)):
            site = site.strip()
            if not _URL.fullmatch(site):
                self.warn(P + ("website",), f"cv.website: {site!r} is not an http(s) URL: not imported")
            elif "homepage" not in self.person:
                self.person["homepage"] = site
            else:
                links.append(site)
        photo = self.text(cv.get("photo"), P + ("photo",))
        if photo:
            if _URL.fullmatch(photo.strip()):
                self.person["image"] = photo.strip()
            else:
                self.warn(P + ("photo",), f"cv.photo: {photo!r} is a file path, not a URL: not imported "
                          "(publish the photo and set person.image to its URL)")
        networks = cv.get("social_networks")
        if networks is not None and not isinstance(networks, list):
            self.warn(P + ("social_networks",), "cv.social_networks is not a list: not imported")
            networks = []
        for i, item in enumerate(networks or []):
            link = self.network(item, P + ("social_networks", i))
            if link:
                links.append(link)
        custom = cv.get("custom_connections")
        for i, item in enumerate(custom if isinstance(custom, list) else []):
            path = P + ("custom_connections", i)
            url = self.text(item.get("url"), path + ("url",)) if isinstance(item, dict) else None
            if url and _URL.fullmatch(url.strip()):
                links.append(url.strip())
            else:
                label = self.text(item.get("placeholder"), path) if isinstance(item, dict) else None
                self.warn(path, f"cv.custom_connections[{i}] ({label or item!r}) has no http(s) URL: "
                          "not imported")
        for link in links:
            if link != self.person.get("homepage") and link not in self.person.get("links", []):
                self.person.setdefault("links", []).append(link)
        location = self.text(cv.get("location"), P + ("location",))
        if location:
            address, how = parse_address(plain(location)[0])
            if address:
                self.person["address"] = address
                self.comment(("person", "address"), f"from cv.location {location!r} ({how})")
            else:
                self.warn(P + ("location",), f"cv.location {location!r} names no place: not imported")
        for key, value in cv.items():
            if key not in CV_KEYS and value is not None:
                self.warn(P + (key,), f"cv.{key} is not a RenderCV field: not imported")
        if self.me_orcid:
            if "orcid" not in self.person:
                self.person["orcid"] = self.me_orcid
                self.comment(("person", "orcid"), "from --me")
            elif self.person["orcid"] != self.me_orcid:
                self.warn(f"{self.source}: cv", f"--me {self.me_orcid} differs from the CV's ORCID "
                          f"{self.person['orcid']}: the CV's is kept")

    def network(self, item: Any, path: tuple) -> str | None:
        if not isinstance(item, dict):
            self.warn(path, f"social network {item!r} is not a {{network, username}} mapping: not imported")
            return None
        network = self.text(item.get("network"), path + ("network",)) or ""
        username = (self.text(item.get("username"), path + ("username",)) or "").strip()
        label = network or "?"
        if not username:
            self.warn(path, f"social network {label!r} has no username: not imported")
            return None
        known = NETWORKS.get(re.sub(r"[\s_-]", "", network.lower()))
        if known is None:
            if _URL.fullmatch(username):
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
            self.warn(path + ("username",), f"ORCID {username!r} is not a valid ORCID iD: not imported")
            return None
        if canonical == "Google Scholar":
            m = re.search(r"[?&]user=([\w-]+)", username)
            user = m.group(1) if m else username
            if re.fullmatch(r"[\w-]+", user):
                self.person.setdefault("scholar", prefix + user)
                return None
            self.warn(path + ("username",), f"Google Scholar user id {username!r} is not an id: not imported")
            return None
        if canonical == "Mastodon":
            m = re.fullmatch(r"@?([^@\s/]+)@([^@\s/]+\.[^@\s/]+)", username)
            if not m:
                self.warn(path + ("username",), f"Mastodon username {username!r} is not @user@host: "
                          "not imported")
                return None
            url = f"https://{m.group(2)}/@{m.group(1)}"
        elif _URL.fullmatch(username):
            url = username
        else:
            if canonical == "YouTube":
                username = username.lstrip("@")
            url = prefix + quote(username, safe="/-._~@")
        if not _URL.fullmatch(url):
            self.warn(path, f"{canonical} username {username!r} gives no valid URL: not imported")
            return None
        return url

    # ------------------------------------------------------------------ sections

    def sections(self, sections: Any) -> None:
        if sections is None:
            return
        if not isinstance(sections, dict):
            self.warn(("cv", "sections"), "cv.sections is not a mapping of section titles: not imported")
            return
        self.prescan(sections)
        for title, entries in sections.items():
            spath = ("cv", "sections", title)
            if entries is None:
                continue
            if not isinstance(entries, list):
                entries = [entries] if isinstance(entries, str) else None
                if entries is None:
                    self.warn(spath, f"section {title!r} is not a list of entries: not imported")
                    continue
            kind = _classify(title)
            last: list = []  # the records this section made (for notes)
            for i, entry in enumerate(entries):
                epath = spath + (i,) if isinstance(sections[title], list) else spath
                etype = _entry_type(entry)
                ctx = Ctx(title, i, etype or "unknown", epath, self.where(epath))
                if entry is None:
                    self.warn(epath, f"{ctx}: empty entry")
                    continue
                if etype is None:
                    self.warn(epath, f"{ctx}: matches no RenderCV entry type: not imported "
                              f"({_show(entry)})")
                    continue
                if isinstance(entry, dict) and entry.get("tags") is not None:
                    self.tagged += 1
                self.entry(kind, etype, entry, ctx, last)

    def entry(self, kind: str | None, etype: str, entry: Any, ctx: Ctx, last: list) -> None:
        if etype == "EducationEntry":
            return self.education(entry, ctx, last)
        if etype == "ExperienceEntry":
            section = {"internships": "internships", "volunteer": "volunteer", "service": "volunteer"}
            return self.role(section.get(kind or "", "employment"), entry, ctx, last, experience=True)
        if etype == "PublicationEntry":
            return self.publication(entry, ctx, last)
        if etype == "NormalEntry":
            if not plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]:
                self.warn(ctx.path, f"{ctx}: the name is empty or not text: not imported "
                          f"({_short(self.describe(entry, ctx))!r})")
                return None
            handler = {
                "employment": lambda: self.role("employment", entry, ctx, last),
                "internships": lambda: self.role("internships", entry, ctx, last),
                "volunteer": lambda: self.role("volunteer", entry, ctx, last),
                "education": lambda: self.education_normal(entry, ctx, last),
                "awards": lambda: self.award(entry, ctx, last),
                "talks": lambda: self.talk(entry, ctx, last),
                "teaching": lambda: self.teaching(entry, ctx, last),
                "service": lambda: self.service(entry, ctx, last),
                "projects": lambda: self.project(entry, ctx, last),
                "certificates": lambda: self.certificate(entry, ctx, last),
                "skills": lambda: self.skill_normal(entry, ctx, last),
                "languages": lambda: self.language_normal(entry, ctx, last),
                "interests": lambda: self.interest_normal(entry, ctx, last),
            }.get(kind or "")
            if handler:
                return handler()
            return self.unmapped(kind, entry, ctx, last)
        # text-like entries: OneLine, Bullet, Numbered, ReversedNumbered, Text
        if etype == "OneLineEntry":
            label = self.text(entry.get("label"), ctx.path + ("label",)) or ""
            details = self.text(entry.get("details"), ctx.path + ("details",)) or ""
            self.extra_keys(entry, ctx, None)
            if kind == "skills" and plain(details)[0]:
                return self.skill(plain(label)[0], details, ctx, last)
            if kind == "languages" and plain(label)[0] and plain(details)[0]:
                return self.language(plain(label)[0], plain(details)[0], ctx, last)
            if kind == "interests" and _split_top(plain(details)[0]):
                for item in _split_top(plain(details)[0]):
                    self.out["interests"].append(item)
                self.comment(("interests", len(self.out["interests"]) - 1),
                             f"from {ctx}: {label!r} items")
                return None
            text = f"{label}: {details}" if label and details else label or details
        elif etype == "TextEntry":
            text = self.text(entry, ctx.path) or ""
        else:
            text = self.text(entry.get(TEXT_KEY[etype]), ctx.path + (TEXT_KEY[etype],)) or ""
            self.extra_keys(entry, ctx, None)
        if not plain(text)[0]:
            self.warn(ctx.path, f"{ctx}: empty text")
            return None
        handler = {
            "summary": self.summary_text,
            "interests": self.interest_text,
            "skills": lambda t, c, rs: self.skill("", t, c, rs),
            "languages": self.language_text,
            "awards": self.award_text,
            "talks": self.talk_text,
            "teaching": self.teaching_text,
            "service": self.service_text,
            "projects": self.project_text,
            "certificates": self.certificate_text,
            "employment": lambda t, c, rs: self.role_text("employment", t, c, rs),
            "internships": lambda t, c, rs: self.role_text("internships", t, c, rs),
            "volunteer": lambda t, c, rs: self.role_text("volunteer", t, c, rs),
            "education": self.education_text,
        }.get(kind or "")
        if handler:
            return handler(text, ctx, last)
        return self.unmapped(kind, text, ctx, last)

    def unmapped(self, kind: str | None, entry: Any, ctx: Ctx, last: list, why: str | None = None) -> None:
        """Keep as a note on this section's previous record, or warn."""
        if isinstance(entry, dict):
            text = self.describe(entry, ctx)
        else:
            text = plain(entry, keep_urls=True)[0]
        why = why or ("the section title is not one cvgraph knows" if kind is None else
                      f"{_a(ctx.etype)} cannot be read as {_a(kind)} record" if kind != "publications" else
                      "a publication needs a PublicationEntry (title, authors)")
        target = last[-1] if last else None
        if target is not None and target[0] in ELABORATED and not isinstance(entry, dict):
            section, idx = target
            record = self.out[section][idx]
            record.setdefault("notes", []).append(text)
            self.warn(ctx.path, f"{ctx}: {why}; kept as a note on {section}[{idx}]: {_short(text)!r}")
            return
        self.warn(ctx.path, f"{ctx}: {why}; not imported: {_short(text)!r}")

    def describe(self, entry: dict, ctx: Ctx) -> str:
        """A whole dict entry as one line of plain text."""
        parts = []
        for key, value in entry.items():
            if key == "tags" or value is None:
                continue
            vals = self.texts(value, ctx.path + (key,))
            if vals:
                parts.append(f"{key}: " + "; ".join(plain(v, keep_urls=True)[0] for v in vals))
        return " | ".join(parts)

    def extra_keys(self, entry: dict, ctx: Ctx, record: tuple | None,
                   handled: set[str] = frozenset()) -> None:
        """Keys RenderCV's entry type does not define (RenderCV 2 allows them for templates)."""
        own = FIELDS.get(ctx.etype, set()) | {"tags"} | set(handled)
        for key, value in entry.items():
            if key in own or value is None:
                continue
            vals = self.texts(value, ctx.path + (key,))
            text = f"{key}: " + "; ".join(plain(v, keep_urls=True)[0] for v in vals) if vals else None
            if record is not None and text and record[0] in NOTED:
                section, idx = record
                self.out[section][idx].setdefault("notes", []).append(text)
                self.warn(ctx.path + (key,), f"{ctx}: {key!r} is not {_a(ctx.etype)} field; kept as a note")
            else:
                self.warn(ctx.path + (key,), f"{ctx}: {key!r} is not {_a(ctx.etype)} field; not imported"
                          + (f": {_short(text)!r}" if text else ""))

    # ------------------------------------------------------------------ common entry parts

    def dates(self, entry: dict, ctx: Ctx) -> When | None:
        """RenderCV's date rules: ``date`` wins; a start alone is ongoing; an end alone is a date."""
        date = self.text(entry.get("date"), ctx.path + ("date",))
        start = self.text(entry.get("start_date"), ctx.path + ("start_date",))
        end = self.text(entry.get("end_date"), ctx.path + ("end_date",))
        if date:
            when = parse_when(date)
            if when is None:
                self.warn(ctx.path + ("date",), f"{ctx}: cannot read the date {date!r}: left out")
                return None
            when.ignored = bool(start or end)
            when.free = True
            return when
        if not start and not end:
            return None
        a = _point(start) if start else None
        b = _point(end) if end else None
        if start and (a is None or a[0] == "present"):
            self.warn(ctx.path + ("start_date",), f"{ctx}: cannot read start_date {start!r}: left out")
            a = None
        if end and b is None:
            self.warn(ctx.path + ("end_date",), f"{ctx}: cannot read end_date {end!r}: left out")
        if a is None and b is None:
            return None
        printed = f"{start or ''} – {end or ''}".strip(" –")
        if a is None:
            if b[0] == "present":
                return None
            return When(single=b[0], terms=[b[1]] if b[1] else [], printed=printed, approximate=b[2])
        if b is None:
            return When(start=a[0], end="present" if not end else None,
                        terms=[a[1]] if a[1] else [], printed=printed, approximate=a[2])
        if b[0] != "present" and ends_before(b[0], a[0]):
            self.warn(ctx.path + ("end_date",), f"{ctx}: end_date {end!r} is before start_date "
                      f"{start!r}: the end is left out")
            return When(start=a[0], printed=printed, approximate=a[2])
        return When(start=a[0], end=b[0], terms=[t for t in (a[1], b[1]) if t], printed=printed,
                    approximate=a[2] or b[2])

    def body(self, entry: dict, ctx: Ctx) -> list[str]:
        """summary + highlights → notes (plain text, links kept as "text (url)")."""
        notes = []
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        if summary:
            notes.append(plain(summary, keep_urls=True)[0])
        highlights = entry.get("highlights")
        if highlights is not None and not isinstance(highlights, list):
            highlights = [highlights]
        for h in self.texts(highlights, ctx.path + ("highlights",), ctx):
            notes.append(plain(h, keep_urls=True)[0])
        return [n for n in notes if n]

    def place(self, section: str, record: dict, ctx: Ctx, last: list, note: str | None = None) -> int:
        self.out[section].append(record)
        idx = len(self.out[section]) - 1
        last.append((section, idx))
        if note:
            self.comment((section, idx), note)
        return idx

    def set_role_dates(self, section: str, record: dict, when: When | None, ctx: Ctx) -> bool:
        """start/end of a role; False when there is no start (our format requires one)."""
        if when is None:
            return False
        if when.single:
            record["start"] = record["end"] = when.single
        else:
            record["start"] = when.start
            if when.end:
                record["end"] = when.end
        return True

    def when_comment(self, path: tuple, when: When, what: str) -> None:
        if when.approximate or when.ignored or (when.free and when.printed != when.single):
            detail = f"{what} from {when.printed!r}"
            if when.ignored:
                detail += " (start_date/end_date ignored: RenderCV uses date when both are given)"
            if when.terms and when.approximate:
                detail += f" (the term{'s' if len(when.terms) > 1 else ''} "\
                          f"{', '.join(when.terms)} read as the year)"
            self.comment(path, detail)

    # ------------------------------------------------------------------ education

    def education(self, entry: dict, ctx: Ctx, last: list) -> None:
        P = ctx.path
        institution = self.text(entry.get("institution"), P + ("institution",))
        area = self.text(entry.get("area"), P + ("area",))
        degree = self.text(entry.get("degree"), P + ("degree",))
        location = self.text(entry.get("location"), P + ("location",))
        if not institution:
            self.unmapped("education", entry, ctx, last)
            return
        record: dict = {}
        note = None
        if degree:
            record["degree"] = plain(degree)[0]
        elif area:
            record["degree"] = plain(area)[0]
            note = "RenderCV gives no degree: the area is written as the degree"
            self.warn(P, f"{ctx}: no degree given; the area {plain(area)[0]!r} is used as the degree")
        else:
            self.warn(P, f"{ctx}: neither degree nor area given: not imported "
                      f"({plain(institution)[0]!r})")
            return
        if area and degree:
            record["field"] = plain(area)[0]
        record["institution"] = self.org(institution, location)
        self.finish_education(record, entry, ctx, last, note)

    def finish_education(self, record: dict, entry: dict, ctx: Ctx, last: list, note: str | None) -> None:
        when = self.dates(entry, ctx)
        idx_path = ("education", len(self.out["education"]))
        if when:
            if when.single:
                record["end"] = when.single
                self.comment(idx_path + ("end",), f"a single date {when.printed!r}: read as the end "
                             "(graduation)")
            else:
                if when.start:
                    record["start"] = when.start
                if when.end:
                    record["end"] = when.end
                self.when_comment(idx_path + ("start",), when, "dates")
        notes = self.body(entry, ctx)
        notes = self.thesis_and_advisors(record, notes, idx_path)
        if notes:
            record["notes"] = notes
        self.place("education", record, ctx, last, note)
        self.extra_keys(entry, ctx, idx_path[:1] + (idx_path[1],))

    def thesis_and_advisors(self, record: dict, notes: list[str], path: tuple) -> list[str]:
        """"Thesis: …" and "Advisor(s): …" lines → thesis / advisors."""
        rest = []
        for note in notes:
            m = re.match(r"^(?:ph\.?\s?d\.?\s+|master'?s?\s+|m\.?s\.?\s+|b\.?s\.?\s+|senior\s+)?"
                         r"(thesis|dissertation)(?:\s+title)?\s*:\s*(.+)$", note, re.IGNORECASE)
            if m and "thesis" not in record and path[0] == "education":
                title = m.group(2).strip().strip('"“”')
                urls = re.findall(r"\((https?://[^)\s]+)\)\s*$", title)
                title = re.sub(r"\s*\(https?://[^)\s]+\)\s*$", "", title).strip().strip('"“”')
                record["thesis"] = {"title": title, **({"url": urls[0]} if urls and _URL.fullmatch(urls[0])
                                                       else {})}
                self.comment(path + ("thesis",), f"from the line {note!r}")
                continue
            m = re.match(r"^(?:co-?)?(?:advis[oe]rs?|supervisors?|mentors?)\s*:\s*(.+)$", note, re.IGNORECASE)
            if m and "advisors" not in record and path[0] in ("education", "employment", "internships"):
                names = [re.sub(r"^(prof\.?|professor|dr\.?)\s+", "", n, flags=re.IGNORECASE).strip()
                         for n in _split_top(re.sub(r"\s+(and|&)\s+", ",", m.group(1)))]
                names = [re.sub(r"\s*\(https?://[^)\s]+\)$", "", n) for n in names if n]
                if names and all(1 <= len(n.split()) <= 5 and not self.is_owner(n) for n in names):
                    record["advisors"] = [self.person_ref(n) for n in names]
                    self.comment(path + ("advisors",), f"from the line {note!r}")
                    continue
            rest.append(note)
        return rest

    _DEGREE = re.compile(r"\b(ph\.?\s?d|d\.?\s?phil|doctor(ate)?|master'?s?|m\.?\s?sc?\.?|m\.?\s?a\.?|"
                         r"m\.?\s?eng|m\.?\s?phil|mba|b\.?\s?sc?\.?|b\.?\s?a\.?|b\.?\s?eng|bachelor'?s?|"
                         r"diploma|associate|habilitation|licen[cs]iate|j\.?d\.?|m\.?d\.?)(?=\W|$)", re.IGNORECASE)

    def parse_degree_line(self, text: str) -> tuple[str, str | None, str] | None:
        """"Ph.D. in Computer Science, Stanford University" → (degree, field, institution)."""
        m = re.match(r"^(?P<a>.+?)(?:,\s*|\s+at\s+|\s+[–—|-]\s+)(?P<b>[^,]+(?:,[^,]+)?)$", text)
        if not m:
            return None
        a, b = m.group("a").strip(), m.group("b").strip()
        if self._DEGREE.search(b) and not self._DEGREE.search(a):
            a, b = b, a
        if not self._DEGREE.search(a):
            return None
        dm = re.match(r"^(.+?)\s+(?:in|of)\s+(.+)$", a)
        degree, fld = (dm.group(1), dm.group(2)) if dm else (a, None)
        return degree.strip(), fld.strip() if fld else None, b

    def education_normal(self, entry: dict, ctx: Ctx, last: list) -> None:
        name = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        parsed = self.parse_degree_line(name)
        used_summary = False
        if parsed is None and summary and self._DEGREE.search(summary) and _ORGISH.search(name):
            parsed = self.parse_degree_line(f"{plain(summary)[0]}, {name}")
            used_summary = parsed is not None
        if parsed is None:
            self.unmapped("education", entry, ctx, last, "no degree and institution in the name (write "
                          "'Ph.D. in Field, University', or use an EducationEntry)")
            return
        degree, fld, inst = parsed
        record = {"degree": degree, **({"field": fld} if fld else {}),
                  "institution": self.org(inst, self.text(entry.get("location"), ctx.path + ("location",)))}
        sub = dict(entry)
        if used_summary:
            sub.pop("summary")
        self.finish_education(record, sub, ctx, last, f"degree, field and institution read from {name!r}"
                              + (f" and {plain(summary)[0]!r}" if used_summary else ""))

    def education_text(self, text: str, ctx: Ctx, last: list) -> None:
        body, when = split_when(plain(text)[0])
        parsed = self.parse_degree_line(body)
        if parsed is None:
            self.unmapped("education", text, ctx, last)
            return
        degree, fld, inst = parsed
        record = {"degree": degree, **({"field": fld} if fld else {}), "institution": self.org(inst)}
        if when:
            if when.single:
                record["end"] = when.single
            else:
                record["start"] = when.start
                if when.end:
                    record["end"] = when.end
        self.place("education", record, ctx, last, f"read from the text {plain(text)[0]!r}")

    # ------------------------------------------------------------------ roles

    def role(self, section: str, entry: dict, ctx: Ctx, last: list, experience: bool = False) -> None:
        P = ctx.path
        location = self.text(entry.get("location"), P + ("location",))
        extra_notes: list[str] = []
        if experience:
            company = self.text(entry.get("company"), P + ("company",))
            position = self.text(entry.get("position"), P + ("position",))
            if not company or not position:
                missing = "company" if not company else "position"
                self.warn(P, f"{ctx}: no {missing}: {_a(section)} record needs a title and an "
                          f"organization; not imported ({_short(self.describe(entry, ctx))!r})")
                return
            title, title_urls = plain(position)
            extra_notes += [f"link: {u}" for u in title_urls]
            org_text, how = company, None
        else:
            name = self.text(entry.get("name"), P + ("name",)) or ""
            summary = self.text(entry.get("summary"), P + ("summary",))
            split = _split_role(plain(name)[0])
            how = f"title and organization read from {plain(name)[0]!r}"
            if split is None and summary and len(plain(summary)[0].split()) <= 8 and _ORGISH.search(summary):
                split = (plain(name)[0], plain(summary)[0])
                how = f"title from {plain(name)[0]!r}, organization from the summary"
                entry = {k: v for k, v in entry.items() if k != "summary"}
            if split is None:
                self.unmapped(section, entry, ctx, last, "no organization in the name (write "
                              "'Title at Organization', or use an ExperienceEntry)")
                return
            title, org_text = split
        when = self.dates(entry, ctx)
        record: dict = {"title": title, "organization": self.org(org_text, location)}
        if not self.set_role_dates(section, record, when, ctx):
            self.warn(P, f"{ctx}: no date: {_a(section)} record needs a start date; not imported "
                      f"({title!r} at {plain(org_text)[0]!r})")
            return
        idx = len(self.out[section])
        if when.single:
            self.comment((section, idx, "start"), f"a single date {when.printed!r}: read as start and end")
        else:
            self.when_comment((section, idx, "start"), when, "dates")
        notes = self.body(entry, ctx) + extra_notes
        notes = self.thesis_and_advisors(record, notes, (section, idx))
        if notes:
            record["notes"] = notes
        self.place(section, record, ctx, last, how)
        self.extra_keys(entry, ctx, (section, idx))

    def role_text(self, section: str, text: str, ctx: Ctx, last: list) -> None:
        body, when = split_when(plain(text)[0])
        split = _split_role(body)
        if split is None or when is None:
            self.unmapped(section, text, ctx, last)
            return
        title, org_text = split
        record = {"title": title, "organization": self.org(org_text)}
        self.set_role_dates(section, record, when, ctx)
        self.place(section, record, ctx, last, f"read from the text {plain(text)[0]!r}")

    # ------------------------------------------------------------------ publications

    def prescan(self, sections: dict) -> None:
        """Owner names first, so that every publication treats them alike."""
        name = self.person.get("name")
        if name:
            self.owner_keys.add(loader_key(name))
            self.owner_slugs.add(slug(name))
        if self.me_name and loader_key(self.me_name) not in self.owner_keys:
            self.owner_keys.add(loader_key(self.me_name))
            self.owner_slugs.add(slug(self.me_name))
        pubs = []
        for title, entries in sections.items():
            if not isinstance(entries, list):
                continue
            for i, entry in enumerate(entries):
                if _entry_type(entry) == "PublicationEntry" and isinstance(entry.get("authors"), list):
                    pubs.append((("cv", "sections", title, i), entry))
        for path, entry in pubs:
            marked = []
            for j, author in enumerate(entry["authors"]):
                raw = self.text(author, path + ("authors", j))
                if raw:
                    name_, mark, _, _ = _printed_author(raw)
                    if mark and name_:
                        marked.append(name_)
            if not marked:
                continue
            chosen = next((m for m in marked if self.is_owner(m)), None)
            if chosen is None:
                family = (self.person.get("name") or "").split()[-1:] or [""]
                chosen = next((m for m in marked if loader_key(m.split()[-1]) == loader_key(family[0])), marked[0])
            self.owner_marks[path] = chosen
            if "name" not in self.person:
                self.person["name"] = chosen
                self.owner_keys.add(loader_key(chosen))
                self.owner_slugs.add(slug(chosen))
                self.comment(("person", "name"), "the CV gives no name: taken from the author marked "
                             "as the owner")
        for path, chosen in self.owner_marks.items():
            if not self.is_owner(chosen):
                self.add_owner_name(chosen, f"printed so (marked) in {self.where(path)}")
        if self.person.get("name"):
            for path, entry in pubs:
                if path in self.owner_marks:
                    continue
                for j, author in enumerate(entry["authors"]):
                    raw = self.text(author, path + ("authors", j))
                    if raw:
                        printed = _printed_author(raw)[0]
                        if printed and not self.is_owner(printed) and self.initials_match(printed):
                            self.add_owner_name(printed, f"printed so (unmarked, the owner's initials and "
                                                f"family name) in {self.where(path)}")

    def publication(self, entry: dict, ctx: Ctx, last: list) -> None:
        P = ctx.path
        title_raw = self.text(entry.get("title"), P + ("title",))
        if not title_raw:
            self.warn(P, f"{ctx}: no title: not imported ({_short(self.describe(entry, ctx))!r})")
            return
        title, title_urls = plain(title_raw)
        idx = len(self.out["publications"])
        path = ("publications", idx)
        record: dict = {"kind": None, "title": title}
        notes: list[str] = []

        # authors
        authors_value = entry.get("authors")
        if authors_value is not None and not isinstance(authors_value, list):
            authors_value = [authors_value]
        printed_authors, et_al = [], False
        chosen = self.owner_marks.get(P)
        for j, raw in enumerate(self.texts(authors_value, P + ("authors",), ctx)):
            name_plain, mark, urls, printed = _printed_author(raw)
            if re.fullmatch(r"(et\.?\s*al\.?|others|and others|…|\.\.\.)", name_plain, re.IGNORECASE):
                et_al = True
                continue
            if not name_plain:
                self.warn(P + ("authors", j), f"{ctx}: author {raw!r} is empty once markup is removed: "
                          "left out")
                continue
            if printed != name_plain:
                self.comment(path + ("authors",), f"footnote marks after {printed!r} dropped "
                             "(equal contribution / corresponding author)")
            if (mark and name_plain == chosen) or self.is_owner(name_plain):
                self.add_owner_name(name_plain, f"printed so in {ctx.where} " + (
                    "(the name given with --me)" if self.me_name and loader_key(name_plain) == loader_key(self.me_name)
                    else "(the owner's name with other accents or punctuation)"))
                printed_authors.append(name_plain)
            else:
                if mark:
                    self.warn(P + ("authors", j), f"{ctx}: several authors are marked; {chosen!r} is taken "
                              f"as the owner and {name_plain!r} as a co-author")
                printed_authors.append(self.person_ref(name_plain, urls[0] if urls else None))
        if not printed_authors:
            self.warn(P, f"{ctx}: no authors: not imported ({title!r})")
            return
        record["authors"] = printed_authors
        if et_al:
            record["et_al"] = True

        # venue text
        journal = self.text(entry.get("journal"), P + ("journal",))
        venue_name, extras = None, {}
        if journal:
            venue_name, extras, venue_notes = _parse_journal(plain(journal)[0])
            notes += venue_notes
        kind, why = self.pub_kind(venue_name or "", ctx.title, entry, P)
        record["kind"] = kind
        self.comment(path + ("kind",), why)
        if venue_name:
            if kind == "thesis":
                degree, school = _thesis_parts(venue_name)
                if degree:
                    record["degree"] = degree
                if school:
                    record["publisher"] = self.org(school)
                self.comment(path, f"thesis read from journal {journal!r}")
            elif kind in ("book", "report"):
                record["publisher"] = self.org(venue_name)
            else:
                vkind = {"preprint": "repository", "chapter": "book"}.get(kind, kind)
                if vkind not in ("journal", "conference", "workshop", "repository", "book"):
                    vkind = "journal"
                if kind == "preprint":
                    low = venue_name.lower()
                    venue_name = next((v for k, v in _REPOSITORIES.items() if k in low), venue_name)
                record["venue"] = self.venue(venue_name, vkind)
            if venue_name != plain(journal)[0] or extras:
                self.comment(path + ("venue",) if "venue" in record else path,
                             f"RenderCV journal {plain(journal)[0]!r}")
        # date
        when = None
        date = self.text(entry.get("date"), P + ("date",))
        if date:
            when = parse_when(date)
            if when is None:
                self.warn(P + ("date",), f"{ctx}: cannot read the date {date!r}: left out")
        if when:
            record["year"] = when.first
            if not when.single or when.approximate:
                self.comment(path + ("year",), f"from the date {when.printed!r}")
        elif extras.get("year"):
            record["year"] = extras["year"]
            self.comment(path + ("year",), f"from the year printed in journal {journal!r}")
        for key in ("volume", "issue", "pages"):
            if extras.get(key):
                record[key] = extras[key]
        # identifiers
        doi = self.text(entry.get("doi"), P + ("doi",))
        if doi:
            bare = strip_doi_prefix(doi.strip())
            if bare != doi.strip():
                self.comment(path + ("doi",), f"DOI written {doi!r}: prefix dropped")
            if _DOI.fullmatch(bare):
                record["doi"] = bare
                m = re.fullmatch(r"10\.48550/arxiv\.(\d{4}\.\d{4,5}(?:v\d+)?)", bare, re.IGNORECASE)
                if m:
                    record["arxiv"] = m.group(1)
            else:
                self.warn(P + ("doi",), f"{ctx}: {doi!r} is not a DOI: left out")
        url = self.text(entry.get("url"), P + ("url",))
        url = url.strip() if url else None
        for candidate in [url] + title_urls:
            if not candidate:
                continue
            if not _URL.fullmatch(candidate):
                self.warn(P + ("url",), f"{ctx}: {candidate!r} is not an http(s) URL: left out")
                continue
            arxiv = arxiv_in_url(candidate)
            if arxiv and "arxiv" not in record:
                record["arxiv"] = arxiv
            doi_in = doi_in_url(candidate)
            if doi_in and "doi" not in record:
                record["doi"] = doi_in
            elif "url" not in record:
                record["url"] = candidate
        if journal and "arxiv" not in record:
            m = _ARXIV_IN.search(journal)
            if m and _ARXIV.fullmatch(m.group(1)):
                record["arxiv"] = m.group(1)
        if extras.get("acceptance_rate"):
            record["acceptance_rate"] = extras["acceptance_rate"]
        notes += self.body(entry, ctx)  # summary, and highlights (not a PublicationEntry field)
        loc = self.text(entry.get("location"), P + ("location",))
        if loc:
            notes.append(f"location: {plain(loc)[0]}")
        if notes:
            record["notes"] = notes
        self.pub_id(record, path)
        self.place("publications", record, ctx, last)
        self.extra_keys(entry, ctx, ("publications", idx), handled={"highlights", "location"})

    def pub_kind(self, venue: str, section: str, entry: dict, P: tuple) -> tuple[str, str]:
        sec = section.replace("_", " ").lower()
        if venue and _PREPRINT_WORDS.search(venue):
            return "preprint", f"preprint: the venue {venue!r} is a preprint server"
        if venue and re.search(r"\bworkshops?\b", venue, re.IGNORECASE):
            return "workshop", f"workshop: the venue {venue!r} says so"
        if venue and re.search(r"\b(thesis|dissertation)\b", venue, re.IGNORECASE):
            return "thesis", f"thesis: the venue {venue!r} says so"
        for pattern, kind in ((r"pre-?prints?|working papers?|under review|submitted", "preprint"),
                              (r"workshops?", "workshop"),
                              (r"journals?", "journal"),
                              (r"conferences?|proceedings", "conference"),
                              (r"theses|thesis|dissertations?", "thesis"),
                              (r"chapters?", "chapter"),
                              (r"books?", "book"),
                              (r"(technical )?reports?", "report")):
            if re.search(rf"\b{pattern}\b", sec):
                return kind, f"{kind}: from the section title {section!r}"
        if venue and (_CONF_WORDS.search(venue) or _CONF_RE.search(venue)):
            return "conference", f"conference: the venue {venue!r} reads as a conference"
        if venue and _JOURNAL_WORDS.search(venue):
            return "journal", f"journal: the venue {venue!r} reads as a journal"
        if venue:
            return "journal", (f"journal: RenderCV calls the venue 'journal' and {venue!r} shows no sign "
                               "of a conference")
        doi = str(entry.get("doi") or "") + str(entry.get("url") or "")
        if re.search(r"10\.48550/arxiv|arxiv\.org/", doi, re.IGNORECASE):
            return "preprint", "preprint: an arXiv identifier and no venue"
        return "other", "other: RenderCV gives no venue (journal) to tell the kind from"

    def pub_id(self, record: dict, path: tuple) -> None:
        """The loader's default id, made unique with a suffix where two would collide."""
        default = default_pub_id(record)
        ident = numbered(default, self.pub_ids.__contains__)
        self.pub_ids.add(ident)
        if ident != default:
            record["id"] = ident
            self.comment(path + ("id",), f"{default!r} is already another publication's id")

    # ------------------------------------------------------------------ awards

    def award(self, entry: dict, ctx: Ctx, last: list) -> None:
        name, urls = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")
        if not name:
            return self.unmapped("awards", entry, ctx, last)
        when = self.dates(entry, ctx)
        if when is None:
            name, when = split_when(name)
        record = {"name": name}
        idx = len(self.out["awards"])
        self.award_when(record, when, ("awards", idx))
        notes = self.body(entry, ctx) + [f"link: {u}" for u in urls]
        location = self.text(entry.get("location"), ctx.path + ("location",))
        if location:
            notes.append(f"location: {plain(location)[0]}")
        if notes:
            record.setdefault("notes", []).extend(notes)
        self.place("awards", record, ctx, last)
        self.extra_keys(entry, ctx, ("awards", idx))

    def award_when(self, record: dict, when: When | None, path: tuple) -> None:
        if when is None:
            return
        first = when.first
        if when.single and len(first) > 4 and not when.approximate:
            record["date"] = first
        else:
            record["year"] = first[:4]
        if when.start or when.approximate:
            if when.start:
                record.setdefault("notes", []).append(when.printed)
            self.comment(path + ("date" if "date" in record else "year",),
                         f"from {when.printed!r}" + (": the first year" if when.start else ""))

    def award_text(self, text: str, ctx: Ctx, last: list) -> None:
        name, urls = plain(text)
        name, when = split_when(name)
        record = {"name": name}
        idx = len(self.out["awards"])
        self.award_when(record, when, ("awards", idx))
        if urls:
            record.setdefault("notes", []).extend(f"link: {u}" for u in urls)
        self.place("awards", record, ctx, last)

    # ------------------------------------------------------------------ talks

    def talk_where(self, record: dict, text: str) -> None:
        """Host organisation or event series from the text after the title."""
        text = re.sub(r"^(invited talk|talk|keynote|seminar|presented|presentation)\s*(at|,|:)?\s*", "",
                      text.strip(), flags=re.IGNORECASE).strip()
        text = re.sub(r"^at\s+", "", text, flags=re.IGNORECASE)
        if not text:
            return
        if _ORGISH.search(text) or org_kind(text):
            record["host"] = self.org(text)
        else:
            record["series"] = text

    def talk(self, entry: dict, ctx: Ctx, last: list) -> None:
        title, urls = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")
        if not title:
            return self.unmapped("talks", entry, ctx, last)
        record: dict = {"title": title}
        idx = len(self.out["talks"])
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        location = self.text(entry.get("location"), ctx.path + ("location",))
        notes: list[str] = []
        used = False
        if summary and len(plain(summary)[0].split()) <= 12:
            self.talk_where(record, plain(summary)[0])
            used = "host" in record or "series" in record
            if used:
                self.comment(("talks", idx), f"{'host' if 'host' in record else 'series'} from the summary "
                             f"{plain(summary)[0]!r}")
        if location:
            if "host" not in record and (_ORGISH.search(location) or org_kind(location)):
                record["host"] = self.org(location)
                self.comment(("talks", idx, "host"), f"from the location {location!r}")
            else:
                notes.append(f"location: {plain(location)[0]}")
        when = self.dates(entry, ctx)
        if when:
            record["date"] = when.first
            self.when_comment(("talks", idx, "date"), when, "date")
        sub = {k: v for k, v in entry.items() if not (k == "summary" and used)}
        notes = self.body(sub, ctx) + notes + [f"link: {u}" for u in urls]
        if notes:
            record["notes"] = notes
        self.place("talks", record, ctx, last)
        self.extra_keys(entry, ctx, ("talks", idx))

    def talk_text(self, text: str, ctx: Ctx, last: list) -> None:
        body, urls = plain(text)
        body, when = split_when(body)
        record: dict = {}
        m = re.match(r'^[“"](.+?)[”"]\s*[,.:–—-]?\s*(.*)$', body)
        if m:
            record["title"], rest = m.group(1).strip(), m.group(2)
        else:
            parts = re.split(r"\s+[–—]\s+|\s+-\s+", body, maxsplit=1)
            record["title"], rest = parts[0].strip(), parts[1] if len(parts) > 1 else ""
        idx = len(self.out["talks"])
        if rest:
            self.talk_where(record, rest.strip(" ,.;"))
        if when:
            record["date"] = when.first
            self.when_comment(("talks", idx, "date"), when, "date")
        if urls:
            record["notes"] = [f"link: {u}" for u in urls]
        self.place("talks", record, ctx, last, f"read from the text {body!r}" if rest else None)

    # ------------------------------------------------------------------ teaching

    _CODE = r"[A-Z]{2,6}[ -]?\d{2,4}[A-Z]?(?:/[A-Z]{0,6}[ -]?\d{2,4}[A-Z]?)?"

    def course(self, text: str) -> tuple[str | None, str, str | None]:
        """"CS 101: Intro" / "Intro (CS 101)" / "TA, Intro" → (code, title, role note)."""
        role = None
        m = re.match(r"^(teaching assistant|TA|head TA|instructor|lecturer|co-?instructor|guest lecturer|"
                     r"teaching fellow|grader|tutor)\s*(?:,|:|for|–|—|-)\s*(.+)$", text, re.IGNORECASE)
        if m:
            role, text = m.group(1), m.group(2).strip()
        m = re.match(rf"^({self._CODE})\s*[:,–—-]?\s+(.+)$", text)
        if m:
            return m.group(1), m.group(2).strip(), role
        m = re.match(rf"^(.+?)\s*\(({self._CODE})\)$", text)
        if m:
            return m.group(2), m.group(1).strip(), role
        return None, text, role

    def teaching(self, entry: dict, ctx: Ctx, last: list) -> None:
        name = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        if not name:
            return self.unmapped("teaching", entry, ctx, last)
        location = self.text(entry.get("location"), ctx.path + ("location",))
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        code, title, role = self.course(name)
        when = self.dates(entry, ctx)
        inst = None
        for cand in (location, summary):
            if cand and _ORGISH.search(cand):
                inst = plain(cand)[0]
                break
        m = re.match(r"^(.+?),\s*([^,]*(?:universit|college|institut|school)[^,]*)$", title, re.IGNORECASE)
        if inst is None and m:
            title, inst = m.group(1), m.group(2)
        self.teaching_record(code, title, role, inst, when, ctx, last, self.body(entry, ctx))

    def teaching_text(self, text: str, ctx: Ctx, last: list) -> None:
        body, when = split_when(plain(text)[0])
        inst = None
        m = re.match(r"^(.+?)\s*(?:,|\bat\b|[–—])\s*([^,]*(?:universit|college|institut|school)[^,]*)$",
                     body, re.IGNORECASE)
        if m:
            body, inst = m.group(1).strip(), m.group(2).strip()
        code, title, role = self.course(body)
        self.teaching_record(code, title, role, inst, when, ctx, last, [])

    def teaching_record(self, code, title, role, inst, when, ctx, last, notes) -> None:
        terms: list[str] = []
        how = ""
        if when and len(when.terms) >= 1:
            terms = list(when.terms)
            if when.start and not when.listed and len(when.terms) == 2 and when.terms[0] != when.terms[1]:
                how = f"terms {when.printed!r}: the first and last printed"
        elif when and (when.start or when.single):
            a, b = (when.single, when.single) if when.single else (when.start, when.end)
            if b and b != "present" and len(a) >= 7 and len(b) >= 7:
                terms = terms_between(a, b)
                how = f"terms worked out from the months {when.printed!r}"
            elif len(a) >= 7 and (not b or b == "present" or b == a):
                terms = [_season_of(a)]
                how = f"term worked out from the month {when.printed!r}"
        if not terms:
            self.warn(ctx.path, f"{ctx}: teaching needs its terms (e.g. Fall 2023) and "
                      f"{when.printed if when else 'no date'!r} gives none; not imported ({title!r})")
            return
        if inst is None:
            academic = {o["id"] for o in self.orgs.items if o.get("kind") in ("university", "school",
                                                                                "department")}
            current = next((e for e in self.out["employment"]
                            if e.get("end") == "present" and e["organization"] in academic), None)
            if current is None:
                self.warn(ctx.path, f"{ctx}: teaching needs an institution; none is printed and there "
                          f"is no current academic employer to assume: not imported ({title!r})")
                return
            inst_id = current["organization"]
            how = (how + "; " if how else "") + "institution not printed: the current (academic) employer"
        else:
            inst_id = self.org(inst)
        for i, old in enumerate(self.out["teaching"]):  # one course, several offerings: one record
            same = (old.get("code") == code) if code or old.get("code") else loader_key(old["title"]) == loader_key(title)
            if same and old["institution"] == inst_id:
                old["terms"] += [t for t in terms if t not in old["terms"]]
                self.comment(("teaching", i, "terms"), f"{ctx}" + (
                    f" printed the title {title!r}" if loader_key(title) != loader_key(old["title"]) else "")
                    + f" adds {', '.join(terms)}" + (f" ({how})" if how else ""))
                last.append(("teaching", i))
                return
        record = {**({"code": code} if code else {}), "title": title, "institution": inst_id,
                  "terms": terms}
        if role or notes:
            why = "; ".join(filter(None, [f"role {role!r}" if role else "",
                                          *[f"not imported: {_short(n)!r}" for n in notes]]))
            how = (how + "; " if how else "") + why
        self.place("teaching", record, ctx, last, how or None)

    # ------------------------------------------------------------------ service

    def service(self, entry: dict, ctx: Ctx, last: list) -> None:
        name = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        when = self.dates(entry, ctx)
        text = name
        if summary and _split_service(name) is None:
            text = f"{name}, {plain(summary)[0]}"
        self.service_record(text, when, ctx, last)

    def service_text(self, text: str, ctx: Ctx, last: list) -> None:
        self.service_record(plain(text)[0], None, ctx, last)

    def service_record(self, text: str, when: When | None, ctx: Ctx, last: list) -> None:
        split = _split_service(text)
        if split is None:
            self.warn(ctx.path, f"{ctx}: service needs a role and a venue (conference or journal) and "
                      f"{text!r} names none; not imported")
            return
        role, venues = split
        shared_years = when.years if when else []
        made = 0
        for venue_text in venues:
            vname, vyears = _venue_years(venue_text)
            years = vyears or shared_years or _years_in(text)
            if not vname:
                continue
            if not years:
                self.warn(ctx.path, f"{ctx}: service needs its years and {text!r} gives none; "
                          f"{role!r} for {vname!r} not imported")
                continue
            kind, why = _venue_kind(vname, role)
            ref = self.venue(vname, kind)
            record = {"role": role, "venue": ref, "years": years}
            note = f"read from {text!r}" + (f"; venue kind {why}" if why else "")
            self.place("service", record, ctx, last, note)
            made += 1
        if not made and not any(_venue_years(v)[0] for v in venues):
            self.warn(ctx.path, f"{ctx}: no venue in {text!r}: not imported")

    # ------------------------------------------------------------------ skills, languages, interests

    def skill(self, group: str, details: str, ctx: Ctx, last: list) -> None:
        details = plain(details)[0]
        if not group.strip():
            m = re.match(r"^([^:]{1,60}):(?!//)\s*(.+)$", details)
            if m:
                group, details = m.group(1).strip(), m.group(2)
            else:
                group = _title(ctx.title)
        items = _split_top(details)
        if not items:
            self.warn(ctx.path, f"{ctx}: no skills listed: not imported")
            return
        self.place("skills", {"group": group, "items": items}, ctx, last)

    def skill_normal(self, entry: dict, ctx: Ctx, last: list) -> None:
        group = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        items = []
        for note in self.body(entry, ctx):
            items += _split_top(note)
        if not items:
            self.warn(ctx.path, f"{ctx}: no skills listed: not imported ({group!r})")
            return
        self.place("skills", {"group": group, "items": items}, ctx, last)
        self.extra_keys(entry, ctx, None, handled={"summary", "highlights"})

    def language(self, name: str, fluency: str | None, ctx: Ctx, last: list) -> None:
        if not name.strip():
            self.warn(ctx.path, f"{ctx}: no language name: not imported")
            return
        record = {"name": name, **({"fluency": fluency} if fluency else {})}
        self.place("languages", record, ctx, last)

    def language_text(self, text: str, ctx: Ctx, last: list) -> None:
        for item in _split_top(plain(text)[0]):
            m = re.match(r"^(.+?)\s*\((.+)\)$", item) or re.match(r"^(.+?)\s*[:–—]\s*(.+)$", item) or \
                re.match(r"^(.+?)\s+-\s+(.+)$", item)
            self.language(m.group(1).strip() if m else item, m.group(2).strip() if m else None, ctx, last)

    def language_normal(self, entry: dict, ctx: Ctx, last: list) -> None:
        name = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        body = self.body(entry, ctx)
        self.language(name, "; ".join(body) or None, ctx, last)
        self.extra_keys(entry, ctx, None, handled={"summary", "highlights"})

    def interest_text(self, text: str, ctx: Ctx, last: list) -> None:
        self.out["interests"].append(plain(text)[0])

    def interest_normal(self, entry: dict, ctx: Ctx, last: list) -> None:
        name = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")[0]
        body = self.body(entry, ctx)
        self.out["interests"].append(f"{name}: {'; '.join(body)}" if body else name)
        self.extra_keys(entry, ctx, None, handled={"summary", "highlights"})

    def summary_text(self, text: str, ctx: Ctx, last: list) -> None:
        self.summary.append(plain(text, keep_urls=True)[0])

    # ------------------------------------------------------------------ projects, certificates

    def project(self, entry: dict, ctx: Ctx, last: list) -> None:
        name, urls = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")
        record: dict = {"name": name}
        idx = len(self.out["projects"])
        summary = self.text(entry.get("summary"), ctx.path + ("summary",))
        if summary:
            record["description"] = plain(summary, keep_urls=True)[0]
        when = self.dates(entry, ctx)
        if when:
            if when.single:
                record["start"] = record["end"] = when.single
                self.comment(("projects", idx, "start"), f"a single date {when.printed!r}: read as start "
                             "and end" + (" (a term read as its year)" if when.approximate else ""))
            else:
                record["start"] = when.start
                if when.end:
                    record["end"] = when.end
                self.when_comment(("projects", idx, "start"), when, "dates")
        url = next((u for u in urls if _URL.fullmatch(u)), None)
        extra_url = self.text(entry.get("url"), ctx.path + ("url",))
        if extra_url and _URL.fullmatch(extra_url.strip()):
            url = url or extra_url.strip()
        if url:
            record["url"] = url
        notes = self.body({k: v for k, v in entry.items() if k != "summary"}, ctx)
        location = self.text(entry.get("location"), ctx.path + ("location",))
        if location:
            notes.append(f"location: {plain(location)[0]}")
        if notes:
            record["notes"] = notes
        self.place("projects", record, ctx, last)
        self.extra_keys(entry, ctx, ("projects", idx), handled={"url"} if extra_url else set())

    def project_text(self, text: str, ctx: Ctx, last: list) -> None:
        name, urls = plain(text)
        record: dict = {"name": name}
        url = next((u for u in urls if _URL.fullmatch(u)), None)
        if url:
            record["url"] = url
        self.place("projects", record, ctx, last)

    def certificate(self, entry: dict, ctx: Ctx, last: list) -> None:
        name, urls = plain(self.text(entry.get("name"), ctx.path + ("name",)) or "")
        record: dict = {"name": name}
        idx = len(self.out["certificates"])
        when = self.dates(entry, ctx)
        if when:
            record["date"] = when.first
            self.when_comment(("certificates", idx, "date"), when, "date")
        url = next((u for u in urls if _URL.fullmatch(u)), None)
        if url:
            record["url"] = url
        notes = self.body(entry, ctx)
        if notes:
            record["notes"] = notes
        self.place("certificates", record, ctx, last)
        self.extra_keys(entry, ctx, ("certificates", idx))

    def certificate_text(self, text: str, ctx: Ctx, last: list) -> None:
        name, urls = plain(text)
        name, when = split_when(name)
        record: dict = {"name": name}
        if when:
            record["date"] = when.first
        url = next((u for u in urls if _URL.fullmatch(u)), None)
        if url:
            record["url"] = url
        self.place("certificates", record, ctx, last)

    # ------------------------------------------------------------------ result

    def result(self) -> dict:
        if "name" not in self.person:
            self.person["name"] = "Unknown"
            self.warn(f"{self.source}: cv", "the CV gives no name (cv.name) and --me was not given: "
                      "person.name set to 'Unknown'")
        if self.summary:
            self.person["summary"] = "\n\n".join(self.summary)
        current = []
        for section in ("employment",):
            for entry in self.out[section]:
                if entry.get("end") == "present" and entry["organization"] not in current:
                    current.append(entry["organization"])
        if current and "affiliation" not in self.person:
            self.person["affiliation"] = current
            self.comment(("person", "affiliation"), "the organisations of ongoing employment")
        if self.tagged:
            self.warn(f"{self.source}: cv.sections", f"RenderCV tags on {self.tagged} entr"
                      f"{'y' if self.tagged == 1 else 'ies'} ignored (they select entries for "
                      "CV variants)")
        self.imp.warnings.sort(key=self.line_of)
        data: dict = {"cvgraph": 1, "person": self.person}
        if self.out["interests"]:
            data["interests"] = self.out["interests"]
        for name, reg in (("organizations", self.orgs), ("people", self.people), ("venues", self.venues)):
            if reg.items:
                data[name] = reg.items
        for section in ("education", "employment", "internships", "teaching", "awards", "publications",
                        "talks", "service", "skills", "volunteer", "certificates", "languages",
                        "projects"):
            if self.out[section]:
                data[section] = self.out[section]
        return _ordered(data, FORMAT)


# Sections whose text entries may elaborate the record before them (kept as its note).
ELABORATED = {"education", "employment", "internships", "volunteer", "projects"}
NOTED = {"education", "employment", "internships", "volunteer", "awards", "publications", "talks",
         "projects", "certificates"}


# ----------------------------------------------------------------------------- small parsers

def _author_mark(raw: str) -> tuple[str, bool]:
    """``"**Jane Doe**"`` → ("Jane Doe", True): the whole name in markdown emphasis."""
    text = raw.strip()
    m = re.fullmatch(r"(\*{1,3}|_{1,3})\s*(.+?)\s*\1([*,†‡§¶#\d\s]*)", text)
    if m and not re.search(r"[*_]", m.group(2)):
        return (m.group(2) + m.group(3).replace("*", "")).strip(), True
    return text, False


def _printed_author(raw: str) -> tuple[str, bool, list[str], str]:
    """An author as printed → (plain name, owner-marked, link URLs, the name before footnote marks
    such as ``*``/``†`` were dropped)."""
    name, mark = _author_mark(raw)
    printed, urls = plain(name)
    bare = re.sub(r"\s*[*†‡§¶#]+$", "", printed).strip()
    return bare, mark and bool(bare), urls, printed


def _split_role(text: str) -> tuple[str, str] | None:
    """"Research Assistant at MIT" / "Engineer, Google" / "Engineer — Google" → (title, org)."""
    for pattern in (r"^(.+?)\s+at\s+(.+)$", r"^(.+?)\s+[–—|]\s+(.+)$", r"^(.+?)\s+-\s+(.+)$",
                    r"^(.+?),\s*(.+)$", r"^(.+?)\s*@\s*(.+)$"):
        m = re.match(pattern, text)
        if m and m.group(1).strip() and m.group(2).strip():
            return m.group(1).strip(), m.group(2).strip()
    return None


def _parse_journal(text: str) -> tuple[str | None, dict, list[str]]:
    """RenderCV ``journal`` text → (venue name, {year, volume, issue, pages, acceptance_rate}, notes)."""
    extras: dict = {}
    notes: list[str] = []
    parts = _split_top(text, ",", strip_dot=False)
    kept: list[str] = []
    for i, part in enumerate(parts):
        low = part.lower()
        m = re.fullmatch(r"(?:vol\.?|volume)\s*(\S+)", low)
        if m and i:
            extras["volume"] = part.split()[-1] if " " in part else m.group(1)
            continue
        m = re.fullmatch(r"(?:no\.?|issue|number|num\.?)\s*(\S+)", low)
        if m and i:
            extras["issue"] = m.group(1)
            continue
        m = re.fullmatch(r"(?:pp?\.?|pages?)\s*(\d+\s*[-–—]+\s*\d+|\d+)", low)
        if m and i:
            extras["pages"] = re.sub(r"\s*[-–—]+\s*", "-", m.group(1))
            continue
        m = re.fullmatch(r"(\d+)\s*\((\d+)\)(?:\s*:\s*(\d+\s*[-–—]+\s*\d+|\d+))?", part)
        if m and i:
            extras["volume"], extras["issue"] = m.group(1), m.group(2)
            if m.group(3):
                extras["pages"] = re.sub(r"\s*[-–—]+\s*", "-", m.group(3))
            continue
        m = re.fullmatch(r"\(?((?:19|20)\d{2})\)?", part)
        if m and i:
            extras.setdefault("year", m.group(1))
            continue
        m = re.search(r"(\d+(?:\.\d+)?\s?%)", part)
        if m and i and re.search(r"accept", low):
            extras["acceptance_rate"] = m.group(1).replace(" ", "")
            continue
        if i and _NOTE_WORDS.search(part):
            notes.append(part)
            continue
        kept.append(part)
    name = ", ".join(kept)
    m = re.search(r"\s*\(([^()]*?(\d+(?:\.\d+)?\s?%)[^()]*?)\)", name)
    if m and re.search(r"accept", m.group(1), re.IGNORECASE):  # "(acceptance rate 19%)"
        extras["acceptance_rate"] = m.group(2).replace(" ", "")
        name = (name[:m.start()] + name[m.end():]).strip()
    inner = re.findall(r"\b((?:19|20)\d{2})\b", name)
    if len(inner) == 1 and not re.search(r"(^|\s)(19|20)\d{2}(\s|$)", name.strip()[:5] + name.strip()[-5:]):
        extras.setdefault("year", inner[0])  # "Proc. of the 2023 ACM Conference": kept in the name
    # a year before or after the name: "NeurIPS 2023", "2023 IEEE BigData", "ICML (2022)"
    m = re.fullmatch(r"(.+?)[\s,']+\(?((?:19|20)\d{2})\)?", name)
    if m and not re.search(r"\b(of|on|for|in|the)$", m.group(1).strip(), re.IGNORECASE):
        extras.setdefault("year", m.group(2))
        name = m.group(1).strip()
    m = re.fullmatch(r"((?:19|20)\d{2})\s+(.+)", name)
    if m:
        extras.setdefault("year", m.group(1))
        name = m.group(2).strip()
    m = re.fullmatch(r"(.+?)\s*\(([^()]*\b(oral|spotlight|poster|best paper)[^()]*)\)", name, re.IGNORECASE)
    if m:
        notes.append(m.group(2))
        name = m.group(1).strip()
    name = re.sub(r"\s*arxiv:\s*\d{4}\.\d{4,5}(v\d+)?", "", name, flags=re.IGNORECASE).strip(" ,")
    return (name or None), extras, notes


def _thesis_parts(text: str) -> tuple[str | None, str | None]:
    degree = None
    low = text.lower()
    if re.search(r"ph\.?\s?d|doctor", low):
        degree = "Ph.D."
    elif re.search(r"master|m\.?\s?sc?\b|m\.s\.", low):
        degree = "M.S."
    elif re.search(r"bachelor|b\.?\s?sc?\b|b\.s\.|undergraduate|senior", low):
        degree = "B.S."
    school = None
    for part in _split_top(text, ","):
        if not re.search(r"\b(thesis|dissertation)\b", part, re.IGNORECASE):
            school = part
            break
    return degree, school


def _years_in(text: str) -> list[str]:
    years: list[str] = []
    for m in re.finditer(r"\b((?:19|20)\d{2})(?:\s*(?:–|—|-|to)\s*((?:19|20)\d{2}))?\b", text):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        for y in range(a, b + 1) if 0 <= b - a <= 40 else [a]:
            if str(y) not in years:
                years.append(str(y))
    return years


def _venue_years(text: str) -> tuple[str, list[str]]:
    """"NeurIPS (2021, 2022)" / "AAAI 2023" → ("NeurIPS", [years])."""
    years = _years_in(text)
    name = re.sub(r"\((?:[^()]*\d{4}[^()]*)\)", "", text)
    name = re.sub(r"\b(19|20)\d{2}\b(\s*(–|—|-|to)\s*\b(19|20)\d{2}\b)?", "", name)
    name = re.sub(r"\s+", " ", name).strip(" ,;:–—-'")
    return name, years


def _split_service(text: str) -> tuple[str, list[str]] | None:
    """"Reviewer for NeurIPS, ICML (2023)" → ("Reviewer", ["NeurIPS", "ICML (2023)"])."""
    m = re.match(r"^(?P<role>[^,:]+?)\s*(?::|,|\bfor\b|\bof\b|\bat\b|–|—|\s-\s)\s*(?P<venues>.+)$", text)
    if m:
        role, rest = m.group("role").strip(), m.group("venues").strip()
        if not _ROLE_WORDS.search(role) and _ROLE_WORDS.search(rest):
            # "NeurIPS: Reviewer" / "AAAI 2023, Program Committee Member"
            rest_role = _venue_years(rest)[0]
            if _split_top(rest_role) == [rest_role]:
                role, rest = rest_role, role + (" " + " ".join(_years_in(rest)) if _years_in(rest) else "")
        if _ROLE_WORDS.search(role):
            venues = [v for v in _split_top(rest) if _venue_years(v)[0]]
            # a year-only piece ("NeurIPS, 2021") belongs to every venue
            years = [v for v in _split_top(rest) if not _venue_years(v)[0]]
            if years:
                venues = [f"{v} {' '.join(years)}" for v in venues]
            if venues:
                return role, venues
    m = re.match(r"^(?P<venue>.+?)\s+(?P<role>(?:external\s+)?(?:reviewer|referee|program committee(?: member)?|"
                 r"pc member|area chair|session chair|(?:associate )?editor))\b(?P<rest>.*)$", text, re.IGNORECASE)
    if m:
        return m.group("role").strip(), [f"{m.group('venue')} {m.group('rest')}".strip()]
    return None


def _venue_kind(name: str, role: str) -> tuple[str, str]:
    if re.search(r"\bworkshops?\b", name, re.IGNORECASE):
        return "workshop", ""
    if _JOURNAL_WORDS.search(name) or re.search(r"\beditor", role, re.IGNORECASE) and not _CONF_WORDS.search(name):
        return "journal", "journal (its name or the role says so)"
    if _CONF_WORDS.search(name) or _CONF_RE.search(name):
        return "conference", ""
    return "conference", f"guessed: conference ({name!r} shows no sign of a journal)"


def _a(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _title(section: str) -> str:
    if " " in section or any(c.isupper() for c in section):
        return section
    return " ".join(w.capitalize() for w in section.split("_"))


def _short(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _show(value: Any) -> str:
    return _short(repr(value))


def _ordered(data: dict, fields: dict[str, F]) -> dict:
    """Keys in the order the record format lists them (unknown keys after, as they came)."""
    out = {}
    for key, spec in fields.items():
        if key in data:
            out[key] = _ordered_value(data[key], spec)
    for key, value in data.items():
        if key not in out:
            out[key] = value
    return out


def _ordered_value(value: Any, spec: F) -> Any:
    if spec.kind == "obj" and isinstance(value, dict):
        return _ordered(value, spec.of)
    if spec.kind == "list" and isinstance(value, list) and spec.of.kind == "obj":
        return [_ordered(v, spec.of.of) if isinstance(v, dict) else v for v in value]
    return value


# ----------------------------------------------------------------------------- entry point

def convert(text: str, source: str, me: str | None = None) -> Imported:
    """RenderCV YAML ``text`` (from ``source``) → :class:`~cvgraph.importers.base.Imported`."""
    try:
        loaded = load_yaml(source, text)
    except RecordError as exc:
        first = exc.problems[0] if exc.problems else None
        raise ImportError_(f"{source}: cannot read as YAML: {first.message if first else exc}"
                           + (f" (line {first.line})" if first else "")) from None
    top = loaded.data
    if not isinstance(top, dict):
        raise ImportError_(f"{source}: not a RenderCV file (expected a mapping with a 'cv:' block)")
    conv = Converter(loaded, source, me)
    if "cv" in top:
        cv = top["cv"]
        if not isinstance(cv, dict):
            raise ImportError_(f"{source}: not a RenderCV file ('cv:' is not a mapping)")
        ignored = [k for k in SETTINGS_BLOCKS if k in top]
        others = [k for k in top if k != "cv" and k not in SETTINGS_BLOCKS]
        if ignored:
            conv.warn((ignored[0],), "ignored the RenderCV " + ", ".join(ignored) + " block"
                      + ("s" if len(ignored) > 1 else "") + " (layout and tooling settings, not CV content)")
        for key in others:
            conv.warn((key,), f"top-level {key!r} is not part of a RenderCV file: not imported")
        base_path: tuple = ("cv",)
    elif isinstance(top.get("sections"), dict):
        cv = top  # the content of a cv: block alone (RenderCV's sample_content.yaml)
        base_path = ()
        conv.warn(f"{source}:1", "no 'cv:' block: the file is read as the content of one")
    else:
        raise ImportError_(f"{source}: not a RenderCV file (no 'cv:' block with name and sections)")
    if base_path == ():
        # paths in messages are relative to the file: re-root marks under ("cv",)
        loaded.marks = {("cv",) + k: v for k, v in loaded.marks.items()} | loaded.marks
        loaded.raw = {("cv",) + k: v for k, v in loaded.raw.items()} | loaded.raw
    conv.header(cv)
    conv.sections(cv.get("sections"))
    conv.imp.data = conv.result()
    return conv.imp
