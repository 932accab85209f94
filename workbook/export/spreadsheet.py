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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .content import TeamContent
from .numbers import Kinded, plain_number
from .safe import csv_text, risky
from .tables import Table, all_tables, communities_tables

HEAD_FILL = PatternFill("solid", fgColor="DCEFE6")
HEAD_FONT, TITLE_FONT = Font(bold=True), Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})
MAX_WIDTH = 60


def _cell(ws, value, lang: str = "et", **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    if isinstance(value, bool):
        value = "✓" if value else ""
    if isinstance(value, Kinded):  # a real number, shown by its kind's rule
        cell.number_format = value.excel_format(lang)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=..." as a formula
        cell.quotePrefix = risky(value)
        if "\n" in value:
            cell.alignment = WRAP
    elif isinstance(value, dt.date):
        cell.number_format = "DD.MM.YYYY"
    for name, given in style.items():
        setattr(cell, name, given)
    return cell


def _widths(tables: list[Table]) -> dict[int, int]:
    """Each column's width from its longest line (capped), over every table of a sheet."""
    widths: dict[int, int] = {}
    for table in tables:
        for col, header in enumerate(table.headers, 1):
            widths[col] = max(widths.get(col, 8), min(len(header) + 2, MAX_WIDTH))
        for values in table.rows:
            for col, value in enumerate(values, 1):
                longest = max((len(line) for line in str(value or "").splitlines()), default=0)
                widths[col] = max(widths.get(col, 8), min(longest + 2, MAX_WIDTH))
    return widths


def _write_table(ws, table: Table, lang: str) -> None:
    ws.append([_cell(ws, table.title, font=TITLE_FONT)])
    ws.append([_cell(ws, header, font=HEAD_FONT, fill=HEAD_FILL) for header in table.headers])
    for values in table.rows:
        ws.append([_cell(ws, value, lang) for value in values])
    ws.append([])  # a blank row before the next table
    ws.append([])


def xlsx_bytes(content: TeamContent, lang: str) -> bytes:
    """One sheet for the team, then one per section, each with its tables one under another.

    Written row by row (openpyxl's write-only mode): a team at the community limit has
    tens of thousands of cells, which the ordinary mode kept in memory several times over.
    """
    wb = Workbook(write_only=True)
    for sheet_title, tables in all_tables(content, lang):
        ws = wb.create_sheet(sheet_title.translate(INVALID_SHEET_CHARS)[:31])
        for col, width in _widths(tables).items():
            ws.column_dimensions[get_column_letter(col)].width = width
        for table in tables:
            _write_table(ws, table, lang)
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
    if isinstance(value, (float, Decimal)):
        return plain_number(value, lang)
    return csv_text(str(value))  # the csv module quotes a cell of several lines


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

