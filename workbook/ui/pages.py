"""Pages, one function each; a notebook calls one of them and nothing else.

Every page is the same app (``app.py``) started at another section."""

from __future__ import annotations

import logging

import ipywidgets as w

from .. import log_redaction
from ..html import notice
from ..i18n import t
from ..model import Section
from . import errors
from .frame import Builder


def setup_logging() -> None:
    """Every log line of the page's kernel (ours, and any library's, and warnings) goes to
    the Voila server's log, with keys redacted; none goes to the browser."""
    from .. import settings

    root = logging.getLogger()
    if getattr(root, "workbook_page", False):
        return
    setattr(root, "workbook_page", True)  # a mark on the process's root logger
    handler = logging.StreamHandler(errors.server_log_stream())
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("workbook").setLevel(settings.get("WORKBOOK_LOG_LEVEL").upper())
    logging.captureWarnings(True)
    log_redaction.install()


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


def section(slug: str):
    """The app at the section whose address is ``slug``: a new section's notebook calls
    this (``section_registry``); the functions below name the ones there are."""
    from .app import start

    return start(slug)


def home():
    """Avaleht: the person's team, or the teams (mentor), or the cohort (coordinator);
    the app's navigation leads to every other page."""
    return section("avaleht")


def communities():
    """Kogukondade kaardistamine: the communities on a map, with their needs and resources."""
    return section("kogukonnad")


def engagement():
    """Koosloome vormid: engagement forms per community, the matrix, agreements."""
    return section("koosloome_vormid")


def phases():
    """Arengufaaside hindamine: blind ratings, consensus, interventions."""
    return section("arengufaasid")


def model():
    """Koostöömudel: the collaboration model canvas."""
    return section("koostoomudel")


def plan():
    """Visioon ja tegevuskava: vision, goals, activities and their timeline."""
    return section("tegevuskava")


def pilot():
    """Piloteerimine ja nõustamine: mentoring hours, pilot progress, lessons."""
    return section("piloot")


def mentor():
    """Mentori ülevaade: teams x sections, comments, reviews, mentoring hours."""
    return section("mentor")


def coordinator():
    """Koordinaator: the cohort, teams, people, member import and personal links."""
    return section("koordinaator")


def export():
    """Eksport: a team's seminar files, or the whole cohort as one zip (coordinator)."""
    return section("eksport")
