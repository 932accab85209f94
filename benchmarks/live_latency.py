"""How soon a teammate's save shows on an open page: idle, and while the person types.

One real Voila server over the demo cohort. Person A has the plan section open in
headless Chromium. Person B, a teammate, saves a goal's title 20 times through the
service (the same store). For each save, the time until A's page shows the new title
is measured:

- idle: A does nothing;
- typing: A types into the vision text, a key every 150 ms, and never saves.

A save that does not show within ``--wait`` seconds counts as not shown. Prints p50 and
p95 of the shown ones and how many showed. Usage: python benchmarks/live_latency.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.navigation import p95  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_voila, stop  # noqa: E402
from workbook import demo  # noqa: E402
from workbook.service import Service  # noqa: E402

A, B = "Anne Vallasekretär", "Peeter Pärn"


def shown_after(page, text: str, start: float, wait: float, typing: bool) -> float | None:
    """Seconds from ``start`` until ``text`` is in the goals table; None if not in ``wait``."""
    deadline = start + wait
    while time.perf_counter() < deadline:
        if page.locator(f".wb-goal-table:has-text('{text}')").count():
            return time.perf_counter() - start
        if typing:
            page.keyboard.type("x")
            time.sleep(0.15)
        else:
            time.sleep(0.05)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--wait", type=float, default=10.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        service = Service.open(url, create=True)
        keys = {link.name: link.key for link in demo.issue_links(service,
                                                                 demo.create_demo(service))}
        teammate = service.login(keys[B])
        team = teammate.actor.team_id
        goal = teammate.create("goal", {"title": "B 0"}, team_id=team)
        proc, base, _ = start_voila(folder, url, pool_size=1)
        results = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context().new_page()
                page.goto(f"{base}/voila/render/00_avaleht.ipynb?k={keys[A]}#/tegevuskava",
                          timeout=300_000)
                page.wait_for_selector(".wb-goal-table:has-text('B 0')", timeout=300_000)
                time.sleep(5)
                n = 0
                for mode in ("idle", "typing"):
                    if mode == "typing":
                        page.click(".wb-part-vision textarea")
                    times = []
                    for _ in range(args.saves):
                        n += 1
                        goal = teammate.save(goal.id, {"title": f"B {n}"},
                                             expected_version=goal.version)
                        times.append(shown_after(page, f"B {n}", time.perf_counter(),
                                                 args.wait, mode == "typing"))
                    results[mode] = times
                browser.close()
        finally:
            stop(proc)
    for mode, times in results.items():
        shown = [x for x in times if x is not None]
        figures = (f"p50 {statistics.median(shown) * 1000:5.0f} ms  "
                   f"p95 {p95(shown) * 1000:5.0f} ms" if shown else "p50     -     p95     -")
        print(f"{mode:7s} {figures}   shown {len(shown)} of {len(times)} "
              f"(within {args.wait:.0f} s)")


if __name__ == "__main__":
    main()
