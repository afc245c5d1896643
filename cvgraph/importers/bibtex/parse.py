"""Reading a BibTeX file: blocks (duplicates recovered), @strings, crossref, LaTeX, author lists."""
from __future__ import annotations

import copy
import itertools
import re
from typing import Any

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
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
    String,
)

from cvgraph.errors import ImportError_
from cvgraph.importers.bibtex.latex import (
    latex_decoder,
    outer_braced,
    quiet_bibtexparser,
    unknown_macros,
    unwrap,
    ws,
)
from cvgraph.importers.bibtex.macros import evaluate, resolve_strings
from cvgraph.importers.bibtex.model import Name
from cvgraph.importers.bibtex.state import State
from cvgraph.importers.bibtex.tables import (
    HOMONYM,
    INHERITED,
    MARKERS,
    NAME_FIELDS,
    STYLES,
    VERBATIM,
)
from cvgraph.importers.text.names import SUFFIXES, fold

#: an ``&`` or ``%`` not escaped by a backslash
RAW_SPECIAL = re.compile(r"(?<!\\)([&%])")


class Parser(State):
    """Reading the file: blocks, @strings, crossrefs, LaTeX, author lists."""

    # ------------------------------------------------------------------ parsing
    def parse(self) -> list[Entry]:
        """The entries of the file: parsed, @strings resolved, crossrefs inherited, LaTeX decoded."""
        logs: list[str] = []
        with quiet_bibtexparser(logs):
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
        """bibtexparser's parse, the blocks it could not take recovered where they can be: every
        entry kept (a repeated key renamed), every @string read in order (:mod:`.macros`)."""
        split = bibtexparser.parse_string(self.text, parse_stack=[])  # type: ignore[attr-defined]
        failed_ids = {id(b) for b in split.failed_blocks}
        blocks = [b for b in split.blocks if id(b) not in failed_ids]
        for failed in split.failed_blocks:
            block = self.recover(failed)
            if block is not None:
                blocks.append(block)
        blocks.sort(key=lambda b: b.start_line or 0)
        for block in blocks:
            if isinstance(block, Entry):
                self.comment_lines(block)
        blocks = resolve_strings(blocks, lambda line, message: self.imp.warn(self.where(line), message))
        self.unique_keys(blocks)
        lib = Library()
        lib.add(blocks, fail_on_duplicate_key=False)
        for middleware in (mw.NormalizeFieldKeys(), mw.ResolveStringReferencesMiddleware(),
                           mw.RemoveEnclosingMiddleware(), mw.MonthIntMiddleware()):
            lib = middleware.transform(lib)
        return lib

    def comment_lines(self, entry: Entry) -> None:
        """``title = {…}, % a note`` then the next field: BibTeX has no comments inside an entry,
        and the parser reads the note as part of the next field's name; the name is taken back
        (its last line) and the note reported."""
        for f in entry.fields:
            if "%" not in f.key:
                continue
            lines = [line.strip() for line in f.key.splitlines() if line.strip()]
            note = " ".join(line for line in lines if line.startswith("%"))
            key = next((line for line in reversed(lines) if not line.startswith("%")), "")
            if key and re.fullmatch(r"[\w:.+-]+", key):
                self.imp.warn(self.where(f.start_line), f"entry '{entry.key}': {note!r} is a comment inside the "
                              f"entry (BibTeX has none there); not imported, field {key} read")
                f.key = key

    def recover(self, failed: ParsingFailedBlock) -> Block | None:
        """A block with a repeated key is kept as it is (:meth:`unique_keys` renames it), an entry
        with a field given twice keeps the first value; anything else is skipped with a warning."""
        line = failed.start_line
        if isinstance(failed, DuplicateBlockKeyBlock) and isinstance(failed.ignore_error_block, (Entry, String)):
            return failed.ignore_error_block
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
        self.imp.warn(self.where(line), f"could not parse this block, skipped: {ws(message)}")
        return None

    def unique_keys(self, blocks: list[Block]) -> None:
        """Every entry kept: a key used before gets a new one (``key-2``, … not used in the file)
        and a warning naming both lines."""
        taken = {b.key for b in blocks if isinstance(b, Entry)}
        first: dict[str, int | None] = {}
        for entry in blocks:
            if not isinstance(entry, Entry):
                continue
            if entry.key not in first:
                first[entry.key] = entry.start_line
                continue
            new = next(f"{entry.key}-{n}" for n in itertools.count(2) if f"{entry.key}-{n}" not in taken)
            line = first[entry.key]
            self.imp.warn(self.where(entry.start_line), f"entry '{entry.key}': duplicate key (first used at "
                          f"line {line + 1 if line is not None else '?'}); imported as '{new}'")
            self.original_keys[new] = entry.key
            entry.key = new
            taken.add(new)

    def decode(self, entries: list[Entry], logs: list[str]) -> list[Entry]:
        """LaTeX decoding of every field in one library pass. The middleware decodes str and
        NameParts values, not lists of them: each author list is decoded as a little entry of its
        own whose fields are the names' NameParts."""
        decoder = mw.LatexDecodingMiddleware(decoder=latex_decoder())
        lib = Library()
        lib.add(list[Block](entries), fail_on_duplicate_key=False)
        with quiet_bibtexparser(logs):
            lib = decoder.transform(lib)
        decoded = {id(e): e for e in lib.entries}
        for failed in lib.failed_blocks:
            if isinstance(failed, MiddlewareErrorBlock) and isinstance(failed.ignore_error_block, Entry):
                e = failed.ignore_error_block
                decoded[id(e)] = e
                self.warn(e, f"LaTeX could not be fully decoded ({ws(str(failed.error))}); "
                          "some fields are kept as written")
        out = [decoded.get(id(e), e) for e in entries]
        for entry in out:
            for key in NAME_FIELDS:
                f = entry.fields_dict.get(key)
                if f is None or not isinstance(f.value, list):
                    continue
                parts = [Field(f"n{i}", np_) for i, np_ in enumerate(f.value)]
                names = Entry(entry.entry_type, entry.key, parts)
                result: Block | None = decoder.transform_entry(names, lib)
                if isinstance(result, MiddlewareErrorBlock):
                    self.warn(entry, f"{key}: LaTeX in a name could not be decoded; kept as written", f)
                    result = result.ignore_error_block
                if isinstance(result, Entry):
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
                entry.parser_metadata[INHERITED] = (target.key, inherited)

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
        for f in entry.fields:
            if isinstance(f.value, str) and f.key not in VERBATIM:
                self.literal(entry, f)
        names: dict[str, list[Any]] = {}
        for key in NAME_FIELDS:
            found = entry.fields_dict.get(key)
            if found is None or not isinstance(found.value, str):
                continue
            parsed, parts = self.split_names(entry, found)
            names[key] = parsed
            found.value = parts
        self.names[id(entry)] = names

    def literal(self, entry: Entry, f: Field) -> None:
        """Before decoding: a raw ``&`` or ``%`` is text ("Texas A&M", "50% faster"), not a LaTeX
        alignment tab or comment, so it is escaped; macros the decoder does not know are kept as
        their names and reported."""
        f.value = RAW_SPECIAL.sub(r"\\\1", f.value)
        if f.key not in NAME_FIELDS:  # names: once their markers are removed (split_names)
            self.unknown_macros(entry, f, f.value)

    def unknown_macros(self, entry: Entry, f: Field, text: str) -> None:
        for name in unknown_macros(text):
            self.warn(entry, f"{f.key}: unknown LaTeX macro {name}, kept as the text \"{name}\"", f)

    def concatenate(self, entry: Entry, f: Field, value: str) -> str:
        """``ieee # " Trans."``: join literal parts and @string macros (month macros included)."""
        def undefined(part: str) -> None:
            self.warn(entry, f"{f.key}: {part} is not a defined @string macro; its name is kept as text", f)
        return evaluate(value, self.strings, undefined)

    def comma_list(self, entry: Entry, f: Field) -> str:
        """A name list written with commas instead of "and" ("Tod A Pascal, Craig P Schwartz, Keith V
        Lawler", as some Hugo Blox cite.bib files have it): one BibTeX name has at most two commas
        ("Last, Jr, First"), so three or more parts with no "and" are read as names, with a warning."""
        value = str(f.value)
        items = [p.strip() for p in value.split(",")]
        if re.search(r"\sand\s", value, re.IGNORECASE) or len(items) < 3 or "{" in value \
                or (len(items) == 3 and items[1].lower().rstrip(".") in SUFFIXES) \
                or not all(len(p.split()) >= 2 for p in items):
            return value
        self.warn(entry, f"{f.key}: the names are separated by commas, not \"and\"; read as {len(items)} names "
                  "(write them with \"and\")", f)
        return " and ".join(items)

    def split_names(self, entry: Entry, f: Field) -> tuple[list[Any], list[NameParts]]:
        """Raw author list → [Name placeholder | "others"], and the NameParts to decode."""
        out: list[Any] = []
        parts: list[NameParts] = []
        # bibtexparser 2.1's splitter drops the first characters of a name that starts with a
        # control sequence ("… and \"{O}zt\"urk, A." loses its `\"`): a NUL put before such a name
        # keeps it whole, and is removed again right after.
        guarded = re.sub(r"(^|\s)\\", "\\1\x00\\\\", self.comma_list(entry, f))
        for raw in split_multiple_persons_names(guarded):
            raw = raw.replace("\x00", "")
            text, wrappers = unwrap(raw)
            marks = [m.group() for m in MARKERS.finditer(text)]
            text = ws(MARKERS.sub(" ", text)).strip(" ,")
            if fold(text.strip("{} ")) in ("others", "et al.", "et al", "et~al.", "etal"):
                out.append("others")
                continue
            if not text:
                self.warn(entry, f"{f.key}: an empty name in the list is skipped", f)
                continue
            self.unknown_macros(entry, f, text)
            name = Name(printed="", raw=raw, markers=[*dict.fromkeys(STYLES.get(w, w) for w in wrappers),
                                                       *dict.fromkeys(ws(m) for m in marks)])
            if outer_braced(text):
                name.org = True
                np_ = NameParts(last=[text])
            else:
                text2 = HOMONYM.sub("", text)
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
