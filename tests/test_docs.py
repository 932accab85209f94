"""The docs a person finds their way in: a short README, the rest in docs/, every link
and picture there (the pictures: tests/browser/test_screenshots.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_the_readme_fits_a_few_screens():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text) < 8_000 and len(text.splitlines()) < 120
    for guide in ("guide-liige.md", "guide-mentor.md", "guide-koordinaator.md"):
        assert f"docs/{guide}" in text


def test_every_link_and_picture_in_the_docs_is_there():
    missing = []
    for page in PAGES:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            if not (page.parent / target.split("#")[0]).exists():
                missing.append(f"{page.relative_to(ROOT)} -> {target}")
    assert missing == []
