"""Mentori ülevaade: every team x section with status, last change and open comments;
mentoring hours per team.

Each cell links to the team's section page, where the mentor reads the section,
comments on it or on single items and marks it reviewed.
"""

from __future__ import annotations

import ipywidgets as w

from ..html import badge, esc, notice, table, tag
from ..i18n import format_date, t
from ..messages import section_title
from ..model import Access, Section, Status
from .context import PageContext
from .mentoring import MentoringLog
from .tracking import Refresh, building

STATUS_BADGE = {Status.draft: "draft", Status.submitted: "submitted", Status.reviewed: "ok"}


def cell_html(ctx: PageContext, cell) -> str:
    lang = ctx.lang
    parts = [badge(t(f"status.{cell.status.value}", lang), STATUS_BADGE[cell.status])]
    if cell.changed_since_review:
        parts.append(tag("div", esc(t("review.changed_since", lang)), "wb-changed"))
    if cell.last_change:
        parts.append(tag("div", esc(format_date(cell.last_change.date(), lang)), "wb-muted"))
    if cell.open_comments:
        parts.append(tag("div", esc(t("review.open_comments", lang,
                                      count=cell.open_comments)), "wb-open-comments"))
    body = "".join(parts)
    link = ctx.link(cell.section.spec.notebook, team=cell.team_id)
    return tag("a", body, "wb-cell-link", href=link, target="_self")


def matrix_html(ctx: PageContext) -> str:
    session, lang = ctx.require_session(), ctx.lang
    names = {team.id: team.data.name for team in session.teams()}
    by_team: dict[str, dict] = {}
    for cell in session.review_matrix():
        by_team.setdefault(cell.team_id, {})[cell.section] = cell
    rows = [[esc(names[team_id])] + [cell_html(ctx, cells[s]) for s in Section]
            for team_id, cells in by_team.items()]
    return table([t("home.team", lang)] + [section_title(s, lang) for s in Section], rows,
                 "wb-table wb-matrix")


class MentorPage:
    def __init__(self, ctx: PageContext):
        self.ctx = ctx
        self.session, self.lang = ctx.require_session(), ctx.lang
        self.matrix = w.HTML()
        self.matrix.add_class("wb-matrix-box")
        self.log_box = w.VBox()
        teams = self.session.teams()
        self.team = w.Dropdown(options=[(tm.data.name, tm.id) for tm in teams],
                               description=t("home.team", self.lang))
        self.team.add_class("wb-mentoring-team")
        self.team.observe(lambda _: self._log(), names="value")
        self.log: MentoringLog | None = None
        self.tracker = Refresh("mentor-matrix", self._matrix).tracker

    def _log(self) -> None:
        """The chosen team's mentoring log, which live updates refresh in place."""
        if not self.team.value:
            return
        if self.log is not None:
            self.tracker.forget(self.log.editor, self.log.refresh)
        with building(self.tracker):
            self.log = MentoringLog(self.session, self.team.value, self.lang)
        self.log_box.children = [self.log.root]

    def _matrix(self) -> None:
        lang = self.lang
        self.matrix.value = (tag("h2", esc(t("review.matrix", lang)))
                             + tag("p", esc(t("review.matrix_help", lang)), "wb-muted")
                             + matrix_html(self.ctx))

    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        if self.session.actor.access is Access.member:
            return [w.HTML(notice(t("review.staff_only", lang), "info"))]
        self._matrix()
        self._log()
        return [self.matrix, w.HTML(tag("h2", esc(t("review.hours", lang)))), self.team,
                self.log_box]
