"""Accessible names for a page's inputs.

The pages show a field's label as text above it (an HTML widget with a ``<label>`` or
``<b>``), which a screen reader cannot tie to the field. After a page is built, every
input without a description gets the text of the label just before it as its
description, which ipywidgets renders as a ``<label for>`` of the input; the class
``wb-sr-description`` keeps that label for screen readers only, so the page looks as
before. An input with no label before it is named by its ``placeholder`` or
``tooltip`` when it has one; pages name the rest themselves (``description``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import ipywidgets as w

_INPUTS = (w.Text, w.Textarea, w.Dropdown, w.Select, w.SelectMultiple, w.DatePicker,
           w.Checkbox, w.IntText, w.FloatText, w.BoundedIntText, w.BoundedFloatText,
           w.Combobox, w.ToggleButtons, w.RadioButtons)
_TAGS = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """The text of a label's HTML: tags gone, entities read, spaces and a colon trimmed."""
    text = html.unescape(_TAGS.sub(" ", markup))
    return " ".join(text.split()).rstrip(":").strip()


def name(widget: w.Widget, text: str) -> None:
    """Give ``widget`` the accessible name ``text``, not shown on the page."""
    widget.description = text[:200]
    widget.add_class("wb-sr-description")


def name_inputs(widgets: Iterable[w.Widget], inherited: str = "") -> int:
    """Name every unnamed input under ``widgets`` from the label before it (or before
    the box it is in); the count."""
    named = 0
    for widget in widgets:
        if not isinstance(widget, w.Box):
            continue
        label = ""
        for child in widget.children:
            if isinstance(child, (w.HTML, w.Label)):
                label = plain(child.value)
                continue
            if isinstance(child, _INPUTS) and not child.description:
                text = (label or inherited or getattr(child, "placeholder", "")
                        or child.tooltip or "")
                if text:
                    name(child, text)
                    named += 1
            elif isinstance(child, w.Box):
                named += name_inputs([child], label or inherited)
            label = ""
    return named
