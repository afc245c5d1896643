"""LaTeX in BibTeX fields: white space, escapes, wrappers and braces; the decoder bibtexparser uses."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from cvgraph.importers.bibtex.tables import WRAPPERS
from cvgraph.importers.text.tables import table

#: LaTeX macros BibTeX files use that pylatexenc does not know (data/latex_macros.yaml)
MACROS = table("latex_macros")
#: AAS journal macro (lower case, aliases included) → {name, short, issn}
JOURNAL_MACROS: dict[str, dict[str, str]] = {
    **MACROS["journals"], **{a: MACROS["journals"][j] for a, j in MACROS["aliases"].items()}}

# ----------------------------------------------------------------------------- small helpers

CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def ws(text: str) -> str:
    """Collapse white space (including the no-break space a LaTeX `~` becomes); control
    characters, which no CV text can hold, are dropped."""
    return " ".join(CONTROL.sub("", text).split())


def unescape(raw: str) -> str:
    """Identifiers and URLs: drop LaTeX escapes and braces, nothing else (see VERBATIM)."""
    text = raw.strip()
    m = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", text, re.DOTALL)
    if m:
        text = m.group(1)
    text = re.sub(r"\\([_%&#$~{}])", r"\1", text)
    return ws(text.replace("{", "").replace("}", ""))


def _matching_brace(text: str, start: int) -> int:
    """Index of the brace closing the one at ``start`` (-1 if unbalanced)."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def unwrap(raw: str) -> tuple[str, list[str]]:
    """Remove formatting wrappers (``\\textbf{…}``, ``{\\bf …}``, ``\\underline{…}``, …) from a raw
    name, returning the text and the wrappers' names."""
    found: list[str] = []
    while True:
        m = WRAPPERS.search(raw)
        if not m:
            return raw, found
        brace = m.end() - 1 if m.group(1) else m.start()
        end = _matching_brace(raw, brace)
        if end < 0:
            return raw, found
        found.append(m.group(1) or m.group(2))
        raw = raw[:m.start()] + raw[m.end():end] + raw[end + 1:]


def outer_braced(raw: str) -> bool:
    """Is the whole text one brace group (``{IEEE Computer Society}``)?"""
    raw = raw.strip()
    return raw.startswith("{") and _matching_brace(raw, 0) == len(raw) - 1


_LATEX = re.compile(r"[\\{}$~%&`'^_#-]")


def latex_decoder() -> Any:  # noqa: ANN401 - a pylatexenc object; pylatexenc has no type hints
    """The decoder LatexDecodingMiddleware builds by default (its latex context, braces removed),
    with math decoded to text, and two speed-ups: pylatexenc builds its whole default parsing
    context anew for every string unless given one (~0.3 ms a field), and text with no LaTeX
    special character is returned as it is."""
    # pylatexenc is heavy: loaded lazily, when a BibTeX file is decoded
    import pylatexenc.latex2text as l2t
    from pylatexenc import latexwalker

    class Decoder(l2t.LatexNodes2Text):  # type: ignore[misc]  # pylatexenc has no type hints
        walker_context = latexwalker.get_default_latex_context_db()

        def latex_to_text(self, latex: str, **parse_flags: Any) -> str:  # noqa: ANN401 - pylatexenc's flags
            if not _LATEX.search(latex):
                return latex
            parse_flags.setdefault("latex_context", self.walker_context)
            return str(super().latex_to_text(latex, **parse_flags))

    context = l2t.get_default_latex_context_db()
    ours = [l2t.MacroTextSpec("url", simplify_repl="%s"),
            *(l2t.MacroTextSpec(name, simplify_repl=_text(j["name"])) for name, j in JOURNAL_MACROS.items()),
            *(l2t.MacroTextSpec(name, simplify_repl=_text(text)) for name, text in MACROS["symbols"].items()),
            *(l2t.MacroTextSpec(name, discard=True) for name in MACROS["ignored"] if not context.get_macro_spec(name))]
    context.add_context_category("bibtexparse-default-context", prepend=True, macros=ours)
    # a macro nobody knows is kept as its name (and reported by :func:`unknown_macros`)
    context.set_unknown_macro_spec(l2t.MacroTextSpec("", simplify_repl=_keep_name))
    return Decoder(latex_context=context, keep_braced_groups=False, math_mode="text")


def _text(text: str) -> Callable[[Any, Any], str]:
    """A macro's replacement text; the space written after it is kept (TeX would drop it, but in a
    BibTeX field "10 \\Msun of gas" means a space)."""
    def repl(node: Any, l2tobj: Any = None) -> str:  # noqa: ANN401 - pylatexenc's nodes
        return text + (" " if getattr(node, "macro_post_space", "") else "")
    return repl


def _keep_name(node: Any, l2tobj: Any = None) -> str:  # noqa: ANN401 - pylatexenc's nodes
    return f"\\{node.macroname}" + (" " if getattr(node, "macro_post_space", "") else "")


_MACRO = re.compile(r"\\([A-Za-z]+)")


def unknown_macros(text: str) -> list[str]:
    """The macros in ``text`` that the decoder does not know (each once, in order): they are
    kept as text (``\\foo``) and must be reported."""
    context = _context()
    return list(dict.fromkeys(f"\\{m}" for m in _MACRO.findall(text)
                              if context.get_macro_spec(m) is None and m not in _OURS))


_OURS = {"url", *JOURNAL_MACROS, *MACROS["symbols"], *MACROS["ignored"]}


def _context() -> Any:  # noqa: ANN401 - a pylatexenc object
    global _CONTEXT
    if _CONTEXT is None:
        import pylatexenc.latex2text as l2t
        _CONTEXT = l2t.get_default_latex_context_db()
    return _CONTEXT


_CONTEXT: Any = None


@contextmanager
def quiet_bibtexparser(sink: list[str]) -> Iterator[None]:
    """bibtexparser logs what it cannot parse; collect it instead of printing to stderr."""
    logger = logging.getLogger("bibtexparser")

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                sink.append(record.getMessage())

    handler = Collect()
    old = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old
