"""Check imported rows as the form would, and flag likely duplicates.

A good row keeps the notes on what reading changed (``GoodRow.notes``: an area
or a line made a point, latitude and longitude swapped back, L-EST97 converted),
for the preview to show beside the point that will be saved.

A likely duplicate has the same name (ignoring case, diacritics and spacing) as a
saved community or an earlier good row of the same file, and lies within
``NEAR_METRES`` of it, or one of the two has no location.

The team's community limit (``workbook/limits.py``) is kept here too: a preview
offers no more rows than the workbook has room for, the first ones in the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from ...geo.gazetteer import fold
from ...i18n import t
from ...limits import MAX_COMMUNITIES_PER_TEAM
from ..community_input import Note, Problem, checked_row, typed_location
from .base import ImportFailed, Row

NEAR_METRES = 2000


@dataclass(frozen=True)
class GoodRow:
    number: int
    payload: dict
    duplicate_of: str | None = None  # the saved community's name, or "#N" for row N
    duplicate_row: int | None = None  # N when it repeats an earlier row of the file
    notes: tuple[Note, ...] = ()  # what reading changed: an area made a point, swapped lat/lon

    @property
    def point(self) -> tuple[float, float] | None:
        """(lat, lon) as it will be saved, or None."""
        loc = self.payload.get("location")
        return (loc["lat"], loc["lon"]) if loc else None

    def duplicate_label(self, lang: str) -> str:
        """What it repeats, in words: the saved name or ``rida 3`` / ``row 3``."""
        if self.duplicate_row is not None:
            return t("import.row_label", lang, row=self.duplicate_row)
        return self.duplicate_of or ""


@dataclass(frozen=True)
class BadRow:
    number: int
    problems: list[Problem]


@dataclass
class Preview:
    good: list[GoodRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    existing: int = 0  # communities the team's workbook has now
    limit: int = MAX_COMMUNITIES_PER_TEAM

    @property
    def room(self) -> int:
        """How many more communities the workbook may hold."""
        return max(0, self.limit - self.existing)

    def wanted(self, include_duplicates: bool = False) -> list[dict]:
        """Every payload the file would add, likely duplicates only when asked for."""
        return [g.payload for g in self.good if include_duplicates or not g.duplicate_of]

    def over_limit(self, include_duplicates: bool = False) -> bool:
        """Would the wanted rows take the workbook past its limit?"""
        return len(self.wanted(include_duplicates)) > self.room

    def to_create(self, include_duplicates: bool = False) -> list[dict]:
        """The payloads to save: the wanted ones, no more than there is room for."""
        return self.wanted(include_duplicates)[:self.room]


@cache
def _geod():
    """The WGS84 ellipsoid (pyproj loads only when an import is previewed)."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two points on the WGS84 ellipsoid."""
    return _geod().inv(lon1, lat1, lon2, lat2)[2]


class _Seen:
    """Names seen so far, each with its points and what to call them."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[tuple]] = defaultdict(list)

    def add(self, name: str, lat, lon, label: str, row: int | None = None) -> None:
        self.by_name[fold(name)].append((lat, lon, label, row))

    def match(self, name: str, lat, lon) -> tuple[str, int | None] | None:
        for other_lat, other_lon, label, row in self.by_name.get(fold(name), ()):
            if None in (lat, lon, other_lat, other_lon) or \
                    distance_m(lat, lon, other_lat, other_lon) <= NEAR_METRES:
                return label, row
        return None


def _problems(row: Row, payload: dict | None, problems: list[Problem],
              inside_estonia: Callable[[float, float], bool] | None) -> list[Problem]:
    found = list(row.problems) + problems
    loc = (payload or {}).get("location")
    if loc and inside_estonia and not inside_estonia(loc["lat"], loc["lon"]):
        typed = typed_location(row.fields)
        found.append(Problem("location", typed, "coords.outside_estonia", {"point": typed}))
    return found


def preview(rows: list[Row], existing: list[tuple[str, float | None, float | None]],
            inside_estonia: Callable[[float, float], bool] | None = None,
            limit: int = MAX_COMMUNITIES_PER_TEAM) -> Preview:
    """Every row through the form's validation; ``existing`` = saved (name, lat, lon).

    ``inside_estonia`` is the exact outline check when the geodata is there (alone,
    the form's validation knows a box around Estonia). A file with more rows than a
    workbook may hold communities (``limit``) is refused as a whole.
    """
    if len(rows) > limit:
        raise ImportFailed(f"{len(rows)} rows, the limit is {limit}",
                           code="import.more_than_team_limit", count=len(rows), limit=limit)
    seen = _Seen()
    for name, lat, lon in existing:
        seen.add(name, lat, lon, name)
    result = Preview(existing=len(existing), limit=limit)
    for row in rows:
        payload, problems, notes = checked_row(row.fields)
        problems = _problems(row, payload, problems, inside_estonia)
        if problems:
            result.bad.append(BadRow(row.number, problems))
            continue
        assert payload is not None  # a row's payload is None only with problems
        loc = payload.get("location") or {}
        lat, lon = loc.get("lat"), loc.get("lon")
        label, of_row = seen.match(payload["name"], lat, lon) or (None, None)
        result.good.append(GoodRow(row.number, payload, label, of_row,
                                   tuple(row.notes) + tuple(notes)))
        seen.add(payload["name"], lat, lon, f"#{row.number}", row.number)
    return result
