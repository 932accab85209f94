"""Static maps with folium whose HTML works offline.

Leaflet's script and stylesheet are inlined from the installed ``xstatic-leaflet``
package (its images as data URIs), and folium's CDN links (jQuery, Bootstrap,
Font Awesome) are dropped: the map needs none of them. Communities are one
GeoJSON layer drawn as circles on a canvas, so thousands of points stay fast.
Names and other user text reach the page only as JSON data and are put into
tooltips and popups with ``textContent``, never as HTML.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from ..i18n import t
from .layers import (
    BASE_LAYERS,
    ESTONIA_CENTRE,
    MUNICIPALITY_STYLE,
    POINT_STYLE,
    SETTLEMENT_STYLE,
    legend,
)


def js_data(value) -> str:
    """JSON safe to place inside a <script> element."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed package, images inlined."""
    import xstatic.pkg.leaflet as xleaflet

    folder = Path(xleaflet.BASE_DIR)
    script = (folder / "leaflet.js").read_text(encoding="utf-8")
    script = script.replace("//# sourceMappingURL=leaflet.js.map", "")

    def data_uri(match: re.Match) -> str:
        png = (folder / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode()})"

    css = re.sub(r"url\(images/([\w-]+\.png)\)", data_uri,
                 (folder / "leaflet.css").read_text(encoding="utf-8"))
    return script.replace("</script", "<\\/script"), css


class _Blank(folium.map.Layer):
    """A base layer with no tiles: only the outlines and points show."""

    _template = Template("""{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{% endmacro %}""")


class PointLayer(folium.map.Layer):
    """All communities as one GeoJSON layer of circle markers on a canvas."""

    _template = Template("""{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data }}, style = {{ this.style }};
  var renderer = L.canvas({padding: 0.5});
  function text(tag, value, cls) {
    var el = document.createElement(tag); el.textContent = value;
    if (cls) { el.className = cls; } return el;
  }
  return L.geoJSON(data, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, Object.assign(
        {renderer: renderer, fillColor: f.properties.colour}, style));
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(function () { return text("span", f.properties.name); });
      layer.bindPopup(function () {
        var box = document.createElement("div");
        box.appendChild(text("strong", f.properties.name));
        f.properties.lines.forEach(function (line) {
          var p = text("div", ""); p.appendChild(text("b", line[0] + ": "));
          p.appendChild(document.createTextNode(line[1])); box.appendChild(p);
        });
        return box;
      });
    }
  }).addTo({{ this._parent.get_name() }});
})();
document.documentElement.setAttribute("data-wb-points", {{ this.get_name() }}.getLayers().length);
{% endmacro %}""")

    def __init__(self, features: list[dict], name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Communities"
        self.data = js_data({"type": "FeatureCollection", "features": features})
        self.style = js_data(POINT_STYLE)


class _Attribution(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
{% endmacro %}""")

    def __init__(self, text: str):
        super().__init__()
        self.text = js_data(text.replace("&", "&amp;").replace("<", "&lt;"))


class _FitOnLoad(MacroElement):
    """Fit the map to its points whenever it becomes visible or changes size (until a
    person moves it), and again before printing; then mark the page ``data-wb-ready``
    (the PDF printer waits for it) and ``data-wb-zoom``.

    A map laid out while hidden (a slide not shown yet, a frame not sized yet) is 0×0:
    fitting it then gives the maximum zoom, and Leaflet never fits it again by itself.
    So nothing is fitted at 0×0, and a ResizeObserver on the map's box fits it as soon
    as it has a size (in a frame, that is when the slide or the frame is shown)."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }}, bounds = {{ this.bounds }};
  var box = map.getContainer(), root = document.documentElement, moved = false, fitted = false;
  function visible() { return box.clientWidth > 0 && box.clientHeight > 0; }
  function fit() {
    map.invalidateSize(false);
    if (!visible()) { return; }
    if (bounds) { map.fitBounds(bounds, {padding: [20, 20], animate: false}); }
    root.setAttribute("data-wb-zoom", String(map.getZoom()));
    if (!fitted) {
      fitted = true;
      requestAnimationFrame(function () { requestAnimationFrame(function () {
        root.setAttribute("data-wb-ready", "1"); }); });
    }
  }
  function resized() { if (!fitted || !moved) { fit(); } else { map.invalidateSize(false); } }
  ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (name) {
    box.addEventListener(name, function () { if (fitted) { moved = true; } }, {passive: true});
  });
  function start() {
    fit();
    if (window.ResizeObserver) { new ResizeObserver(resized).observe(box); }
    else { window.addEventListener("resize", resized); }
  }
  if (document.readyState === "complete") { start(); }
  else { window.addEventListener("load", start); }
  window.addEventListener("beforeprint", fit);
})();
{% endmacro %}""")

    def __init__(self, bounds):
        super().__init__()
        self.bounds = js_data(bounds)


def _legend_html(lang: str) -> str:
    from html import escape

    rows = "".join(f'<div><span style="background:{colour}"></span>{escape(label)}</div>'
                   for label, colour in legend(lang))
    return ('<div class="wb-legend"><b>' + escape(t("map.legend", lang)) + "</b>" + rows
            + "</div><style>.wb-legend{position:fixed;bottom:24px;left:10px;z-index:1000;"
            "background:#fff;padding:6px 10px;border-radius:4px;font:13px sans-serif;"
            "box-shadow:0 1px 4px rgba(0,0,0,.3)}.wb-legend span{display:inline-block;"
            "width:12px;height:12px;border-radius:50%;margin-right:6px;"
            "vertical-align:middle;print-color-adjust:exact;-webkit-print-color-adjust:exact}</style>")


def build_static_map(features: list[dict], lang: str, *, title: str = "",
                     municipality: dict | None = None, settlements: dict | None = None,
                     attribution: str = "") -> str:
    """A complete, offline HTML page: base layers, outlines, points, legend."""
    m = folium.Map(location=ESTONIA_CENTRE, zoom_start=7, tiles=None)
    m.default_js, m.default_css = [], []
    script, css = leaflet_assets()
    root = cast(Figure, m.get_root())  # a Map's root is always its Figure
    root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
    root.header.add_child(Element(f"<script>{script}</script>"), name="leaflet_js")
    if title:
        from html import escape

        root.header.add_child(Element(f"<title>{escape(title)}</title>"), name="title")
    for i, base in enumerate(BASE_LAYERS):
        folium.TileLayer(base.url, attr=base.attribution, name=base.name(lang), show=i == 0,
                         max_zoom=base.max_zoom, tms=base.tms).add_to(m)
    _Blank(name=t("map.base.offline", lang), show=False).add_to(m)
    if settlements and settlements.get("features"):
        folium.GeoJson(settlements, name=t("map.settlements", lang),
                       style_function=lambda _: SETTLEMENT_STYLE).add_to(m)
    if municipality:
        folium.GeoJson(municipality, name=t("map.municipality", lang),
                       style_function=lambda _: MUNICIPALITY_STYLE).add_to(m)
    PointLayer(features, t("map.communities", lang)).add_to(m)
    if attribution:
        m.add_child(_Attribution(attribution))
    folium.LayerControl(collapsed=False).add_to(m)
    root.html.add_child(Element(_legend_html(lang)))
    bounds = _bounds(features, municipality)
    if bounds:
        m.fit_bounds(bounds, padding=(20, 20))
    m.add_child(_FitOnLoad(bounds))
    return root.render()


def _bounds(features: list[dict], municipality: dict | None):
    coords = [f["geometry"]["coordinates"] for f in features]
    if municipality:  # one outline (a Feature) or several (a FeatureCollection)
        import shapely.geometry

        for outline in municipality.get("features", [municipality]):
            minx, miny, maxx, maxy = shapely.geometry.shape(outline["geometry"]).bounds
            coords += [[minx, miny], [maxx, maxy]]
    if not coords:
        return None
    lons, lats = [c[0] for c in coords], [c[1] for c in coords]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
