"""Every page and the team export for a team at the community limit, against a team of 20.

One database holds the demo cohort with two teams filled in every section
(``workbook/large_team.py``): Rõuge at ``MAX_COMMUNITIES_PER_TEAM`` communities (with
engagement forms, submitted ratings, agreed phases and activities that refer to many
of them) and Kastre at 20. One real Voila server (no pre-heating) serves both; each
page is opened in headless Chromium and timed from navigation until ``.wb-ready``
shows. Widgets and widget state are counted in-process on the same data (what the
browser is sent); DOM nodes are counted in the browser. The team export (HTML report,
XLSX and JSON; no PDF) runs in a child process each, for its time and peak memory.
Prints figures and ratios (large / small); asserts nothing.
Usage: python benchmarks/team_limit.py [--geodata FOLDER] [--runs 1]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_voila, stop  # noqa: E402
from workbook import demo, large_team  # noqa: E402
from workbook.geo import cache  # noqa: E402
from workbook.limits import MAX_COMMUNITIES_PER_TEAM  # noqa: E402
from workbook.service import Service  # noqa: E402

LARGE, SMALL = "Rõuge meeskond", demo.FILLED_TEAM
STAFF_PAGES = {"mentor"}
EHAK = REPO.parent / "shared" / "data" / "ehak"


def open_time(browser, url: str) -> tuple[float, int]:
    """Seconds until the page is usable, and its DOM nodes then."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        "http://127.0.0.1") else r.abort())  # no map tiles from the internet
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=300_000)
    page.wait_for_selector(".wb-ready", timeout=300_000)
    elapsed = time.perf_counter() - start
    nodes = page.evaluate("document.getElementsByTagName('*').length")
    context.close()
    return elapsed, nodes


def widget_sizes(url: str, keys: dict[str, str], geo: Path) -> dict:
    """(widgets, state bytes) per page and team, built in-process like the kernel does."""
    os.environ["WORKBOOK_GEODATA"] = str(geo)
    from workbook.ui.context import PageContext
    from workbook.ui.frame import Frame
    from workbook.ui.widget_count import page_builders, page_size

    service = Service.open(url)
    out = {}
    for name, builder in page_builders().items():
        for team, key in keys.items():
            staff = name in STAFF_PAGES
            session = service.login(key["mentor" if staff else "member"])
            ctx = PageContext(key="k" * 32, lang="et", session=session,
                              params={"team": key["team_id"]})
            frame = Frame(ctx, "home.title", builder)
            size = page_size([frame.root])
            out[name, team] = (size.widgets, size.state_bytes)
    return out


def _export(url: str, key: str, team_id: str, queue) -> None:
    from workbook import export

    session = Service.open(url).login(key)
    start = time.perf_counter()
    files = export.team_files(session, team_id, formats=["report", "xlsx", "json"])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, {k: len(v) for k, v in files.items()}))


def export_figures(url: str, key: str, team_id: str) -> tuple[float, float, dict]:
    """(seconds, peak resident MB of the child process, file sizes) of one team export."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_export, args=(url, key, team_id, queue))
    child.start()
    found = queue.get()
    child.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="page openings per page and team")
    parser.add_argument("--geodata", help="a built geodata cache (default: build from ../shared)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "nb").mkdir()
        geo = Path(args.geodata) if args.geodata else cache.build(EHAK, folder / "geo")
        for notebook in (REPO / "notebooks").glob("0*.ipynb"):
            shutil.copy(notebook, folder / "nb")
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        service = Service.open(url, create=True)
        links = demo.issue_links(service, demo.create_demo(service, filled=False))
        member = {link.team: link for link in links if link.access == "member"}
        mentor = next(link for link in links if link.access == "mentor")
        admin = service.system(service.login(member[LARGE].key).actor.cohort_id)
        teams = {team.data.name: team.id for team in admin.teams()}
        start = time.perf_counter()
        sizes = {LARGE: large_team.fill_to_limit(admin, teams[LARGE]),
                 SMALL: large_team.fill_to_limit(admin, teams[SMALL], total=20)}
        print(f"filled: {LARGE} {sizes[LARGE]} communities, {SMALL} {sizes[SMALL]} "
              f"(limit {MAX_COMMUNITIES_PER_TEAM}; {time.perf_counter() - start:.0f} s)\n")
        keys = {team: {"member": member[team].key, "mentor": mentor.key,
                       "team_id": teams[team]} for team in (SMALL, LARGE)}
        widgets = widget_sizes(url, keys, geo)
        proc, base, _ = start_voila(folder, url, pool_size=0, notebooks=folder / "nb",
                                    geodata=geo, settings={"WORKBOOK_KERNELS_PER_KEY": "1000"})
        rows = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                open_time(browser, f"{base}/voila/render/00_avaleht.ipynb?k={member[SMALL].key}")
                for name in sorted({n for n, _t in widgets}):
                    found = {}
                    for team in (SMALL, LARGE):
                        key = mentor.key if name in STAFF_PAGES else member[team].key
                        query = f"k={key}" + (f"&team={teams[team]}" if name in STAFF_PAGES
                                              else "")
                        timing = [open_time(browser, f"{base}/voila/render/{name}.ipynb?{query}")
                                  for _ in range(args.runs)]
                        found[team] = (statistics.median(s for s, _n in timing),
                                       timing[-1][1], *widgets[name, team])
                    rows.append((name, found))
                    s, big = found[SMALL], found[LARGE]
                    print(f"{name}: {s[0]:.1f} s / {big[0]:.1f} s", flush=True)
                browser.close()
        finally:
            stop(proc)
        print(f"\n| page | usable: 20 / {sizes[LARGE]} | ratio | widgets: 20 / "
              f"{sizes[LARGE]} | widget state | DOM nodes |\n|---|---|---|---|---|---|")
        for name, found in rows:
            s, big = found[SMALL], found[LARGE]
            print(f"| {name} | {s[0]:.1f} s / {big[0]:.1f} s | {big[0] / s[0]:.2f} | "
                  f"{s[2]} / {big[2]} ({big[2] / s[2]:.2f}) | {s[3] / 1e6:.2f} / "
                  f"{big[3] / 1e6:.2f} MB | {s[1]} / {big[1]} |")
        small = export_figures(url, member[SMALL].key, teams[SMALL])
        large = export_figures(url, member[LARGE].key, teams[LARGE])
        print("\n| team export (report, xlsx, json) | time | peak memory | files |"
              "\n|---|---|---|---|")
        for label, (seconds, peak, files) in ((f"{SMALL} (20)", small),
                                              (f"{LARGE} ({sizes[LARGE]})", large)):
            listing = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in files.items())
            print(f"| {label} | {seconds:.1f} s | {peak:.0f} MB | {listing} |")
        print(f"\nratios: time {large[0] / small[0]:.1f}, peak memory {large[1] / small[1]:.2f}")


if __name__ == "__main__":
    main()
