"""Serialisations, deterministic, and atomic writes.

``FORMATS`` is the one registry: it feeds the CLI's ``--format`` choice and :func:`serialize`.
N-Triples is written from our own sorted lines; Turtle, TriG and RDF/XML by pyoxigraph from the
same sorted triples (fast, and byte-stable); JSON-LD by rdflib, compacted with our prefixes.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from cvgraph.errors import OutputError
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Triple, nt_line

__all__ = ["FORMATS", "Format", "serialize", "write_atomic", "format_for_path", "to_oxigraph",
           "from_oxigraph", "from_oxigraph_triple"]


@dataclass(frozen=True)
class Format:
    rdflib: str
    extension: str
    media_type: str


FORMATS: dict[str, Format] = {
    "turtle": Format("turtle", ".ttl", "text/turtle"),
    "json-ld": Format("json-ld", ".jsonld", "application/ld+json"),
    "nt": Format("nt", ".nt", "application/n-triples"),
    "xml": Format("xml", ".rdf", "application/rdf+xml"),
    "trig": Format("trig", ".trig", "application/trig"),
}


def format_for_path(path: str | os.PathLike) -> str | None:
    """Guess the format from a file name's extension (``cv.jsonld`` → ``json-ld``)."""
    suffix = Path(path).suffix.lower()
    aliases = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt",
               ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".trig": "trig"}
    return aliases.get(suffix)


def serialize(triples: Sequence[Triple], fmt: str = "turtle", graph_name: str | None = None,
              prefix_iri: str | None = None, graph=None) -> bytes:  # noqa: ANN001
    """``triples`` (sorted) in syntax ``fmt``. ``graph_name`` names the graph for TriG;
    ``prefix_iri`` (the document IRI) becomes the empty prefix, so ``<D#me>`` reads ``:me``.
    Pass ``graph`` when an rdflib graph of the same triples already exists (JSON-LD uses it)."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "nt":
        return "".join(sorted(nt_line(t) for t in triples)).encode("utf-8")
    if fmt == "json-ld":
        from cvgraph.rdf.graph import to_graph

        return _jsonld(graph if graph is not None else to_graph(triples))
    return _oxigraph(triples, fmt, graph_name, prefix_iri)


def _ox(t):  # noqa: ANN001, ANN202 - one of our terms as a pyoxigraph term
    import pyoxigraph as ox

    if type(t) is IRI:
        return ox.NamedNode(t.value)
    if type(t) is Blank:
        return ox.BlankNode(t.id)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype) if t.datatype else None)


def to_oxigraph(triple: Triple) -> tuple:
    """A triple of our terms as pyoxigraph terms."""
    return tuple(_ox(t) for t in triple)


def from_oxigraph(t):  # noqa: ANN001, ANN201 - a pyoxigraph term (or None) as one of ours
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return IRI(t.value)
    if isinstance(t, ox.BlankNode):
        return Blank(t.value)
    dt = t.datatype.value
    return Lit(t.value, None if dt == XSD + "string" or t.language else dt, t.language)


def from_oxigraph_triple(t) -> Triple:  # noqa: ANN001 - a pyoxigraph Triple or Quad
    return (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))


def _oxigraph(triples: Sequence[Triple], fmt: str, graph_name: str | None, prefix_iri: str | None) -> bytes:
    """Turtle, TriG and RDF/XML by pyoxigraph: fast, and in the given (sorted) order."""
    import pyoxigraph as ox

    from cvgraph.mapping.walker import table

    cache: dict = {}

    def conv(t):  # noqa: ANN001, ANN202
        r = cache.get(t)
        if r is None:
            r = cache[t] = _ox(t)
        return r

    prefixes = dict(table()["prefixes"])
    if prefix_iri:
        prefixes[""] = prefix_iri + "#"
    if fmt == "trig":
        g = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
        quads = [ox.Quad(conv(s), conv(p), conv(o), g) for s, p, o in triples]
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    items = [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in triples]
    if fmt == "turtle":
        return ox.serialize(items, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    # pyoxigraph (0.5) writes a carriage return in a literal as a raw byte, and every XML parser
    # turns a raw CR (or CR LF) into LF (XML 1.0 §2.11), so "a\r\nb" came back as "a\nb".
    # The writer itself only emits LF and tab between tags, and IRIs and language tags cannot
    # hold a CR, so every CR in its output is literal text: write it as a character reference,
    # which parsers keep (as rdflib's own RDF/XML writer does). Test: test_rdfxml_keeps_carriage_returns.
    return ox.serialize(items, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).replace(b"\r", b"&#13;")


def _jsonld(graph) -> bytes:  # noqa: ANN001
    """JSON-LD with our prefixes as the (inline, offline) context, nodes sorted by @id."""
    from cvgraph.rdf.prefixes import PREFIXES

    context = {p: iri for p, iri in PREFIXES.items()}
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=lambda n: n.get("@id", ""))
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_atomic(data: bytes, path: str | os.PathLike) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one:
    a temporary file in the same folder, fsync'd, then renamed over the target."""
    import tempfile

    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

