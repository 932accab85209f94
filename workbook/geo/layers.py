"""One definition of the map's layers and styles, used by the live and the static map.

Colours by community kind, the legend, outline styles, base layers with their
attribution, and the plain-text content of a community's popup (each renderer
escapes it: the live map through ``html.esc``, the static map through
``textContent``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..model.sections import CommunityKind

KIND_COLOURS = {
    CommunityKind.settlement: "#1b7837",
    CommunityKind.district: "#2166ac",
    CommunityKind.interest: "#c51b7d",
    CommunityKind.organisation: "#e08214",
}
POINT_STYLE = {"radius": 7, "weight": 1.5, "color": "#ffffff", "fillOpacity": 0.9, "opacity": 1}
#: The live map's points: circle markers whose clicks select, not reach the map below.
LIVE_POINT_STYLE = {**POINT_STYLE, "className": "wb-point", "bubblingMouseEvents": False}
MUNICIPALITY_STYLE = {"color": "#243b53", "weight": 2.5, "fillColor": "#243b53",
                      "fillOpacity": 0.04, "opacity": 0.9}
SETTLEMENT_STYLE = {"color": "#627d98", "weight": 0.8, "fillOpacity": 0, "opacity": 0.7,
                    "dashArray": "3 3"}
ESTONIA_CENTRE = (58.65, 25.0)


@dataclass(frozen=True)
class BaseLayer:
    id: str
    url: str
    attribution: str
    max_zoom: int = 18
    tms: bool = False

    def name(self, lang: str) -> str:
        return t(f"map.base.{self.id}", lang)


BASE_LAYERS = (
    BaseLayer("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
              "© OpenStreetMap contributors", 19),
    BaseLayer("maaamet", "https://tiles.maaamet.ee/tm/tms/1.0.0/kaart@GMC/{z}/{x}/{y}.png",
              "© Maa-amet", 18, tms=True),
)


PHASE_SCALE = ("#d73027", "#fc8d59", "#fee08b", "#d9ef8b", "#91cf60", "#1a9850")
UNKNOWN_PHASE = "#9aa5b1"


def phase_colour(phase: int | None, top: int) -> str:
    """From red (phase 1) to green (the top phase); grey when not assessed."""
    if not phase:
        return UNKNOWN_PHASE
    step = (phase - 1) / max(top - 1, 1)
    return PHASE_SCALE[round(step * (len(PHASE_SCALE) - 1))]


def kind_colour(kind: str | CommunityKind) -> str:
    return KIND_COLOURS.get(CommunityKind(kind), "#555555")


def legend(lang: str) -> list[tuple[str, str]]:
    """(label, colour) per community kind."""
    return [(t(f"community.kind.{k.value}", lang), c) for k, c in KIND_COLOURS.items()]


def popup_lines(community: dict, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines for a community's popup; plain text, the caller escapes."""
    lines = [(t("field.kind", lang), t(f"community.kind.{community.get('kind', 'settlement')}",
                                       lang))]
    if community.get("size") is not None:
        lines.append((t("field.size", lang), str(community["size"])))
    if community.get("needs"):
        lines.append((t("field.needs", lang), "; ".join(community["needs"])))
    if community.get("assets"):
        lines.append((t("field.assets", lang), "; ".join(a["text"] for a in community["assets"])))
    return lines


def point_feature(community_id: str, community: dict, lang: str) -> dict | None:
    """A GeoJSON point feature for a community with a location, else None."""
    loc = community.get("location")
    if not loc:
        return None
    point = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    return {"type": "Feature", "geometry": point,
            "properties": {"id": community_id, "name": community.get("name", ""),
                           "colour": kind_colour(community.get("kind", "settlement")),
                           "lines": popup_lines(community, lang)}}
