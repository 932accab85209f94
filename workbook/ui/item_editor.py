"""A list of a team's items of one kind with a form to add, edit and delete them.

Fields are declared as data (name, label key, widget kind); the editor turns the
widgets into a payload and leaves validation to the service, so every page's
tables behave alike: refusals are shown in the person's language and the form
keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from ..exceptions import EditConflict, WorkbookError
from ..html import esc, notice, table, tag
from ..i18n import format_date, format_hours, format_money, format_number, t
from ..messages import error_message, title_text
from . import a11y
from .confirm import TwoStep, Undo
from .conflict import ConflictBox
from .history import HistoryPanel
from .options import set_options
from .paged_picker import PagedPicker
from .tracking import follow, quiet, register

WIDE = w.Layout(width="98%")


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # translation key
    kind: str = "text"  # text, area, lines (a list, one per line), date, number, hours,
    # money, choice, multi, bool
    options: Callable[[], list[tuple[str, Any]]] | None = None  # for choice and multi
    listed: bool = True  # shown as a column of the list

    def choices(self) -> list[tuple[str, Any]]:
        """The options of a choice or multi field (a TypeError for other fields, as calling
        the missing ``options`` would be)."""
        if self.options is None:
            raise TypeError(f"field {self.name!r} has no options")
        return self.options()


# How a number field is shown in the list (docs/features.md, "Numbers"); the form takes
# the plain value.
NUMBER_FORMATS = {"number": format_number, "hours": format_hours, "money": format_money}


def lookup(data: dict, name: str):
    """``data[name]``, where a dotted name reaches into nested fields."""
    value: Any = data
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _widget(f: Field, lang: str) -> w.Widget:
    if f.kind in ("area", "lines"):
        return w.Textarea(layout=WIDE, rows=3)
    if f.kind == "date":
        return w.DatePicker()
    if f.kind == "choice":
        return w.Dropdown(options=f.choices(), layout=WIDE)
    if f.kind == "multi":  # e.g. an activity's communities: a page at a time, with a search
        return PagedPicker(lang, kind="multi", rows=6, options=f.choices())
    if f.kind == "bool":
        return w.Checkbox(indent=False)
    return w.Text(layout=WIDE)


@dataclass
class ItemEditor:
    session: Any
    team_id: str | None  # None: the cohort's own items (teams, staff)
    kind: str
    fields: list[Field]
    lang: str
    editable: bool
    title_field: str
    on_change: Callable[[], None] = lambda: None
    sort_key: Callable = field(default=lambda e: str(e.id))
    widgets: dict[str, w.Widget] = field(default_factory=dict)

    def __post_init__(self):
        lang = self.lang
        self.current = None
        self.widgets = {f.name: _widget(f, lang) for f in self.fields}
        for f in self.fields:
            self.widgets[f.name].add_class(f"wb-{self.kind}-{f.name.replace('.', '-')}")
        self.list = w.HTML()
        self.picker = w.Dropdown(layout=WIDE)
        a11y.name(self.picker, t("editor.pick", lang))
        self.picker.add_class(f"wb-{self.kind}-pick")
        self.save = w.Button(description=t("communities.save", lang), button_style="primary",
                             disabled=not self.editable)
        self.save.add_class(f"wb-{self.kind}-save")
        self.delete = w.Button(description=t("communities.delete", lang), button_style="danger",
                               disabled=True)
        self.delete.add_class(f"wb-{self.kind}-delete")
        self.message = w.HTML()
        self.message.add_class(f"wb-{self.kind}-message")
        self.picker.observe(self._picked, names="value")
        self.save.on_click(self._save)
        self.confirm_delete = TwoStep(self.delete, self._delete,
                                      t("editor.confirm_delete", lang), self._ask_delete)
        self.undo = Undo(self.session, lang, self.message, lambda e: self.refresh(e.id))
        self.labels = {f.name: t(f.label, lang) for f in self.fields}
        self.show_history = w.ToggleButton(description=t("history.title", lang), disabled=True)
        self.show_history.add_class(f"wb-{self.kind}-history")
        self.show_history.observe(lambda _: self._history(), names="value")
        self.history = HistoryPanel(self.session, lang, self.editable, self.labels,
                                    lambda entry: self.refresh(entry.id))
        self.conflict = w.VBox()
        rows = [w.VBox([w.HTML(tag("label", esc(t(f.label, lang)))), self.widgets[f.name]])
                for f in self.fields]
        form = w.VBox([self.picker] + rows + [
            w.HBox([self.save, self.delete, self.show_history]),
            w.HBox([self.message, self.undo.button]), self.conflict,
            self.history.root])
        form.add_class("wb-form")
        self.root = w.VBox([self.list, form])
        self.root.add_class(f"wb-editor-{self.kind}")
        self.key = f"editor-{self.kind}"
        self.tracker = register(self)
        self._pristine, self._loading, self.edited_at = None, False, 0.0
        for box in self.widgets.values():
            box.observe(self._edited, names="value")
            if not self.editable:  # read-only: fields that look read-only, no Save
                (box.list if isinstance(box, PagedPicker) else box).disabled = True
        if not self.editable:
            self.save.layout.display = self.delete.layout.display = "none"
        kept = self.tracker.kept.get(self.key) or {}
        self.refresh(kept.get("selected"))
        self.show_history.value = bool(kept.get("history")) and self.current is not None

    # --- unsaved edits ----------------------------------------------------------------------
    def dirty(self) -> bool:
        return self._pristine is not None and self.payload() != self._pristine

    def _edited(self, _change=None) -> None:
        if not self._loading:
            self.edited_at = time.monotonic()
            self.tracker.changed()

    def state(self):
        return {"selected": self.picker.value or None, "history": self.show_history.value}

    def _history(self) -> None:
        self.history.show(self.current.id if self.current and self.show_history.value
                          else None)

    # --- list -----------------------------------------------------------------------------
    def entries(self) -> list:
        return sorted(self.session.items(self.kind, self.team_id), key=self.sort_key)

    def _cell(self, f: Field, value, labels: dict) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if f.kind == "date":
            return format_date(value, self.lang)
        if f.kind == "bool":
            return "✓" if value else ""
        if f.kind == "lines":
            return ", ".join(value)
        if f.kind in ("choice", "multi"):
            values = value if isinstance(value, list) else [value]
            return ", ".join(str(labels[f.name].get(getattr(v, "value", v), v)) for v in values)
        if f.kind in NUMBER_FORMATS:
            return NUMBER_FORMATS[f.kind](value, self.lang)
        return str(value)

    def _title(self, entry) -> str:
        return title_text(self.kind, self.title_field, getattr(entry.data, self.title_field),
                           self.lang)

    def _list(self) -> list:
        """Draw the list and the picker's options from the store; the entries."""
        entries = self.entries()
        self.by_id = {e.id: e for e in entries}
        listed = [f for f in self.fields if f.listed]
        labels = {f.name: {v: label for label, v in f.choices()} for f in listed
                  if f.kind in ("choice", "multi")}  # once per list, not once per row
        rows = [[esc(self._cell(f, lookup(e.data.model_dump(mode="python"), f.name), labels))
                 for f in listed] for e in entries]
        self.list.value = table([t(f.label, self.lang) for f in listed], rows,
                                f"wb-table wb-{self.kind}-table") if rows else tag(
            "p", esc(t("editor.none", self.lang)), "wb-muted")
        # a reader picks an entry to read; a writer may also start a new one
        new = [(t("editor.new", self.lang), "")] if self.editable else []
        self.picker.unobserve(self._picked, names="value")
        set_options(self.picker, new + [(self._title(e), e.id) for e in entries])
        self.picker.observe(self._picked, names="value")
        return entries

    def refresh(self, selected: str | None = None) -> None:
        entries = self._list()
        first = "" if self.editable else (entries[0].id if entries else None)
        self.picker.unobserve(self._picked, names="value")
        self.picker.value = selected if selected in self.by_id else first
        self.picker.observe(self._picked, names="value")
        self.load(self.by_id.get(self.picker.value))

    def options_changed(self) -> None:
        """Choice fields offer the options of now (a goal added), keeping what is chosen."""
        self._loading = True
        try:
            for f in self.fields:
                if f.kind in ("choice", "multi"):
                    set_options(self.widgets[f.name], f.choices())
        finally:
            self._loading = False

    def update(self) -> bool:
        """A teammate saved (live update, see ``tracking.py``): the list, the picker's and
        the fields' options change in place; the form follows the teammate's new version
        of the entry shown only when the person has no unsaved edits in it (else their
        save merges, or shows a conflict). False while such a change waits."""
        self.options_changed()
        self._list()
        current = self.current
        return follow((current.id, current.version) if current else (None, None), self.by_id,
                      self.dirty() or not quiet(self.edited_at), load=self.load,
                      detach=self._detach, gone=self._gone)

    def _detach(self) -> None:
        """The entry in the form was deleted by a teammate; what is typed stays."""
        self.current = None
        self.delete.disabled = self.show_history.disabled = True
        self.message.value = notice(t("editor.deleted_meanwhile", self.lang), "warning")

    def _gone(self) -> None:
        self.refresh()
        self.message.value = notice(t("editor.deleted_meanwhile_clean", self.lang), "info")

    # --- form -----------------------------------------------------------------------------
    def _picked(self, change) -> None:
        self.load(self.by_id.get(change["new"]))
        self.message.value = ""
        self.undo.hide()

    def load(self, entry, values: dict | None = None) -> None:
        """Fill the form from ``entry`` (None: empty), or from ``values`` for a new item."""
        self.current = entry
        self.confirm_delete.reset()
        self._loading = True
        data = entry.data.model_dump(mode="python") if entry else (values or {})
        for f in self.fields:
            box, value = self.widgets[f.name], lookup(data, f.name)
            if f.kind == "multi":
                allowed = {v for _, v in box.options}
                box.value = tuple(v for v in (value or []) if v in allowed)
            elif f.kind == "choice":
                value = getattr(value, "value", value)
                box.value = value if value in {v for _, v in box.options} else box.options[0][1]
            elif f.kind == "bool":
                box.value = bool(value)
            elif f.kind == "date":
                box.value = value
            elif f.kind == "lines":
                box.value = "\n".join(value or [])
            else:
                box.value = "" if value is None else str(value)
        self.delete.disabled = entry is None or not self.editable
        self.show_history.disabled = entry is None
        self.conflict.children = []
        # a form filled from suggestions (``values``) counts as unsaved
        self._pristine, self._loading = ({} if values else self.payload()), False
        self._history()
        self.tracker.changed(edit=False)

    def payload(self) -> dict:
        out: dict[str, Any] = {}
        for f in self.fields:
            value = self.widgets[f.name].value
            if f.kind == "multi":
                value = list(value)
            elif f.kind == "date":
                value = value.isoformat() if isinstance(value, dt.date) else None
            elif f.kind in NUMBER_FORMATS:
                value = "".join(value.split()).replace(",", ".") or None
            elif f.kind == "lines":
                value = [line.strip() for line in value.splitlines() if line.strip()]
            *parents, last = f.name.split(".")  # "contacts.email": a nested field
            node = out
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
        return out

    def _save(self, _button=None) -> None:
        if self.current is None:
            self._store(lambda: self.session.create(self.kind, self.payload(),
                                                    team_id=self.team_id))
        else:
            self._store(lambda: self.session.save(self.current.id, self.payload(),
                                                  expected_version=self.current.version))

    def _resolved(self, payload: dict, version: int) -> None:
        self._store(lambda: self.session.save(self.current.id, payload,
                                              expected_version=version))

    def _store(self, write: Callable) -> None:
        try:
            saved = write()
        except EditConflict as exc:
            names = self.session.names()
            box = ConflictBox(exc, self.labels, self.lang, names.get(exc.current.author, "?"),
                              self._resolved)
            self.conflict.children = [box.root]
            self.message.value = ""
            return
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.refresh(saved.id)
        self.message.value = notice(t("editor.saved", self.lang,
                                      name=self._title(saved)), "ok")
        self.on_change()

    def _ask_delete(self) -> None:
        self.message.value = notice(t("editor.delete_question", self.lang,
                                      name=self._title(self.current)), "warning")

    def _delete(self) -> None:
        entry = self.current
        try:
            self.session.delete(entry.id, expected_version=entry.version)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.refresh()
        self.message.value = notice(t("editor.deleted", self.lang,
                                      name=self._title(entry)), "ok")
        self.undo.offer(entry.id, entry.version)
        self.on_change()
