"""GeoJSON (RFC 7946) as uMap or QGIS export it: points become locations.

A FeatureCollection, a single Feature or a bare geometry. Properties are matched
like a sheet's headers (uMap writes ``name`` and ``description``). Points in
L-EST97 metres (an older QGIS export with a ``crs``) are recognised by their size.
Areas and lines become a point inside or on them (``shapes``). The workbook's own
export lists the communities without a location by name in its ``koosloome``
member: they are read as rows with a name only, after the features.
The text's depth and its number of lists and objects are checked before parsing.
"""

from __future__ import annotations

import json

from ..json_shape import shape
from .base import ImportFailed, Row, map_columns, with_coordinates, with_point
from .bounds import MAX_COORDINATES, MAX_DEPTH, MAX_OBJECTS, MAX_ROWS, check_cell, too_many_rows
from .shapes import shape_row
from .tabular import decode

GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
              "MultiPolygon", "GeometryCollection"}


def _features(doc) -> list:
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind == "FeatureCollection" and isinstance(doc.get("features"), list):
        return doc["features"]
    if kind == "Feature":
        return [doc]
    if kind in GEOMETRIES:
        return [{"type": "Feature", "geometry": doc}]
    if isinstance(doc, dict) and doc.get("format") == "koosloome-workbook":
        raise ImportFailed("a workbook file, not GeoJSON", code="import.workbook_file")
    raise ImportFailed("JSON but not GeoJSON", code="import.not_geojson")


def _row(number: int, feature) -> Row:
    feature = feature if isinstance(feature, dict) else {}
    props = feature.get("properties")
    props = props if isinstance(props, dict) else {}
    fields = map_columns({k: check_cell(str(v), number, str(k)[:80]) if isinstance(v, str) else v
                          for k, v in props.items() if not isinstance(v, (dict, list))})
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):  # null geometry: no location
        return Row(number, fields)
    coords = geometry.get("coordinates")
    if geometry.get("type") != "Point":
        return shape_row(number, fields, geometry)
    if not isinstance(coords, list) or len(coords) < 2:
        return Row(number, with_coordinates(fields, str(coords)))
    return Row(number, with_point(fields, coords[0], coords[1]))


def _check_shape(text: str) -> None:
    found = shape(text, MAX_DEPTH)
    if found.depth > MAX_DEPTH:
        raise ImportFailed(f"JSON nested {found.depth} deep", code="import.too_deep",
                           depth=found.depth, limit=MAX_DEPTH)
    if found.lists > MAX_COORDINATES:
        raise ImportFailed(f"{found.lists} JSON lists", code="import.too_many_coordinates",
                           count=found.lists, limit=MAX_COORDINATES)
    if found.objects > MAX_OBJECTS:
        raise ImportFailed(f"{found.objects} JSON objects", code="import.too_many_objects",
                           count=found.objects, limit=MAX_OBJECTS)


def read_geojson(data: bytes) -> list[Row]:
    text = decode(data)
    _check_shape(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"broken JSON: {exc}", code="import.bad_json", line=exc.lineno,
                           column=exc.colno) from exc
    features = _features(doc)
    unplaced = _without_location(doc, len(features))
    if len(features) + len(unplaced) > MAX_ROWS:
        raise too_many_rows()
    rows = [_row(number, feature) for number, feature in enumerate(features, start=1)]
    return rows + [Row(number, {"name": name})
                   for number, name in enumerate(unplaced, start=len(rows) + 1)]


def _without_location(doc, after: int) -> list[str]:
    """The names the workbook's export lists under ``koosloome.without_location``."""
    member = doc.get("koosloome") if isinstance(doc, dict) else None
    names = member.get("without_location") if isinstance(member, dict) else None
    if not isinstance(names, list):
        return []
    return [check_cell(name, after + i, "name")
            for i, name in enumerate(names, start=1) if isinstance(name, str) and name.strip()]
