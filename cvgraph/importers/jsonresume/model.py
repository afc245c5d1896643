"""JSON Resume as the importer reads it: its sections and fields, profile networks, small helpers."""
from __future__ import annotations

import re

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

ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
BARE_HOST = re.compile(r"(www\.)?[\w-]+(\.[\w-]+)+(/|$)")  # example.org/x: a URL without its scheme

# Profile URLs for a network name (lower-case, spaces dropped) and a username.
NETWORKS = {
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
OWN_FIELD = {"dblp": "dblp", "googlescholar": "scholar", "scholar": "scholar"}


# -- helpers ------------------------------------------------------------------------------------

ABSTRACT_WORDS = 30  # a publication summary this long (in words) is prose: its abstract, not a note
STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "via", "with", "x"}  # x: slug of nothing


def pub_kind(is_arxiv: bool, publisher: str | None, url: str | None) -> tuple[str, str]:
    """A publication's kind and why: JSON Resume has no type, only arXiv shows through."""
    if not is_arxiv:
        return "other", ("JSON Resume has no publication type" +
                         (f"; {publisher!r} recorded as the publisher" if publisher else "") +
                         ": set kind (journal, conference, book, …) and venue if known")
    why = []
    if publisher and re.search(r"\barxiv\b", publisher, re.IGNORECASE):
        why.append(f"publisher {publisher!r}")
    if url and "arxiv.org/" in url.lower():
        why.append("an arxiv.org URL")
    return "preprint", "arXiv preprint: " + " and ".join(why)


def kind_of(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object",
            str: "text", type(None): "null"}.get(type(value), type(value).__name__)
