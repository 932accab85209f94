"""CSV (as Estonian Excel saves it, or plain comma CSV) and XLSX sheets.

The header is the first row that names a ``name`` column, looked for among the
first ``HEADER_SEARCH`` rows, so a title line above the table does no harm.
Row numbers are the sheet's (the header row of a plain table is 1). Rows stream
through ``bounded``: reading stops at the first row, column or cell past a limit
(``bounds``); an XLSX's zip is checked before openpyxl opens it.

A CSV's delimiter (``;``, ``,`` or tab) is the one whose header names the most
known columns (``header_score``), not a guess from character counts: a ``;``
file whose cells hold commas and doubled quotes is still read as ``;``. A cell
that starts with apostrophes before ``=``, ``+``, ``-``, ``@``, tab or carriage
return is given back with one apostrophe fewer: that apostrophe is the one the
CSV export (and people, by hand) put there to keep a spreadsheet from running the
text as a formula; any other apostrophe is the text's own.

An XLSX's table is on the first sheet whose header names a name column and
another community column (else the first that names a name column), so the
workbook's own ``andmed.xlsx`` (a sheet per section, tables one under another)
is read from its communities sheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from xml.etree.ElementTree import ParseError

from .base import ImportFailed, Row, map_columns
from .bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    check_cell,
    check_columns,
    check_zip,
    too_many_rows,
)

DELIMITERS = ";,\t"
HEADER_SEARCH = 10
BLANK_RUN = 1000  # this many empty rows in a row: the table has ended
SNIFF_CHARS = 64_000  # the start of a CSV text that its delimiter is chosen from
#: what a spreadsheet runs as a formula; an apostrophe before one protects the text
#: (the same characters as ``workbook.export.safe.FORMULA_START``, checked by a test)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Score = Callable[[Sequence], int]


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1257 (Estonian Excel's "ANSI")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1257", errors="replace")


def header_score(values: Sequence) -> int:
    """How many community columns a header row names; 0 when it names no name column."""
    found = map_columns({v: "x" for v in values if v is not None and str(v).strip()})
    return len(found) if "name" in found else 0


def _head_records(text: str, delimiter: str) -> list[list[str]]:
    """The first ``HEADER_SEARCH`` non-blank records of a CSV text's start."""
    lines = "\n".join(line[:2000] for line in text[:SNIFF_CHARS].splitlines())
    records = []
    try:
        for values in csv.reader(io.StringIO(lines), delimiter=delimiter):
            if not _blank(values):
                records.append(values[:MAX_COLUMNS])
            if len(records) >= HEADER_SEARCH:
                break
    except csv.Error:
        pass  # the start cut a quoted cell: the records before it decide
    return records


def choose_delimiter(text: str, score: Score = header_score) -> str:
    """The delimiter whose header row scores best (ties: the header with more cells,
    then ``;`` before ``,`` before tab); with no header that scores, the one that
    splits the first record into the most cells (the message then lists them)."""
    def rank(delimiter: str) -> tuple[int, int]:
        records = _head_records(text, delimiter)
        best = max(records, key=score, default=[])
        return score(best), len(best)

    return max(DELIMITERS, key=rank)


def _blank(values: Sequence) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _names_a_name(headers: list[str | None]) -> bool:
    return header_score(headers) > 0


def bounded(records: Iterable[Sequence]) -> Iterator[list]:
    """Each record cut to ``MAX_COLUMNS`` and its text cells checked, one at a time."""
    for number, values in enumerate(records, start=1):
        values = check_columns(values, number)
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                check_cell(value, number, column)
        yield values


def unprotected(text: str) -> str:
    """A cell without the apostrophe that kept a spreadsheet from running it: one
    apostrophe off when the text after its leading apostrophes starts a formula."""
    return text[1:] if text.startswith("'") and \
        text.lstrip("'").startswith(FORMULA_START) else text


def csv_records(text: str, score: Score = header_score) -> Iterator[list[str]]:
    """A CSV text's records through ``bounded``, protective apostrophes taken off;
    ImportFailed when it is broken. ``score`` ranks header rows to choose the delimiter."""
    reader = csv.reader(io.StringIO(text), delimiter=choose_delimiter(text, score))
    try:
        for values in bounded(reader):
            yield [unprotected(value) for value in values]
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):  # csv's own, > MAX_CELL_CHARS
            raise ImportFailed(f"a cell over {csv.field_size_limit()} characters",
                               code="import.cell_over_limit", row=reader.line_num,
                               limit=MAX_CELL_CHARS) from exc
        raise ImportFailed(f"broken CSV: {exc}", code="import.not_csv") from exc


def table_rows(records: Iterable[Sequence]) -> list[Row]:
    """Rows of a table whose header names the columns (see ``HEADER_ALIASES``)."""
    records = enumerate(bounded(records), start=1)
    first = None
    for number, values in records:
        if _blank(values):
            continue
        first = first or values
        headers = [str(v) if v is not None else None for v in values]
        if _names_a_name(headers) or number >= HEADER_SEARCH:
            break
    if first is None:
        return []
    if not _names_a_name(headers):
        shown = ", ".join(str(v).strip() for v in first if v not in (None, ""))
        raise ImportFailed("no name column", code="import.no_name_column", headers=shown[:120])
    rows: list[Row] = []
    blanks = 0
    for number, values in records:
        blanks = blanks + 1 if _blank(values) else 0
        if blanks >= BLANK_RUN:
            break
        if blanks:
            continue
        if len(rows) >= MAX_ROWS:
            raise too_many_rows()
        rows.append(Row(number, map_columns(dict(zip(headers, values)))))
    return rows


def read_csv(data: bytes) -> list[Row]:
    text = decode(data)
    if any(c in text for c in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
        raise ImportFailed("not a CSV file", code="import.not_csv")
    return table_rows(csv_records(text))


_NOT_XLSX = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, ParseError, EOFError,
             RuntimeError, NotImplementedError, zlib.error)


def read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_zip(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_NOT_XLSX) as exc:
        raise ImportFailed(f"not an Excel file: {exc}", code="import.not_xlsx") from exc
    try:
        if not book.worksheets:
            return []
        # streamed: one row parsed at a time (cells past MAX_COLUMNS are seen, to refuse)
        return table_rows(_table_sheet(book.worksheets).iter_rows(values_only=True))
    except _NOT_XLSX as exc:
        raise ImportFailed(f"not an Excel file: {exc}", code="import.not_xlsx") from exc
    finally:
        book.close()


def _table_sheet(sheets: list):
    """The first sheet whose header names a name column and another community column,
    else the first that names a name column, else the first sheet."""
    scores = []
    for sheet in sheets:
        head = bounded(sheet.iter_rows(max_row=HEADER_SEARCH, values_only=True))
        scores.append(max((header_score(values) for values in head), default=0))
        if scores[-1] >= 2:
            return sheet
    return next((sheet for sheet, score in zip(sheets, scores) if score), sheets[0])
