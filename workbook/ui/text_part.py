"""One Markdown text field with a preview, saved as its own item.

The collaboration model canvas and the pilot report are made of these, so two
people can fill two parts at once without refusing each other's saves.
"""

from __future__ import annotations

import ipywidgets as w

from ..exceptions import StaleVersion, WorkbookError
from ..i18n import t
from ..markdown import to_html
from ..messages import error_message
from .html import esc, notice, tag


class TextPart:
    def __init__(self, session, team_id: str, kind: str, match: dict, lang: str,
                 editable: bool, title: str, help_text: str = "", field: str = "text"):
        self.session, self.team_id, self.kind, self.match = session, team_id, kind, match
        self.lang, self.field = lang, field
        name = "-".join(str(v) for v in match.values()) or kind
        self.area = w.Textarea(layout=w.Layout(width="98%"), rows=5,
                               disabled=not editable, continuous_update=False)
        self.area.add_class(f"wb-part-{name}")
        self.preview = w.HTML()
        self.preview.add_class("wb-preview")
        self.save = w.Button(description=t("communities.save", lang), button_style="primary",
                             disabled=not editable)
        self.save.add_class(f"wb-part-save-{name}")
        self.message = w.HTML()
        self.message.add_class(f"wb-part-message-{name}")
        self.area.observe(lambda _: self._preview(), names="value")
        self.save.on_click(self._save)
        head = tag("h3", esc(title)) + (tag("p", esc(help_text), "wb-muted") if help_text else "")
        self.root = w.VBox([w.HTML(head), self.area, self.preview,
                            w.HBox([self.save, self.message])])
        self.root.add_class("wb-text-part")
        self.load()

    def _find(self):
        return next((e for e in self.session.items(self.kind, self.team_id)
                     if all(getattr(getattr(e.data, k), "value", getattr(e.data, k)) == v
                            for k, v in self.match.items())), None)

    def load(self) -> None:
        self.current = self._find()
        self.area.value = getattr(self.current.data, self.field) if self.current else ""
        self._preview()

    def _preview(self) -> None:
        html = to_html(self.area.value)
        self.preview.value = tag("div", html, "wb-markdown") if html.strip() else ""

    def _save(self, _button=None) -> None:
        payload = {**self.match, self.field: self.area.value}
        if self.current is None and self._find() is not None:  # a teammate wrote it first
            self.message.value = notice(error_message(StaleVersion(), self.lang), "error")
            return
        try:
            if self.current is None:
                self.current = self.session.create(self.kind, payload, team_id=self.team_id)
            else:
                self.current = self.session.save(self.current.id, payload,
                                                 expected_version=self.current.version)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.message.value = notice(t("editor.saved_part", self.lang), "ok")
