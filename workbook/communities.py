"""Workshop I logic: save, move and import a team's communities; build its static map.

The page (``workbook.ui.communities``) calls only these functions. A form's raw
values go through the same ``community_payload`` as every imported row, so the
form and the importers accept and refuse the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from .exceptions import WorkbookError
from .geo import layers
from .geo.coords import CoordinateError, in_estonia_box
from .geo.geodata import Geodata
from .i18n import t
from .io.community_input import Problem, community_payload
from .io.importers import read
from .io.importers.preview import Preview, preview
from .service import Entry, Session


class FormInvalid(WorkbookError):
    """Some of a form's values cannot be saved; ``problems`` names each."""

    code = "error.validation"

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.column}: {p.code}" for p in problems))
        self.problems = problems


class OutsideEstonia(CoordinateError):
    """A location outside Estonia's outline (the coordinates' own check is a box): refused."""

    def __init__(self, lat: float, lon: float):
        super().__init__(f"{lat}, {lon} is outside Estonia", code="coords.outside_estonia",
                         lat=lat, lon=lon)


@dataclass
class Saved:
    entry: Entry
    warnings: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, params)


def check_location(geo: Geodata | None, municipality_code: str, lat: float,
                   lon: float) -> list[tuple[str, dict]]:
    """Refuse a point outside Estonia; warn when it is outside the team's municipality."""
    inside = geo.inside_estonia(lat, lon) if geo else in_estonia_box(lat, lon)
    if not inside:
        raise OutsideEstonia(lat, lon)
    if geo and geo.inside_municipality(municipality_code, lat, lon) is False:
        feature = geo.municipality(municipality_code)
        name = feature["properties"]["name"] if feature else municipality_code
        return [("communities.outside_municipality", {"municipality": name})]
    return []


def save_community(session: Session, team_id: str, fields: dict[str, str], *,
                   geo: Geodata | None, item_id: str | None = None,
                   expected_version: int | None = None) -> Saved:
    """Create or update a community from a form's raw values."""
    payload, problems = community_payload(fields)
    if problems:
        raise FormInvalid(problems)
    assert payload is not None  # None only with problems
    warnings = []
    if payload.get("location"):
        loc = payload["location"]
        team = session.team(team_id)
        warnings = check_location(geo, team.data.municipality_code, loc["lat"], loc["lon"])
    if item_id is None:
        return Saved(session.create("community", payload, team_id=team_id), warnings)
    # an update (``item_id``) is always given the version it started from
    return Saved(session.save(item_id, payload, expected_version=cast(int, expected_version)),
                 warnings)


def move_community(session: Session, entry: Entry, lat: float, lon: float, *,
                   geo: Geodata | None) -> Saved:
    """Save a dragged point; StaleVersion if a teammate saved the community first."""
    team = session.team(cast(str, entry.team_id))  # a community is a team's
    warnings = check_location(geo, team.data.municipality_code, lat, lon)
    data = entry.data.model_dump(mode="json")
    data["location"] = {"lat": round(lat, 6), "lon": round(lon, 6)}
    return Saved(session.save(entry.id, data, expected_version=entry.version), warnings)


def import_preview(session: Session, team_id: str, filename: str, data: bytes,
                   geo: Geodata | None = None) -> Preview:
    """Read a file and check every row against the form's rules and the saved communities."""
    existing = []
    for entry in session.items("community", team_id):
        loc = entry.data.location
        existing.append((entry.data.name, loc.lat if loc else None, loc.lon if loc else None))
    return preview(read(filename, data), existing, geo.inside_estonia if geo else None)


def import_confirm(session: Session, team_id: str, found: Preview, *,
                   include_duplicates: bool = False) -> list[Entry]:
    """Add the good rows in one transaction."""
    payloads = found.to_create(include_duplicates)
    return session.create_many("community", payloads, team_id=team_id) if payloads else []


def static_map_html(session: Session, team_id: str, lang: str, geo: Geodata | None) -> str:
    from .geo.static_map import build_static_map  # folium (and pandas) only when asked for
    """The team's communities as an offline HTML map."""
    team = session.team(team_id)
    features = [f for e in session.items("community", team_id)
                if (f := layers.point_feature(e.id, e.data.model_dump(mode="json"), lang))]
    code = team.data.municipality_code
    title = f"{t('section.communities', lang)} · {team.data.name}"
    if geo is None:
        return build_static_map(features, lang, title=title)
    return build_static_map(features, lang, title=title, municipality=geo.municipality(code),
                            settlements=geo.settlements_of(code),
                            attribution=geo.attribution(lang))
