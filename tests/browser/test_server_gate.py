"""The web server's defences, against a real ``workbook serve`` (issue 12).

Kernels are counted as the server's child ``ipykernel`` processes; a kernel's
websocket is spoken to as Voila's page speaks to it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from workbook import downloads

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
PAGE = "/voila/render/00_avaleht.ipynb"


class Server:
    def __init__(self, voila):
        self.voila = voila
        self.base, self.keys, self.log = voila.base, voila.keys, voila.log
        port = int(voila.base.rsplit(":", 1)[1])
        self.pid = next(c.pid for c in psutil.net_connections("tcp")
                        if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN)

    def kernels(self) -> list[psutil.Process]:
        children = psutil.Process(self.pid).children(recursive=True)
        return [c for c in children if "ipykernel" in " ".join(c.cmdline())]

    def kernel_process(self, kernel_id: str) -> psutil.Process:
        return next(k for k in self.kernels() if f"kernel-{kernel_id}" in " ".join(k.cmdline()))

    def settle(self, expected: int | None = None, timeout: float = 60) -> int:
        """The kernel count once it has stopped changing (or reached ``expected``)."""
        deadline, last = time.monotonic() + timeout, -1
        while time.monotonic() < deadline:
            count = len(self.kernels())
            if count == expected or (expected is None and count == last):
                return count
            last = count
            time.sleep(2)
        return len(self.kernels())


def fetch(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    """(status, headers, body) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with opener.open(request, timeout=180) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


@pytest.fixture
def server(own_voila, monkeypatch):
    """``server(pool_size=..., settings=...)``: a server of the test's own, run as in
    production (ipykernel forwards a kernel's stderr to the browser outside pytest)."""
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    return lambda **options: Server(own_voila(**options))


def test_pages_without_a_live_link_start_no_kernel(server):
    srv = server(pool_size=1)
    before = srv.settle()
    admin = srv.voila.service.system(srv.voila.service.cohorts()[0].id)
    maie = next(p for t in admin.teams() for p in admin.people(t.id) if p.data.name == "Maie Mets")
    admin.revoke_links(maie.id)
    queries = ["", "?k=", "?k=not-a-key", "?k=" + "A" * 32, "?k=%3Cscript%3E&lang=en",
               f"?k={srv.keys['Maie Mets']}"] * 9
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda q: fetch(srv.base + PAGE + q), queries[:50]))
    assert len(answers) == 50
    for (status, headers, body), query in zip(answers, queries):
        assert status == 403
        lang = "en" if "lang=en" in query else "et"
        assert f'<html lang="{lang}">' in body and "wb-error-box" in body
        assert ("This link is not valid." if lang == "en" else "See link ei kehti.") in body
        assert "<script" not in body and "http" not in body  # offline, nothing echoed
    assert srv.settle(before) == before  # not one kernel more, the pool untouched
    # the server's address shows no file list and starts nothing either
    status, _, body = fetch(srv.base + "/")
    assert status == 200 and "isikliku lingiga" in body and "ipynb" not in body
    assert fetch(srv.base + "/voila/tree?k=" + "B" * 32)[0] == 403
    status, headers, _ = fetch(srv.base + f"/?k={srv.keys['Tiina Tamm']}&lang=en")
    assert status == 302 and headers["Location"].endswith(
        f"{PAGE}?k={srv.keys['Tiina Tamm']}&lang=en")
    assert len(srv.kernels()) == before


def test_a_link_gets_a_few_kernels_and_the_server_a_total(server):
    srv = server(pool_size=0, settings={"WORKBOOK_KERNELS_PER_KEY": "2",
                                        "WORKBOOK_MAX_KERNELS": "3"})
    anne, tiina, kadri = (srv.keys[n] for n in ("Anne Vallasekretär", "Tiina Tamm",
                                                "Kadri Koordinaator"))
    for _ in range(2):
        assert fetch(srv.base + PAGE + f"?k={anne}")[0] == 200
    status, headers, body = fetch(srv.base + PAGE + f"?k={anne}&lang=en")
    assert status == 429 and headers["Retry-After"] == "60"
    assert "You already have 2 workbook pages open." in body and '<html lang="en">' in body
    assert fetch(srv.base + PAGE + f"?k={tiina}")[0] == 200
    status, headers, body = fetch(srv.base + PAGE + f"?k={kadri}")
    assert status == 503 and headers["Retry-After"] == "60"
    assert "Server on praegu täis." in body and '<html lang="et">' in body
    status, _, body = fetch(srv.base + PAGE + f"?k={kadri}&lang=en")
    assert status == 503 and "The server is full right now." in body
    assert srv.settle(3) == 3


def owner_cookie(headers) -> str:
    return next(c for c in headers.get_all("Set-Cookie") if c.startswith("wb_owner="))


def test_only_a_kernels_own_page_can_shut_it_down(server):
    srv = server(pool_size=1)
    status, headers, body = fetch(srv.base + PAGE + f"?k={srv.keys['Tiina Tamm']}")
    kernel_id = KERNEL_ID.search(body).group(1)
    cookie = owner_cookie(headers)
    assert f"Path=/voila/api/shutdown/{kernel_id}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    owner = cookie.split(";")[0]
    assert srv.settle() >= 1 and srv.kernel_process(kernel_id)
    forged = {"Cookie": "_xsrf=made-up; wb_owner=" + "0" * 64, "X-XSRFToken": "made-up"}
    for method, path in (("POST", f"/voila/api/shutdown/{kernel_id}"),
                         ("DELETE", f"/api/kernels/{kernel_id}")):
        assert fetch(srv.base + path, method, forged, b"")[0] == 403
    # another page's owner cookie is no proof either
    other = fetch(srv.base + PAGE + f"?k={srv.keys['Tiina Tamm']}")
    other_cookie = owner_cookie(other[1]).split(";")[0]
    assert fetch(srv.base + f"/voila/api/shutdown/{kernel_id}", "POST",
                 {"Cookie": other_cookie}, b"")[0] == 403
    time.sleep(2)
    assert srv.kernel_process(kernel_id).is_running()
    # the page's own shutdown on leaving (a beacon with its cookie, no XSRF token) works
    status = fetch(srv.base + f"/voila/api/shutdown/{kernel_id}", "POST", {"Cookie": owner},
                   b"_xsrf=")[0]
    assert status == 204
    deadline = time.monotonic() + 30
    while any(f"kernel-{kernel_id}" in " ".join(k.cmdline()) for k in srv.kernels()):
        assert time.monotonic() < deadline
        time.sleep(1)


def run_async(coroutine):
    """Run a websocket conversation in a thread of its own: Playwright's sync API keeps an
    event loop running in this one once a browser test has started it."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def rss(process: psutil.Process) -> int:
    return process.memory_info().rss


def binary_message(msg: dict, buffers: list[bytes]) -> bytes:
    """Jupyter's websocket framing of a message with binary buffers (as the page sends a
    FileUpload's file)."""
    parts = [json.dumps(msg).encode()] + buffers
    offsets, position = [], 4 * (len(parts) + 1)
    for part in parts:
        offsets.append(position)
        position += len(part)
    header = (len(parts)).to_bytes(4, "big") + b"".join(o.to_bytes(4, "big") for o in offsets)
    return header + b"".join(parts)


def message(msg_type: str, content: dict, channel: str = "shell") -> dict:
    return {"header": {"msg_id": os.urandom(8).hex(), "msg_type": msg_type, "username": "",
                       "session": "test", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
            "buffers": []}


async def open_socket(srv: Server, kernel_id: str):
    url = srv.base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
    return await websocket_connect(HTTPRequest(url), max_message_size=64 * 1024 * 1024)


async def reply_to(ws, msg: dict, wanted: str, timeout: float = 30) -> dict | None:
    await ws.write_message(json.dumps(msg))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        raw = await asyncio.wait_for(ws.read_message(), timeout)
        if raw is None:
            return None
        if isinstance(raw, str):
            got = json.loads(raw)
            if got["header"]["msg_type"] == wanted:
                return got
    return None


async def closes_on(ws, data) -> bool:
    """Does the server close the connection on receiving ``data``?"""
    try:
        await ws.write_message(data, binary=isinstance(data, bytes))
        while True:
            if await asyncio.wait_for(ws.read_message(), 30) is None:
                return True
    except TimeoutError:
        return False
    except Exception:  # noqa: BLE001 - the stream closed under the write
        return True


def test_huge_websocket_messages_are_refused_and_uploads_pass(server):
    srv = server(pool_size=0)
    body = fetch(srv.base + PAGE + f"?k={srv.keys['Tiina Tamm']}")[2]
    kernel_id = KERNEL_ID.search(body).group(1)
    kernel = srv.kernel_process(kernel_id)

    async def run() -> None:
        ws = await open_socket(srv, kernel_id)
        assert await reply_to(ws, message("kernel_info_request", {}), "kernel_info_reply")
        # a 5 MB file, as FileUpload sends it: a comm message with one binary buffer
        upload = message("comm_msg", {"comm_id": "no-such-comm", "data": {"method": "update",
                                      "state": {}, "buffer_paths": [["value", 0, "content"]]}})
        ws.write_message(binary_message(upload, [os.urandom(5_000_000)]), binary=True)
        assert await reply_to(ws, message("kernel_info_request", {}), "kernel_info_reply")
        start = rss(kernel)
        for _ in range(3):  # the probe's message, bigger: a comm_open with a 10 MB value
            huge = message("comm_open", {"comm_id": os.urandom(8).hex(),
                                         "target_name": "jupyter.widget",
                                         "data": {"state": {"value": "x" * 10_000_000}}})
            assert await closes_on(ws, json.dumps(huge))
            ws = await open_socket(srv, kernel_id)
        assert await reply_to(ws, message("kernel_info_request", {}), "kernel_info_reply")
        assert rss(kernel) - start < 20_000_000
        ws.close()
    run_async(run())


def test_keys_reach_no_log_line_of_any_logger(server):
    srv = server(pool_size=0)
    key = srv.keys["Tiina Tamm"]
    fetch(srv.base + PAGE + f"?k={key}")  # 200, and the page's kernel logs
    for path in ("/voila/render/nonexist.ipynb", "/voila/files/x.ipynb", "/voila/tree/nope",
                 "/api/kernels/00000000-0000-0000-0000-000000000000", "/nothing/here"):
        fetch(srv.base + path + f"?k={key}&lang=et")
    fetch(srv.base + "/voila/render/00_avaleht.ipynb?lang=en&k=" + "C" * 32)  # 403
    fetch(srv.base + f"/voila/api/shutdown/x?k={key}", "POST", {}, b"")  # 403
    fetch(srv.base + f"/login?next=%2Fvoila%2Frender%2Fa.ipynb%3Fk%3D{key}")
    time.sleep(3)
    log = srv.log.read_text()
    assert "404 GET /voila/render/nonexist.ipynb?k=***&lang=et" in log
    assert key not in log and "C" * 32 not in log


def test_no_referrer_leaves_a_page_a_refusal_or_a_download(server, tmp_path):
    srv = server(pool_size=0)
    [link] = downloads.publish({"report.html": b"<p>x</p>"},
                               root=tmp_path / "downloads" / f"u{os.getuid()}").values()
    for url in (srv.base + PAGE + f"?k={srv.keys['Tiina Tamm']}", srv.base + PAGE,
                srv.base + "/" + link, srv.base + "/"):
        status, headers, _ = fetch(url)
        assert status in (200, 403) and headers["Referrer-Policy"] == "no-referrer", url


BOOM = {
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
               "id": "boom",
               "source": "import ipywidgets as w\nfrom workbook.ui import pages\n"
                         "frame = pages.home()\nboom = w.Button(description='BOOM')\n"
                         "boom.on_click(lambda b: open('/secret/place/of/the/server.txt'))\n"
                         "display(boom)"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5}


def test_a_failing_callback_sends_the_browser_a_reference_only(server, tmp_path):
    notebooks = tmp_path / "pages"
    notebooks.mkdir()
    (notebooks / "boom.ipynb").write_text(json.dumps(BOOM))
    srv = server(pool_size=0, notebooks=notebooks)
    body = fetch(srv.base + f"/voila/render/boom.ipynb?k={srv.keys['Tiina Tamm']}&lang=en")[2]
    kernel_id = KERNEL_ID.search(body).group(1)

    async def run() -> list[dict]:
        ws = await open_socket(srv, kernel_id)
        info = await reply_to(ws, message("comm_info_request",
                                          {"target_name": "jupyter.widget"}), "comm_info_reply")
        button = None
        for comm_id in info["content"]["comms"]:
            msg = message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}})
            state = await reply_to(ws, msg, "comm_msg")
            if state and state["content"]["data"].get("state", {}).get("description") == "BOOM":
                button = comm_id
        assert button
        seen = []
        await ws.write_message(json.dumps(message("comm_msg", {"comm_id": button, "data": {
            "method": "custom", "content": {"event": "click"}}})))
        # and a widget update that fails inside ipywidgets (logged by the comm manager)
        await ws.write_message(json.dumps(message("comm_msg", {"comm_id": button, "data": {
            "method": "update", "state": {"disabled": "not a bool"}, "buffer_paths": []}})))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(ws.read_message(), 2)
            except TimeoutError:
                continue
            if isinstance(raw, str):
                seen.append(json.loads(raw))
        ws.close()
        return seen
    seen = run_async(run())
    errors = [m["content"] for m in seen if m["header"]["msg_type"] == "error"]
    assert len(errors) == 2  # the click, and the bad update
    for error in errors:
        assert error["ename"] == "Error" and error["traceback"] == [error["evalue"]]
        assert re.fullmatch(r"Something went wrong\. The error has been logged \(reference "
                            r"[0-9a-f]{8}\)\. .*", error["evalue"])
    everything = json.dumps([m["content"] for m in seen])
    for secret in ("Traceback", "/secret/place", "FileNotFoundError", "TraitError", ".py",
                   "site-packages", "/work"):
        assert secret not in everything
    refs = [re.search(r"reference ([0-9a-f]{8})", e["evalue"]).group(1) for e in errors]
    time.sleep(2)
    log = srv.log.read_text()
    assert all(f"reference {ref}" in log for ref in refs)
    assert "/secret/place/of/the/server.txt" in log


def test_leaving_a_page_ends_its_kernel_at_once(server, browser):
    """Voila's page shuts its kernel down when it is left (a beacon on ``beforeunload``);
    with the owner cookie that now works (it used to be refused for lacking an XSRF
    token). A context of its own: Playwright's request routing drops beacons."""
    srv = server(pool_size=0)
    context = browser.new_context()
    try:
        pw = context.new_page()
        pw.goto(srv.voila.url_for("Tiina Tamm"), timeout=90_000)
        pw.wait_for_selector(".wb-ready", timeout=90_000)
        kernel_id = KERNEL_ID.search(pw.content()).group(1)
        assert srv.kernel_process(kernel_id)
        pw.goto("about:blank")
        deadline = time.monotonic() + 20  # well within the 60 s a closed page's kernel is kept
        while any(f"kernel-{kernel_id}" in " ".join(k.cmdline()) for k in srv.kernels()):
            assert time.monotonic() < deadline, "the kernel outlived its page"
            time.sleep(1)
    finally:
        context.close()
