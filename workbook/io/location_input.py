"""A community's location from raw values: lat and lon, L-EST97 x and y, or one text.

The pair that is given wins in that order; no location at all is fine. Either
pair is read with ``point_from_numbers``, so swapped columns and degrees in x/y
columns (as QGIS writes them) are understood too. What was put right is said in
notes for the preview (``read_location``): latitude and longitude given the other
way round (in lat/lon columns or a typed text), and L-EST97 metres converted to
WGS84. In x/y columns degrees are not called swapped: QGIS writes x = longitude,
L-EST97 x = northing, and both are in use.
"""

from __future__ import annotations

import re

from ..geo.coords import CoordinateError, Parsed, parse_number, parse_point, point_from_numbers
from .problems import Note, Problem

PAIRS = (("lat", "lon"), ("x", "y"))
SWAPPED = Note("import.note_swapped")
CONVERTED = Note("import.note_lest97")
_FIRST_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_PLAIN = re.compile(r"[-+]?\d[\d\s.,;+-]*")


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
    point, problems, _notes = read_location(fields)
    return point, problems


def read_location(fields: dict[str, str]) -> tuple[dict | None, list[Problem], list[Note]]:
    """``location`` and the notes on what was put right."""
    typed = typed_location(fields)
    for pair in PAIRS:
        given = [c for c in pair if fields.get(c)]
        if len(given) == 1:
            missing = pair[1 - pair.index(given[0])]
            return None, [Problem(missing, "", "coords.missing_half", {"given": typed})], []
        if given:
            problems = [Problem(c, fields[c], "coords.not_a_number") for c in pair
                        if not is_number(fields[c])]
            if problems:
                return None, problems, []
            first, second = (parse_number(fields[c]) for c in pair)
            return _point(lambda: point_from_numbers(first, second), "location", typed,
                          first if pair == ("lat", "lon") else None)
    if typed:
        plain = _PLAIN.fullmatch(typed)  # two bare numbers: latitude is expected first
        number = _FIRST_NUMBER.search(typed) if plain else None  # plain: it has a digit
        first_lat = parse_number(number.group()) if number else None
        return _point(lambda: parse_point(typed), "coordinates", typed, first_lat)
    return None, [], []


def _point(read, column: str, typed: str, first_lat: float | None
           ) -> tuple[dict | None, list[Problem], list[Note]]:
    """The point ``read`` gives; ``first_lat`` is the number given first where latitude
    is expected first, to tell a swapped pair."""
    try:
        point = read()
    except CoordinateError as exc:
        return None, [Problem(column, typed, exc.code, {"point": typed, "text": typed})], []
    return {"lat": point.lat, "lon": point.lon}, [], _notes(point, first_lat)


def _notes(point: Parsed, first_lat: float | None) -> list[Note]:
    if point.system == "lest97":
        return [CONVERTED]
    if first_lat is not None and first_lat == point.lon and first_lat != point.lat:
        return [SWAPPED]
    return []
