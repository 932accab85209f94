"""Charts as Chromium draws them: every bar as long as its value (a timeline bar as long as
its activity), whatever the page's stylesheet says about other elements.

The exports are made in-process for the filled demo team and opened from disk with the
network blocked; the plan page is the real one in Voila. Each chart carries its scale
(``data-scale``: SVG units per unit of value, ``data-plot-x``/``data-plot-width``: the bar
area) and each bar its value (``data-value``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from test_export_pages import open_offline  # tests/browser is on sys.path

from workbook import demo, export
from workbook.export.content import collect
from workbook.export.report import report_html
from workbook.export.slides import deck_html

TOLERANCE = 2  # px
BARS = ".wb-chart-bar, .wb-timeline-bar"

MEASURE = """(root) => {
  const out = [];
  for (const svg of root.querySelectorAll('svg[data-scale]')) {
    if (!svg.getBoundingClientRect().width) { continue; }  // not on screen (another slide)
    const ctm = svg.getScreenCTM(), d = svg.dataset;
    const plotRight = ctm.e + (Number(d.plotX) + Number(d.plotWidth)) * ctm.a;
    for (const bar of svg.querySelectorAll('[data-value]')) {
      const box = bar.getBoundingClientRect();
      const units = Math.max(Number(bar.dataset.value) * Number(d.scale), Number(d.minWidth));
      out.push({chart: svg.getAttribute('class'), bar: bar.getAttribute('class'),
                title: bar.textContent, value: Number(bar.dataset.value),
                start: bar.dataset.start || null, end: bar.dataset.end || null,
                width: box.width, expected: units * ctm.a, right: box.right, plotRight});
    }
  }
  return out;
}"""


def measure(pw, root: str = "body") -> list[dict]:
    return pw.locator(root).first.evaluate(MEASURE)


def check(bars: list[dict]) -> None:
    """Each bar's drawn length matches its value; timeline bars match their dates and stay
    inside the chart."""
    assert bars
    for b in bars:
        assert abs(b["width"] - b["expected"]) <= TOLERANCE, b
        assert b["right"] <= b["plotRight"] + TOLERANCE, b
        if b["start"]:
            days = (dt.date.fromisoformat(b["end"]) - dt.date.fromisoformat(b["start"])).days
            assert b["value"] == days + 1, b
    values = {b["value"] for b in bars if b["chart"] == "wb-bars"}
    widths = {round(b["width"]) for b in bars if b["chart"] == "wb-bars"}
    assert len(widths) >= min(len(values), 2)  # unequal values: unequal bars


def kinds(bars: list[dict]) -> dict[str, int]:
    found: dict[str, int] = {}
    for b in bars:
        found[b["chart"]] = found.get(b["chart"], 0) + 1
    return found


@pytest.fixture
def content(filled):
    return collect(filled.admin, filled.teams[demo.FILLED_TEAM])


def test_report_bars_are_as_long_as_their_values(content, browser, tmp_path):
    path = tmp_path / "aruanne.html"
    path.write_text(report_html(content, "et"), encoding="utf-8")
    blocked: list[str] = []
    pw = open_offline(browser, path, blocked)
    bars = measure(pw)
    check(bars)
    found = kinds(bars)
    assert found.get("wb-gantt") == 8 and found.get("wb-bars", 0) >= 4, found
    # the pilot's hours bar keeps its own width
    assert pw.locator(".wb-progress .wb-bar").first.bounding_box()["width"] == pytest.approx(
        320, abs=1)
    pw.context.close()


def test_every_chart_slide_draws_its_bars_to_scale(content, browser, tmp_path):
    path = tmp_path / "slaidid.html"
    path.write_text(deck_html(content, "et"), encoding="utf-8")
    pw = open_offline(browser, path, [])
    slides = pw.locator(".wb-slide").count()
    with_charts = []
    for n in range(1, slides + 1):
        assert pw.evaluate("document.documentElement.getAttribute('data-wb-slide')") == str(n)
        bars = measure(pw, ".wb-slide.wb-current")
        if bars:
            check(bars)
            with_charts.append((n, sorted(kinds(bars))))
        pw.keyboard.press("ArrowRight")
    assert with_charts == [(3, ["wb-bars"]), (4, ["wb-bars"]), (6, ["wb-gantt"])]
    pw.context.close()


def test_cohort_index_bars_are_as_long_as_their_values(filled, browser, tmp_path):
    raw = export.cohort_bundle(filled.login("Kadri Koordinaator"), pdf=False)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        zf.extractall(tmp_path / "lend")
    (index,) = (tmp_path / "lend").glob("*/index.html")
    pw = open_offline(browser, index, [])
    bars = measure(pw)
    check(bars)
    assert pw.locator("svg.wb-bars").count() == 3 and kinds(bars)["wb-bars"] >= 3
    pw.context.close()


def test_plan_page_timeline_bars_follow_the_dates(voila, page):
    pw = page.open(voila.url_for("Kaia Kask", "05_tegevuskava.ipynb"))
    pw.wait_for_selector(".wb-gantt rect.wb-timeline-bar")
    bars = measure(pw)
    check(bars)
    lengths = {b["value"] for b in bars}
    assert len(lengths) > 1 and kinds(bars)["wb-gantt"] >= 8
    assert page.remote == []
