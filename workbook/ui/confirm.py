"""Actions that cannot be taken back by just typing again: asked twice, and undone.

``TwoStep`` makes a button ask before it acts: the first click turns it into
"Kinnita: …" and says what will happen; the second acts; anything else (another item
chosen, the other button) leaves things as they were. ``Undo`` is the button shown
after a delete, which brings the item back as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..exceptions import WorkbookError
from ..html import notice
from ..i18n import t
from ..messages import error_message


class TwoStep:
    def __init__(self, button: w.Button, action: Callable[[], None], confirm: str,
                 ask: Callable[[], None] = lambda: None):
        self.button, self.action, self.confirm, self.ask = button, action, confirm, ask
        self.label, self.armed = button.description, False
        button.on_click(self._clicked)

    def _clicked(self, _button=None) -> None:
        if self.armed:
            self.reset()
            self.action()
        else:
            self.armed = True
            self.button.description = self.confirm
            self.button.add_class("wb-confirming")
            self.ask()

    def reset(self) -> None:
        """Back to the first step (another item was chosen, or the form reloaded)."""
        self.armed = False
        self.button.description = self.label
        self.button.remove_class("wb-confirming")


class Undo:
    """"Võta tagasi" after a delete: restores the deleted item's last version."""

    def __init__(self, session, lang: str, message: w.HTML, on_restored: Callable):
        self.session, self.lang = session, lang
        self.message, self.on_restored = message, on_restored
        self.item: tuple[str, int] | None = None
        self.button = w.Button(description=t("editor.undo", lang), icon="undo",
                               layout=w.Layout(display="none", width="auto"))
        self.button.add_class("wb-undo")
        self.button.on_click(self._undo)

    def offer(self, item_id: str, version: int) -> None:
        self.item = (item_id, version)
        self.button.layout.display = None

    def hide(self) -> None:
        self.item = None
        self.button.layout.display = "none"

    def _undo(self, _button=None) -> None:
        if self.item is None:
            return
        item_id, version = self.item
        try:
            entry = self.session.restore(item_id, version)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.hide()
        self.on_restored(entry)
        self.message.value = notice(t("editor.restored", self.lang), "ok")
