"""The live map of a team's communities (ipyleaflet): outlines, points, clicks, drags.

All points are ONE GeoJSON layer of circle markers (a widget per point made a team
at the community limit unusable): a click on a point selects its community. The
selected community alone gets a marker of its own, with its name, its popup and,
when the page is editable, a handle to drag it somewhere else.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from ..geo import outline
from ..geo.layers import (
    BASE_LAYERS,
    ESTONIA_CENTRE,
    LIVE_POINT_STYLE,
    MUNICIPALITY_STYLE,
    SETTLEMENT_STYLE,
    UNKNOWN_PHASE,
    kind_colour,
    legend,
    phase_colour,
    popup_lines,
)
from ..html import esc, tag
from ..i18n import t

if TYPE_CHECKING:  # the module itself is imported by _leaflet()
    from ipyleaflet import DivIcon, Marker


def _leaflet():
    """ipyleaflet, imported without numpy when nothing has loaded numpy yet.

    ipyleaflet imports branca, which imports numpy when it is installed, only for its
    ``image_to_url``, which the map never calls. numpy would add about 11 MB to every
    kernel that shows the map; with it hidden during the import, branca takes it as
    absent. Anything that needs numpy later (an export) imports it as usual.
    """
    if "numpy" in sys.modules or "branca" in sys.modules:
        import ipyleaflet
        return ipyleaflet
    sys.modules["numpy"] = None  # makes `import numpy` fail
    try:
        import ipyleaflet
    finally:
        del sys.modules["numpy"]
    return ipyleaflet


lf = _leaflet()

#: A map click this soon after a drag is the drag's own mouse-up, not a new point.
DRAG_CLICK_SECONDS = 1.0
LAT_STRETCH = 1.9  # a degree of latitude is ~1.9 degrees of longitude on the map at 58° N
PIN = '<span class="wb-pin{extra}" style="background:{colour}"></span>'


def _pin(colour: str, selected: bool = False) -> DivIcon:
    return lf.DivIcon(html=PIN.format(colour=colour, extra=" wb-pin-selected" if selected else ""),
                      icon_size=[18, 18], icon_anchor=[9, 9])


def _popup(name: str, community: dict, lang: str) -> w.HTML:
    lines = "".join(tag("div", tag("b", esc(label) + ": ") + esc(value))
                    for label, value in popup_lines(community, lang))
    return w.HTML(tag("strong", esc(name)) + lines)


class CommunityMap:
    """Wraps an ipyleaflet Map; callbacks get plain values (ids, lat, lon)."""

    def __init__(self, lang: str, *, editable: bool, municipality: dict | None = None,
                 settlements: dict | None = None, attribution: str = ""):
        self.lang, self.editable = lang, editable
        self.bases = {b.id: lf.TileLayer(url=b.url, name=b.name(lang), max_zoom=b.max_zoom,
                                         attribution=b.attribution, tms=b.tms, base=True)
                      for b in BASE_LAYERS}
        self.bases["offline"] = lf.LayerGroup(name=t("map.base.offline", lang), base=True)
        self.map = lf.Map(basemap=self.bases["osm"], center=ESTONIA_CENTRE, zoom=7,
                          scroll_wheel_zoom=True, zoom_control=False,
                          layout=w.Layout(height="560px", width="100%"))
        self.map.add(lf.ZoomControl(zoom_in_title=t("map.zoom_in", lang),
                                    zoom_out_title=t("map.zoom_out", lang), zoom_out_text="−"))
        self.map.add_class("wb-map")
        self.base_switch = w.ToggleButtons(
            options=[(layer.name, key) for key, layer in self.bases.items()], value="osm",
            style={"button_width": "auto"})
        self.base_switch.add_class("wb-base-switch")
        self.base_switch.observe(self._switch_base, names="value")
        if settlements and settlements.get("features"):
            self.map.add(lf.GeoJSON(data=settlements, style=SETTLEMENT_STYLE,
                                    name=t("map.settlements", lang)))
        self._framed: int | None = None  # the zoom set to frame the municipality
        self._extent = (0.0, 0.0, 0.0, 0.0)  # its outline's extent (lon, lat, lon, lat)
        if municipality:
            self.map.add(lf.GeoJSON(data=municipality, style=MUNICIPALITY_STYLE,
                                    name=t("map.municipality", lang)))
            self._fit(municipality)
        if attribution:  # the Land Board's outlines: credited on the map itself
            self.map.add(lf.WidgetControl(widget=w.HTML(tag("span", esc(attribution),
                                                            "wb-attribution")),
                                          position="bottomright"))
        self.points = lf.GeoJSON(data=_collection([]), point_style=LIVE_POINT_STYLE,
                                 name=t("map.communities", lang))
        self.points.on_click(self._point_clicked)
        self.map.add(self.points)
        self.chosen = lf.LayerGroup(name=t("map.selected", lang))  # the selected one's marker
        self.map.add(self.chosen)
        self.pending = lf.Marker(location=ESTONIA_CENTRE, draggable=False, visible=False,
                                 opacity=0.6, title="+")
        self.map.add(self.pending)
        self.legend = lf.LegendControl({label: colour for label, colour in legend(lang)},
                                       title=t("map.legend", lang), position="bottomleft")
        self.map.add(self.legend)
        self.colour_by = w.ToggleButtons(options=[(t("map.colour_kind", lang), "kind"),
                                                  (t("map.colour_phase", lang), "phase")],
                                         value="kind", style={"button_width": "auto"})
        self.colour_by.add_class("wb-colour-by")
        self.colour_by.observe(self._recolour, names="value")
        self.phases: dict[str, int] = {}
        self.rubric = None
        self._drawn: tuple[list, str | None] = ([], None)
        self._on_click: Callable[[float, float], None] | None = None
        self._on_move: Callable[[str, float, float], None] | None = None
        self._on_select: Callable[[str], None] | None = None
        self.located: dict[str, dict] = {}  # community id -> its data, for those with a place
        self.selected: str | None = None
        self.marker: Marker | None = None
        self._dragged_at = float("-inf")
        self.map.on_interaction(self._interaction)

    @property
    def widget(self) -> w.VBox:
        label = w.HTML(tag("b", esc(t("map.colour_by", self.lang)) + ":"),
                       layout=w.Layout(margin="0 6px 0 16px"))
        return w.VBox([self.base_switch, self.map, w.HBox([label, self.colour_by])])

    def set_phases(self, phases: dict[str, int], rubric) -> None:
        """Each community's overall development phase, for colouring by phase."""
        self.phases, self.rubric = phases, rubric

    def _colour(self, entry_id: str, data: dict) -> str:
        if self.colour_by.value == "phase" and self.rubric is not None:
            return phase_colour(self.phases.get(entry_id), self.rubric.top)
        return kind_colour(data.get("kind", "settlement"))

    def _recolour(self, change) -> None:
        lang = self.lang
        if change["new"] == "phase" and self.rubric is not None:
            items = {f"{p.number}. {p.name(lang)}": phase_colour(p.number, self.rubric.top)
                     for p in self.rubric.phases}
            items[t("map.phase_unknown", lang)] = UNKNOWN_PHASE
            self.legend.title, self.legend.legend = t("phases.overall", lang), items
        else:
            self.legend.title = t("map.legend", lang)
            self.legend.legend = {label: colour for label, colour in legend(lang)}
        self.set_communities(*self._drawn)

    def _switch_base(self, change) -> None:
        old, new = self.bases[change["old"]], self.bases[change["new"]]
        self.map.substitute(old, new)

    def _fit(self, feature: dict) -> None:
        """Centre on the municipality, zoomed to show it whole: first for a map of about
        600×560 px, then, once the browser says how large the map is (a phone, a
        projector), for that size, until the person zooms themselves."""
        box = outline.bounds(feature["geometry"])
        if box is None:
            return
        self._extent = box
        self.map.center = ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2)
        self.map.zoom = self._framed = self._zoom_for(600, 560)
        self.map.observe(self._sized, names=["left", "right", "top", "bottom"])

    def _zoom_for(self, width: float, height: float) -> int:
        minx, miny, maxx, maxy = self._extent
        across = 360 / max(maxx - minx, 0.01) * width / 256
        down = 360 / max((maxy - miny) * LAT_STRETCH, 0.01) * height / 256
        return max(6, min(13, math.floor(math.log2(min(across, down)))))

    def _sized(self, change) -> None:
        if self._framed is None:
            return
        if self.map.zoom != self._framed:  # the person zoomed: their view stays
            self._framed = None
            return
        width, height = self.map.right - self.map.left, self.map.bottom - self.map.top
        if width > 0 and height > 0:  # 0 while the section is hidden
            self.map.zoom = self._framed = self._zoom_for(width, height)

    def on_click(self, callback: Callable[[float, float], None]) -> None:
        self._on_click = callback

    def on_move(self, callback: Callable[[str, float, float], None]) -> None:
        self._on_move = callback

    def on_select(self, callback: Callable[[str], None]) -> None:
        """``callback(community id)`` when a point on the map is clicked."""
        self._on_select = callback

    def _point_clicked(self, **event) -> None:
        entry_id = (event.get("properties") or {}).get("id")
        if entry_id in self.located and self._on_select:
            self._on_select(entry_id)

    def _interaction(self, **event) -> None:
        # When the mouse is let go beside the dragged pin (it lags behind a fast drag),
        # the browser also sends the map a click there: not a point the person chose.
        just_dragged = time.monotonic() - self._dragged_at < DRAG_CLICK_SECONDS
        if event.get("type") == "click" and self._on_click and self.editable and not just_dragged:
            lat, lon = event["coordinates"]
            self._on_click(lat, lon)

    def show_pending(self, lat: float | None, lon: float | None) -> None:
        """The unsaved location typed or clicked in the form."""
        if lat is None:
            self.pending.visible = False
            return
        self.pending.location = (lat, lon)
        self.pending.visible = True

    def set_communities(self, entries: list, selected: str | None = None) -> None:
        """Draw the communities with a location as one layer (entries: id + data dict)."""
        self._draw_points(entries)
        self.select(selected)

    def update(self, entries: list) -> None:
        """A teammate's save: the points drawn anew, with the same view; the chosen
        community's marker is made again only if it changed (a drag in progress stays)."""
        before = self.located.get(self.selected) if self.selected else None
        self._draw_points(entries)
        if self.selected and self.located.get(self.selected) != before:
            self.select(self.selected)

    def _draw_points(self, entries: list) -> None:
        self._drawn = (entries, self.selected)
        self.located = {entry_id: data for entry_id, data in entries if data.get("location")}
        self.points.data = _collection([_point(entry_id, data, self._colour(entry_id, data))
                                        for entry_id, data in self.located.items()])

    def select(self, entry_id: str | None) -> None:
        """Give the selected community (if it has a place) its own marker; drop the old one."""
        self.selected = entry_id
        self._drawn = (self._drawn[0], entry_id)
        old, self.marker = self.marker, None
        data = self.located.get(entry_id) if entry_id else None
        if data is not None and entry_id:  # data only for an entry_id
            loc, name = data["location"], data.get("name", "")
            marker = lf.Marker(location=(loc["lat"], loc["lon"]), draggable=self.editable,
                               title=name, icon=_pin(self._colour(entry_id, data), True))
            marker.popup = _popup(name, data, self.lang)
            marker.observe(self._moved(entry_id), names="location")
            self.marker = marker
        self.chosen.layers = [self.marker] if self.marker else []
        if old is not None:  # closed, so a long session does not pile up widgets
            for widget in (old.popup, old.icon, old):
                widget.close()

    def update_point(self, entry_id: str, data: dict) -> None:
        """A community moved (dragged and saved): redraw the points, keep its marker."""
        self._draw_points([(i, data if i == entry_id else d) for i, d in self._drawn[0]])

    def _moved(self, entry_id: str):
        def handler(change) -> None:
            self._dragged_at = time.monotonic()
            if self._on_move:
                lat, lon = change["new"]
                self._on_move(entry_id, float(lat), float(lon))
        return handler


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _point(entry_id: str, data: dict, colour: str) -> dict:
    """A point feature kept small: the id for clicks, the name, and its fill colour."""
    loc = data["location"]
    return {"type": "Feature", "id": entry_id,
            "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": {"id": entry_id, "name": data.get("name", ""),
                           "style": {"fillColor": colour}}}
