"""How big a page is for the browser: the widgets reachable from its root and their state.

A widget's state names the widgets it holds (children, layers, controls, layout) as
``IPY_MODEL_<id>`` references; following them from the page's root gives exactly the
models the browser builds to show the page. Used by the team-limit test and benchmark.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import ipywidgets as w
from ipywidgets.widgets.widget import _instances  # every open widget, by model id

PREFIX = "IPY_MODEL_"


@dataclass(frozen=True)
class PageSize:
    widgets: int
    state_bytes: int


def _references(value, found: list[str]) -> None:
    if isinstance(value, str):
        if value.startswith(PREFIX):
            found.append(value[len(PREFIX):])
    elif isinstance(value, (list, tuple)):
        for item in value:
            _references(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _references(item, found)


def page_size(roots: list[w.Widget]) -> PageSize:
    """Widgets reachable from ``roots`` and the size of their JSON state in bytes."""
    seen: set[str] = set()
    todo = [r.model_id for r in roots]
    size = 0
    while todo:
        model_id = todo.pop()
        widget = _instances.get(model_id)
        if model_id in seen or widget is None:
            continue
        seen.add(model_id)
        state = widget.get_state()
        size += len(json.dumps(state, default=str))
        found: list[str] = []
        _references(state, found)
        todo += found
    return PageSize(len(seen), size)


def page_builders() -> dict:
    """Section address -> the function that builds its widgets, as the app does (team
    sections with their review bar and comments); all but the coordinator's page."""
    from .app import ROUTES

    return {route.slug: route.builder() for route in ROUTES if route.slug != "koordinaator"}
