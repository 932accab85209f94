"""A real Voila server on a free port over a temporary demo database, and Chromium.

Playwright drives Debian's /usr/bin/chromium (its own browser download does not
work here). Every request that is not to localhost is blocked and recorded, so a
test can assert that the pages work offline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from workbook import demo
from workbook.service import Service
from workbook.store.scratch import new_database

CHROMIUM = os.environ.get("KOOSLOOME_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "ws://localhost",
         "data:", "blob:", "about:")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc, seconds: float, said: Callable[[], str]) -> None:
    """Until ``base`` answers; RuntimeError with what the server ``said`` when it stops
    or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
                raise RuntimeError("the server did not start:\n" + said()) from None
            time.sleep(0.3)


@pytest.fixture(name="free_port", scope="session")
def _free_port() -> Callable[[], int]:
    return free_port


@pytest.fixture(name="wait_until_up", scope="session")
def _wait_until_up():
    return wait_until_up


@dataclass
class VoilaServer:
    base: str
    keys: dict[str, str]
    service: Service
    log: Path

    def page_url(self, notebook: str = "00_avaleht.ipynb", key: str | None = None,
                 **params) -> str:
        pairs = ([("k", key)] if key is not None else []) + list(params.items())
        query = urlencode(pairs)
        return f"{self.base}/voila/render/{notebook}" + (f"?{query}" if query else "")

    def url_for(self, name: str, notebook: str = "00_avaleht.ipynb", **params) -> str:
        return self.page_url(notebook, self.keys[name], **params)


def start_voila(folder: Path, url: str, pool_size: int = 1, notebooks: Path | None = None,
                geodata: Path | None = None, settings: dict[str, str] | None = None):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "QUERY_STRING"}
    # sections are built at their first visit: built ahead, every page kept open for 5 s
    # would build all of them, and the tests' timing would hang on that background work
    # (test_app_pages.py turns it on to test it; benchmarks/navigation.py measures both)
    env["WORKBOOK_PREBUILD_SECONDS"] = "0"
    env.update(settings or {})
    env.update(WORKBOOK_DB=url, WORKBOOK_PORT=str(port), WORKBOOK_POOL_SIZE=str(pool_size),
               WORKBOOK_BASE_URL=f"http://127.0.0.1:{port}",
               WORKBOOK_GEODATA=str(geodata or folder / "no-geodata"),
               WORKBOOK_DOWNLOADS=str(folder / "downloads"))
    if notebooks is not None:
        env["WORKBOOK_NOTEBOOKS"] = str(notebooks)
    log = folder / f"voila-{port}.log"
    proc = subprocess.Popen([sys.executable, "-m", "workbook.cli", "serve"], env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, proc, 90, log.read_text)
    return proc, base, log


def stop(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def demo_server(folder: Path, geodata: Path | None, **options):
    """A Voila server over a new demo database (in ``folder``, or a new schema on the
    PostgreSQL server KOOSLOOME_TEST_PG): (process, VoilaServer)."""
    url = new_database(folder, "workbook", os.environ.get("KOOSLOOME_TEST_PG") or None)
    service = Service.open(url, create=True)
    links = demo.issue_links(service, demo.create_demo(service))
    proc, base, log = start_voila(folder, url, geodata=geodata, **options)
    return proc, VoilaServer(base=base, keys={link.name: link.key for link in links},
                             service=service, log=log)


@pytest.fixture(scope="session")
def voila(tmp_path_factory, geodata_dir) -> VoilaServer:
    # the tests open one person's link dozens of times a minute, as nobody does: the
    # per-link kernel limit (tested in test_server_gate.py) would refuse them
    proc, server = demo_server(tmp_path_factory.mktemp("voila"), geodata_dir,
                               settings={"WORKBOOK_KERNELS_PER_KEY": "40"})
    yield server
    stop(proc)


@pytest.fixture
def own_voila(tmp_path, geodata_dir):
    """``own_voila(**options)``: a server of the test's own, with its own settings."""
    procs = []

    def start(**options) -> VoilaServer:
        proc, server = demo_server(tmp_path, geodata_dir, **options)
        procs.append(proc)
        return server
    yield start
    for proc in procs:
        stop(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup test (installs "
                    "Debian's chromium) or set KOOSLOOME_TEST_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A Playwright page that blocks and records every non-local request."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.remote: list[str] = []
        self.context.route("**/*", self._route)
        self.context.set_default_navigation_timeout(90_000)  # reloads, as in open()
        self.pw = self.context.new_page()

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def open(self, url: str, ready: str = ".wb-ready:visible", timeout: float = 90_000):
        # a page streams while its kernel runs the notebook: a cold kernel on a busy
        # machine can take longer than Playwright's default 30 s
        # (":visible": a page opened at an address first builds home, then hides it)
        self.pw.goto(url, timeout=timeout)
        self.pw.wait_for_selector(ready, timeout=timeout)
        return self.pw


@pytest.fixture
def page(browser):
    p = Page(browser)
    yield p
    p.context.close()


@pytest.fixture
def page2(browser):
    """A second, independent browser (another person at another laptop)."""
    p = Page(browser)
    yield p
    p.context.close()
