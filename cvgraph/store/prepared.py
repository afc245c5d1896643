"""A CV made ready to send, in the batch workers: its graph as the store will hold it, and the
figures verification compares.

:func:`prepare` takes a CV's built N-Triples (the per-CV cache's text) and its graph name and
returns one ``bytes`` payload (what a batch worker hands the parent, :func:`cvgraph.pipeline.batch.each_cv`):
a header line with the triple count and (when asked) the checksums, then the graph as N-Triples,
blank nodes skolemised into the graph (as :func:`cvgraph.store.updates.skolemise` does), literal
values canonicalised as a store keeps them (pyoxigraph's store, as
:func:`cvgraph.store.verify.canonical` does) and duplicates merged. So the parent only reads a
header and sends bytes: it never holds a CV's triples as Python objects, nor all CVs at once.
:func:`parse` reads a payload back into a :class:`Prepared`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from cvgraph.errors import PublishError
from cvgraph.rdf.terms import XSD, Triple, nt_line
from cvgraph.store.updates import GENID
from cvgraph.store.verify import text_checksum

__all__ = ["FORMATS", "Prepared", "parse", "prepare", "prepare_triples"]

FORMATS = ("publish-count", "publish-checksum")  # the worker's output: count alone, or count + checksums
_STRING = XSD + "string"
_HEADER = b"# cvgraph publish "


@dataclass(frozen=True)
class Prepared:
    """One CV ready to send: its ``graph``, ``body`` (canonical, skolemised N-Triples), ``count``
    (distinct triples as the store will hold them), ``sums`` (checksum, Virtuoso's checksum; None
    when not computed) and its source file's ``sha256``."""

    graph: str
    body: bytes
    count: int
    sums: tuple[int, int] | None
    sha256: str | None = None

    def expected(self) -> tuple[int, int, int]:
        """(count, checksum, Virtuoso's checksum), as :func:`cvgraph.store.verify.matches` takes them."""
        if self.sums is None:
            raise PublishError(f"<{self.graph}>: no checksum was computed")
        return (self.count, *self.sums)

    def quads(self, name: str) -> bytes:
        """The body as N-Quads in graph ``name`` (N-Triples lines end in `` .\\n`` and nowhere
        else: a newline inside a literal is escaped)."""
        return self.body.replace(b" .\n", f" <{name}> .\n".encode())


_LABEL = r"([A-Za-z0-9_][A-Za-z0-9_.-]*)"
_BLANK_SUBJECT = re.compile(r"\n_:" + _LABEL + " ")  # on "\n" + text: every line starts after a newline
_BLANK_OBJECT = re.compile(r" _:" + _LABEL + r" \.\n")
_REWRITTEN = re.compile(r'"(?:\^\^<[^<>"\s]*>|@[A-Za-z0-9-]+) \.\n')  # a line's typed or tagged literal
_ECHAR = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(m: re.Match[str]) -> str:
    e = m.group(1)
    return chr(int(e[1:], 16)) if len(e) > 1 else _ECHARS[e]


def _split_rewritten(text: str) -> tuple[str, list[str]]:
    """``text`` (starting with a newline) without its lines whose object a store may rewrite (a
    typed or language-tagged literal), and those lines."""
    kept, rest, at = [], [], 0
    for m in _REWRITTEN.finditer(text):
        start = text.rindex("\n", 0, m.start())  # a literal holds no raw newline
        kept.append(text[at:start])
        rest.append(text[start + 1:m.end()])
        at = m.end() - 1
    kept.append(text[at:])
    return "".join(kept), rest


def _canonical(text: str, graph: str) -> tuple[str, int]:
    """The N-Triples ``text`` as the store will hold it, and its number of triples: blank nodes
    skolemised into ``graph``, the literals a store may rewrite (typed, or with a language tag)
    canonicalised by pyoxigraph's store, duplicates merged. Text-level, on cvgraph's own N-Triples
    (a blank node is a subject at the start of a line, or the object at its end; a literal holds no
    raw newline or unescaped quote)."""
    prefix = ("<" + graph.rstrip("/") + GENID).replace("\\", "\\\\")
    text = _BLANK_SUBJECT.sub("\n" + prefix + r"\g<1>> ", "\n" + text)
    text = _BLANK_OBJECT.sub(" " + prefix + r"\g<1>> .\n", text)
    text, rest = _split_rewritten(text)
    text = text[1:]
    if rest:
        store = ox.Store()
        store.load("".join(rest).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        text += (ox.serialize(store, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    lines = text.split("\n")
    lines.pop()  # after the last newline
    distinct = set(lines)
    if len(distinct) < len(lines):
        lines = sorted(distinct)
        text = "\n".join(lines) + "\n"
    return text, len(lines)


def _checksum(text: str) -> tuple[int, int, int]:
    """:func:`cvgraph.store.verify.local_checksum` of canonical N-Triples ``text``: its checksum
    texts are its lines without " .", a plain literal typed ``xsd:string`` (as a store reads it),
    escapes read (only literals hold them)."""
    lines = text.replace('" .\n', '"^^<' + _STRING + '> .\n').split(" .\n")
    lines.pop()  # after the last line
    if "\\" in text:
        lines = [_ECHAR.sub(_unescape, ln) if "\\" in ln else ln for ln in lines]
    return text_checksum(lines)


def prepare(nt: str | bytes, graph: str, fmt: str = "publish-checksum") -> bytes:
    """The payload of one CV (module docstring); ``fmt`` ``publish-checksum`` computes the checksums
    too (``publish-count``: the count alone)."""
    text, n = _canonical(nt.decode("utf-8") if isinstance(nt, bytes) else nt, graph)
    head = " ".join(map(str, _checksum(text))) if fmt == "publish-checksum" else str(n)
    return _HEADER + head.encode() + b"\n" + text.encode("utf-8")


def prepare_triples(graph: str, triples: list[Triple], sha256: str | None, sums: bool = True) -> Prepared:
    """A CV built in this process (one CV: :func:`cvgraph.pipeline.build.build_one`) made ready."""
    payload = prepare("".join(map(nt_line, triples)), graph, FORMATS[1] if sums else FORMATS[0])
    return parse(payload, graph, sha256)


def parse(payload: bytes, graph: str, sha256: str | None) -> Prepared:
    """A payload of :func:`prepare` as a :class:`Prepared` (the body is not copied twice: one slice)."""
    end = payload.index(b"\n")
    figures = [int(x) for x in payload[len(_HEADER):end].split()]
    sums = (figures[1], figures[2]) if len(figures) == 3 else None
    return Prepared(graph, payload[end + 1:], figures[0], sums, sha256)
