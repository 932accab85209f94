"""Importers behind one registry: format name → reader of rows.

``read(filename, data)`` picks the reader by the file's extension and returns
``Row``s of raw text keyed by canonical column names; ``preview`` then sends each
through ``community_input.community_payload``, the form's own validation.
Limits: ``MAX_BYTES`` (5 MB) per file as uploaded, ``MAX_ROWS`` (the team's community
limit) rows or features, and what a file may unpack to (``bounds``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from .base import MAX_BYTES, ImportFailed, Row
from .bounds import MAX_ROWS
from .geojson import read_geojson
from .kml import read_kml
from .tabular import read_csv, read_xlsx

Importer = Callable[[bytes], list[Row]]
IMPORTERS: dict[str, Importer] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "geojson": read_geojson,
    "kml": read_kml,
}
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".geojson": "geojson",
              ".json": "geojson", ".kml": "kml"}

__all__ = ["EXTENSIONS", "IMPORTERS", "MAX_BYTES", "MAX_ROWS", "ImportFailed", "Importer",
           "Row", "detect", "formats", "read"]


def formats() -> list[str]:
    """The format names, in the order the upload help lists them."""
    return list(IMPORTERS)


def detect(filename: str) -> str:
    """The format of a file by its extension; ImportFailed for any other extension."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFailed(f"unknown file type {suffix or filename!r}",
                           code="import.unknown_type", file=filename,
                           formats=", ".join(EXTENSIONS))
    return EXTENSIONS[suffix]


def read(filename: str, data: bytes) -> list[Row]:
    """A file's rows; ImportFailed when the file as a whole cannot be read.

    ``data`` may be any bytes-like object (an upload widget gives a memoryview).
    """
    kind = detect(filename)
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"{filename} is larger than {MAX_BYTES} bytes",
                           code="import.too_large", file=filename, limit=MAX_BYTES // 1_000_000)
    if not data.strip():
        raise ImportFailed(f"{filename} is empty", code="import.empty", file=filename)
    rows = IMPORTERS[kind](data)
    if not rows:
        raise ImportFailed(f"{filename} has no rows", code="import.empty", file=filename)
    return rows
