"""Geodata: building the cache from the Land Board's data, place search, location checks."""

import json
import zipfile

import pytest

from workbook import cli
from workbook.geo import cache, default, geodata
from workbook.geo.gazetteer import Gazetteer, fold
from workbook.geo.source import GeodataError


def test_cache_holds_every_municipality_and_settlement_unit(geo):
    assert geo.meta["municipalities"] == 79
    assert geo.meta["settlements"] >= 4710
    assert geo.meta["validity"] == "01.09.2018"
    assert len(geo.gazetteer) == geo.meta["settlements"]
    saare = geo.municipality("0714")
    assert saare["properties"]["name"] == "Saaremaa vald"
    assert {f["properties"]["muni_code"] for f in geo.settlements_of("0714")["features"]} == {
        "0714"}
    assert "Maa-amet" in geo.attribution("et") and "01.09.2018" in geo.attribution("et")
    assert "Land Board" in geo.attribution("en")


def test_fold_ignores_case_and_diacritics():
    assert fold("  Kärla   Õismäe ŠŽ ") == "karla oismae sz"


@pytest.mark.parametrize("query, municipality, first", [
    ("Karla", "0714", "Kärla alevik — Saaremaa vald"),   # no diacritics typed
    ("kärla", "0714", "Kärla alevik — Saaremaa vald"),
    ("KURESSAARE", None, "Kuressaare linn — Saaremaa vald"),
    ("Haanja", "0698", "Haanja küla — Rõuge vald"),
])
def test_place_search_finds_and_ranks(geo, query, municipality, first):
    assert geo.gazetteer.search(query, municipality)[0].label == first


def test_own_municipality_comes_first_and_short_queries_find_nothing(geo):
    saare = geo.gazetteer.search("Karla", "0714")
    kose = geo.gazetteer.search("Karla", "0338")
    assert saare[0].muni_code == "0714" and kose[0].muni_name == "Kose vald"
    assert geo.gazetteer.search("K") == [] and geo.gazetteer.search("zzzz") == []
    assert len(geo.gazetteer.search("küla", limit=7)) == 7


def test_whole_word_match_beats_match_inside_a_word():
    gz = Gazetteer([["1", "Vanaküla küla", "8", "1", "A vald", "X", 58.0, 25.0],
                    ["2", "Küla küla", "8", "2", "B vald", "X", 58.0, 25.0]])
    assert [p.code for p in gz.search("küla")] == ["2", "1"]


@pytest.mark.parametrize("lat, lon, inside", [
    (58.3337, 22.2556, True),    # Kärla, Saaremaa
    (59.437, 24.745, True),      # Tallinn
    (57.78, 26.05, True),        # Valga
    (58.38, 21.85, True),        # Sõrve coast, within the margin
    (56.95, 24.10, False),       # Riga
    (60.17, 24.94, False),       # Helsinki
    (59.0, 20.5, False),         # the Baltic Sea
])
def test_inside_estonia(geo, lat, lon, inside):
    assert geo.inside_estonia(lat, lon) is inside


def test_inside_municipality(geo):
    assert geo.inside_municipality("0714", 58.3337, 22.2556) is True
    assert geo.inside_municipality("0698", 58.3337, 22.2556) is False
    assert geo.inside_municipality("9999", 58.3337, 22.2556) is None


def test_no_cache_means_no_geodata(tmp_path):
    assert geodata.load(tmp_path / "nothing") is None


@pytest.mark.gis
def test_bad_sources_are_clear_errors_and_keep_the_old_cache(tmp_path, ehak):
    with pytest.raises(GeodataError, match="not found"):
        cache.build(tmp_path / "missing", tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GeodataError, match="no omavalitsus layer"):
        cache.build(tmp_path / "empty", tmp_path / "out")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "omavalitsus.json").write_text('{"type": "FeatureCollection", "feat')
    (broken / "asustusyksus.json").write_text("{}")
    target = tmp_path / "kept"
    cache.build(ehak, target)
    with pytest.raises(GeodataError, match="cannot read omavalitsus.json"):
        cache.build(broken, target)
    assert geodata.load(target).meta["municipalities"] == 79  # the old cache is intact


def _land_board_zips(folder, ehak):
    """Shapefile zips in L-EST97 (EPSG:3301), shaped like the Land Board's downloads."""
    import geopandas as gpd

    folder.mkdir()
    layers = {"omavalitsus": ehak / "geojson" / "omavalitsus.json",
              "asustusyksus": ehak / "topojson" / "asustusyksus.json"}
    for stem, path in layers.items():
        frame = gpd.read_file(path)
        frame = (frame.set_crs("EPSG:4326") if frame.crs is None else frame).to_crs("EPSG:3301")
        if stem == "asustusyksus":
            frame = frame[frame.ONIMI == "Saaremaa vald"]
        shp = folder / stem
        shp.mkdir()
        frame.drop(columns=[c for c in ("id",) if c in frame]).to_file(shp / f"{stem}.shp")
        with zipfile.ZipFile(folder / f"{stem}_shp.zip", "w") as zf:
            for part in shp.iterdir():
                zf.write(part, part.name)
    return folder


@pytest.mark.gis
def test_fetch_reads_the_land_board_shapefile_zips_in_lest97(tmp_path, ehak):
    import functools
    import http.server
    import threading

    served = _land_board_zips(tmp_path / "served", ehak)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        meta = cache.fetch(url, tmp_path / "cache")
    finally:
        server.shutdown()
    assert meta["origin"] == url and meta["municipalities"] == 79
    geo = geodata.load(tmp_path / "cache")
    karla = geo.gazetteer.search("Kärla alevik")[0]
    assert karla.muni_name == "Saaremaa vald"
    assert 58.2 < karla.lat < 58.45 and 22.1 < karla.lon < 22.4  # reprojected to WGS84


@pytest.mark.gis
def test_geodata_command_builds_and_describes_the_cache(tmp_path, monkeypatch, capsys, ehak):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(tmp_path / "geo"))
    assert cli.main(["geodata", "info"]) == 0  # nothing built: the shipped geodata, dated
    said = capsys.readouterr().out
    assert said.startswith("geodata shipped with the package: 79 municipalities")
    assert "valid 01.09.2018, " in said and " years ago" in said
    assert "workbook geodata fetch" in said
    assert cli.main(["geodata", "build", str(ehak)]) == 0
    assert "79 municipalities" in capsys.readouterr().out
    assert cli.main(["geodata", "info"]) == 0
    said = capsys.readouterr().out
    assert f"geodata in {tmp_path / 'geo'}" in said and "valid 01.09.2018" in said
    assert "shipped" not in said
    assert json.loads((tmp_path / "geo" / "meta.json").read_text())["settlements"] >= 4710
    monkeypatch.setattr(default, "ARCHIVE", tmp_path / "gone.zip")  # a broken install
    monkeypatch.setenv("WORKBOOK_GEODATA", str(tmp_path / "nothing"))
    assert cli.main(["geodata", "info"]) == 2
    assert "reinstall" in capsys.readouterr().err


def test_with_nothing_built_the_shipped_geodata_is_used(tmp_path, monkeypatch):
    """A fresh install, no Land Board files, no internet: outlines and place search."""
    monkeypatch.setenv("WORKBOOK_GEODATA", str(tmp_path / "never-built"))
    geo = geodata.load()
    assert geo is not None and geo.shipped and geo.meta["validity"] == "01.09.2018"
    assert default.ARCHIVE.stat().st_size < 3_000_000  # a few MB at most
    assert geo.attribution("et") == "Maa-amet, haldus- ja asustusjaotus, 01.09.2018"
    karla = geo.gazetteer.search("Kärla alevik")[0]
    assert karla.muni_name == "Saaremaa vald"
    assert geo.municipality("0714")["properties"]["name"] == "Saaremaa vald"
    assert len(geo.settlements_of("0714")["features"]) > 400
    assert geo.inside_municipality("0714", karla.lat, karla.lon)
    assert not geo.inside_estonia(57.9, 20.5)  # the open sea
    assert geodata.load(tmp_path / "never-built") is None  # a folder named: only a cache


@pytest.mark.gis
def test_the_shipped_geodata_is_made_from_the_land_boards_data(tmp_path, built_geodata):
    """``python -m workbook.geo.default`` gives the same bytes from the same source, so
    the archive in the repository is the Land Board's data and nothing else."""
    made = default.pack(built_geodata, tmp_path / "made.zip")
    assert made.read_bytes() == default.ARCHIVE.read_bytes()


def test_a_page_reads_only_its_own_municipality(geo):
    """Each municipality's outline and settlement units are a file of their own, so a
    page's kernel does not hold the whole country's outlines."""
    parts = geo.folder / "parts"
    assert len(list(parts.glob("*.geojson"))) == 79 and geo.meta["format"] == 2
    fresh = geodata.Geodata(geo.folder, geo.meta)
    assert fresh.municipality("../meta") is None and fresh.settlements_of("x/y")["features"] == []
    fresh.municipality("0714")
    assert [code for code, part in fresh._parts.items() if part] == ["0714"]


@pytest.mark.gis
def test_a_cache_built_before_the_parts_gets_them_on_load(tmp_path, built_geodata):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(built_geodata, old)
    shutil.rmtree(old / "parts")
    (old / "land.geojson").unlink()
    meta = json.loads((old / "meta.json").read_text())
    del meta["format"]
    (old / "meta.json").write_text(json.dumps(meta))
    geo = geodata.load(old)
    assert geo.meta["format"] == 2 and json.loads((old / "meta.json").read_text())["format"] == 2
    assert geo.inside_municipality("0714", 58.3337, 22.2556) is True
    assert geo.inside_estonia(56.95, 24.10) is False


def test_outline_holes_and_islands():
    from workbook.geo import outline

    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    island = [[20, 20], [22, 20], [22, 22], [20, 20]]
    shape = {"type": "MultiPolygon", "coordinates": [[square, hole], [island]]}
    assert outline.contains(shape, 2, 2) and outline.contains(shape, 21.5, 20.5)
    assert not outline.contains(shape, 5, 5) and not outline.contains(shape, 15, 15)
    assert outline.bounds(shape) == (0, 0, 22, 22)
    assert outline.bounds({"type": "Point", "coordinates": [1, 2]}) is None
