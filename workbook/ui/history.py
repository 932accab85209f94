"""An item's history: who changed what and when; restore an earlier version."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..exceptions import WorkbookError
from ..html import esc, notice, table, tag
from ..i18n import format_date, t
from ..messages import error_message


def changed_fields(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
    return [k for k in after if after.get(k) != before.get(k)]


class HistoryPanel:
    """Opens under an item's form; ``on_restore(entry)`` after a restore."""

    def __init__(self, session, lang: str, editable: bool, labels: dict[str, str],
                 on_restore: Callable):
        self.session, self.lang, self.labels, self.on_restore = session, lang, labels, on_restore
        self.editable = editable
        self.table = w.HTML()
        self.version = w.Dropdown(description=t("history.version", lang))
        self.version.add_class("wb-history-version")
        self.restore = w.Button(description=t("history.restore", lang), disabled=not editable)
        self.restore.add_class("wb-history-restore")
        self.restore.on_click(self._restore)
        self.message = w.HTML()
        self.root = w.VBox([self.table, w.HBox([self.version, self.restore]), self.message])
        self.root.add_class("wb-history")
        self.root.layout.display = "none"
        self.item_id: str | None = None

    def show(self, item_id: str | None) -> None:
        self.item_id = item_id
        self.message.value = ""
        if item_id is None:
            self.root.layout.display = "none"
            return
        lang, names = self.lang, self.session.names()
        versions = self.session.history(item_id)
        rows, before = [], None
        for v in versions:
            data = v.data.model_dump(mode="json")
            what = (t("history.deleted", lang) if v.deleted else
                    t("history.created", lang) if before is None else
                    ", ".join(self.labels.get(k, k) for k in changed_fields(before, data)) or "–")
            when = f"{format_date(v.updated_at.date(), lang)} {v.updated_at:%H:%M}"
            rows.append([esc(v.version), esc(when), esc(names.get(v.author, "?")), esc(what)])
            before = data
        self.table.value = tag("h4", esc(t("history.title", lang))) + table(
            [t("history.version", lang), t("history.when", lang), t("history.who", lang),
             t("history.what", lang)], reversed(rows), "wb-table wb-history-table")
        self.version.options = [(str(v.version), v.version) for v in reversed(versions[:-1])]
        self.restore.disabled = not self.editable or not self.version.options
        self.root.layout.display = "flex"

    def _restore(self, _button=None) -> None:
        try:
            entry = self.session.restore(self.item_id, self.version.value)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.on_restore(entry)
        self.message.value = notice(t("history.restored", self.lang,
                                      version=self.version.value), "ok")
