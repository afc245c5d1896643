"""The fields homepage kits and NASA ADS add to BibTeX: abstract, keywords, links, selected,
award, abbr (al-folio, Hugo Blox's cite.bib, ADS exports)."""
from __future__ import annotations

import re
from typing import Any, Protocol

from bibtexparser.model import Field

from cvgraph.importers.bibtex.latex import JOURNAL_MACROS, unescape
from cvgraph.importers.bibtex.model import Reg
from cvgraph.importers.bibtex.state import State
from cvgraph.importers.text.identifiers import ARXIV_ID, url_ok


class Reader(Protocol):
    """What these functions use of the entry being read (:class:`~.entry.EntryReader`)."""

    conv: State
    fields: dict[str, Field]
    raw: dict[str, Any]
    val: dict[str, str]
    pub: dict[str, Any]
    used: set[str]
    notes: list[str]
    venue: Reg | None
    award: dict[str, Any] | None
    arxiv: str | None
    journal_key: str

    def comment(self, path: tuple[Any, ...], text: str) -> None: ...

    def warn(self, message: str, key: str | None = None) -> None: ...

#: BibTeX field → key of the publication's `links` (al-folio, Hugo Blox's url_*, ADS's adsurl)
LINK_FIELDS = {
    "pdf": "pdf", "url_pdf": "pdf", "html": "html", "url_source": "html", "code": "code", "url_code": "code",
    "slides": "slides", "url_slides": "slides", "poster": "poster", "url_poster": "poster",
    "video": "video", "url_video": "video", "supp": "supplement", "supplementary": "supplement",
    "website": "project", "url_project": "project", "dataset": "data", "url_dataset": "data",
    "adsurl": "ads",
}
#: link-like fields with no key of their own in `links`: kept as notes
NOTE_LINKS = ("blog", "url_preprint", "url_blog")
#: ADS's attribution line, in every entry of an ADS export
ADS_NOTE = "Provided by the SAO/NASA Astrophysics Data System"
TRUE, FALSE = ("true", "yes", "1"), ("false", "no", "0")


def read_extras(r: Reader) -> None:
    """abstract, keywords, links, selected, award, abbr and ADS's adsnote, into ``r.pub``."""
    val, pub = r.val, r.pub
    if val.get("abstract"):
        pub["abstract"] = val["abstract"]
        r.used.add("abstract")
    read_keywords(r)
    read_links(r)
    selected = val.get("selected", "").lower()
    if selected in TRUE:
        pub["selected"] = True
    if selected in TRUE + FALSE:
        r.used.add("selected")
    elif selected:
        r.warn(f"selected = {{{val['selected']}}} is neither true nor false; not imported", "selected")
        r.used.add("selected")
    read_award(r)
    read_abbr(r)
    if val.get("adsnote") == ADS_NOTE:
        r.used.add("adsnote")
        r.conv.ads_notes += 1


def read_keywords(r: Reader) -> None:
    """`keywords` split at commas and semicolons; ADS's Unified Astronomy Thesaurus numbers
    ("594, 734") are concept ids, not words: kept as a note."""
    text = r.val.get("keywords", "")
    if not text:
        return
    r.used.add("keywords")
    words = [w.strip() for w in re.split(r"[,;]", text) if w.strip()]
    numbers = [w for w in words if w.isdigit()]
    words = list(dict.fromkeys(w for w in words if not w.isdigit()))
    if words:
        r.pub["keywords"] = words
    if numbers:
        r.notes.append(f"Unified Astronomy Thesaurus concept ids (ADS keywords): {', '.join(numbers)}")


def read_links(r: Reader) -> None:
    """`links` from al-folio's, Hugo Blox's and ADS's link fields; al-folio's relative file
    names resolved against the importer's ``link_base``, else warned about."""
    links: dict[str, str] = {}
    for key in sorted(r.fields, key=list(r.fields).index):
        target = LINK_FIELDS.get(key)
        text = unescape(str(r.raw.get(key, ""))) if target or key in NOTE_LINKS else ""
        if not text:
            continue
        r.used.add(key)
        url = link_url(r, key, text)
        if url is None:
            continue
        if target is None:
            r.notes.append(f"{key}: {url}")
        elif target in links and links[target] != url:
            r.notes.append(f"{key}: {url}")
            r.comment(("notes",), f"{key} is a second {target} link: kept as a note")
        else:
            links[target] = url
    if links:
        r.pub["links"] = links


def link_url(r: Reader, key: str, text: str) -> str | None:
    """The address a link field gives: an http(s) URL as it is, a relative file name (al-folio's
    ``pdf = {paper.pdf}``) joined to ``link_base``; None (with a warning) otherwise."""
    if url_ok(text):
        return text
    base = r.conv.link_base
    if "://" not in text and not text.startswith(("mailto:", "javascript:")) and " " not in text:
        if base:
            url = base.rstrip("/") + "/" + text.lstrip("/")
            r.comment(("links",), f"{key} = {{{text}}}: a file of the site, resolved against {base}")
            return url
        r.warn(f"{key} = {{{text}}} is a file name, not a URL (give the site's address to resolve it); "
               "not imported", key)
        return None
    r.warn(f"{key} = {{{text}}} is not an http(s) address; not imported", key)
    return None


def read_award(r: Reader) -> None:
    """al-folio's `award` (the award's text) and `award_name` (its button label): one award
    of this work."""
    award, label = r.val.get("award", ""), r.val.get("award_name", "")
    if not award and not label:
        return
    r.used.update(("award", "award_name"))
    flag = award.lower() in TRUE + FALSE
    if flag and award.lower() in FALSE:
        if label:
            r.warn(f"award = {{{award}}} with award_name = {{{label}}}: no award imported", "award")
        return
    name = label or ("" if flag else award)
    if not name:
        r.warn(f"award = {{{award}}} without award_name: no award name to import", "award")
        return
    notes = [award] if award and not flag and award != name else []
    r.award = {"name": name, "notes": notes}


def read_abbr(r: Reader) -> None:
    """al-folio's `abbr` (the badge: the venue's short name) as the venue's short name when it has
    none; otherwise a note."""
    abbr = r.val.get("abbr", "")
    if not abbr:
        return
    r.used.add("abbr")
    venue = r.venue
    short = re.sub(r"\s+'?(?:19|20)?\d{2}$", "", abbr)  # "TSC 2021": the badge names the year too
    if venue is not None and not venue.short and short and short.casefold() != venue.name.casefold():
        venue.short = short
        venue.extra["_short"] = f"al-folio's abbr = {{{abbr}}}"
    elif venue is None or (venue.short or "").casefold() != short.casefold():
        r.notes.append(f"abbr: {abbr}")


def journal_macro(r: Reader, venue: Reg) -> None:
    """``journal = {\\mnras}`` (NASA ADS): an AAS journal macro, decoded to the journal's name
    (data/latex_macros.yaml); its abbreviation is the venue's short name, with the ISSN the
    table has."""
    m = re.fullmatch(r"\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*", str(r.raw.get(r.journal_key, "")))
    known = JOURNAL_MACROS.get(m.group(1)) if m else None
    if m is None or known is None:
        return
    r.comment(("venue",), f"written \\{m.group(1)}: the AAS journal macro of {known['name']}")
    if not venue.short and known.get("short") and known["short"] != venue.name:
        venue.short = known["short"]
        venue.extra["_short"] = f"the abbreviation \\{m.group(1)} prints (aas_macros.sty)"
    if known.get("issn"):
        venue.extra.setdefault("issn", known["issn"])
    venue.extra.setdefault("_id", m.group(1))  # "aap" rather than "a-a" from "A&A"


def read_pages(r: Reader, text: str) -> None:
    """A page range (or one page) goes to `pages`; an article number written as pages (ADS:
    ``pages = {L12}``, ``{stag947}``, ``{A71}``, the same as `eid`) to `article`."""
    pub = r.pub
    pages = re.sub(r"\s*[-‐‑‒–—―]+\s*", "-", re.sub(r"^(?:pp?\.?\s*)", "", text))
    arxiv = re.fullmatch(rf"arxiv:\s*({ARXIV_ID})", pages, re.IGNORECASE)
    if pages == pub.get("article"):
        r.comment(("article",), "pages repeats the article number (eid)")
    elif arxiv and arxiv.group(1) == r.arxiv:
        r.comment(("arxiv",), f"pages = {{{pages}}} is this arXiv id")
    elif "-" in pages or re.fullmatch(r"\d+|[ivxlcdm]+", pages, re.IGNORECASE):
        pub["pages"] = pages
    elif "article" not in pub:
        pub["article"] = pages
        r.comment(("article",), f"pages = {{{pages}}} is not a page range: an article number")
    else:
        pub["pages"] = pages


def award_records(pubs: list[Any]) -> list[dict[str, Any]]:
    """The `awards` section: one award per publication that names one (after ids are given)."""
    out = []
    for p in pubs:
        if p.award is None:
            continue
        a: dict[str, Any] = {"name": p.award["name"]}
        if p.data.get("year"):
            a["year"] = p.data["year"][:4]
        a["work"] = p.data["id"]
        if p.award["notes"]:
            a["notes"] = p.award["notes"]
        out.append(a)
    return out
