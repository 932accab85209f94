"""What a person typed and chose, carried from a page's old widgets to its rebuilt ones.

A language switch rebuilds a section's widgets with the other language's labels
from the same data, so the old and the new widgets have the same shape: the values
of input widgets (and which tab or panel is open) are copied position by position.
When the shapes differ (the data changed meanwhile) nothing is copied, rather than
something into the wrong field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ipywidgets as w

#: value widgets that show rather than take input
_SHOWN = (w.HTML, w.HTMLMath, w.Label, w.Valid, w.FileUpload)


def inputs(widgets: Iterable[w.Widget]) -> Iterator[w.Widget]:
    """Every input widget (and tab or accordion) under ``widgets``, depth first."""
    for widget in widgets:
        if isinstance(widget, (w.Tab, w.Accordion, w.Stack)):
            yield widget
        elif isinstance(widget, w.ValueWidget) and not isinstance(widget, _SHOWN):
            yield widget
        if isinstance(widget, w.Box):
            yield from inputs(widget.children)


def carry(old: Iterable[w.Widget], new: Iterable[w.Widget]) -> int:
    """Copy ``old``'s input values to ``new``'s; the number copied."""
    before, after = list(inputs(old)), list(inputs(new))
    if [type(x) for x in before] != [type(x) for x in after]:
        return 0
    copied = 0
    for source, target in zip(before, after):
        name = "value" if isinstance(source, w.ValueWidget) else "selected_index"
        value = getattr(source, name)
        if getattr(target, name) == value:
            continue
        try:
            setattr(target, name, value)
            copied += 1
        except Exception:  # noqa: BLE001 - a choice the new widget no longer offers
            continue
    return copied
