"""Coordinates as people type them: degrees in either order, or L-EST97 metres.

Estonia's latitudes (57.3–59.95) and longitudes (21.3–28.3) do not overlap, so the
order of two numbers in degrees is detected. L-EST97 (EPSG:3301) northings
(6.3–6.7 million metres) and eastings (0.35–0.75 million) do not overlap either.
Conversion is pyproj's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..exceptions import WorkbookError

LAT_RANGE, LON_RANGE = (57.3, 59.95), (21.3, 28.3)
NORTHING, EASTING = (6_300_000, 6_650_000), (350_000, 750_000)
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


class CoordinateError(WorkbookError):
    """Coordinates that cannot be read, or a point outside Estonia."""

    code = "coords.unreadable"

    def __init__(self, message: str, code: str, **params):
        super().__init__(message, **params)
        self.code = code

    def params_for(self, lang: str) -> dict:
        return localize(self.params, lang)


def localize(params: dict, lang: str) -> dict:
    """Fill ``point`` from ``lat`` and ``lon`` in the language's number format."""
    if "lat" in params:
        return {**params, "point": format_point(params["lat"], params["lon"], lang)}
    return params


@dataclass(frozen=True)
class Parsed:
    lat: float
    lon: float
    system: str  # "wgs84" or "lest97"


@cache
def _from_lest97():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3301", "EPSG:4326", always_xy=True)


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def in_estonia_box(lat: float, lon: float) -> bool:
    """Inside a box around Estonia (the outline check needs geodata)."""
    return _within(lat, LAT_RANGE) and _within(lon, LON_RANGE)


def format_point(lat: float | None, lon: float | None, lang: str = "et") -> str:
    """``58,33370, 22,25560`` in Estonian, ``58.33370, 22.25560`` in English."""
    if lat is None or lon is None:
        return ""
    text = f"{lat:.5f}, {lon:.5f}"
    return text.replace(".", ",") if lang == "et" else text


def point_from_numbers(a: float, b: float) -> Parsed:
    """Two numbers in any order: degrees or L-EST97 metres."""
    text = f"{a}, {b}"
    if max(abs(a), abs(b)) > 1000:  # metres
        for x, y in ((a, b), (b, a)):
            if _within(x, NORTHING) and _within(y, EASTING):
                lon, lat = _from_lest97().transform(y, x)
                return Parsed(round(lat, 6), round(lon, 6), "lest97")
        raise CoordinateError(f"{text} are not L-EST97 coordinates in Estonia",
                              "coords.outside_estonia", point=f"{a:.0f} {b:.0f}")
    if abs(a) > 90 and abs(b) > 90 or abs(a) > 180 or abs(b) > 180:
        raise CoordinateError(f"{text} is out of range", "coords.out_of_range", point=text)
    for lat, lon in ((a, b), (b, a)):
        if in_estonia_box(lat, lon):
            return Parsed(lat, lon, "wgs84")
    if abs(a) <= 90:
        raise CoordinateError(f"{a}, {b} is outside Estonia", "coords.outside_estonia",
                              lat=a, lon=b)
    raise CoordinateError(f"{text} is out of range", "coords.out_of_range", point=text)


def parse_number(text: str) -> float:
    """``58,3337`` or ``58.3337`` or ``1 200``; ValueError if it is not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def parse_point(text: str) -> Parsed:
    """A point from text such as ``58,3337; 22,2556`` or ``58.3337° N, 22.2556° E``."""
    raw = (text or "").strip()
    cleaned = re.sub(r"[°'″′\"NnEeIiPp]", " ", raw)  # degree signs, N/E (P/I in Estonian)
    if ";" in cleaned or re.search(r"\d,\d+\s*,", cleaned) or re.search(r"\d\s+\d", cleaned):
        parts = re.split(r"[;\s]+|,\s+", cleaned.strip(" ,;"))
    else:
        parts = re.split(r"\s*,\s*|\s+", cleaned.strip(" ,;"))
    parts = [p for p in parts if p]
    numbers = [p for p in parts if _NUMBER.fullmatch(p)]
    if len(parts) != 2 or len(numbers) != 2:
        raise CoordinateError(f"cannot read coordinates from {raw!r}", "coords.unreadable",
                              text=raw[:60])
    a, b = (parse_number(p) for p in numbers)
    return point_from_numbers(a, b)
