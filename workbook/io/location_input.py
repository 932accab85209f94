"""A community's location from raw values: lat and lon, L-EST97 x and y, or one text.

The pair that is given wins in that order; no location at all is fine. Either
pair is read with ``point_from_numbers``, so swapped columns and degrees in x/y
columns (as QGIS writes them) are understood too.
"""

from __future__ import annotations

from ..geo.coords import CoordinateError, parse_number, parse_point, point_from_numbers
from .problems import Problem

PAIRS = (("lat", "lon"), ("x", "y"))


def typed_location(fields: dict[str, str]) -> str:
    """The location as the person typed it: ``58,33; 22,25`` or the coordinates text."""
    for pair in PAIRS:
        given = [str(fields.get(c) or "").strip() for c in pair]
        if any(given):
            return "; ".join(v for v in given if v)
    return str(fields.get("coordinates") or "").strip()


def is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def location(fields: dict[str, str]) -> tuple[dict | None, list[Problem]]:
    """``{"lat": …, "lon": …}`` or None, and the problems (half a pair, not numbers,
    unreadable, impossible or outside the box around Estonia)."""
    typed = typed_location(fields)
    for pair in PAIRS:
        given = [c for c in pair if fields.get(c)]
        if len(given) == 1:
            missing = pair[1 - pair.index(given[0])]
            return None, [Problem(missing, "", "coords.missing_half", {"given": typed})]
        if given:
            problems = [Problem(c, fields[c], "coords.not_a_number") for c in pair
                        if not is_number(fields[c])]
            if problems:
                return None, problems
            return _point(lambda: point_from_numbers(*(parse_number(fields[c]) for c in pair)),
                          "location", typed)
    if typed:
        return _point(lambda: parse_point(typed), "coordinates", typed)
    return None, []


def _point(read, column: str, typed: str) -> tuple[dict | None, list[Problem]]:
    try:
        point = read()
    except CoordinateError as exc:
        return None, [Problem(column, typed, exc.code, {"point": typed, "text": typed})]
    return {"lat": point.lat, "lon": point.lon}, []
