"""Moving between sections in the app against loading each section as its own page.

One real Voila server (pre-heated pool of 1) over the demo cohort, with the Land
Board's geodata when ``../shared/data/ehak`` is there. For every section, in
headless Chromium:

- page load: the section's own notebook opened in a new tab, from navigation until
  the section is usable (``.wb-ready``); the pool refills between loads;
- first visit: in one open app, from the click on the section in the navigation
  until the section is in view, built and named in the tab;
- return: the same click again after visiting another section (the section is kept);
- built ahead: on a second server with ``WORKBOOK_PREBUILD_SECONDS=3``, the first click
  on each section after ``--read`` seconds on the home page (the sections are built,
  hidden, while the person reads).

All times are in the page's own clock (``performance.now()``, checked at every animation
frame), so that Playwright's time to dispatch a click is not counted.

Prints each section's figures, then p50 and p95 of the clicks and their ratio to the
median page load. Usage: python benchmarks/navigation.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_voila, stop  # noqa: E402
from workbook import demo  # noqa: E402
from workbook import section_registry as registry  # noqa: E402
from workbook.service import Service  # noqa: E402

# a member's pages after home, by address: every section (the registry's), the export
SECTIONS = {**{s.slug: s.notebook for s in registry.SECTIONS}, "eksport": "09_eksport.ipynb"}
SHOWN = """s => { const m = document.querySelector('.wb-meta');
  const v = document.querySelector(".wb-app-body > .wb-page:not([style*='none']) .wb-ready");
  return m && v && m.dataset.route.split('/')[0] === s && document.title === m.dataset.title
    && performance.now() - window.__wbClick; }"""
# the moment the click reaches the page, in the page's own clock
CLICKED = """() => document.addEventListener('click', e => {
  if (e.target.closest('.wb-nav a')) window.__wbClick = performance.now(); }, true)"""
READY = "() => document.querySelector('.wb-ready') && performance.now()"


def click(page, slug: str) -> float:
    """From the click reaching the page until the frame in which the section is shown
    (polled at every animation frame): what the person waits. Playwright's own time to
    dispatch the click (up to 0.3 s for the first action after a long idle) is left out."""
    page.locator(f".wb-nav a[href='#/{slug}']").click()
    shown = page.wait_for_function(SHOWN, arg=slug, timeout=120_000)
    return shown.json_value() / 1000


def load(browser, url: str) -> float:
    """From the start of navigation until the frame in which the section is usable."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=300_000)
    ready = page.wait_for_function(READY, timeout=300_000)
    elapsed = ready.json_value() / 1000
    context.close()
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def geodata(folder: Path) -> Path | None:
    source = REPO.parent / "shared" / "data" / "ehak"
    if not source.is_dir():
        return None
    from workbook.geo import cache

    target = folder / "geodata"
    cache.build(source, target)
    os.environ["WORKBOOK_GEODATA"] = str(target)  # the demo's places lie in its outlines
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="app sessions to measure")
    parser.add_argument("--read", type=float, default=25,
                        help="seconds on the home page before the built-ahead clicks")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        geo = geodata(folder)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        service = Service.open(url, create=True)
        links = demo.issue_links(service, demo.create_demo(service))
        key = next(link.key for link in links if link.access == "member")
        # one key opens many pages here: the per-link kernel limit would refuse the 7th
        proc, base, _ = start_voila(folder, url, pool_size=1, geodata=geo,
                                    settings={"WORKBOOK_KERNELS_PER_KEY": "1000"})
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                load(browser, f"{base}/voila/render/00_avaleht.ipynb?k={key}")  # warm-up
                loads: dict[str, list[float]] = {s: [] for s in SECTIONS}
                first: dict[str, list[float]] = {s: [] for s in SECTIONS}
                back: dict[str, list[float]] = {s: [] for s in SECTIONS}
                ahead: dict[str, list[float]] = {s: [] for s in SECTIONS}
                for _ in range(args.rounds):
                    for slug, notebook in SECTIONS.items():
                        time.sleep(4)  # the pool refills
                        loads[slug].append(load(browser,
                                                f"{base}/voila/render/{notebook}?k={key}"))
                    time.sleep(3)
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{base}/voila/render/00_avaleht.ipynb?k={key}", timeout=120_000)
                    page.wait_for_selector(".wb-ready", timeout=120_000)
                    page.evaluate(CLICKED)
                    for slug in SECTIONS:
                        first[slug].append(click(page, slug))
                    for slug in SECTIONS:
                        click(page, "avaleht" if slug != "avaleht" else "eksport")
                        back[slug].append(click(page, slug))
                    context.close()
                stop(proc)
                proc, base, _ = start_voila(folder, url, pool_size=1, geodata=geo, settings={
                    "WORKBOOK_KERNELS_PER_KEY": "1000", "WORKBOOK_PREBUILD_SECONDS": "3"})
                for _ in range(args.rounds):
                    time.sleep(3)
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{base}/voila/render/00_avaleht.ipynb?k={key}", timeout=120_000)
                    page.wait_for_selector(".wb-ready", timeout=120_000)
                    page.evaluate(CLICKED)
                    time.sleep(args.read)  # the person reads the home page
                    for slug in SECTIONS:
                        ahead[slug].append(click(page, slug))
                    context.close()
                browser.close()
        finally:
            stop(proc)
    print(f"{'section':18s} {'page load':>10s} {'first click':>12s} {'return':>8s} "
          f"{'built ahead':>12s}  (medians, s)")
    for slug in SECTIONS:
        print(f"{slug:18s} {statistics.median(loads[slug]):10.2f} "
              f"{statistics.median(first[slug]):12.2f} {statistics.median(back[slug]):8.2f} "
              f"{statistics.median(ahead[slug]):12.2f}")
    all_loads = [v for vs in loads.values() for v in vs]
    firsts = [v for vs in first.values() for v in vs]
    backs = [v for vs in back.values() for v in vs]
    aheads = [v for vs in ahead.values() for v in vs]
    page_load = statistics.median(all_loads)
    print(f"page load median {page_load:.2f} s over {len(all_loads)} loads")
    for label, values in (("first visit", firsts), ("return", backs),
                          ("built ahead", aheads)):
        print(f"{label:12s} p50 {statistics.median(values) * 1000:6.0f} ms   "
              f"p95 {p95(values) * 1000:6.0f} ms   "
              f"page load / p95 = {page_load / p95(values):5.1f}x")


if __name__ == "__main__":
    main()
