"""What every importer returns and raises."""

from __future__ import annotations

from dataclasses import dataclass

from ...exceptions import WorkbookError
from ..community_input import column_for

MAX_BYTES = 5_000_000
MAX_ROWS = 10_000


class ImportFailed(WorkbookError):
    """A file that cannot be read as a whole (wrong type, broken, empty, too large)."""

    code = "import.failed"

    def __init__(self, message: str, code: str, **params):
        super().__init__(message, **params)
        self.code = code


@dataclass(frozen=True)
class Row:
    number: int  # as a person sees it: the line in a sheet, the feature in a map file
    fields: dict[str, str]


def map_columns(record: dict, unknown: dict | None = None) -> dict[str, str]:
    """A record's values under canonical column names (unknown headers are dropped)."""
    out: dict[str, str] = {}
    for header, value in record.items():
        column = column_for(header) if header is not None else None
        if column is None:
            if unknown is not None and value not in (None, ""):
                unknown[header] = value
            continue
        text = _text(value)
        out[column] = f"{out[column]}; {text}" if out.get(column) and text else (
            text or out.get(column, ""))
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_rows(rows: list[Row]) -> list[Row]:
    if len(rows) > MAX_ROWS:
        raise ImportFailed(f"more than {MAX_ROWS} rows", "import.too_many_rows", limit=MAX_ROWS)
    return rows
