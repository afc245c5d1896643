"""Put the JSON-LD block into an existing HTML page, in place, between markers.

The block sits between ``<!-- cvgraph:jsonld -->`` and ``<!-- /cvgraph:jsonld -->``. A page
with the markers has what lies between them replaced; a page without them gets the markers and
the block inserted just before ``</head>``; a page with neither is refused (exit 2) rather than
guessed at. No other byte of the page changes, a second run with the same data changes nothing,
and the previous page is kept as ``<page>.bak`` whenever the page does change.

The page is read as HTML (:mod:`cvgraph.web.pagescan`): only a real ``</head>`` end tag and real
marker comments count, not their text in a script, a title or another comment. A page that is
ambiguous (two marker pairs, a marker without its partner, no real ``</head>`` or two of them, a
construct browsers may read otherwise) is refused with one line naming the place and the fix.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cvgraph.errors import CvgraphError
from cvgraph.fsio import ReadError, read_capped, write_atomic
from cvgraph.web.pagescan import Spot, scan

__all__ = ["END", "START", "insert_block", "update_page"]

START, END = "<!-- cvgraph:jsonld -->", "<!-- /cvgraph:jsonld -->"
_NAMES = (START[4:-3].strip(), END[4:-3].strip())  # the markers' comment texts
_PUT_MARKERS = f"put {START}{END} where the JSON-LD should go (in <head> or <body>) and run again"


def insert_block(page: str, block: str, name: str = "page") -> str:
    """``page`` with ``block`` between the markers (added before ``</head>`` if absent)."""
    found = scan(page, _NAMES)
    if found.doubtful:
        line, what = found.doubtful[0]
        raise CvgraphError(f"{name}:{line}: {what}; browsers may read this page otherwise than cvgraph: "
                           f"rewrite it there, or {_PUT_MARKERS}")
    starts, ends = (found.comments[n] for n in _NAMES)
    if starts or ends:
        start, end = _marker_pair(starts, ends, name)
        return page[: start.end] + "\n" + block + "\n" + page[end.start:]
    if not found.head_ends:
        raise CvgraphError(f"{name}: no </head> to insert before; {_PUT_MARKERS}")
    if len(found.head_ends) > 1:
        lines = " and ".join(str(s.line) for s in found.head_ends)
        raise CvgraphError(f"{name}:{found.head_ends[0].line}: {len(found.head_ends)} </head> tags (lines "
                           f"{lines}); remove the extra ones, or {_PUT_MARKERS}")
    head = found.head_ends[0].start
    return page[:head] + f"{START}\n{block}\n{END}\n" + page[head:]


def _marker_pair(starts: list[Spot], ends: list[Spot], name: str) -> tuple[Spot, Spot]:
    """The one START … END pair; anything else is refused with one line."""
    for marker, spots in ((START, starts), (END, ends)):
        if len(spots) > 1:
            others = ", ".join(str(s.line) for s in spots[1:])
            raise CvgraphError(f"{name}:{spots[0].line}: {marker} is also at line{'s' * (len(spots) > 2)} "
                               f"{others}; keep one marker pair and remove the others")
    if not ends:
        raise CvgraphError(f"{name}:{starts[0].line}: has {START} but no {END} after it; add the end marker")
    if not starts:
        raise CvgraphError(f"{name}:{ends[0].line}: has {END} but no {START} before it; add the start marker")
    if ends[0].start < starts[0].end:
        raise CvgraphError(f"{name}:{ends[0].line}: {END} comes before {START} (line {starts[0].line}); "
                           "put the start marker first")
    return starts[0], ends[0]


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
