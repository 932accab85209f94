"""A problem with one value of an imported row or of the form, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geo.coords import localize
from ..i18n import t
from ..messages import field_message

SHOWN = 80  # characters of a value quoted in a message or shown in a preview


def shorten(text, limit: int = SHOWN) -> str:
    """``text`` as shown to a person: at most ``limit`` characters, cut with "…"."""
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: its column, the value as typed, and why."""

    column: str
    value: str
    code: str  # an i18n key (coords.*, import.*) or a model error code (string_too_long)
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """One sentence in ``lang`` naming the value (shortened when it is long)."""
        shown = shorten(self.value)
        params = {k: shorten(v) if isinstance(v, str) else v for k, v in self.params.items()}
        if self.code.startswith(("coords.", "import.")):
            return t(self.code, lang, **localize({**params, "value": shown}, lang))
        label = "assets" if self.column.startswith("assets_") else self.column
        text = field_message(label, self.code, {**params, "input": shown}, lang)
        return f"{text} ({shown})" if shown else text


@dataclass(frozen=True)
class Note:
    """Something a reader changed in a good row, said in the preview: an area imported as
    a point inside it, swapped coordinates put right, L-EST97 converted to WGS84."""

    code: str  # an i18n key (import.note_*)
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t(self.code, lang, **{k: shorten(v) if isinstance(v, str) else v
                                     for k, v in self.params.items()})
