"""Handing exported files to the browser: a short-lived link per export.

A page's kernel writes the files under ``WORKBOOK_DOWNLOADS/<token>/`` and shows
links ``<base URL>/workbook/download/<token>/<name>``; the web server (``DownloadHandler``,
added to Voila by ``workbook serve``) sends them. The token is random (144 bits)
and is the only way to the files, like a personal link; files are deleted after
``KEEP_SECONDS``. Large zips go this way instead of through the page's websocket.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from . import settings

KEEP_SECONDS = 3600
ROUTE = "workbook/download"  # under the server's base URL
TOKEN = re.compile(r"^[A-Za-z0-9_-]{24}$")
NAME = re.compile(r"^[^/\\\x00]{1,120}$")


def folder() -> Path:
    """This user's folder under WORKBOOK_DOWNLOADS: under JupyterHub with system
    accounts, each person's server writes and serves only its own."""
    return Path(settings.get("WORKBOOK_DOWNLOADS")).resolve() / f"u{os.getuid()}"


def clean(root: Path | None = None, now: float | None = None) -> None:
    """Delete exports older than ``KEEP_SECONDS``."""
    root = root or folder()
    now = time.time() if now is None else now
    if not root.is_dir():
        return
    for sub in root.iterdir():
        if sub.is_dir() and now - sub.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(sub, ignore_errors=True)


def publish(files: dict[str, bytes], root: Path | None = None) -> dict[str, str]:
    """Write ``files`` (name -> bytes) under a new token; name -> link path (relative to
    the server's base URL)."""
    root = root or folder()
    clean(root)
    token = secrets.token_urlsafe(18)
    target = root / token
    root.mkdir(parents=True, mode=0o700, exist_ok=True)
    target.mkdir(mode=0o700)
    links = {}
    for name, data in files.items():
        if not NAME.match(name) or name.startswith("."):
            raise ValueError(f"bad file name {name!r}")
        (target / name).write_bytes(data)
        links[name] = f"{ROUTE}/{token}/{quote(name)}"
    return links


def find(token: str, name: str, root: Path | None = None) -> Path | None:
    """The file behind a link, or None (unknown, malformed or expired)."""
    if not TOKEN.match(token) or not NAME.match(name) or name.startswith("."):
        return None
    path = (root or folder()) / token / name
    if not path.is_file() or time.time() - path.stat().st_mtime > KEEP_SECONDS:
        return None
    return path


MIME = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
        ".zip": "application/zip", ".json": "application/json",
        ".geojson": "application/geo+json", ".csv": "text/csv; charset=utf-8",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def handlers(base_url: str = "/") -> list:
    """Tornado routes for the download links under ``base_url``."""
    from tornado import web

    class DownloadHandler(web.RequestHandler):
        def get(self, token: str, name: str) -> None:  # Tornado has decoded the name
            clean()  # expired exports go as soon as anyone downloads anything
            path = find(token, name)
            if path is None:
                self.set_status(404)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish("Seda faili pole enam (lingid kehtivad ühe tunni). Koosta eksport "
                            "uuesti.\nThis file is gone (links last one hour). Export again.")
                return
            self.set_header("Content-Type", MIME.get(path.suffix, "application/octet-stream"))
            self.set_header("Content-Disposition",
                            f"attachment; filename*=UTF-8''{quote(path.name)}")
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(path.read_bytes())

    prefix = base_url.rstrip("/")
    return [(rf"{prefix}/{ROUTE}/([A-Za-z0-9_-]+)/([^/]+)", DownloadHandler)]
