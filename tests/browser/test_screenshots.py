"""The guides' pictures come from scripts/screenshots.py, run on the demo here."""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_screenshot_script_makes_every_picture_the_guides_show(tmp_path, browser):
    spec = importlib.util.spec_from_file_location("screenshots",
                                                  ROOT / "scripts" / "screenshots.py")
    assert spec and spec.loader
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    made = {p.name: p for p in screenshots.shoot(browser, tmp_path)}
    shown = {Path(t).name for page in PAGES
             for t in PICTURE.findall(page.read_text(encoding="utf-8"))}
    assert shown and shown <= set(made)  # every picture in the docs comes from the script
    assert _png_size(made["liige-telefon.png"]) == (390, 844)
    assert _png_size(made["liige-kogukonnad.png"]) == (1280, 800)
