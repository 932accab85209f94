"""The radar chart: plain SVG, escaped labels, one polygon per complete series."""

import re

import pytest

from workbook.charts import gantt_svg, radar_svg, stacked_bars_svg


def test_radar_has_axes_rings_and_series():
    svg = radar_svg(["A", "B", "C", "D"], [("Anne", [1, 2, 3, 4], "#123456"),
                                           ("Peeter", [2, None, 3, 4], "#654321")], 5, "T")
    assert svg.startswith("<svg") and "<script" not in svg and "http" not in svg.replace(
        "http://www.w3.org/2000/svg", "")
    assert svg.count('class="wb-series"') == 1  # an incomplete series is left out
    assert len(re.findall(r"<line ", svg)) == 4 and svg.count('stroke="#d9e2ec"') == 5


def test_labels_and_names_are_escaped():
    svg = radar_svg(["<b>x</b>", "B", "C"], [("<img src=x>", [1, 1, 1], "#000")], 3, "<t>")
    assert "<b>" not in svg and "<img" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg


def test_fewer_than_three_axes_is_refused():
    with pytest.raises(ValueError):
        radar_svg(["A", "B"], [], 5)


# --- bars: their own class names, their value and the chart's scale as data ---------------

def _bars(svg: str, cls: str) -> list[dict]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', rect))
            for rect in re.findall(rf'<rect [^>]*class="{cls}"[^>]*>', svg)]


def _svg_data(svg: str) -> dict:
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', svg.split(">", 1)[0]))


def test_stacked_bars_carry_their_value_and_are_drawn_to_scale():
    svg = stacked_bars_svg([("Koostöö", [7]), ("Volitamine", [2]), ("Mõlemad", [3, 4])],
                           [("a", "#111"), ("b", "#222")], "T")
    chart = _svg_data(svg)
    bars = _bars(svg, "wb-chart-bar")
    assert [float(b["data-value"]) for b in bars] == [7, 2, 3, 4]
    for b in bars:
        assert float(b["width"]) == pytest.approx(float(b["data-value"]) * float(chart["scale"]),
                                                  abs=0.1)
    assert float(bars[0]["width"]) == pytest.approx(float(chart["plot-width"]), abs=0.1)
    assert 'class="wb-bar"' not in svg


def test_timeline_bars_are_as_long_as_their_activity_and_stay_in_the_chart():
    import datetime as dt

    d = dt.date
    rows = [("Lühike", d(2027, 1, 10), d(2027, 1, 19), "#111"),
            ("Pikk", d(2027, 1, 1), d(2027, 6, 30), "#222"),
            ("Üks päev", d(2027, 6, 30), d(2027, 6, 30), "#333")]
    svg = gantt_svg(rows, [f"m{i}" for i in range(1, 13)], "T")
    chart = _svg_data(svg)
    right = float(chart["plot-x"]) + float(chart["plot-width"])
    bars = _bars(svg, "wb-timeline-bar")
    assert [b["data-value"] for b in bars] == ["10", "181", "1"]
    for b, (_, start, end, _) in zip(bars, rows):
        assert (b["data-start"], b["data-end"]) == (start.isoformat(), end.isoformat())
        days = int(b["data-value"])
        assert float(b["width"]) == pytest.approx(
            max(days * float(chart["scale"]), float(chart["min-width"])), abs=0.1)
        assert float(b["x"]) + float(b["width"]) <= right + 0.1
    assert 'class="wb-bar"' not in svg


def test_no_page_stylesheet_can_size_a_chart():
    """The project's check: no ``.wb-bar {… width …}`` rule; and no stylesheet names a
    chart element's class."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "workbook"
    css = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.css")}
    assert css
    for path, text in css.items():
        assert not re.search(r"^\s*\.wb-bar\b[^{]*\{[^}]*width", text, re.M), path
        assert "wb-chart-bar" not in text and "wb-timeline-bar" not in text, path


def test_a_legend_names_every_series_and_a_table_gives_the_values():
    from workbook.charts import series_legend

    html = series_legend([("Anne <A>", [1, 2, None], "#123456"), ("kokkulepitud", [2, 2, 3],
                                                                  "#111111")],
                         "Hinnangud tabelina", ["Eestvedamine", "Ressursid", "Koostöö"])
    assert html.count("<li>") == 2 and "Anne &lt;A&gt;" in html and "<A>" not in html
    assert "background:#123456" in html
    assert "<th scope='row'>Ressursid</th><td>2</td><td>2</td>" in html
    assert "<th scope='row'>Koostöö</th><td></td><td>3</td>" in html
