"""Importers on good and bad files, the shared row validation, and the preview."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from shapely.geometry import Point, Polygon, shape

from workbook import i18n
from workbook.io.columns import kind_for
from workbook.io.community_input import column_for, community_payload
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
    assert names == ["Kärla Külade Selts", "Kihelkonna kogukond", "Ala", "Asukohata selts"]
    assert found.good[0].payload["location"] == {"lat": 58.3337, "lon": 22.2556}
    assert found.good[0].payload["notes"] == "Seltsimaja & raamatukogu"
    assert found.good[0].notes == ()
    area = found.good[2]  # a Polygon: a point inside it, with a note
    assert Polygon([(22.1, 58.3), (22.2, 58.3), (22.2, 58.4)]).contains(Point(area.point[::-1]))
    assert [n.code for n in area.notes] == ["import.note_area"]
    assert found.good[3].payload["location"] is None  # null geometry
    assert found.bad == []


def test_qgis_geojson_with_upper_case_columns():
    found = preview(read("q.geojson", fixture("qgis.geojson")), [])
    good, line = found.good
    assert good.payload["needs"] == ["Bussiühendus", "Pood"] and good.payload["size"] == 120
    assert line.payload["name"] == "Tee" and line.point == (57.75, 27.05)  # halfway along
    assert [n.code for n in line.notes] == ["import.note_line"]
    assert problems_of("q.geojson", fixture("qgis.geojson")) == {
        2: [("name", "", "string_too_short")]}


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
    assert [g.number for g in found.good] == [1, 2, 4]
    assert found.good[1].point == (57.75, 27.05)  # a LineString: the point halfway along
    good = found.good[0].payload
    assert good["name"] == "Haanja Külaselts" and good["kind"] == "interest"
    assert good["notes"] == "Noortekeskus\nvajab ruume & toetust" and good["size"] == 40
    assert good["needs"] == ["ruumid", "toetus"]
    assert good["location"] == {"lat": 57.7155, "lon": 27.105}
    assert {b.number: [(p.column, p.value, p.code) for p in b.problems] for b in found.bad} == {
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


# --- areas and lines: a point inside or on them, said in the preview (issue 13) -----------

C_SHAPE = [(22.20, 58.30), (22.32, 58.30), (22.32, 58.315), (22.23, 58.315), (22.23, 58.345),
           (22.32, 58.345), (22.32, 58.36), (22.20, 58.36)]


def panel_html(cohort, name: str, data: bytes, lang: str = "et"):
    """The import panel of Saaremaa's team after uploading ``data``: what a person sees."""
    from workbook.ui.community_import import ImportPanel

    team_id = cohort.teams["Saaremaa meeskond"]
    panel = ImportPanel(cohort.login("Anne Vallasekretär"), team_id, lang, lambda _n: None)
    panel._uploaded({"new": [{"name": name, "content": memoryview(data)}]})
    return panel


def good_row_html(html: str, name: str) -> str:
    """The good rows table's row that holds ``name`` (escaped as the page shows it)."""
    rows = re.findall(r"<tr>.*?</tr>", html.split("wb-import-good", 1)[1], re.S)
    return next(row for row in rows if name in row)


@pytest.mark.parametrize("name", ["areas.geojson", "areas.kml"])
def test_areas_and_lines_are_imported_at_a_point_inside_or_on_them(name):
    found = preview(read(name, fixture(name)), [])
    by_name = {g.payload["name"]: g for g in found.good}
    c_shape = Polygon(C_SHAPE)
    assert not c_shape.contains(c_shape.centroid)  # why not the centroid
    kärla = by_name["Kärla küla"]
    assert c_shape.contains(Point(kärla.point[1], kärla.point[0]))
    islands = shape({"type": "MultiPolygon", "coordinates": [
        [[(26.70, 58.36), (26.74, 58.36), (26.74, 58.40), (26.73, 58.40), (26.73, 58.37),
          (26.71, 58.37), (26.71, 58.40), (26.70, 58.40)]],
        [[(26.80, 58.36), (26.81, 58.36), (26.81, 58.37)]]]})
    tartu = by_name["Tartu saared"]
    assert islands.contains(Point(tartu.point[1], tartu.point[0]))
    assert by_name["Jõeäärne"].point == pytest.approx((57.75, 27.05))
    assert [[n.code for n in by_name[k].notes] for k in ("Kärla küla", "Tartu saared",
                                                         "Jõeäärne")] == [
        ["import.note_area"], ["import.note_area"], ["import.note_line"]]
    problems = {b.number: [(p.column, p.code) for p in b.problems] for b in found.bad}
    assert problems == {4: [("geometry", "import.wrong_geometry")],
                        5: [("geometry", "import.bad_geometry")]}


def test_the_preview_says_an_area_was_imported_as_a_point_inside_it(cohort):
    panel = panel_html(cohort, "alad.geojson", fixture("areas.geojson"))
    row = good_row_html(panel.result.value, "Kärla küla")
    assert "58,33000, 22,21500" in row  # the point saved, as the app writes points
    assert "sobib; ala (Polygon) imporditi punktina ala sees; ala piiri ei salvestata" in row
    assert "joon (LineString) imporditi punktina joone keskel" in \
        good_row_html(panel.result.value, "Jõeäärne")
    assert "Objekt on MultiPoint: kogukonna asukohaks sobib punkt, ala või joon" in \
        panel.result.value
    english = panel_html(cohort, "areas.kml", fixture("areas.kml"), "en").result.value
    assert "58.33000, 22.21500" in good_row_html(english, "Kärla küla")
    assert "fine; an area (Polygon) was imported as a point inside it; the outline is not " \
           "kept" in good_row_html(english, "Kärla küla")
    assert "the point halfway along it" in good_row_html(english, "Jõeäärne")
    assert "The coordinates of the Polygon cannot be read." in english
    assert panel.confirm.description == "Lisa kogukonnad (3)"


# --- what reading put right, shown with every row's point (issue 13) ---------------------

CORRECTED = ("Nimi;Liik;Laius;Pikkus;x;y\r\n"
             "Kärla;küla;58,3310;22,2600;;\r\n"
             "Tagurpidi;küla;22,2600;58,3310;;\r\n"
             "Meetrites;küla;;;6468000;411000\r\n"
             "Asukohata;küla;;;;\r\n")


def test_swapped_and_converted_coordinates_are_said_per_row():
    found = preview(read("a.csv", CORRECTED.encode()), [])
    assert [(g.payload["name"], g.point, [n.code for n in g.notes]) for g in found.good] == [
        ("Kärla", (58.331, 22.26), []),
        ("Tagurpidi", (58.331, 22.26), ["import.note_swapped"]),
        ("Meetrites", (pytest.approx(58.3435, abs=1e-4), pytest.approx(22.4801, abs=1e-4)),
         ["import.note_lest97"]),
        ("Asukohata", None, [])]


@pytest.mark.parametrize("fields, note", [
    ({"coordinates": "22,26; 58,331"}, ["import.note_swapped"]),
    ({"coordinates": "58.331 22.26"}, []),
    ({"coordinates": "22.26° E, 58.331° N"}, []),  # said which is which: nothing to correct
    ({"coordinates": "6468000 411000"}, ["import.note_lest97"]),
    ({"x": "22.26", "y": "58.331"}, []),  # x = longitude, as QGIS writes degrees
])
def test_typed_coordinates_notes(fields, note):
    cells = ";".join(f'"{v}"' for v in fields.values())
    [good] = preview(read("a.csv", f"nimi;{';'.join(fields)}\nA;{cells}\n".encode()), []).good
    assert good.point[0] > 57 and [n.code for n in good.notes] == note


@pytest.mark.parametrize("lang, expected", [
    ("et", ["58,33100, 22,26000</td><td>sobib</td>",
            "58,33100, 22,26000</td><td>sobib; laius ja pikkus olid vahetuses, parandatud",
            "</td><td>sobib; teisendatud: L-EST97 → WGS84", "asukohta pole</td><td>sobib"]),
    ("en", ["58.33100, 22.26000</td><td>fine</td>",
            "58.33100, 22.26000</td><td>fine; latitude and longitude were swapped; corrected",
            "</td><td>fine; converted: L-EST97 → WGS84", "no location</td><td>fine"]),
])
def test_the_preview_shows_every_rows_point_and_what_was_corrected(cohort, lang, expected):
    html = panel_html(cohort, "kogukonnad.csv", CORRECTED.encode(), lang).result.value
    for name, shown in zip(("Kärla", "Tagurpidi", "Meetrites", "Asukohata"), expected):
        assert shown in good_row_html(html, name)


# --- the delimiter is the one whose header names the columns (issue 13) ------------------

@pytest.mark.parametrize("text", [
    'Nimi;Liik;Laius;Pikkus\r\n"MTÜ ""Kärla Selts"", Kärla";küla;58,3310;22,2600\r\n',
    '\ufeffNimi;Liik;Laius;Pikkus;Vajadused\r\n'
    '"MTÜ ""Kärla Selts"", Kärla";küla;58,3310;22,2600;"""Bussi"", pood, kool"\r\n'
    '"Teine, ""küla""";küla;58,3;22,3;"a, b"\r\n',
    'Nimi\tLiik\tLaius\tPikkus\r\n"MTÜ ""Kärla Selts"", Kärla"\tküla\t58,3310\t22,2600\r\n',
    'Nimi,Liik,Laius,Pikkus\r\n"MTÜ ""Kärla Selts"", Kärla",küla,58.3310,22.2600\r\n',
], ids=["semicolon", "semicolon-bom-commas-everywhere", "tab", "comma"])
def test_the_delimiter_is_the_one_whose_header_names_the_columns(text):
    rows = rows_of("kogukonnad.csv", text.encode("utf-8"))
    assert rows[2]["name"] == 'MTÜ "Kärla Selts", Kärla'
    assert (rows[2]["kind"], rows[2]["lat"].replace(",", "."), rows[2]["lon"][:2]) == (
        "küla", "58.3310", "22")


def test_a_single_column_file_keeps_commas_in_names():
    assert rows_of("a.csv", "nimi\nKärla, Kuressaare vald\n".encode()) == {
        2: {"name": "Kärla, Kuressaare vald"}}


def test_without_a_name_column_the_message_lists_the_columns_as_the_file_splits_them():
    with pytest.raises(ImportFailed) as info:
        read("a.csv", 'Küla;Tüüp;Laius\r\n"Kärla, ""vana""";küla;58,3\r\n'.encode())
    assert "Leitud veerud: Küla, Tüüp, Laius." in error_message(info.value, "et")


def test_the_cp1257_export_of_estonian_excel_still_reads():
    text = 'Nimi;Liik\r\n"MTÜ ""Õie"", Kärla";küla\r\n'
    assert rows_of("a.csv", text.encode("cp1257"))[2]["name"] == 'MTÜ "Õie", Kärla'


# --- spreadsheet protection and lists (issue 13) -----------------------------------------

def test_the_csv_exports_protective_apostrophe_is_taken_off_and_no_other():
    from workbook.export.safe import FORMULA_START
    from workbook.io.importers.tabular import FORMULA_START as READ_BACK

    assert READ_BACK == FORMULA_START
    data = ("nimi;vajadused;märkmed\n'=HYPERLINK(1);'+372 abi;'-2 bussi\n"
            "'Tere;'@x;''=kaks\n").encode()
    rows = rows_of("a.csv", data)
    assert rows[2] == {"name": "=HYPERLINK(1)", "needs": "+372 abi", "notes": "-2 bussi"}
    assert rows[3] == {"name": "'Tere", "needs": "@x", "notes": "'=kaks"}  # one taken off


def test_a_cell_with_several_lines_is_one_item_per_line():
    payload, _ = community_payload({"name": "A", "needs": "bussid; rongid\nkool",
                                    "organisations": "Selts; MTÜ"})
    assert payload["needs"] == ["bussid; rongid", "kool"]
    assert payload["organisations"] == ["Selts", "MTÜ"]


def test_an_xlsx_table_is_found_on_the_sheet_that_holds_it():
    book = Workbook()
    book.active.title = "Meeskond"
    for values in (["Meeskonnast"], ["Mis", "Väärtus"], ["Nimi", "Saaremaa"], [],
                   ["Liikmed"], ["Nimi", "Roll"], ["Mari", "juht"]):
        book.active.append(values)
    sheet = book.create_sheet("Kogukonnad")
    for values in (["Kogukonnad"], ["Nimi", "Liik", "Laius", "Pikkus"],
                   ["Kärla", "küla", 58.331, 22.26], [], [], ["Muu tabel"], ["x", "y"]):
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    rows = rows_of("andmed.xlsx", buffer.getvalue())
    assert rows[3] == {"name": "Kärla", "kind": "küla", "lat": "58.331", "lon": "22.26"}


def test_the_geojson_exports_communities_without_a_location_come_back_by_name():
    doc = ('{"type": "FeatureCollection", "koosloome": {"without_location": ["Ükski", 3, ""]},'
           '"features": [{"type": "Feature", "properties": {"name": "A"},'
           '"geometry": {"type": "Point", "coordinates": [22.26, 58.331]}}]}').encode()
    assert rows_of("a.geojson", doc) == {1: {"name": "A", "lat": "58.331", "lon": "22.26"},
                                         2: {"name": "Ükski"}}
