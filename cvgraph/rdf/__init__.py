"""RDF plumbing: terms, prefixes, the rdflib and pyoxigraph bridges, serialisation."""
