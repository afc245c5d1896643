"""Serialisations, deterministic.

``FORMATS`` is the one registry: it feeds the CLI's ``--format`` choice and :func:`serialize`;
``ALIASES`` (from each format's aliases) lets ``-f ttl`` name what ``-o x.ttl`` does.
N-Triples is written from our own sorted lines; Turtle, TriG and RDF/XML by pyoxigraph from the
same sorted triples (fast, and byte-stable); JSON-LD by rdflib, compacted with our prefixes.
"""
from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pyoxigraph as ox

from cvgraph.errors import OutputError
from cvgraph.rdf.oxigraph import OxTerm, to_oxigraph_term
from cvgraph.rdf.prefixes import PREFIXES, output_prefixes
from cvgraph.rdf.terms import IRI, Triple, nt_line

if TYPE_CHECKING:
    from rdflib import Graph  # rdflib is imported only where a graph is built

__all__ = ["ALIASES", "FORMATS", "Format", "format_for_path", "format_named", "serialize", "write_rdfxml"]


@dataclass(frozen=True)
class Format:
    """An RDF syntax: its ``--format`` name, file extensions (the first is the one written),
    media type, names in rdflib and pyoxigraph, whether it holds named graphs, and the other
    names ``--format`` accepts for it."""

    name: str
    extensions: tuple[str, ...]
    media_type: str
    rdflib: str
    oxigraph: ox.RdfFormat
    named_graphs: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def extension(self) -> str:
        return self.extensions[0]


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", (".ttl",), "text/turtle", "turtle", ox.RdfFormat.TURTLE, aliases=("ttl",)),
    # not "json": for query results it means SPARQL JSON
    Format("json-ld", (".jsonld", ".json"), "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD,
           aliases=("jsonld",)),
    Format("nt", (".nt",), "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES,
           aliases=("ntriples", "n-triples")),
    Format("xml", (".rdf", ".xml", ".owl"), "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML,
           aliases=("rdf", "rdf/xml", "rdfxml", "owl")),
    Format("trig", (".trig",), "application/trig", "trig", ox.RdfFormat.TRIG, named_graphs=True),
    Format("nquads", (".nq", ".nquads"), "application/n-quads", "nquads", ox.RdfFormat.N_QUADS,
           named_graphs=True, aliases=("nq", "n-quads")),
)}
_BY_EXTENSION = {ext: f.name for f in FORMATS.values() for ext in f.extensions}
ALIASES: dict[str, str] = {alias: f.name for f in FORMATS.values() for alias in f.aliases}  # alias -> name

# pyoxigraph's constructors, typed for our triples: our Triple type does not tell the positions apart,
# pyoxigraph's does, and the mapping only puts IRIs and blank nodes as subjects and IRIs as predicates.
_ox_triple = cast(Callable[[OxTerm, OxTerm, OxTerm], ox.Triple], ox.Triple)
_ox_quad = cast(Callable[[OxTerm, OxTerm, OxTerm, ox.NamedNode | ox.DefaultGraph], ox.Quad], ox.Quad)


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name's extension says (``cv.jsonld`` → ``json-ld``), or None.

    >>> format_for_path("faculty.nq"), format_for_path("cv.owl"), format_for_path("cv.txt")
    ('nquads', 'xml', None)
    """
    return _BY_EXTENSION.get(Path(path).suffix.lower())


def format_named(name: str) -> str | None:
    """The format a ``--format`` value names, by its name or an alias, in any case, or None.

    >>> format_named("ttl"), format_named("RDF/XML"), format_named("nquads"), format_named("json")
    ('turtle', 'xml', 'nquads', None)
    """
    key = name.lower()
    return key if key in FORMATS else ALIASES.get(key)


def serialize(triples: Sequence[Triple], fmt: str = "turtle", graph_name: str | None = None,
              prefix_iri: str | None = None, graph: Graph | None = None) -> bytes:
    """``triples`` (sorted) in syntax ``fmt``. ``graph_name`` names the graph for TriG and N-Quads;
    ``prefix_iri`` (the document IRI) becomes the empty prefix, so ``<D#me>`` reads ``:me``.
    Pass ``graph`` when an rdflib graph of the same triples already exists (JSON-LD uses it)."""
    known = format_named(fmt)
    if known is None:
        raise OutputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    fmt = known
    if fmt == "nt":
        return "".join(sorted(nt_line(t) for t in triples)).encode("utf-8")
    if fmt == "nquads":
        name = IRI(graph_name) if graph_name else None
        return "".join(sorted(nt_line(t, name) for t in triples)).encode("utf-8")
    if fmt == "json-ld":
        from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy, and only JSON-LD needs it here

        return _jsonld(graph if graph is not None else to_graph(triples))
    return _oxigraph(triples, fmt, graph_name, prefix_iri)


def _oxigraph(triples: Sequence[Triple], fmt: str, graph_name: str | None, prefix_iri: str | None) -> bytes:
    """Turtle, TriG and RDF/XML by pyoxigraph: fast, and in the given (sorted) order."""
    conv = functools.cache(to_oxigraph_term)  # most terms repeat: convert each once (a cache per call)

    prefixes = output_prefixes(t.value for triple in triples for t in triple if isinstance(t, IRI))
    if prefix_iri:
        prefixes[""] = prefix_iri + "#"
    if fmt == "trig":
        g = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
        quads = [_ox_quad(conv(s), conv(p), conv(o), g) for s, p, o in triples]
        return _bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))
    items = [_ox_triple(conv(s), conv(p), conv(o)) for s, p, o in triples]
    if fmt == "turtle":
        return _bytes(ox.serialize(items, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    out = io.BytesIO()
    write_rdfxml(items, out, prefixes)
    return out.getvalue()


class _CarriageReturns:
    """The output :func:`write_rdfxml` gives pyoxigraph: every CR written as ``&#13;``."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, data: bytes) -> int:
        self.out.write(bytes(data).replace(b"\r", b"&#13;"))
        return len(data)  # what was taken: pyoxigraph aborts the process on a longer count

    def flush(self) -> None:
        self.out.flush()


def write_rdfxml(triples: Iterable[ox.Triple], out: IO[bytes], prefixes: dict[str, str]) -> None:
    """RDF/XML of ``triples`` (in their order) by pyoxigraph, streamed to ``out``.

    pyoxigraph (0.5) writes a carriage return in a literal as a raw byte, and every XML parser
    turns a raw CR (or CR LF) into LF (XML 1.0 §2.11), so "a\r\nb" came back as "a\nb". The
    writer itself only emits LF and tab between tags, and IRIs and language tags cannot hold a
    CR, so every CR in its output is literal text: it is written as a character reference, which
    parsers keep (as rdflib's own RDF/XML writer does). Tests: test_rdfxml_keeps_carriage_returns,
    test_merged_rdfxml_of_text_with_a_carriage_return_is_written."""
    # pyoxigraph only calls write (and flush) on its output
    ox.serialize(triples, cast(IO[bytes], _CarriageReturns(out)), format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


def _bytes(data: bytes | None) -> bytes:
    """What ``ox.serialize`` returns when given no output file: the bytes (never None)."""
    return cast(bytes, data)


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD with our prefixes as the (inline, offline) context, nodes sorted by @id."""
    context = {p: iri for p, iri in PREFIXES.items()}
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=lambda n: n.get("@id", ""))
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
