"""BibTeX → cvgraph records (see :mod:`cvgraph.importers.base` for the contract).

Parsing, ``@string`` expansion, field-key normalisation, month names, author-list splitting,
name splitting (First / von / Last / Jr) and LaTeX decoding are bibtexparser 2's (with
pylatexenc): its middlewares are applied in stages so that the raw LaTeX of each author can be
looked at (corporate authors in double braces, equal-contribution and bold/underline "me"
markers) before the names are split and decoded. What bibtexparser leaves to its user is done
here: ``#`` concatenations and undefined macros, ``crossref`` inheritance, the mapping of entry
types and fields onto the record format, the CV owner, co-author and venue registries, DOIs,
arXiv ids, dates and page ranges.

Every field is either mapped, kept as a note of its publication, or named in a warning: nothing
is dropped silently. Judgement calls are recorded with :meth:`Imported.comment`.
"""
from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
)

from cvgraph.errors import ImportError_
from cvgraph.records.spec import FORMAT, PATTERNS
from cvgraph.importers.base import Imported
from cvgraph.importers.common import (
    ARXIV_ID,
    default_pub_id,
    fold,
    id_slug,
    loader_key,
    match_key,
    numbered,
    orcid_id,
    orcid_ok,
    real_day,
    strip_doi_prefix,
    valid_orcid,
)

__all__ = ["convert"]

# ----------------------------------------------------------------------------- tables

#: entry type → publication kind (FORMAT.md + plan/format-extension.md)
KINDS = {
    "article": "journal",
    "inproceedings": "conference", "conference": "conference",
    "incollection": "chapter", "inbook": "chapter",
    "proceedings": "proceedings",
    "book": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report",
    "misc": "other",
    "unpublished": "manuscript",
}
#: standard BibTeX / biblatex types that are not in the mapping: `other` without a warning
#: (the comment says which type it was); anything else is an unknown type and warned about.
OTHER_TYPES = {"booklet", "manual", "online", "electronic", "www", "software", "dataset", "patent",
               "collection", "mvbook", "mvproceedings", "periodical", "suppbook", "suppcollection"}
#: misc-like types where arXiv evidence makes a preprint
MISC_LIKE = {"misc", "online", "electronic", "www"}
DEGREES = {"phdthesis": "Ph.D.", "mastersthesis": "M.S."}

#: fields kept as a note of their publication ("label: value") when not used otherwise; `note`
#: itself is kept as written. Any other field that is not used is named in a warning.
NOTE_FIELDS = {"address", "location", "venue", "eventdate", "eventtitle", "edition", "chapter", "type",
               "howpublished", "series", "number", "organization", "addendum", "pubstate", "urldate",
               "issn", "primaryclass", "eprintclass", "booktitle", "school", "institution", "publisher",
               "archiveprefix", "eprinttype", "language", "eprint"}
#: fields whose text is an identifier or address: never LaTeX-decoded (pylatexenc would read `%`
#: in a URL as a comment), only unescaped
VERBATIM = {"doi", "url", "eprint", "isbn", "issn", "biburl", "pmid", "pmcid", "orcid-numbers", "unique-id"}
NAME_FIELDS = ("author", "editor")
_INHERITED = "cvgraph_crossref"  # parser_metadata key: (crossref key, inherited field names)
MONTH_MACROS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}

# ---- equal-contribution markers and "me" markers in raw author names
_MARK = r"(?:\*|\\ast\b|\\star\b|\\dagger\b|\\ddagger\b|\\dag\b|\\ddag\b|\\S\b|†|‡|§)"
_MARKS = rf"(?:{_MARK}\s*,?\s*)+"
_MARKERS = re.compile(
    rf"\$\s*\^\s*(?:\{{\s*{_MARKS}\}}|{_MARK})\s*\$"          # $^*$  $^{*,\dagger}$  $^\dagger$
    rf"|\\textsuperscript\s*\{{\s*{_MARKS}\}}"                  # \textsuperscript{*}
    rf"|\^\s*(?:\{{\s*{_MARKS}\}}|{_MARK})"                     # ^*  ^{\dag} (outside math)
    rf"|\$\s*{_MARKS}\$"                                        # $\dagger$
    r"|(?:\\dagger|\\ddagger|\\dag|\\ddag)(?![A-Za-z])(?:\{\})?"  # \dag
    r"|[*†‡]")
_WRAPPERS = re.compile(r"\\(textbf|underline|uline|textit|emph|textsc|textsl|mbox|textmd)\s*\{"
                       r"|\{\\(bf|bfseries|em|it|itshape|underline|sc|sl)(?![A-Za-z])\s*")
_STYLES = {"textbf": "bold", "bf": "bold", "bfseries": "bold", "underline": "underline", "uline": "underline",
           "textit": "italics", "emph": "italics", "it": "italics", "itshape": "italics", "em": "italics",
           "textsc": "small caps", "sc": "small caps", "textsl": "slant", "sl": "slant", "mbox": "\\mbox",
           "textmd": "\\textmd"}
_HOMONYM = re.compile(r"\s+0\d{3}$")  # DBLP homonym numbers: "Wei Liao 0001"

_ARXIV_ANY = re.compile(rf"(?<![\w/.])({ARXIV_ID})(?![\w])")
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/({ARXIV_ID})", re.IGNORECASE)


_RE = {k: re.compile(v) for k, v in PATTERNS.items()}  # the record format's patterns

# ----------------------------------------------------------------------------- small helpers

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _ws(text: str) -> str:
    """Collapse white space (including the no-break space a LaTeX `~` becomes); control
    characters, which no CV text can hold, are dropped."""
    return " ".join(_CONTROL.sub("", text).split())


def _unescape(raw: str) -> str:
    """Identifiers and URLs: drop LaTeX escapes and braces, nothing else (see VERBATIM)."""
    text = raw.strip()
    m = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", text, re.DOTALL)
    if m:
        text = m.group(1)
    text = re.sub(r"\\([_%&#$~{}])", r"\1", text)
    return _ws(text.replace("{", "").replace("}", ""))


def _matching_brace(text: str, start: int) -> int:
    """Index of the brace closing the one at ``start`` (-1 if unbalanced)."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _unwrap(raw: str) -> tuple[str, list[str]]:
    """Remove formatting wrappers (``\\textbf{…}``, ``{\\bf …}``, ``\\underline{…}``, …) from a raw
    name, returning the text and the wrappers' names."""
    found = []
    while True:
        m = _WRAPPERS.search(raw)
        if not m:
            return raw, found
        brace = m.end() - 1 if m.group(1) else m.start()
        end = _matching_brace(raw, brace)
        if end < 0:
            return raw, found
        found.append(m.group(1) or m.group(2))
        raw = raw[:m.start()] + raw[m.end():end] + raw[end + 1:]


def _outer_braced(raw: str) -> bool:
    """Is the whole text one brace group (``{IEEE Computer Society}``)?"""
    raw = raw.strip()
    return raw.startswith("{") and _matching_brace(raw, 0) == len(raw) - 1


# ----------------------------------------------------------------------------- names

@dataclass
class Name:
    """One printed name of an author or editor."""

    printed: str               # first-name-first, decoded: "Jan van der Berg"
    given: str = ""            # decoded first names
    family: str = ""           # decoded von + last
    jr: str = ""
    org: bool = False          # corporate author ({{IEEE Computer Society}})
    markers: list[str] = field(default_factory=list)   # removed marks ("*", "bold", …)
    raw: str = ""
    orcid_name: Name | None = None  # the owner's name as an ORCID-Numbers field writes it
    homonym: str = ""  # dblp's number for one of several people of this name ("0001")

    # computed once, after the decoded parts are filled in
    @cached_property
    def family_key(self) -> str:
        return " ".join(re.split(r"[\s\-‐]+", fold(self.family))).strip()

    @cached_property
    def tokens(self) -> list[str]:
        return [t for t in re.split(r"[\s.\-‐‑]+", fold(self.given)) if t]

    @property
    def label(self) -> str:
        """The printed name, with dblp's homonym number if it has one."""
        return f"{self.printed} {self.homonym}" if self.homonym else self.printed

    @cached_property
    def group_key(self) -> tuple[str, str]:
        return self.family_key, "".join(self.tokens) + (f"#{self.homonym}" if self.homonym else "")


def _fullness(tokens: list[str]) -> tuple[int, int]:
    return sum(len(t) for t in tokens if len(t) > 1), len(tokens)


def compatible(a: list[str], b: list[str]) -> bool:
    """Could given names ``a`` and ``b`` (folded tokens) be the same person's? Initials match the
    names they abbreviate ("S." ~ "Sunwoo"); when one has more tokens ("Alok N." vs "A."), the
    longer one must be written out in full where they overlap (so "S. W." is not "Sunwoo")."""
    if not a or not b:
        return False
    for x, y in zip(a, b):
        if not (x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))):
            return False
    if len(a) != len(b):
        longer = a if len(a) > len(b) else b
        if any(len(t) == 1 for t in longer[:min(len(a), len(b))]):
            return False
    return True


# ----------------------------------------------------------------------------- registries

@dataclass
class Reg:
    """A registry entry (organization, venue or person) whose id is assigned at the end."""

    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    short: str | None = None
    extra: dict = field(default_factory=dict)
    ident: str = ""
    first: int = 0  # order of first use

    def names(self) -> list[str]:
        return [self.name, *(self.aliases), *([self.short] if self.short else [])]

    def add_alias(self, printed: str) -> None:
        if printed != self.name and printed not in self.aliases:
            self.aliases.append(printed)


_VENUE_KINDS = ("journal", "conference", "workshop", "repository", "book", "series")


def _assign_ids(entries: list[Reg], reserved: set[str] = frozenset()) -> None:
    """Give each entry an id that resolves to it alone (the loader matches ids, names, shorts and
    aliases case-insensitively within one registry)."""
    owners: dict[str, set[int]] = {}
    for i, entry in enumerate(entries):
        for n in entry.names():
            owners.setdefault(loader_key(n), set()).add(i)
    used: set[str] = set(reserved)
    for i, entry in enumerate(entries):
        if entry.extra.get("_id"):
            base = id_slug(entry.extra["_id"])
        elif entry.short and entry.kind != "person":
            base = id_slug(entry.short)
        elif entry.kind in _VENUE_KINDS:  # a dblp booktitle goes on with place and dates
            base = id_slug(entry.name.split(",")[0])
        else:
            base = id_slug(entry.name)
        cand = numbered(base, lambda c, i=i: c in used or bool(owners.get(c, {i}) - {i}))
        entry.ident = cand
        used.add(cand)
        owners.setdefault(cand, set()).add(i)


def _venue_key(name: str) -> str:
    """Dedup key of a venue: printed names differing only in "Proceedings of the", years,
    ordinals, case, accents and punctuation are one venue."""
    text = fold(name)
    text = re.sub(r"^\s*(in\s*:?\s+)?(proceedings|proc\.?)(\s+of)?(\s+the)?\b", " ", text)
    text = re.sub(r"\([^()]*\)", " ", text)  # "(NASTY)", "(Big Data)"
    text = re.sub(r"\b(19|20)\d{2}\b|\b\d+(st|nd|rd|th)\b|'\d{2}\b", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split()) or fold(name)


def _short_name(name: str) -> tuple[str | None, str]:
    """A venue's short name where the printed name gives one: "… Big Data (Big Data), Atlanta, …"
    (an acronym in parentheses before a comma or the end) or dblp's "…, AAAI 2023, Washington, …"
    (an acronym and the year as the second part)."""
    m = re.search(r"\(([^()]{2,15})\)\s*(?:,|$)", name)
    if m and re.search(r"[A-Z]", m.group(1)):
        return m.group(1).strip(), "taken from the parentheses in the printed name"
    parts = [p.strip() for p in name.split(",")]
    if len(parts) > 1:
        m = re.fullmatch(r"([A-Z][\w@/+\-]*(?: [A-Z][\w@/+\-]*)?) '?(?:19|20)?\d{2}", parts[1])
        if m and re.search(r"[A-Z]{2}", m.group(1)):
            return m.group(1), "the acronym before the year in the printed name"
    return None, ""


# ----------------------------------------------------------------------------- the converter

@dataclass
class _Pub:
    """A publication while it is being built: refs are Reg objects until ids are assigned."""

    entry: Entry
    index: int
    kind: str
    data: dict
    authors: list = field(default_factory=list)   # Name, or "others"
    editors: list = field(default_factory=list)
    comments: dict = field(default_factory=dict)  # path inside the publication → comment


_LATEX = re.compile(r"[\\{}$~%&`'^_#-]")


def _decoder():
    """The decoder LatexDecodingMiddleware builds by default (its latex context, braces removed),
    with math decoded to text, and two speed-ups: pylatexenc builds its whole default parsing
    context anew for every string unless given one (~0.3 ms a field), and text with no LaTeX
    special character is returned as it is."""
    import pylatexenc.latex2text as l2t
    from pylatexenc import latexwalker

    class Decoder(l2t.LatexNodes2Text):
        walker_context = latexwalker.get_default_latex_context_db()

        def latex_to_text(self, latex, **parse_flags):
            if not _LATEX.search(latex):
                return latex
            parse_flags.setdefault("latex_context", self.walker_context)
            return super().latex_to_text(latex, **parse_flags)

    context = l2t.get_default_latex_context_db()
    context.add_context_category("bibtexparse-default-context", prepend=True,
                                 macros=[l2t.MacroTextSpec("url", simplify_repl="%s")])
    return Decoder(latex_context=context, keep_braced_groups=False, math_mode="text")


@contextmanager
def _quiet_bibtexparser(sink: list[str]) -> Iterator[None]:
    """bibtexparser logs what it cannot parse; collect it instead of printing to stderr."""
    logger = logging.getLogger("bibtexparser")

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                sink.append(record.getMessage())

    handler = Collect()
    old = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


class _Converter:
    def __init__(self, text: str, source: str, me: str | None):
        self.text, self.source = text, source
        self.imp = Imported(data={})
        self.me_orcid: str | None = None
        self.me_name: str | None = None
        if me:
            orcid = orcid_id(me)
            if orcid and orcid_ok(orcid):
                self.me_orcid = orcid
            elif orcid:
                self.imp.warn(source, f"--me {me.strip()!r} is not a valid ORCID iD (wrong check digit); "
                              "the CV owner is taken to be the most frequent author")
            else:
                self.me_name = _ws(me)
        self.orgs: dict[str, Reg] = {}
        self.venues: dict[tuple[str, str], Reg] = {}
        self.pubs: list[_Pub] = []
        self.orcids: dict[int, list[tuple[Name, str]]] = {}  # id(entry) → ORCID-Numbers (name, iD)
        self.names: dict[int, dict[str, list]] = {}  # id(entry) → field → [Name | "others"]
        self.undefined: set[tuple[int, str]] = set()  # (id(entry), field) named an undefined macro
        self.original_keys: dict[str, str] = {}  # renamed duplicate key → the key as written
        self.crossref_targets: dict[str, list[str]] = {}  # key → the keys of the entries naming it
        self.raw: dict[int, dict[str, Any]] = {}  # id(entry) → field → value before LaTeX decoding
        self.strings: dict[str, str] = {}  # @string macros, lower-case names

    # ------------------------------------------------------------------ messages
    def where(self, line: int | None, key: str | None = None) -> str:
        if line is not None:
            return f"{self.source}:{line + 1}"
        return f"{self.source}: {key}" if key else self.source

    def warn(self, entry: Entry | None, message: str, fld: Field | None = None) -> None:
        line = fld.start_line if fld is not None and fld.start_line is not None else \
            (entry.start_line if entry is not None else None)
        prefix = f"entry '{entry.key}': " if entry is not None else ""
        self.imp.warn(self.where(line, entry.key if entry is not None else None), prefix + message)

    # ------------------------------------------------------------------ parsing
    def parse(self) -> list[Entry]:
        logs: list[str] = []
        with _quiet_bibtexparser(logs):
            split = bibtexparser.parse_string(self.text, parse_stack=[])
            failed_ids = {id(b) for b in split.failed_blocks}
            blocks = [b for b in split.blocks if id(b) not in failed_ids]
            taken = {e.key for e in split.entries}
            for failed in split.failed_blocks:
                line = failed.start_line
                if isinstance(failed, DuplicateBlockKeyBlock) and isinstance(failed.ignore_error_block, Entry):
                    entry = failed.ignore_error_block
                    first = split.entries_dict.get(entry.key)
                    new, n = entry.key, 1
                    while new in taken:
                        n += 1
                        new = f"{entry.key}-{n}"
                    self.imp.warn(self.where(line), f"entry '{entry.key}': duplicate key (first used at line "
                                  f"{first.start_line + 1 if first else '?'}); imported as '{new}'")
                    self.original_keys[new] = entry.key
                    entry.key = new
                    taken.add(new)
                    blocks.append(entry)
                elif isinstance(failed, DuplicateFieldKeyBlock) and isinstance(failed.ignore_error_block, Entry):
                    entry = failed.ignore_error_block
                    kept: dict[str, Field] = {}
                    for f in entry.fields:
                        kept.setdefault(f.key.lower(), f)
                    self.imp.warn(self.where(line), f"entry '{entry.key}': field(s) "
                                  f"{', '.join(sorted(failed.duplicate_keys))} given more than once; the "
                                  "first value is imported")
                    entry.fields = list(kept.values())
                    blocks.append(entry)
                else:
                    err = failed.error
                    message = (getattr(err, "abort_reason", None) or getattr(err, "message", None)
                               or str(err) or type(err).__name__)
                    self.imp.warn(self.where(line), f"could not parse this block, skipped: {_ws(message)}")
            blocks.sort(key=lambda b: b.start_line or 0)
            lib = Library()
            lib.add(blocks, fail_on_duplicate_key=False)
            for middleware in (mw.NormalizeFieldKeys(), mw.ResolveStringReferencesMiddleware(),
                               mw.RemoveEnclosingMiddleware(), mw.MonthIntMiddleware()):
                lib = middleware.transform(lib)
        for message in logs:
            m = re.match(r"NormalizeFieldKeys: in entry '(.*)': duplicate normalized key '(.*?)'", message)
            if m:  # "Title" and "TITLE" in one entry
                entry = lib.entries_dict.get(m.group(1))
                self.warn(entry, f"field {m.group(2)} given more than once (in different cases); the last "
                          "value is imported")
        self.strings = {k.lower(): s.value for k, s in lib.strings_dict.items()}
        entries = list(lib.entries)
        if not entries:
            if "@" not in self.text:
                raise ImportError_(f"{self.source}: not a BibTeX file (no @entry found)")
            raise ImportError_(f"{self.source}: no BibTeX entry could be read"
                               + (f" ({self.imp.warnings[0].message})" if self.imp.warnings else ""))
        self.crossref(entries)
        for entry in entries:
            self.prepare(entry)
        # LaTeX decoding of every field in one library pass. The middleware decodes str and
        # NameParts values, not lists of them: each author list is decoded as a little entry of
        # its own whose fields are the names' NameParts.
        decoder = mw.LatexDecodingMiddleware(decoder=_decoder())
        lib = Library()
        lib.add(entries, fail_on_duplicate_key=False)
        with _quiet_bibtexparser(logs):
            lib = decoder.transform(lib)
        decoded = {id(e): e for e in lib.entries}
        for failed in lib.failed_blocks:
            if isinstance(failed, MiddlewareErrorBlock) and isinstance(failed.ignore_error_block, Entry):
                e = failed.ignore_error_block
                decoded[id(e)] = e
                self.warn(e, f"LaTeX could not be fully decoded ({_ws(str(failed.error))}); "
                          "some fields are kept as written")
        out = [decoded.get(id(e), e) for e in entries]
        for entry in out:
            for key in NAME_FIELDS:
                f = entry.fields_dict.get(key)
                if f is None or not isinstance(f.value, list):
                    continue
                names = Entry(entry.entry_type, entry.key, [Field(f"n{i}", np_) for i, np_ in enumerate(f.value)])
                result = decoder.transform_entry(names, lib)
                if isinstance(result, MiddlewareErrorBlock):
                    self.warn(entry, f"{key}: LaTeX in a name could not be decoded; kept as written", f)
                    result = result.ignore_error_block
                f.value = [nf.value for nf in result.fields]
        return out

    def crossref(self, entries: list[Entry]) -> None:
        """BibTeX's crossref: an entry inherits the fields it lacks from the entry it names
        (whose `title` becomes its `booktitle`). bibtexparser 2 leaves this to its user."""
        by_key = {e.key.lower(): e for e in entries}
        for entry in entries:
            f = entry.fields_dict.get("crossref")
            if f is None:
                continue
            target = by_key.get(str(f.value).strip().lower())
            if target is None:
                self.warn(entry, f"crossref '{f.value}' names no entry in this file; nothing inherited", f)
                continue
            self.crossref_targets.setdefault(target.key, []).append(entry.key)
            have = set(entry.fields_dict)
            enclosing = entry.parser_metadata.setdefault("removed_enclosing", {})
            parent_enclosing = target.parser_metadata.get("removed_enclosing", {}) or {}
            inherited = []
            for pf in target.fields:
                key = "booktitle" if pf.key == "title" and entry.entry_type != "book" else pf.key
                if key in have or pf.key in ("crossref", "booktitle", "biburl", "bibsource", "timestamp"):
                    continue
                new = copy.deepcopy(pf)
                new.key = key
                entry.fields.append(new)
                if pf.key in parent_enclosing:
                    enclosing[key] = parent_enclosing[pf.key]
                have.add(key)
                inherited.append(key if key == pf.key else f"{key} (its title)")
            if inherited:
                entry.parser_metadata[_INHERITED] = (target.key, inherited)

    def prepare(self, entry: Entry) -> None:
        """Before LaTeX decoding: expand `#` concatenations, report undefined macros, keep the raw
        text of verbatim fields, and split author/editor lists into NameParts."""
        meta = entry.parser_metadata.get("removed_enclosing", {}) or {}
        resolved = set(entry.parser_metadata.get("ResolveStringReferences", []) or [])
        for f in entry.fields:
            if not isinstance(f.value, str) or meta.get(f.key) != "no-enclosing" or f.key in resolved:
                continue
            value = f.value.strip()
            if re.fullmatch(r"\d+", value):
                continue
            if "#" in value:
                f.value = self.concatenate(entry, f, value)
            elif f.key != "month":
                self.warn(entry, f"{f.key} = {value} is not a defined @string macro; its name is "
                          f"imported as the text {value!r}", f)
                self.undefined.add((id(entry), f.key))
        self.raw[id(entry)] = {f.key: f.value for f in entry.fields}
        names: dict[str, list] = {}
        for key in NAME_FIELDS:
            f = entry.fields_dict.get(key)
            if f is None or not isinstance(f.value, str):
                continue
            parsed, parts = self.split_names(entry, f)
            names[key] = parsed
            f.value = parts
        self.names[id(entry)] = names

    def concatenate(self, entry: Entry, f: Field, value: str) -> str:
        """``ieee # " Trans."``: join literal parts and @string macros (month macros included)."""
        parts, depth, quote, cur = [], 0, False, ""
        for ch in value:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                quote = not quote
            if ch == "#" and depth == 0 and not quote:
                parts.append(cur.strip())
                cur = ""
            else:
                cur += ch
        parts.append(cur.strip())
        out = []
        for part in parts:
            if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                out.append(part[1:-1])
            elif re.fullmatch(r"\d+", part):
                out.append(part)
            elif part.lower() in self.strings:
                out.append(str(self.strings[part.lower()]))
            elif part.lower() in MONTH_MACROS:
                out.append(("January", "February", "March", "April", "May", "June", "July", "August",
                            "September", "October", "November", "December")[MONTH_MACROS[part.lower()] - 1])
            else:
                self.warn(entry, f"{f.key}: {part} is not a defined @string macro; its name is kept as text", f)
                out.append(part)
        return "".join(out)

    def split_names(self, entry: Entry, f: Field) -> tuple[list, list[NameParts]]:
        """Raw author list → [Name placeholder | "others"], and the NameParts to decode."""
        out: list = []
        parts: list[NameParts] = []
        # bibtexparser 2.1's splitter drops the first characters of a name that starts with a
        # control sequence ("… and \"{O}zt\"urk, A." loses its `\"`): a NUL put before such a name
        # keeps it whole, and is removed again right after.
        guarded = re.sub(r"(^|\s)\\", "\\1\x00\\\\", f.value)
        for raw in split_multiple_persons_names(guarded):
            raw = raw.replace("\x00", "")
            text, wrappers = _unwrap(raw)
            marks = [m.group() for m in _MARKERS.finditer(text)]
            text = _ws(_MARKERS.sub(" ", text)).strip(" ,")
            if fold(text.strip("{} ")) in ("others", "et al.", "et al", "et~al.", "etal"):
                out.append("others")
                continue
            if not text:
                self.warn(entry, f"{f.key}: an empty name in the list is skipped", f)
                continue
            name = Name(printed="", raw=raw, markers=[*dict.fromkeys(_STYLES.get(w, w) for w in wrappers),
                                                       *dict.fromkeys(_ws(m) for m in marks)])
            if _outer_braced(text):
                name.org = True
                np_ = NameParts(last=[text])
            else:
                text2 = _HOMONYM.sub("", text)
                if text2 != text:  # kept apart from namesakes, printed without it
                    name.homonym = text[len(text2):].strip()
                    name.markers.append(f"dblp's homonym number {name.homonym}")
                try:
                    np_ = parse_single_name_into_parts(text2)
                except InvalidNameError as exc:
                    self.warn(entry, f"{f.key}: {exc.reason.lower()} in the name {text2!r}; split as "
                              "best as possible", f)
                    np_ = parse_single_name_into_parts(text2, strict=False)
            out.append(name)
            parts.append(np_)
        return out, parts

    # ------------------------------------------------------------------ conversion
    def run(self) -> Imported:
        entries = self.parse()
        for entry in entries:
            names = self.names.get(id(entry), {})
            for key in NAME_FIELDS:
                f = entry.fields_dict.get(key)
                if key not in names or f is None:
                    continue
                decoded = iter(f.value if isinstance(f.value, list) else [])
                for name in names[key]:
                    if name == "others":
                        continue
                    np_ = next(decoded, NameParts())
                    first, von = _ws(" ".join(np_.first)), _ws(" ".join(np_.von))
                    last, jr = _ws(" ".join(np_.last)), _ws(" ".join(np_.jr))
                    name.given, name.family, name.jr = first, _ws(f"{von} {last}"), jr
                    name.printed = _ws(np_.merge_first_name_first) if not name.org else last
                    if not name.printed:
                        self.warn(entry, f"{key}: the name {_ws(name.raw)!r} is empty once decoded; skipped", f)
                names[key] = [n for n in names[key] if n == "others" or n.printed]
            self.read_orcids(entry)
        skipped_parents = self.parents_only(entries)
        for entry in entries:
            if entry.key in skipped_parents:
                self.warn(entry, "used only as the crossref target of "
                          f"{', '.join(self.crossref_targets[entry.key])}; not imported as a publication "
                          "(the CV owner is not among its authors or editors)")
                continue
            self.publication(entry)
        self.duplicates()
        return self.finish()

    def read_orcids(self, entry: Entry) -> None:
        """Web of Science's `ORCID-Numbers = {Lee, Sunwoo/0000-…; …}`."""
        raw = self.raw.get(id(entry), {}).get("orcid-numbers")
        if not isinstance(raw, str):
            return
        for item in re.split(r"[;\n]", raw):
            item = _unescape(item)
            if "/" not in item:
                continue
            who, _, orcid = item.rpartition("/")
            orcid = orcid.strip().upper()
            if not valid_orcid(orcid):
                self.warn(entry, f"ORCID-Numbers: {orcid!r} ({who.strip()}) is not a valid ORCID iD; "
                          "not imported", entry.fields_dict.get("orcid-numbers"))
            elif who.strip():
                np_ = parse_single_name_into_parts(who.strip(), strict=False)
                n = Name(printed=_ws(np_.merge_first_name_first), given=" ".join(np_.first),
                         family=" ".join(np_.von + np_.last))
                self.orcids.setdefault(id(entry), []).append((n, orcid))

    def orcid_of(self, name: Name, entry: Entry) -> tuple[str | None, Name | None]:
        """The ORCID iD its entry's ORCID-Numbers give for an author (same family name,
        compatible given names), and the name as ORCID-Numbers writes it."""
        for who, orcid in self.orcids.get(id(entry), []):
            if who.family_key == name.family_key and compatible(who.tokens, name.tokens):
                return orcid, who
        return None, None

    def parents_only(self, entries: list[Entry]) -> set[str]:
        """@proceedings/@book entries present only as crossref targets, unless the owner edited them."""
        out = set()
        for entry in entries:
            if entry.key in self.crossref_targets and entry.entry_type in ("proceedings", "book", "collection"):
                everyone = [n for k in NAME_FIELDS for n in self.names.get(id(entry), {}).get(k, [])
                            if isinstance(n, Name)]
                if not any(self.could_be_owner(n) for n in everyone):
                    out.add(entry.key)
        return out

    def could_be_owner(self, name: Name) -> bool:
        if self.me_name:
            return self.is_me(name)
        return True  # without --me every name might turn out to be the owner's

    # ---- the owner
    def me_parts(self) -> Name:
        if not hasattr(self, "_me"):
            np_ = parse_single_name_into_parts(self.me_name or "", strict=False)
            self._me = Name(printed=_ws(np_.merge_first_name_first), given=_ws(" ".join(np_.first)),
                            family=_ws(" ".join(np_.von + np_.last)), jr=_ws(" ".join(np_.jr)))
        return self._me

    def is_me(self, name: Name) -> bool:
        if name.org:
            return False
        me = self.me_parts()
        return name.family_key == me.family_key and compatible(name.tokens, me.tokens)

    # ---- one entry
    def publication(self, entry: Entry) -> None:
        """One entry → one publication (``self.pubs``); every field is used, noted or warned about."""
        raw = self.raw.get(id(entry), {})
        fields = entry.fields_dict
        val = {k: _unescape(raw[k]) if k in VERBATIM and isinstance(raw.get(k), str) else _ws(str(f.value))
               for k, f in fields.items() if not isinstance(f.value, list)}
        used = {"author", "editor", "title", "crossref", "orcid-numbers"}
        etype = entry.entry_type.lower()
        kind = KINDS.get(etype)
        comments: dict[tuple, str] = {}
        notes: list[str] = []

        def comment(path: tuple, text: str) -> None:
            old = comments.get(path)
            comments[path] = f"{old}; {text}" if old else text

        title = val.get("title", "")
        names = self.names.get(id(entry), {})
        authors, editors = names.get("author", []), names.get("editor", [])
        if not title:
            self.warn(entry, "has no title; not imported")
            return
        if not [a for a in authors if a != "others"] and not [e for e in editors if e != "others"]:
            self.warn(entry, "has no author or editor; not imported")
            return

        # --- arXiv evidence: eprint, a journal "arXiv preprint arXiv:…" or CoRR, howpublished, url
        arxiv, arxiv_from = None, None
        eprint = val.get("eprint") or None
        prefix_key = "archiveprefix" if val.get("archiveprefix") else "eprinttype"
        eprint_scheme = val.get(prefix_key, "").lower()
        journal_key = "journal" if val.get("journal") else "journaltitle"
        journal = val.get(journal_key, "")
        url = val.get("url") or None
        how = val.get("howpublished", "")
        how_url = not url and bool(_RE["url"].match(_unescape(str(raw.get("howpublished", "")))))
        if how_url:
            url = _unescape(str(raw["howpublished"]))
        if eprint:
            bare = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
            if eprint_scheme == "arxiv" or (not eprint_scheme and _RE["arxiv"].match(bare)):
                used.add(prefix_key)
                if _RE["arxiv"].match(bare):
                    arxiv, arxiv_from = bare, "eprint"
                    used.add("eprint")
                    if not eprint_scheme:
                        comment(("arxiv",), f"eprint {eprint} has no archivePrefix; read as an arXiv id")
                else:
                    used.add("eprint")
                    self.warn(entry, f"eprint {eprint!r} is not a valid arXiv id; not imported", fields.get("eprint"))
        journal_arxiv = bool(re.match(r"^\s*(arxiv\b|corr\s*$)", journal, re.IGNORECASE))
        if not arxiv and journal_arxiv:
            m = _ARXIV_ANY.search(journal) or re.search(rf"({ARXIV_ID})", val.get("volume", ""))
            if m:
                arxiv, arxiv_from = m.group(1), "journal"
        if not arxiv and re.search(r"arxiv", how, re.IGNORECASE) and _ARXIV_ANY.search(how):
            arxiv, arxiv_from = _ARXIV_ANY.search(how).group(1), "howpublished"
            used.add("howpublished")
        if not arxiv and url and _ARXIV_URL.search(url):
            arxiv, arxiv_from = _ARXIV_URL.search(url).group(1), "url"

        # --- kind
        if etype in MISC_LIKE and arxiv:
            kind = "preprint"
            comment(("kind",), f"@{etype} with an arXiv id (from its {arxiv_from}): a preprint")
        elif kind is None:
            kind = "other"
            if etype in OTHER_TYPES:
                comment(("kind",), f"@{etype} has no kind of its own in the record format")
            else:
                self.warn(entry, f"unknown entry type @{etype}; imported as kind 'other'")
                comment(("kind",), f"unknown entry type @{etype}")
        elif etype == "article" and journal_arxiv:
            kind = "preprint"
            comment(("kind",), f"@article in {journal!r}: an arXiv preprint")

        pub: dict[str, Any] = {}
        key = entry.key
        if _RE["id"].match(key):
            pub["id"] = key
        else:
            comment(("id",), f"the BibTeX key {key} is not a valid id; made from the first author, year and title")
        pub["kind"] = kind
        pub["title"] = title
        if re.search(r"(?<!\\)\$", str(raw.get("title", ""))):
            comment(("title",), f"math decoded to plain text (written: {_ws(str(raw['title']))})")
        p = _Pub(entry, len(self.pubs), kind, pub)
        p.authors, p.editors = authors, editors
        inherited = entry.parser_metadata.get(_INHERITED)
        if inherited:
            comment((), f"{', '.join(inherited[1])} inherited from crossref {inherited[0]}")

        # --- venue: the journal, the proceedings/book a paper is in, a book's series, or arXiv
        venue = None
        if kind == "preprint" and (arxiv or journal_arxiv):
            printed = journal.strip()
            venue = self.venue("arXiv", "repository", entry,
                               alias=printed if re.fullmatch(r"corr", printed, re.IGNORECASE) else None)
            if journal:
                used.add(journal_key)
                if printed != "arXiv":
                    comment(("venue",), f"printed {journal!r}: the arXiv repository")
            if arxiv_from == "howpublished":
                comment(("venue",), f"howpublished = {{{how}}}")
        elif journal:
            venue = self.venue(journal, "journal", entry)
            used.add(journal_key)
        elif val.get("booktitle") and etype not in ("proceedings", "book"):
            venue = self.venue(val["booktitle"], "book" if kind == "chapter" else "conference", entry)
            used.add("booktitle")
        elif val.get("series") and kind in ("book", "proceedings"):
            venue = self.venue(val["series"], "series", entry)
            used.add("series")
        if venue is not None:
            pub["venue"] = venue
            if {(id(entry), "journal"), (id(entry), "booktitle"), (id(entry), "series")} & self.undefined:
                comment(("venue",), "the name of an undefined @string macro")

        # --- date
        year, bad_year = self.date(entry, val, fields, comment)
        used |= {"year", "month", "date"}
        if bad_year:
            notes.append(f"year: {bad_year}")
        if year:
            pub["year"] = year

        # --- volume, issue, pages, article number
        vol = val.get("volume")
        used.add("volume")
        if vol and not (journal_arxiv and re.search(ARXIV_ID, vol)):
            pub["volume"] = vol
        elif vol:
            comment(("arxiv",), f"volume {vol} (CoRR's way of printing the arXiv id) left out")
        for k in ("issue", "number") if etype == "article" else ("issue",):
            if val.get(k):
                pub["issue"] = val[k]
                used.add(k)
                break
        if val.get("pages"):
            pages = re.sub(r"^(?:pp?\.?\s*)", "", val["pages"])
            pub["pages"] = re.sub(r"\s*[-‐‑‒–—―]+\s*", "-", pages)
            used.add("pages")
        for k in ("eid", "articleno", "article-number"):
            if val.get(k):
                pub["article"] = val[k]
                used.add(k)
                break

        # --- DOI and URL
        if isinstance(raw.get("doi"), str):
            used.add("doi")
            doi = self.doi(entry, raw["doi"], fields.get("doi"), comment)
            if doi:
                pub["doi"] = doi
        if url:
            used.add("howpublished" if how_url else "url")
            m = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", url, re.IGNORECASE)
            if m and "doi" not in pub:
                doi = self.doi(entry, url, fields.get("url"), comment)
                if doi:
                    pub["doi"] = doi
                    comment(("doi",), "taken from the url (a doi.org address)")
            elif m and pub.get("doi") == unquote(m.group(1)).lower():
                comment(("doi",), "the url is this DOI's address: not repeated as url")
            else:
                first = url.split()[0]
                if len(url.split()) > 1:
                    self.warn(entry, f"url holds several addresses; only {first!r} is imported", fields.get("url"))
                if _RE["url"].match(first):
                    pub["url"] = first
                    if how_url:
                        comment(("url",), "from howpublished (an address)")
                else:
                    self.warn(entry, f"url {first!r} is not an http(s) address; not imported", fields.get("url"))
        if arxiv:
            pub["arxiv"] = arxiv

        # --- publisher: thesis school, report institution, else publisher (or a sponsor)
        publisher, org_kind, from_key = None, None, None
        for k, ok, kinds in (("school", "university", ("thesis",)), ("institution", "university", ("thesis",)),
                             ("institution", None, ("report",)),
                             ("publisher", None, None), ("school", "university", None), ("institution", None, None)):
            if val.get(k) and (kinds is None or kind in kinds):
                publisher, org_kind, from_key = val[k], ok, k
                break
        if not publisher and val.get("organization") and etype in ("inproceedings", "conference", "proceedings"):
            publisher, from_key = val["organization"], "organization"
            comment(("publisher",), f"organization = {{{publisher}}} (the proceedings' sponsor) taken as publisher")
        if publisher:
            pub["publisher"] = self.org(publisher, org_kind)
            used.add(from_key)
        if kind == "thesis":
            degree = DEGREES.get(etype)
            typ = val.get("type", "")
            if typ and (etype == "thesis" or not degree):
                if re.search(r"ph\.?\s*d|doctor", typ, re.IGNORECASE):
                    degree = "Ph.D."
                elif re.search(r"master|\bm\.?\s*[as]\b|mathesis", typ, re.IGNORECASE):
                    degree = "M.S."
                if degree:
                    used.add("type")
                    comment(("degree",), f"from type = {{{typ}}}")
            if degree:
                pub["degree"] = degree
                if etype == "mastersthesis" and "type" not in used:
                    comment(("degree",), "@mastersthesis does not say which master's degree: M.S. assumed")
            else:
                self.warn(entry, "a thesis of unknown degree (no Ph.D. or Master's type); degree left out")
        if val.get("isbn"):
            used.add("isbn")
            if kind in ("journal", "conference", "chapter", "preprint", "workshop"):
                notes.append(f"ISBN of the volume: {val['isbn']}")
                comment(("notes",), "the ISBN is the containing volume's: kept as a note")
            else:
                pub["isbn"] = val["isbn"]
        if val.get("issn") and venue is not None and venue.kind == "journal":
            used.add("issn")
            if _RE["issn"].match(val["issn"].upper()):
                venue.extra.setdefault("issn", val["issn"].upper())
            else:
                self.warn(entry, f"issn {val['issn']!r} is not a valid ISSN; not imported", fields.get("issn"))

        # --- identifiers: the BibTeX key always, dblp/WoS/PubMed ids, other eprints
        identifiers: list[str] = []

        def ident(scheme: str, value: str, *keys: str) -> None:
            """Add "scheme:value" if it is a valid identifier, else keep the fields as notes."""
            cand = f"{scheme}:{value}"
            if _RE["identifier"].match(cand):
                identifiers.append(cand)
                used.update(keys)

        ident("bibtex", self.original_keys.get(key, key))
        dblp = re.search(r"dblp\.(?:org|uni-trier\.de)/rec/(?:bibtex/)?(.+?)(?:\.bib)?$", val.get("biburl", ""))
        if key.startswith("DBLP:"):
            ident("dblp", key[5:], *(["biburl"] if dblp else []))
        elif dblp:
            ident("dblp", dblp.group(1), "biburl")
        if re.match(r"^wos:\S+$", val.get("unique-id", ""), re.IGNORECASE):  # Web of Science's accession number
            ident("wos", val["unique-id"][4:], "unique-id")
        for k in ("pmid", "pmcid"):
            if val.get(k):
                ident(k, val[k], k)
        if eprint and not arxiv and re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", eprint_scheme) \
                and eprint_scheme != "arxiv":
            ident(eprint_scheme, eprint, "eprint", prefix_key)
        if identifiers:
            pub["identifiers"] = identifiers

        # --- notes, and what is not imported
        if editors and kind in ("journal", "conference", "chapter", "preprint", "workshop"):
            printed = ", ".join(e.printed for e in editors if isinstance(e, Name))
            notes.append(f"editors of the volume: {printed}" + (" et al." if "others" in editors else ""))
            comment(("notes",), "the editors are the containing volume's, not this work's: kept as a note")
            p.editors = []
        corporate_editors = [e for e in p.editors if isinstance(e, Name) and e.org]
        if corporate_editors:  # schema:editor takes a Person
            notes.append(f"edited by {', '.join(e.printed for e in corporate_editors)}")
            comment(("notes",), "an organisation as editor (in double braces) is kept as a note: editors are people")
            p.editors = [e for e in p.editors if e not in corporate_editors]
        persons = [a for a in authors if isinstance(a, Name) and not a.org]
        if kind == "thesis" and (not persons or len(persons) != len([a for a in authors if isinstance(a, Name)])):
            self.warn(entry, "a thesis is written by a person, and this one's author list is not; imported as "
                      "kind 'other'")
            pub["kind"] = p.kind = kind = "other"
            pub.pop("degree", None)
        if not [a for a in p.authors if isinstance(a, Name)] and not [e for e in p.editors if isinstance(e, Name)]:
            self.warn(entry, "has no person or organisation as author, nor a person as editor; not imported")
            return
        if val.get("note"):
            notes.insert(0, val["note"])
            used.add("note")
        dropped = []
        for k in fields:
            if k in used or not val.get(k):
                continue
            if k in NOTE_FIELDS:
                notes.append(f"{k}: {val[k]}")
            else:
                dropped.append(k)
        if dropped:
            self.warn(entry, f"not imported: {', '.join(sorted(dropped))}")
        if notes:
            pub["notes"] = notes
        p.comments = comments
        self.pubs.append(p)

    def date(self, entry: Entry, val: dict, fields: dict, comment) -> tuple[str | None, str | None]:
        """The publication date (YYYY, YYYY-MM or YYYY-MM-DD) and an unusable year's text."""
        year = val.get("year", "").strip()
        bad = None
        date = val.get("date", "").strip()
        out = None
        if year:
            if re.fullmatch(r"\d{4}", year):
                out = year
            else:
                self.warn(entry, f"year {year!r} is not a four-digit year; kept as a note", fields.get("year"))
                bad = year
        if date:
            first = date.split("/")[0].strip()
            if re.fullmatch(PATTERNS["date"].strip("^$"), first) and real_day(first):
                if out and not first.startswith(out):
                    self.warn(entry, f"date {date!r} disagrees with year {year!r}; the year is imported",
                              fields.get("date"))
                else:
                    out = first
                    if "/" in date:
                        comment(("year",), f"date range {date!r}: its start")
            else:
                self.warn(entry, f"date {date!r} is not a YYYY[-MM[-DD]] date; not imported", fields.get("date"))
        month = fields.get("month")
        if month is not None and out and len(out) == 4:
            if isinstance(month.value, int) and 1 <= month.value <= 12:
                out = f"{out}-{month.value:02d}"
            else:
                self.warn(entry, f"month {_ws(str(month.value))!r} is not a month; only the year is imported", month)
        elif month is not None and not out:
            self.warn(entry, f"month {_ws(str(month.value))!r} without a year; not imported", month)
        return out, bad

    def doi(self, entry: Entry, raw: str, fld: Field | None, comment) -> str | None:
        text = _unescape(raw)
        how = []
        if "\\_" in raw or "\\%" in raw:
            how.append("LaTeX escapes removed")
        bare = strip_doi_prefix(text).strip()
        if bare != text:
            how.append(f"prefix {text[:len(text) - len(bare)].strip()!r} removed")
        if "%" in bare:
            bare = unquote(bare)
            how.append("URL escapes decoded")
        bare = bare.lower()
        if not _RE["doi"].match(bare):
            self.warn(entry, f"doi {text!r} is not a valid DOI (10.NNNN/…); not imported", fld)
            return None
        if how:
            comment(("doi",), "DOI normalised: " + ", ".join(how))
        return bare

    def venue(self, name: str, kind: str, entry: Entry, alias: str | None = None) -> Reg:
        key = (kind, _venue_key(name))
        reg = self.venues.get(key)
        if reg is None:
            reg = Reg(name=name, kind=kind, first=len(self.venues))
            if kind in ("conference", "workshop", "journal"):
                reg.short, how = _short_name(name)
                if reg.short:
                    reg.extra["_short"] = how
            self.venues[key] = reg
        else:
            reg.add_alias(name)
        if alias:
            reg.add_alias(alias)
        return reg

    def org(self, name: str, kind: str | None = None) -> Reg:
        key = match_key(name)
        reg = self.orgs.get(key)
        if reg is None:
            reg = Reg(name=name, kind=kind, first=len(self.orgs))
            self.orgs[key] = reg
        else:
            reg.add_alias(name)
            if kind and not reg.kind:
                reg.kind = kind
        return reg

    def duplicates(self) -> None:
        seen: dict[tuple, _Pub] = {}
        for p in self.pubs:
            keys = []
            if p.data.get("doi"):
                keys.append(("doi", p.data["doi"]))
            keys.append(("title", match_key(p.data["title"]), p.data.get("year", "")[:4]))
            for k in keys:
                if k in seen and seen[k] is not p:
                    what = "DOI" if k[0] == "doi" else "title and year"
                    self.warn(p.entry, f"same {what} as entry '{seen[k].entry.key}': possibly the same work "
                              "twice (both imported)")
                    break
                seen.setdefault(k, p)

    # ------------------------------------------------------------------ people and output
    def people(self) -> tuple[dict, list[Reg], dict[int, Reg | str]]:
        """Cluster every printed person name; return the person section, the people registry and
        a map id(Name) → Reg (co-author) or "me"."""
        everyone: list[Name] = []
        per_entry: dict[int, set] = {}
        orcid: dict[int, str] = {}  # id(Name) → its ORCID iD
        for p in self.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and not n.org:
                    everyone.append(n)
                    per_entry.setdefault(id(n), set()).add(p.index)
                    found, who = self.orcid_of(n, p.entry)
                    if found:
                        orcid[id(n)] = found
                        if found == self.me_orcid and who is not None:
                            n.orcid_name = who
        # exact groups: same family and given names (accent/case/hyphen-insensitive)
        groups: dict[tuple, list[Name]] = {}
        for n in everyone:
            groups.setdefault(n.group_key, []).append(n)
        tokens = {k: max((n.tokens for n in ns), key=len) for k, ns in groups.items()}
        root: dict[tuple, tuple] = {k: k for k in groups}
        merge_notes: dict[tuple, list[str]] = {}
        ambiguous: dict[tuple, list[tuple]] = {}
        by_family: dict[str, list[tuple]] = {}
        for k in groups:
            by_family.setdefault(k[0], []).append(k)

        me_groups: set[tuple] = set()
        person: dict[str, Any] = {}
        if self.me_orcid and not self.me_name:
            found = [n for n in everyone if orcid.get(id(n)) == self.me_orcid]
            if found:
                candidates = [*found, *(n.orcid_name for n in found)]
                best = max(candidates, key=lambda n: _fullness(n.tokens))
                self.me_name = best.printed
                self.imp.comment(("person", "name"), f"the author with ORCID iD {self.me_orcid} in the "
                                 "entries' ORCID-Numbers")
            else:
                self.imp.warn(self.source, f"ORCID iD {self.me_orcid} is not in any entry's ORCID-Numbers; "
                              "the CV owner is taken to be the most frequent author")
        if self.me_name:
            me = self.me_parts()
            me_groups = {k for k, ns in groups.items() if self.is_me(ns[0])}
            if not me_groups:
                self.imp.warn(self.source, f"the CV owner {self.me_name!r} is not among the authors or "
                              "editors of any entry")

        # initials forms: merged into the one fuller group they are compatible with
        order = sorted(groups, key=lambda k: _fullness(tokens[k]), reverse=True)
        for k in order:
            if k in me_groups:
                continue
            cands = {root[o] for o in by_family[k[0]]
                     if o != k and o not in me_groups and _fullness(tokens[o]) > _fullness(tokens[k])
                     and compatible(tokens[k], tokens[o])}
            if len(cands) == 1:
                target = cands.pop()
                root[k] = target
                merge_notes.setdefault(target, []).append(
                    f"{groups[k][0].label!r} merged: the only co-author named {groups[target][0].family} "
                    "whose given names it can abbreviate")
            elif len(cands) > 1:
                ambiguous[k] = sorted(cands)
        for k in groups:   # follow chains
            while root[root[k]] != root[k]:
                root[k] = root[root[k]]

        clusters: dict[tuple, list[Name]] = {}
        for n in everyone:
            clusters.setdefault(root[n.group_key], []).append(n)

        if not self.me_name:
            counts = {r: len({i for n in ns for i in per_entry[id(n)]}) for r, ns in clusters.items()}
            if counts:  # the most entries; on a tie, the one printed first (clusters keep that order)
                best = max(counts, key=counts.__getitem__)
                me_groups = {k for k in groups if root[k] == best}
                canonical = max(clusters[best], key=lambda n: _fullness(n.tokens))
                self.me_name = canonical.printed
                self._me = canonical
                why = "the ORCID iD is in no entry" if self.me_orcid else "no --me given"
                self.imp.comment(("person", "name"), f"{why}: the most frequent author (in {counts[best]} "
                                 f"of {len(self.pubs)} entries) is taken to be the CV owner")
        me = self.me_parts()
        person["name"] = me.printed or self.me_name or "Unknown"
        if self.me_name and "," in self.me_name and person["name"] != self.me_name:
            self.imp.comment(("person", "name"), f"--me {self.me_name!r} written first name first")
        if me.given:
            person["given_name"] = me.given
        if me.family:
            person["family_name"] = me.family
        owner_printed = []
        for n in everyone:
            if n.group_key in me_groups and n.printed not in owner_printed:
                owner_printed.append(n.printed)
        aliases = [a for a in owner_printed if a != person["name"]]
        if aliases:
            person["aliases"] = aliases
            self.imp.comment(("person", "aliases"), "every printed form of the owner's name in the entries")
        if self.me_orcid:
            person["orcid"] = self.me_orcid
        # a co-author whose initials also fit the owner
        for k, ns in groups.items():
            if k in me_groups and any(len(t) == 1 for t in tokens[k]):
                others = [groups[o][0].printed for o in by_family[k[0]]
                          if o not in me_groups and compatible(tokens[k], tokens[o])]
                if others:
                    self.imp.comment(("person", "aliases"), f"{ns[0].printed!r} taken as the owner; it could "
                                     f"also be {', '.join(others)}")

        regs: dict[tuple, Reg] = {}
        where: dict[int, Reg | str] = {}
        for n in everyone:
            r = root[n.group_key]
            if n.group_key in me_groups:
                where[id(n)] = "me"
                continue
            reg = regs.get(r)
            if reg is None:
                names = clusters[r]
                counts = Counter(x.printed for x in names)
                canonical = max(names, key=lambda x: (_fullness(x.tokens), counts[x.printed], -names.index(x)))
                reg = Reg(name=canonical.printed, kind="person", first=len(regs))
                if canonical.homonym:
                    reg.extra["_id"] = canonical.label
                    merge_notes.setdefault(r, []).insert(0, f"dblp's {canonical.label}")
                for x in names:
                    reg.add_alias(x.printed)
                    if orcid.get(id(x)):
                        reg.extra.setdefault("orcid", orcid[id(x)])
                regs[r] = reg
                notes = merge_notes.get(r, [])
                for k, cands in ambiguous.items():
                    if root[k] == r:
                        notes.append(f"not merged with {' or '.join(groups[c][0].label for c in cands)}: "
                                     "its initials fit more than one co-author")
                if notes:
                    reg.extra["_comment"] = "; ".join(notes)
            where[id(n)] = reg
        return person, list(regs.values()), where

    def finish(self) -> Imported:
        person, people, where = self.people()
        # ids
        owner_keys = self.owner_keys = {loader_key(n) for n in [person["name"], *person.get("aliases", [])]}
        _assign_ids(people, reserved={"me"} | owner_keys)
        self.people_keys: dict[str, set[str]] = {}
        for r in people:
            for n in [r.ident, *r.names()]:
                self.people_keys.setdefault(loader_key(n), set()).add(r.ident)
        orgs = sorted(self.orgs.values(), key=lambda r: r.first)
        corporate: dict[str, Reg] = {}
        for p in self.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and n.org:
                    corporate[id(n)] = self.org(n.printed)
        orgs = sorted(self.orgs.values(), key=lambda r: r.first)
        _assign_ids(orgs, reserved={"me"} | owner_keys | set(self.people_keys))
        venues = sorted(self.venues.values(), key=lambda r: r.first)
        _assign_ids(venues)

        data: dict[str, Any] = {"person": person}
        if orgs:
            data["organizations"] = [_clean({"id": r.ident, "name": r.name, "kind": r.kind,
                                             "aliases": r.aliases or None}) for r in orgs]
        if people:
            data["people"] = []
            for i, r in enumerate(people):
                data["people"].append(_clean({"id": r.ident, "name": r.name, "aliases": r.aliases or None,
                                              "orcid": r.extra.get("orcid")}))
                if r.extra.get("_comment"):
                    self.imp.comment(("people", i), r.extra["_comment"])
        if venues:
            data["venues"] = []
            for i, r in enumerate(venues):
                data["venues"].append(_clean({"id": r.ident, "name": r.name, "short": r.short, "kind": r.kind,
                                              "aliases": r.aliases or None, "issn": r.extra.get("issn")}))
                if r.aliases:
                    self.imp.comment(("venues", i), "printed names that differ only in \"Proceedings of the\", "
                                     "years, ordinals, parentheses, case or punctuation are one venue")
                if r.short:
                    self.imp.comment(("venues", i, "short"), r.extra["_short"])

        pubs = []
        owner_found = any(w == "me" for w in where.values())  # if not, one warning has said so
        used_ids = {p.data["id"] for p in self.pubs if "id" in p.data}
        for i, p in enumerate(self.pubs):
            d = p.data
            d["authors"] = self.author_list(p.authors, where, corporate, ("publications", i, "authors"))
            if p.editors:
                d["editors"] = self.author_list(p.editors, where, corporate, ("publications", i, "editors"))
            if "others" in p.authors and d["authors"]:
                d["et_al"] = True
                self.imp.comment(("publications", i, "et_al"), "the printed list ends with \"and others\"")
            elif "others" in p.editors and d.get("editors"):
                d.setdefault("notes", []).append("the editor list ends with \"and others\"")
            if owner_found and not any(
                    where.get(id(n)) == "me" for n in [*p.authors, *p.editors] if isinstance(n, Name)):
                self.warn(p.entry, f"the CV owner ({person['name']}) is not among its authors or editors")
            if "venue" in d:
                d["venue"] = d["venue"].ident
            if "publisher" in d:
                d["publisher"] = d["publisher"].ident
            if "id" not in d:
                d["id"] = numbered(default_pub_id(d), used_ids.__contains__)
                used_ids.add(d["id"])
            for path, text in p.comments.items():
                if path and path[0] not in d:  # about a field that was given up later
                    continue
                self.imp.comment(("publications", i, *path), text)
            pubs.append(_order(d, "publications"))
        data["publications"] = pubs
        data["person"] = _order(person, "person")
        for section in ("organizations", "people", "venues"):
            if section in data:
                data[section] = [_order(x, section) for x in data[section]]
        self.imp.data = data

        def line(note) -> int:
            m = re.match(rf"^{re.escape(self.source)}:(\d+)$", note.where)
            return int(m.group(1)) if m else 0
        self.imp.warnings.sort(key=line)
        return self.imp

    def author_list(self, names: list, where: dict, corporate: dict, path: tuple) -> list:
        out: list = []
        for n in names:
            if not isinstance(n, Name):
                continue
            j = len(out)
            if n.org:
                reg = corporate[id(n)]
                out.append({"name": n.printed, "ref": reg.ident})
                self.imp.comment(path + (j,), "in double braces: a corporate author (organization)")
            elif where.get(id(n)) == "me" and loader_key(n.printed) in self.people_keys:
                out.append({"name": n.printed, "ref": "me"})
                self.imp.comment(path + (j,), "a co-author has this name too (dblp homonyms): written with ref me")
            elif isinstance(where.get(id(n)), Reg) and (len(self.people_keys.get(loader_key(n.printed), ())) > 1
                                                        or loader_key(n.printed) in self.owner_keys):
                out.append({"name": n.printed, "ref": where[id(n)].ident})
                self.imp.comment(path + (j,), "this name is several people's (dblp homonyms): written with its id")
            else:
                out.append(n.printed)
            if n.markers:
                what = [f"{m} removed" if m.startswith("dblp") or m in _STYLES.values() else
                        f"marker {m} removed" for m in n.markers]
                self.imp.comment(path + (j,), f"printed {_ws(n.raw)}: {', '.join(what)}")
        return out


# ----------------------------------------------------------------------------- output helpers

def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, [], "")}


def _order(d: dict, section: str) -> dict:
    """Keys in the order the record format (cvgraph.spec.FORMAT) lists them."""
    spec = FORMAT[section]
    order = list(spec.of if section == "person" else spec.of.of)
    return {k: d[k] for k in sorted(d, key=lambda k: order.index(k) if k in order else len(order))}


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Import a BibTeX file's text; ``me`` is the CV owner's name or ORCID iD (see base.py)."""
    if not isinstance(text, str):
        raise ImportError_(f"{source}: not text")
    return _Converter(text, source, me).run()
