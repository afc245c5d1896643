"""cvgraph: an academic CV as linked data (schema.org, FOAF, BIBO), validated with SHACL.

Library first: everything the ``cvgraph`` command does is a call here.

>>> import cvgraph
>>> cv = cvgraph.load(cvgraph.sample_path())
>>> cv.data["person"]["name"]
'Sunwoo Lee'
>>> graph = cvgraph.build(cv)
>>> len(graph) > 1000
True
>>> cvgraph.validate(graph).conforms
True
>>> cvgraph.serialize(cv, "nt").count(b"\\n") == len(cvgraph.triples(cv))
True
>>> result = cvgraph.query("coauthors", cv)
>>> result.variables[:2]
['person', 'personName']
>>> cvgraph.embed_document(cv)["@type"]
'ProfilePage'
"""
from __future__ import annotations

from cvgraph.api import (
    Source,
    build,
    build_many,
    embed_document,
    load,
    load_all,
    publish,
    query,
    scholar_tags,
    serialize,
    site,
    triples,
    validate,
    validate_many,
)
from cvgraph.errors import (
    CvgraphError,
    ImportError_,
    NotConformingError,
    OutputError,
    Problem,
    PublishError,
    RecordError,
    ShapesError,
)
from cvgraph.fsio import write_atomic
from cvgraph.rdf.syntax import FORMATS
from cvgraph.records.loader import CV, loads
from cvgraph.resources import sample_path, schema_path
from cvgraph.version import __version__

__all__ = [
    "CV", "FORMATS", "CvgraphError", "ImportError_", "NotConformingError", "OutputError", "Problem", "PublishError",
    "RecordError", "ShapesError", "Source", "__version__", "build", "build_many", "embed_document", "load",
    "load_all", "loads", "publish", "query", "sample_path", "schema_path", "scholar_tags", "serialize", "site",
    "triples", "validate", "validate_many", "write_atomic",
]
