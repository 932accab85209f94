"""Importers on good and bad files, the shared row validation, and the preview."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbook import i18n
from workbook.io.community_input import column_for, community_payload
from workbook.io.columns import kind_for
from workbook.io.importers import MAX_ROWS, ImportFailed, detect, formats, read
from workbook.io.importers.preview import preview
from workbook.messages import error_message
from workbook.model.sections import CommunityKind

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HEADER = "Nimi;Liik;Laius;Pikkus;Suurus;Vajadused;Ressursid füüsilised\r\n"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(name: str, data: bytes) -> dict[int, dict[str, str]]:
    return {row.number: row.fields for row in read(name, data)}


def problems_of(name: str, data: bytes) -> dict[int, list[tuple[str, str, str]]]:
    return {bad.number: [(p.column, p.value, p.code) for p in bad.problems]
            for bad in preview(read(name, data), []).bad}


# --- the registry ---------------------------------------------------------------------

def test_registry_names_the_formats_and_detects_by_extension():
    assert formats() == ["csv", "xlsx", "geojson", "kml"]
    names = ("a.CSV", "b.txt", "c.xlsx", "d.json", "e.geojson", "f.KML")
    assert [detect(n) for n in names] == ["csv", "csv", "xlsx", "geojson", "geojson", "kml"]


@pytest.mark.parametrize("name", ["kaart.shp", "tabel.xls", "ilma_laiendita"])
def test_an_unknown_extension_is_a_clear_error(name):
    with pytest.raises(ImportFailed) as info:
        read(name, b"whatever")
    assert info.value.code == "import.unknown_type"
    et, en = error_message(info.value, "et"), error_message(info.value, "en")
    assert name in et and name in en and ".xlsx" in et and et != en


# --- CSV and XLSX ---------------------------------------------------------------------

def test_estonian_excel_csv_in_windows_1257_with_decimal_comma():
    text = HEADER + ('Kärla alevik;alevik;58,3337;22,2556;1 200;"Noortekeskus; Pood";Rahvamaja\r\n'
                     "Õõtsküla;küla;57,9;26,5;1200,0;;\r\n")
    rows = rows_of("kogukonnad.csv", text.encode("cp1257"))
    assert list(rows) == [2, 3]
    payload, problems = community_payload(rows[2])
    assert problems == []
    assert payload["name"] == "Kärla alevik" and payload["kind"] == "settlement"
    assert payload["location"] == {"lat": 58.3337, "lon": 22.2556}
    assert payload["size"] == 1200 and payload["needs"] == ["Noortekeskus", "Pood"]
    assert payload["assets"] == [{"category": "physical", "text": "Rahvamaja"}]
    assert community_payload(rows[3])[0]["name"] == "Õõtsküla"


@pytest.mark.parametrize("data", [
    ("\ufeff" + HEADER + "Õismäe;linnaosa;59,41;24,65;;;\r\n").encode("utf-8"),
    b"name,kind,lat,lon\nRuusmae,village,57.733,27.075\n",
    b"nimi\tliik\tlaius\tpikkus\nRuusmae\tk\xc3\xbcla\t57,733\t27,075\n",
    "Kogukondade nimekiri 2026\n\nnimi;laius;pikkus\nÕismäe;59,41;24,65\n".encode(),
], ids=["utf8-bom", "comma", "tab", "title-line"])
def test_csv_dialects_and_encodings(data):
    rows = rows_of("a.csv", data)
    [(number, fields)] = rows.items()
    payload, problems = community_payload(fields)
    assert problems == [] and payload["name"] in ("Õismäe", "Ruusmae")
    assert number == (4 if data.startswith(b"Kogu") else 2)


def test_csv_skips_empty_lines_and_keeps_sheet_row_numbers():
    data = b'nimi;vajadused\n\nA;"yks\nkaks"\n;\n  ;  \nB;\n'
    assert rows_of("a.csv", data) == {3: {"name": "A", "needs": "yks\nkaks"}, 6: {"name": "B"}}
    payload, _ = community_payload(rows_of("a.csv", data)[3])
    assert payload["needs"] == ["yks", "kaks"]


def test_an_upload_widgets_memoryview_is_read_like_bytes():
    assert rows_of("a.csv", memoryview("nimi\nÕismäe\n".encode())) == {2: {"name": "Õismäe"}}


def test_csv_without_a_name_column_is_refused_naming_the_columns():
    with pytest.raises(ImportFailed) as info:
        read("a.csv", b"foo;bar\n1;2\n")
    assert info.value.code == "import.no_name_column"
    assert "foo, bar" in error_message(info.value, "et")
    assert "foo, bar" in error_message(info.value, "en")


def test_xlsx_with_numbers_as_numbers():
    data = xlsx([["Kogukonnad"], [], ["Nimi", "Liik", "Laius", "Pikkus", "Suurus", "x"],
                 ["Haanja küla", "küla", 57.7155, 27.105, 120.0, None],
                 ["Vigane", "küla", "põhjas", 27.1, None],
                 [None, None, None],
                 ["Tõrva", None, None, None, 2650]])
    found = preview(read("kogukonnad.xlsx", data), [])
    assert [(g.number, g.payload["size"]) for g in found.good] == [(4, 120), (7, 2650)]
    assert found.good[0].payload["location"] == {"lat": 57.7155, "lon": 27.105}
    [bad] = found.bad
    assert (bad.number, bad.problems[0].column, bad.problems[0].value) == (5, "lat", "põhjas")


def test_xlsx_with_only_a_header_is_empty():
    with pytest.raises(ImportFailed) as info:
        read("tühi.xlsx", xlsx([["Nimi", "Laius"]]))
    assert info.value.code == "import.empty"


# --- GeoJSON and KML ------------------------------------------------------------------

def test_umap_geojson():
    found = preview(read("umap.geojson", fixture("umap.geojson")), [])
    names = [g.payload["name"] for g in found.good]
    assert names == ["Kärla Külade Selts", "Kihelkonna kogukond", "Asukohata selts"]
    assert found.good[0].payload["location"] == {"lat": 58.3337, "lon": 22.2556}
    assert found.good[0].payload["notes"] == "Seltsimaja & raamatukogu"
    assert found.good[2].payload["location"] is None  # null geometry
    [bad] = found.bad
    assert bad.number == 3 and bad.problems[0].code == "import.wrong_geometry"
    assert "Polygon" in bad.problems[0].message("et")
    assert "Polygon" in bad.problems[0].message("en")


def test_qgis_geojson_with_upper_case_columns():
    found = preview(read("q.geojson", fixture("qgis.geojson")), [])
    [good] = found.good
    assert good.payload["needs"] == ["Bussiühendus", "Pood"] and good.payload["size"] == 120
    assert problems_of("q.geojson", fixture("qgis.geojson")) == {
        2: [("name", "", "string_too_short")], 3: [("geometry", "LineString",
                                                    "import.wrong_geometry")]}


def test_qgis_geojson_in_lest97_metres():
    [good] = preview(read("q.geojson", fixture("qgis_lest97.geojson")), []).good
    assert good.payload["name"] == "Haanja küla" and good.payload["size"] == 120
    assert good.payload["location"] == {"lat": pytest.approx(57.7155, abs=1e-5),
                                        "lon": pytest.approx(27.105, abs=1e-5)}


@pytest.mark.parametrize("doc", [
    b'{"type": "Feature", "properties": {"name": "A"}, '
    b'"geometry": {"type": "Point", "coordinates": [22.2556, 58.3337]}}',
    b'{"type": "Point", "coordinates": [22.2556, 58.3337]}',
])
def test_a_single_feature_or_a_bare_geometry(doc):
    [row] = read("a.geojson", doc)
    assert (row.number, row.fields["lat"], row.fields["lon"]) == (1, "58.3337", "22.2556")


def test_geojson_points_that_are_not_two_numbers():
    doc = (b'{"type": "FeatureCollection", "features": ['
           b'{"type": "Feature", "properties": {"name": "A"}, '
           b'"geometry": {"type": "Point", "coordinates": ["x", 58.3]}},'
           b'{"type": "Feature", "properties": {"name": "B"}, '
           b'"geometry": {"type": "Point", "coordinates": [22.2]}}]}')
    assert problems_of("a.geojson", doc) == {1: [("lon", "x", "coords.not_a_number")],
                                             2: [("coordinates", "[22.2]", "coords.unreadable")]}


def test_google_my_maps_kml():
    found = preview(read("kaart.kml", fixture("mymaps.kml")), [])
    assert [g.number for g in found.good] == [1, 4]
    good = found.good[0].payload
    assert good["name"] == "Haanja Külaselts" and good["kind"] == "interest"
    assert good["notes"] == "Noortekeskus\nvajab ruume & toetust" and good["size"] == 40
    assert good["needs"] == ["ruumid", "toetus"]
    assert good["location"] == {"lat": 57.7155, "lon": 27.105}
    assert {b.number: [(p.column, p.value, p.code) for p in b.problems] for b in found.bad} == {
        2: [("geometry", "LineString", "import.wrong_geometry")],
        3: [("location", "56.95; 24.1", "coords.outside_estonia")]}


def test_kml_schema_data_as_qgis_and_google_earth_write_it():
    doc = b"""<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
      <name>Kihelkonna</name><ExtendedData><SchemaData schemaUrl="#s">
      <SimpleData name="ELANIKKE">300</SimpleData></SchemaData></ExtendedData>
      <Point><coordinates> 22.0836,58.3626 </coordinates></Point></Placemark></Document></kml>"""
    [good] = preview(read("a.kml", doc), []).good
    assert good.payload["size"] == 300 and good.payload["location"]["lat"] == 58.3626


def test_the_exact_outline_check_is_applied_when_given():
    found = preview(read("kaart.kml", fixture("mymaps.kml")), [], lambda lat, lon: lon < 27)
    assert found.bad[0].number == 1 and found.bad[0].problems[0].code == "coords.outside_estonia"


# --- files that cannot be read at all -------------------------------------------------

def _zip_that_is_not_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


BOMB = (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><kml><Placemark><name>&b;</name>'
        b'</Placemark></kml>')


@pytest.mark.parametrize("name, data, code", [
    ("kogukonnad.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR not a zip", "import.not_xlsx"),
    ("kogukonnad.xlsx", _zip_that_is_not_xlsx(), "import.not_xlsx"),
    ("kogukonnad.xlsx", b"nimi;liik\nKarla;kula\n", "import.not_xlsx"),
    ("kogukonnad.kml", b"nimi;liik\nKarla;kula\n", "import.bad_kml"),
    ("kogukonnad.kml", b'<?xml version="1.0"?><gpx><wpt/></gpx>', "import.bad_kml"),
    ("pomm.kml", BOMB, "import.bad_kml"),
    ("pomm.kml", BOMB.decode().replace('"1.0"', '"1.0" encoding="utf-16"').encode("utf-16"),
     "import.bad_kml"),
    ("kogukonnad.geojson", fixture("mymaps.kml"), "import.bad_json"),
    ("kogukonnad.geojson", fixture("truncated.geojson"), "import.bad_json"),
    ("sügav.json", b"[" * 100_000, "import.too_deep"),
    ("kogukonnad.json", b'{"name": "not geojson"}', "import.not_geojson"),
    ("kogukonnad.json", b'[1, 2, 3]', "import.not_geojson"),
    ("kogukonnad.geojson", b'{"type": "FeatureCollection", "features": []}', "import.empty"),
    ("kogukonnad.csv", b"", "import.empty"),
    ("kogukonnad.csv", b"   \r\n\r\n", "import.empty"),
    ("kogukonnad.csv", b"nimi;laius\n", "import.empty"),
    ("kogukonnad.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "import.not_csv"),
    ("suur.csv", b"nimi\n" + b"x\n" * 3_000_000, "import.too_large"),
    ("pikk.csv", b"nimi\n" + b"x\n" * (MAX_ROWS + 1), "import.too_many_rows"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_files_that_cannot_be_read_are_clear_errors_in_both_languages(name, data, code):
    with pytest.raises(ImportFailed) as info:
        read(name, data)
    assert info.value.code == code
    et, en = error_message(info.value, "et"), error_message(info.value, "en")
    assert et and en and et != en and "{" not in et + en


def test_broken_json_and_xml_name_line_and_column():
    with pytest.raises(ImportFailed) as info:
        read("x.geojson", fixture("truncated.geojson"))
    assert set(info.value.params) == {"line", "column"}
    with pytest.raises(ImportFailed) as info:
        read("x.kml", b"<kml>\n  <Placemark>\n</kml>")
    assert "(rida 3, veerg 3)" in error_message(info.value, "et")
    assert "(line 3, column 3)" in error_message(info.value, "en")


# --- one validation for the form and every row ----------------------------------------

@pytest.mark.parametrize("fields, column, value, code", [
    ({"name": "A", "kind": "planeet"}, "kind", "planeet", "import.unknown_kind"),
    ({"name": "A", "size": "umbes 300"}, "size", "umbes 300", "int_parsing"),
    ({"name": "A", "size": "12,5"}, "size", "12,5", "int_parsing"),
    ({"name": "A", "size": "-4"}, "size", "-4", "greater_than_equal"),
    ({"name": "A", "lat": "põhjas", "lon": "22,2"}, "lat", "põhjas", "coords.not_a_number"),
    ({"name": "A", "lat": "58,3", "lon": ""}, "lon", "", "coords.missing_half"),
    ({"name": "A", "x": "6468000"}, "y", "", "coords.missing_half"),
    ({"name": "A", "lat": "56,95", "lon": "24,1"}, "location", "56,95; 24,1",
     "coords.outside_estonia"),
    ({"name": "A", "coordinates": "Kärla kirik"}, "coordinates", "Kärla kirik",
     "coords.unreadable"),
    ({"name": "A", "coordinates": "95 200"}, "coordinates", "95 200", "coords.out_of_range"),
    ({"name": "A", "contact_email": "pole-meili"}, "contact_email", "pole-meili",
     "string_pattern_mismatch"),
    ({"name": "A", "needs": "pood; " + "x" * 201}, "needs", "x" * 201, "string_too_long"),
    ({"name": "A", "assets_cultural": "laul;" + "y" * 201}, "assets_cultural", "y" * 201,
     "string_too_long"),
    ({"name": " ", "kind": "küla"}, "name", "", "string_too_short"),
])
def test_each_problem_names_column_and_value_in_both_languages(fields, column, value, code):
    payload, problems = community_payload(fields)
    assert payload is None
    [problem] = problems
    assert (problem.column, problem.value, problem.code) == (column, value, code)
    et, en = problem.message("et"), problem.message("en")
    assert et and en and et != en and "{" not in et + en
    shown = value[:60]
    assert shown in et and shown in en


@pytest.mark.parametrize("fields, expected", [
    ({"name": "A", "size": "1 200"}, {"size": 1200}),
    ({"name": "A", "size": "1200,0"}, {"size": 1200}),
    ({"name": "A", "x": "6468000", "y": "411000"},
     {"location": {"lat": 58.343487, "lon": 22.480127}}),
    ({"name": "A", "x": "22.2556", "y": "58.3337"}, {"location": {"lat": 58.3337, "lon": 22.2556}}),
    ({"name": "A", "lat": "22,2556", "lon": "58,3337"},
     {"location": {"lat": 58.3337, "lon": 22.2556}}),
    ({"name": "A", "coordinates": "58,3337; 22,2556"},
     {"location": {"lat": 58.3337, "lon": 22.2556}}),
    ({"name": "A", "kind": "MTÜ", "settlement_codes": "1234, 5678;9"},
     {"kind": "organisation", "settlement_codes": ["1234", "5678", "9"]}),
    ({"name": "A", "organisations": "MTÜ Kärla Selts\nKärla Kool"},
     {"organisations": ["MTÜ Kärla Selts", "Kärla Kool"]}),
    ({"name": "A", "assets_individuals": "Mari (kudumine); füüsilised: rahvamaja; "
                                         "Majandus: pood; kool: vana"},
     {"assets": [{"category": "individuals", "text": "Mari (kudumine)"},
                 {"category": "physical", "text": "rahvamaja"},
                 {"category": "economic", "text": "pood"},
                 {"category": "individuals", "text": "kool: vana"}]}),
    ({"name": "A", "contact_name": "Mari", "contact_email": "mari@example.ee",
      "contact_phone": "+372 5555 5555"},
     {"contact": {"name": "Mari", "email": "mari@example.ee", "phone": "+372 5555 5555"}}),
    ({"name": "A", "lat": None, "notes": None}, {"location": None, "notes": ""}),
])
def test_good_values_become_a_payload_the_model_accepts(fields, expected):
    payload, problems = community_payload(fields)
    assert problems == []
    assert {k: payload[k] for k in expected} == expected


@pytest.mark.parametrize("header, column", [
    ("Nimi", "name"), ("NAME", "name"), ("Nimetus", "name"), ("title", "name"),
    ("Liik", "kind"), ("TÜÜP", "kind"), ("Laius", "lat"), ("Laius (WGS84)", "lat"),
    ("lng", "lon"), ("Pikkus", "lon"), ("Koordinaadid", "coordinates"), ("X", "x"),
    ("Asustusüksus", "settlement_codes"), ("EHAK kood", "settlement_codes"),
    ("Organisatsioonid", "organisations"), ("Elanike_arv", "size"), ("elanike arv:", "size"),
    ("Suurus (inimesi)", "size"), ("Kontaktisik", "contact_name"), ("E-post", "contact_email"),
    ("e-mail", "contact_email"), ("Telefon", "contact_phone"), ("Vajadused", "needs"),
    ("Märkused", "notes"), ("description", "notes"), ("Kirjeldus", "notes"),
    ("Ressursid", "assets_individuals"), ("Resources", "assets_individuals"),
    ("Ressursid (füüsilised)", "assets_physical"), ("Kultuurilised ressursid", "assets_cultural"),
    ("economic assets", "assets_economic"), ("assets_institutions", "assets_institutions"),
    ("whatever", None), ("", None), (None, None),
])
def test_header_aliases(header, column):
    assert column_for(header) == column


@pytest.mark.parametrize("text, kind", [
    ("", CommunityKind.settlement), ("Küla", CommunityKind.settlement),
    ("alevik", CommunityKind.settlement), ("LINN", CommunityKind.settlement),
    ("paikkond", CommunityKind.settlement), ("linnaosa", CommunityKind.district),
    ("Piirkond", CommunityKind.district), ("huvikogukond", CommunityKind.interest),
    ("interest", CommunityKind.interest), ("MTÜ", CommunityKind.organisation),
    ("mtu", CommunityKind.organisation), ("seltsing", CommunityKind.organisation),
    ("organisation", CommunityKind.organisation), ("planeet", None),
])
def test_kind_aliases(text, kind):
    assert kind_for(text) == kind


# --- preview and duplicates -----------------------------------------------------------

def test_duplicates_by_name_within_2_km_of_saved_or_earlier_rows():
    text = HEADER + ("Kärla alevik;;58,334;22,256;;;\r\n"      # 2: ~60 m from the saved one
                     "Uus küla;;58,0;25,0;;;\r\n"               # 3
                     "uus  KÜLA;;58,001;25,001;;;\r\n"          # 4: same as row 3
                     "Kärla-alevik;;59,0;26,0;;;\r\n"           # 5: same name, far away
                     "Uus Küla;;;;;;\r\n"                       # 6: no point, same name
                     "Uus küla;;58,03;25,0;;;\r\n")             # 7: 3.3 km from row 3
    found = preview(read("a.csv", text.encode()), [("Kärla Alevik", 58.3337, 22.2556),
                                                   ("Asukohata", None, None)])
    assert {g.number: g.duplicate_of for g in found.good} == {
        2: "Kärla Alevik", 3: None, 4: "#3", 5: None, 6: "#3", 7: "#6"}
    assert found.good[2].duplicate_label("et") == "rida 3"
    assert found.good[2].duplicate_label("en") == "row 3"
    assert found.good[0].duplicate_label("en") == "Kärla Alevik"
    assert [p["name"] for p in found.to_create()] == ["Uus küla", "Kärla-alevik"]
    assert len(found.to_create(include_duplicates=True)) == 6


def test_a_saved_community_without_a_point_matches_by_name_alone():
    found = preview(read("a.csv", b"nimi;laius;pikkus\nAsukohata;58,3;22,3\n"),
                    [("ASUKOHATA", None, None)])
    assert found.good[0].duplicate_of == "ASUKOHATA" and found.to_create() == []


def test_bad_rows_are_not_duplicates_and_not_created():
    found = preview(read("a.csv", b"nimi;suurus\nA;palju\nA;3\n"), [])
    assert [b.number for b in found.bad] == [2]
    assert [(g.number, g.duplicate_of) for g in found.good] == [(3, None)]


def test_every_code_the_importers_use_is_translated():
    package = Path(i18n.__file__).parent
    sources = [package / "geo" / "coords.py", *(package / "io").rglob("*.py")]
    codes = set()
    for path in sources:
        codes |= set(re.findall(r'"((?:coords|import)\.[a-z_]+)"', path.read_text("utf-8")))
    assert len(codes) > 15
    assert {c for c in codes if not i18n.has(c)} == set()
