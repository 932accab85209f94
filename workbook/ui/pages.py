"""Pages, one function each; a notebook calls one of them and nothing else."""

from __future__ import annotations

import logging
import sys

from IPython.display import display

from .context import open_session, read_request
from .frame import Builder, Frame, error_widgets
from . import home as home_views


def _setup_logging() -> None:
    from .. import settings

    root = logging.getLogger("workbook")
    if not root.handlers:  # kernel stderr ends up in the Voila server's log
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(settings.get("WORKBOOK_LOG_LEVEL").upper())


def show(title_key: str, build: Builder) -> Frame:
    """Resolve the request, then show ``build``'s widgets in the page frame."""
    _setup_logging()
    ctx = read_request()
    try:
        open_session(ctx)
    except Exception as exc:  # noqa: BLE001 - shown as a clear message, never a traceback
        failure = exc
        frame = Frame(ctx, title_key, lambda c: error_widgets(failure, c.lang))
    else:
        frame = Frame(ctx, title_key, build)
    display(frame.root)
    return frame


def home() -> Frame:
    """Avaleht: the person's team, or the teams (mentor), or the cohort (coordinator)."""
    return show("home.title", home_views.build)


def communities() -> Frame:
    """Kogukondade kaardistamine: the communities on a map, with their needs and resources."""
    from . import communities as communities_page  # ipyleaflet loads only on this page

    return show("communities.title", communities_page.build)


def engagement() -> Frame:
    """Koosloome vormid: engagement forms per community, the matrix, agreements."""
    from . import engagement as engagement_page

    return show("engagement.title", engagement_page.build)


def phases() -> Frame:
    """Arengufaaside hindamine: blind ratings, consensus, interventions."""
    from . import phases as phases_page

    return show("phases.title", phases_page.build)


def model() -> Frame:
    """Koostöömudel: the collaboration model canvas."""
    from . import model_page

    return show("model.title", model_page.build)


def plan() -> Frame:
    """Visioon ja tegevuskava: vision, goals, activities and their timeline."""
    from . import plan_page

    return show("plan.title", plan_page.build)


def pilot() -> Frame:
    """Piloteerimine ja nõustamine: mentoring hours, pilot progress, lessons."""
    from . import pilot_page

    return show("pilot.title", pilot_page.build)
