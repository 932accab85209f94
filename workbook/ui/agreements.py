"""Cooperation agreements: parties, principles, representation, commitments, status."""

from __future__ import annotations

import ipywidgets as w

from .. import engagement as logic
from ..exceptions import WorkbookError
from ..i18n import format_date, t
from ..messages import error_message
from ..model.sections import AgreementStatus
from .html import esc, notice, table, tag

WIDE = w.Layout(width="98%")
TEXTS = ("principles", "representatives", "selection", "municipality_commits",
         "community_commits")


class AgreementsPanel:
    def __init__(self, session, team_id: str, lang: str, editable: bool):
        self.session, self.team_id, self.lang, self.editable = session, team_id, lang, editable
        self.current = None
        self.list = w.HTML()
        self.picker = w.Dropdown(layout=WIDE)
        self.picker.add_class("wb-agreement-pick")
        self.title = w.Text(layout=WIDE)
        self.title.add_class("wb-agreement-title")
        self.parties = w.Textarea(layout=WIDE, rows=3)
        self.texts = {name: w.Textarea(layout=WIDE, rows=2) for name in TEXTS}
        self.status = w.Dropdown(options=[(t(f"agreement_status.{s.value}", lang), s.value)
                                          for s in AgreementStatus])
        self.review = w.DatePicker()
        self.save_button = w.Button(description=t("agreements.save", lang),
                                    button_style="primary", disabled=not editable)
        self.save_button.add_class("wb-agreement-save")
        self.message = w.HTML()
        self.message.add_class("wb-agreement-message")
        self.picker.observe(self._picked, names="value")
        self.save_button.on_click(self._save)
        fields = [self._row("agreements.title_field", self.title),
                  self._row("agreements.parties", self.parties, t("field.one_per_line", lang))]
        fields += [self._row(f"agreements.{name}", area) for name, area in self.texts.items()]
        fields += [self._row("agreements.status", self.status),
                   self._row("agreements.review_date", self.review),
                   self.save_button, self.message]
        form = w.VBox(fields)
        form.add_class("wb-form")
        self.root = w.VBox([self.list, self._row("agreements.pick", self.picker), form])
        self.root.add_class("wb-agreements")
        self.refresh()

    def _row(self, key: str, widget: w.Widget, note: str = "") -> w.VBox:
        label = tag("label", esc(t(key, self.lang))) + (
            tag("span", " (" + esc(note) + ")", "wb-muted") if note else "")
        return w.VBox([w.HTML(label), widget])

    def refresh(self, selected: str | None = None) -> None:
        lang = self.lang
        entries = sorted(self.session.items("agreement", self.team_id),
                         key=lambda e: e.data.title.casefold())
        self.entries = {e.id: e for e in entries}
        rows = [[esc(e.data.title), esc(", ".join(e.data.parties)),
                 esc(t(f"agreement_status.{e.data.status.value}", lang)),
                 esc(format_date(e.data.review_date, lang))] for e in entries]
        self.list.value = table([t("agreements.title_field", lang), t("agreements.parties", lang),
                                 t("agreements.status", lang), t("agreements.review_date", lang)],
                                rows, "wb-table wb-agreement-table") if rows else tag(
            "p", esc(t("agreements.none", lang)), "wb-muted")
        self.picker.unobserve(self._picked, names="value")
        self.picker.options = [(t("agreements.new", lang), "")] + [
            (e.data.title, e.id) for e in entries]
        self.picker.value = selected if selected in self.entries else ""
        self.picker.observe(self._picked, names="value")
        self._load(self.entries.get(self.picker.value))

    def _picked(self, change) -> None:
        self._load(self.entries.get(change["new"]))
        self.message.value = ""

    def _load(self, entry) -> None:
        self.current = entry
        data = entry.data if entry else None
        self.title.value = data.title if data else ""
        self.parties.value = "\n".join(data.parties) if data else ""
        for name, area in self.texts.items():
            area.value = getattr(data, name) if data else ""
        self.status.value = data.status.value if data else AgreementStatus.idea.value
        self.review.value = data.review_date if data else None

    def _save(self, _button=None) -> None:
        payload = {"title": self.title.value,
                   "parties": [p.strip() for p in self.parties.value.splitlines() if p.strip()],
                   **{name: area.value for name, area in self.texts.items()},
                   "status": self.status.value,
                   "review_date": self.review.value.isoformat() if self.review.value else None}
        try:
            saved = logic.save(self.session, self.team_id, "agreement", payload,
                               current=self.current)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.refresh(saved.id)
        self.message.value = notice(t("engagement.saved", self.lang, name=saved.data.title), "ok")
