"""Deleting asks first and can be undone; submitting a rating asks first."""

from workbook.ui.context import PageContext


def test_an_entry_is_deleted_on_the_second_click_and_comes_back_with_undo(cohort):
    from workbook.ui.plan_page import PlanPage

    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    goal = session.create("goal", {"title": "Noored kaasa"}, team_id=team)
    page = PlanPage(PageContext(key="k" * 32, lang="en", session=session), team)
    page.widgets()
    editor = page.goals
    editor.picker.value = goal.id
    editor.delete.click()
    assert [e.id for e in session.items("goal", team)] == [goal.id]  # only asked
    assert editor.delete.description == "Confirm delete" and "Delete" in editor.message.value
    editor.delete.click()
    assert session.items("goal", team) == [] and "Deleted: Noored kaasa" in editor.message.value
    editor.undo.button.click()
    assert [e.data.title for e in session.items("goal", team)] == ["Noored kaasa"]
    assert editor.picker.value == goal.id and "Restored" in editor.message.value


def test_mentoring_sessions_are_listed_by_date_in_the_persons_format(cohort):
    from workbook.ui.mentoring import MentoringLog

    mentor = cohort.login("Mart Mentor")
    team = mentor.teams()[0].id
    mentor.create("mentoring_session", {"date": "2027-01-16", "hours": 2,
                                        "topics": "Eelarve"}, team_id=team)
    for lang, shown in (("et", "16.01.2027"), ("en", "16 Jan 2027")):
        labels = [label for label, _ in MentoringLog(mentor, team, lang).editor.picker.options]
        assert shown in labels and "2027-01-16" not in labels


def test_a_reader_sees_entries_in_read_only_fields_and_no_save(cohort):
    from workbook.ui.plan_page import PlanPage

    anne = cohort.login("Anne Vallasekretär")
    team = anne.actor.team_id
    anne.create("goal", {"title": "Noored kaasa"}, team_id=team)
    mentor = cohort.login("Mart Mentor")
    page = PlanPage(PageContext(key="k" * 32, lang="et", session=mentor, params={"team": team}),
                    team)
    page.widgets()
    editor = page.goals
    assert [label for label, _ in editor.picker.options] == ["Noored kaasa"]  # no "— uus —"
    assert editor.widgets["title"].value == "Noored kaasa"  # the first entry, to read
    assert all(getattr(w, "disabled", True) for w in editor.widgets.values())
    assert editor.save.layout.display == "none" and editor.delete.layout.display == "none"
