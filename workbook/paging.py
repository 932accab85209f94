"""One page of a long list of named options, with a name search: how pages stay usable
when a team has hundreds or thousands of communities (see ``workbook/limits.py``).

Options are (label, value) pairs. The search ignores case and accents, so ``karla``
finds ``Kärla alevik``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 50

Option = tuple[str, Any]


def fold(text: str) -> str:
    """Lower case without accents: ``Kärla`` -> ``karla``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(options: list[Option], query: str) -> list[Option]:
    """The options whose label contains every word of ``query``."""
    words = fold(query).split()
    if not words:
        return list(options)
    return [o for o in options if all(word in fold(str(o[0])) for word in words)]


@dataclass(frozen=True)
class Window:
    options: list[Option]  # the options on this page
    page: int  # 0-based, clamped to the pages there are
    pages: int
    first: int  # 1-based position of the first option shown (0: none)
    last: int
    total: int  # options matching the search


def window(options: list[Option], query: str = "", page: int = 0,
           size: int = PAGE_SIZE) -> Window:
    found = matches(options, query)
    pages = max(1, -(-len(found) // size))
    page = min(max(page, 0), pages - 1)
    shown = found[page * size:(page + 1) * size]
    first = page * size + 1 if shown else 0
    return Window(shown, page, pages, first, first + len(shown) - 1 if shown else 0,
                  len(found))


def page_of(options: list[Option], value: Any, query: str = "",
            size: int = PAGE_SIZE) -> int | None:
    """The page that shows ``value`` under ``query``, or None if it does not match."""
    for i, (_label, v) in enumerate(matches(options, query)):
        if v == value:
            return i // size
    return None
