"""Phrases of a CV: roles ("Engineer at Acme"), venue texts, theses, service lines and the words
that give them away."""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.rendercv.markup import split_top
from cvgraph.importers.text.venues import CONFERENCE_ACRONYM, CONFERENCE_WORDS, JOURNAL_WORDS

# ----------------------------------------------------------------------------- places and kinds

ORGISH = re.compile(r"universit|college|institut|school|department|laborator|\blabs?\b|academy|"
                     r"cent(er|re)\b|\binc\b|corporation|\bllc\b|\bltd\b|\bgmbh\b|company|ministry|"
                     r"foundation|agency|hospital|society|association|council", re.IGNORECASE)


NOTE_WORDS = re.compile(r"\b(oral|spotlight|poster|award|best|accepted|to appear|in press|under review|"
                         r"submitted|invited|highlight|honou?rable|finalist|nominee|nominated|"
                         r"acceptance|top \d+%|selected)\b|%", re.IGNORECASE)
ROLE_WORDS = re.compile(r"review|referee|committee|\bchair|editor|\bmember\b|organi[sz]er|board|"
                         r"\bPC\b|session|judge|moderator|panel|mentor|area chair|program", re.IGNORECASE)


def split_role(text: str) -> tuple[str, str] | None:
    """"Research Assistant at MIT" / "Engineer, Google" / "Engineer — Google" → (title, org)."""
    for pattern in (r"^(.+?)\s+at\s+(.+)$", r"^(.+?)\s+[–—|]\s+(.+)$", r"^(.+?)\s+-\s+(.+)$",
                    r"^(.+?),\s*(.+)$", r"^(.+?)\s*@\s*(.+)$"):
        m = re.match(pattern, text)
        if m and m.group(1).strip() and m.group(2).strip():
            return m.group(1).strip(), m.group(2).strip()
    return None


def parse_journal(text: str) -> tuple[str | None, dict[str, Any], list[str]]:
    """RenderCV ``journal`` text → (venue name, {year, volume, issue, pages, acceptance_rate}, notes)."""
    extras: dict[str, Any] = {}
    notes: list[str] = []
    parts = split_top(text, ",", strip_dot=False)
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
        if i and NOTE_WORDS.search(part):
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


def thesis_parts(text: str) -> tuple[str | None, str | None]:
    degree = None
    low = text.lower()
    if re.search(r"ph\.?\s?d|doctor", low):
        degree = "Ph.D."
    elif re.search(r"master|m\.?\s?sc?\b|m\.s\.", low):
        degree = "M.S."
    elif re.search(r"bachelor|b\.?\s?sc?\b|b\.s\.|undergraduate|senior", low):
        degree = "B.S."
    school = None
    for part in split_top(text, ","):
        if not re.search(r"\b(thesis|dissertation)\b", part, re.IGNORECASE):
            school = part
            break
    return degree, school


def years_in(text: str) -> list[str]:
    years: list[str] = []
    for m in re.finditer(r"\b((?:19|20)\d{2})(?:\s*(?:–|—|-|to)\s*((?:19|20)\d{2}))?\b", text):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        for y in range(a, b + 1) if 0 <= b - a <= 40 else [a]:
            if str(y) not in years:
                years.append(str(y))
    return years


def venue_years(text: str) -> tuple[str, list[str]]:
    """"NeurIPS (2021, 2022)" / "AAAI 2023" → ("NeurIPS", [years])."""
    years = years_in(text)
    name = re.sub(r"\((?:[^()]*\d{4}[^()]*)\)", "", text)
    name = re.sub(r"\b(19|20)\d{2}\b(\s*(–|—|-|to)\s*\b(19|20)\d{2}\b)?", "", name)
    name = re.sub(r"\s+", " ", name).strip(" ,;:–—-'")
    return name, years


def split_service(text: str) -> tuple[str, list[str]] | None:
    """"Reviewer for NeurIPS, ICML (2023)" → ("Reviewer", ["NeurIPS", "ICML (2023)"])."""
    m = re.match(r"^(?P<role>[^,:]+?)\s*(?::|,|\bfor\b|\bof\b|\bat\b|–|—|\s-\s)\s*(?P<venues>.+)$", text)
    if m:
        role, rest = m.group("role").strip(), m.group("venues").strip()
        if not ROLE_WORDS.search(role) and ROLE_WORDS.search(rest):
            # "NeurIPS: Reviewer" / "AAAI 2023, Program Committee Member"
            rest_role = venue_years(rest)[0]
            if split_top(rest_role) == [rest_role]:
                role, rest = rest_role, role + (" " + " ".join(years_in(rest)) if years_in(rest) else "")
        if ROLE_WORDS.search(role):
            venues = [v for v in split_top(rest) if venue_years(v)[0]]
            # a year-only piece ("NeurIPS, 2021") belongs to every venue
            years = [v for v in split_top(rest) if not venue_years(v)[0]]
            if years:
                venues = [f"{v} {' '.join(years)}" for v in venues]
            if venues:
                return role, venues
    m = re.match(r"^(?P<venue>.+?)\s+(?P<role>(?:external\s+)?(?:reviewer|referee|"
                 r"program committee(?: member)?|pc member|area chair|session chair|(?:associate )?editor))"
                 r"\b(?P<rest>.*)$", text, re.IGNORECASE)
    if m:
        return m.group("role").strip(), [f"{m.group('venue')} {m.group('rest')}".strip()]
    return None


def venue_kind(name: str, role: str) -> tuple[str, str]:
    if re.search(r"\bworkshops?\b", name, re.IGNORECASE):
        return "workshop", ""
    if JOURNAL_WORDS.search(name) or (re.search(r"\beditor", role, re.IGNORECASE)
                                      and not CONFERENCE_WORDS.search(name)):
        return "journal", "journal (its name or the role says so)"
    if CONFERENCE_WORDS.search(name) or CONFERENCE_ACRONYM.search(name):
        return "conference", ""
    return "conference", f"guessed: conference ({name!r} shows no sign of a journal)"
