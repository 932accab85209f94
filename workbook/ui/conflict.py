"""A same-field conflict: both values side by side, keep one or combine them.

Shown when a save raises EditConflict. Nothing is written until the person
chooses; the choice is saved over the teammate's version, so every version stays
in the item's history.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..exceptions import EditConflict
from ..html import esc, tag
from ..i18n import t
from ..service.merge import apply_choices


def shown(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ConflictBox:
    def __init__(self, exc: EditConflict, labels: dict[str, str], lang: str,
                 author: str, on_save: Callable[[dict, int], None]):
        self.exc, self.on_save = exc, on_save
        self.pickers: dict[str, tuple[w.RadioButtons, w.Textarea | None]] = {}
        rows: list[w.Widget] = [w.HTML(tag("p", esc(t("conflict.intro", lang, author=author)),
                                           "wb-notice wb-notice-warning"))]
        for c in exc.conflicts:
            label = labels.get(c.path) or labels.get(c.path.split(".")[0]) or c.path
            sides = tag("div", tag("div", tag("strong", esc(t("conflict.mine", lang)))
                                   + tag("div", esc(shown(c.mine)), "wb-conflict-mine"),
                                   "wb-conflict-side")
                        + tag("div", tag("strong", esc(t("conflict.theirs", lang,
                                                         author=author)))
                              + tag("div", esc(shown(c.theirs)), "wb-conflict-theirs"),
                              "wb-conflict-side"), "wb-conflict-sides")
            options = [(t("conflict.keep_mine", lang), "mine"),
                       (t("conflict.keep_theirs", lang), "theirs")]
            combined = None
            if isinstance(c.mine, str) and isinstance(c.theirs, str):
                options.append((t("conflict.combine", lang), "combine"))
                combined = w.Textarea(value=f"{c.mine}\n{c.theirs}",
                                      layout=w.Layout(width="98%"), rows=3)
                combined.add_class("wb-conflict-combined")
            pick = w.RadioButtons(options=options, value="mine")
            pick.add_class("wb-conflict-pick")
            self.pickers[c.path] = (pick, combined)
            rows += [w.HTML(tag("h4", esc(label)) + sides), pick]
            if combined is not None:
                rows.append(combined)
        self.save = w.Button(description=t("conflict.save", lang), button_style="warning")
        self.save.add_class("wb-conflict-save")
        self.save.on_click(self._save)
        self.root = w.VBox(rows + [self.save])
        self.root.add_class("wb-conflict")

    def choices(self) -> dict:
        out = {}
        for c in self.exc.conflicts:
            pick, combined = self.pickers[c.path]
            out[c.path] = {"mine": c.mine, "theirs": c.theirs}.get(
                pick.value, combined.value if combined is not None else c.mine)
        return out

    def _save(self, _button=None) -> None:
        self.on_save(apply_choices(self.exc.merged, self.choices()), self.exc.current.version)
