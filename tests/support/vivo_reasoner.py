"""What VIVO's reasoner adds before a profile page's list views see the data (test support only).

VIVO keeps its ontology (the TBox) beside the data and materialises, from it, every
`rdfs:subClassOf` superclass of each asserted type, `vitro:mostSpecificType` on each individual
(its most specific asserted class or classes) and the inverse of every `owl:inverseOf` object
property statement. `materialise` does the same in a pyoxigraph store, with SPARQL updates: the data
stays in the default graph, the ontology goes into `TBOX` and the inferences into `INFERRED`, and the
list views query the union of all three (`use_default_graph_as_union=True`), as VIVO queries its
whole store. See ../shared/vivo/SOURCES.md.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

VITRO = "http://vitro.mannlib.cornell.edu/ns/vitro/0.7#"
MOST_SPECIFIC_TYPE = VITRO + "mostSpecificType"
TBOX = ox.NamedNode("urn:x-cvgraph-test:vivo:tbox")
CLOSURE = ox.NamedNode("urn:x-cvgraph-test:vivo:subclass-closure")  # strict subClassOf+, IRIs only
INFERRED = ox.NamedNode("urn:x-cvgraph-test:vivo:inferred")

_PREFIXES = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX vitro: <{VITRO}>
"""

# The transitive closure of the ontology's class hierarchy, computed once per store.
_CLOSURE = _PREFIXES + f"""INSERT {{ GRAPH {CLOSURE} {{ ?c rdfs:subClassOf ?d }} }}
WHERE {{ GRAPH {TBOX} {{ ?c rdfs:subClassOf+ ?d }} FILTER (isIRI(?c) && isIRI(?d) && ?c != ?d) }}"""

# Every superclass of every asserted type. Nothing already asserted is added again: the list
# views query the union of the graphs, where a triple in two graphs would come back twice.
_SUPERCLASSES = _PREFIXES + f"""INSERT {{ GRAPH {INFERRED} {{ ?s a ?d }} }}
WHERE {{ ?s a ?c . GRAPH {CLOSURE} {{ ?c rdfs:subClassOf ?d }} FILTER NOT EXISTS {{ ?s a ?d }} }}"""

# An asserted class is most specific when no other asserted class of the same individual is
# strictly below it (classes that are each other's subclass, i.e. equivalent, both count).
_MOST_SPECIFIC = _PREFIXES + f"""INSERT {{ GRAPH {INFERRED} {{ ?s vitro:mostSpecificType ?c }} }}
WHERE {{
  ?s a ?c . FILTER isIRI(?c)
  FILTER NOT EXISTS {{
    ?s a ?d . FILTER (?d != ?c)
    GRAPH {CLOSURE} {{ ?d rdfs:subClassOf ?c }}
    FILTER NOT EXISTS {{ GRAPH {CLOSURE} {{ ?c rdfs:subClassOf ?d }} }}
  }}
}}"""

# Both directions of every owl:inverseOf pair, on asserted object-property statements.
_INVERSES = _PREFIXES + f"""INSERT {{ GRAPH {INFERRED} {{ ?o ?q ?s }} }}
WHERE {{
  {{ SELECT DISTINCT ?p ?q WHERE {{
      {{ GRAPH {TBOX} {{ ?p owl:inverseOf ?q }} }} UNION {{ GRAPH {TBOX} {{ ?q owl:inverseOf ?p }} }}
      FILTER (isIRI(?p) && isIRI(?q))
  }} }}
  ?s ?p ?o . FILTER (!isLiteral(?o))
  FILTER NOT EXISTS {{ ?o ?q ?s }}
}}"""


def load_tbox(store: ox.Store, ontology: Path) -> None:
    """Put the ontology (RDF/XML, e.g. ../shared/vocab/vivo.owl) into the store's TBOX graph, once."""
    if next(iter(store.quads_for_pattern(None, None, None, TBOX)), None) is None:
        store.load(path=str(ontology), format=ox.RdfFormat.RDF_XML, to_graph=TBOX)


def materialise(store: ox.Store, ontology: Path) -> int:
    """Add VIVO's inferences for the default graph's data to `INFERRED`; return how many were added.

    Idempotent: a second call recomputes the same triples into the same graph."""
    load_tbox(store, ontology)
    store.update(f"CLEAR SILENT GRAPH {CLOSURE}")
    store.update(_CLOSURE)
    store.update(f"CLEAR SILENT GRAPH {INFERRED}")
    for update in (_SUPERCLASSES, _MOST_SPECIFIC, _INVERSES):
        store.update(update)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, INFERRED))


def load_data(path: Path, *, ontology: Path | None = None, reason: bool = True) -> ox.Store:
    """A fresh store with `path` (Turtle/N3 read as Turtle) in its default graph; with `ontology`,
    the TBox beside it, and with `reason` (the default) VIVO's inferences too. Without `reason` it is
    what a store without VIVO's reasoner holds: the negative control."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    if ontology is not None:
        if reason:
            materialise(store, ontology)
        else:
            load_tbox(store, ontology)
    return store
