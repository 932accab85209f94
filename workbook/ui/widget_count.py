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


def _team_page(module: str, name: str, section: str):
    def build(ctx):
        import importlib

        from ..model import Section
        from .pages import team_page_builder

        page = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return team_page_builder(page, Section(section))(ctx)
    return build


def _other_page(module: str, name: str):
    def build(ctx):
        import importlib

        return getattr(importlib.import_module(f"{__package__}.{module}"), name)(ctx).widgets()
    return build


def page_builders() -> dict:
    """Notebook name -> the function that builds its page's widgets, as ``pages.py`` does
    (team pages with their review bar and comments)."""
    from . import home

    return {"00_avaleht": home.build,
            "01_kogukonnad": _team_page("communities", "CommunitiesPage", "communities"),
            "02_koosloome_vormid": _team_page("engagement", "EngagementPage", "engagement"),
            "03_arengufaasid": _team_page("phases", "PhasesPage", "phases"),
            "04_koostoomudel": _team_page("model_page", "ModelPage", "model"),
            "05_tegevuskava": _team_page("plan_page", "PlanPage", "plan"),
            "06_piloot": _team_page("pilot_page", "PilotPage", "pilot"),
            "07_mentor": _other_page("mentor_page", "MentorPage"),
            "09_eksport": _other_page("export_page", "ExportPage")}
