"""The loader's own rules that an importer must follow exactly, in one place.

An importer writes records the loader (:mod:`cvgraph.records`, :mod:`cvgraph.spec`) reads back:
its name keys, default publication ids, date order and text checks must be the loader's, not
copies that could drift. They are taken from the loader here, and only here; the rest of what
the importers share is the toolkit (:mod:`cvgraph.importers.text`, :mod:`cvgraph.importers.builder`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cvgraph.records.checker import CONTROL, valid_day
from cvgraph.records.ids import default_publication_id, name_key, surely_before

__all__ = ["CONTROL", "loader_before", "loader_day", "loader_key", "loader_pub_id"]

#: characters no CV text may hold (the record format's rule): ``CONTROL``, re-exported

#: How the loader matches names, ids and aliases: case-insensitive, white space folded.
loader_key: Callable[[str], str] = name_key

#: The loader's default publication id of a record with ``{name: …}`` authors.
loader_pub_id: Callable[[dict[str, Any]], str] = default_publication_id

#: Is an end date surely before a start date? (the loader's rule, at the coarser precision)
loader_before: Callable[[str, str], bool] = surely_before

#: Is a YYYY[-MM[-DD]] text's day real (2023-02-30 is not)? Shorter dates are accepted.
loader_day: Callable[[str], bool] = valid_day
