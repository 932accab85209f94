"""KML as Google My Maps exports it: Placemarks with a Point, in any Folder.

A Polygon, LineString or a MultiGeometry of one kind of them becomes a point
inside or on it (``shapes``), with a note in the preview.

A placemark's name, its description (HTML made plain text), ``ExtendedData``
(``Data`` as My Maps writes it, ``SchemaData`` as QGIS and Google Earth do) and
its point. Files declaring a DOCTYPE or entities are refused before parsing
(no entity expansion, no external entities, no XML bombs). The same streaming
pre-scan (expat) stops at the first limit: nesting depth, elements, placemarks,
coordinate tuples and the text of one element; only then is the tree built.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from .base import ImportFailed, Row, map_columns, with_coordinates, with_point
from .bounds import (
    MAX_CELL_CHARS,
    MAX_COORDINATES,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_ROWS,
    too_many_rows,
)
from .shapes import shape_row

GEOMETRIES = ("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track",
              "MultiTrack", "Model")


class _Declaration(Exception):
    pass


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el, name: str) -> str:
    found = _child(el, name)
    return (found.text or "").strip() if found is not None else ""


def plain_text(markup: str) -> str:
    """HTML as plain text: line breaks kept, tags dropped, entities decoded."""
    text = re.sub(r"<\s*(br|/p|/div|/li)\b[^>]*>", "\n", markup or "", flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]*>", "", text)).strip()


class _Scan:
    """Counts as expat streams the file; raises ImportFailed at the first limit."""

    def __init__(self, scanner) -> None:
        self.depth = self.elements = self.marks = self.points = self.text = 0
        self.name = ""
        self.coordinates: list[str] | None = None
        scanner.StartElementHandler, scanner.EndElementHandler = self.start, self.end
        scanner.CharacterDataHandler = self.characters
        scanner.buffer_text = True

    def start(self, name: str, _attributes) -> None:
        self.depth, self.elements, self.text = self.depth + 1, self.elements + 1, 0
        self.name = _local(name)[:80]
        if self.depth > MAX_DEPTH:
            raise ImportFailed("XML nested too deeply", code="import.too_deep",
                               depth=self.depth, limit=MAX_DEPTH)
        if self.elements > MAX_ELEMENTS:
            raise ImportFailed("too many XML elements", code="import.too_many_elements",
                               limit=MAX_ELEMENTS)
        if self.name == "Placemark":
            self.marks += 1
            if self.marks > MAX_ROWS:
                raise too_many_rows()
        self.coordinates = [] if self.name == "coordinates" else None

    def characters(self, text: str) -> None:
        if self.coordinates is not None:
            self.coordinates.append(text)
            return
        self.text += len(text)
        if self.text > MAX_CELL_CHARS:
            raise ImportFailed("a long text", code="import.cell_over_limit",
                               row=max(self.marks, 1), column=self.name, limit=MAX_CELL_CHARS)

    def end(self, _name: str) -> None:
        self.depth, self.text = self.depth - 1, 0
        if self.coordinates is not None:
            self.points += len("".join(self.coordinates).split())
            self.coordinates = None
            if self.points > MAX_COORDINATES:
                raise ImportFailed("too many coordinates", code="import.too_many_coordinates",
                                   count=self.points, limit=MAX_COORDINATES)


def _parse(data: bytes):
    """The document's root; refuses DOCTYPE and ENTITY declarations in any encoding."""
    scanner = expat.ParserCreate()

    def refuse(*_args):
        raise _Declaration

    scanner.StartDoctypeDeclHandler = scanner.EntityDeclHandler = refuse
    _Scan(scanner)
    try:
        scanner.Parse(data, True)
    except _Declaration as exc:
        raise ImportFailed("a DOCTYPE or ENTITY declaration", code="import.bad_kml",
                           detail="import.detail_doctype") from exc
    except expat.ExpatError as exc:
        raise ImportFailed(f"not XML: {exc}", code="import.bad_kml", detail="import.detail_xml",
                           line=exc.lineno, column=exc.offset + 1) from exc
    root = ET.fromstring(data)
    if _local(root.tag) != "kml":
        raise ImportFailed("not KML", code="import.bad_kml", detail="import.detail_not_kml",
                           root=_local(root.tag)[:40])
    return root


def _record(mark) -> dict[str, str]:
    record = {"name": _text(mark, "name"), "notes": plain_text(_text(mark, "description"))}
    extended = _child(mark, "ExtendedData")
    for item in extended.iter() if extended is not None else ():
        if _local(item.tag) == "Data" and item.get("name"):
            record[item.get("name")] = _text(item, "value")
        elif _local(item.tag) == "SimpleData" and item.get("name"):
            record[item.get("name")] = (item.text or "").strip()
    return record


def _row(number: int, mark) -> Row:
    fields = map_columns(_record(mark))
    geometry = next((c for c in mark if _local(c.tag) in GEOMETRIES), None)
    if geometry is None:
        return Row(number, fields)
    if _local(geometry.tag) != "Point":
        return shape_row(number, fields, _geojson(geometry))
    text = _text(geometry, "coordinates")
    parts = text.split(",")
    if len(parts) not in (2, 3):
        return Row(number, with_coordinates(fields, text))
    return Row(number, with_point(fields, parts[0], parts[1]))


def _positions(el) -> list[list[float]]:
    """``lon,lat[,alt] lon,lat[,alt] …`` of an element's ``coordinates`` as numbers
    (ValueError when one is not; ``shapes.place`` makes that a problem)."""
    return [[float(n) for n in tuple_.split(",")[:2]]
            for tuple_ in _text(el, "coordinates").split()]


def _ring(boundary) -> list[list[float]]:
    ring = _child(boundary, "LinearRing") if boundary is not None else None
    return _positions(ring) if ring is not None else []


def _geojson(el) -> dict:
    """A KML geometry element as a GeoJSON-like dict for ``shapes.place`` (coordinates
    None when they are not numbers: a problem there)."""
    kind = _local(el.tag)
    if kind == "MultiGeometry":
        parts = [_geojson(c) for c in el if _local(c.tag) in GEOMETRIES]
        kinds = {p["type"] for p in parts}
        if len(kinds) == 1 and kinds <= {"Point", "LineString", "Polygon"}:
            return {"type": f"Multi{kinds.pop()}",
                    "coordinates": [p["coordinates"] for p in parts]}
        return {"type": "GeometryCollection" if parts else kind}
    try:
        if kind == "Point":
            return {"type": kind, "coordinates": _positions(el)[0]}
        if kind in ("LineString", "LinearRing"):
            return {"type": "LineString", "coordinates": _positions(el)}
        if kind == "Polygon":
            inner = [_ring(c) for c in el if _local(c.tag) == "innerBoundaryIs"]
            return {"type": kind, "coordinates": [_ring(_child(el, "outerBoundaryIs")), *inner]}
    except (ValueError, IndexError):
        return {"type": kind, "coordinates": None}
    return {"type": kind}  # Track, MultiTrack, Model: not a place


def read_kml(data: bytes) -> list[Row]:
    marks = [el for el in _parse(data).iter() if _local(el.tag) == "Placemark"]
    return [_row(number, mark) for number, mark in enumerate(marks, start=1)]
