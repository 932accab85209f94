"""Markdown as safe HTML: raw HTML in the text is escaped, links only http(s) and mailto."""

from __future__ import annotations

from functools import cache

import mistune


@cache
def _renderer():
    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def to_html(text: str) -> str:
    """Markdown → HTML with every piece of raw HTML shown as text."""
    return _renderer()(text or "")
