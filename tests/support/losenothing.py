"""Lose nothing silently: every value and every entry of an imported file is in the records or in
a warning that names its place (issue 14 §1). Generic over importers; one :class:`Adapter` each.

A source file is read (independently of the importer) into :class:`Leaf` values, each with its
place (a JSON path such as ``work[2].name``, or a line of the file) and the places around it (its
entry, its section). :func:`losses` then checks each leaf against the importer's answer:

- **in the records**: the value's words (normalised: Unicode compatibility form, accents and case
  folded, ``ø``/``ł``/``ß``… spelled out, only letters and digits kept, after the format's own
  decoding: LaTeX for BibTeX, RenderCV's markdown) are all words of one string of the records, or,
  for a value the adapter splits (BibTeX author lists, keyword lists), each piece is; or
- **in a warning** whose location is the leaf's own place, or the place of its entry or section
  when that warning says the entry/section was not imported (or names the field or the value).

Every entry of the source (an item of a section) is an entry of the records (its label found as a
value) or named by such a warning. What an adapter exempts (the format's own structure: selector
keys such as a JSON Resume profile's ``network``, ORCID's bookkeeping such as ``put-code``) is
listed in the adapter with the reason.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cvgraph.importers import converter
from cvgraph.importers.base import Imported, Note
from cvgraph.importers.jsondoc import json_path
from cvgraph.records.yamlsafe import load_yaml

# a warning on an enclosing place covers a leaf when it says the whole thing was not imported
WHOLE = re.compile(r"not imported|left out|dropped|ignored|skipped|not a .* (?:field|section)|"
                   r"no place|not read", re.IGNORECASE)
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                       "ı": "i", "ħ": "h", "ŀ": "l", "ŋ": "n"})


def words(text: str) -> list[str]:
    """Letters-and-digits words of ``text``, accents and case folded."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD)
    return re.findall(r"[^\W_]+", text)


@dataclass(frozen=True)
class Leaf:
    """One value of the source: its text, its place, and the places enclosing it (innermost first)."""

    place: str  # what a warning would name: ``work[2].name`` or ``12`` (a line)
    value: str
    around: tuple[str, ...] = ()  # the entry's, the section's place
    key: str = ""  # the field's name, as the source writes it
    pieces: tuple[str, ...] = ()  # a value that is several values (author lists): each must be found


@dataclass(frozen=True)
class Entry:
    """One entry of a section of the source, and the value that names it."""

    place: str
    label: str
    around: tuple[str, ...] = ()


@dataclass
class Source:
    leaves: list[Leaf] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Adapter:
    """How to read one format for the check: ``read(text, name) -> Source`` and how the
    importer's warnings name places (``place_of(note, name)``: the place a warning names, or None
    for a warning on another file)."""

    fmt: str
    read: Callable[[str, str], Source]
    place_of: Callable[[Note, str], str | None]
    decode: Callable[[str], str] = lambda s: s

    def convert(self, text: str, name: str, me: str | None = None) -> Imported:
        return converter(self.fmt)(text, name, me=me)


# ------------------------------------------------------------------------------------- the check

def record_strings(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from record_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from record_strings(item)
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield str(data)


def record_bags(data: dict[str, Any]) -> list[set[str]]:
    """The words of each entry of the records (every string of it, and of the registry entries it
    names by id: an organisation, venue or person), and of each top-level value."""
    registry: dict[str, set[str]] = {}
    for section in ("organizations", "venues", "people", "grants"):
        for item in data.get(section) or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                registry[item["id"]] = set(words(" ".join(record_strings(item))))
    bags = []
    for value in data.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            strings = list(record_strings(item))
            bag = set(words(" ".join(strings)))
            for s in strings:
                bag |= registry.get(s, set())
            bags.append(bag)
    return bags


_SEASON = re.compile(r"\b(?:spring|summer|fall|autumn|winter)\b(?=\W+\d{4})", re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|"
                         r"ober|ember)?\.?(?=\W+\d{4})", re.IGNORECASE)
_SCHEME = re.compile(r"\b(?:tel|mailto|doi|arxiv):|https?://(?:dx\.)?(?:doi\.org|orcid\.org|ror\.org|arxiv\.org/abs)/",
                     re.IGNORECASE)
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_ONGOING = re.compile(r"^\s*(?:now|current|currently|ongoing|today)\s*$", re.IGNORECASE)
_JOINERS = {"and", "at", "et", "al"}  # list and role joiners ("A, B and C", "Engineer at Acme", "et al.")
_MONTH_NUMBER = {m: f"{i:02d}" for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def decode_common(text: str) -> str:
    """What every importer reads the same way (the toolkit's dates and identifiers): a month's name
    is its number, a season before a year is the year's precision, ``tel:``/``mailto:``/``doi:``
    prefixes and identifier resolvers (doi.org, orcid.org, arxiv.org/abs) are the kind of value, not
    part of it; a time of day is below the record format's dates; ``now``/``current`` are
    ``present``."""
    text = _SEASON.sub(" ", _SCHEME.sub(" ", _STAMP.sub(r"\1", text)))
    text = _ONGOING.sub("present", text)
    return _MONTH_NAME.sub(lambda m: _MONTH_NUMBER[m.group(1).lower()], text)


def _found(value: str, bags: list[set[str]], decode: Callable[[str], str]) -> bool:
    want = set(words(decode_common(decode(value)))) - _JOINERS
    if not want:
        return True  # punctuation only: nothing to lose
    if any(want <= bag for bag in bags):
        return True
    # one value read as several entries ("Reviewer: NeurIPS (2021), ICML (2023)", "Korean, English"):
    # the entries that share at least two of its words, or are made of its words only, together hold it
    parts = [bag & want for bag in bags if len(bag & want) >= min(2, len(want)) or (bag and bag <= want)]
    return want <= set().union(*parts)


def _named(label: str, bags: list[set[str]], decode: Callable[[str], str]) -> bool:
    """An entry is in the records when one record entry has most (60 %) of its label's words: a
    title with an undecodable macro still names its entry (the macro itself is checked as a value)."""
    if _found(label, bags, decode):
        return True
    want = set(words(decode_common(decode(label)))) - _JOINERS
    return any(len(want & bag) >= max(1, 0.6 * len(want)) for bag in bags)


def _warned(note_places: list[tuple[str, str]], place: str, around: tuple[str, ...], key: str,
            value: str) -> bool:
    for where, message in note_places:
        if where == place:
            return True
        if where == "" and key and key in message and value[:40] in message:
            return True  # one warning for the whole file about a field's repeated value (ADS's adsnote)
        if where in around and (WHOLE.search(message) or (key and key in message)
                                or (value and value[:40] in message)):
            return True
    return False


def losses(adapter: Adapter, text: str, name: str, imported: Imported | None = None) -> list[str]:
    """What the importer lost silently on ``text`` (named ``name``): one line per loss, empty if none."""
    imported = imported if imported is not None else adapter.convert(text, name)
    source = adapter.read(text, name)
    bags = record_bags(imported.data)
    places = [(p, n.message) for n in imported.warnings if (p := adapter.place_of(n, name)) is not None]
    lost = []
    for leaf in source.leaves:
        pieces = leaf.pieces or (leaf.value,)
        missing = [p for p in pieces if not _found(p, bags, adapter.decode)]
        if missing and not _warned(places, leaf.place, leaf.around, leaf.key, leaf.value):
            lost.append(f"{name}: {leaf.place}: value {', '.join(map(repr, missing))[:120]} is neither in "
                        "the records nor in a warning")
    for entry in source.entries:
        if not _named(entry.label, bags, adapter.decode) and \
                not _warned(places, entry.place, entry.around, "", entry.label):
            lost.append(f"{name}: {entry.place}: entry {entry.label[:60]!r} is neither in the records "
                        "nor in a warning")
    return lost


# ------------------------------------------------------------------------------------- JSON

def _scalar(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return None  # a flag: its meaning is checked by the importer's own tests
    return str(value)


def json_leaves(doc: object, skip: Callable[[tuple[Any, ...]], bool],
                path: tuple[Any, ...] = ()) -> Iterator[Leaf]:
    """Every scalar of a JSON document that ``skip`` does not exempt, placed by its JSON path."""
    if path and skip(path):
        return
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from json_leaves(value, skip, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from json_leaves(value, skip, (*path, i))
    elif (text := _scalar(doc)) is not None and text.strip():
        around = tuple(json_path(path[:n]) for n in range(len(path) - 1, 0, -1))
        key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        yield Leaf(json_path(path), text, around, key)


def json_place(note: Note, name: str) -> str | None:
    """``name: work[2].name`` → ``work[2].name``; ``name`` alone → ``""`` (the whole file)."""
    if note.where == name:
        return ""
    prefix = f"{name}: "
    return note.where[len(prefix):] if note.where.startswith(prefix) else None


def line_place(note: Note, name: str) -> str | None:
    """``name:12`` → ``12``; ``name: key`` → ``key``; ``name`` alone → ``""`` (the whole file)."""
    if note.where == name:
        return ""
    if note.where.startswith(f"{name}:"):
        return note.where[len(name) + 1:].strip()
    return None


def json_entries(doc: dict[str, Any], labels: dict[str, tuple[str, ...]]) -> list[Entry]:
    """The items of the list sections named in ``labels``, each named by its first label field."""
    out = []
    for section, keys in labels.items():
        items = doc.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            label = next((str(item[k]) for k in keys if isinstance(item, dict) and _scalar(item.get(k))), "")
            if isinstance(item, str):
                label = item
            if label.strip():
                out.append(Entry(f"{section}[{i}]", label, (section,)))
    return out


def read_json(text: str) -> Any:
    return json.loads(text.removeprefix("\ufeff"))


# ------------------------------------------------------------------------------------- YAML

def yaml_leaves(text: str, name: str, root: tuple[Any, ...],
                skip: Callable[[tuple[Any, ...]], bool]) -> tuple[Any, list[Leaf], Callable[[tuple[Any, ...]], str]]:
    """Every scalar under ``root`` of a YAML file, placed by its line (its ancestors' lines around it)."""
    loaded = load_yaml(name, text)

    def line(path: tuple[Any, ...]) -> str:
        return str(loaded.where(path)[0])

    leaves: list[Leaf] = []
    node: Any = loaded.data
    for part in root:
        node = node.get(part) if isinstance(node, dict) else None
    for path, scalar in scalars(node, root, skip):
        if (value := _scalar(scalar)) is not None and value.strip():
            raw = loaded.raw.get(path, value)
            around = tuple(dict.fromkeys(line(path[:n]) for n in range(len(path) - 1, 0, -1)))
            key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            leaves.append(Leaf(line(path), raw, around, key))
    return loaded.data, leaves, line


def scalars(node: object, path: tuple[Any, ...],
            skip: Callable[[tuple[Any, ...]], bool]) -> Iterator[tuple[tuple[Any, ...], object]]:
    """(path, value) of every value under ``node`` that is neither a mapping nor a list, in document
    order; a path ``skip`` names is not entered."""
    if skip(path):
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from scalars(value, (*path, key), skip)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from scalars(value, (*path, i), skip)
    else:
        yield path, node


def check_file(adapter: Adapter, path: Path, me: str | None = None) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return losses(adapter, text, path.name, adapter.convert(text, path.name, me))


# ------------------------------------------------------------------------------------- adapters

def _jsonresume_skip(path: tuple[Any, ...]) -> bool:
    # "$schema" is the file's schema URL, not CV data (the importer's doc: ignored);
    # a profile's "network" selects where its URL goes (orcid/dblp/scholar/links): the URL is checked
    return path == ("$schema",) or (len(path) == 4 and path[:2] == ("basics", "profiles") and path[3] == "network")


def read_jsonresume(text: str, name: str) -> Source:
    doc = read_json(text)
    labels = {"work": ("position", "name", "company"), "volunteer": ("position", "organization"),
              "education": ("studyType", "institution"), "awards": ("title",), "certificates": ("name",),
              "publications": ("name",), "skills": ("name",), "languages": ("language",),
              "interests": ("name",), "references": ("name",), "projects": ("name",)}
    return Source(list(json_leaves(doc, _jsonresume_skip)), json_entries(doc, labels) if isinstance(doc, dict) else [])


JSONRESUME = Adapter("jsonresume", read_jsonresume, json_place)


_RENDERCV_SETTINGS = ("design", "locale", "locale_catalog", "rendercv_settings")


def _rendercv_skip(path: tuple[Any, ...]) -> bool:
    # a social network's "network" selects where its URL goes: the username (in the URL) is checked
    return len(path) == 4 and path[:2] == ("cv", "social_networks") and path[3] == "network"


def read_rendercv(text: str, name: str) -> Source:
    # design, locale and rendercv_settings are how RenderCV typesets the CV, not facts of the CV
    data, leaves, line = yaml_leaves(text, name, ("cv",), _rendercv_skip)
    entries = []
    sections = data.get("cv", {}).get("sections") if isinstance(data, dict) and isinstance(data.get("cv"), dict) else None
    for title, items in (sections or {}).items() if isinstance(sections, dict) else ():
        for i, item in enumerate(items if isinstance(items, list) else []):
            label = item if isinstance(item, str) else next(
                (str(item[k]) for k in ("title", "name", "label", "position", "degree", "institution", "company",
                                        "bullet", "number", "details")
                 if isinstance(item, dict) and _scalar(item.get(k))), "")
            place = line(("cv", "sections", title, i))
            if label.strip():
                entries.append(Entry(place, label, (line(("cv", "sections", title)),)))
    return Source(leaves, entries)


def _rendercv_decode(text: str) -> str:
    """RenderCV's markdown ([text](url): both kept), and the importer's documented reading of free
    text: a leading ``Label:`` names the field ("Thesis: …", "Advisor: …"), honorifics before a
    name ("Prof.", "Dr.") are not part of it, ``vol.``/``pp.``/``no.`` name the volume, pages, issue."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1 \2", text)
    text = re.sub(r"^\W*[A-Z][\w ]{0,20}:\W*\s", " ", text)
    return re.sub(r"\b(?:Prof|Dr|vol|pp|no|p)\.", " ", text)


RENDERCV = Adapter("rendercv", read_rendercv, line_place, _rendercv_decode)


_ACCENT = re.compile(r"\\([`'\"^~=.]|[uvHckrdbt](?=[\s{]))\s*\{?\s*(\\?[A-Za-z])\s*\}?")
_LETTERS = {"ss": "ss", "o": "o", "O": "O", "l": "l", "L": "L", "ae": "ae", "AE": "AE", "oe": "oe",
            "OE": "OE", "aa": "a", "AA": "A", "i": "i", "j": "j"}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex_words(text: str) -> str:
    """BibTeX field text as words: accent commands give their letter, ``\\ss`` ``\\o`` … their
    letters, ``\\&`` ``\\%`` their sign, font commands vanish (their argument stays), braces go;
    any other macro stays as its name (an importer that expands it must keep it or warn)."""
    text = _ACCENT.sub(lambda m: m.group(2).lstrip("\\"), text)
    text = re.sub(r"\\([A-Za-z]+)\b\s*", lambda m: _LETTERS.get(m.group(1), f" {m.group(1)} ")
                  if m.group(1) not in ("textit", "textbf", "emph", "textsc", "textrm", "mathrm", "mathit",
                                        "texttt", "textsf", "mbox", "url", "href", "natexlab", "underline", "bf",
                                        "it", "em", "sc", "uline", "textsuperscript", "textsubscript") else " ", text)
    return re.sub(r"[{}$\\]", "", text)


def read_bibtex(text: str, name: str) -> Source:
    import bibtexparser  # lazy: only the BibTeX checks need it

    lib = bibtexparser.parse_string(text)
    leaves: list[Leaf] = []
    entries: list[Entry] = []
    for block in lib.entries:
        at = str(block.start_line + 1)
        title = next((f.value for f in block.fields if f.key.lower() == "title"), block.key)
        entries.append(Entry(at, str(title), ()))
        for fld in block.fields:
            key, value = fld.key.lower(), str(fld.value)
            if key == "month" and value.strip().lower()[:3] in _MONTHS:
                value = f"{_MONTHS.index(value.strip().lower()[:3]) + 1:02d}"
            pieces: tuple[str, ...] = ()
            if key in ("author", "editor"):
                pieces = tuple(p for p in re.split(r"\s+and\s+", value) if p.strip().lower() != "others")
            elif key in ("keywords",):
                pieces = tuple(p for p in re.split(r"[,;]", value) if p.strip())
            place = str(fld.start_line + 1) if fld.start_line is not None else at
            leaves.append(Leaf(place, value, (at,), key, pieces))
    for failed in lib.failed_blocks:
        raw = getattr(failed, "raw", "") or ""
        m = re.search(r"title\s*=\s*[{\"](.+?)[}\"]\s*,", raw, re.IGNORECASE | re.DOTALL)
        entries.append(Entry(str(failed.start_line + 1), m.group(1) if m else raw[:60], ()))
    return Source(leaves, entries)


def _bibtex_decode(text: str) -> str:
    # ADS writes arXiv's venue as "arXiv e-prints": the importer's arXiv repository venue
    return re.sub(r"\barXiv e-prints\b", "arXiv", latex_words(text), flags=re.IGNORECASE)


BIBTEX = Adapter("bibtex", read_bibtex, line_place, _bibtex_decode)


# ORCID's bookkeeping (the record's history; when and by which client an item was written, its database key, who may see
# it, its display order, the API's own paths) and its selectors (an identifier's type and
# relationship, a work's or date's type: the importer turns them into the field they select)
_ORCID_BOOKKEEPING = {"history", "disambiguation-source", "created-date", "last-modified-date", "last-modified", "source", "put-code", "visibility",
                      "display-index", "path", "external-id-type", "external-id-relationship",
                      "external-id-normalized", "external-id-normalized-error", "external-id-url", "type",
                      "contributor-sequence", "contributor-role", "language-code", "host", "uri"}


def _orcid_skip(path: tuple[Any, ...]) -> bool:
    return bool(path) and isinstance(path[-1], str) and path[-1] in _ORCID_BOOKKEEPING


def read_orcid(text: str, name: str) -> Source:
    doc = read_json(text)
    return Source(list(json_leaves(doc, _orcid_skip)), [])


ORCID = Adapter("orcid", read_orcid, json_place)
ADAPTERS = {a.fmt: a for a in (BIBTEX, JSONRESUME, RENDERCV, ORCID)}
