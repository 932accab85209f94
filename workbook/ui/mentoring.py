"""The mentoring log of a team with its 16-hour budget (pilot page and mentor page)."""

from __future__ import annotations

import ipywidgets as w

from .. import plan
from ..html import esc, notice, progress_bar, tag
from ..i18n import t
from ..model import Access
from ..service.permissions import Action, allowed
from .item_editor import Field, ItemEditor
from .tracking import Refresh


class MentoringLog:
    def __init__(self, session, team_id: str, lang: str):
        self.session, self.team_id, self.lang = session, team_id, lang
        mentors = [(p.data.name, p.id) for p in session.people(staff=True)
                   if p.data.access is Access.mentor]
        self.hours = w.HTML()
        self.hours.add_class("wb-hours")
        self.editor = ItemEditor(session, team_id, "mentoring_session", [
            Field("date", "pilot.date", "date"),
            Field("mentor_id", "pilot.mentor", "choice",
                  lambda: [(t("pilot.no_mentor", lang), None)] + mentors),
            Field("hours", "pilot.hours", "hours"), Field("topics", "pilot.topics", "area"),
            Field("agreements", "pilot.agreements", "area", listed=False),
            Field("next_steps", "pilot.next_steps", "area", listed=False)],
            lang, allowed(session.actor, Action.mentoring, team_id), "date",
            on_change=self.draw, sort_key=lambda e: e.data.date)
        self.root = w.VBox([self.hours, self.editor.root])
        self.root.add_class(f"wb-mentoring-log-{team_id}")  # which team's log is shown
        self.draw()
        self.refresh = Refresh(f"mentoring-{team_id}", self.draw)  # a teammate's or mentor's entry

    def draw(self) -> None:
        lang = self.lang
        share, text, over = plan.hours_summary(
            self.session.items("mentoring_session", self.team_id), lang)
        html = tag("h3", esc(t("pilot.mentoring", lang))) + progress_bar(share, text)
        if over:
            html += notice(over, "warning")
        self.hours.value = html
