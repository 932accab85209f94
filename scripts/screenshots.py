"""Make the screenshots of the guides in docs/ from the demo cohort, so they never go stale.

A real Voila server over a new demo database (the geodata shipped with the package),
headless Chromium, the Estonian interface; one picture per role's main screens, at a
laptop's size and at a phone's. Usage (from the checkout, after scripts/setup test):

    .venv/bin/python scripts/screenshots.py [OUT_FOLDER]   # default: docs/img

CI runs it into a temporary folder (tests/browser/test_screenshots.py), so it keeps
working.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, demo_server, stop  # noqa: E402

LAPTOP, PHONE = (1280, 800), (390, 844)
MEMBER, MENTOR, COORDINATOR = "Kaia Kask", "Mart Mentor", "Kadri Koordinaator"  # Kastre: filled
#: file name, person, the app's address (after "#/"), viewport, what to scroll to
SHOTS = [
    ("liige-avaleht", MEMBER, "avaleht", LAPTOP, None),
    ("liige-kogukonnad", MEMBER, "kogukonnad", LAPTOP, None),
    ("liige-arengufaasid", MEMBER, "arengufaasid", LAPTOP, None),
    ("liige-tegevuskava", MEMBER, "tegevuskava", LAPTOP, None),
    ("liige-telefon", MEMBER, "kogukonnad", PHONE, ".wb-map"),
    ("mentor-ulevaade", MENTOR, "mentor", LAPTOP, None),
    ("koordinaator", COORDINATOR, "koordinaator", LAPTOP, None),
    ("eksport", COORDINATOR, "eksport", LAPTOP, None),
]
VISIBLE = ".wb-app-body > .wb-page:not([style*='none'])"
SHOWN = """s => { const m = document.querySelector('.wb-meta');
  const v = document.querySelector(".wb-app-body > .wb-page:not([style*='none']) .wb-ready");
  return m && v && m.dataset.route.split('/')[0] === s && document.title === m.dataset.title; }"""


def shoot(browser, out: Path) -> list[Path]:
    """Every picture in SHOTS into ``out``, with a Playwright ``browser``."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, server = demo_server(Path(tmp), None, pool_size=0)
        try:
            for name, person, address, (width, height), scroll in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{server.url_for(person)}#/{address}", timeout=120_000)
                page.wait_for_function(SHOWN, arg=address, timeout=120_000)
                if scroll:
                    page.locator(f"{VISIBLE} {scroll}").first.scroll_into_view_if_needed()
                page.wait_for_timeout(1500)  # the map's outlines and the charts settle
                path = out / f"{name}.png"
                page.screenshot(path=str(path))
                made.append(path)
                context.close()
        finally:
            stop(proc)
    return made


def main(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return shoot(browser, out)
        finally:
            browser.close()


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img"):
        print(path)
