"""CSV (as Estonian Excel saves it, or plain comma CSV) and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

from .base import ImportFailed, Row, check_rows, map_columns

DELIMITERS = ";,\t"


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1257 (Estonian Excel's ANSI)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1257", errors="replace")


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text.splitlines() else ""
        return max(DELIMITERS, key=header.count)


def _rows(records: list[list], first_line: int = 2) -> list[Row]:
    if not records:
        return []
    headers = [str(h).strip() if h is not None else "" for h in records[0]]
    mapped = map_columns({h: "" for h in headers})
    if "name" not in mapped:
        raise ImportFailed("no name column", "import.no_name_column",
                           headers=", ".join(h for h in headers if h)[:120])
    rows = []
    for offset, values in enumerate(records[1:]):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append(Row(first_line + offset, map_columns(dict(zip(headers, values)))))
    return check_rows(rows)


def read_csv(data: bytes) -> list[Row]:
    text = decode(data)
    if "\x00" in text or not any(c in text for c in DELIMITERS + "\n"):
        raise ImportFailed("not a CSV file", "import.not_csv")
    return _rows(list(csv.reader(io.StringIO(text), delimiter=_delimiter(text))))


def read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFailed(f"not an Excel file: {exc}", "import.not_xlsx") from exc
    try:
        sheet = book.worksheets[0]
        return _rows([list(r) for r in sheet.iter_rows(values_only=True)])
    finally:
        book.close()
