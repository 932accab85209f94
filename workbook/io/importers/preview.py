"""Check imported rows like a form would, and flag likely duplicates.

A likely duplicate has the same name (ignoring case, diacritics and spacing) as a
saved community or an earlier row, and lies within 2 km of it (or either has no
location).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from pyproj import Geod

from ...geo.gazetteer import fold
from ..community_input import Problem, community_payload
from .base import Row

NEAR_METRES = 2000
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class GoodRow:
    number: int
    payload: dict
    duplicate_of: str | None = None


@dataclass(frozen=True)
class BadRow:
    number: int
    problems: list[Problem]


@dataclass
class Preview:
    good: list[GoodRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    def to_create(self, include_duplicates: bool = False) -> list[dict]:
        return [g.payload for g in self.good if include_duplicates or not g.duplicate_of]


def _near(a: tuple, b: tuple) -> bool:
    if None in (a[1], a[2], b[1], b[2]):
        return True
    _, _, metres = _GEOD.inv(a[2], a[1], b[2], b[1])
    return metres <= NEAR_METRES


def preview(rows: list[Row], existing: list[tuple[str, float | None, float | None]],
            inside_estonia: Callable[[float, float], bool] | None = None) -> Preview:
    """Every row through the form's validation; ``existing`` = (name, lat, lon) saved.

    ``inside_estonia`` is the exact outline check when geodata is there (the form's
    validation alone knows only a box around Estonia).
    """
    seen = [(fold(name), lat, lon, name) for name, lat, lon in existing]
    result = Preview()
    for row in rows:
        fields = dict(row.fields)
        geometry = fields.pop("_geometry", None)
        payload, problems = community_payload(fields)
        if geometry:
            problems = [Problem("geometry", geometry, "import.wrong_geometry")] + problems
        loc = (payload or {}).get("location")
        if loc and inside_estonia and not inside_estonia(loc["lat"], loc["lon"]):
            problems.append(Problem("lat", f"{loc['lat']}, {loc['lon']}",
                                    "coords.outside_estonia", dict(loc)))
        if problems:
            result.bad.append(BadRow(row.number, problems))
            continue
        loc = payload.get("location") or {}
        here = (fold(payload["name"]), loc.get("lat"), loc.get("lon"))
        duplicate = next((label for name, lat, lon, label in seen
                          if name == here[0] and _near(here, (name, lat, lon))), None)
        result.good.append(GoodRow(row.number, payload, duplicate))
        seen.append((*here, f"#{row.number}"))
    return result
