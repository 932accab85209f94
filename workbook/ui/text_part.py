"""One Markdown text field with a preview, saved as its own item.

The collaboration model canvas and the pilot report are made of these, so two
people can fill two parts at once without refusing each other's saves.
"""

from __future__ import annotations

import time

import ipywidgets as w

from ..exceptions import EditConflict, WorkbookError
from ..html import esc, notice, tag
from ..i18n import t
from ..markdown import to_html
from ..messages import error_message
from ..service.merge import FieldConflict
from .conflict import ConflictBox
from .history import HistoryPanel
from .tracking import quiet, register


class TextPart:
    def __init__(self, session, team_id: str, kind: str, match: dict, lang: str,
                 editable: bool, title: str, help_text: str = "", field: str = "text"):
        self.session, self.team_id, self.kind, self.match = session, team_id, kind, match
        self.lang, self.field = lang, field
        name = "-".join(str(v) for v in match.values()) or kind
        self.area = w.Textarea(layout=w.Layout(width="98%"), rows=5, disabled=not editable)
        self.area.add_class(f"wb-part-{name}")
        self.preview = w.HTML()
        self.preview.add_class("wb-preview")
        self.save = w.Button(description=t("communities.save", lang), button_style="primary",
                             disabled=not editable)
        self.save.add_class(f"wb-part-save-{name}")
        self.message = w.HTML()
        self.message.add_class(f"wb-part-message-{name}")
        self.area.observe(lambda _: self._edited(), names="value")
        self.save.on_click(self._save)
        self.show_history = w.ToggleButton(description=t("history.title", lang))
        self.show_history.add_class(f"wb-part-history-{name}")
        self.show_history.observe(lambda _: self._history(), names="value")
        self.history = HistoryPanel(session, lang, editable, {field: title}, self._restored)
        self.conflict = w.VBox()
        head = tag("h3", esc(title)) + (tag("p", esc(help_text), "wb-muted") if help_text else "")
        self.root = w.VBox([w.HTML(head), self.area, self.preview,
                            w.HBox([self.save, self.show_history, self.message]),
                            self.conflict, self.history.root])
        self.root.add_class("wb-text-part")
        self.key, self.title = f"part-{kind}-{name}", title
        self.tracker = register(self)
        self._loading, self.edited_at = False, 0.0
        self.load()
        self.show_history.value = bool((self.tracker.kept.get(self.key) or {}).get("history"))

    def dirty(self) -> bool:
        return self.area.value != self._pristine

    def state(self):
        return {"history": self.show_history.value}

    def _edited(self) -> None:
        self._preview()
        if not self._loading:
            self.edited_at = time.monotonic()
            self.tracker.changed()

    def _history(self) -> None:
        self.history.show(self.current.id if self.current and self.show_history.value
                          else None)

    def _restored(self, entry) -> None:
        self.load()

    def _find(self):
        return next((e for e in self.session.items(self.kind, self.team_id)
                     if all(getattr(getattr(e.data, k), "value", getattr(e.data, k)) == v
                            for k, v in self.match.items())), None)

    def load(self) -> None:
        self.current = self._find()
        self._pristine = getattr(self.current.data, self.field) if self.current else ""
        self._loading = True
        self.area.value = self._pristine
        self._loading = False
        self.conflict.children = []
        self._preview()
        self._history()
        self.tracker.changed(edit=False)

    def update(self) -> bool:
        """A teammate saved (live update): show their new text unless the person has
        unsaved edits here (their save then merges or shows a conflict). False while
        waiting for those edits."""
        now = self._find()
        if (getattr(now, "version", None), getattr(now, "id", None)) == (
                getattr(self.current, "version", None), getattr(self.current, "id", None)):
            return True
        if self.dirty() or not quiet(self.edited_at):
            return False
        self.load()
        return True

    def _preview(self) -> None:
        html = to_html(self.area.value)
        self.preview.value = tag("div", html, "wb-markdown") if html.strip() else ""

    def _save(self, _button=None) -> None:
        payload = {**self.match, self.field: self.area.value}
        if self.current is None:
            first = self._find()
            if first is not None:  # a teammate wrote this part first: choose or combine
                self.current = first
                theirs = getattr(first.data, self.field)
                if theirs != self.area.value:
                    self._conflict(EditConflict(
                        conflicts=[FieldConflict(self.field, "", self.area.value, theirs)],
                        merged=first.data.model_dump(mode="json"), current=first))
                    return
            self._store(lambda: self.session.create(self.kind, payload, team_id=self.team_id))
        else:
            self._store(lambda: self.session.save(self.current.id, payload,
                                                  expected_version=self.current.version))

    def _conflict(self, exc: EditConflict) -> None:
        author = self.session.names().get(exc.current.author, "?")
        box = ConflictBox(exc, {self.field: self.title}, self.lang, author, self._resolved)
        self.conflict.children = [box.root]
        self.message.value = ""

    def _resolved(self, payload: dict, version: int) -> None:
        self._loading = True
        self.area.value = payload[self.field]
        self._loading = False
        self._store(lambda: self.session.save(self.current.id, payload,
                                              expected_version=version))

    def _store(self, write) -> None:
        try:
            self.current = write()
        except EditConflict as exc:
            self._conflict(exc)
            return
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self._pristine = getattr(self.current.data, self.field)
        self.conflict.children = []
        self._history()
        self.tracker.changed(edit=False)
        self.message.value = notice(t("editor.saved_part", self.lang), "ok")
