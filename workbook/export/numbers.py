"""Numbers of a kind in the export tables: hours, means and euros.

A cell stays a number (the spreadsheet gets a real numeric cell); its kind says how
it is written, by the same rule as in the app (docs/features.md, "Numbers"): means and hours
with one decimal, euros with cents only when not whole.
"""

from __future__ import annotations

from decimal import Decimal

from ..i18n import format_hours, format_mean, format_money, language


class Kinded(Decimal):
    """A number that knows how it is written; arithmetic gives plain Decimals."""

    @classmethod
    def of(cls, value):
        """``value`` as this kind (None stays None; floats by their shortest text)."""
        if value is None:
            return None
        return cls(str(value) if isinstance(value, float) else value)

    def digits(self) -> int:
        return 1

    def text(self, lang: str) -> str:
        raise NotImplementedError

    def excel_format(self, lang: str) -> str:
        return "0.0"


class Hours(Kinded):
    def text(self, lang: str) -> str:
        return format_hours(self, lang)


class Mean(Kinded):
    def text(self, lang: str) -> str:
        return format_mean(self, lang)


class Money(Kinded):
    def digits(self) -> int:
        return 0 if self == self.to_integral_value() else 2

    def text(self, lang: str) -> str:
        return format_money(self, lang)

    def excel_format(self, lang: str) -> str:
        number = "#,##0" + (".00" if self.digits() else "")  # Excel: 1 250,50 € / 1 250 €
        return f'{number} "€"' if language(lang) == "et" else f'"€"{number}'


def plain_number(value: float | int | Decimal, lang: str) -> str:
    """A number for a CSV cell: no thousands separator (Excel must parse it), the decimal
    comma in Estonian, the kind's digits (other numbers: as many as they have)."""
    from babel.numbers import format_decimal

    if isinstance(value, Kinded):
        pattern = "0" + ("." + "0" * value.digits() if value.digits() else "")
    else:
        pattern = "0.##########"
    return format_decimal(value, format=pattern, locale=language(lang),
                          decimal_quantization=True)
