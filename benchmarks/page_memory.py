"""Memory of one open page: the resident size of its kernel, for sizing a server or a hub.

A real Voila server (no pre-heating) serves every page of the filled demo team
(Kastre) and a bare one-widget notebook, the baseline, in the same run. Each page
is opened in headless Chromium; once it is ready, the new kernel's resident memory
(VmRSS) is read from /proc. Then the app is opened once and every section visited
through its navigation (one kernel keeps them all): its kernel's memory after the
last one is the figure that sizes a workshop day. Prints MB per page and the ratio to
the bare notebook.
Usage: python benchmarks/page_memory.py [--geodata FOLDER]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.home_tti import BARE, bare_notebook  # noqa: E402
from benchmarks.navigation import SECTIONS, click  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_voila, stop  # noqa: E402
from workbook import demo  # noqa: E402
from workbook.geo import cache  # noqa: E402
from workbook.service import Service  # noqa: E402

# a member's pages: home, every section, the export
PAGES = ["00_avaleht"] + [n.removesuffix(".ipynb") for n in SECTIONS.values()]


def kernels(server_pid: int) -> set[int]:
    """Process ids of the kernels the server started (its children running ipykernel)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next(int(line.split()[1]) for line in text.splitlines()
                    if line.startswith("PPid:"))
        if ppid == server_pid and b"ipykernel" in cmdline:
            found.add(int(status.parent.name))
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_page(browser, url: str, ready: str, server_pid: int) -> float:
    before = kernels(server_pid)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(ready, timeout=120_000)
    time.sleep(2)  # the page settles (maps, live updates started)
    if "01_" in url and not page.locator(".leaflet-overlay-pane path").count():
        raise SystemExit("the map page shows no outlines: its figure would leave them out")
    (pid,) = kernels(server_pid) - before
    size = rss_mb(pid)
    context.close()
    return size


def open_app(browser, url: str, server_pid: int) -> float:
    """The app's kernel after visiting every section (and the mentor-free pages)."""
    before = kernels(server_pid)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".wb-ready", timeout=120_000)
    for slug in SECTIONS:
        click(page, slug)
    time.sleep(2)
    (pid,) = kernels(server_pid) - before
    size = rss_mb(pid)
    context.close()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geodata", help="a built geodata cache (default: build from ../shared)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        geo = Path(args.geodata) if args.geodata else cache.build(
            REPO.parent / "shared" / "data" / "ehak", folder / "geo")
        (folder / "nb").mkdir()
        for name in PAGES:
            shutil.copy(REPO / "notebooks" / f"{name}.ipynb", folder / "nb")
        bare_notebook(folder / "nb" / BARE)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        service = Service.open(url, create=True)
        links = demo.issue_links(service, demo.create_demo(service))
        key = next(link.key for link in links if link.team == demo.FILLED_TEAM)
        # one key opens every page: the per-link kernel limit would refuse the 7th
        proc, base, _ = start_voila(folder, url, pool_size=0, notebooks=folder / "nb",
                                    geodata=geo, settings={"WORKBOOK_KERNELS_PER_KEY": "1000"})
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                bare = open_page(browser, f"{base}/voila/render/{BARE}?k={key}", ".bench-ready",
                                 proc.pid)
                print("| page | kernel memory | ratio to a bare notebook |\n|---|---|---|")
                print(f"| bare one-widget notebook | {bare:.0f} MB | 1.00 |")
                for name in PAGES:
                    size = open_page(browser, f"{base}/voila/render/{name}.ipynb?k={key}",
                                     ".wb-ready", proc.pid)
                    print(f"| {name} | {size:.0f} MB | {size / bare:.2f} |", flush=True)
                app = open_app(browser, f"{base}/voila/render/00_avaleht.ipynb?k={key}",
                                proc.pid)
                print(f"| the app after every section | {app:.0f} MB | {app / bare:.2f} |")
                print(f"\nthe Voila server itself: {rss_mb(proc.pid):.0f} MB")
                browser.close()
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
