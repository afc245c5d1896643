"""cvgraph: an academic CV as linked data (schema.org, FOAF, BIBO), validated with SHACL.

Library first: everything the ``cvgraph`` command does is a call here.

>>> import cvgraph
>>> graph = cvgraph.build(cvgraph.sample_path())
>>> len(graph) > 1000
True
"""
from __future__ import annotations

from cvgraph.version import __version__

from cvgraph.api import build, embed_document, load_all, query, scholar_tags, serialize, site, triples, validate
from cvgraph.errors import CvgraphError, OutputError, Problem, RecordError, ShapesError
from cvgraph.records.loader import CV, load, loads
from cvgraph.resources import sample_path, schema_path
from cvgraph.rdf.syntax import FORMATS, write_atomic

__all__ = [
    "__version__", "CV", "load", "loads", "load_all", "triples", "build", "validate", "serialize", "query",
    "embed_document", "scholar_tags", "site",
    "write_atomic", "FORMATS", "sample_path", "schema_path",
    "CvgraphError", "RecordError", "ShapesError", "OutputError", "Problem",
]
