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

from ..errors import ImportError_
from ..spec import FORMAT, PATTERNS, VENUE_KINDS
from .base import Imported, Note
from .builder import UniqueIds, default_pub_id, id_slug, numbered, ordered
from .common import loader_key
from .text.dates import MONTHS, real_day
from .text.identifiers import ARXIV_ID, orcid_id, orcid_ok, strip_doi_prefix, valid_orcid
from .text.names import (
    PersonName,
    compatible,
    family_key,
    fold,
    given_tokens,
    is_owner_name,
    match_key,
    split_name,
    split_suffix,
)
from .text.orgs import org_kind

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
#: BibTeX's month macros (jan … dec) → month number, and each month's full name
MONTH_MACROS = {name: n for name, n in MONTHS.items() if len(name) == 3}
MONTH_NAMES = {n: max((k for k, v in MONTHS.items() if v == n), key=len).capitalize() for n in range(1, 13)}

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
        return family_key(self.family)

    @cached_property
    def tokens(self) -> list[str]:
        return given_tokens(self.given)

    @property
    def label(self) -> str:
        """The printed name, with dblp's homonym number if it has one."""
        return f"{self.printed} {self.homonym}" if self.homonym else self.printed

    @cached_property
    def group_key(self) -> tuple[str, str]:
        return self.family_key, "".join(self.tokens) + (f"#{self.homonym}" if self.homonym else "")


def _fullness(tokens: list[str]) -> tuple[int, int]:
    return sum(len(t) for t in tokens if len(t) > 1), len(tokens)


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


def _assign_ids(entries: list[Reg], reserved: set[str] = frozenset()) -> None:
    """Give each entry an id that resolves to it alone (the loader matches ids, names, shorts and
    aliases case-insensitively within one registry)."""
    ids = UniqueIds([entry.names() for entry in entries], reserved)
    for i, entry in enumerate(entries):
        if entry.extra.get("_id"):
            base = id_slug(entry.extra["_id"])
        elif entry.short and entry.kind != "person":
            base = id_slug(entry.short)
        elif entry.kind in VENUE_KINDS:  # a dblp booktitle goes on with place and dates
            base = id_slug(entry.name.split(",")[0])
        else:
            base = id_slug(entry.name)
        entry.ident = ids.take(i, base)


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
        """The entries of the file: parsed, @strings resolved, crossrefs inherited, LaTeX decoded."""
        logs: list[str] = []
        with _quiet_bibtexparser(logs):
            lib = self.read_blocks()
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
        return self.decode(entries, logs)

    def read_blocks(self) -> Library:
        """bibtexparser's parse, the blocks it could not take recovered where they can be."""
        split = bibtexparser.parse_string(self.text, parse_stack=[])
        failed_ids = {id(b) for b in split.failed_blocks}
        blocks = [b for b in split.blocks if id(b) not in failed_ids]
        taken = {e.key for e in split.entries}
        for failed in split.failed_blocks:
            entry = self.recover(failed, split, taken)
            if entry is not None:
                blocks.append(entry)
        blocks.sort(key=lambda b: b.start_line or 0)
        lib = Library()
        lib.add(blocks, fail_on_duplicate_key=False)
        for middleware in (mw.NormalizeFieldKeys(), mw.ResolveStringReferencesMiddleware(),
                           mw.RemoveEnclosingMiddleware(), mw.MonthIntMiddleware()):
            lib = middleware.transform(lib)
        return lib

    def recover(self, failed: Any, split: Library, taken: set[str]) -> Entry | None:
        """A duplicate key gets a new key, duplicate fields keep the first value; anything else is
        skipped with a warning."""
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
            return entry
        if isinstance(failed, DuplicateFieldKeyBlock) and isinstance(failed.ignore_error_block, Entry):
            entry = failed.ignore_error_block
            kept: dict[str, Field] = {}
            for f in entry.fields:
                kept.setdefault(f.key.lower(), f)
            self.imp.warn(self.where(line), f"entry '{entry.key}': field(s) "
                          f"{', '.join(sorted(failed.duplicate_keys))} given more than once; the "
                          "first value is imported")
            entry.fields = list(kept.values())
            return entry
        err = failed.error
        message = (getattr(err, "abort_reason", None) or getattr(err, "message", None)
                   or str(err) or type(err).__name__)
        self.imp.warn(self.where(line), f"could not parse this block, skipped: {_ws(message)}")
        return None

    def decode(self, entries: list[Entry], logs: list[str]) -> list[Entry]:
        """LaTeX decoding of every field in one library pass. The middleware decodes str and
        NameParts values, not lists of them: each author list is decoded as a little entry of its
        own whose fields are the names' NameParts."""
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
                out.append(MONTH_NAMES[MONTH_MACROS[part.lower()]])
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
                    printed = _ws(np_.merge_first_name_first)
                    if not jr:  # "Adams, Richard Manly Jr.": BibTeX reads Jr. as a given name
                        first, jr = split_suffix(first)
                        printed = _ws(f"{first} {von} {last} {jr}") if jr else printed
                    name.given, name.family, name.jr = first, _ws(f"{von} {last}"), jr
                    name.printed = printed if not name.org else last
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
            me = split_name(self.me_name or "")  # the toolkit's split: "Adams, Richard Manly Jr." too
            self._me = Name(printed=me.full, given=me.given, family=me.family, jr=me.suffix)
        return self._me

    def is_me(self, name: Name) -> bool:
        if name.org:
            return False
        me = self.me_parts()
        return is_owner_name(PersonName(name.given, name.family), PersonName(me.given, me.family))

    # ---- one entry
    def publication(self, entry: Entry) -> None:
        """One entry → one publication (``self.pubs``), read by :class:`EntryReader`."""
        p = EntryReader(self, entry).read()
        if p is not None:
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
        """The organisation printed ``name``; ``kind`` is what the field says (a thesis school is a
        university), else the kind is guessed from the name as every importer guesses it."""
        key = match_key(name)
        reg = self.orgs.get(key)
        if reg is None:
            reg = Reg(name=name, kind=kind, first=len(self.orgs))
            if not kind and (guess := org_kind(name)):
                reg.kind, reg.extra["_guessed"] = guess, True
            self.orgs[key] = reg
        else:
            reg.add_alias(name)
            if kind and (reg.extra.pop("_guessed", False) or not reg.kind):
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
        """The person section, the people registry and a map id(Name) → Reg or "me" (:class:`PeopleReader`)."""
        return PeopleReader(self).read()

    def finish(self) -> Imported:
        person, people, where = self.people()
        orgs, venues, corporate = self.assign_ids(person, people)
        data: dict[str, Any] = {"person": person}
        self.registries(data, orgs, people, venues)
        data["publications"] = self.records(person, where, corporate)
        data["person"] = ordered(person, FORMAT["person"])
        for section in ("organizations", "people", "venues"):
            if section in data:
                data[section] = [ordered(x, FORMAT[section]) for x in data[section]]
        self.imp.data = data

        def line(note: Note) -> int:
            m = re.match(rf"^{re.escape(self.source)}:(\d+)$", note.where)
            return int(m.group(1)) if m else 0
        self.imp.warnings.sort(key=line)
        return self.imp

    def assign_ids(self, person: dict, people: list[Reg]) -> tuple[list[Reg], list[Reg], dict[int, Reg]]:
        """Ids of people, organisations (corporate authors registered first) and venues, each
        resolving to its entry alone; the organisations, the venues and the corporate authors."""
        owner_keys = self.owner_keys = {loader_key(n) for n in [person["name"], *person.get("aliases", [])]}
        _assign_ids(people, reserved={"me"} | owner_keys)
        self.people_keys: dict[str, set[str]] = {}
        for r in people:
            for n in [r.ident, *r.names()]:
                self.people_keys.setdefault(loader_key(n), set()).add(r.ident)
        corporate: dict[int, Reg] = {}
        for p in self.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and n.org:
                    corporate[id(n)] = self.org(n.printed)
        orgs = sorted(self.orgs.values(), key=lambda r: r.first)
        _assign_ids(orgs, reserved={"me"} | owner_keys | set(self.people_keys))
        venues = sorted(self.venues.values(), key=lambda r: r.first)
        _assign_ids(venues)
        return orgs, venues, corporate

    def registries(self, data: dict, orgs: list[Reg], people: list[Reg], venues: list[Reg]) -> None:
        """The organizations, people and venues sections, with their comments."""
        if orgs:
            data["organizations"] = [_clean({"id": r.ident, "name": r.name, "kind": r.kind,
                                             "aliases": r.aliases or None}) for r in orgs]
            for i, r in enumerate(orgs):
                if r.extra.get("_guessed"):
                    self.imp.comment(("organizations", i, "kind"), f"kind guessed from the name {r.name!r}")
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

    def records(self, person: dict, where: dict, corporate: dict) -> list[dict]:
        """The publications with their author lists, references and ids resolved."""
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
            for key in ("venue", "publisher"):
                if key in d:
                    d[key] = d[key].ident
            if "id" not in d:
                d["id"] = numbered(default_pub_id(d), used_ids.__contains__)
                used_ids.add(d["id"])
            for path, text in p.comments.items():
                if path and path[0] not in d:  # about a field that was given up later
                    continue
                self.imp.comment(("publications", i, *path), text)
            pubs.append(ordered(d, FORMAT["publications"]))
        return pubs

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


class EntryReader:
    """One entry → one publication: every field is used, kept as a note, or named in a warning.
    Each part of the publication is read by one method, in the order the fields depend on."""

    def __init__(self, conv: _Converter, entry: Entry) -> None:
        self.conv, self.entry = conv, entry
        self.raw = raw = conv.raw.get(id(entry), {})
        self.fields = fields = entry.fields_dict
        self.val = {k: _unescape(raw[k]) if k in VERBATIM and isinstance(raw.get(k), str) else _ws(str(f.value))
                    for k, f in fields.items() if not isinstance(f.value, list)}
        self.used = {"author", "editor", "title", "crossref", "orcid-numbers"}
        self.etype = entry.entry_type.lower()
        self.kind = KINDS.get(self.etype)
        self.comments: dict[tuple, str] = {}
        self.notes: list[str] = []
        self.pub: dict[str, Any] = {}
        self.arxiv: str | None = None
        self.arxiv_from: str | None = None
        val = self.val
        self.eprint = val.get("eprint") or None
        self.prefix_key = "archiveprefix" if val.get("archiveprefix") else "eprinttype"
        self.eprint_scheme = val.get(self.prefix_key, "").lower()
        self.journal_key = "journal" if val.get("journal") else "journaltitle"
        self.journal = val.get(self.journal_key, "")
        self.url = val.get("url") or None
        self.how = val.get("howpublished", "")
        self.how_url = not self.url and bool(_RE["url"].match(_unescape(str(raw.get("howpublished", "")))))
        if self.how_url:
            self.url = _unescape(str(raw["howpublished"]))
        self.journal_arxiv = bool(re.match(r"^\s*(arxiv\b|corr\s*$)", self.journal, re.IGNORECASE))
        self.venue: Reg | None = None

    def comment(self, path: tuple, text: str) -> None:
        old = self.comments.get(path)
        self.comments[path] = f"{old}; {text}" if old else text

    def warn(self, message: str, key: str | None = None) -> None:
        self.conv.warn(self.entry, message, self.fields.get(key) if key else None)

    def read(self) -> _Pub | None:
        """The publication, or None (with a warning) when the entry cannot be one."""
        title = self.val.get("title", "")
        names = self.conv.names.get(id(self.entry), {})
        authors, editors = names.get("author", []), names.get("editor", [])
        if not title:
            self.warn("has no title; not imported")
            return None
        if not [a for a in authors if a != "others"] and not [e for e in editors if e != "others"]:
            self.warn("has no author or editor; not imported")
            return None
        self.find_arxiv()
        self.decide_kind()
        p = self.start(title, authors, editors)
        self.read_venue()
        self.read_date()
        self.read_numbers()
        self.read_doi_and_url()
        if self.arxiv:
            self.pub["arxiv"] = self.arxiv
        self.read_publisher()
        if self.kind == "thesis":
            self.read_degree()
        self.read_isbn_and_issn()
        self.read_identifiers()
        return self.finish(p, authors)

    def find_arxiv(self) -> None:
        """arXiv evidence: eprint, a journal "arXiv preprint arXiv:…" or CoRR, howpublished, url."""
        eprint, scheme, journal = self.eprint, self.eprint_scheme, self.journal
        if eprint:
            bare = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
            if scheme == "arxiv" or (not scheme and _RE["arxiv"].match(bare)):
                self.used.update((self.prefix_key, "eprint"))
                if _RE["arxiv"].match(bare):
                    self.arxiv, self.arxiv_from = bare, "eprint"
                    if not scheme:
                        self.comment(("arxiv",), f"eprint {eprint} has no archivePrefix; read as an arXiv id")
                else:
                    self.warn(f"eprint {eprint!r} is not a valid arXiv id; not imported", "eprint")
        if not self.arxiv and self.journal_arxiv:
            m = _ARXIV_ANY.search(journal) or re.search(rf"({ARXIV_ID})", self.val.get("volume", ""))
            if m:
                self.arxiv, self.arxiv_from = m.group(1), "journal"
        found = _ARXIV_ANY.search(self.how)
        if not self.arxiv and re.search(r"arxiv", self.how, re.IGNORECASE) and found:
            self.arxiv, self.arxiv_from = found.group(1), "howpublished"
            self.used.add("howpublished")
        found = _ARXIV_URL.search(self.url) if self.url else None
        if not self.arxiv and found:
            self.arxiv, self.arxiv_from = found.group(1), "url"

    def decide_kind(self) -> None:
        etype = self.etype
        if etype in MISC_LIKE and self.arxiv:
            self.kind = "preprint"
            self.comment(("kind",), f"@{etype} with an arXiv id (from its {self.arxiv_from}): a preprint")
        elif self.kind is None:
            self.kind = "other"
            if etype in OTHER_TYPES:
                self.comment(("kind",), f"@{etype} has no kind of its own in the record format")
            else:
                self.warn(f"unknown entry type @{etype}; imported as kind 'other'")
                self.comment(("kind",), f"unknown entry type @{etype}")
        elif etype == "article" and self.journal_arxiv:
            self.kind = "preprint"
            self.comment(("kind",), f"@article in {self.journal!r}: an arXiv preprint")

    def start(self, title: str, authors: list, editors: list) -> _Pub:
        """id, kind and title; the publication being built."""
        pub, key = self.pub, self.entry.key
        if _RE["id"].match(key):
            pub["id"] = key
        else:
            self.comment(("id",), f"the BibTeX key {key} is not a valid id; made from the first author, "
                         "year and title")
        pub["kind"] = self.kind
        pub["title"] = title
        if re.search(r"(?<!\\)\$", str(self.raw.get("title", ""))):
            self.comment(("title",), f"math decoded to plain text (written: {_ws(str(self.raw['title']))})")
        p = _Pub(self.entry, len(self.conv.pubs), str(self.kind), pub)
        p.authors, p.editors = authors, editors
        inherited = self.entry.parser_metadata.get(_INHERITED)
        if inherited:
            self.comment((), f"{', '.join(inherited[1])} inherited from crossref {inherited[0]}")
        return p

    def read_venue(self) -> None:
        """The journal, the proceedings/book a paper is in, a book's series, or arXiv."""
        val, kind, journal, entry = self.val, self.kind, self.journal, self.entry
        venue = None
        if kind == "preprint" and (self.arxiv or self.journal_arxiv):
            printed = journal.strip()
            venue = self.conv.venue("arXiv", "repository", entry,
                                    alias=printed if re.fullmatch(r"corr", printed, re.IGNORECASE) else None)
            if journal:
                self.used.add(self.journal_key)
                if printed != "arXiv":
                    self.comment(("venue",), f"printed {journal!r}: the arXiv repository")
            if self.arxiv_from == "howpublished":
                self.comment(("venue",), f"howpublished = {{{self.how}}}")
        elif journal:
            venue = self.conv.venue(journal, "journal", entry)
            self.used.add(self.journal_key)
        elif val.get("booktitle") and self.etype not in ("proceedings", "book"):
            venue = self.conv.venue(val["booktitle"], "book" if kind == "chapter" else "conference", entry)
            self.used.add("booktitle")
        elif val.get("series") and kind in ("book", "proceedings"):
            venue = self.conv.venue(val["series"], "series", entry)
            self.used.add("series")
        if venue is not None:
            self.pub["venue"] = venue
            if {(id(entry), "journal"), (id(entry), "booktitle"), (id(entry), "series")} & self.conv.undefined:
                self.comment(("venue",), "the name of an undefined @string macro")
        self.venue = venue

    def read_date(self) -> None:
        year, bad_year = self.conv.date(self.entry, self.val, self.fields, self.comment)
        self.used |= {"year", "month", "date"}
        if bad_year:
            self.notes.append(f"year: {bad_year}")
        if year:
            self.pub["year"] = year

    def read_numbers(self) -> None:
        """Volume, issue, pages, article number."""
        val, pub = self.val, self.pub
        vol = val.get("volume")
        self.used.add("volume")
        if vol and not (self.journal_arxiv and re.search(ARXIV_ID, vol)):
            pub["volume"] = vol
        elif vol:
            self.comment(("arxiv",), f"volume {vol} (CoRR's way of printing the arXiv id) left out")
        for k in ("issue", "number") if self.etype == "article" else ("issue",):
            if val.get(k):
                pub["issue"] = val[k]
                self.used.add(k)
                break
        if val.get("pages"):
            pages = re.sub(r"^(?:pp?\.?\s*)", "", val["pages"])
            pub["pages"] = re.sub(r"\s*[-‐‑‒–—―]+\s*", "-", pages)
            self.used.add("pages")
        for k in ("eid", "articleno", "article-number"):
            if val.get(k):
                pub["article"] = val[k]
                self.used.add(k)
                break

    def read_doi_and_url(self) -> None:
        pub, url = self.pub, self.url
        if isinstance(self.raw.get("doi"), str):
            self.used.add("doi")
            doi = self.conv.doi(self.entry, self.raw["doi"], self.fields.get("doi"), self.comment)
            if doi:
                pub["doi"] = doi
        if not url:
            return
        self.used.add("howpublished" if self.how_url else "url")
        m = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", url, re.IGNORECASE)
        if m and "doi" not in pub:
            doi = self.conv.doi(self.entry, url, self.fields.get("url"), self.comment)
            if doi:
                pub["doi"] = doi
                self.comment(("doi",), "taken from the url (a doi.org address)")
        elif m and pub.get("doi") == unquote(m.group(1)).lower():
            self.comment(("doi",), "the url is this DOI's address: not repeated as url")
        else:
            first = url.split()[0]
            if len(url.split()) > 1:
                self.warn(f"url holds several addresses; only {first!r} is imported", "url")
            if _RE["url"].match(first):
                pub["url"] = first
                if self.how_url:
                    self.comment(("url",), "from howpublished (an address)")
            else:
                self.warn(f"url {first!r} is not an http(s) address; not imported", "url")

    def read_publisher(self) -> None:
        """Thesis school, report institution, else publisher (or a proceedings' sponsor)."""
        val, kind = self.val, self.kind
        publisher, kind_of_org, from_key = None, None, None
        for k, ok, kinds in (("school", "university", ("thesis",)), ("institution", "university", ("thesis",)),
                             ("institution", None, ("report",)),
                             ("publisher", None, None), ("school", "university", None),
                             ("institution", None, None)):
            if val.get(k) and (kinds is None or kind in kinds):
                publisher, kind_of_org, from_key = val[k], ok, k
                break
        if not publisher and val.get("organization") and self.etype in ("inproceedings", "conference",
                                                                          "proceedings"):
            publisher, from_key = val["organization"], "organization"
            self.comment(("publisher",), f"organization = {{{publisher}}} (the proceedings' sponsor) taken as "
                         "publisher")
        if publisher and from_key:
            self.pub["publisher"] = self.conv.org(publisher, kind_of_org)
            self.used.add(from_key)

    def read_degree(self) -> None:
        etype = self.etype
        degree = DEGREES.get(etype)
        typ = self.val.get("type", "")
        if typ and (etype == "thesis" or not degree):
            if re.search(r"ph\.?\s*d|doctor", typ, re.IGNORECASE):
                degree = "Ph.D."
            elif re.search(r"master|\bm\.?\s*[as]\b|mathesis", typ, re.IGNORECASE):
                degree = "M.S."
            if degree:
                self.used.add("type")
                self.comment(("degree",), f"from type = {{{typ}}}")
        if degree:
            self.pub["degree"] = degree
            if etype == "mastersthesis" and "type" not in self.used:
                self.comment(("degree",), "@mastersthesis does not say which master's degree: M.S. assumed")
        else:
            self.warn("a thesis of unknown degree (no Ph.D. or Master's type); degree left out")

    def read_isbn_and_issn(self) -> None:
        val = self.val
        if val.get("isbn"):
            self.used.add("isbn")
            if self.kind in ("journal", "conference", "chapter", "preprint", "workshop"):
                self.notes.append(f"ISBN of the volume: {val['isbn']}")
                self.comment(("notes",), "the ISBN is the containing volume's: kept as a note")
            else:
                self.pub["isbn"] = val["isbn"]
        if val.get("issn") and self.venue is not None and self.venue.kind == "journal":
            self.used.add("issn")
            if _RE["issn"].match(val["issn"].upper()):
                self.venue.extra.setdefault("issn", val["issn"].upper())
            else:
                self.warn(f"issn {val['issn']!r} is not a valid ISSN; not imported", "issn")

    def read_identifiers(self) -> None:
        """The BibTeX key always, dblp/WoS/PubMed ids, other eprints."""
        val, key = self.val, self.entry.key
        identifiers: list[str] = []

        def ident(scheme: str, value: str, *keys: str) -> None:
            """Add "scheme:value" if it is a valid identifier, else keep the fields as notes."""
            cand = f"{scheme}:{value}"
            if _RE["identifier"].match(cand):
                identifiers.append(cand)
                self.used.update(keys)

        ident("bibtex", self.conv.original_keys.get(key, key))
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
        scheme = self.eprint_scheme
        if self.eprint and not self.arxiv and re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", scheme) \
                and scheme != "arxiv":
            ident(scheme, self.eprint, "eprint", self.prefix_key)
        if identifiers:
            self.pub["identifiers"] = identifiers

    def finish(self, p: _Pub, authors: list) -> _Pub | None:
        """Editors and notes, the checks that need the whole entry, and what is not imported."""
        pub, notes, kind = self.pub, self.notes, self.kind
        if p.editors and kind in ("journal", "conference", "chapter", "preprint", "workshop"):
            printed = ", ".join(e.printed for e in p.editors if isinstance(e, Name))
            notes.append(f"editors of the volume: {printed}" + (" et al." if "others" in p.editors else ""))
            self.comment(("notes",), "the editors are the containing volume's, not this work's: kept as a note")
            p.editors = []
        corporate_editors = [e for e in p.editors if isinstance(e, Name) and e.org]
        if corporate_editors:  # schema:editor takes a Person
            notes.append(f"edited by {', '.join(e.printed for e in corporate_editors)}")
            self.comment(("notes",), "an organisation as editor (in double braces) is kept as a note: editors "
                         "are people")
            p.editors = [e for e in p.editors if e not in corporate_editors]
        persons = [a for a in authors if isinstance(a, Name) and not a.org]
        if kind == "thesis" and (not persons or len(persons) != len([a for a in authors if isinstance(a, Name)])):
            self.warn("a thesis is written by a person, and this one's author list is not; imported as "
                      "kind 'other'")
            pub["kind"] = p.kind = self.kind = "other"
            pub.pop("degree", None)
        if not [a for a in p.authors if isinstance(a, Name)] and not [e for e in p.editors if isinstance(e, Name)]:
            self.warn("has no person or organisation as author, nor a person as editor; not imported")
            return None
        self.rest_as_notes()
        if notes:
            pub["notes"] = notes
        p.comments = self.comments
        return p

    def rest_as_notes(self) -> None:
        """``note`` first, then the note fields not used; any other field left is named in a warning."""
        val = self.val
        if val.get("note"):
            self.notes.insert(0, val["note"])
            self.used.add("note")
        dropped = []
        for k in self.fields:
            if k in self.used or not val.get(k):
                continue
            if k in NOTE_FIELDS:
                self.notes.append(f"{k}: {val[k]}")
            else:
                dropped.append(k)
        if dropped:
            self.warn(f"not imported: {', '.join(sorted(dropped))}")


class PeopleReader:
    """Every printed person name of the entries, clustered: the owner, and one co-author per
    cluster. Names with the same family and given names are one group; a group printed with
    initials joins the one fuller group of that family it can abbreviate."""

    def __init__(self, conv: _Converter) -> None:
        self.conv = conv
        self.everyone: list[Name] = []
        self.per_entry: dict[int, set] = {}
        self.orcid: dict[int, str] = {}  # id(Name) → its ORCID iD
        self.groups: dict[tuple, list[Name]] = {}
        self.tokens: dict[tuple, list[str]] = {}
        self.root: dict[tuple, tuple] = {}
        self.merge_notes: dict[tuple, list[str]] = {}
        self.ambiguous: dict[tuple, list[tuple]] = {}
        self.by_family: dict[str, list[tuple]] = {}
        self.me_groups: set[tuple] = set()
        self.clusters: dict[tuple, list[Name]] = {}

    def read(self) -> tuple[dict, list[Reg], dict[int, Reg | str]]:
        """The person section, the people registry and a map id(Name) → Reg (co-author) or "me"."""
        self.collect()
        self.find_owner()
        self.merge_initials()
        for n in self.everyone:
            self.clusters.setdefault(self.root[n.group_key], []).append(n)
        if not self.conv.me_name:
            self.most_frequent_owner()
        person = self.person()
        regs: dict[tuple, Reg] = {}
        where: dict[int, Reg | str] = {}
        for n in self.everyone:
            where[id(n)] = "me" if n.group_key in self.me_groups else self.coauthor(n, regs)
        return person, list(regs.values()), where

    def collect(self) -> None:
        """Every person name, its entries and ORCID iD; exact groups."""
        conv = self.conv
        for p in conv.pubs:
            for n in [*p.authors, *p.editors]:
                if isinstance(n, Name) and not n.org:
                    self.everyone.append(n)
                    self.per_entry.setdefault(id(n), set()).add(p.index)
                    found, who = conv.orcid_of(n, p.entry)
                    if found:
                        self.orcid[id(n)] = found
                        if found == conv.me_orcid and who is not None:
                            n.orcid_name = who
        # exact groups: same family and given names (accent/case/hyphen-insensitive)
        for n in self.everyone:
            self.groups.setdefault(n.group_key, []).append(n)
        self.tokens = {k: max((n.tokens for n in ns), key=len) for k, ns in self.groups.items()}
        self.root = {k: k for k in self.groups}
        for k in self.groups:
            self.by_family.setdefault(k[0], []).append(k)

    def find_owner(self) -> None:
        """The owner's name from ``--me`` (an ORCID iD in the entries' ORCID-Numbers, or a name)."""
        conv = self.conv
        if conv.me_orcid and not conv.me_name:
            found = [n for n in self.everyone if self.orcid.get(id(n)) == conv.me_orcid]
            if found:
                candidates = [*found, *(n.orcid_name for n in found if n.orcid_name is not None)]
                best = max(candidates, key=lambda n: _fullness(n.tokens))
                conv.me_name = best.printed
                conv.imp.comment(("person", "name"), f"the author with ORCID iD {conv.me_orcid} in the "
                                 "entries' ORCID-Numbers")
            else:
                conv.imp.warn(conv.source, f"ORCID iD {conv.me_orcid} is not in any entry's ORCID-Numbers; "
                              "the CV owner is taken to be the most frequent author")
        if conv.me_name:
            self.me_groups = {k for k, ns in self.groups.items() if conv.is_me(ns[0])}
            if not self.me_groups:
                conv.imp.warn(conv.source, f"the CV owner {conv.me_name!r} is not among the authors or "
                              "editors of any entry")

    def merge_initials(self) -> None:
        """Initials forms: merged into the one fuller group they are compatible with."""
        tokens, root = self.tokens, self.root
        order = sorted(self.groups, key=lambda k: _fullness(tokens[k]), reverse=True)
        for k in order:
            if k in self.me_groups:
                continue
            cands = {root[o] for o in self.by_family[k[0]]
                     if o != k and o not in self.me_groups and _fullness(tokens[o]) > _fullness(tokens[k])
                     and compatible(tokens[k], tokens[o])}
            if len(cands) == 1:
                target = cands.pop()
                root[k] = target
                self.merge_notes.setdefault(target, []).append(
                    f"{self.groups[k][0].label!r} merged: the only co-author named "
                    f"{self.groups[target][0].family} whose given names it can abbreviate")
            elif len(cands) > 1:
                self.ambiguous[k] = sorted(cands)
        for k in self.groups:   # follow chains
            while root[root[k]] != root[k]:
                root[k] = root[root[k]]

    def most_frequent_owner(self) -> None:
        """Without --me: the author of the most entries (on a tie, the one printed first)."""
        conv = self.conv
        counts = {r: len({i for n in ns for i in self.per_entry[id(n)]}) for r, ns in self.clusters.items()}
        if not counts:
            return
        best = max(counts, key=counts.__getitem__)
        self.me_groups = {k for k in self.groups if self.root[k] == best}
        canonical = max(self.clusters[best], key=lambda n: _fullness(n.tokens))
        conv.me_name = canonical.printed
        conv._me = canonical
        why = "the ORCID iD is in no entry" if conv.me_orcid else "no --me given"
        conv.imp.comment(("person", "name"), f"{why}: the most frequent author (in {counts[best]} "
                         f"of {len(conv.pubs)} entries) is taken to be the CV owner")

    def person(self) -> dict[str, Any]:
        """The person section: the owner's name, its parts, every printed form, the ORCID iD."""
        conv = self.conv
        me = conv.me_parts()
        person: dict[str, Any] = {"name": me.printed or conv.me_name or "Unknown"}
        if conv.me_name and "," in conv.me_name and person["name"] != conv.me_name:
            conv.imp.comment(("person", "name"), f"--me {conv.me_name!r} written first name first")
        if me.given:
            person["given_name"] = me.given
        if me.family:
            person["family_name"] = me.family
        owner_printed = []
        for n in self.everyone:
            if n.group_key in self.me_groups and n.printed not in owner_printed:
                owner_printed.append(n.printed)
        aliases = [a for a in owner_printed if a != person["name"]]
        if aliases:
            person["aliases"] = aliases
            conv.imp.comment(("person", "aliases"), "every printed form of the owner's name in the entries")
        if conv.me_orcid:
            person["orcid"] = conv.me_orcid
        # a co-author whose initials also fit the owner
        for k, ns in self.groups.items():
            if k in self.me_groups and any(len(t) == 1 for t in self.tokens[k]):
                others = [self.groups[o][0].printed for o in self.by_family[k[0]]
                          if o not in self.me_groups and compatible(self.tokens[k], self.tokens[o])]
                if others:
                    conv.imp.comment(("person", "aliases"), f"{ns[0].printed!r} taken as the owner; it could "
                                     f"also be {', '.join(others)}")
        return person

    def coauthor(self, n: Name, regs: dict[tuple, Reg]) -> Reg:
        """The registry entry of the co-author cluster ``n`` is in (made on first use)."""
        r = self.root[n.group_key]
        reg = regs.get(r)
        if reg is not None:
            return reg
        names = self.clusters[r]
        counts = Counter(x.printed for x in names)
        canonical = max(names, key=lambda x: (_fullness(x.tokens), counts[x.printed], -names.index(x)))
        reg = Reg(name=canonical.printed, kind="person", first=len(regs))
        if canonical.homonym:
            reg.extra["_id"] = canonical.label
            self.merge_notes.setdefault(r, []).insert(0, f"dblp's {canonical.label}")
        for x in names:
            reg.add_alias(x.printed)
            if self.orcid.get(id(x)):
                reg.extra.setdefault("orcid", self.orcid[id(x)])
        regs[r] = reg
        notes = self.merge_notes.get(r, [])
        for k, cands in self.ambiguous.items():
            if self.root[k] == r:
                notes.append(f"not merged with {' or '.join(self.groups[c][0].label for c in cands)}: "
                             "its initials fit more than one co-author")
        if notes:
            reg.extra["_comment"] = "; ".join(notes)
        return reg


# ----------------------------------------------------------------------------- output helpers

def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, [], "")}


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Import a BibTeX file's text; ``me`` is the CV owner's name or ORCID iD (see base.py)."""
    if not isinstance(text, str):
        raise ImportError_(f"{source}: not text")
    return _Converter(text, source, me).run()
