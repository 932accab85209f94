"""GeoJSON (RFC 7946) as uMap or QGIS export it: points become locations."""

from __future__ import annotations

import json

from .base import ImportFailed, Row, check_rows, map_columns
from .tabular import decode


def _features(doc) -> list:
    if not isinstance(doc, dict) or "type" not in doc:
        raise ImportFailed("not GeoJSON", "import.not_geojson")
    if doc["type"] == "FeatureCollection" and isinstance(doc.get("features"), list):
        return doc["features"]
    if doc["type"] == "Feature":
        return [doc]
    if "coordinates" in doc:
        return [{"type": "Feature", "geometry": doc, "properties": {}}]
    raise ImportFailed("not GeoJSON", "import.not_geojson")


def read_geojson(data: bytes) -> list[Row]:
    try:
        doc = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"broken JSON: {exc}", "import.bad_json", line=exc.lineno,
                           column=exc.colno) from exc
    rows = []
    for number, feature in enumerate(_features(doc), start=1):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties") or {}
        props = props if isinstance(props, dict) else {}
        fields = map_columns({k: v for k, v in props.items()
                              if not isinstance(v, (dict, list))})
        geometry = feature.get("geometry")
        if isinstance(geometry, dict):
            kind = geometry.get("type")
            coords = geometry.get("coordinates")
            if kind == "Point" and isinstance(coords, list) and len(coords) >= 2:
                fields["lon"], fields["lat"] = str(coords[0]), str(coords[1])
                fields.pop("coordinates", None)
            else:
                fields["_geometry"] = str(kind)
        rows.append(Row(number, fields))
    return check_rows(rows)
