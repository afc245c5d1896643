"""The one prefix map: expansion, compression, the prefixes of Turtle, TriG, RDF/XML and JSON-LD.

The prefixes are declared once, at the top of ``ontology/mapping.yaml`` (``prefixes:``, written
into every output; ``local_prefixes:``, cvgraph's own terms, expanded but not declared in output
unless used). Everything else (the mapping walker, the serialisers, the query result tables,
rdflib graphs) reads them from here; a test checks the bundled queries' ``PREFIX`` lines agree.

>>> expand("schema:name")
'https://schema.org/name'
>>> compress("http://xmlns.com/foaf/0.1/name")
'foaf:name'
>>> compress("https://example.org/x")
'https://example.org/x'
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise

import yaml

from cvgraph.resources import bundled

__all__ = ["LOCAL_PREFIXES", "PREFIXES", "USED_PREFIXES", "compress", "expand", "output_prefixes"]


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


@lru_cache(maxsize=1)
def _declared() -> dict[str, dict[str, str]]:
    """The ``prefixes`` and ``local_prefixes`` sections of the mapping table. Only those two
    top-level blocks are parsed (the whole table is loaded and checked by the mapping stage;
    every command needs the prefixes, few the table)."""
    text = (bundled("ontology") / "mapping.yaml").read_text(encoding="utf-8")
    starts = [(m.start(), m.group(1)) for m in _TOP_KEY.finditer(text)] + [(len(text), "")]
    wanted = ("prefixes", "used_prefixes", "local_prefixes")
    blocks = "".join(text[start:end] for (start, key), (end, _) in pairwise(starts) if key in wanted)
    table = yaml.load(blocks, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {key: {str(k): str(v) for k, v in (table.get(key) or {}).items()} for key in wanted}


PREFIXES: dict[str, str] = _declared()["prefixes"]  # declared in every output, in this order
USED_PREFIXES: dict[str, str] = _declared()["used_prefixes"]  # declared where used (the VIVO profile's)
LOCAL_PREFIXES: dict[str, str] = _declared()["local_prefixes"]  # cvgraph's own terms
_ALL: dict[str, str] = {**PREFIXES, **USED_PREFIXES, **LOCAL_PREFIXES}
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@cache
def expand(curie: str) -> str:
    """``schema:name`` → ``https://schema.org/name``; a ``KeyError`` names an unknown prefix."""
    prefix, _, local = curie.partition(":")
    return _ALL[prefix] + local


def compress(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``iri`` as ``prefix:local`` with the longest matching namespace (of ``prefixes``, default
    the declared ones), or unchanged when none matches."""
    pairs = _LONGEST_FIRST if prefixes is None else sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    for prefix, ns in pairs:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def output_prefixes(iris: Iterable[str]) -> dict[str, str]:
    """The prefixes an output declares: every one of ``prefixes``, and those of ``used_prefixes``
    that some of ``iris`` start with."""
    wanted = dict(USED_PREFIXES)
    found = dict(PREFIXES)
    spaces = tuple(wanted.values())  # one test per IRI for the usual answer: none of them
    for iri in iris:
        if not iri.startswith(spaces):
            continue
        for prefix, ns in list(wanted.items()):
            if iri.startswith(ns):
                found[prefix] = ns
                del wanted[prefix]
        if not wanted:
            break
        spaces = tuple(wanted.values())
    return found
