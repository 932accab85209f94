"""The blind-until-submitted rule and the rating checks, at the service level."""

import pytest

from workbook import engagement, phases
from workbook.exceptions import (
    AlreadySubmitted,
    MissingReference,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from workbook.model.sections import Level, Round

FULL = {"leadership": 3, "participation": 2, "organisations": 3, "resources": 2,
        "cooperation": 4, "belonging": 3}


@pytest.fixture
def team(cohort):
    anne, peeter = cohort.login("Anne Vallasekretär"), cohort.login("Peeter Pärn")
    team_id = anne.actor.team_id
    karla = next(c for c in anne.items("community", team_id) if c.data.name == "Kärla alevik")
    return anne, peeter, team_id, karla.id


def rate(session, team_id, community, ratings, submit, current=None):
    return phases.save_ratings(session, team_id, community, Round.baseline, ratings,
                               submit=submit, current=current)


def test_others_ratings_stay_hidden_until_one_has_submitted(team, cohort):
    anne, peeter, team_id, karla = team
    peeters = rate(peeter, team_id, karla, {**FULL, "leadership": 5}, submit=True)
    assert peeter.hidden_ratings(team_id, karla, "baseline", "default") == 0
    assert [e.id for e in anne.items("assessment", team_id)] == []
    assert anne.hidden_ratings(team_id, karla, "baseline", "default") == 1
    with pytest.raises(NotFound):
        anne.get(peeters.id)
    with pytest.raises(NotFound):
        anne.history(peeters.id)
    draft = rate(anne, team_id, karla, FULL, submit=False)
    assert [e.id for e in anne.items("assessment", team_id)] == [draft.id]  # a draft: still blind
    rate(anne, team_id, karla, FULL, submit=True, current=draft)
    assert {e.id for e in anne.items("assessment", team_id)} == {draft.id, peeters.id}
    # the mentor and the coordinator do not rate and see everything
    assert len(cohort.login("Mart Mentor").items("assessment", team_id)) == 2


def test_overview_scores_only_submitted_ratings(team):
    anne, peeter, team_id, karla = team
    rate(peeter, team_id, karla, {**FULL, "leadership": 5}, submit=True)
    rate(anne, team_id, karla, FULL, submit=True)
    ov = phases.overview(anne, team_id, karla, Round.baseline)
    assert ov.scores["leadership"] == 4.0 and ov.disagreement("leadership")
    assert not ov.disagreement("participation")
    assert ov.suggested == 3  # (4 + 2 + 3 + 2 + 4 + 3) / 6 = 3.0


def test_a_submitted_assessment_is_final_for_its_rater(team):
    anne, _, team_id, karla = team
    done = rate(anne, team_id, karla, FULL, submit=True)
    with pytest.raises(AlreadySubmitted):
        rate(anne, team_id, karla, {**FULL, "leadership": 1}, submit=True, current=done)


# Ways around "submitted is final": Anne submitted her rating (v2, over her draft v1);
# (deleted first by the coordinator?, who tries, what) -> refused with AlreadySubmitted?
UNDO = {
    "delete": lambda s, done: s.delete(done.id, expected_version=done.version),
    "restore the draft": lambda s, done: s.restore(done.id, 1),
}
UNDO_CASES = [
    (False, "member", "delete", True),
    (False, "member", "restore the draft", True),
    (True, "member", "restore the draft", True),  # her submitted rating, deleted
    (False, "coordinator", "delete", False),
    (False, "coordinator", "restore the draft", False),
    (True, "coordinator", "restore the draft", False),
]


@pytest.mark.parametrize("deleted, who, undo, refused", UNDO_CASES)
def test_a_submitted_assessment_cannot_be_undone_by_its_rater(team, cohort, deleted, who, undo,
                                                              refused):
    anne, _, team_id, karla = team
    admin = cohort.admin
    draft = rate(anne, team_id, karla, FULL, submit=False)
    done = rate(anne, team_id, karla, FULL, submit=True, current=draft)
    if deleted:
        admin.delete(done.id, expected_version=done.version)
    before = admin.history(done.id)[-1]
    session = anne if who == "member" else admin
    if refused:
        with pytest.raises(AlreadySubmitted):
            UNDO[undo](session, before)
        assert admin.history(done.id)[-1] == before  # nothing written
    else:
        UNDO[undo](session, before)
        assert admin.history(done.id)[-1].version == before.version + 1


def test_a_deleted_draft_can_be_restored_by_its_rater(team):
    anne, _, team_id, karla = team
    draft = rate(anne, team_id, karla, FULL, submit=False)
    anne.delete(draft.id, expected_version=draft.version)
    assert anne.restore(draft.id, 1).data.submitted is False


def test_ratings_outside_the_scale_or_rubric_are_refused(team):
    anne, _, team_id, karla = team
    with pytest.raises(ValidationFailed) as info:
        rate(anne, team_id, karla, {**FULL, "leadership": 6, "charisma": 2}, submit=False)
    assert {f for f, _, _ in info.value.errors} == {"ratings.leadership", "ratings.charisma"}
    with pytest.raises(ValidationFailed):
        rate(anne, team_id, karla, {"leadership": 0}, submit=False)


@pytest.mark.parametrize("agreed, field", [({**FULL, "leadership": 0}, "phases.leadership"),
                                           ({**FULL, "cooperation": 9}, "phases.cooperation"),
                                           ({**FULL, "charisma": 3}, "phases.charisma")])
def test_agreed_phases_outside_the_rubric_are_refused(team, agreed, field):
    anne, _, team_id, karla = team
    with pytest.raises(ValidationFailed) as info:
        phases.save_consensus(anne, team_id, karla, Round.baseline, agreed, "", [], current=None)
    assert [f for f, _, _ in info.value.errors] == [field]
    assert anne.items("phase_consensus", team_id) == []


def test_a_member_rates_only_as_themselves(team):
    anne, peeter, team_id, karla = team
    payload = {"community_id": karla, "rater_id": peeter.actor.person_id, "rubric": "default",
               "date": "2026-10-22", "ratings": FULL}
    with pytest.raises(PermissionDenied):
        anne.create("assessment", payload, team_id=team_id)


def test_rating_a_community_deleted_meanwhile_is_a_clear_error(team):
    anne, peeter, team_id, karla = team
    draft = rate(anne, team_id, karla, FULL, submit=False)
    community = peeter.get(karla)
    peeter.delete(karla, expected_version=community.version)
    with pytest.raises(MissingReference):
        rate(anne, team_id, karla, FULL, submit=True, current=draft)
    with pytest.raises(MissingReference):
        engagement.save(anne, team_id, "engagement_form",
                        {"community_id": karla, "form": "Külakoosolek", "level": "consult"},
                        current=None)


def test_consensus_overall_and_change_between_rounds(team):
    anne, _, team_id, karla = team
    base = phases.save_consensus(anne, team_id, karla, Round.baseline, FULL, "kokku lepitud",
                                 ["Koostage koos küla arengukava."], current=None)
    assert phases.overview(anne, team_id, karla, Round.baseline).agreed == 2  # 17 / 6 = 2.83
    phases.save_consensus(anne, team_id, karla, Round.followup, {**FULL, "participation": 4},
                          "", [], current=None)
    assert phases.change(anne, team_id, karla)["participation"] == (2, 4)
    assert phases.overall_by_community(anne, team_id) == {karla: 3}  # follow-up wins: 19 / 6
    assert base.data.interventions == ["Koostage koos küla arengukava."]


def test_matrix_flags_communities_engaged_only_by_informing(team):
    anne, _, team_id, karla = team
    engagement.save(anne, team_id, "engagement_form",
                    {"community_id": karla, "form": "Valla leht", "level": "inform"}, current=None)
    rows = {r.name: r for r in engagement.matrix(anne, team_id)}
    assert rows["Kärla alevik"].by_level == {Level.inform: ["Valla leht"]}
    assert rows["Kärla alevik"].only_informing
    engagement.save(anne, team_id, "engagement_form",
                    {"community_id": karla, "form": "Kaasav eelarve", "level": "empower"},
                    current=None)
    row = {r.name: r for r in engagement.matrix(anne, team_id)}["Kärla alevik"]
    assert row.highest is Level.empower and not row.only_informing
