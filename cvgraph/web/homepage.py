"""Put the JSON-LD block into an existing HTML page, in place, between markers.

The block sits between ``<!-- cvgraph:jsonld -->`` and ``<!-- /cvgraph:jsonld -->``. A page
with the markers has what lies between them replaced; a page without them gets the markers and
the block inserted just before ``</head>``; a page with neither is refused (exit 2) rather than
guessed at. No other byte of the page changes, a second run with the same data changes nothing,
and the previous page is kept as ``<page>.bak`` whenever the page does change.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from cvgraph.errors import CvgraphError
from cvgraph.fsio import ReadError, read_capped, write_atomic

__all__ = ["END", "START", "insert_block", "update_page"]

START, END = "<!-- cvgraph:jsonld -->", "<!-- /cvgraph:jsonld -->"
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def insert_block(page: str, block: str, name: str = "page") -> str:
    """``page`` with ``block`` between the markers (added before ``</head>`` if absent)."""
    start = page.find(START)
    if start >= 0:
        end = page.find(END, start)
        if end < 0:
            raise CvgraphError(f"{name}: has {START} but no {END} after it; add the end marker")
        return page[: start + len(START)] + "\n" + block + "\n" + page[end:]
    head = _HEAD_END.search(page)
    if head is None:
        raise CvgraphError(f"{name}: no </head> to insert before; put {START}{END} where the "
                           "JSON-LD should go (in <head> or <body>) and run again")
    return page[: head.start()] + f"{START}\n{block}\n{END}\n" + page[head.start():]


def update_page(path: str | Path, block: str, inputs: Sequence[str | Path] = ()) -> bool:
    """Insert or update the block in the page at ``path``; returns whether the page changed."""
    path = Path(path)
    try:
        raw = read_capped(path, 5 * 1024 * 1024)  # a page of 5 MB is already absurd
    except ReadError as exc:
        raise CvgraphError(f"{path}: cannot read the page: {exc.reason} (hint: {exc.hint})") from None
    try:
        page = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CvgraphError(f"{path}: the page is not UTF-8; convert it first") from None
    updated = insert_block(page, block, str(path))
    if updated == page:
        return False
    write_atomic(updated.encode("utf-8"), path, inputs=inputs, backup=True)
    return True
