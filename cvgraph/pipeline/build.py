"""One CV built end to end: load → triples → validate. Used by the API, the batch workers, the
CLI and publish, so that each of them builds a CV the same way.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cvgraph.mapping.profiles import VivoOptions, joined, profile_parts, vocabularies
from cvgraph.mapping.vivo_gaps import left_out
from cvgraph.mapping.walker import document_iri
from cvgraph.pipeline.sources import Source, Sources, Unit, load_all, load_unit
from cvgraph.rdf.syntax import serialize
from cvgraph.rdf.terms import Triple, nt_lines_of, ordered
from cvgraph.records.loader import CV
from cvgraph.records.registry import Registry
from cvgraph.shacl.validation import Report, validate_triples

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Built", "Document", "build_document", "build_one", "merged_parts", "merged_triples", "profile_report"]


@dataclass
class Built:
    """One CV built: its records, its document IRI (the name of its graph), its sorted triples,
    and its validation report (None when not validated)."""

    cv: CV
    graph: str
    triples: list[Triple]
    report: Report | None = None
    rdflib_graph: Graph | None = None  # built only when asked for
    notes: list[str] = field(default_factory=list)  # what the profile leaves out (warnings)
    lines: list[str] | None = None  # the triples' N-Triples lines, in order (built only when asked for)


def build_one(unit: Unit | CV, *, fmt: str | None = None, base: str | None = None,
              registry: Registry | None = None, validate: bool = True, profile: str = "core",
              use_cache: bool = True, rdflib_graph: bool = False, vivo: VivoOptions | None = None,
              lines: bool = False) -> Built:
    """Load ``unit`` (read as ``fmt``, default: from each file), map it to triples in ``profile``'s
    vocabularies (:mod:`cvgraph.mapping.profiles`; ``vivo``: how the VIVO profile names things)
    and, unless told not to, validate them against ``profile``'s shapes (reusing a cached report
    with ``use_cache``). ``rdflib_graph``: also build the rdflib graph (once, for validation too);
    ``lines``: also write the triples' N-Triples lines (once, for validation and its cache key too)."""
    cv = unit if isinstance(unit, CV) else load_unit(unit, fmt, base, registry)
    parts = profile_parts(cv, base, profile, vivo)
    items = joined(parts)
    graph = None
    if rdflib_graph:
        from cvgraph.rdf.graph import to_graph  # lazy: rdflib is heavy, and few outputs need it

        graph = to_graph(items)
    text = nt_lines_of(items) if lines else None
    report = profile_report(parts, profile, items, graph, use_cache, text) if validate else None
    return Built(cv, document_iri(cv, base), items, report, graph, left_out(cv) if profile == "vivo" else [], text)


def profile_report(parts: dict[str, list[Triple]], profile: str, items: Sequence[Triple],
                   graph: Graph | None = None, use_cache: bool = True, lines: Sequence[str] | None = None) -> Report:
    """The SHACL report on ``items`` (the ``parts`` joined, in ``profile``): against the profile's
    shapes; for ``all``, each vocabulary's part against its own shapes (the core shapes on the
    schema.org/FOAF/BIBO triples, the VIVO shapes on the VIVO-ISF ones), reports joined, so
    that a shape of one vocabulary does not judge the other's nodes by a class both use. ``lines``:
    the N-Triples lines of ``items``, if the caller has them."""
    if profile != "all":
        text = "".join(lines) if lines is not None else None
        return validate_triples(items, profile, graph=graph, use_cache=use_cache, ntriples=text)
    reports = [validate_triples(part, name, use_cache=use_cache) for name, part in parts.items()]
    return Report(all(r.conforms for r in reports), [res for r in reports for res in r.results])


def merged_parts(cvs: Sequence[CV], base: str | None = None, profile: str = "core",
                 vivo: VivoOptions | None = None) -> dict[str, list[Triple]]:
    """The sorted triples of one or more CVs per vocabulary of ``profile``, merged (sets)."""
    if len(cvs) == 1:
        return profile_parts(cvs[0], base, profile, vivo)
    each = [profile_parts(cv, base, profile, vivo) for cv in cvs]
    return {name: ordered({t for parts in each for t in parts[name]}) for name in vocabularies(profile)}


def merged_triples(cvs: Sequence[CV], base: str | None = None, profile: str = "core",
                   vivo: VivoOptions | None = None) -> list[Triple]:
    """The sorted triples of one or more CVs in ``profile``'s vocabularies, merged (a set)."""
    return joined(merged_parts(cvs, base, profile, vivo))


@dataclass
class Document:
    """A graph serialised: its bytes, its triple count and its report (None: not validated)."""

    data: bytes
    count: int
    report: Report | None
    notes: list[str] = field(default_factory=list)  # what the profile leaves out (warnings)


def build_document(source: Source | Sources, fmt: str, *, base: str | None = None, validate: bool = True,
                   use_cache: bool = True, profile: str = "core", vivo: VivoOptions | None = None) -> Document:
    """The graph of one CV (or several, merged) in syntax ``fmt`` and ``profile``'s vocabularies,
    validated against its shapes unless told not to. The rdflib graph is built only when validation or the JSON-LD serialiser needs it, and
    then only once."""
    cvs = load_all(source, base)
    if len(cvs) == 1:
        built = build_one(cvs[0], base=base, validate=validate, use_cache=use_cache,
                          rdflib_graph=fmt == "json-ld", profile=profile, vivo=vivo)
        items, report, graph, notes = built.triples, built.report, built.rdflib_graph, built.notes
    else:
        parts = merged_parts(cvs, base, profile, vivo)
        items, graph = joined(parts), None
        notes = [n for cv in cvs for n in (left_out(cv) if profile == "vivo" else [])]
        report = profile_report(parts, profile, items, use_cache=use_cache) if validate else None
    name = document_iri(cvs[0], base)
    data = serialize(items, fmt, graph_name=name, prefix_iri=name, graph=graph)
    return Document(data, len(items), report, notes)
