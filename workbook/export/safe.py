"""Making exported text safe: spreadsheet formulas and file names (HTML: ``workbook.html``)."""

from __future__ import annotations

import re
import unicodedata

#: A cell starting with one of these could run as a formula in Excel or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula (a leading apostrophe). A text
    that starts with apostrophes before a formula sign gets one more, so reading it back
    (one apostrophe off, ``io/importers``) gives the text as it was."""
    return "'" + text if risky(text.lstrip("'")) else text


def slug(text: str, fallback: str = "meeskond") -> str:
    """A file or folder name: ASCII letters, digits and hyphens (``Rõuge meeskond`` ->
    ``rouge-meeskond``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or fallback

