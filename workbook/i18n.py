"""Translations: one function ``t``, Estonian first, a complete English catalogue.

Catalogues are flat YAML files in ``workbook/locales/``: ``et.yaml`` and ``en.yaml``
plus one pair per area (``import.et.yaml``, ``import.en.yaml``, ...). A test fails
when a key is missing in either, or when code asks for a key that no catalogue has.
Messages use ``str.format`` placeholders. A message that counts something is a mapping
of CLDR plural forms (``one``, ``other``; Babel knows which applies to a number in each
language): ``t(key, lang, count=n)`` picks the form for ``n``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("et", "en")
DEFAULT = "et"
_DIR = Path(__file__).resolve().parent / "locales"
PLURAL = "#"  # "key#one", "key#other": a counted message's forms in the catalogue
DATE_FORMATS = {"et": "dd.MM.yyyy", "en": "d MMM y"}  # CLDR patterns: 22.11.2026, 22 Nov 2026


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(_DIR.glob(f"*{lang}.yaml")):
        if path.name != f"{lang}.yaml" and not path.name.endswith(f".{lang}.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if isinstance(value, dict):  # plural forms; the key alone gives "other"
                merged.update({f"{key}{PLURAL}{form}": str(text) for form, text in value.items()})
                value = value.get("other", "")
            merged[str(key)] = str(value)
    return merged


@cache
def _plural_form(lang: str, count: int) -> str:
    from babel import Locale

    return Locale.parse(lang).plural_form(abs(count))


def language(value: str | None) -> str:
    """A supported language code from user input (anything else: Estonian)."""
    return value if value in LANGUAGES else DEFAULT


def t(key: str, lang: str = DEFAULT, /, **params) -> str:
    """The message ``key`` in ``lang``, with ``params`` filled in."""
    lang = language(lang)
    count = params.get("count")
    if isinstance(count, int) and f"{key}{PLURAL}other" in catalogue(lang):
        key = f"{key}{PLURAL}{_plural_form(lang, count)}"
        if key not in catalogue(lang):
            key = key.rsplit(PLURAL, 1)[0] + f"{PLURAL}other"
    text = catalogue(lang).get(key) or catalogue(DEFAULT).get(key) or key
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT)


def format_date(value: dt.date | dt.datetime | None, lang: str = DEFAULT) -> str:
    """``22.11.2026`` in Estonian, ``22 Nov 2026`` in English; '' for None."""
    from babel.dates import format_date as babel_date

    if value is None:
        return ""
    lang = language(lang)
    return babel_date(value, DATE_FORMATS[lang], locale=lang)


def format_datetime(value: dt.datetime | None, lang: str = DEFAULT) -> str:
    if value is None:
        return ""
    from babel.dates import format_time

    local = value.astimezone() if value.tzinfo else value
    return f"{format_date(local, lang)} {format_time(local, 'HH:mm', locale=language(lang))}"


def _decimal(value: float | int | Decimal, lang: str, digits: int) -> str:
    from babel.numbers import format_decimal  # CLDR: decimal comma, grouped thousands

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=language(lang), decimal_quantization=True)


def format_number(value: float | int | Decimal, lang: str = DEFAULT, digits: int = 0) -> str:
    """A number with ``digits`` decimals: ``1 234,50`` in Estonian, ``1,234.50`` in English."""
    return _decimal(value, lang, digits)


# One rule per kind of number, the same in the app, the report, the slides and the
# spreadsheet (docs/features.md, "Numbers"):
def format_mean(value: float | int | Decimal, lang: str = DEFAULT) -> str:
    """A mean (ratings, phases): one decimal, ``2,5`` / ``2,0``."""
    return _decimal(value, lang, 1)


def format_hours(value: float | int | Decimal, lang: str = DEFAULT) -> str:
    """Hours: one decimal, ``2,5`` / ``10,0``."""
    return _decimal(value, lang, 1)


def format_money(value: float | int | Decimal, lang: str = DEFAULT) -> str:
    """Euros: cents when not whole, ``1 250,50 €`` / ``1 250 €`` (``€1,250.50`` in English)."""
    from babel.numbers import format_currency

    whole = Decimal(str(value)) == Decimal(str(value)).to_integral_value()
    pattern = None
    if whole:
        pattern = "#,##0\xa0¤" if language(lang) == "et" else "¤#,##0"
    return format_currency(value, "EUR", format=pattern, locale=language(lang),
                           currency_digits=not whole)
