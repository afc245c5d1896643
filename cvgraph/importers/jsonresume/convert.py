"""The JSON Resume importer: every section read in order, and ``convert``."""
from __future__ import annotations

from typing import Any

from cvgraph.errors import ImportError_
from cvgraph.importers.base import Imported
from cvgraph.importers.builder import ordered
from cvgraph.importers.jsondoc import load_json
from cvgraph.importers.jsonresume.model import KNOWN, SECTIONS, kind_of
from cvgraph.importers.jsonresume.person import PersonReader
from cvgraph.importers.jsonresume.sections import SectionsReader


class Converter(PersonReader, SectionsReader):
    """A JSON Resume document → the CV, section by section."""

    # -- sections -----------------------------------------------------------------------------
    def run(self, doc: dict[str, Any]) -> Imported:
        for key in doc:
            if key not in SECTIONS and key != "$schema":
                self.warn(key, "not a JSON Resume section: not imported")
        data = self.imp.data
        data["cvgraph"] = 1
        self.basics(self.obj(doc, "basics", "basics") or {})
        for section, fn in (("work", self.work), ("volunteer", self.volunteer),
                            ("education", self.education), ("awards", self.award),
                            ("certificates", self.certificate), ("publications", self.publication),
                            ("skills", self.skill), ("languages", self.language),
                            ("interests", self.interest), ("projects", self.project)):
            for i, entry in self.items(doc, section, KNOWN[section]):
                fn(entry, f"{section}[{i}]")
        refs = doc.get("references")
        if refs:
            n = len(refs) if isinstance(refs, list) else 1
            self.warn("references", f"{n} reference{'s' * (n != 1)} not imported (personal data of others)")
        meta = self.obj(doc, "meta", "meta")
        if meta:
            self.meta(meta)
        if self.affiliation:
            self.person["affiliation"] = self.affiliation
            self.comment(("person", "affiliation"), "current employer: work ending 'present'")
        data["person"] = self.person
        if self.orgs.items:
            data["organizations"] = self.orgs.items
        if self.venues:
            data["venues"] = self.venues
        for name, entries in self.sections.items():
            if entries:
                data[name] = entries
        self.imp.data = ordered(data)
        return self.imp


def convert(text: str, source: str, me: str | None = None) -> Imported:
    """Convert a JSON Resume document (``text``) into cvgraph records (see the module doc)."""
    doc, notes = load_json(text.removeprefix("\ufeff"), source)
    if not isinstance(doc, dict):
        raise ImportError_(f"{source}: not a JSON Resume: the top level is {kind_of(doc)}, not an object")
    if not any(k in doc for k in SECTIONS):
        raise ImportError_(f"{source}: not a JSON Resume: none of its sections ({', '.join(SECTIONS)}) "
                           "is present")
    imported = Converter(source, me).run(doc)
    imported.warnings[:0] = notes
    return imported
