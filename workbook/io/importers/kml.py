"""KML as Google My Maps exports it: Placemarks with a Point, in any Folder."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from .base import ImportFailed, Row, check_rows, map_columns

NS = "{http://www.opengis.net/kml/2.2}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None)


def _plain(text: str) -> str:
    """Description HTML as plain text."""
    text = re.sub(r"<br\s*/?>", "\n", text or "", flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def read_kml(data: bytes) -> list[Row]:
    if re.search(rb"<!(DOCTYPE|ENTITY)", data[:4096], re.I):
        raise ImportFailed("KML with a DOCTYPE or entities is refused", "import.bad_kml",
                           reason="DOCTYPE/ENTITY")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImportFailed(f"not KML: {exc}", "import.bad_kml", reason=str(exc)) from exc
    if _local(root.tag) != "kml":
        raise ImportFailed("not KML", "import.bad_kml", reason=_local(root.tag))
    rows = []
    for number, mark in enumerate((el for el in root.iter() if _local(el.tag) == "Placemark"),
                                  start=1):
        record = {"name": (_child(mark, "name").text or "") if _child(mark, "name") is not None
                  else "",
                  "notes": _plain(_child(mark, "description").text or "")
                  if _child(mark, "description") is not None else ""}
        extended = _child(mark, "ExtendedData")
        for data_el in (extended if extended is not None else []):
            value = _child(data_el, "value")
            if data_el.get("name") and value is not None:
                record[data_el.get("name")] = value.text or ""
        fields = map_columns(record)
        geometry = next((c for c in mark if _local(c.tag) in (
            "Point", "LineString", "Polygon", "MultiGeometry", "LinearRing")), None)
        if geometry is not None and _local(geometry.tag) == "Point":
            coords = (_child(geometry, "coordinates").text or "").strip().split(",")
            if len(coords) >= 2:
                fields["lon"], fields["lat"] = coords[0].strip(), coords[1].strip()
        elif geometry is not None:
            fields["_geometry"] = _local(geometry.tag)
        rows.append(Row(number, fields))
    return check_rows(rows)
