"""Coordinates as people type them: degrees either way round, decimal comma, L-EST97."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Transformer

from workbook.geo.coords import (
    LAT_RANGE,
    LON_RANGE,
    CoordinateError,
    format_point,
    in_estonia_box,
    parse_point,
    point_from_numbers,
)
from workbook.messages import error_message

KARLA = (58.3337, 22.2556)
TO_LEST97 = Transformer.from_crs("EPSG:4326", "EPSG:3301", always_xy=True)
FROM_LEST97 = Transformer.from_crs("EPSG:3301", "EPSG:4326", always_xy=True)


@pytest.mark.parametrize("text", [
    "58.3337, 22.2556", "58.3337 22.2556", "58,3337; 22,2556", "58,3337 22,2556",
    "58,3337, 22,2556", "58.3337;22.2556", "58.3337,22.2556", "  58.3337 ,22.2556  ",
    "58,3337,22,2556", "58.3337\t22.2556",
    "22.2556, 58.3337", "22,2556 58,3337", "22,2556; 58,3337",          # swapped
    "58.3337° N, 22.2556° E", "58,3337° N; 22,2556° E", "N 58.3337 E 22.2556",
    "58.3337 P, 22.2556 I",                                             # põhja-, idapikkus
])
def test_degrees_in_any_common_form(text):
    point = parse_point(text)
    assert (point.lat, point.lon, point.system) == (*KARLA, "wgs84")


def test_degrees_minutes_seconds_as_google_maps_shows_them():
    point = parse_point("58°20'01.3\"N 22°15'20.2\"E")
    assert point.lat == pytest.approx(58.333694, abs=1e-6)
    assert point.lon == pytest.approx(22.255611, abs=1e-6)
    assert parse_point("58° 20′ N, 22° 15′ E").lon == pytest.approx(22.25)


def test_a_known_lest97_point_near_tallinn_in_either_order():
    lon, lat = FROM_LEST97.transform(542000, 6584000)  # y (easting), x (northing)
    assert 59.3 < lat < 59.5 and 24.6 < lon < 24.9
    for text in ("6584000 542000", "542000, 6584000", "6584000;542000", "6584000,0 542000,0"):
        point = parse_point(text)
        assert point.system == "lest97"
        assert (point.lat, point.lon) == (pytest.approx(lat, abs=1e-6),
                                          pytest.approx(lon, abs=1e-6))


@given(st.floats(*LAT_RANGE), st.floats(*LON_RANGE), st.sampled_from(["et", "en"]))
def test_round_trips_through_the_shown_text_and_lest97(lat, lon, lang):
    shown = parse_point(format_point(lat, lon, lang))
    assert (shown.lat, shown.lon) == (pytest.approx(lat, abs=1e-5), pytest.approx(lon, abs=1e-5))
    east, north = TO_LEST97.transform(lon, lat)
    metres = point_from_numbers(north, east)
    assert metres.system == "lest97"
    assert (metres.lat, metres.lon) == (pytest.approx(lat, abs=1e-5),
                                        pytest.approx(lon, abs=1e-5))


@pytest.mark.parametrize("text, code", [
    ("56.95 24.1", "coords.outside_estonia"),       # Riga
    ("24.1, 56.95", "coords.outside_estonia"),      # Riga, either order
    ("60.17, 24.94", "coords.outside_estonia"),     # Helsinki
    ("59.44 30.3", "coords.outside_estonia"),       # east of Narva
    ("-58.3337 22.2556", "coords.outside_estonia"),
    ("95 200", "coords.out_of_range"),
    ("95.5 -181", "coords.out_of_range"),
    ("1000000 2000000", "coords.outside_estonia"),  # metres, but not L-EST97 in Estonia
    ("58.3 6468000", "coords.outside_estonia"),
    ("abc", "coords.unreadable"),
    ("nonsense", "coords.unreadable"),
    ("58.3", "coords.unreadable"),
    ("58.3 22.2 10", "coords.unreadable"),
    ("58.3 x 22.2", "coords.unreadable"),
    ("", "coords.unreadable"),
])
def test_bad_coordinates_are_refused_with_a_code(text, code):
    with pytest.raises(CoordinateError) as info:
        parse_point(text)
    assert info.value.code == code


@pytest.mark.parametrize("text, et, en", [
    ("56.95 24.1", "56,95000, 24,10000", "56.95000, 24.10000"),
    ("95.5 200", "95,50000, 200,00000", "95.50000, 200.00000"),
    ("nonsense", "„nonsense“", "“nonsense”"),
])
def test_messages_name_the_point_in_each_language(text, et, en):
    with pytest.raises(CoordinateError) as info:
        parse_point(text)
    assert et in error_message(info.value, "et") and en in error_message(info.value, "en")
    assert error_message(info.value, "et") != error_message(info.value, "en")


def test_numbers_already_split():
    assert point_from_numbers(22.2556, 58.3337) == point_from_numbers(58.3337, 22.2556)
    assert point_from_numbers(411000, 6468000).system == "lest97"
    with pytest.raises(CoordinateError):
        point_from_numbers(float("nan"), 22.0)


@pytest.mark.parametrize("lat, lon, inside", [
    (58.3337, 22.2556, True), (59.4370, 24.7536, True), (57.5, 27.5, True),
    (56.95, 24.1, False), (60.17, 24.94, False), (58.5, 21.0, False), (58.5, 29.0, False),
])
def test_estonia_box(lat, lon, inside):
    assert in_estonia_box(lat, lon) is inside


def test_format_point():
    assert format_point(58.3337, 22.2556, "et") == "58,33370, 22,25560"
    assert format_point(58.3337, 22.2556, "en") == "58.33370, 22.25560"
    assert format_point(58.3337, 22.2556, "xx") == "58,33370, 22,25560"  # Estonian default
    assert format_point(None, None) == ""
