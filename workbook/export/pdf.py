"""HTML reports to PDF with headless Chromium (Playwright driving Debian's chromium).

One browser prints a whole batch (a cohort's reports), with every network request
blocked: the PDF shows what the offline HTML shows (map outlines and points, no
base tiles), and printing cannot leak anything. Playwright's synchronous API
cannot run inside a running asyncio loop (a Voila kernel), so printing happens in
a worker thread.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

from .. import settings
from ..exceptions import ExportUnavailable, PdfFailed

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = ("about:", "data:", "blob:")
DRAWN = "document.documentElement.hasAttribute('data-wb-ready')"  # see geo/static_map.py
PAINT_MS = 200
#: A4 less the stylesheet's page margins, in CSS pixels (96 per inch)
PAPER_WIDTH_PX = 680


def chromium_path() -> Path:
    path = Path(settings.get("WORKBOOK_CHROMIUM"))
    if not path.is_file():
        raise ExportUnavailable(f"PDF export needs Chromium at {path} (apt-get install "
                                "chromium, or set WORKBOOK_CHROMIUM)", path=str(path))
    return path


class _Printer:
    def __init__(self, browser):
        self.browser = browser

    def pdf(self, html: str) -> bytes:
        from playwright.sync_api import Error

        try:
            return self._print(html)
        except Error as exc:  # a map that never got ready, a crashed tab: this PDF fails
            raise PdfFailed(f"Chromium could not print: {exc}",
                            reason=str(exc).splitlines()[0][:200]) from exc

    def _print(self, html: str) -> bytes:
        # lay the page out at the paper's width, so the map fits its bounds as printed
        context = self.browser.new_context(viewport={"width": PAPER_WIDTH_PX, "height": 1000})
        try:
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(LOCAL) else route.abort())
            page = context.new_page()
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load", timeout=60_000)
            for element in page.query_selector_all("iframe"):  # each map has its size,
                element.scroll_into_view_if_needed()  # its view and its points (frames off
                element.content_frame().wait_for_function(DRAWN, timeout=30_000)  # screen idle)
            page.wait_for_timeout(PAINT_MS)
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            context.close()


def _run(job):
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=str(chromium_path()), args=ARGS)
        except Error as exc:
            raise PdfFailed(f"Chromium did not start: {exc}",
                            reason=str(exc).splitlines()[0][:200]) from exc
        try:
            return job(_Printer(browser))
        finally:
            browser.close()


def print_all(job):
    """Run ``job(printer)`` with one browser; ``printer.pdf(html)`` gives PDF bytes."""
    chromium_path()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, job).result()


def pdf_bytes(html: str) -> bytes:
    """One HTML document as PDF."""
    return print_all(lambda printer: printer.pdf(html))
