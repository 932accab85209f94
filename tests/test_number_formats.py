"""Means, hours and euros keep their decimals everywhere they are shown
(docs/features.md, "Numbers").

Pages are built in-process on the real store (SQLite, or PostgreSQL with
KOOSLOOME_TEST_PG) and their visible text is checked; the spreadsheet is read back
with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from workbook import export, phases
from workbook.export.numbers import Hours, Mean, Money, plain_number
from workbook.geo.coords import format_point
from workbook.model.sections import Round
from workbook.ui import phases as phases_page
from workbook.ui import pilot_page, plan_page
from workbook.ui.context import PageContext

ANNE, PEETER = "Anne Vallasekretär", "Peeter Pärn"
NBSP = "\xa0"
RATINGS = {"leadership": 3, "participation": 2, "organisations": 3, "resources": 2,
           "cooperation": 4, "belonging": 3}


def ctx_for(cohort, name=ANNE, lang="et"):
    return PageContext(key="k" * 32, lang=lang, session=cohort.login(name))


def karla_of(session, team_id):
    return next(c.id for c in session.items("community", team_id)
                if c.data.name == "Kärla alevik")


# --- phases: the consensus table's means and how the overall phase is derived -------------

@pytest.mark.parametrize("lang, mean, rule", [
    ("et", "2,5", "(mõõtmete keskmine, ümardatud alla: 2,8 → 2)"),
    ("en", "2.5", "(the mean of the dimensions, rounded down: 2.8 → 2)"),
])
def test_the_consensus_table_shows_a_mean_of_two_and_a_half(cohort, lang, mean, rule):
    anne, peeter = cohort.login(ANNE), cohort.login(PEETER)
    team_id = anne.actor.team_id
    karla = karla_of(anne, team_id)
    for session, leadership in ((anne, 2), (peeter, 3)):  # mean 2.5
        phases.save_ratings(session, team_id, karla, Round.baseline,
                            {**RATINGS, "leadership": leadership}, submit=True, current=None)
    phases.save_consensus(anne, team_id, karla, Round.baseline, RATINGS, "", [], current=None)
    ctx = ctx_for(cohort, lang=lang)
    page = phases_page.PhasesPage(ctx, team_id)
    page.community.value = karla
    page.refresh()
    html = page.consensus_table.value
    assert f"<td>{mean}</td>" in html  # leadership: (2 + 3) / 2
    assert rule in html  # agreed 17 / 6 = 2.83 -> phase 2, said next to the figure


# --- pilot: the mentoring log's hours and their total ------------------------------------

@pytest.mark.parametrize("lang, hours, total", [
    ("et", "2,5", "Kasutatud 10,5 / 16,0 tundi"),
    ("en", "2.5", "10.5 of 16.0 hours used"),
])
def test_the_mentoring_log_shows_half_hours(cohort, lang, hours, total):
    ctx = ctx_for(cohort, "Mart Mentor", lang)
    team = cohort.teams["Saaremaa meeskond"]
    ctx.params["team"] = team
    page = pilot_page.PilotPage(ctx, team)
    editor = page.mentoring.editor
    for day, value in ((1, "2,5"), (2, "8")):
        editor.load(None)
        editor.widgets["date"].value = dt.date(2027, 2, day)
        editor.widgets["hours"].value = value
        editor.save.click()
    assert f"<td>{hours}</td>" in editor.list.value
    assert total in page.mentoring.hours.value


# --- plan: budgets in the activity list and the total ------------------------------------

@pytest.mark.parametrize("lang, budget, shown", [
    ("et", "1250.50", f"1{NBSP}250,50{NBSP}€"),
    ("et", "1250", f"1{NBSP}250{NBSP}€"),
    ("en", "1250.50", "€1,250.50"),
    ("en", "1250", "€1,250"),
])
def test_the_plan_shows_cents_only_when_not_whole(cohort, lang, budget, shown):
    ctx = ctx_for(cohort, lang=lang)
    page = plan_page.PlanPage(ctx, ctx.team_id())
    editor = page.activities
    editor.widgets["title"].value = "Külapäev"
    editor.widgets["budget_eur"].value = budget
    editor.save.click()
    assert f"<td>{shown}</td>" in editor.list.value
    assert f" {shown}." in page.summary.value  # the total: one activity


# --- exports: numeric XLSX cells with a format, the CSV's decimal comma ------------------

@pytest.fixture
def numbers_team(cohort):
    anne = cohort.login(ANNE)
    team_id = anne.actor.team_id
    anne.create("mentoring_session", {"date": "2027-01-10", "hours": "2.5"}, team_id=team_id)
    for title, budget in (("A", "1250.50"), ("B", "1250")):
        anne.create("activity", {"title": title, "budget_eur": budget}, team_id=team_id)
    return cohort, team_id


def cells_of(book) -> list:
    return [c for ws in book for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("value, number_format", [
    (2.5, "0.0"),  # the mentoring session's hours
    (1250.5, '#,##0.00 "€"'),
    (1250, '#,##0 "€"'),
])
def test_xlsx_numbers_are_numeric_cells_with_a_format(numbers_team, value, number_format):
    cohort, team_id = numbers_team
    raw = next(iter(export.team_files(cohort.admin, team_id, formats=["xlsx"]).values()))
    book = openpyxl.load_workbook(io.BytesIO(raw))
    found = [c for c in cells_of(book) if c.value == value and c.data_type == "n"]
    assert found and {c.number_format for c in found} == {number_format}


@pytest.mark.parametrize("value, lang, text", [
    (Hours.of(Decimal("2.5")), "et", "2,5"),
    (Hours.of(Decimal("2")), "et", "2,0"),
    (Hours.of(Decimal("2.5")), "en", "2.5"),
    (Mean.of(2.5), "et", "2,5"),
    (Money.of(Decimal("1250.50")), "et", "1250,50"),  # no thousands separator in CSV
    (Money.of(Decimal("1250")), "et", "1250"),
    (58.37, "et", "58,37"),  # other numbers keep their digits
    (26.9, "en", "26.9"),
])
def test_csv_numbers_use_the_language_s_decimal_mark(value, lang, text):
    assert plain_number(value, lang) == text


def test_the_communities_csv_has_the_decimal_comma(numbers_team):
    cohort, team_id = numbers_team
    anne = cohort.login(ANNE)
    anne.create("community", {"name": "Kolm küla", "kind": "organisation",
                              "location": {"lat": 58.25, "lon": 22.5}}, team_id=team_id)
    raw = export.team_files(anne, team_id, formats=["csv"])["kogukonnad.csv"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[0] == "Kolm küla")
    assert row[3:5] == ["58,25", "22,5"]


@pytest.mark.parametrize("lang, text", [("et", "58,33370, 22,25560"),
                                        ("en", "58.33370, 22.25560")])
def test_a_point_is_written_with_the_language_s_decimal_mark(lang, text):
    assert format_point(58.3337, 22.2556, lang) == text
