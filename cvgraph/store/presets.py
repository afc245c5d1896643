"""The stores cvgraph knows: where their endpoints are under the URL given as ``--endpoint``.

One table, read by ``publish`` (query, update and Graph Store URLs) and ``query`` (the query
URL); ``generic`` has no preset (give the URLs). Light on purpose (no HTTP stack): the CLI reads
it to list ``--store``'s choices.
"""
from __future__ import annotations

__all__ = ["PRESETS", "STORES"]

PRESETS: dict[str, tuple[str, str, str | None] | None] = {  # (query, update, Graph Store) paths
    "oxigraph": ("/query", "/update", "/store"),
    "virtuoso": ("/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),
    "fuseki": ("/query", "/update", "/data"),  # BASE: the dataset URL
    "graphdb": ("", "/statements", "/rdf-graphs/service"),  # BASE: the repository URL
    "vivo": ("/api/sparqlQuery", "/api/sparqlUpdate", None),  # BASE: the VIVO webapp, e.g. …/vivo
    "generic": None,
}
STORES = tuple(PRESETS)
