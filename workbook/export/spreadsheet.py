"""The workbook as an XLSX file (a sheet per section) and the communities as CSV.

Text never runs as a formula: in XLSX every text cell is stored as text with
Excel's "quote prefix" flag (so it stays text even when someone edits the cell),
and in CSV a risky cell gets a leading apostrophe. The first sheet says whether
personal contact data is included.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .content import TeamContent
from .safe import csv_text, risky
from .tables import Table, all_tables, communities_tables

HEAD_FILL = PatternFill("solid", fgColor="DCEFE6")
INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})
MAX_WIDTH = 60


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool):
        value = "✓" if value else ""
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=..." as a formula
        cell.quotePrefix = risky(value)
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, dt.date):
        cell.number_format = "DD.MM.YYYY"


def _write_table(ws, row: int, table: Table, widths: dict[int, int]) -> int:
    title = ws.cell(row=row, column=1, value=table.title)
    title.font = Font(bold=True, size=12)
    title.data_type, title.quotePrefix = "s", risky(table.title)
    row += 1
    for col, header in enumerate(table.headers, 1):
        _put(ws, row, col, header)
        ws.cell(row=row, column=col).font = Font(bold=True)
        ws.cell(row=row, column=col).fill = HEAD_FILL
        widths[col] = max(widths.get(col, 8), min(len(header) + 2, MAX_WIDTH))
    for values in table.rows:
        row += 1
        for col, value in enumerate(values, 1):
            _put(ws, row, col, value)
            longest = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[col] = max(widths.get(col, 8), min(longest + 2, MAX_WIDTH))
    return row + 2  # a blank row before the next table


def xlsx_bytes(content: TeamContent, lang: str) -> bytes:
    """One sheet for the team, then one per section, each with its tables one under another."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet_title, tables in all_tables(content, lang):
        ws = wb.create_sheet(sheet_title.translate(INVALID_SHEET_CHARS)[:31])
        row, widths = 1, {}
        for table in tables:
            row = _write_table(ws, row, table, widths)
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_cell(value, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):  # no thousands separator: Excel must parse it
        return str(value).replace(".", ",") if lang == "et" else str(value)
    return csv_text(str(value).replace("\n", "; "))


def communities_csv(content: TeamContent, lang: str) -> bytes:
    """The communities table for Estonian Excel: ``;`` between fields, decimal comma,
    UTF-8 with a byte-order mark (English: ``,`` and a decimal point)."""
    table = communities_tables(content, lang)[0]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "et" else ",", lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in table.headers])
    for values in table.rows:
        writer.writerow([_csv_cell(v, lang) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

