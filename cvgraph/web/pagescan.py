"""Where things are in an HTML page, as a browser would read it: real ``</head>`` end tags and real
comments, located by the standard library's HTML tokenizer (:class:`html.parser.HTMLParser`).

A text search finds ``</head>`` or a comment's text inside a ``<script>``'s string, a ``<title>``,
a ``<style>`` or another comment, where a browser sees only text. The tokenizer is given the
elements whose content a browser reads as raw text (``<title>``, ``<textarea>``, ``<noscript>``,
…: it knows only ``<script>`` and ``<style>`` itself), so what it reports as a tag or a comment is
one for the browser too. The few constructs where Python 3.11's tokenizer and the HTML standard
disagree on where a comment or a script ends are reported in ``doubtful``, so that a caller can
refuse the page rather than guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["RAW_TEXT", "Found", "Spot", "scan"]

#: Elements whose content a browser (with scripting on) reads as text, up to their end tag.
RAW_TEXT = ("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript")
_DOUBLE_ESCAPED = re.compile(r"<!--.*<script[\s/>]", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Spot:
    """A construct of the page: its offsets (``page[start:end]``) and the line it starts on (1-based)."""

    start: int
    end: int
    line: int


@dataclass
class Found:
    """What :func:`scan` found: the real ``</head>`` end tags, the comments whose text (white space
    stripped) is one of the names asked for, and the constructs the tokenizer may read otherwise
    than a browser (line, what)."""

    head_ends: list[Spot] = field(default_factory=list)
    comments: dict[str, list[Spot]] = field(default_factory=dict)
    doubtful: list[tuple[int, str]] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, page: str, names: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", page))]  # the tokenizer counts \n only
        self.found = Found(comments={n: [] for n in names})
        self.raw_text: str | None = None

    def here(self) -> tuple[int, int]:
        """(offset, line) of the construct being handled."""
        line, column = self.getpos()
        return self.line_starts[line - 1] + column, line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.raw_text = tag if tag in RAW_TEXT else None
        if self.raw_text:  # text up to its end tag, as a browser reads it (the tokenizer knows two)
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # "<script/>" starts a script in HTML: its text runs to </script>

    def handle_endtag(self, tag: str) -> None:
        self.raw_text = None
        if tag == "head":
            start, line = self.here()
            self.found.head_ends.append(Spot(start, self.page.index(">", start) + 1, line))

    def handle_comment(self, data: str) -> None:
        start, line = self.here()
        if data.startswith((">", "->")) or "--!>" in data:
            self.found.doubtful.append((line, "a comment that a browser ends sooner (<!-->, <!--->, --!>)"))
        spots = self.found.comments.get(data.strip())
        if spots is not None:
            spots.append(Spot(start, self.page.index(">", start + 4 + len(data)) + 1, line))

    def handle_data(self, data: str) -> None:
        if self.raw_text is None:
            return
        what = None
        if re.search(rf"</{self.raw_text}[\t\n\f\r /]", data, re.IGNORECASE):  # "</script foo>"
            what = f"an end tag </{self.raw_text} …> that a browser reads as the end of the <{self.raw_text}>"
        elif self.raw_text == "script" and _DOUBLE_ESCAPED.search(data):
            what = "a <script> whose text holds '<!--' then '<script' (a browser may end it at a later </script>)"
        if what:
            self.found.doubtful.append((self.here()[1], what))


def scan(page: str, comments: tuple[str, ...] = ()) -> Found:
    """The real ``</head>`` end tags of ``page`` and its comments whose text is one of ``comments``.

    >>> found = scan("<head><script>'</head>'</script><!-- </head> --><!-- x --></head>", ("x",))
    >>> [s.start for s in found.head_ends], [s.start for s in found.comments["x"]]
    ([58], [48])
    """
    scanner = _Scanner(page, comments)
    scanner.feed(page)
    scanner.close()
    return scanner.found
