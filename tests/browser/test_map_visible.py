"""A map that was laid out hidden is fitted when it is shown: the map slide reached with
the keyboard, and the report's map on every opening, show the outlines and every point
at a zoom that fits them (not grey at the maximum zoom)."""

from __future__ import annotations

import time

import pytest
from test_export_pages import open_offline  # tests/browser is on sys.path

from workbook import demo
from workbook.export.content import collect
from workbook.export.report import report_html
from workbook.export.slides import deck_html

LOCATED = 8  # the filled team's communities with a location

STATE = """() => {
  const map = Object.keys(window).filter(k => k.startsWith('map_'))
    .map(k => window[k]).find(m => m instanceof L.Map);
  const size = map.getSize(), points = [];
  map.eachLayer(l => { if (l instanceof L.CircleMarker) {
    const p = map.latLngToContainerPoint(l.getLatLng()); points.push([p.x, p.y]); } });
  const outlines = Array.from(document.querySelectorAll('path.leaflet-interactive'))
    .map(p => p.getBoundingClientRect()).map(r => [r.left, r.top, r.right, r.bottom]);
  return {zoom: map.getZoom(), max: map.getMaxZoom(), width: size.x, height: size.y,
          points, outlines};
}"""


def problems(state: dict) -> list[str]:
    found = []
    w, h = state["width"], state["height"]
    if not (w and h):
        found.append(f"map is {w}×{h}")
    if state["zoom"] >= state["max"]:
        found.append(f"zoom {state['zoom']} is the maximum")
    if len(state["points"]) != LOCATED:
        found.append(f"{len(state['points'])} points")
    found += [f"point {p} outside {w}×{h}" for p in state["points"]
              if not (0 <= p[0] <= w and 0 <= p[1] <= h)]
    if not state["outlines"]:
        found.append("no outline")
    found += [f"outline {o} outside {w}×{h}" for o in state["outlines"]
              if o[0] < -1 or o[1] < -1 or o[2] > w + 1 or o[3] > h + 1]
    return found


def settled(frame, seconds: float = 5) -> dict:
    """The map's state once it is right, or as it is after ``seconds``."""
    end = time.monotonic() + seconds
    while True:
        state = frame.evaluate(STATE)
        if not problems(state) or time.monotonic() > end:
            return state
        time.sleep(0.1)


def map_frame(pw):
    element = pw.locator(".wb-map-frame").first
    element.scroll_into_view_if_needed()
    return element.element_handle().content_frame()


@pytest.fixture
def content(filled, geodata_dir, monkeypatch):
    """The filled team's content, its maps drawn over the municipality's outline."""
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    return collect(filled.admin, filled.teams[demo.FILLED_TEAM])


def test_the_map_slide_reached_with_the_keyboard_is_fitted(content, browser, tmp_path):
    path = tmp_path / "slaidid.html"
    path.write_text(deck_html(content, "et"), encoding="utf-8")
    pw = open_offline(browser, path, [])
    frame = pw.locator(".wb-map-frame").first.element_handle().content_frame()
    frame.wait_for_function("typeof L !== 'undefined' && document.readyState === 'complete'")
    pw.wait_for_timeout(300)  # the hidden map has loaded and done what it does at load
    pw.keyboard.press("ArrowRight")
    assert pw.evaluate("document.documentElement.getAttribute('data-wb-slide')") == "2"
    state = settled(frame)
    assert problems(state) == [], state
    frame.wait_for_function("document.documentElement.hasAttribute('data-wb-ready')")
    pw.keyboard.press("ArrowRight")  # away and back: still fitted
    pw.keyboard.press("ArrowLeft")
    state = settled(frame)
    assert problems(state) == [], state
    pw.context.close()


def test_the_report_map_is_fitted_on_every_opening(content, browser, tmp_path):
    path = tmp_path / "aruanne.html"
    path.write_text(report_html(content, "et"), encoding="utf-8")
    for attempt in range(10):
        pw = open_offline(browser, path, [])
        frame = map_frame(pw)
        frame.wait_for_function("document.documentElement.hasAttribute('data-wb-ready')")
        state = frame.evaluate(STATE)  # ready means fitted: no waiting beyond it
        assert problems(state) == [], (attempt, state)
        pw.context.close()
