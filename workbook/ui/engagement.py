"""Koosloome vormid: engagement forms per community, the level matrix, agreements."""

from __future__ import annotations

import ipywidgets as w

from .. import engagement as logic
from ..exceptions import WorkbookError
from ..frameworks import load
from ..html import esc, notice, table, tag
from ..i18n import t
from ..messages import error_message
from ..model.sections import AgreementStatus, Initiator, Level
from ..service.permissions import Action, allowed
from .context import PageContext
from .item_editor import Field, ItemEditor
from .options import set_options
from .paged_picker import PagedPicker, Pager
from .tracking import Refresh, Snapshot, follow, quiet

WIDE = w.Layout(width="98%")


class EngagementPage:
    def __init__(self, ctx: PageContext, team_id: str):
        self.ctx, self.lang, self.session = ctx, ctx.lang, ctx.require_session()
        self.team = self.session.team(team_id)
        self.frameworks = load()
        self.editable = allowed(self.session.actor, Action.write, team_id)
        lang = self.lang
        # a page of communities at a time
        self.community = PagedPicker(lang, kind="dropdown", name=t("engagement.community", lang))
        self.community.add_class("wb-engagement-community")
        self.list = w.HTML()
        self.picker = w.Select(rows=5, layout=WIDE)
        self.picker.add_class("wb-engagement-list")
        self.form = w.Combobox(placeholder=t("engagement.form_placeholder", lang),
                               options=[f.name(lang) for f in self.frameworks.forms.forms],
                               ensure_option=False, layout=WIDE)
        self.form.add_class("wb-engagement-form")
        self.level = w.Dropdown(options=[(lv.name(lang), lv.code.value)
                                         for lv in self.frameworks.levels.levels], layout=WIDE)
        self.level.add_class("wb-engagement-level")
        self.level_help = w.HTML()
        self.frequency = w.Text(placeholder=t("engagement.frequency_placeholder", lang),
                                layout=WIDE)
        self.initiator = w.Dropdown(options=[(t(f"initiator.{i.value}", lang), i.value)
                                             for i in Initiator], layout=WIDE)
        self.effectiveness = w.Dropdown(options=[(t("engagement.effectiveness_none", lang),
                                                  None)] + [(str(n), n) for n in range(1, 6)])
        self.notes = w.Textarea(layout=WIDE, rows=2)
        self.guard = Snapshot("engagement-form", [self.form, self.level, self.frequency,
                                                  self.initiator, self.effectiveness,
                                                  self.notes])
        self.save_button = w.Button(description=t("communities.save", lang),
                                    button_style="primary", disabled=not self.editable)
        self.save_button.add_class("wb-engagement-save")
        self.delete_button = w.Button(description=t("communities.delete", lang),
                                      button_style="danger", disabled=True)
        self.new_button = w.Button(description=t("engagement.add", lang),
                                   disabled=not self.editable)
        self.message = w.HTML()
        self.message.add_class("wb-message")
        self.matrix = w.HTML()
        self.matrix.add_class("wb-matrix-box")
        self.matrix_rows: list = []  # the whole matrix; a page of it is shown
        self.matrix_pager = Pager(lang, self._draw_matrix)
        self.current = None
        self.form.observe(self._form_typed, names="value")
        self.level.observe(self._level_help, names="value")
        self.community.observe(lambda _: self._show_community(), names="value")
        self.picker.observe(self._picked, names="value")
        self.save_button.on_click(self._save)
        self.delete_button.on_click(self._delete)
        self.new_button.on_click(lambda _: self._load(None))
        statuses = [(t(f"agreement_status.{s.value}", lang), s.value) for s in AgreementStatus]
        self.agreements = ItemEditor(self.session, team_id, "agreement", [
            Field("title", "agreements.title_field"),
            Field("parties", "agreements.parties", "lines"),
            Field("principles", "agreements.principles", "area", listed=False),
            Field("representatives", "agreements.representatives", "area", listed=False),
            Field("selection", "agreements.selection", "area", listed=False),
            Field("municipality_commits", "agreements.municipality_commits", "area",
                  listed=False),
            Field("community_commits", "agreements.community_commits", "area", listed=False),
            Field("status", "agreements.status", "choice", lambda: statuses),
            Field("review_date", "agreements.review_date", "date")],
            lang, self.editable, "title", sort_key=lambda e: e.data.title.casefold())
        self._fill_communities()
        self.guard.update = lambda: True  # the page's update() looks after the form
        Refresh("engagement", self.update)

    # --- layout ---------------------------------------------------------------------------
    def _row(self, key: str, widget: w.Widget) -> w.VBox:
        return w.VBox([w.HTML(tag("label", esc(t(key, self.lang)))), widget])

    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        head = tag("h2", esc(self.team.data.name)) + tag("p", esc(t("engagement.intro", lang)))
        if not self.community.options:
            return [w.HTML(head + notice(t("engagement.no_communities", lang), "info"))]
        editor = w.VBox([
            self._row("engagement.form", self.form), self._row("engagement.level", self.level),
            self.level_help, self._row("engagement.frequency", self.frequency),
            self._row("engagement.initiator", self.initiator),
            self._row("engagement.effectiveness", self.effectiveness),
            self._row("engagement.notes", self.notes),
            w.HBox([self.save_button, self.delete_button]), self.message])
        editor.add_class("wb-form")
        left = w.VBox([self._row("engagement.community", self.community), self.list,
                       self.picker, self.new_button], layout=w.Layout(width="50%"))
        right = w.VBox([editor], layout=w.Layout(width="50%", padding="0 0 0 12px"))
        matrix = w.VBox([self.matrix_pager.search, self.matrix, self.matrix_pager.bar])
        return [w.HTML(head), w.HBox([left, right]), matrix,
                w.HTML(tag("h2", esc(t("agreements.title", lang)))), self.agreements.root]

    # --- state ----------------------------------------------------------------------------
    def _fill_communities(self) -> None:
        self.matrix_rows = logic.matrix(self.session, self.team.id)
        rows = self.matrix_rows
        self.community.options = [(r.name, r.community_id) for r in rows]
        if rows and self.community.value is None:
            self.community.value = rows[0].community_id  # shows it through the observer
        else:
            self._show_community()
        self._draw_matrix()

    def _show_community(self) -> None:
        self._list_forms()
        self.picker.unobserve(self._picked, names="value")
        self.picker.value = None
        self.picker.observe(self._picked, names="value")
        self._load(None)

    def _list_forms(self) -> None:
        """The chosen community's engagement forms: the table and the list's options (its
        choice kept while still there)."""
        lang = self.lang
        community_id = self.community.value
        entries = logic.forms_of(self.session, self.team.id, community_id) if community_id else []
        self.entries = {e.id: e for e in entries}
        name = dict((v, k) for k, v in self.community.options).get(community_id, "")
        rows = [[esc(e.data.form), esc(self.frameworks.level(e.data.level.value).name(lang)),
                 esc(e.data.frequency), esc(t(f"initiator.{e.data.initiator.value}", lang)),
                 esc(e.data.effectiveness or "–")] for e in entries]
        self.list.value = tag("h3", esc(t("engagement.forms_of", lang, name=name))) + (
            table([t("engagement.form", lang), t("engagement.level", lang),
                   t("engagement.frequency", lang), t("engagement.initiator", lang),
                   t("engagement.effectiveness", lang)], rows, "wb-table wb-engagement-table")
            if rows else tag("p", esc(t("engagement.none", lang)), "wb-muted"))
        self.picker.unobserve(self._picked, names="value")
        level = lambda e: self.frameworks.level(e.data.level.value).name(lang)  # noqa: E731
        set_options(self.picker, [(f"{e.data.form} ({level(e)})", e.id) for e in entries])
        self.picker.observe(self._picked, names="value")

    def update(self) -> bool:
        """A teammate saved (live update, ``tracking.py``): the communities, the chosen
        community's forms and the matrix change in place, with the person's choices
        kept. The form follows a teammate's new version of its entry only when it holds
        no unsaved edits; False while that waits."""
        self.matrix_rows = logic.matrix(self.session, self.team.id)
        set_options(self.community, [(r.name, r.community_id) for r in self.matrix_rows])
        self._draw_matrix()
        self._list_forms()
        current = self.current
        return follow((current.id, current.version) if current else (None, None),
                      self.entries, self.guard.dirty() or not quiet(self.guard.edited_at),
                      load=self._load, detach=self._detach, gone=self._gone)

    def _detach(self) -> None:
        """The entry in the form was deleted by a teammate; what is typed stays."""
        self.current = None
        self.delete_button.disabled = True
        self.message.value = notice(t("editor.deleted_meanwhile", self.lang), "warning")

    def _gone(self) -> None:
        self._load(None)
        self.message.value = notice(t("editor.deleted_meanwhile_clean", self.lang), "info")

    def _draw_matrix(self) -> None:
        """One page of the communities x levels matrix (the pager's search finds a name)."""
        lang = self.lang
        rows = []
        found = self.matrix_pager.window([(r.name, r) for r in self.matrix_rows])
        for _name, row in found.options:
            cells = [esc(", ".join(row.by_level.get(lv, []))) for lv in Level]
            name = esc(row.name) + (" " + tag("span", esc(t("engagement.only_inform", lang)),
                                              "wb-badge wb-only-inform")
                                    if row.only_informing else "")
            rows.append([name] + cells)
        headers = [t("engagement.community", lang)] + [lv.name(lang) for lv in
                                                        self.frameworks.levels.levels]
        self.matrix.value = (tag("h2", esc(t("engagement.matrix", lang)))
                             + tag("p", esc(t("engagement.matrix_help", lang)), "wb-muted")
                             + table(headers, rows, "wb-table wb-matrix"))

    def _changed(self) -> None:
        """After a save or delete: the community's forms and the matrix again."""
        self.matrix_rows = logic.matrix(self.session, self.team.id)
        self._show_community()
        self._draw_matrix()

    def _load(self, entry) -> None:
        self.current = entry
        self.guard.loading = True  # filled from the store: not the person's edit
        data = entry.data if entry else None
        self.form.value = data.form if data else ""
        self.level.value = data.level.value if data else Level.inform.value
        self.frequency.value = data.frequency if data else ""
        self.initiator.value = data.initiator.value if data else Initiator.municipality.value
        self.effectiveness.value = data.effectiveness if data else None
        self.notes.value = data.notes if data else ""
        self.delete_button.disabled = entry is None or not self.editable
        self._level_help()
        self.guard.loading = False
        self.guard.reset()

    def _picked(self, change) -> None:
        self._load(self.entries.get(change["new"]))
        self.message.value = ""

    def _form_typed(self, change) -> None:
        """A catalogue form suggests its usual level (for a new entry)."""
        found = next((f for f in self.frameworks.forms.forms
                      if f.name(self.lang) == change["new"]), None)
        if found and self.current is None:
            self.level.value = found.level.value

    def _level_help(self, _change=None) -> None:
        level = self.frameworks.level(self.level.value)
        self.level_help.value = tag("p", esc(t("engagement.level_help", self.lang,
                                               goal=level.goal(self.lang),
                                               promise=level.promise(self.lang))), "wb-muted")

    def _payload(self) -> dict:
        return {"community_id": self.community.value, "form": self.form.value,
                "level": self.level.value, "frequency": self.frequency.value,
                "initiator": self.initiator.value, "effectiveness": self.effectiveness.value,
                "notes": self.notes.value}

    def _save(self, _button=None) -> None:
        try:
            saved = logic.save(self.session, self.team.id, "engagement_form", self._payload(),
                               current=self.current)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self._changed()
        self.picker.value = saved.id
        self.message.value = notice(t("engagement.saved", self.lang, name=saved.data.form), "ok")

    def _delete(self, _button=None) -> None:
        entry = self.current
        if entry is None:
            return
        try:
            self.session.delete(entry.id, expected_version=entry.version)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self._changed()
        self.message.value = notice(t("engagement.deleted", self.lang, name=entry.data.form), "ok")

