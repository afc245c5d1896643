"""RenderCV text: markdown to plain text, printed author names, short forms for messages."""
from __future__ import annotations

import re
from collections.abc import Iterable

from cvgraph.importers.common import CONTROL
from cvgraph.importers.text.identifiers import url_ok
from cvgraph.records.spec import PATTERNS

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


def first_url(urls: Iterable[str]) -> str | None:
    """The first of ``urls`` the record format takes as a ``url`` (:func:`url_ok`), or None."""
    return next((u for u in urls if url_ok(u)), None)
EMAIL = re.compile(PATTERNS["email"])
DOI = re.compile(PATTERNS["doi"])
ORCID = re.compile(PATTERNS["orcid"])
ARXIV = re.compile(PATTERNS["arxiv"])
ARXIV_IN = re.compile(r"arxiv(?:\s*preprint)?(?:\s*arxiv)?\s*[:/]?\s*(\d{4}\.\d{4,5}(?:v\d+)?)",
                      re.IGNORECASE)


def plain(text: str, keep_urls: bool = False) -> tuple[str, list[str]]:
    """Markdown → plain text and the link targets. ``keep_urls`` writes a link as ``text (url)``."""
    urls: list[str] = []

    def link(match: re.Match[str]) -> str:
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


def split_top(text: str, seps: str = ",;", strip_dot: bool = True) -> list[str]:
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


def author_mark(raw: str) -> tuple[str, bool]:
    """``"**Jane Doe**"`` → ("Jane Doe", True): the whole name in markdown emphasis."""
    text = raw.strip()
    m = re.fullmatch(r"(\*{1,3}|_{1,3})\s*(.+?)\s*\1([*,†‡§¶#\d\s]*)", text)
    if m and not re.search(r"[*_]", m.group(2)):
        return (m.group(2) + m.group(3).replace("*", "")).strip(), True
    return text, False


def printed_author(raw: str) -> tuple[str, bool, list[str], str]:
    """An author as printed → (plain name, owner-marked, link URLs, the name before footnote marks
    such as ``*``/``†`` were dropped)."""
    name, mark = author_mark(raw)
    printed, urls = plain(name)
    bare = re.sub(r"\s*[*†‡§¶#]+$", "", printed).strip()
    return bare, mark and bool(bare), urls, printed


def a_or_an(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def section_title(section: str) -> str:
    if " " in section or any(c.isupper() for c in section):
        return section
    return " ".join(w.capitalize() for w in section.split("_"))


def short(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def show(value: object) -> str:
    return short(repr(value))
