"""Time to interactive of the home page against a bare one-widget notebook.

Both notebooks are served by the same real Voila server in the same run, so the
ratio is meaningful on a noisy machine. Measured in headless Chromium from
navigation until the page is usable: for the home page, ``.wb-ready`` is set and
the language switch is clickable; for the bare notebook, its button is.

Two servers are measured: cold (``WORKBOOK_POOL_SIZE=0``: a kernel starts per
request) and pre-heated (a kernel per page waits ready). Prints median times and
ratios. Usage: python benchmarks/home_tti.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_voila, stop  # noqa: E402
from workbook import demo  # noqa: E402
from workbook.service import Service  # noqa: E402

BARE = "bare.ipynb"
HOME_READY = ".wb-app:has(.wb-ready) .wb-lang button"


def bare_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as w\n"
        "w.Button(description='ok', _dom_classes=['bench-ready'])")]
    nbformat.write(nb, path)


def measure(browser, url: str, selector: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.locator(selector).first.wait_for(state="visible", timeout=120_000)
    page.locator(selector).first.click(trial=True)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def run_server(folder: Path, url: str, key: str, pool: int, runs: int, browser) -> tuple:
    proc, base, _ = start_voila(folder, url, pool_size=pool, notebooks=folder / "nb",
                                settings={"WORKBOOK_KERNELS_PER_KEY": "1000"})
    try:
        home_url = f"{base}/voila/render/00_avaleht.ipynb?k={key}"
        bare_url = f"{base}/voila/render/{BARE}?k={key}"  # the server lets no keyless page in
        home, bare = [], []
        measure(browser, bare_url, ".bench-ready")  # warm-up: server caches, browser
        for _ in range(runs):
            if pool:
                time.sleep(3)  # let the pool refill after the previous request
            bare.append(measure(browser, bare_url, ".bench-ready"))
            if pool:
                time.sleep(3)
            home.append(measure(browser, home_url, HOME_READY))
        return statistics.median(home), statistics.median(bare)
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "nb").mkdir()
        shutil.copy(REPO / "notebooks" / "00_avaleht.ipynb", folder / "nb")
        bare_notebook(folder / "nb" / BARE)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        service = Service.open(url, create=True)
        links = demo.issue_links(service, demo.create_demo(service))
        key = next(link.key for link in links if link.access == "member")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"home page time to interactive, median of {args.runs} runs")
            for label, pool in (("cold (pool 0)", 0), ("pre-heated (pool 1)", 1)):
                home, bare = run_server(folder, url, key, pool, args.runs, browser)
                print(f"{label:22s} home {home:6.2f} s   bare notebook {bare:6.2f} s   "
                      f"ratio {home / bare:4.2f}")
            browser.close()


if __name__ == "__main__":
    main()
