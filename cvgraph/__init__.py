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

import importlib
from typing import TYPE_CHECKING, Any

from cvgraph.version import __version__ as __version__

if TYPE_CHECKING:
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
    from cvgraph.mapping.profiles import VivoOptions
    from cvgraph.rdf.syntax import FORMATS
    from cvgraph.records.loader import CV, loads
    from cvgraph.resources import sample_path, schema_path

# The public API, by the module that defines it. Loaded on first use (PEP 562), so that
# `import cvgraph.<stage>` (the CLI, a batch worker) does not import every stage.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["Source", "build", "build_many", "embed_document", "load", "load_all", "publish", "query",
                     "scholar_tags", "serialize", "site", "triples", "validate", "validate_many"], "cvgraph.api"),
    **dict.fromkeys(["CvgraphError", "ImportError_", "NotConformingError", "OutputError", "Problem", "PublishError",
                     "RecordError", "ShapesError"], "cvgraph.errors"),
    "write_atomic": "cvgraph.fsio",
    "VivoOptions": "cvgraph.mapping.profiles",
    "FORMATS": "cvgraph.rdf.syntax",
    "CV": "cvgraph.records.loader",
    "loads": "cvgraph.records.loader",
    "sample_path": "cvgraph.resources",
    "schema_path": "cvgraph.resources",
}

__all__ = [  # what _EXPORTS lists, and the version
    "CV", "FORMATS", "CvgraphError", "ImportError_", "NotConformingError", "OutputError", "Problem", "PublishError",
    "RecordError", "ShapesError", "Source", "VivoOptions", "__version__", "build", "build_many", "embed_document", "load",
    "load_all", "loads", "publish", "query", "sample_path", "schema_path", "scholar_tags", "serialize", "site",
    "triples", "validate", "validate_many", "write_atomic",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whichever API object is named
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cvgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
