"""Coordinates as people type them: degrees in either order, or L-EST97 metres.

Estonia's latitudes (57.3–59.95) and longitudes (21.3–28.3) do not overlap, so the
order of two numbers in degrees is detected. L-EST97 (EPSG:3301) northings x
(6.3–6.7 million metres) and eastings y (0.3–0.8 million) do not overlap either.
Conversion is pyproj's; this module only recognises the numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from ..exceptions import WorkbookError
from ..i18n import format_number

LAT_RANGE, LON_RANGE = (57.3, 59.95), (21.3, 28.3)
# L-EST97 metres covering that box; a converted point must still be inside the box
NORTHING, EASTING = (6_300_000, 6_700_000), (300_000, 800_000)
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_NUM = r"(\d+(?:[.,]\d+)?)"
# 58°20'01.3" (minutes and seconds optional), as Google Maps shows a point
_DMS = re.compile(rf"{_NUM}\s*[°º˚]\s*(?:{_NUM}\s*['’′]\s*)?"
                  rf"(?:{_NUM}\s*(?:\"|″|''|’’)\s*)?")
# N/E and Estonian P(õhi)/I(da) standing alone
_HEMISPHERE = re.compile(r"(?<![^\W\d_])[NEPI](?![^\W\d_])", re.IGNORECASE)


class CoordinateError(WorkbookError):
    """Coordinates that cannot be read, are impossible, or lie outside Estonia."""

    code = "coords.unreadable"

    def __init__(self, message: str = "", *, code: str = "", **params):
        super().__init__(message, **params)
        self.code = code or self.code

    def params_for(self, lang: str) -> dict:
        return localize(self.params, lang)


@dataclass(frozen=True)
class Parsed:
    lat: float
    lon: float
    system: str  # "wgs84" or "lest97"


def localize(params: dict, lang: str) -> dict:
    """Add ``point`` from ``lat`` and ``lon``, written as numbers are in ``lang``."""
    if "lat" in params and "lon" in params:
        return {**params, "point": format_point(params["lat"], params["lon"], lang)}
    return params


def format_point(lat: float | None, lon: float | None, lang: str = "et") -> str:
    """``58,33370, 22,25560`` in Estonian, ``58.33370, 22.25560`` in English."""
    if lat is None or lon is None:
        return ""
    return f"{format_number(lat, lang, 5)}, {format_number(lon, lang, 5)}"


def in_estonia_box(lat: float, lon: float) -> bool:
    """Inside a box around Estonia (the exact outline needs the geodata)."""
    return _within(lat, LAT_RANGE) and _within(lon, LON_RANGE)


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


@cache
def _lest97_to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3301", "EPSG:4326", always_xy=True)


def _from_metres(a: float, b: float) -> Parsed:
    for x, y in ((a, b), (b, a)):
        if _within(x, NORTHING) and _within(y, EASTING):
            lon, lat = _lest97_to_wgs84().transform(y, x)
            return _in_estonia(round(lat, 6), round(lon, 6), "lest97")
    raise CoordinateError(f"{a:.0f} {b:.0f} are not L-EST97 coordinates in Estonia",
                          code="coords.outside_estonia", point=f"{a:.0f} {b:.0f}")


def _in_estonia(lat: float, lon: float, system: str) -> Parsed:
    if not in_estonia_box(lat, lon):
        raise CoordinateError(f"{lat}, {lon} is outside Estonia",
                              code="coords.outside_estonia", lat=lat, lon=lon)
    return Parsed(lat, lon, system)


def point_from_numbers(a: float, b: float) -> Parsed:
    """Two numbers in either order: degrees (lat/lon) or L-EST97 metres (x/y)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        raise CoordinateError(f"{a}, {b} are not numbers", code="coords.unreadable",
                              text=f"{a} {b}")
    if max(abs(a), abs(b)) > 1000:
        return _from_metres(a, b)
    for lat, lon in ((a, b), (b, a)):
        if in_estonia_box(lat, lon):
            return Parsed(lat, lon, "wgs84")
    if abs(a) <= 90 and abs(b) <= 180:
        return _in_estonia(a, b, "wgs84")  # a real point, elsewhere: raises
    raise CoordinateError(f"{a}, {b} is out of range", code="coords.out_of_range",
                          lat=a, lon=b)


def parse_number(text: str) -> float:
    """``58,3337``, ``58.3337`` or ``1 200`` as a float; ValueError for anything else."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text)).replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def _degrees(match: re.Match) -> str:
    degrees, minutes, seconds = (parse_number(g) if g else 0.0 for g in match.groups())
    return f" {degrees + minutes / 60 + seconds / 3600:.7f} "


def _two_numbers(text: str) -> list[str]:
    """Split into two number texts, telling a decimal comma from a separator."""
    if ";" in text:
        return [part.strip() for part in text.split(";")]
    tokens = [tok.strip(",") for tok in text.split() if tok.strip(",")]
    if len(tokens) >= 2:
        return tokens
    parts = text.strip(",").split(",")
    if len(parts) == 4:  # 58,3337,22,2556: two numbers with decimal commas
        return [f"{parts[0]},{parts[1]}", f"{parts[2]},{parts[3]}"]
    return parts


def parse_point(text: str) -> Parsed:
    """A point from ``58,3337; 22,2556``, ``22.2556 58.3337``, ``58.3337° N, 22.2556° E``,
    ``58°20'01.3"N 22°15'20.2"E`` or L-EST97 ``6468000 411000``; CoordinateError
    naming the problem otherwise."""
    raw = (text or "").strip()
    parts = _two_numbers(_HEMISPHERE.sub(" ", _DMS.sub(_degrees, raw)).strip())
    if len(parts) != 2 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise CoordinateError(f"cannot read coordinates from {raw!r}",
                              code="coords.unreadable", text=raw[:60])
    return point_from_numbers(*(parse_number(p) for p in parts))
