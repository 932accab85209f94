"""A problem with one value of an imported row or of the form, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geo.coords import localize
from ..i18n import t
from ..messages import field_message

SHOWN = 60  # characters of a value quoted in a message


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: its column, the value as typed, and why."""

    column: str
    value: str
    code: str  # an i18n key (coords.*, import.*) or a model error code (string_too_long)
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """One sentence in ``lang`` naming the value (shortened when it is long)."""
        shown = self.value if len(self.value) <= SHOWN else self.value[:SHOWN] + "…"
        if self.code.startswith(("coords.", "import.")):
            return t(self.code, lang, **localize({**self.params, "value": shown}, lang))
        label = "assets" if self.column.startswith("assets_") else self.column
        text = field_message(label, self.code, {**self.params, "input": shown}, lang)
        return f"{text} ({shown})" if shown else text
