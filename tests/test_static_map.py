"""The offline static map: inlined Leaflet, no remote code, user text only as data."""

import json
import re

from workbook.geo import layers
from workbook.geo.static_map import build_static_map, js_data

EVIL = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def communities(n: int) -> list[dict]:
    return [layers.point_feature(str(i), {"name": f"{EVIL} {i}", "kind": "interest",
                                          "location": {"lat": 58.0 + i / 1000, "lon": 25.0},
                                          "needs": ["a & b"]}, "et") for i in range(n)]


def remote_resources(html: str) -> list[str]:
    """URLs the page would load as code or style (not links a person may click)."""
    found = re.findall(r"<script[^>]+src=[\"']?(https?:[^\"' >]+)", html)
    found += re.findall(r"<link[^>]+href=[\"']?(https?:[^\"' >]+)", html)
    found += re.findall(r"@import\s+(?:url\()?[\"']?(https?:[^\"')]+)", html)
    found += re.findall(r"url\([\"']?(https?:[^\"')]+)", html)
    return found


def test_static_map_loads_nothing_from_the_network(geo):
    html = build_static_map(communities(3), "et", title="Saaremaa", attribution="Maa-amet",
                            municipality=geo.municipality("0714"),
                            settlements=geo.settlements_of("0714"))
    assert remote_resources(html) == []
    assert "L.map(" in html and "leaflet" in html.lower()  # Leaflet is inline
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_user_text_reaches_the_page_only_as_escaped_data():
    html = build_static_map(communities(2), "en", title=EVIL)
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x" in html  # the title, escaped
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # names, as JSON data
    assert "textContent" in html and "innerHTML" not in html.split("L.map(")[1]


def test_points_are_one_feature_collection_with_colours_and_popup_lines():
    html = build_static_map(communities(5), "et")
    data = json.loads(re.search(r"var data = (\{.*?\}), style", html).group(1))
    assert len(data["features"]) == 5
    props = data["features"][0]["properties"]
    assert props["colour"] == layers.KIND_COLOURS[layers.CommunityKind.interest]
    assert ["Liik", "huvikogukond"] in props["lines"]
    assert ["Vajadused", "a & b"] in props["lines"]


def test_map_fits_the_points_and_the_municipality(geo):
    html = build_static_map(communities(3), "et", municipality=geo.municipality("0714"))
    bounds = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S).group(1))
    (south, west), (north, east) = bounds
    assert south < 58.0 and north > 58.5 and west < 22.0 and east >= 25.0


def test_without_points_or_geodata_the_map_still_builds():
    html = build_static_map([], "en", title="empty")
    assert remote_resources(html) == [] and '"features": []' in html


def test_js_data_cannot_close_the_script_element():
    assert "</" not in js_data({"x": "</script>"})


def test_map_is_fitted_when_it_gets_a_size_not_while_hidden(geo):
    """A map laid out hidden (a slide not shown yet) is fitted once it has a size; the
    browser check is tests/browser/test_map_visible.py."""
    html = build_static_map(communities(3), "et", municipality=geo.municipality("0714"))
    script = html.split("function visible()", 1)[1]
    assert "ResizeObserver" in script and "if (!visible()) { return; }" in script
    assert script.index("if (!visible())") < script.index("data-wb-ready")
