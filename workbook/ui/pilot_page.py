"""Piloteerimine ja nõustamine: mentoring log with the 16-hour budget, pilot progress, lessons."""

from __future__ import annotations

import ipywidgets as w

from ..exceptions import WorkbookError
from ..html import esc, notice, tag
from ..i18n import format_date, t
from ..messages import error_message
from ..model import PilotPartName
from ..model.sections import ActivityStatus
from ..service.permissions import Action, allowed
from . import a11y
from .context import PageContext
from .mentoring import MentoringLog
from .text_part import TextPart
from .tracking import Refresh


class PilotPage:
    def __init__(self, ctx: PageContext, team_id: str):
        self.session, self.lang = ctx.require_session(), ctx.lang
        session, lang = self.session, self.lang
        self.team = session.team(team_id)
        self.editable = allowed(session.actor, Action.write, team_id)
        self.mentoring = MentoringLog(session, team_id, lang)
        self.progress = w.VBox()
        self.parts = [TextPart(session, team_id, "pilot_report", {"part": p.value}, lang,
                               self.editable, t(f"pilot.part.{p.value}", lang),
                               t(f"pilot.help.{p.value}", lang)) for p in PilotPartName]
        self.shown: list = []  # (entry, status, notes) of each pilot activity's row
        self._draw_progress()
        Refresh("pilot-progress", self._progress_changed)

    def _pilot_activities(self) -> list:
        return [e for e in self.session.items("activity", self.team.id) if e.data.pilot]

    def _progress_changed(self) -> bool:
        """A teammate saved: the rows are drawn again if pilot activities changed, but
        not while the person has changed a row without saving it (False: waiting)."""
        now = [(e.id, e.version) for e in self._pilot_activities()]
        if now == [(e.id, e.version) for e, _s, _n in self.shown]:
            return True
        if any(s.value != e.data.status.value or n.value != e.data.notes
               for e, s, n in self.shown):
            return False
        self._draw_progress()
        return True

    def _draw_progress(self) -> None:
        lang = self.lang
        rows, self.shown = [], []
        statuses = [(t(f"activity_status.{s.value}", lang), s.value) for s in ActivityStatus]
        for entry in self._pilot_activities():
            status = w.Dropdown(options=statuses, value=entry.data.status.value,
                                disabled=not self.editable, layout=w.Layout(width="180px"))
            notes = w.Textarea(value=entry.data.notes, rows=2, disabled=not self.editable,
                               layout=w.Layout(width="50%"))
            self.shown.append((entry, status, notes))
            save = w.Button(description=t("communities.save", lang), disabled=not self.editable)
            save.add_class("wb-pilot-save")
            message = w.HTML()
            a11y.name(status, f"{entry.data.title}: {t('plan.status', lang)}")
            a11y.name(notes, f"{entry.data.title}: {t('plan.notes', lang)}")
            save.on_click(lambda _, e=entry, s=status, n=notes, m=message:
                          self._save_progress(e, s, n, m))
            dates = " – ".join(format_date(d, lang) for d in (entry.data.start, entry.data.end)
                               if d)
            row = w.VBox([w.HTML(tag("b", esc(entry.data.title)) + " "
                                 + tag("span", esc(dates), "wb-muted")),
                          w.HBox([status, notes, save]), message])
            row.add_class("wb-pilot-activity")
            rows.append(row)
        head = w.HTML(tag("h3", esc(t("pilot.progress", lang))) + (
            "" if rows else tag("p", esc(t("pilot.no_pilot_activities", lang)), "wb-muted")))
        self.progress.children = [head] + rows

    def _save_progress(self, entry, status, notes, message) -> None:
        """Save one pilot activity's status and notes; refused if a teammate saved first."""
        data = {**entry.data.model_dump(mode="json"), "status": status.value, "notes": notes.value}
        try:
            self.session.save(entry.id, data, expected_version=entry.version)
        except WorkbookError as exc:
            message.value = notice(error_message(exc, self.lang), "error")
            return
        self._draw_progress()

    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        head = tag("h2", esc(self.team.data.name)) + tag("p", esc(t("pilot.intro", lang)))
        return ([w.HTML(head), self.mentoring.root, self.progress,
                 w.HTML(tag("h3", esc(t("pilot.results", lang))))]
                + [p.root for p in self.parts])

