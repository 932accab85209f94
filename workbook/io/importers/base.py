"""What every importer returns and raises, and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass

from ...exceptions import WorkbookError
from ...i18n import format_number, t
from ..community_input import PAIRS, Problem, column_for
from ..problems import Note, shorten

MAX_BYTES = 5_000_000  # an uploaded file, as sent (see bounds.py for what it may unpack to)
_LOCATION_COLUMNS = {"coordinates", *(c for pair in PAIRS for c in pair)}


class ImportFailed(WorkbookError):
    """A file that cannot be read as a whole (wrong type, broken, empty, too large).

    A ``detail`` parameter is itself an i18n key, translated with the other params.
    Text params are shortened and whole numbers written as ``lang`` writes them.
    """

    code = "import.failed"

    def __init__(self, message: str = "", *, code: str = "", **params):
        super().__init__(message, **params)
        self.code = code or self.code

    def params_for(self, lang: str) -> dict:
        params = {k: _shown(v, lang) for k, v in self.params.items()}
        if "detail" in params:
            params["detail"] = t(self.params["detail"], lang, **params)
        return params


def _shown(value, lang: str):
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, lang)
    return shorten(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Row:
    """One row of a sheet or one feature of a map file, as raw text by column."""

    number: int  # as a person sees it: the sheet's row (header = 1), the feature from 1
    fields: dict[str, str]
    problems: tuple[Problem, ...] = ()  # found while reading, e.g. a collection of shapes
    notes: tuple[Note, ...] = ()  # what reading changed, e.g. an area made a point inside it


def cell_text(value) -> str:
    """A cell or property as text: ``120.0`` → ``120``, None → ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_columns(record: dict) -> dict[str, str]:
    """A record's values under canonical column names; unknown headers are dropped and
    two headers meaning one column are joined with ``;``."""
    out: dict[str, str] = {}
    for header, value in record.items():
        column, text = column_for(header), cell_text(value)
        if column is not None and text:
            out[column] = f"{out[column]}; {text}" if out.get(column) else text
    return out


def with_point(fields: dict[str, str], lon, lat) -> dict[str, str]:
    """A map file's point wins over location columns among its properties."""
    kept = {k: v for k, v in fields.items() if k not in _LOCATION_COLUMNS}
    return {**kept, "lat": cell_text(lat), "lon": cell_text(lon)}


def with_coordinates(fields: dict[str, str], text: str) -> dict[str, str]:
    """A map file's point that is not two numbers: checked as typed coordinates."""
    return {**with_point(fields, "", ""), "coordinates": text.strip()}

