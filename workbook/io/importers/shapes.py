"""A community's point from an area or a line drawn on a map (uMap, QGIS, My Maps).

A community is one point (the model's ``location``); the outline is not kept. An
area (Polygon, MultiPolygon) gives shapely's ``representative_point``: always
inside the area, where a centroid may fall outside a C- or U-shaped one. A line
(LineString, MultiLineString) gives the point halfway along it, which lies on the
line. A MultiPoint of one point is that point. Anything else (several points, a
collection, a KML Track or Model) is refused as before: which point is meant
cannot be told. Each accepted shape comes with a note for the preview.

Geometries are GeoJSON-like dicts (``kml`` builds the same from its elements);
coordinates may be WGS84 degrees or L-EST97 metres: the point is computed in the
file's own plane and recognised afterwards like any other pair of numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from ..problems import Note, Problem
from .base import Row, with_point

AREAS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")


@dataclass(frozen=True)
class Placed:
    """The point (x = longitude or easting, y = latitude or northing) and its notes."""

    x: float
    y: float
    notes: tuple[Note, ...] = ()


def wrong_geometry(kind) -> tuple[Problem, ...]:
    return (Problem("geometry", str(kind), "import.wrong_geometry"),)


def bad_geometry(kind) -> tuple[Problem, ...]:
    return (Problem("geometry", str(kind), "import.bad_geometry"),)


def place(geometry: dict) -> Placed | tuple[Problem, ...]:
    """A point for a non-Point geometry, or the problems that say why there is none."""
    from shapely.errors import ShapelyError
    from shapely.geometry import shape
    from shapely.validation import make_valid

    kind = geometry.get("type")
    if kind not in (*AREAS, *LINES, "MultiPoint"):
        return wrong_geometry(kind)
    try:
        with warnings.catch_warnings():  # NaN coordinates: refused below, not warned about
            warnings.simplefilter("ignore", RuntimeWarning)
            found = shape(geometry)
        if kind in AREAS and not found.is_valid:  # e.g. a ring that crosses itself
            found = make_valid(found)
        if found.is_empty:
            return bad_geometry(kind)
        if kind == "MultiPoint":
            points = list(found.geoms)
            return Placed(points[0].x, points[0].y) if len(points) == 1 else \
                wrong_geometry(kind)
        if kind in AREAS:
            point, note = found.representative_point(), Note("import.note_area", {"kind": kind})
        else:
            point = found.interpolate(0.5, normalized=True)
            note = Note("import.note_line", {"kind": kind})
    except (ShapelyError, ValueError, TypeError, IndexError, AttributeError, KeyError):
        return bad_geometry(kind)
    if point.is_empty:
        return bad_geometry(kind)
    return Placed(point.x, point.y, (note,))


def shape_row(number: int, fields: dict[str, str], geometry: dict) -> Row:
    """A map file's row at the point ``place`` finds, or with the problem."""
    found = place(geometry)
    if isinstance(found, Placed):
        return Row(number, with_point(fields, found.x, found.y), notes=found.notes)
    return Row(number, fields, found)
