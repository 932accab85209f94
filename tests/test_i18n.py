import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from workbook import i18n
from workbook.exceptions import ValidationFailed
from workbook.messages import error_message
from workbook.model import Section

PACKAGE = Path(i18n.__file__).parent
KEY_CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.{}]+)["']""")


def test_both_catalogues_have_the_same_keys():
    et, en = i18n.catalogue("et"), i18n.catalogue("en")
    assert set(et) - set(en) == set(), "missing in English"
    assert set(en) - set(et) == set(), "missing in Estonian"


def test_placeholders_match_between_languages():
    et, en = i18n.catalogue("et"), i18n.catalogue("en")
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in et if fields(et[k]) != fields(en[k])} == set()


def test_every_key_used_in_code_exists():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    # f-string keys like "section.{section.value}": expand over their enum values
    expanded = set()
    for key in used:
        if "{" in key:
            prefix = key.split("{")[0]
            assert any(k.startswith(prefix) for k in i18n.catalogue("et")), key
        else:
            expanded.add(key)
    assert {k for k in expanded if not i18n.has(k)} == set()
    for section in Section:
        assert i18n.has(f"section.{section.value}") and i18n.has(f"nav.{section.value}")


def test_estonian_dates_and_numbers():
    assert i18n.format_date(dt.date(2026, 11, 22), "et") == "22.11.2026"
    assert i18n.format_date(dt.date(2026, 11, 22), "en") == "22 Nov 2026"
    assert i18n.format_number(Decimal("1234.5"), "et", 2) == "1\xa0234,50"
    assert i18n.format_number(1234.5, "en", 1) == "1,234.5"


def test_unknown_language_falls_back_to_estonian():
    assert i18n.language("fi") == "et"
    assert i18n.t("home.title", "xx") == "Avaleht"


def test_validation_messages_in_both_languages():
    exc = ValidationFailed("x", errors=[("budget_eur", "greater_than_equal", {"ge": "0"})])
    assert "vähemalt 0" in error_message(exc, "et")
    assert "at least 0" in error_message(exc, "en")


def test_area_catalogues_come_in_pairs_and_never_redefine_a_key():
    import yaml

    folder = PACKAGE / "locales"
    for lang, other in (("et", "en"), ("en", "et")):
        seen: dict[str, str] = {}
        for path in sorted(folder.glob(f"*{lang}.yaml")):
            if path.name != f"{lang}.yaml":
                assert (folder / path.name.replace(f".{lang}.", f".{other}.")).exists()
            for key in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
                assert key not in seen, f"{key} in both {seen.get(key)} and {path.name}"
                seen[key] = path.name


@pytest.mark.parametrize("lang, mean, hours, money, cents", [
    ("et", "2,5", "10,5", "1\xa0250\xa0€", "1\xa0250,50\xa0€"),
    ("en", "2.5", "10.5", "€1,250", "€1,250.50"),
])
def test_one_rule_per_kind_of_number(lang, mean, hours, money, cents):
    assert i18n.format_mean(2.5, lang) == mean and i18n.format_mean(2, lang)[-2:] in (",0", ".0")
    assert i18n.format_hours(Decimal("10.5"), lang) == hours
    assert i18n.format_money(Decimal("1250"), lang) == money
    assert i18n.format_money(Decimal("1250.50"), lang) == cents


@pytest.mark.parametrize("lang,count,expected", [
    ("et", 1, "1 liige"), ("et", 2, "2 liiget"), ("et", 21, "21 liiget"), ("et", 0, "0 liiget"),
    ("en", 1, "1 member"), ("en", 2, "2 members"), ("en", 0, "0 members")])
def test_counted_messages_take_the_languages_plural_form(lang, count, expected):
    """Babel's CLDR rules pick the form: no "esindaja(t)" or "member(s)" is shown."""
    assert i18n.t("home.members_count", lang, count=count) == expected


def test_every_counted_message_has_the_same_forms_in_both_languages():
    et, en = i18n.catalogue("et"), i18n.catalogue("en")
    forms = {k for k in et if i18n.PLURAL in k}
    assert forms and forms == {k for k in en if i18n.PLURAL in k}
    for lang in ("et", "en"):
        shown = " ".join(i18n.catalogue(lang).values())
        assert "(t)" not in shown and "(s)" not in shown


def test_dates_follow_the_language():
    day = dt.datetime(2027, 9, 2, 8, 5)
    assert i18n.format_date(day, "et") == "02.09.2027"
    assert i18n.format_date(day, "en") == "2 Sep 2027"
    assert i18n.format_datetime(day, "et") == "02.09.2027 08:05"
