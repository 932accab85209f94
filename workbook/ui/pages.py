"""Pages, one function each; a notebook calls one of them and nothing else."""

from __future__ import annotations

import logging

import ipywidgets as w
from IPython.display import display

from ..html import notice
from ..i18n import t
from ..model import Section
from .. import log_redaction
from . import errors
from . import home as home_views
from .context import open_session, read_request
from .frame import Builder, Frame, error_widgets


def _setup_logging() -> None:
    """Every log line of the page's kernel (ours, and any library's, and warnings) goes to
    the Voila server's log, with keys redacted; none goes to the browser."""
    from .. import settings

    root = logging.getLogger()
    if getattr(root, "workbook_page", False):
        return
    root.workbook_page = True
    handler = logging.StreamHandler(errors.server_log_stream())
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("workbook").setLevel(settings.get("WORKBOOK_LOG_LEVEL").upper())
    logging.captureWarnings(True)
    log_redaction.install()


def show(title_key: str, build: Builder) -> Frame:
    """Resolve the request, then show ``build``'s widgets in the page frame."""
    _setup_logging()
    ctx = read_request()
    errors.install(lambda: ctx.lang)
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


def team_page_builder(page_class, section: Section) -> Builder:
    """The widgets of a page about one team: the section, then its review status and
    comments; a notice when there is no team to show."""
    from .comments import CommentsPanel, ReviewBar

    def build(ctx) -> list:
        team_id = ctx.team_id()
        if team_id is None:
            return [w.HTML(notice(t("home.no_teams", ctx.lang), "info"))]
        session, lang = ctx.session, ctx.lang
        return (page_class(ctx, team_id).widgets()
                + [ReviewBar(session, team_id, section, lang).root,
                   CommentsPanel(session, team_id, section, lang).root])
    return build


def _team_page(title_key: str, page_class, section: Section) -> Frame:
    """A page about one team: the member's own, or ``?team=`` for mentors and coordinators.

    Every such page has the section's review status and comments at the bottom,
    picks up teammates' saves by itself and shows who else has it open.
    """
    frame = show(title_key, team_page_builder(page_class, section))
    if frame.ctx.session is not None:
        team_id = frame.ctx.team_id()
        if team_id is not None:
            frame.watch(team_id, section.value)
    return frame


def communities() -> Frame:
    """Kogukondade kaardistamine: the communities on a map, with their needs and resources."""
    from .communities import CommunitiesPage  # ipyleaflet loads only on this page

    return _team_page("communities.title", CommunitiesPage, Section.communities)


def engagement() -> Frame:
    """Koosloome vormid: engagement forms per community, the matrix, agreements."""
    from .engagement import EngagementPage

    return _team_page("engagement.title", EngagementPage, Section.engagement)


def phases() -> Frame:
    """Arengufaaside hindamine: blind ratings, consensus, interventions."""
    from .phases import PhasesPage

    return _team_page("phases.title", PhasesPage, Section.phases)


def model() -> Frame:
    """Koostöömudel: the collaboration model canvas."""
    from .model_page import ModelPage

    return _team_page("model.title", ModelPage, Section.model)


def plan() -> Frame:
    """Visioon ja tegevuskava: vision, goals, activities and their timeline."""
    from .plan_page import PlanPage

    return _team_page("plan.title", PlanPage, Section.plan)


def pilot() -> Frame:
    """Piloteerimine ja nõustamine: mentoring hours, pilot progress, lessons."""
    from .pilot_page import PilotPage

    return _team_page("pilot.title", PilotPage, Section.pilot)


def mentor() -> Frame:
    """Mentori ülevaade: teams x sections, comments, reviews, mentoring hours."""
    from .mentor_page import MentorPage

    return show("review.title", lambda ctx: MentorPage(ctx).widgets())


def coordinator() -> Frame:
    """Koordinaator: the cohort, teams, people, member import and personal links."""
    from .cohort_admin import CohortAdminPage

    return show("admin.title", lambda ctx: CohortAdminPage(ctx).widgets())


def export() -> Frame:
    """Eksport: a team's seminar files, or the whole cohort as one zip (coordinator)."""
    from .export_page import ExportPage

    return show("export.title", lambda ctx: ExportPage(ctx).widgets())
