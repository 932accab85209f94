"""Bounded imports: a small file may not unpack, nest or stream past a limit.

Every bomb is refused with a message naming the limit, in Estonian and English,
nothing is written, and the importer's memory stays bounded: each bomb is read
again in a subprocess that reports how far its peak resident memory grew
(``MEMORY_BOUND_MB``) and must finish within ``TIME_BOUND_S``. The bombs are built
here with zipfile and kept in memory (a few KB to 5 MB).
"""

import io
import json
import random
import subprocess
import sys
import zipfile

import pytest

from workbook.exceptions import BadWorkbookFile
from workbook.export.workbook_json import MAX_DEPTH, import_workbook, parse
from workbook.io import people_csv
from workbook.io.importers import ImportFailed, read
from workbook.io.importers.bounds import MAX_COLUMNS, MAX_PARTS, MAX_ROWS, MAX_UNZIPPED
from workbook.io.importers.preview import preview
from workbook.io.problems import Problem
from workbook.limits import MAX_COMMUNITIES_PER_TEAM
from workbook.messages import error_message

MEMORY_BOUND_MB = 150  # growth of the importer's peak resident memory over its baseline
TIME_BOUND_S = 60

# --- a crafted XLSX: the least that openpyxl opens ------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
PARTS = {
    "[Content_Types].xml": TYPES,
    "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="Leht1" '
                       'sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
                                  f'<Relationship Id="rId1" Type="{REL}/worksheet" '
                                  'Target="worksheets/sheet1.xml"/>'
                                  f'<Relationship Id="rId2" Type="{REL}/sharedStrings" '
                                  'Target="sharedStrings.xml"/></Relationships>',
}


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def crafted_xlsx(rows=(), strings=(), extra: int = 0) -> bytes:
    """An XLSX from chunks of sheet XML (``<row>``s) and shared strings (``<si>``s),
    streamed into the zip, so a part of 60 MB never sits in memory whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        for name, head, chunks, tail in (
                ("xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData>", rows,
                 "</sheetData></worksheet>"),
                ("xl/sharedStrings.xml", f"<sst {NS}>", strings, "</sst>")):
            with archive.open(name, "w", force_zip64=True) as part:
                part.write(head.encode())
                for chunk in chunks:
                    part.write(chunk.encode())
                part.write(tail.encode())
        for i in range(extra):
            archive.writestr(f"docProps/extra{i}.txt", "")
    return buffer.getvalue()


def header_row() -> str:
    return '<row r="1">' + inline("A1", "Nimi") + "</row>"


def sheet_rows(count: int):
    yield header_row()
    for r in range(2, count + 2):
        yield f'<row r="{r}">' + inline(f"A{r}", f"Küla {r}") + "</row>"


def shared_strings_bomb():
    """300 MB of one string (the probe's file) — packed to about 300 KB."""
    yield "<si><t>"
    for _ in range(300):
        yield "a" * 1_000_000
    yield "</t></si>"


def ratio_bomb():
    """Under the 50 MB limit unpacked, but packed about 1000 to 1."""
    yield "<si><t>" + "a" * 20_000_000 + "</t></si>"


def many_strings():
    """200 000 distinct short strings: 800 000 tags, packed only about 4 to 1."""
    for i in range(200_000):
        yield f"<si><t>{i:x}</t></si>"


def noise(length: int) -> str:
    """Text that packs only about 2 to 1, so the zip's ratio check lets it through."""
    return random.Random(12).randbytes(length // 2).hex()


def laughs() -> bytes:
    """Billion laughs: ten entities, each ten of the one before (3 GB expanded)."""
    entities = b'<!ENTITY a "' + b"lol" * 100 + b'">'
    for before, entity in zip(b"abcdefghi", b"bcdefghij"):
        entities += b'<!ENTITY %c "%s">' % (entity, b"&%c;" % before * 10)
    return (b'<?xml version="1.0"?><!DOCTYPE kml [' + entities
            + b"]><kml><Placemark><name>&j;</name></Placemark></kml>")


BOMBS = {
    "shared_strings.xlsx": (lambda: crafted_xlsx(sheet_rows(1), shared_strings_bomb()),
                            "import.unzipped_too_large"),
    "ratio.xlsx": (lambda: crafted_xlsx(sheet_rows(1), ratio_bomb()), "import.zip_ratio"),
    "strings.xlsx": (lambda: crafted_xlsx(sheet_rows(1), many_strings()),
                     "import.too_many_tags"),
    "rows.xlsx": (lambda: crafted_xlsx(sheet_rows(MAX_ROWS + 500)), "import.too_many_rows"),
    "columns.xlsx": (lambda: crafted_xlsx(
        [header_row(), '<row r="2">' + inline("A2", "Küla") + inline("XFD2", "x") + "</row>"]),
        "import.too_many_columns"),
    "wide.xlsx": (lambda: crafted_xlsx(
        [header_row(), '<row r="2">' + "".join(f'<c t="inlineStr"><is><t>{i}</t></is></c>'
                                               for i in range(20_000)) + "</row>"]),
        "import.too_many_columns"),
    "cell.xlsx": (lambda: crafted_xlsx(
        [header_row(), '<row r="2">' + inline("A2", noise(5_000_000)) + "</row>"]),
        "import.cell_too_long"),
    "parts.xlsx": (lambda: crafted_xlsx(sheet_rows(1), extra=MAX_PARTS), "import.too_many_parts"),
    "cell.csv": (lambda: b"nimi;m\xc3\xa4rkused\nK\xc3\xbcla;" + b"x" * 4_900_000 + b"\n",
                 "import.cell_over_limit"),
    "cell_20k.csv": (lambda: b"nimi;notes\nA;" + b"y" * 20_000 + b"\n", "import.cell_too_long"),
    "columns.csv": (lambda: b"nimi" + b";x" * 300 + b"\n", "import.too_many_columns"),
    "rows.csv": (lambda: b"nimi\n" + b"x\n" * (MAX_ROWS + 1), "import.too_many_rows"),
    "deep.geojson": (lambda: b"[" * 2_000_000 + b"]" * 2_000_000, "import.too_deep"),
    "deep_props.geojson": (lambda: (b'{"type": "Feature", "properties": {"name": '
                                    + b'{"a": ' * 100 + b"1" + b"}" * 100 + b"}}"),
                           "import.too_deep"),
    "points.geojson": (lambda: b'{"type": "LineString", "coordinates": ['
                       + b",".join([b"[1,2]"] * 400_000) + b"]}", "import.too_many_coordinates"),
    "objects.geojson": (lambda: b"[" + b",".join([b"{}"] * 1_600_000) + b"]",
                        "import.too_many_objects"),
    "laughs.kml": (lambda: laughs(), "import.bad_kml"),
    "external.kml": (lambda: (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM '
                              b'"file:///etc/passwd">]><kml><Placemark><name>&x;</name>'
                              b'</Placemark></kml>'), "import.bad_kml"),
    "deep.kml": (lambda: b"<kml>" + b"<a>" * 500_000 + b"</a>" * 500_000 + b"</kml>",
                 "import.too_deep"),
    "elements.kml": (lambda: b"<kml>" + b"<a/>" * 1_200_000 + b"</kml>",
                     "import.too_many_elements"),
    "marks.kml": (lambda: b"<kml>" + b"<Placemark/>" * (MAX_ROWS + 1) + b"</kml>",
                  "import.too_many_rows"),
    "text.kml": (lambda: b"<kml><Placemark><description>" + b"z" * 4_000_000
                 + b"</description></Placemark></kml>", "import.cell_over_limit"),
    "line.kml": (lambda: b"<kml><Placemark><LineString><coordinates>"
                 + b"22.1,58.2 " * 400_000 + b"</coordinates></LineString></Placemark></kml>",
                 "import.too_many_coordinates"),
}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {name: make() for name, (make, _code) in BOMBS.items()}


def test_the_bombs_are_small(bombs):
    assert all(len(data) <= 5_000_000 for data in bombs.values())
    assert len(bombs["shared_strings.xlsx"]) < 400_000  # 300 MB unpacked


@pytest.mark.parametrize("name", list(BOMBS))
def test_each_bomb_is_refused_naming_the_limit(bombs, name):
    with pytest.raises(ImportFailed) as info:
        read(name, bombs[name])
    assert info.value.code == BOMBS[name][1]
    et, en = error_message(info.value, "et"), error_message(info.value, "en")
    assert et != en and "{" not in et + en
    if "limit" in info.value.params:
        limit = info.value.params["limit"]
        assert f"{limit:,}".replace(",", "\xa0") in et and f"{limit:,}" in en


def test_the_messages_read_as_the_probe_wants_them(bombs):
    with pytest.raises(ImportFailed) as info:
        read("kogukonnad.xlsx", bombs["shared_strings.xlsx"])
    assert error_message(info.value, "et") == \
        "Fail on liiga suur: lahtipakituna 301 MB (piir 50 MB)."
    assert info.value.params["limit"] == MAX_UNZIPPED // 1_000_000
    with pytest.raises(ImportFailed) as info:
        read("kogukonnad.xlsx", bombs["cell.xlsx"])
    assert "5,000,000 characters (the limit is 10,000)" in error_message(info.value, "en")
    assert "5\xa0000\xa0000 märki (piir 10\xa0000 märki)" in error_message(info.value, "et")
    with pytest.raises(ImportFailed) as info:
        read("k.csv", bombs["columns.csv"])
    assert f"{MAX_COLUMNS} columns" in error_message(info.value, "en")


MEASURE = """
import json, re, sys, time
from pathlib import Path
from workbook.exceptions import WorkbookError
from workbook.export.workbook_json import parse
from workbook.io.importers import read
STATUS, CLEAR = Path("/proc/self/status"), Path("/proc/self/clear_refs")
mb = lambda key: int(re.search(key + r":\\s+(\\d+) kB", STATUS.read_text()).group(1)) / 1024
for path in sorted(Path(sys.argv[1]).iterdir()):
    data = path.read_bytes()
    CLEAR.write_text("5")  # resets the peak (VmHWM) to the resident size now
    before, start = mb("VmRSS"), time.monotonic()
    try:
        parse(data.decode()) if path.suffix == ".workbook" else read(path.name, data)
        code = None
    except WorkbookError as exc:
        code = exc.code
    print(json.dumps({"name": path.name, "code": code, "grown_mb": mb("VmHWM") - before,
                      "seconds": time.monotonic() - start}))
    del data
"""
MEASURED = ["shared_strings.xlsx", "strings.xlsx", "rows.xlsx", "wide.xlsx", "cell.xlsx",
            "cell.csv", "deep.geojson", "objects.geojson", "laughs.kml", "elements.kml"]


def test_memory_and_time_stay_bounded_while_refusing(bombs, tmp_path):
    """Each bomb in a fresh interpreter, after its imports: the peak resident memory
    (VmHWM, reset before each file) grows by less than MEMORY_BOUND_MB over the
    resident size with the file read in."""
    for name in MEASURED:
        (tmp_path / name).write_bytes(bombs[name])
    (tmp_path / "deep.workbook").write_text("[" * 2_000_000 + "]" * 2_000_000)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path)], capture_output=True,
                          text=True, timeout=TIME_BOUND_S, check=True)
    found = {r["name"]: r for r in map(json.loads, done.stdout.splitlines())}
    print(json.dumps(found, indent=1))  # the figures, with -s
    assert {name: found[name]["code"] for name in MEASURED} == {
        name: BOMBS[name][1] for name in MEASURED}
    assert found["deep.workbook"]["code"] == "error.bad_workbook_file"
    assert max(r["grown_mb"] for r in found.values()) < MEMORY_BOUND_MB
    assert max(r["seconds"] for r in found.values()) < TIME_BOUND_S / 4


# --- values shown are shortened ---------------------------------------------------------

def test_problem_messages_cut_every_quoted_value():
    problem = Problem("coordinates", "q" * 5000, "coords.unreadable", {"text": "q" * 5000})
    for lang in ("et", "en"):
        message = problem.message(lang)
        assert "q" * 80 not in message and "q" * 79 + "…" in message and len(message) < 400


def test_the_preview_shows_long_values_shortened(cohort):
    from workbook.ui.community_import import ImportPanel

    team_id = cohort.teams["Saaremaa meeskond"]
    panel = ImportPanel(cohort.login("Anne Vallasekretär"), team_id, "et", lambda _n: None)
    long_bad = "9" * 9000 + "x"
    data = ("nimi;suurus;koordinaadid\nKüla;" + long_bad + ";\nTeine küla;;"
            + "põhjas " * 1000 + "\n").encode()
    panel._uploaded({"new": [{"name": "n" * 500 + ".csv", "content": memoryview(data)}]})
    html = panel.result.value
    assert html.count("wb-import-bad") == 1 and len(html) < 5000
    assert "9" * 81 not in html and "9" * 79 + "…" in html
    assert "põhjas " * 20 not in html and "n" * 81 not in html
    assert panel.confirm.layout.display == "none"  # no good row


# --- the team's community limit in the preview ------------------------------------------

def _saved(count: int) -> list[tuple]:
    return [(f"Küla {i}", None, None) for i in range(count)]


def test_a_preview_offers_only_the_rows_there_is_room_for():
    rows = read("a.csv", ("nimi\n" + "".join(f"Uus {i}\n" for i in range(30))).encode())
    found = preview(rows, _saved(MAX_COMMUNITIES_PER_TEAM - 10))
    assert (found.existing, found.limit, found.room) == (MAX_COMMUNITIES_PER_TEAM - 10,
                                                         MAX_COMMUNITIES_PER_TEAM, 10)
    assert found.over_limit() and len(found.wanted()) == 30
    assert [p["name"] for p in found.to_create()] == [f"Uus {i}" for i in range(10)]
    full = preview(rows, _saved(MAX_COMMUNITIES_PER_TEAM))
    assert full.room == 0 and full.to_create() == []
    assert not preview(rows, _saved(5)).over_limit()


def test_a_file_with_more_rows_than_the_team_limit_is_refused():
    rows = read("a.csv", ("nimi\n" + "".join(f"Uus {i}\n" for i in range(30))).encode())
    with pytest.raises(ImportFailed) as info:
        preview(rows, [], limit=20)
    assert info.value.code == "import.more_than_team_limit"
    assert "30 rida" in error_message(info.value, "et") and "(piir 20)" in \
        error_message(info.value, "et")
    with pytest.raises(ImportFailed) as info:
        read("a.csv", b"nimi\n" + b"x\n" * (MAX_COMMUNITIES_PER_TEAM + 1))
    assert info.value.code == "import.too_many_rows"
    assert "at most 2,000 communities" in error_message(info.value, "en")


def test_the_import_panel_says_the_team_limit_and_offers_no_more(cohort, service):
    from workbook.ui.community_import import ImportPanel

    team_id = cohort.teams["Saaremaa meeskond"]
    session = cohort.login("Anne Vallasekretär")
    have = len(session.items("community", team_id))
    room = 3
    session.create_many("community", [{"name": f"Vana {i}"} for i in
                                      range(MAX_COMMUNITIES_PER_TEAM - have - room)],
                        team_id=team_id)
    panel = ImportPanel(session, team_id, "en", lambda _n: None)
    data = ("nimi\n" + "".join(f"Uus {i}\n" for i in range(5))).encode()
    panel._uploaded({"new": [{"name": "uued.csv", "content": data}]})
    assert "wb-import-limit" in panel.result.value
    assert "1,997 communities and the limit is 2,000: 3 more can be added" in panel.result.value
    assert "the other 2 are not" in panel.result.value
    assert panel.confirm.description == "Add the communities (3)"
    panel._confirm()
    assert len(session.items("community", team_id)) == MAX_COMMUNITIES_PER_TEAM
    panel._uploaded({"new": [{"name": "veel.csv", "content": b"nimi\nVeel\n"}]})
    assert "already has 2,000 communities" in panel.result.value
    assert panel.confirm.layout.display == "none"


# --- the coordinator's people CSV -------------------------------------------------------

@pytest.mark.parametrize("data, code", [
    (b"nimi;meeskond;pool\nMari;" + b"t" * 4_000_000 + b";vald\n", "import.cell_over_limit"),
    (b"nimi;meeskond;pool\nMari;" + b"t" * 20_000 + b";vald\n", "import.cell_too_long"),
    (b"nimi;meeskond;pool" + b";x" * (MAX_COLUMNS + 1) + b"\n", "import.too_many_columns"),
    (b"nimi;meeskond;pool\n" + b"Mari;T;vald\n" * (people_csv.MAX_ROWS + 1),
     "import.too_many_people"),
])
def test_people_csv_has_the_same_bounds(cohort, data, code):
    with pytest.raises(ImportFailed) as info:
        people_csv.read(data, dict(cohort.teams))
    assert info.value.code == code
    assert str(info.value.params["limit"]) in error_message(info.value, "en").replace(",", "")


def test_people_csv_quotes_a_long_value_shortened(cohort):
    rows = people_csv.read(b"nimi;meeskond;pool\nMari;" + b"T" * 5000 + b";vald\n",
                           dict(cohort.teams))
    [bad] = rows.bad
    assert bad.problems[0][:2] == ("team", "unknown_team")
    assert len(bad.problems[0][2]["input"]) == 80 and bad.problems[0][2]["input"][-1] == "…"


# --- the workbook JSON import -----------------------------------------------------------

def test_a_deeply_nested_workbook_file_is_a_clear_error(service):
    for text in ("[" * 100_000 + "]" * 100_000, '{"a": ' * 50_000 + "1" + "}" * 50_000):
        with pytest.raises(BadWorkbookFile) as info:
            parse(text)
        assert f"the limit is {MAX_DEPTH}" in str(info.value)
    assert parse('{"a": [1]}') == {"a": [1]}
    deep: list = []
    document = {"format": "koosloome-workbook", "schema_version": 1, "cohort": {"x": deep}}
    for _ in range(200):  # as deep as json.loads still builds
        deep.append([])
        deep = deep[0]
    with pytest.raises(BadWorkbookFile) as info:
        import_workbook(service, document)
    assert f"more than {MAX_DEPTH} levels" in error_message(info.value, "en")
    assert service.cohorts() == []


def test_the_duplicates_box_changes_the_count_on_the_confirm_button(cohort):
    from workbook.ui.community_import import ImportPanel

    team_id = cohort.teams["Saaremaa meeskond"]
    session = cohort.login("Anne Vallasekretär")
    saved = session.items("community", team_id)[0].data
    panel = ImportPanel(session, team_id, "et", lambda _n: None)
    data = f"nimi\n{saved.name}\nUus küla\n".encode()
    panel._uploaded({"new": [{"name": "uued.csv", "content": data}]})
    assert panel.duplicates.layout.display == "" and panel.duplicates.value is False
    assert panel.confirm.description == "Lisa kogukonnad (1)"
    panel.duplicates.value = True
    assert panel.confirm.description == "Lisa kogukonnad (2)"
    panel.duplicates.value = False
    assert panel.confirm.description == "Lisa kogukonnad (1)"
