"""User-facing messages for errors, and names of the workbook's sections, in the user's language."""

from __future__ import annotations

import datetime as dt

from .exceptions import ValidationFailed, WorkbookError
from .i18n import format_date, has, t
from .model import Section


def field_message(field: str, code: str, params: dict, lang: str) -> str:
    key = f"validation.{code}" if has(f"validation.{code}") else "validation.invalid"
    name = field.split(".")[0]
    label_key = "field.entry" if name == "*" else f"field.{name}"
    label = t(label_key, lang) if has(label_key) else t("field.entry", lang)
    return t("validation.field", lang, field=label, message=t(key, lang, **params))


def error_message(exc: WorkbookError, lang: str) -> str:
    """One paragraph saying what went wrong; field by field for invalid forms."""
    text = t(exc.code, lang, message=str(exc), **exc.params_for(lang))
    if isinstance(exc, ValidationFailed) and exc.errors:
        text += " " + "; ".join(field_message(f, c, p, lang) for f, c, p in exc.errors)
    return text


def section_title(section: Section, lang: str) -> str:
    """``I Kogukondade kaardistamine`` ... ``V Visioon ja tegevuskava``; the pilot unnumbered."""
    title = t(f"section.{section.value}", lang)
    return f"{section.numeral} {title}" if section.numeral else title


def title_text(kind: str, field: str, value, lang: str) -> str:
    """An item's title field as a person reads it: a date in their format, a model or
    pilot part by its name (``model.part.aims``), a choice by its value."""
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date(value, lang)
    if field == "part":
        return t(f"{kind.removesuffix('_part')}.part.{getattr(value, 'value', value)}", lang)
    return str(getattr(value, "value", value))
