"""Workshops IV–V and the pilot: logic and the pages' widgets driven without a browser."""

import datetime as dt
from decimal import Decimal

import pytest

from workbook import plan
from workbook.exceptions import MissingReference, ValidationFailed
from workbook.markdown import to_html
from workbook.ui import model_page, pilot_page, plan_page
from workbook.ui.context import PageContext


def ctx_for(cohort, name="Anne Vallasekretär", lang="et"):
    return PageContext(key="k" * 32, lang=lang, session=cohort.login(name))


def test_markdown_preview_escapes_raw_html():
    html = to_html("**Eesmärk** <script>alert(1)</script>\n\n- üks\n- kaks")
    assert "<strong>Eesmärk</strong>" in html and "<script>" not in html
    assert "&lt;script&gt;" in html and "<li>kaks</li>" in html


def test_model_parts_save_independently(cohort):
    anne_ctx, peeter_ctx = ctx_for(cohort), ctx_for(cohort, "Peeter Pärn")
    team = anne_ctx.team_id()
    anne_parts = model_page.ModelPage(anne_ctx, team).parts
    peeter_parts = model_page.ModelPage(peeter_ctx, team).parts
    anne_parts["aims"].area.value = "Ühine eesmärk"
    peeter_parts["principles"].area.value = "Usaldus"
    anne_parts["aims"].save.click()
    peeter_parts["principles"].save.click()  # another part: not refused
    assert "Salvestatud" in anne_parts["aims"].message.value
    assert "Salvestatud" in peeter_parts["principles"].message.value
    texts = {e.data.part.value: e.data.text for e in anne_ctx.session.items("model_part", team)}
    assert texts == {"aims": "Ühine eesmärk", "principles": "Usaldus"}
    peeter_parts["aims"].area.value = "Teine tekst"  # the same part, from an old version
    peeter_parts["aims"].save.click()
    conflict = peeter_parts["aims"].conflict.children[0]  # both values, side by side
    assert "Teine tekst" in conflict.children[1].value
    assert "Ühine eesmärk" in conflict.children[1].value
    assert peeter_parts["aims"].area.value == "Teine tekst"  # kept
    conflict.children[2].value = "combine"  # keep mine / take theirs / combine
    conflict.children[-1].click()
    texts = {e.data.part.value: e.data.text for e in anne_ctx.session.items("model_part", team)}
    assert texts["aims"] == "Teine tekst\nÜhine eesmärk"


@pytest.fixture
def anne(cohort):
    return cohort.login("Anne Vallasekretär")


def test_activity_validation_and_references(anne, cohort):
    team = anne.actor.team_id
    with pytest.raises(ValidationFailed) as info:
        anne.create("activity", {"title": "X", "start": "2026-12-10", "end": "2026-12-01"},
                    team_id=team)
    assert info.value.errors[0][1] == "end_before_start"
    for budget in ("-5", "99999999"):
        with pytest.raises(ValidationFailed):
            anne.create("activity", {"title": "X", "budget_eur": budget}, team_id=team)
    karla = next(c for c in anne.items("community", team) if c.data.name == "Kärla alevik")
    anne.delete(karla.id, expected_version=karla.version)
    with pytest.raises(MissingReference):
        anne.create("activity", {"title": "X", "community_ids": [karla.id]}, team_id=team)


def test_hours_and_budget_totals(anne, cohort):
    team = anne.actor.team_id
    for hours in ("6", "7.5", "3"):
        anne.create("mentoring_session", {"date": "2027-01-10", "hours": hours}, team_id=team)
    with pytest.raises(ValidationFailed):
        anne.create("mentoring_session", {"date": "2027-01-10", "hours": "-1"}, team_id=team)
    with pytest.raises(ValidationFailed):
        anne.create("mentoring_session", {"date": "2027-01-10", "hours": "40"}, team_id=team)
    assert plan.hours_used(anne.items("mentoring_session", team)) == Decimal("16.5")
    anne.create("activity", {"title": "A", "budget_eur": "1200.50"}, team_id=team)
    anne.create("activity", {"title": "B", "budget_eur": "300", "status": "dropped"},
                team_id=team)
    assert plan.budget_total(anne.items("activity", team)) == Decimal("1200.50")


def test_far_dates_are_warned_about(anne):
    window = plan.programme_window(anne)
    assert window[0] < dt.date(2026, 9, 10) and window[1] > dt.date(2027, 4, 15)
    assert plan.date_warnings(dt.date(2026, 12, 1), None, window) == []
    [(key, params)] = plan.date_warnings(dt.date(2031, 1, 1), None, window)
    assert key == "plan.date_far" and params["date"] == dt.date(2031, 1, 1)


def test_proposed_activities_come_from_chosen_interventions(anne):
    from workbook import phases
    from workbook.model.sections import Round

    team = anne.actor.team_id
    karla = next(c for c in anne.items("community", team) if c.data.name == "Kärla alevik")
    phases.save_consensus(anne, team, karla.id, Round.baseline, {}, "", ["Külapäev"],
                          current=None)
    assert plan.proposed_activities(anne, team) == [("Külapäev", karla.id)]
    anne.create("activity", {"title": "Külapäev"}, team_id=team)
    assert plan.proposed_activities(anne, team) == []


def test_plan_page_gantt_and_filters(cohort):
    ctx = ctx_for(cohort)
    page = plan_page.PlanPage(ctx, ctx.team_id())
    editor = page.activities
    editor.widgets["title"].value = "Külapäev <b>"
    editor.widgets["start"].value = dt.date(2027, 1, 10)
    editor.widgets["end"].value = dt.date(2027, 2, 20)
    editor.widgets["budget_eur"].value = "500,50"
    editor.widgets["pilot"].value = True
    editor.save.click()
    assert "Salvestatud: Külapäev" in editor.message.value
    assert "Külapäev &lt;b&gt;" in page.gantt.value
    assert 'class="wb-timeline-bar"' in page.gantt.value
    assert "eelarve kokku 500,50\xa0€." in page.summary.value
    editor.widgets["start"].value = dt.date(2035, 1, 1)
    editor.widgets["end"].value = dt.date(2035, 1, 2)
    editor.save.click()
    assert "jääb programmist kaugele" in editor.message.value
    editor.widgets["end"].value = dt.date(2034, 1, 2)
    editor.save.click()
    assert "lõpp on enne algust" in editor.message.value
    assert editor.widgets["title"].value == "Külapäev <b>"  # kept


def test_pilot_page_hours_bar_warns_over_16(cohort):
    ctx = ctx_for(cohort, "Mart Mentor", "en")
    team = cohort.teams["Saaremaa meeskond"]
    ctx.params["team"] = team
    page = pilot_page.PilotPage(ctx, team)
    for hours in ("8", "9"):
        page.mentoring.editor.load(None)
        page.mentoring.editor.widgets["date"].value = dt.date(2027, 2, 1)
        page.mentoring.editor.widgets["hours"].value = hours
        page.mentoring.editor.save.click()
    assert "17.0 of 16.0 hours used" in page.mentoring.hours.value
    assert "exceeded by 1.0 hours" in page.mentoring.hours.value
