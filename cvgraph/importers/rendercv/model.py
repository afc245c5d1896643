"""RenderCV's data model as cvgraph reads it: entry types and their fields, section titles, where an
entry came from."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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
DATED = {"date", "start_date", "end_date", "location", "summary", "highlights"}
FIELDS = {
    "OneLineEntry": {"label", "details"},
    "NormalEntry": {"name"} | DATED,
    "ExperienceEntry": {"company", "position"} | DATED,
    "EducationEntry": {"institution", "area", "degree"} | DATED,
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
    ("patents", r"\bpatents?\b"),
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


@dataclass
class Ctx:
    """Where an entry came from: for messages and for notes."""

    title: str
    index: int
    etype: str
    path: tuple[Any, ...]
    where: str

    def __str__(self) -> str:
        return f"section {self.title!r}, entry {self.index + 1} ({self.etype})"


def entry_type(entry: object) -> str | None:
    if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
        return "TextEntry"
    if isinstance(entry, dict):
        keys = {k for k, v in entry.items() if v is not None}
        for name, own in ENTRY_TYPES:
            if own & keys:
                return name
    return None


def classify(title: str) -> str | None:
    words = " ".join(title.replace("_", " ").replace("&", " and ").split()).lower().strip(" :!?.")
    for kind, pattern in SECTION_KINDS:
        if re.search(pattern, words):
            return kind
    return None


# Sections whose text entries may elaborate the record before them (kept as its note).
ELABORATED = {"education", "employment", "internships", "volunteer", "projects"}
NOTED = {"education", "employment", "internships", "volunteer", "awards", "publications", "talks",
         "projects", "certificates"}
