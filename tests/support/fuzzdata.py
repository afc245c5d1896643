"""Hypothesis strategies for the CLI fuzz test (tests/regressions/test_issue12_fuzz.py): hostile
CV YAML, hostile importer documents (BibTeX, JSON Resume, RenderCV, ORCID JSON) and random bytes.

Structured documents start from valid ones (CVs from :mod:`support.generate`, importer documents
from ``tests/data/import``) and get a few *mutations*, each of one *family* so that a test can
name the family it fuzzes (and a known defect can be marked on that family alone):

``types``       a value of the wrong type (null, bool, number, list, mapping), a dropped key
``numbers``     huge and odd numbers (5000 digits, 1e999, .nan, hex, ``1_000``), as raw text
``nesting``     deep flow nesting, shared values written as YAML anchors and aliases, tags
``separators``  every Unicode line separator (U+2028, U+2029, U+0085, VT, FF, U+001C–U+001E, CR)
                put into text fields
``surrogates``  lone surrogates, as escapes (``"\\ud800"``) or raw (not encodable: surrogatepass)
``iri``         ASCII punctuation, spaces and ``\\u`` sequences put into IRI-bearing fields
                (doi, email, homepage, orcid, ror, url, links, image, scholar, dblp, base)
``text``        other hostile text: NUL, BOM, bidi controls, markup, very long strings, YAML syntax

Raw snippets (text no dumper writes, such as a 5000-digit number, which ``str(int)`` refuses
in Python 3.11+) go in as placeholders replaced after dumping.
"""
from __future__ import annotations

import contextlib
import copy
import json
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from support.generate import _documents
from support.paths import TESTS

__all__ = ["FAMILIES", "IMPORT_DOCS", "Doc", "bibtex_documents", "cv_documents", "cv_folders",
           "import_documents", "random_bytes"]

FAMILIES = ("types", "numbers", "nesting", "separators", "surrogates", "iri", "text")

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\n", "\r\n"]
SURROGATES = ["\ud800", "\udfff", "\udc80", "\ud83d"]
U_ESCAPES = ["\\u003E", "\\u003c", "\\u0022", "\\U0000007B", "\\u", "\\u12", "\\x41", "\\n", "\\"]
PUNCTUATION = [*string.punctuation, " ", "\t", "%zz", "%", "#x#y", "[::1", "//", "?a=b&c", "\\u003E"]
HOSTILE_TEXT = ["\x00", "\ufeff", "\u202e", "\u200b", "\x7f", "\x1b[31m", "\u0301", "😀", "ǅ", "İ",
                "<script>alert(1)</script>", "]]>", "&amp;", "${HOME}", "{{x}}", "%s", "'", '"', "\\",
                "# not a comment", "- item", "key: value", "*alias", "&anchor", "!!python/object:os.system",
                "---", "...", "@", "a" * 3000, "é" * 500, " ", ""]
IRI_KEYS = {"doi", "email", "homepage", "orcid", "ror", "url", "links", "image", "scholar", "dblp", "base",
            "external-id-value", "external-id-url", "eprint", "isbn", "issn",
            "website", "uri", "path", "value", "username"}
HUGE = ["9" * 5000, "-" + "9" * 5000, "1e999", "-1e999", "1" + "0" * 400 + ".5", ".nan", ".inf", "-.inf",
        "0x7FFFFFFFFFFFFFFFF", "0o777", "1_000_000", "0000", "0999", "10000", "-0", "2024.0", "1e3", "+12"]
JSON_HUGE = ["9" * 5000, "-" + "9" * 5000, "1e999", "-1e999", "1" + "0" * 400 + ".5", "NaN", "Infinity",
             "-0", "1e-999", "2024.0", "1e3"]
RAW_YAML = ["[" * 60 + "]" * 60, "[" * 3000 + "]" * 3000, "{a: " * 60 + "b" + "}" * 60,
            "!!binary AAAA", "!!set {a, b}", "!!timestamp 2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z",
            "!!python/object/apply:os.system [echo]", "*undefined", "~", "!custom x", "&a [1, *a]",
            "{? [a, b] : c}", "!!str", "[&x a, *x, *x]", "<<: {a: 1}"]
RAW_JSON = ["[" * 60 + "]" * 60, "[" * 3000 + "]" * 3000, '{"a":' * 60 + "1" + "}" * 60,
'"a\\u0000b"', '{"a": 1, "a": 2}', "true", "null", "[]", "{}"]
TEXT_KEYS = {"name", "title", "given_name", "family_name", "job_title", "locality", "region", "country", "field",
             "degree", "committee", "role", "series", "group", "items", "interests", "notes", "note", "short",
             "aliases", "abstract", "keywords", "summary", "label", "pages", "volume", "issue", "code", "phone",
             "headline", "location", "highlights", "position", "company", "area", "studyType", "network",
             "journal-title", "content", "awarder", "courses", "description"}
WRONG_TYPES: list[Any] = [None, True, False, 0, -1, 1.5, [], {}, ["x"], {"k": "v"}, [None], [[1]], "", "x"]


@dataclass
class Doc:
    """A document to feed the CLI: its bytes, and what was done to it (for failure messages)."""

    data: bytes
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Doc({len(self.data)} bytes, {self.notes})"


# ----------------------------------------------------------------------------- base documents

@cache
def _base_cvs() -> tuple[str, tuple[dict[str, Any], ...]]:
    """Three small interlinked generated CVs (few publications, so each builds in milliseconds)."""
    header, docs = _documents(3, 12)
    small = []
    for _, doc in docs:
        doc["publications"] = doc["publications"][:3]
        kept = {p["id"] for p in doc["publications"]}
        doc["awards"] = [a for a in doc.get("awards", []) if a.get("work", next(iter(kept))) in kept]
        for key in ("talks", "service", "teaching"):
            doc[key] = doc.get(key, [])[:2]
        small.append(doc)
    return header, tuple(small)


IMPORT_DIR = TESTS / "data" / "import"
IMPORT_DOCS: dict[str, list[Path]] = {
    "bibtex": [*sorted((IMPORT_DIR / "bibtex").glob("*.bib")), IMPORT_DIR / "core" / "refs.bib"],
    "jsonresume": [*sorted((IMPORT_DIR / "jsonresume").glob("*.json")), IMPORT_DIR / "core" / "resume.json"],
    "rendercv": [*sorted((IMPORT_DIR / "rendercv").glob("*.yaml")), IMPORT_DIR / "core" / "rendercv.yaml"],
    "orcid": [IMPORT_DIR / "orcid" / "record.json", IMPORT_DIR / "orcid" / "works-bulk.json",
              IMPORT_DIR / "core" / "orcid.json"],
}


# ----------------------------------------------------------------------------- slots and values

def _slots(value: Any, path: tuple = (), seen: set[int] | None = None) -> list[tuple[tuple, Any]]:
    """(path, value) of every node of a JSON-like document, the root first; a container met
    again (shared, or its own ancestor after a ``nesting`` mutation) is not entered again."""
    seen = set() if seen is None else seen
    out = [(path, value)]
    if isinstance(value, dict | list):
        if id(value) in seen:
            return out
        seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_slots(item, (*path, key), seen))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_slots(item, (*path, i), seen))
    return out


def _put(doc: Any, path: tuple, value: Any) -> None:
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _key_of(path: tuple) -> str:
    """The nearest mapping key of a path (``links[2]`` -> ``links``)."""
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "")


def _insert(draw: st.DrawFn, text: str, pieces: list[str]) -> str:
    """``text`` with 1-3 of ``pieces`` put at random places (or replacing it)."""
    for _ in range(draw(st.integers(1, 3))):
        piece = draw(st.sampled_from(pieces))
        if draw(st.integers(0, 5)) == 0:
            text = piece
        else:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + piece + text[at:]
    return text


class _Raw:
    """Raw document text in place of a value: replaced after dumping (see :func:`_dump_yaml`)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _mutate(draw: st.DrawFn, doc: Any, family: str, raw: list[str], notes: list[str], share: bool = True) -> None:
    """One mutation of ``family`` at a random place of ``doc`` (in place). ``share``: a ``nesting``
    mutation may make two places hold one container (YAML writes an anchor and an alias; JSON,
    which has none, gets a copy)."""
    slots = _slots(doc)[1:]
    strings = [(p, v) for p, v in slots if isinstance(v, str)]
    if not slots or (not strings and family in ("iri", "separators", "surrogates", "text")):
        return  # an earlier mutation left nothing of the kind
    if family == "iri":
        iri_slots = [(p, v) for p, v in strings if _key_of(p) in IRI_KEYS] or strings
        path, value = draw(st.sampled_from(iri_slots))
        new: Any = _insert(draw, value, PUNCTUATION + U_ESCAPES)
    elif family in ("separators", "surrogates", "text"):
        # U+2028, U+2029 and U+0085 are text a CV may hold (the C0 ones are refused as control
        # characters): what reaches the writers, so drawn most often
        pieces = {"separators": SEPARATORS + ["\u2028", "\u2029", "\x85"] * 4, "surrogates": SURROGATES + U_ESCAPES,
                  "text": HOSTILE_TEXT}[family]
        # mostly where free text belongs; never in an IRI-bearing field (the family ``iri``)
        free = [(p, v) for p, v in strings if _key_of(p) in TEXT_KEYS]
        other = [(p, v) for p, v in strings if _key_of(p) not in IRI_KEYS] or strings
        path, value = draw(st.sampled_from(free if free and draw(st.integers(0, 7)) else other))
        new = _insert(draw, value, pieces)
    elif family == "types":
        path, value = draw(st.sampled_from(slots))
        keys = sorted({str(p[-1]) for p, _ in slots if p and isinstance(p[-1], str)})
        if draw(st.integers(0, 3)) == 0 and keys:  # every value of one key (such as ORCID's put-codes)
            key, new = draw(st.sampled_from(keys)), copy.deepcopy(draw(st.sampled_from(WRONG_TYPES)))
            for where, _ in slots:
                if where and where[-1] == key:
                    with contextlib.suppress(LookupError, TypeError):  # inside a value already replaced
                        _put(doc, where, copy.deepcopy(new))
            notes.append(f"types: every {key!r} = {new!r}")
            return
        if draw(st.integers(0, 3)) == 0 and len(path) > 0:
            parent = doc
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                del parent[path[-1]]
                notes.append(f"types: dropped {path}")
                return
        new = copy.deepcopy(draw(st.sampled_from(WRONG_TYPES)))
    elif family == "numbers":
        path, value = draw(st.sampled_from(slots))
        new = _Raw(draw(st.sampled_from(raw)))
    else:  # nesting: raw nested or tagged text, or a value shared with another place (anchor + alias)
        path, value = draw(st.sampled_from(slots))
        if draw(st.booleans()):
            new = _Raw(draw(st.sampled_from(raw)))
        else:
            new = draw(st.sampled_from([v for _, v in slots if isinstance(v, dict | list)] or [[1]]))
            new = new if share else copy.deepcopy(new)
    _put(doc, path, new)
    notes.append(f"{family}: {path} = {new.text[:80] if isinstance(new, _Raw) else repr(new)[:80]}")


def _swap_raw(doc: Any, raws: list[str], seen: dict[int, Any]) -> Any:
    """``doc`` with every :class:`_Raw` replaced by a placeholder string (its text in ``raws``);
    shared containers stay shared (so the YAML dumper writes anchors and aliases)."""
    if isinstance(doc, _Raw):
        raws.append(doc.text)
        return f"__RAW{len(raws) - 1}__"
    if isinstance(doc, dict | list):
        if id(doc) in seen:
            return seen[id(doc)]
        out: Any = {} if isinstance(doc, dict) else []
        seen[id(doc)] = out
        if isinstance(doc, dict):
            out.update({k: _swap_raw(v, raws, seen) for k, v in doc.items()})
        else:
            out.extend(_swap_raw(v, raws, seen) for v in doc)
        return out
    return doc


def _encode(draw: st.DrawFn, text: str, notes: list[str]) -> bytes:
    """The document's bytes: UTF-8 (raw surrogates through surrogatepass), sometimes with a BOM,
    CRLF line ends, another encoding, or cut short."""
    how = draw(st.sampled_from(["utf-8"] * 40 + ["bom", "crlf", "utf-16", "latin-1", "cut"]))
    data = text.encode("utf-8", "surrogatepass")
    if how == "bom":
        data = b"\xef\xbb\xbf" + data
    elif how == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif how == "utf-16":
        data = text.encode("utf-16", "surrogatepass")
    elif how == "latin-1":
        data = text.encode("latin-1", "replace")
    elif how == "cut":
        data = data[:draw(st.integers(0, len(data)))]
    if how != "utf-8":
        notes.append(f"encoding: {how}")
    return data


def _dump_yaml(draw: st.DrawFn, doc: Any, header: str = "") -> tuple[str, list[str]]:
    raws: list[str] = []
    plain = _swap_raw(doc, raws, {})
    style = draw(st.sampled_from(["unicode", "ascii", "flow"]))
    text = yaml.dump(plain, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=style == "unicode",
                     default_flow_style=None if style != "flow" else True, width=100)
    for i, raw in enumerate(raws):
        text = text.replace(f"__RAW{i}__", raw)
    return header + text, [f"yaml style: {style}"]


# ----------------------------------------------------------------------------- the strategies

@st.composite
def cv_documents(draw: st.DrawFn, family: str, which: int | None = None) -> Doc:
    """A generated CV with 1-3 mutations of ``family`` (or none, one time in eight; never for "none")."""
    header, cvs = _base_cvs()
    doc = copy.deepcopy(cvs[which if which is not None else draw(st.integers(0, len(cvs) - 1))])
    notes: list[str] = []
    if family != "none" and draw(st.integers(0, 7)):
        for _ in range(draw(st.integers(1, 3))):
            _mutate(draw, doc, family, HUGE if family == "numbers" else RAW_YAML, notes)
    text, more = _dump_yaml(draw, doc, header)
    data = _encode(draw, text, notes) if family != "none" else text.encode("utf-8")
    return Doc(data, notes + more)


@st.composite
def cv_folders(draw: st.DrawFn, family: str) -> list[Doc]:
    """2-3 generated CVs (they share co-authored papers and people), each maybe mutated."""
    n = draw(st.integers(2, 3))
    hostile = draw(st.integers(0, n - 1))
    return [draw(cv_documents(family if i == hostile else "none", i)) for i in range(n)]


@st.composite
def import_documents(draw: st.DrawFn, kind: str, family: str) -> Doc:
    """A document of an importer (``kind``) from tests/data/import, with 1-3 mutations."""
    if kind == "bibtex":
        return draw(bibtex_documents(family))
    path = draw(st.sampled_from(IMPORT_DOCS[kind]))
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text) if path.suffix == ".yaml" else json.loads(text)
    notes = [f"from {path.relative_to(TESTS)}"]
    if draw(st.integers(0, 7)):
        for _ in range(draw(st.integers(1, 3))):
            _mutate(draw, doc, family, JSON_HUGE if family == "numbers" and kind != "rendercv" else
                    HUGE if family == "numbers" else RAW_YAML if kind == "rendercv" else RAW_JSON, notes,
                    share=kind == "rendercv")
    if kind == "rendercv":
        out, more = _dump_yaml(draw, doc)
        notes += more
    else:
        raws: list[str] = []
        plain = _swap_raw(doc, raws, {})
        out = json.dumps(plain, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
        for i, raw in enumerate(raws):
            out = out.replace(f'"__RAW{i}__"', raw)
    return Doc(_encode(draw, out, notes), notes)


BIB_FIELDS = ["title", "author", "editor", "year", "month", "journal", "booktitle", "doi", "url", "pages",
              "volume", "number", "publisher", "note", "eprint", "isbn", "issn", "school", "howpublished"]
BIB_TYPES = ["article", "inproceedings", "book", "phdthesis", "misc", "techreport", "incollection",
             "unpublished", "online", "string", "preamble", "comment", "bogus"]


@st.composite
def bibtex_documents(draw: st.DrawFn, family: str) -> Doc:
    """A BibTeX file: a test file with hostile text put in, or entries built from hostile values
    (with @string macros, self-referencing and cyclic ones included)."""
    notes: list[str] = []
    pieces = {"separators": SEPARATORS, "surrogates": SURROGATES + U_ESCAPES, "iri": PUNCTUATION + U_ESCAPES,
              "numbers": HUGE, "nesting": ["{" * 60 + "}" * 60, "{" * 3000, "}" * 50, "@string{a = a}",
                                           "@string{a = b # a}", "@article{", "\\", "@"],
              "types": ["", "{}", "=", ",", "#", '"', "@misc{x,}", "@article{dup, title={a}}"],
              "text": HOSTILE_TEXT}[family]
    if draw(st.booleans()):
        path = draw(st.sampled_from(IMPORT_DOCS["bibtex"]))
        text = _insert(draw, path.read_text(encoding="utf-8"), pieces)
        notes.append(f"from {path.relative_to(TESTS)}")
    else:
        entries = []
        for i in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(BIB_TYPES))
            key = draw(st.sampled_from([f"k{i}", "k0", "dup", "", "a b", "ü"]))
            fields = {name: _insert(draw, draw(st.sampled_from(["A Title", "2020", "10.1000/x.1",
                                                                "https://example.org/a", "Lovelace, Ada and B. C"])),
                                    pieces)
                      for name in draw(st.lists(st.sampled_from(BIB_FIELDS), max_size=6, unique=True))}
            quote = draw(st.sampled_from(["{}", '""', "macro"]))
            body = ",\n".join(f"  {name} = " + (f"{{{value}}}" if quote == "{}" else f'"{value}"' if quote == '""'
                                                else value) for name, value in fields.items())
            entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
        text = "\n".join(entries)
    return Doc(_encode(draw, text, notes), notes)


def random_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, sometimes after the start of a valid document of some format."""
    heads = st.sampled_from([b"", b"cvgraph: 1\n", b"person:\n  name: ", b"cv:\n  name: ", b"{\"basics\": ",
                             b"{\"orcid-identifier\": ", b"@article{k,\n title = {", b"\xef\xbb\xbf", b"\xff\xfe"])
    return st.tuples(heads, st.binary(max_size=600)).map(lambda t: t[0] + t[1])

