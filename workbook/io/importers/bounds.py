"""How far an uploaded file may expand, and the checks that stop reading at a limit.

``base.MAX_BYTES`` (5 MB) counts the bytes as uploaded; an XLSX is a zip, so its
parts are checked from the zip's directory (part count, total size unpacked, each part's
compression ratio) and by counting their XML tags as they unpack, all before
openpyxl opens the file. Rows, columns and cells are then checked as they stream.
A file past a limit is refused as a whole with a message naming the limit; no
row of it is shown or saved.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence

from ...limits import MAX_COMMUNITIES_PER_TEAM
from .base import ImportFailed

MAX_ROWS = MAX_COMMUNITIES_PER_TEAM  # a file may not hold more rows than a team may communities
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
MAX_DEPTH = 64  # nesting of JSON and XML; GeoJSON needs 7, KML about 10
MAX_COORDINATES = 100_000  # points (JSON lists, KML coordinate tuples) in a map file
MAX_OBJECTS = 50_000  # JSON objects in a map file (a feature is about three)
MAX_ELEMENTS = 100_000  # XML elements in a KML file (a placemark is about fifteen)
# XLSX, before openpyxl opens it
MAX_UNZIPPED = 50_000_000
MAX_PARTS = 500
MAX_RATIO = 100  # unpacked : packed, for parts over RATIO_FROM bytes
RATIO_FROM = 1_000_000
MAX_XML_TAGS = 400_000  # '<' in the XML parts together: cells, shared strings, styles
_CHUNK = 1 << 20
_ENTRY_BYTES = 400  # a directory entry: 46 bytes and the part's name, with room to spare
_END_OF_DIRECTORY = b"PK\x05\x06"


def check_cell(text: str, row: int, column) -> str:
    """``text`` if it is within ``MAX_CELL_CHARS``; ``column`` names it in the message."""
    if len(text) > MAX_CELL_CHARS:
        raise ImportFailed(f"a cell of {len(text)} characters", code="import.cell_too_long",
                           row=row, column=column, length=len(text), limit=MAX_CELL_CHARS)
    return text


def check_columns(values: Sequence, row: int) -> list:
    """A row's values up to ``MAX_COLUMNS``; refused when anything lies further right."""
    if len(values) > MAX_COLUMNS:
        beyond = set(values[MAX_COLUMNS:]) - {None, ""}  # a padded sheet row: C speed
        if any(str(v).strip() for v in beyond):
            raise ImportFailed(f"more than {MAX_COLUMNS} columns",
                               code="import.too_many_columns", row=row, limit=MAX_COLUMNS)
        values = values[:MAX_COLUMNS]
    return list(values)


def too_many_rows() -> ImportFailed:
    return ImportFailed(f"more than {MAX_ROWS} rows", code="import.too_many_rows",
                        limit=MAX_ROWS)


def _too_many_parts(count: int) -> ImportFailed:
    return ImportFailed(f"{count} parts", code="import.too_many_parts", count=count,
                        limit=MAX_PARTS)


def _directory(data: bytes) -> None:
    """The zip's end record, read before zipfile builds its directory: entry count, and
    the directory's size (so a lying count cannot hide more entries)."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries, size = struct.unpack_from("<HI", data, at + 10)
    if entries > MAX_PARTS or size > MAX_PARTS * _ENTRY_BYTES:  # zip64's 0xFFFF too
        raise _too_many_parts(entries if entries > MAX_PARTS else size // _ENTRY_BYTES)


def check_zip(data: bytes) -> None:
    """Refuse a zip whose parts would unpack past the limits (see the module's text)."""
    _directory(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _too_many_parts(len(infos))
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED:
            raise ImportFailed(f"{total} bytes unpacked", code="import.unzipped_too_large",
                               size=-(-total // 1_000_000), limit=MAX_UNZIPPED // 1_000_000)
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise ImportFailed(f"{info.filename} packed {ratio}:1", code="import.zip_ratio",
                                   part=info.filename, ratio=ratio, limit=MAX_RATIO)
        tags = 0
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                tags += _tags(archive, info, MAX_XML_TAGS - tags)


def _tags(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int) -> int:
    """Tags in one XML part, unpacked a chunk at a time; refused once past ``left``."""
    count = 0
    with archive.open(info) as part:  # zipfile stops at the declared size (and checks CRC)
        while chunk := part.read(_CHUNK):
            count += chunk.count(b"<")
            if count > left:
                raise ImportFailed(f"more than {MAX_XML_TAGS} XML tags",
                                   code="import.too_many_tags", limit=MAX_XML_TAGS)
    return count
