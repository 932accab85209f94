"""New options for a selection without moving what the person chose.

ipywidgets selects the first option whenever ``options`` change; a live update
that refreshes a dropdown's options must not move the person's choice, and must
not send anything when the options are the same.
"""

from __future__ import annotations

from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection


def set_options(widget, options) -> bool:
    """Give ``widget`` (a selection or a ``PagedPicker``) ``options``, keeping its value
    (the chosen values still offered, for a multiple choice). False if nothing changed."""
    options = [tuple(o) for o in options]
    if [tuple(o) for o in widget.options] == options:
        return False
    if not isinstance(widget, (_Selection, _MultipleSelection)):
        widget.options = options  # a PagedPicker keeps its value itself
        return True
    values = {v for _label, v in options}
    value = widget.value
    with widget.hold_sync():  # one message: the new options with the same choice
        widget.options = options
        if isinstance(widget, _MultipleSelection):
            widget.value = tuple(v for v in value if v in values)
        elif value in values:
            widget.value = value
    return True
