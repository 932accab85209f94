"""Coordinates as people type them: degrees either way round, decimal comma, L-EST97."""

import pytest
from pyproj import Transformer

from workbook.geo.coords import (CoordinateError, format_point, in_estonia_box, parse_point,
                                 point_from_numbers)
from workbook.messages import error_message

KARLA = (58.3337, 22.2556)


@pytest.mark.parametrize("text", [
    "58.3337, 22.2556", "58.3337 22.2556", "58,3337; 22,2556", "58,3337 22,2556",
    "58,3337, 22,2556", "22.2556, 58.3337", "22,2556 58,3337", "58.3337° N, 22.2556° E",
    "  58.3337,22.2556  ",
])
def test_degrees_in_any_common_form(text):
    point = parse_point(text)
    assert (point.lat, point.lon, point.system) == (*KARLA, "wgs84")


def test_lest97_metres_either_order_are_converted_with_pyproj():
    to_lest = Transformer.from_crs("EPSG:4326", "EPSG:3301", always_xy=True)
    east, north = to_lest.transform(24.745, 59.437)  # Tallinn
    for text in (f"{north:.1f} {east:.1f}", f"{east:.0f}, {north:.0f}",
                 f"{north:.0f};{east:.0f}"):
        point = parse_point(text)
        assert point.system == "lest97"
        assert point.lat == pytest.approx(59.437, abs=1e-4)
        assert point.lon == pytest.approx(24.745, abs=1e-4)


@pytest.mark.parametrize("text, code", [
    ("56.95 24.1", "coords.outside_estonia"),      # Riga
    ("60.17, 24.94", "coords.outside_estonia"),    # Helsinki
    ("95 200", "coords.out_of_range"),
    ("1000000 2000000", "coords.outside_estonia"),  # metres, but not in Estonia
    ("abc", "coords.unreadable"),
    ("58.3", "coords.unreadable"),
    ("58.3 22.2 10", "coords.unreadable"),
    ("", "coords.unreadable"),
])
def test_bad_coordinates_are_refused_with_a_code(text, code):
    with pytest.raises(CoordinateError) as info:
        parse_point(text)
    assert info.value.code == code


def test_messages_name_the_point_in_each_language():
    with pytest.raises(CoordinateError) as info:
        parse_point("56.95 24.1")
    assert "56,95000, 24,10000" in error_message(info.value, "et")
    assert "56.95000, 24.10000" in error_message(info.value, "en")
    with pytest.raises(CoordinateError) as info:
        parse_point("nonsense")
    assert "nonsense" in error_message(info.value, "et")


def test_numbers_already_split():
    assert point_from_numbers(22.2556, 58.3337).lat == 58.3337
    assert in_estonia_box(*KARLA) and not in_estonia_box(56.95, 24.1)


def test_format_point():
    assert format_point(58.3337, 22.2556, "et") == "58,33370, 22,25560"
    assert format_point(58.3337, 22.2556, "en") == "58.33370, 22.25560"
    assert format_point(None, None) == ""
