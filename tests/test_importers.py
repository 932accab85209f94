"""Importers on good and bad files, and the preview with its duplicate check."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbook.io.community_input import column_for, community_payload
from workbook.io.importers import ImportFailed, detect, formats, read
from workbook.io.importers.preview import preview

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HEADER = "nimi;liik;laius;pikkus;suurus;vajadused;ressursid füüsilised\r\n"


def rows_of(name: str, data: bytes):
    return {r.number: r.fields for r in read(name, data)}


def test_registry_names_the_formats():
    assert formats() == ["csv", "xlsx", "geojson", "kml"]
    assert [detect(n) for n in ("a.CSV", "b.txt", "c.xlsx", "d.json", "e.geojson", "f.kml")] == [
        "csv", "csv", "xlsx", "geojson", "geojson", "kml"]
    with pytest.raises(ImportFailed) as info:
        detect("kaart.shp")
    assert info.value.code == "import.unknown_type"


def test_estonian_excel_csv_in_windows_1257_with_decimal_comma():
    text = HEADER + "Kärla alevik;alevik;58,3337;22,2556;1 200;\"Noortekeskus; Pood\";Rahvamaja\r\n"
    rows = rows_of("kogukonnad.csv", text.encode("cp1257"))
    payload, problems = community_payload(rows[2])
    assert problems == []
    assert payload["name"] == "Kärla alevik" and payload["kind"] == "settlement"
    assert payload["location"] == {"lat": 58.3337, "lon": 22.2556}
    assert payload["size"] == 1200 and payload["needs"] == ["Noortekeskus", "Pood"]
    assert payload["assets"] == [{"category": "physical", "text": "Rahvamaja"}]


def test_utf8_bom_csv_and_plain_comma_csv():
    bom = ("\ufeff" + HEADER + "Õismäe;linnaosa;59,41;24,65;;;\r\n").encode("utf-8")
    assert rows_of("a.csv", bom)[2]["name"] == "Õismäe"
    comma = b"name,kind,lat,lon\nRuusmae,village,57.733,27.075\n\n,,,\n"
    rows = rows_of("b.csv", comma)
    assert list(rows) == [2] and rows[2]["lat"] == "57.733"  # empty lines skipped


def test_csv_without_a_name_column_is_refused_naming_the_columns():
    with pytest.raises(ImportFailed) as info:
        read("a.csv", b"foo;bar\n1;2\n")
    assert info.value.code == "import.no_name_column" and "foo" in info.value.params["headers"]


def test_xlsx_with_numbers_as_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nimi", "Liik", "Laius", "Pikkus", "Suurus"])
    sheet.append(["Haanja küla", "küla", 57.7155, 27.105, 120.0])
    sheet.append(["Vigane", "küla", "põhjas", 27.1, None])
    buffer = io.BytesIO()
    book.save(buffer)
    found = preview(read("kogukonnad.xlsx", buffer.getvalue()), [])
    assert [g.payload["size"] for g in found.good] == [120]
    [bad] = found.bad
    assert bad.number == 3 and bad.problems[0].column == "lat"
    assert bad.problems[0].value == "põhjas"


@pytest.mark.parametrize("name, data, code", [
    ("kogukonnad.xlsx", b"\x89PNG\r\n\x1a\n not a zip", "import.not_xlsx"),
    ("kogukonnad.kml", b"nimi;liik\nKarla;kula\n", "import.bad_kml"),
    ("kogukonnad.geojson", (FIXTURES / "mymaps.kml").read_bytes(), "import.bad_json"),
    ("kogukonnad.geojson", (FIXTURES / "truncated.geojson").read_bytes(), "import.bad_json"),
    ("kogukonnad.json", b'{"name": "not geojson"}', "import.not_geojson"),
    ("kogukonnad.csv", b"   \n", "import.empty"),
    ("kogukonnad.csv", b"\x00\x01\x02", "import.not_csv"),
    ("pomm.kml", b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>',
     "import.bad_kml"),
    ("suur.csv", b"nimi\n" + b"x\n" * 3_000_000, "import.too_large"),
])
def test_files_that_are_not_what_they_say_are_clear_errors(name, data, code):
    with pytest.raises(ImportFailed) as info:
        read(name, data)
    assert info.value.code == code


def test_truncated_json_names_line_and_column():
    with pytest.raises(ImportFailed) as info:
        read("x.geojson", (FIXTURES / "truncated.geojson").read_bytes())
    assert set(info.value.params) == {"line", "column"}


def test_umap_geojson():
    found = preview(read("umap.geojson", (FIXTURES / "umap.geojson").read_bytes()), [])
    names = [g.payload["name"] for g in found.good]
    assert names == ["Kärla Külade Selts", "Kihelkonna kogukond", "Asukohata selts"]
    assert found.good[0].payload["location"] == {"lat": 58.3337, "lon": 22.2556}
    assert found.good[0].payload["notes"] == "Seltsimaja & raamatukogu"
    assert found.good[2].payload["location"] is None
    [bad] = found.bad
    assert bad.number == 3 and bad.problems[0].code == "import.wrong_geometry"
    assert "Polygon" in bad.problems[0].message("en")


def test_qgis_geojson_with_upper_case_columns():
    found = preview(read("q.geojson", (FIXTURES / "qgis.geojson").read_bytes()), [])
    [good] = found.good
    assert good.payload["needs"] == ["Bussiühendus", "Pood"] and good.payload["size"] == 120
    assert {b.number: b.problems[0].code for b in found.bad} == {
        2: "string_too_short", 3: "import.wrong_geometry"}


def test_google_my_maps_kml(geo):
    rows = read("kaart.kml", (FIXTURES / "mymaps.kml").read_bytes())
    found = preview(rows, [], geo.inside_estonia)
    [good] = found.good
    assert good.payload["name"] == "Haanja Külaselts" and good.payload["kind"] == "interest"
    assert good.payload["notes"] == "Noortekeskus\nvajab ruume" and good.payload["size"] == 40
    assert {b.number: b.problems[0].code for b in found.bad} == {
        2: "import.wrong_geometry", 3: "coords.outside_estonia"}


def test_problem_messages_name_the_value_in_both_languages():
    found = preview(read("a.csv", (HEADER + "X;planeet;58,3;22,2;umbes 300;;\r\n").encode()),
                    [])
    problems = {p.column: p for p in found.bad[0].problems}
    assert set(problems) == {"kind", "size"}
    for problem in problems.values():
        et, en = problem.message("et"), problem.message("en")
        assert et and en and et != en
        assert problem.value in et and problem.value in en


def test_duplicates_by_name_within_2_km_of_saved_or_earlier_rows():
    text = HEADER + ("Kärla alevik;;58,334;22,256;;;\r\n"      # near the saved one
                     "Uus küla;;58,0;25,0;;;\r\n"
                     "uus  KÜLA;;58,001;25,001;;;\r\n"          # same as row 3
                     "Kärla alevik;;59,0;26,0;;;\r\n")           # same name, far away
    found = preview(read("a.csv", text.encode()), [("Kärla Alevik", 58.3337, 22.2556)])
    assert {g.number: g.duplicate_of for g in found.good} == {
        2: "Kärla Alevik", 3: None, 4: "#3", 5: None}
    assert [p["name"] for p in found.to_create()] == ["Uus küla", "Kärla alevik"]
    assert len(found.to_create(include_duplicates=True)) == 4


@pytest.mark.parametrize("header, column", [
    ("Nimi", "name"), ("NAME", "name"), ("Laius", "lat"), ("lng", "lon"),
    ("Märkused", "notes"), ("E-post", "contact_email"), ("Ressursid (füüsilised)",
                                                          "assets_physical"),
    ("Resources", "assets_individuals"), ("whatever", None),
])
def test_header_aliases(header, column):
    assert column_for(header) == column


def test_form_and_import_refuse_the_same_things():
    payload, problems = community_payload({"name": "A", "lat": "58,3", "lon": ""})
    assert payload is None and problems[0].code == "coords.missing_half"
    payload, problems = community_payload({"name": "A", "contact_email": "not-an-email"})
    assert problems[0].column == "contact_email"
    payload, problems = community_payload({"name": "A", "x": "6468000", "y": "411000"})
    assert problems == [] and 58.3 < payload["location"]["lat"] < 58.4
