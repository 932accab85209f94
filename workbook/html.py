"""Small HTML builders for pages and exports; every piece of user text passes through ``esc``."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def tag(name: str, text: str = "", cls: str = "", **attrs) -> str:
    """An element with already-safe inner HTML ``text`` and escaped attributes."""
    attr = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    if cls:
        attr = f' class="{esc(cls)}"' + attr
    return f"<{name}{attr}>{text}</{name}>"


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "wb-table") -> str:
    """A table; headers are escaped, cells must already be safe HTML."""
    head = "".join(tag("th", esc(h)) for h in headers)
    body = "".join(tag("tr", "".join(tag("td", c) for c in row)) for row in rows)
    return tag("table", tag("thead", tag("tr", head)) + tag("tbody", body), cls)


def progress_bar(share: float, label: str, name: str = "") -> str:
    """A bar ``share`` long with ``label`` beside it; ``name`` says what it measures (for
    screen readers; the label when not given)."""
    pct = max(0, min(100, round(share * 100)))
    bar = tag("span", "", "wb-bar-fill", style=f"width:{pct}%")
    return tag("span", tag("span", bar, "wb-bar") + tag("span", esc(label), "wb-bar-label"),
               "wb-progress", role="progressbar", aria_valuenow=pct, aria_valuemin=0,
               aria_valuemax=100, aria_label=name or label, aria_valuetext=label)


def badge(text: str, kind: str) -> str:
    return tag("span", esc(text), f"wb-badge wb-badge-{kind}")


def notice(text: str, kind: str = "warning") -> str:
    return tag("div", esc(text), f"wb-notice wb-notice-{kind}", role="status")
