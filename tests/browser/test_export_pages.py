"""The export page in a real Voila server, and every exported file opened offline in Chromium."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl

EXPORT = "09_eksport.ipynb"
MEMBER = "Kaia Kask"  # the demo's filled team (Kastre)
LOCATED = 8  # Kastre's communities with a location (its interest community has none)


def make_files(pw, untick=()):
    for code in untick:
        pw.locator(f".wb-export-format-{code} input").uncheck()
    pw.click(".wb-export-make")
    pw.wait_for_selector(".wb-export-links a", timeout=90_000)


def download(pw, name: str, folder: Path) -> Path:
    with pw.expect_download() as info:
        pw.click(f".wb-export-links a:text-is('{name}')")
    target = folder / name
    info.value.save_as(target)
    return target


def open_offline(browser, path: Path, blocked: list):
    """The file from disk, as from a USB stick: anything but files is blocked (and noted)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    context.route("**/*", route)
    pw = context.new_page()
    pw.goto(path.as_uri())
    pw.wait_for_load_state("load")
    return pw


def only_tiles(blocked: list) -> bool:
    """Only base map tiles may want the network."""
    return all("tile" in url or "/wmts" in url or "maaamet" in url for url in blocked)


def points_in_frame(pw, selector: str = ".wb-map-frame") -> int:
    """The points a map in a frame drew, once it has fitted its view to its outlines."""
    element = pw.locator(selector).first
    element.scroll_into_view_if_needed()  # as a person looks at it (frames off screen idle)
    frame = element.element_handle().content_frame()
    frame.wait_for_function("document.documentElement.getAttribute('data-wb-ready') !== null")
    outer = element.bounding_box()
    outline = frame.locator("path.leaflet-interactive").first.bounding_box()
    for start, size in (("x", "width"), ("y", "height")):  # the outline is in view: the map
        assert outer[start] <= outline[start]  # fitted its bounds, not zoomed in or out
        assert outline[start] + outline[size] <= outer[start] + outer[size] + 1
    return int(frame.evaluate("document.documentElement.getAttribute('data-wb-points')"))


def test_a_member_exports_the_team_and_every_file_opens_offline(voila, page, browser,
                                                                tmp_path):
    pw = page.open(voila.url_for(MEMBER, EXPORT))
    assert pw.locator(".wb-export-personal").is_hidden()  # members cannot add personal data
    pw.screenshot(path=str(tmp_path / "export-page.png"))
    make_files(pw)
    assert "Failid on valmis" in pw.inner_text(".wb-export-result")
    assert pw.locator(".wb-export-links a").count() == 8  # 7 formats and the zip
    blocked = []
    report = open_offline(browser, download(pw, "aruanne.html", tmp_path), blocked)
    assert points_in_frame(report) == LOCATED
    assert report.locator("svg.wb-bars").count() == 2
    assert report.locator("svg.wb-radar").count() >= 3
    assert report.locator("svg.wb-gantt .wb-timeline-bar").count() == 8
    assert "Kastre meeskond" in report.inner_text("h1")
    deck = open_offline(browser, download(pw, "slaidid.html", tmp_path), blocked)
    assert deck.locator(".wb-slide.wb-current h1").inner_text() == "Kastre meeskond"
    deck.keyboard.press("ArrowRight")
    assert deck.evaluate("document.documentElement.getAttribute('data-wb-slide')") == "2"
    assert points_in_frame(deck) == LOCATED
    pdf = download(pw, "aruanne.pdf", tmp_path).read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 5
    book = openpyxl.load_workbook(download(pw, "andmed.xlsx", tmp_path))
    assert book.sheetnames[1] == "I Kogukondade kaardistamine"
    geo = json.loads(download(pw, "kogukonnad.geojson", tmp_path).read_text(encoding="utf-8"))
    assert len(geo["features"]) == LOCATED
    assert page.remote == [] and only_tiles(blocked)


def test_the_coordinator_s_cohort_zip_opens_offline(voila, page, browser, tmp_path):
    pw = page.open(voila.url_for("Kadri Koordinaator", EXPORT))
    pw.select_option(".wb-export-target select", label="Kogu lend (kõik meeskonnad, zip)")
    make_files(pw, untick=["pdf"])
    (link,) = pw.locator(".wb-export-links a").all_inner_texts()
    zipped = download(pw, link, tmp_path)
    with zipfile.ZipFile(io.BytesIO(zipped.read_bytes())) as zf:
        zf.extractall(tmp_path / "lend")
    (index,) = (tmp_path / "lend").glob("*/index.html")
    blocked = []
    home = open_offline(browser, index, blocked)
    admin = voila.service.system(voila.service.cohorts()[0].id)
    teams = admin.teams()  # other tests may have added a team or communities
    assert home.locator(".wb-team-list > li h3").all_inner_texts() == [
        t.data.name for t in teams]
    located = sum(1 for t in teams for c in admin.items("community", t.id) if c.data.location)
    for href in home.locator(".wb-team-list a").evaluate_all("els => els.map(e => e.href)"):
        assert Path(href.removeprefix("file://")).is_file(), href
    assert points_in_frame(home) == located
    assert home.locator("svg.wb-bars").count() == 3
    assert only_tiles(blocked)


def test_another_team_or_a_forged_link_gets_nothing(voila, page):
    import urllib.error
    import urllib.request

    pw = page.open(voila.url_for("Anne Vallasekretär", EXPORT))
    options = pw.locator(".wb-export-target option").all_inner_texts()
    assert [o.replace("\xa0", " ") for o in options] == ["Saaremaa meeskond"]
    for bad in ("AAAAAAAAAAAAAAAAAAAAAAAA/aruanne.html", "x/../../etc/passwd"):
        try:
            urllib.request.urlopen(f"{voila.base}/workbook/download/{bad}")
            raise AssertionError("served " + bad)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
