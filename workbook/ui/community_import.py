"""Import communities from a file: upload, preview row by row, confirm.

Values are shown shortened (``problems.shorten``), and the preview says when the
file would take the team's workbook past its community limit: the confirm button
then offers only the rows there is room for. Each good row shows the point that
will be saved, as the app writes points (``format_point``), and what reading
changed (an area or a line made a point, swapped coordinates, L-EST97 converted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from .. import communities
from ..exceptions import WorkbookError
from ..geo.coords import format_point
from ..html import esc, notice, table, tag
from ..i18n import format_number, has, t
from ..io.problems import shorten
from ..messages import error_message

if TYPE_CHECKING:
    from ..io.importers.preview import GoodRow, Preview

ACCEPT = ".csv,.txt,.xlsx,.geojson,.json,.kml"


def _column_label(column: str, lang: str) -> str:
    key = (f"asset.{column.removeprefix('assets_')}" if column.startswith("assets_")
           else f"field.{column}")
    return t(key, lang) if has(key) else column


def _escaped(rows) -> list[list[str]]:
    return [[esc(cell) for cell in row] for row in rows]


class ImportPanel:
    found: Preview | None  # the uploaded file's rows, None until one was read

    def __init__(self, session, team_id: str, lang: str, on_done: Callable[[int], None],
                 geo=None):
        self.session, self.team_id, self.lang, self.on_done = session, team_id, lang, on_done
        self.geo = geo
        self.found, self.filename = None, ""
        self.upload = w.FileUpload(accept=ACCEPT, multiple=False,
                                   description=t("upload.choose", lang))
        self.upload.add_class("wb-upload")
        self.result = w.HTML()
        self.result.add_class("wb-import-result")
        self.duplicates = w.Checkbox(description=t("upload.include_duplicates", lang),
                                     value=False, indent=False, layout=w.Layout(display="none"))
        self.confirm = w.Button(description=t("upload.confirm", lang), button_style="primary",
                                layout=w.Layout(display="none"))
        self.confirm.add_class("wb-import-confirm")
        self.upload.observe(self._uploaded, names="value")
        self.duplicates.observe(lambda _change: self._show_found(), names="value")
        self.confirm.on_click(self._confirm)
        help_text = w.HTML(tag("p", esc(t("upload.help", lang)), "wb-muted"))
        self.root = w.VBox([help_text, self.upload, self.result, self.duplicates, self.confirm])
        self.root.add_class("wb-import")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.confirm.layout.display = self.duplicates.layout.display = "none"
        try:
            self.found = communities.import_preview(self.session, self.team_id, upload["name"],
                                                    bytes(upload["content"]), self.geo)
        except WorkbookError as exc:
            self.found = None
            self.result.value = notice(error_message(exc, self.lang), "error")
            return
        self.filename = upload["name"]
        self._show_found()
        if any(g.duplicate_of for g in self.found.good):
            self.duplicates.layout.display = ""

    def _show_found(self) -> None:
        """The preview, the limit note and the confirm button, for the checkbox's choice."""
        if self.found is None:
            return
        found, lang, duplicates = self.found, self.lang, self.duplicates.value
        count = len(found.to_create(duplicates))
        self.result.value = self._limit_note(duplicates) + self._preview_html(self.filename)
        self.confirm.layout.display = "" if count else "none"
        self.confirm.description = t("upload.confirm_count", lang, count=count)

    def _limit_note(self, duplicates: bool) -> str:
        found = self.found
        assert found is not None  # called by _show_found, which has a preview
        if not found.over_limit(duplicates):
            return ""
        numbers = {"existing": found.existing, "limit": found.limit, "room": found.room,
                   "left": len(found.wanted(duplicates)) - found.room}
        params = {k: format_number(v, self.lang) for k, v in numbers.items()}
        key = "import.team_limit" if found.room else "import.team_full"
        return tag("div", notice(t(key, self.lang, **params), "warning"), "wb-import-limit")

    def _preview_html(self, filename: str) -> str:
        lang, found = self.lang, self.found
        assert found is not None  # called by _show_found, which has a preview
        html = tag("p", esc(t("upload.summary", lang, file=shorten(filename),
                              good=len(found.good), bad=len(found.bad))))
        if found.good:
            rows = [(g.number, shorten(g.payload["name"]), self._point(g), self._status(g))
                    for g in found.good]
            html += table([t("upload.row", lang), t("field.name", lang),
                           t("import.location", lang), t("upload.status", lang)],
                          _escaped(rows), "wb-table wb-import-good")
        if found.bad:
            rows = [(b.number, _column_label(p.column, lang), shorten(p.value), p.message(lang))
                    for b in found.bad for p in b.problems]
            html += tag("h4", esc(t("upload.bad_rows", lang))) + table(
                [t("upload.row", lang), t("upload.column", lang), t("upload.value", lang),
                 t("upload.problem", lang)], _escaped(rows), "wb-table wb-import-bad")
        return html

    def _point(self, good: GoodRow) -> str:
        point = good.point
        return format_point(*point, self.lang) if point else t("import.no_location", self.lang)

    def _status(self, good) -> str:
        """Fine or a likely duplicate, then what reading changed."""
        lang = self.lang
        status = (t("upload.duplicate_of", lang, other=shorten(good.duplicate_of))
                  if good.duplicate_of else t("upload.ok", lang))
        return "; ".join([status, *(note.message(lang) for note in good.notes)])

    def _confirm(self, _button=None) -> None:
        if self.found is None:
            return
        try:
            made = communities.import_confirm(self.session, self.team_id, self.found,
                                              include_duplicates=self.duplicates.value)
        except WorkbookError as exc:
            self.result.value += notice(error_message(exc, self.lang), "error")
            return
        skipped = len(self.found.bad) + len(self.found.good) - len(made)
        self.result.value = notice(t("upload.done", self.lang, count=len(made),
                                     skipped=skipped), "ok")
        self.found = None
        self.confirm.layout.display = self.duplicates.layout.display = "none"
        self.on_done(len(made))
