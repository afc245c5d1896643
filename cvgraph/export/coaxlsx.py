"""The COA rows as an ``.xlsx`` laid out like NSF's COA template (openpyxl).

One sheet, NSF's three tables one under the other, each with its heading row and its column
headings: a type column (``G:``, ``T:``, ``A:``, ``E:``), the name, the organisational
affiliation, NSF's optional column (email, department; left empty) and the last-active date.
The file is byte-for-byte deterministic: the document's dates are the window's end and every
zip entry carries the same fixed time.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

__all__ = ["COLUMNS", "TABLES", "workbook"]

#: NSF's tables: number → (heading, column headings)
TABLES = {
    1: (("Table 1: List your Last Name, First Name, Middle Initial, and organizational affiliation "
        "(including considerations such as emeritus status) in the last 12 months."),
        ("", "Your Name:", "Your Organizational Affiliation(s), last 12 mo", "", "Last Active Date")),
    2: (("Table 2: List names as Last Name, First Name, Middle Initial, for whom a personal, family, or business "
        "relationship would otherwise preclude their service as a reviewer. G: graduate advisors, T: thesis advisees."),
        ("", "Advisor/Advisee Name:", "Organizational Affiliation", "Optional (email, Department)", "")),
    3: (("Table 3: List names as Last Name, First Name, Middle Initial, and provide organizational affiliations, "
        "if known, for the following: A: co-authors on any book, article, report, abstract or paper with "
        "collaboration in the last 48 months (publication date may be later); C: collaborators on projects, in the "
        "last 48 months; E: co-editors of a journal, compendium, or conference proceedings in the last 24 months."),
        ("", "Name:", "Organizational Affiliation", "Optional (email, Department)", "Last Active")),
}
COLUMNS = 5
_FIXED = (1980, 1, 1, 0, 0, 0)


def workbook(rows: Sequence[tuple[int, str, str, str, str]], as_of: date) -> bytes:
    """The ``.xlsx`` file's bytes: ``rows`` are (table, type, name, organisation, last active)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "NSF COA Template"
    bold = Font(bold=True)
    for table, (heading, columns) in TABLES.items():
        ws.append([f"{table}", heading])
        ws.cell(ws.max_row, 2).font = bold
        ws.append(list(columns))
        for cell in ws[ws.max_row]:
            cell.font = bold
        for _, kind, name, organization, last_active in (r for r in rows if r[0] == table):
            ws.append([kind, name, organization, "", last_active])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula (openpyxl reads "=…" as one)
        ws.append([])
    for letter, width in zip("ABCDE", (6, 32, 40, 28, 14), strict=True):
        ws.column_dimensions[letter].width = width
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "cvgraph"
    raw = io.BytesIO()
    # ExcelWriter, not wb.save: save_workbook stamps the document's "modified" with the clock
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_times(raw.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry's time fixed (openpyxl stamps them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
