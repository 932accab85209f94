"""The export page's widgets, the download links behind it, and `workbook export` / `import`."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from workbook import cli, demo, downloads
from workbook.service import Service
from workbook.ui.context import PageContext
from workbook.ui.export_page import COHORT, ExportPage


@pytest.fixture
def drop(tmp_path, monkeypatch):
    folder = tmp_path / "downloads"
    monkeypatch.setenv("WORKBOOK_DOWNLOADS", str(folder))
    return folder


def page_for(cohort, name, lang="et"):
    session = cohort.login(name)
    return ExportPage(PageContext(key="k" * 32, lang=lang, session=session))


def test_a_member_exports_their_team_without_personal_data(filled, drop):
    page = page_for(filled, "Kaia Kask")
    assert [label for label, _ in page.target.options] == ["Kastre meeskond"]
    assert page.personal.layout.display == "none"
    page.formats["pdf"].value = False
    steps = []
    page.bar.observe(lambda change: steps.append(change["new"]), names="value")
    page.make.click()
    assert "Failid on valmis" in page.result.value and "välja jäetud" in page.result.value
    assert steps and page.bar.value == page.bar.max
    names = {p.name for p in drop.glob("*/*/*")}  # <user>/<token>/<file>
    assert names == {"aruanne.html", "slaidid.html", "andmed.xlsx", "kogukonnad.csv",
                     "kogukonnad.geojson", "toovihik.json", "kastre-meeskond.zip"}
    assert 'href="../../workbook/download/' in page.result.value


def test_the_coordinator_gets_the_cohort_zip_and_may_add_personal_data(filled, drop):
    page = page_for(filled, "Kadri Koordinaator", lang="en")
    assert page.target.options[-1] == ("The whole cohort (every team, zip)", COHORT)
    page.target.value = COHORT
    assert page.formats["xlsx"].disabled and not page.formats["pdf"].disabled
    page.formats["pdf"].value = False
    page.personal.value = True
    page.make.click()
    assert "included" in page.result.value
    (zipped,) = drop.glob("*/*/*.zip")
    with zipfile.ZipFile(zipped) as zf:
        assert any(n.endswith("kastre-meeskond/data.xlsx") for n in zf.namelist())  # en


def test_nothing_chosen_and_missing_chromium_are_said_clearly(filled, drop, monkeypatch):
    page = page_for(filled, "Kaia Kask")
    for box in page.formats.values():
        box.value = False
    page.make.click()
    assert "Vali vähemalt üks fail" in page.result.value
    monkeypatch.setenv("WORKBOOK_CHROMIUM", "/nowhere/chromium")
    page.formats["pdf"].value = page.formats["json"].value = True
    page.make.click()
    assert "PDF-i koostamiseks on vaja Chromiumi" in page.result.value
    assert "toovihik.json" in page.result.value  # the rest is still made


def test_download_links_expire_and_refuse_strange_names(tmp_path):
    links = downloads.publish({"aruanne.html": b"<p>x</p>"}, tmp_path)
    token = links["aruanne.html"].split("/")[2]
    assert downloads.find(token, "aruanne.html", tmp_path).read_bytes() == b"<p>x</p>"
    assert downloads.find(token, "../aruanne.html", tmp_path) is None
    assert downloads.find("short", "aruanne.html", tmp_path) is None
    with pytest.raises(ValueError):
        downloads.publish({"../x": b""}, tmp_path)
    old = time.time() - downloads.KEEP_SECONDS - 5
    import os

    os.utime(tmp_path / token / "aruanne.html", (old, old))
    os.utime(tmp_path / token, (old, old))
    assert downloads.find(token, "aruanne.html", tmp_path) is None
    downloads.clean(tmp_path)
    assert not (tmp_path / token).exists()


# --- command line ---------------------------------------------------------------------------

@pytest.fixture
def env_demo(db_url, monkeypatch):
    url = db_url
    monkeypatch.setenv("WORKBOOK_DB", url)
    service = Service.open(url, create=True)
    demo.create_demo(service)
    return service


def test_cli_exports_a_team_by_name_and_the_cohort(env_demo, tmp_path, capsys):
    out = tmp_path / "kastre"
    assert cli.main(["export", "Kastre meeskond", "--format", "report,json", "-o",
                     str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["aruanne.html", "toovihik.json"]
    zipped = tmp_path / "lend.zip"
    assert cli.main(["export", "--no-pdf", "--lang", "en", "-o", str(zipped)]) == 0
    with zipfile.ZipFile(zipped) as zf:
        assert "demo-koosloome-lend-2026/index.html" in zf.namelist()
    assert cli.main(["export", "Kastre meeskond", "--format", "docx"]) == 2
    assert "unknown format(s) docx" in capsys.readouterr().err


def test_cli_dump_then_import_into_an_empty_database(env_demo, new_db, tmp_path, monkeypatch,
                                                     capsys):
    dumped = tmp_path / "kastre.json"
    assert cli.main(["dump", "Kastre meeskond", "-o", str(dumped)]) == 0
    document = json.loads(dumped.read_text(encoding="utf-8"))
    monkeypatch.setenv("WORKBOOK_DB", new_db("other"))
    assert cli.main(["import", str(dumped)]) == 0
    assert f"imported team {document['team']['id']}" in capsys.readouterr().out
    assert cli.main(["import", str(dumped)]) == 2  # the team is there now
    assert "already in this database" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{not json")
    assert cli.main(["import", str(broken)]) == 2
    assert "not readable JSON" in capsys.readouterr().err


def test_zip_of_a_team_pack_opens(filled):
    from workbook.export.bundle import zip_of

    raw = zip_of({"a.txt": b"1", "b.txt": b"2"}, "meeskond")
    assert sorted(zipfile.ZipFile(io.BytesIO(raw)).namelist()) == ["meeskond/a.txt",
                                                                  "meeskond/b.txt"]
