"""Personal links: the home page URL with a person's key."""

from __future__ import annotations

from . import settings


def personal_link(key: str) -> str:
    base = settings.get("WORKBOOK_BASE_URL").rstrip("/")
    return f"{base}/voila/render/00_avaleht.ipynb?k={key}"
