"""Patents: a section titled "Patents" (RenderCV's own example CV has one, of numbered entries such
as ``Adaptive Quantization … (US Patent 11,234,567)``) → publications of kind ``patent``.

The title is the text before the patent reference; the reference (``US Patent 11,234,567``,
``U.S. Patent No. 10,123,456 B2``, ``EP 3 456 789 A1``, ``Patent application 17/123,456``) gives
``number`` (office and number, "Patent"/"No." left out: ``US 11,234,567``); a year printed with it
gives ``year``. A patent's inventors are rarely printed in a CV: the CV's owner is recorded as an
inventor and ``authors_incomplete: true`` says the list is not the whole printed one (commented).
A PublicationEntry in such a section is read as a publication (its printed authors are the
inventors) whose ``journal`` holds the reference. What cannot be read stays in the notes.
"""
from __future__ import annotations

import re
from typing import Any

from cvgraph.importers.rendercv.markup import plain
from cvgraph.importers.rendercv.model import Ctx
from cvgraph.importers.rendercv.works import WorksReader
from cvgraph.importers.text.dates import split_when

# office (US, U.S., EP, WO, DE, …) then "Patent"/"Pat." [application] [No./Number] then the number
REFERENCE = re.compile(
    r"(?P<office>\b(?:U\.\s?S\.|[A-Z]{2})(?!\w))?\s*(?P<word>(?i:patent|pat\.))?\s*"
    r"(?P<app>(?i:application|appl\.))?\s*(?i:no\.?|number|nr\.?|#)?\s*"
    r"(?P<number>\d[\d,./ ]{3,}\d(?:\s?[A-Z]\d?)?)")


def patent_reference(text: str) -> tuple[str, str, str | None] | None:
    """``(rest of the text, the reference as printed, the number)`` when ``text`` names a patent
    (the word "patent" or an office code before a number), else None."""
    for m in REFERENCE.finditer(text):
        if not (m.group("word") or m.group("office")):
            continue
        office = re.sub(r"[.\s]", "", m.group("office") or "").upper()
        number = " ".join(x for x in (office, m.group("number").strip()) if x)
        if m.group("app"):
            number = f"{number} (application)"
        rest = (text[:m.start()] + text[m.end():]).strip()
        return rest, m.group(0).strip(), number
    return None


class PatentsReader(WorksReader):
    def publication_in(self, kind: str | None, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        """A PublicationEntry of a section of ``kind``."""
        if kind == "patents":
            return self.patent_publication(entry, ctx, last)
        return self.publication(entry, ctx, last)

    def patent_text(self, text: str, ctx: Ctx, last: list[Any]) -> None:
        """A numbered, bullet or text entry of a "Patents" section."""
        body, when = split_when(plain(text)[0])
        found = patent_reference(body)
        rest = found[0] if found else body
        title = re.sub(r"[\s,;:(\[]+$|^[\s,;:)\]]+", "", re.sub(r"\(\s*\)", "", rest)).strip()
        if not title:
            self.warn(ctx.path, f"{ctx}: no title before the patent reference: not imported ({text!r})")
            return
        idx = len(self.out["publications"])
        path = ("publications", idx)
        record: dict[str, Any] = {"kind": "patent", "title": title, "authors": [self.person["name"]],
                                  "authors_incomplete": True}
        self.comment((*path, "kind"), f"patent: from the section title {ctx.title!r}")
        self.comment((*path, "authors"), "the inventors are not printed: the CV's owner is recorded as one")
        if found:
            record["number"] = found[2]
            self.comment((*path, "number"), f"from {found[1]!r}")
        else:
            self.warn(ctx.path, f"{ctx}: no patent number found in {text!r}: the whole text is the title")
        if when and when.first:
            record["year"] = when.first
            self.when_comment((*path, "year"), when, "year")
        self.pub_id(record, path)
        self.place("publications", record, ctx, last)

    def patent_publication(self, entry: dict[str, Any], ctx: Ctx, last: list[Any]) -> None:
        """A PublicationEntry of a "Patents" section: its journal text is the patent reference."""
        journal = self.text(entry.get("journal"), (*ctx.path, "journal"))
        found = patent_reference(plain(journal)[0]) if journal else None
        before = len(self.out["publications"])
        self.publication({k: v for k, v in entry.items() if k != "journal" or not found}, ctx, last)
        if len(self.out["publications"]) == before:
            return  # not imported (warned)
        record = self.out["publications"][-1]
        record["kind"] = "patent"
        self.comment(("publications", before, "kind"), f"patent: from the section title {ctx.title!r}")
        if found:
            record["number"] = found[2]
            self.comment(("publications", before, "number"), f"from the journal text {journal!r}")
            if found[0].strip(" ,;()"):
                record.setdefault("notes", []).append(found[0].strip(" ,;()"))
