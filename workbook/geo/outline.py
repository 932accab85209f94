"""Point-in-outline and extent of GeoJSON geometries, in plain Python.

A page checks one point against one municipality (or the land outline) when a
community is saved, and needs an outline's extent to frame the map. shapely does
both, but it and numpy cost a page's kernel about 15 MB, on every page of a
workshop day, for a few milliseconds of work (see docs/decisions.md). The
cache's outlines are valid (``cache._write_geojson`` makes them so), so the even-odd
rule over every ring is exact: holes and islands come out right.
"""

from __future__ import annotations

from collections.abc import Iterator

Ring = list[list[float]]


def _polygons(geometry: dict) -> Iterator[list[Ring]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield geometry["coordinates"]
    elif kind == "MultiPolygon":
        yield from geometry["coordinates"]
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _polygons(part)


def _crossings(ring: Ring, x: float, y: float) -> bool:
    """True when a ray from (x, y) towards +x crosses ``ring`` an odd number of times."""
    odd = False
    x1, y1 = ring[-1][:2]
    for point in ring:
        x2, y2 = point[0], point[1]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            odd = not odd
        x1, y1 = x2, y2
    return odd


def _box(points: Ring) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether the (multi)polygon ``geometry`` holds the point (lon, lat)."""
    inside = False
    for polygon in _polygons(geometry):
        minx, miny, maxx, maxy = _box(polygon[0])  # the shell bounds its holes
        if minx <= lon <= maxx and miny <= lat <= maxy:
            for ring in polygon:
                inside ^= _crossings(ring, lon, lat)
    return inside


def bounds(geometry: dict) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the geometry's outlines, or None if empty."""
    boxes = [_box(polygon[0]) for polygon in _polygons(geometry) if polygon and polygon[0]]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
