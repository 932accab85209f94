"""Kogukondade kaardistamine: the live map, the list, the form, import and the static map."""

from __future__ import annotations

import base64
import logging
from typing import cast

import ipywidgets as w

from .. import communities as logic
from ..exceptions import EditConflict, StaleVersion, WorkbookError
from ..geo import geodata
from ..geo.coords import format_point, parse_point
from ..html import esc, notice, tag
from ..i18n import has, t
from ..messages import error_message
from ..model import KINDS
from ..service.permissions import Action, allowed
from .community_form import CommunityForm
from .community_import import ImportPanel
from .community_map import CommunityMap
from .confirm import TwoStep, Undo
from .conflict import ConflictBox
from .context import PageContext
from .history import HistoryPanel
from .options import set_options
from .paged_picker import PagedPicker
from .tracking import Refresh, View, follow, quiet

COMMUNITY_FIELDS = tuple(KINDS["community"].model_fields)
log = logging.getLogger("workbook.ui")


class CommunitiesPage:
    def __init__(self, ctx: PageContext, team_id: str):
        self.ctx, self.lang, self.session = ctx, ctx.lang, ctx.require_session()
        self.team = self.session.team(team_id)
        self.geo = geodata.load()
        self.editable = allowed(self.session.actor, Action.write, team_id)
        code = self.team.data.municipality_code
        geo = self.geo
        self.map = CommunityMap(self.lang, editable=self.editable,
                                municipality=geo.municipality(code) if geo else None,
                                settlements=geo.settlements_of(code) if geo else None,
                                attribution=geo.attribution(self.lang) if geo else "")
        self._phases()
        self.form = CommunityForm(self.lang, geo.gazetteer if geo else None, code, self.editable,
                                  geo.attribution(self.lang) if geo else "")
        self.entries: dict = {}
        self.message = w.HTML()
        self.conflict = w.VBox()  # both values of a same-field conflict, to choose
        self.message.add_class("wb-message")
        self.form.root.children += (self.message,)  # a second view beside the Save button
        self.summary = w.HTML()
        self.picker = PagedPicker(self.lang, kind="select", rows=10,
                                  name=t("communities.list", self.lang))  # a page at a time
        self.picker.add_class("wb-community-list")
        self.new = w.Button(description=t("communities.add", self.lang), icon="",
                            disabled=not self.editable)
        self.new.add_class("wb-new")
        self.download = w.Button(description=t("communities.static_map", self.lang),
                                 layout=w.Layout(width="auto"))
        self.download.add_class("wb-static-map")
        self.download_link = w.HTML()
        self._wire()
        self.refresh()
        self.view = View("communities-view", self._view)
        if self.view.before:
            self._restore_view(self.view.before)
        self.form.guard.update = lambda: True  # the page's update() looks after the form
        Refresh("communities", self.update)

    def _view(self) -> dict:
        """The map's position, base layer and colours, and the chosen community."""
        lmap = self.map
        return {"selected": self.picker.value, "center": list(lmap.map.center),
                "zoom": lmap.map.zoom, "base": lmap.base_switch.value,
                "colour": lmap.colour_by.value}

    def _restore_view(self, view: dict) -> None:
        lmap = self.map
        lmap.base_switch.value, lmap.colour_by.value = view["base"], view["colour"]
        lmap.map.center, lmap.map.zoom = view["center"], view["zoom"]
        if view["selected"] in self.entries:
            self.refresh(view["selected"])
            self._select(view["selected"])

    def _phases(self) -> None:
        """The overall development phases (workshop III) for colouring the map."""
        from .. import phases

        try:
            self.map.set_phases(phases.overall_by_community(self.session, self.team.id),
                                phases.cohort_rubric(self.session))
        except WorkbookError as exc:  # a broken rubric must not take the map down
            log.warning("no phase colours: %s", exc)

    def _wire(self) -> None:
        self.picker.observe(self._picked, names="value")
        self.new.on_click(lambda _: self._select(None))
        self.form.save.on_click(self._save)
        self.confirm_delete = TwoStep(self.form.delete, self._delete,
                                      t("editor.confirm_delete", self.lang), self._ask_delete)
        self.undo = Undo(self.session, self.lang, self.message, self._restored)
        labels = {name: t(f"field.{name}", self.lang) for name in COMMUNITY_FIELDS}
        self.history = HistoryPanel(self.session, self.lang, self.editable, labels,
                                    self._restored)
        self.show_history = w.ToggleButton(description=t("history.title", self.lang),
                                           disabled=True)
        self.show_history.add_class("wb-community-history")
        self.show_history.observe(lambda _: self._history(), names="value")
        self.form.coordinates_button.on_click(self._typed_coordinates)
        self.form.on_location = self.map.show_pending
        self.map.on_click(self._clicked)
        self.map.on_move(self._moved)
        self.map.on_select(self._point_chosen)
        self.download.on_click(self._static_map)

    # --- layout ---------------------------------------------------------------------------
    def widgets(self) -> list[w.Widget]:
        lang, team = self.lang, self.team
        intro = tag("h2", esc(team.data.name) + " · " + esc(team.data.municipality_name)) + tag(
            "p", esc(t("communities.intro", lang)))
        if self.geo is None:
            intro += notice(t("geo.missing", lang), "warning")
        if self.editable:
            intro += tag("p", esc(t("communities.click_hint", lang)), "wb-muted")
        else:
            intro += notice(t("communities.read_only", lang), "info")
        side = w.VBox([self.summary, self.picker, self.new, self.message, self.undo.button,
                       self.conflict, self.form.root, self.show_history, self.history.root],
                      layout=w.Layout(width="42%", padding="0 0 0 12px"))
        main = w.HBox([w.VBox([self.map.widget, self.download, self.download_link],
                              layout=w.Layout(width="58%")), side])
        parts = [w.HTML(intro), main]
        if self.editable:
            panel = ImportPanel(self.session, team.id, lang, lambda _count: self.refresh(),
                                self.geo)
            box = w.Accordion(children=[panel.root], titles=(t("communities.import", lang),))
            box.add_class("wb-import-box")
            parts.append(box)
        return parts

    # --- state ----------------------------------------------------------------------------
    def _list(self) -> list:
        """The communities from the store: counts and the list's options (its choice
        kept while still there); the entries."""
        items = self.session.items("community", self.team.id)
        self.entries = {e.id: e for e in items}
        located = sum(1 for e in items if e.data.location)
        self.summary.value = tag("h3", esc(t("communities.list", self.lang))) + tag(
            "p", esc(t("communities.count", self.lang, count=len(items), located=located))
            if items else esc(t("communities.none", self.lang)), "wb-muted wb-count")
        self.picker.unobserve(self._picked, names="value")
        set_options(self.picker, [(e.data.name, e.id) for e in
                                  sorted(items, key=lambda e: e.data.name.casefold())])
        self.picker.observe(self._picked, names="value")
        return items

    def refresh(self, selected: str | None = None) -> None:
        items = self._list()
        self.picker.unobserve(self._picked, names="value")
        self.picker.value = selected if selected in self.entries else None
        self.picker.observe(self._picked, names="value")
        self.map.set_communities([(e.id, e.data.model_dump(mode="json")) for e in items],
                                 selected)

    def update(self) -> bool:
        """A teammate saved (live update, ``tracking.py``): counts, list, points and
        phase colours change in place; the map keeps its view, the list its choice.
        The form follows a teammate's new version of its community only when it holds
        no unsaved edits (else the person's save merges or shows a conflict); False
        while that waits."""
        self._phases()
        items = self._list()
        self.map.update([(e.id, e.data.model_dump(mode="json")) for e in items])
        form = self.form
        return follow((form.item_id, form.version), self.entries,
                      form.guard.dirty() or not quiet(form.guard.edited_at),
                      load=self._reload, detach=self._detach, gone=self._gone)

    def _reload(self, entry) -> None:
        self.form.load(entry.id, entry.version, entry.data.model_dump(mode="json"))
        self._history()

    def _detach(self) -> None:
        """The community in the form was deleted by a teammate; what is typed stays."""
        self.form.item_id = self.form.version = None
        self.form.delete.disabled = self.show_history.disabled = True
        self._say(t("editor.deleted_meanwhile", self.lang), "warning")

    def _gone(self) -> None:
        self._select(None)
        self._say(t("editor.deleted_meanwhile_clean", self.lang), "info")

    def _select(self, item_id: str | None) -> None:
        entry = self.entries.get(item_id) if item_id else None
        if entry is None:
            self.form.clear()
        else:
            self.form.load(entry.id, entry.version, entry.data.model_dump(mode="json"))
        self.message.value = ""
        self.confirm_delete.reset()
        self.show_history.disabled = entry is None
        self._history()

    def _history(self) -> None:
        """The chosen community's versions, while "Ajalugu" is pressed."""
        self.history.show(self.form.item_id if self.show_history.value else None)

    def _restored(self, entry) -> None:
        self.refresh(entry.id)
        self._select(entry.id)

    def _picked(self, change) -> None:
        self._select(change["new"])
        self.undo.hide()
        self.map.select(change["new"])

    def _point_chosen(self, item_id: str) -> None:
        """A click on a point: the list turns to it and the form loads it."""
        self.picker.value = item_id

    def _say(self, text: str, kind: str) -> None:
        self.message.value = notice(text, kind)

    # --- events ---------------------------------------------------------------------------
    def _clicked(self, lat: float, lon: float) -> None:
        self.form.set_location(lat, lon)
        self._say(t("communities.clicked", self.lang, point=format_point(lat, lon, self.lang)),
                  "info")

    def _typed_coordinates(self, _button=None) -> bool:
        """Put the typed coordinates on the map; False (and a message) when they are wrong."""
        try:
            point = parse_point(self.form.coordinates.value)
        except WorkbookError as exc:
            self._say(error_message(exc, self.lang), "error")
            return False
        self.form.set_location(point.lat, point.lon)
        self.map.map.center = (point.lat, point.lon)
        self._say(t("communities.location_set", self.lang,
                    point=format_point(point.lat, point.lon, self.lang)), "info")
        return True

    def _save(self, _button=None) -> None:
        form = self.form
        # typed coordinates count without "Märgi kaardile"; wrong ones stop the save
        if form.coordinates.value.strip() and not self._typed_coordinates():
            return
        try:
            saved = logic.save_community(self.session, self.team.id, form.fields(), geo=self.geo,
                                         item_id=form.item_id, expected_version=form.version)
        except logic.FormInvalid as exc:
            self._say(" ".join(p.message(self.lang) for p in exc.problems), "error")
            return
        except EditConflict as exc:
            self._conflict(exc)
            return
        except StaleVersion as exc:
            self._stale(exc)
            return
        except WorkbookError as exc:
            self._say(error_message(exc, self.lang), "error")
            return
        key = "communities.created" if form.item_id is None else "communities.saved"
        text = t(key, self.lang, name=saved.entry.data.name)
        text += "".join(" " + t(k, self.lang, **p) for k, p in saved.warnings)
        self._saved(saved.entry)
        self._say(text, "warning" if saved.warnings else "ok")

    def _saved(self, entry) -> None:
        self.conflict.children = []
        self.refresh(entry.id)
        self.form.load(entry.id, entry.version, entry.data.model_dump(mode="json"))

    def _conflict(self, exc: EditConflict) -> None:
        """Both values of each field the teammate changed too, to keep one or combine."""
        names = self.session.names()
        labels = {c.path.split(".")[0]: t(f"field.{c.path.split('.')[0]}", self.lang)
                  for c in exc.conflicts if has(f"field.{c.path.split('.')[0]}")}
        box = ConflictBox(exc, labels, self.lang, names.get(exc.current.author, "?"),
                          self._resolve)
        self.conflict.children = [box.root]
        self.message.value = ""

    def _resolve(self, payload: dict, version: int) -> None:
        try:
            # a conflict arises only when saving a community that exists
            entry = self.session.save(cast(str, self.form.item_id), payload,
                                      expected_version=version)
        except EditConflict as exc:
            self._conflict(exc)
            return
        except WorkbookError as exc:
            self._say(error_message(exc, self.lang), "error")
            return
        self._saved(entry)
        self._say(t("communities.saved", self.lang, name=entry.data.name), "ok")

    def _stale(self, exc: StaleVersion) -> None:
        author = ""
        if exc.current is not None:
            author = next((p.data.name for p in self.session.people(self.team.id)
                           if p.id == getattr(exc.current, "author", None)), "")
        self._say(t("communities.stale", self.lang, author=author or "?"), "error")

    def _ask_delete(self) -> None:
        entry = self.entries.get(self.form.item_id or "")
        if entry is not None:
            self._say(t("editor.delete_question", self.lang, name=entry.data.name), "warning")

    def _delete(self) -> None:
        entry = self.entries.get(self.form.item_id or "")
        if entry is None:
            return
        version = cast(int, self.form.version)  # the form holds the (saved) entry
        try:
            self.session.delete(entry.id, expected_version=version)
        except StaleVersion as exc:
            self._stale(exc)
            return
        self.refresh()
        self.form.clear()
        self._say(t("communities.deleted", self.lang, name=entry.data.name), "ok")
        self.undo.offer(entry.id, version)

    def _moved(self, item_id: str, lat: float, lon: float) -> None:
        entry = self.entries.get(item_id)
        if entry is None:
            return
        try:
            saved = logic.move_community(self.session, entry, lat, lon, geo=self.geo)
        except StaleVersion as exc:
            self._stale(exc)
            self.refresh(item_id)
            return
        except WorkbookError as exc:
            self._say(error_message(exc, self.lang), "error")
            self.refresh(item_id)
            return
        self.entries[item_id] = saved.entry
        self.map.update_point(item_id, saved.entry.data.model_dump(mode="json"))
        if self.form.item_id == item_id:
            self.form.version = saved.entry.version
            self.form.set_location(lat, lon, pending=False)
        text = t("communities.moved", self.lang, name=saved.entry.data.name)
        text += "".join(" " + t(k, self.lang, **p) for k, p in saved.warnings)
        self._say(text, "warning" if saved.warnings else "ok")

    def _static_map(self, _button=None) -> None:
        html = logic.static_map_html(self.session, self.team.id, self.lang, self.geo)
        data = base64.b64encode(html.encode("utf-8")).decode("ascii")
        name = f"{t('communities.static_map_file', self.lang)}-{self.team.data.municipality_code}"
        self.download_link.value = tag(
            "a", "⬇ " + esc(name) + ".html", "wb-download", download=f"{name}.html",
            href=f"data:text/html;charset=utf-8;base64,{data}")

