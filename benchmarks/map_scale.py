"""Static maps of 100, 1,000 and 5,000 communities against a naive folium map.

For each size: build time, HTML size, and time until the points are drawn in
headless Chromium (the page opened from a file with every network request
blocked), beside a naive folium map with one Marker per point built in the same
run. Also times a gazetteer lookup over all settlement units.
Usage: python benchmarks/map_scale.py [--geodata FOLDER] [--sizes 100,1000,5000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from workbook.geo import geodata, layers  # noqa: E402
from workbook.geo.static_map import build_static_map  # noqa: E402


def fake_communities(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    kinds = [k.value for k in layers.CommunityKind]
    return [{"name": f"Kogukond {i}", "kind": rnd.choice(kinds),
             "location": {"lat": rnd.uniform(57.6, 59.5), "lon": rnd.uniform(22.0, 27.9)},
             "needs": ["Ühistransport"], "size": rnd.randint(10, 900)} for i in range(n)]


def ours(items: list[dict]) -> str:
    features = [layers.point_feature(str(i), c, "et") for i, c in enumerate(items)]
    return build_static_map(features, "et", title="benchmark")


def naive(items: list[dict]) -> str:
    m = folium.Map(location=layers.ESTONIA_CENTRE, zoom_start=7)
    for c in items:
        folium.Marker([c["location"]["lat"], c["location"]["lon"]], tooltip=c["name"],
                      popup=c["name"]).add_to(m)
    return m.get_root().render()


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def draw_time(browser, path: Path, expected: int) -> float:
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                  else r.abort())
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function(f"document.documentElement.getAttribute('data-wb-points') == "
                           f"'{expected}'", timeout=60_000)
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def gazetteer_lookup(folder: str | None) -> None:
    geo = geodata.load(folder)
    if geo is None:
        print("gazetteer: no geodata cache (set --geodata or WORKBOOK_GEODATA); skipped")
        return
    gz = geo.gazetteer
    queries = ["Karla", "kuressaare", "Haanja", "vana", "küla", "Õis", "Tartu linn"]
    times = []
    for _ in range(20):
        for q in queries:
            t, _ = timed(gz.search, q, "0714")
            times.append(t * 1000)
    times.sort()
    print(f"gazetteer lookup over {len(gz)} settlement units ({len(times)} lookups): median "
          f"{statistics.median(times):.2f} ms, 95th percentile "
          f"{times[int(len(times) * 0.95)]:.2f} ms, slowest {times[-1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geodata", help="geodata cache folder (default: WORKBOOK_GEODATA)")
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'points':>6} {'build':>8} {'naive':>8} {'ratio':>6} {'HTML':>8} {'naive':>8} "
          f"{'drawn':>7}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ours([])  # warm-up: imports, Leaflet assets
        for n in sizes:
            items = fake_communities(n)
            build, html = timed(ours, items)
            naive_build, naive_html = timed(naive, items)
            path = Path(tmp) / f"map-{n}.html"
            path.write_text(html, encoding="utf-8")
            drawn = draw_time(browser, path, n)
            print(f"{n:>6} {build:>7.2f}s {naive_build:>7.2f}s {naive_build / build:>5.1f}x "
                  f"{len(html.encode()) / 1e6:>6.2f}MB {len(naive_html.encode()) / 1e6:>6.2f}MB "
                  f"{drawn:>6.2f}s")
        browser.close()
    gazetteer_lookup(args.geodata)


if __name__ == "__main__":
    main()
