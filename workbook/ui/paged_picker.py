"""A choice among many named options: a name search, one page of options, a pager.

It behaves like the ipywidgets selection it wraps (``value``, ``options``,
``observe(..., names="value")``, ``add_class``), but the browser only ever holds one
page (``paging.PAGE_SIZE``) of options, so a team at the community limit still gets
a quick page. With no more options than fit on a page, the search and the pager
are hidden and it looks like the plain widget.

``kind``: ``select`` (a list), ``dropdown``, or ``multi`` (several chosen; the chosen
options stay listed on top whatever the page, so what is shown is what is saved).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import traitlets

from .. import paging
from ..html import esc, tag
from ..i18n import t
from . import a11y

WIDGETS = {"select": w.Select, "dropdown": w.Dropdown, "multi": w.SelectMultiple}


class Pager:
    """A name search and previous/next buttons over a list of (label, value) options."""

    def __init__(self, lang: str, on_turn: Callable[[], None], *,
                 size: int = paging.PAGE_SIZE, width: str = "98%"):
        self.lang, self.size, self.page, self.on_turn = lang, size, 0, on_turn
        self.quiet = False
        self.search = w.Text(placeholder="🔍 " + t("pager.filter", lang), continuous_update=True,
                             layout=w.Layout(width=width))
        self.search.add_class("wb-pager-filter")
        self.previous = w.Button(description=t("pager.previous", lang),
                                 layout=w.Layout(width="auto"))
        self.previous.add_class("wb-pager-previous")
        self.next = w.Button(description=t("pager.next", lang), layout=w.Layout(width="auto"))
        self.next.add_class("wb-pager-next")
        self.shown = w.HTML()
        self.bar = w.HBox([self.previous, self.shown, self.next],
                          layout=w.Layout(align_items="center"))
        self.bar.add_class("wb-pager")
        self.search.observe(self._searched, names="value")
        self.previous.on_click(lambda _: self._turn(-1))
        self.next.on_click(lambda _: self._turn(1))

    def _searched(self, _change) -> None:
        if not self.quiet:
            self.page = 0
            self.on_turn()

    def _turn(self, step: int) -> None:
        self.page += step
        self.on_turn()

    def reveal(self, options: list, value) -> None:
        """Turn to the page of ``value``, clearing a search that hides it."""
        page = paging.page_of(options, value, self.search.value, self.size)
        if page is None:
            self.quiet = True
            self.search.value = ""
            self.quiet = False
            page = paging.page_of(options, value, "", self.size)
        self.page = page or 0

    def window(self, options: list) -> paging.Window:
        """This page of ``options``; the labels and buttons follow it."""
        win = paging.window(options, self.search.value, self.page, self.size)
        self.page = win.page
        few = len(options) <= self.size
        self.search.layout.display = self.bar.layout.display = "none" if few else ""
        self.previous.disabled, self.next.disabled = win.page == 0, win.page >= win.pages - 1
        text = (t("pager.shown", self.lang, first=win.first, last=win.last, total=win.total)
                if win.total else t("pager.no_match", self.lang, total=len(options)))
        self.shown.value = tag("span", esc(text), "wb-pager-shown")
        return win


class PagedPicker(w.VBox):
    value = traitlets.Any(None, allow_none=True)
    options: traitlets.List[Any] = traitlets.List()

    def __init__(self, lang: str, *, kind: str = "select", rows: int = 8,
                 size: int = paging.PAGE_SIZE, options=(), width: str = "98%",
                 name: str = ""):
        """``name``: what is chosen, for screen readers (when no label stands before)."""
        self.kind = kind
        self._quiet = False
        self.pager = Pager(lang, self._draw, size=size, width=width)
        extra = {} if kind == "dropdown" else {"rows": rows}
        self.list = WIDGETS[kind](options=[], layout=w.Layout(width=width), **extra)
        if name:
            a11y.name(self.list, name)
        super().__init__([self.pager.search, self.list, self.pager.bar])
        if kind == "multi":
            self.value = ()
        self.list.observe(self._chosen, names="value")
        self.observe(self._on_options, names="options")
        self.observe(self._on_value, names="value")
        self.options = [tuple(o) for o in options]

    # --- reacting -----------------------------------------------------------------------
    def _on_options(self, _change) -> None:
        known = {v for _label, v in self.options}
        kept: Any
        if self.kind == "multi":
            kept = tuple(v for v in self.value if v in known)
        else:
            kept = self.value if self.value in known else None
        if kept != self.value:
            self.value = kept  # draws through _on_value
        else:
            self._reveal()
            self._draw()

    def _on_value(self, _change) -> None:
        if not self._quiet:
            self._reveal()
            self._draw()

    def _chosen(self, change) -> None:
        if self._quiet:
            return
        self._quiet = True
        try:
            self.value = tuple(change["new"]) if self.kind == "multi" else change["new"]
        finally:
            self._quiet = False

    def _reveal(self) -> None:
        if self.kind != "multi" and self.value is not None:
            self.pager.reveal(self.options, self.value)

    # --- drawing ------------------------------------------------------------------------
    def _draw(self) -> None:
        shown = list(self.pager.window(self.options).options)
        if self.kind == "multi":
            chosen = set(self.value)
            on_page = {v for _label, v in shown}
            shown = [(f"✓ {label}", v) for label, v in self.options
                     if v in chosen and v not in on_page] + shown
        self._quiet = True
        try:
            self.list.options = shown
            values = {v for _label, v in shown}
            if self.kind == "multi":
                self.list.value = tuple(v for v in self.value if v in values)
            else:
                self.list.value = self.value if self.value in values else None
        finally:
            self._quiet = False
