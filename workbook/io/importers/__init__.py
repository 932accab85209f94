"""Importers behind one registry: format name → reader of rows.

``read(filename, data)`` picks the reader by the file's extension and returns
``Row``s of raw values keyed by canonical column names; each row then goes
through ``community_input.community_payload`` like a form does.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Callable

from .base import MAX_BYTES, ImportFailed, Row
from .geojson import read_geojson
from .kml import read_kml
from .tabular import read_csv, read_xlsx

Reader = Callable[[bytes], list[Row]]
IMPORTERS: dict[str, Reader] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "geojson": read_geojson,
    "kml": read_kml,
}
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".geojson": "geojson",
              ".json": "geojson", ".kml": "kml"}

__all__ = ["IMPORTERS", "ImportFailed", "Row", "detect", "formats", "read"]


def formats() -> list[str]:
    return list(IMPORTERS)


def detect(filename: str) -> str:
    """The format name for a file name; ImportFailed for an unknown extension."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFailed(f"unknown file type {suffix or filename!r}", "import.unknown_type",
                           file=filename, formats=", ".join(sorted(EXTENSIONS)))
    return EXTENSIONS[suffix]


def read(filename: str, data: bytes) -> list[Row]:
    """Read a file's rows; ImportFailed when the file as a whole cannot be read."""
    kind = detect(filename)
    if not data.strip():
        raise ImportFailed(f"{filename} is empty", "import.empty", file=filename)
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"{filename} is too large", "import.too_large", file=filename,
                           limit=MAX_BYTES // 1_000_000)
    rows = IMPORTERS[kind](data)
    if not rows:
        raise ImportFailed(f"{filename} has no rows", "import.empty", file=filename)
    return rows
