"""The radar chart: plain SVG, escaped labels, one polygon per complete series."""

import re

import pytest

from workbook.charts import radar_svg


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
