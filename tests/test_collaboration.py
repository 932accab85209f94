"""Working together: merges, conflicts, history and restore, comments, review, presence."""

import pytest
import sqlalchemy as sa

from workbook.exceptions import (
    EditConflict,
    MissingReference,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from workbook.model import Section, Status
from workbook.service import Service
from workbook.service.merge import apply_choices, three_way

ANNE, PEETER, TIINA = "Anne Vallasekretär", "Peeter Pärn", "Tiina Tamm"
MENTOR = "Mart Mentor"


@pytest.fixture
def anne(cohort):
    return cohort.login(ANNE)


@pytest.fixture
def peeter(cohort):
    return cohort.login(PEETER)


def goal(session, **extra):
    return session.create("goal", {"title": "Noored kaasa", **extra},
                          team_id=session.actor.team_id)


# --- the merge itself ---------------------------------------------------------------------
def test_three_way_takes_each_side_s_own_changes():
    base = {"a": 1, "b": 1, "c": {"x": 1, "y": 1}}
    merged, conflicts = three_way(base, {"a": 2, "b": 1, "c": {"x": 2, "y": 1}},
                                  {"a": 1, "b": 3, "c": {"x": 1, "y": 3}})
    assert merged == {"a": 2, "b": 3, "c": {"x": 2, "y": 3}} and conflicts == []


def test_three_way_reports_a_field_both_changed_differently():
    merged, conflicts = three_way({"a": 1}, {"a": 2}, {"a": 3})
    assert [(c.path, c.base, c.mine, c.theirs) for c in conflicts] == [("a", 1, 2, 3)]
    assert merged == {"a": 3}
    assert apply_choices(merged, {"a": 2}) == {"a": 2}


def test_the_same_change_on_both_sides_is_no_conflict():
    assert three_way({"a": 1}, {"a": 2}, {"a": 2}) == ({"a": 2}, [])


# --- saving through the service -----------------------------------------------------------
def test_changes_to_different_fields_merge_by_themselves(anne, peeter):
    g = goal(anne)
    peeter.save(g.id, {"title": "Noored kaasa", "indicator": "osalejaid"},
                expected_version=g.version)
    saved = anne.save(g.id, {"title": "Noored ja eakad kaasa"}, expected_version=g.version)
    assert (saved.data.title, saved.data.indicator) == ("Noored ja eakad kaasa", "osalejaid")
    assert [h.version for h in anne.history(g.id)] == [1, 2, 3]


def test_a_change_to_the_same_field_shows_both_values_and_writes_nothing(anne, peeter):
    g = goal(anne)
    peeter.save(g.id, {"title": "Peetri pealkiri", "indicator": "x"},
                expected_version=g.version)
    with pytest.raises(EditConflict) as info:
        anne.save(g.id, {"title": "Anne pealkiri"}, expected_version=g.version)
    exc = info.value
    assert [(c.path, c.mine, c.theirs) for c in exc.conflicts] == [
        ("title", "Anne pealkiri", "Peetri pealkiri")]
    assert isinstance(exc, StaleVersion)  # pages without a conflict view still refuse
    assert anne.get(g.id).data.title == "Peetri pealkiri"
    combined = apply_choices(exc.merged, {"title": "Anne ja Peetri pealkiri"})
    saved = anne.save(g.id, combined, expected_version=exc.current.version)
    assert (saved.data.title, saved.data.indicator) == ("Anne ja Peetri pealkiri", "x")
    assert [h.data.title for h in anne.history(g.id)] == [
        "Noored kaasa", "Peetri pealkiri", "Anne ja Peetri pealkiri"]


def test_saving_an_item_a_teammate_deleted_is_refused(anne, peeter):
    g = goal(anne)
    peeter.delete(g.id, expected_version=g.version)
    with pytest.raises(NotFound):
        anne.save(g.id, {"title": "Uus"}, expected_version=g.version)


def test_history_names_the_author_of_each_version_and_restore_brings_one_back(anne, peeter):
    g = goal(anne)
    second = peeter.save(g.id, {"title": "Teine"}, expected_version=g.version)
    anne.save(g.id, {"title": "Kolmas"}, expected_version=second.version)
    names = anne.names()
    assert [names[h.author] for h in anne.history(g.id)] == [ANNE, PEETER, ANNE]
    restored = peeter.restore(g.id, 1)
    assert (restored.data.title, restored.version) == ("Noored kaasa", 4)


def test_a_deleted_item_can_be_restored_from_history(anne, peeter):
    g = goal(anne)
    peeter.delete(g.id, expected_version=g.version)
    assert [e.id for e in anne.deleted("goal", anne.actor.team_id)] == [g.id]
    back = anne.restore(g.id, 1)
    assert back.data.title == "Noored kaasa" and anne.get(g.id).version == 3


def test_mentors_cannot_restore_and_other_teams_see_no_history(cohort, anne):
    g = goal(anne)
    with pytest.raises(PermissionDenied):
        cohort.login(MENTOR).restore(g.id, 1)
    with pytest.raises(NotFound):
        cohort.login(TIINA).history(g.id)


# --- comments -----------------------------------------------------------------------------
def test_threads_on_sections_and_items_with_replies_and_resolve(cohort, anne):
    mentor = cohort.login(MENTOR)
    team = anne.actor.team_id
    community = anne.items("community", team)[0]
    top = mentor.comment(team, Section.communities, "Lisa vajadused", item_id=community.id)
    reply = anne.comment(team, Section.engagement, "Lisasime", parent_id=top.id)
    assert (reply.data.section, reply.data.item_id) == (Section.communities, community.id)
    assert reply.data.author_id == anne.actor.person_id
    anne.resolve(top.id)
    assert anne.get(top.id).data.resolved
    mentor.resolve(top.id, False)
    assert not anne.get(top.id).data.resolved
    assert [c.data.body for c in anne.comments(team, Section.communities)] == [
        "Lisa vajadused", "Lisasime"]
    with pytest.raises(PermissionDenied):  # only the author edits the text
        anne.save(top.id, top.data.model_dump(mode="json") | {"body": "muudetud"},
                  expected_version=anne.get(top.id).version)


def test_a_comment_cannot_point_into_another_team(cohort, anne):
    other = cohort.admin.items("community", cohort.teams["Rõuge meeskond"])[0]
    with pytest.raises((MissingReference, NotFound)):
        anne.comment(anne.actor.team_id, Section.communities, "x", item_id=other.id)
    with pytest.raises((PermissionDenied, NotFound)):
        anne.comment(cohort.teams["Rõuge meeskond"], Section.communities, "x")


# --- review -------------------------------------------------------------------------------
def test_submitted_reviewed_then_changed_since_review(cohort, anne):
    mentor = cohort.login(MENTOR)
    team = anne.actor.team_id
    cell = lambda: next(c for c in mentor.review_matrix()  # noqa: E731
                        if c.team_id == team and c.section is Section.plan)
    assert cell().status is Status.draft
    g = goal(anne)
    anne.set_status(team, Section.plan, Status.submitted)
    assert cell().status is Status.submitted
    mentor.set_status(team, Section.plan, Status.reviewed)
    assert cell().status is Status.reviewed and not cell().changed_since_review
    mentor.comment(team, Section.plan, "Hea algus")
    assert cell().open_comments == 1 and not cell().changed_since_review
    anne.save(g.id, {"title": "Täpsem"}, expected_version=g.version)
    assert cell().changed_since_review
    assert {c.team_id for c in mentor.review_matrix()} == set(cohort.teams.values())
    assert {c.team_id for c in anne.review_matrix()} == {team}


# --- live updates and presence ------------------------------------------------------------
def test_change_marker_moves_on_a_teammate_s_save_but_not_on_one_s_own(anne, peeter):
    team = anne.actor.team_id
    before = anne.change_marker(team)
    g = goal(anne)
    assert anne.change_marker(team) == before
    peeter.save(g.id, {"title": "Peeter"}, expected_version=g.version)
    assert anne.change_marker(team) != before


def test_presence_shows_who_else_has_the_workbook_open(cohort, anne, peeter):
    team = anne.actor.team_id
    assert anne.here(team, "plan") == []
    assert peeter.here(team, "communities") == [ANNE]
    assert anne.here(team, "plan") == [PEETER]
    peeter.leave(team)
    assert anne.here(team, "plan") == []
    with pytest.raises((PermissionDenied, NotFound)):
        cohort.login(TIINA).here(team, "plan")


def test_a_version_1_store_is_upgraded_with_the_presence_table(db_url, version_1_store):
    version_1_store(db_url)
    service = Service.open(db_url)
    assert sa.inspect(service.store.engine).has_table("presence")
    service.store.close()
