"""How BibTeX maps onto the record format: entry types, fields kept as notes, markers in names."""
from __future__ import annotations

import re

from cvgraph.importers.text.dates import MONTHS
from cvgraph.importers.text.identifiers import ARXIV_ID
from cvgraph.records.spec import PATTERNS

# ----------------------------------------------------------------------------- tables

#: entry type → publication kind (FORMAT.md + plan/format-extension.md)
KINDS = {
    "article": "journal",
    "inproceedings": "conference", "conference": "conference",
    "incollection": "chapter", "inbook": "chapter",
    "proceedings": "proceedings",
    "book": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report",
    "misc": "other",
    "unpublished": "manuscript",
    "patent": "patent",  # biblatex
}
#: standard BibTeX / biblatex types that are not in the mapping: `other` without a warning
#: (the comment says which type it was); anything else is an unknown type and warned about.
OTHER_TYPES = {"booklet", "manual", "online", "electronic", "www", "software", "dataset",
               "collection", "mvbook", "mvproceedings", "periodical", "suppbook", "suppcollection"}
#: misc-like types where arXiv evidence makes a preprint
MISC_LIKE = {"misc", "online", "electronic", "www"}
DEGREES = {"phdthesis": "Ph.D.", "mastersthesis": "M.S."}

#: fields kept as a note of their publication ("label: value") when not used otherwise; `note`
#: itself is kept as written. Any other field that is not used is named in a warning.
NOTE_FIELDS = {"address", "location", "venue", "eventdate", "eventtitle", "edition", "chapter", "type",
               "howpublished", "series", "number", "organization", "addendum", "pubstate", "urldate",
               "issn", "primaryclass", "eprintclass", "booktitle", "school", "institution", "publisher",
               "archiveprefix", "eprinttype", "language", "eprint", "additional_info", "annotation"}
#: fields whose text is an identifier or address: never LaTeX-decoded (pylatexenc would read `%`
#: in a URL as a comment), only unescaped
VERBATIM = {"doi", "url", "eprint", "isbn", "issn", "biburl", "pmid", "pmcid", "orcid-numbers", "unique-id",
            "arxiv", "pdf", "html", "code", "slides", "poster", "video", "supp", "supplementary", "website",
            "blog", "adsurl", "preview", "url_pdf", "url_code", "url_slides", "url_poster", "url_video",
            "url_dataset", "url_project", "url_source", "url_preprint", "url_blog"}
NAME_FIELDS = ("author", "editor")
INHERITED = "cvgraph_crossref"  # parser_metadata key: (crossref key, inherited field names)
#: BibTeX's month macros (jan … dec) → month number, and each month's full name
MONTH_MACROS = {name: n for name, n in MONTHS.items() if len(name) == 3}
MONTH_NAMES = {n: max((k for k, v in MONTHS.items() if v == n), key=len).capitalize() for n in range(1, 13)}

# ---- equal-contribution markers and "me" markers in raw author names
_MARK = r"(?:\*|\\ast\b|\\star\b|\\dagger\b|\\ddagger\b|\\dag\b|\\ddag\b|\\S\b|†|‡|§)"
_MARKS = rf"(?:{_MARK}\s*,?\s*)+"
MARKERS = re.compile(
    rf"\$\s*\^\s*(?:\{{\s*{_MARKS}\}}|{_MARK})\s*\$"          # $^*$  $^{*,\dagger}$  $^\dagger$
    rf"|\\textsuperscript\s*\{{\s*{_MARKS}\}}"                  # \textsuperscript{*}
    rf"|\^\s*(?:\{{\s*{_MARKS}\}}|{_MARK})"                     # ^*  ^{\dag} (outside math)
    rf"|\$\s*{_MARKS}\$"                                        # $\dagger$
    r"|(?:\\dagger|\\ddagger|\\dag|\\ddag)(?![A-Za-z])(?:\{\})?"  # \dag
    r"|[*†‡]")
WRAPPERS = re.compile(r"\\(textbf|underline|uline|textit|emph|textsc|textsl|mbox|textmd)\s*\{"
                       r"|\{\\(bf|bfseries|em|it|itshape|underline|sc|sl)(?![A-Za-z])\s*")
STYLES = {"textbf": "bold", "bf": "bold", "bfseries": "bold", "underline": "underline", "uline": "underline",
           "textit": "italics", "emph": "italics", "it": "italics", "itshape": "italics", "em": "italics",
           "textsc": "small caps", "sc": "small caps", "textsl": "slant", "sl": "slant", "mbox": "\\mbox",
           "textmd": "\\textmd"}
HOMONYM = re.compile(r"\s+0\d{3}$")  # DBLP homonym numbers: "Wei Liao 0001"

ARXIV_ANY = re.compile(rf"(?<![\w/.])({ARXIV_ID})(?![\w])")
ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/({ARXIV_ID})", re.IGNORECASE)


RE = {k: re.compile(v) for k, v in PATTERNS.items()}  # the record format's patterns
