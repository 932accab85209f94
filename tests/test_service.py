import time

import pytest

from workbook.exceptions import (
    InvalidKey,
    NotFound,
    PermissionDenied,
    StaleVersion,
    UnknownHubUser,
    ValidationFailed,
)
from workbook.model import Section, Status
from workbook.service import access, keys
from workbook.store import schema

MEMBER, OTHER_MEMBER = "Anne Vallasekretär", "Tiina Tamm"  # Saaremaa, Rõuge
MENTOR, COORDINATOR = "Mart Mentor", "Kadri Koordinaator"
OWN, OTHER = "Saaremaa meeskond", "Rõuge meeskond"

# Each action, run by a person against a team; returns normally when allowed.
ACTIONS = {
    "read": lambda s, team: s.items("community", team),
    "write": lambda s, team: s.create("goal", {"title": "Uus eesmärk"}, team_id=team),
    "comment": lambda s, team: s.create("comment", {"section": "communities", "body": "Hea!"},
                                        team_id=team),
    "submit": lambda s, team: s.set_status(team, Section.communities, Status.submitted),
    "review": lambda s, team: s.set_status(team, Section.communities, Status.reviewed),
    "mentoring": lambda s, team: s.create("mentoring_session",
                                          {"date": "2026-11-20", "hours": "1.5"}, team_id=team),
    "admin": lambda s, team: s.create("team", {"name": "Uus", "municipality_code": "0130",
                                               "municipality_name": "Alutaguse vald"}),
}

# (person, team) -> actions allowed
ALLOWED = {
    (MEMBER, OWN): {"read", "write", "comment", "submit", "mentoring"},
    (MEMBER, OTHER): set(),
    (MENTOR, OWN): {"read", "comment", "review", "mentoring"},
    (MENTOR, OTHER): {"read", "comment", "review", "mentoring"},
    (COORDINATOR, OWN): set(ACTIONS),
    (COORDINATOR, OTHER): set(ACTIONS),
}


@pytest.mark.parametrize("person,team", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_action_team_matrix(cohort, person, team, action):
    session = cohort.login(person)
    team_id = cohort.teams[team]
    if action in ALLOWED[(person, team)]:
        ACTIONS[action](session, team_id)
    else:
        with pytest.raises((PermissionDenied, NotFound)):
            ACTIONS[action](session, team_id)


def test_member_sees_only_own_team(cohort):
    session = cohort.login(MEMBER)
    assert [t.data.name for t in session.teams()] == [OWN]
    other = cohort.admin.items("community", cohort.teams[OTHER])[0]
    with pytest.raises(NotFound):
        session.get(other.id)  # same error as a missing item: reveals nothing
    with pytest.raises(NotFound):
        session.team(cohort.teams[OTHER])


def test_mentor_cannot_change_team_content(cohort):
    mentor = cohort.login(MENTOR)
    community = mentor.items("community", cohort.teams[OWN])[0]
    with pytest.raises(PermissionDenied):
        mentor.save(community.id, {**community.data.model_dump(mode="json"), "name": "X"},
                    expected_version=community.version)


def test_keys_are_stored_only_as_hashes(cohort, service):
    key = cohort.links[MEMBER].key
    assert len(key) >= 22 and keys.well_formed(key)  # 192 random bits
    with service.store.engine.connect() as conn:
        dumped = "\n".join(str(tuple(r)) for r in conn.execute(schema.access_keys.select()))
    assert key not in dumped and keys.hash_key(key) in dumped


@pytest.mark.parametrize("key", [None, "", "short", "x" * 31 + "!", "a" * 32, "../../etc/passwd"])
def test_malformed_or_unknown_keys_are_invalid(service, cohort, key):
    with pytest.raises(InvalidKey):
        service.login(key)


def test_revoked_key_stops_working(cohort):
    person_id = cohort.links[MEMBER].person_id
    assert cohort.admin.revoke_links(person_id) == 1
    with pytest.raises(InvalidKey):
        cohort.login(MEMBER)
    new_key = cohort.admin.issue_link(person_id)
    assert cohort.service.login(new_key).actor.name == MEMBER


def test_link_status_counts_use(cohort):
    cohort.login(MEMBER)
    status = cohort.admin.link_status()
    assert status[cohort.links[MEMBER].person_id]["last_used"] is not None
    assert status[cohort.links[MENTOR].person_id]["last_used"] is None


def test_stale_save_through_the_service(cohort):
    a, b = cohort.login(MEMBER), cohort.login("Peeter Pärn")
    team = cohort.teams[OWN]
    goal = a.create("goal", {"title": "Eesmärk"}, team_id=team)
    b.save(goal.id, {"title": "Eesmärk B"}, expected_version=goal.version)
    with pytest.raises(StaleVersion):
        a.save(goal.id, {"title": "Eesmärk A"}, expected_version=goal.version)
    assert a.get(goal.id).data.title == "Eesmärk B"
    assert [h.author for h in a.history(goal.id)] == [a.actor.person_id, b.actor.person_id]


def test_invalid_form_value_names_the_field_and_saves_nothing(cohort):
    session = cohort.login(MEMBER)
    team = cohort.teams[OWN]
    before = len(session.items("activity", team))
    with pytest.raises(ValidationFailed) as info:
        session.create("activity", {"title": "", "budget_eur": "-3"}, team_id=team)
    fields = {f for f, _, _ in info.value.errors}
    assert fields == {"title", "budget_eur"}
    assert len(session.items("activity", team)) == before


def test_progress_counts_described_communities(cohort):
    session = cohort.login(MEMBER)
    progress = session.progress(cohort.teams[OWN])
    # Kärla has location, needs and assets; Kihelkonna lacks assets; the interest group lacks all
    assert (progress[Section.communities].done, progress[Section.communities].total) == (1, 3)
    assert progress[Section.plan].done == 0


def test_statuses_default_to_draft(cohort):
    session = cohort.login(MEMBER)
    team = cohort.teams[OWN]
    assert set(session.statuses(team).values()) == {Status.draft}
    session.set_status(team, Section.model, Status.submitted)
    assert session.statuses(team)[Section.model] is Status.submitted


def test_member_cannot_mark_reviewed(cohort):
    with pytest.raises(PermissionDenied):
        cohort.login(MEMBER).set_status(cohort.teams[OWN], Section.model, Status.reviewed)


def test_create_many_writes_all_or_nothing(cohort):
    anne = cohort.login("Anne Vallasekretär")
    team = anne.actor.team_id
    before = len(anne.items("community", team))
    made = anne.create_many("community", [{"name": "Uus küla"}, {"name": "Teine küla"}],
                            team_id=team)
    assert [e.data.name for e in made] == ["Uus küla", "Teine küla"]
    with pytest.raises(ValidationFailed):
        anne.create_many("community", [{"name": "Kolmas"}, {"name": ""}], team_id=team)
    assert len(anne.items("community", team)) == before + 2
    rouge = cohort.login("Tiina Tamm").actor.team_id
    with pytest.raises(NotFound):  # another team is invisible to a member
        anne.create_many("community", [{"name": "Võõras"}], team_id=rouge)


# --- an open page's session after its link is revoked ---------------------------------
# Each call an open page makes, run by a member's session; ``goal`` is one of her team's.
PAGE_CALLS = {
    "get": lambda s, team, goal: s.get(goal.id),
    "items": lambda s, team, goal: s.items("goal", team),
    "history": lambda s, team, goal: s.history(goal.id),
    "change_marker": lambda s, team, goal: s.change_marker(team),
    "here": lambda s, team, goal: s.here(team, "plan"),
    "save": lambda s, team, goal: s.save(goal.id, {"title": "Pärast tühistamist"},
                                         expected_version=goal.version),
    "create": lambda s, team, goal: s.create("goal", {"title": "Uus"}, team_id=team),
    "comment": lambda s, team, goal: s.comment(team, Section.plan, "Kommentaar"),
    "delete": lambda s, team, goal: s.delete(goal.id, expected_version=goal.version),
}


def _ended(session) -> None:
    """As if the session's last check of its link were a check-time ago."""
    session.access.checked_at -= access.CHECK_SECONDS


@pytest.mark.parametrize("call", list(PAGE_CALLS))
def test_a_revoked_link_stops_its_open_session(cohort, call):
    anne = cohort.login(MEMBER)
    team = anne.actor.team_id
    goal = anne.create("goal", {"title": "Enne"}, team_id=team)
    told = []
    anne.when_access_ends(told.append)
    cohort.admin.revoke_links(anne.actor.person_id)
    _ended(anne)
    with pytest.raises(InvalidKey):
        PAGE_CALLS[call](anne, team, goal)
    with pytest.raises(InvalidKey):  # and stays so
        anne.items("community", team)
    assert len(told) == 1 and isinstance(told[0], InvalidKey)
    admin = cohort.admin
    assert [(g.id, g.version, g.data.title) for g in admin.items("goal", team)] == [
        (goal.id, 1, "Enne")]  # nothing was written
    assert admin.comments(team) == []


def test_revocation_reaches_an_open_session_within_the_check_time(cohort):
    anne = cohort.login(MEMBER)
    team = anne.actor.team_id
    cohort.admin.revoke_links(anne.actor.person_id)
    time.sleep(access.CHECK_SECONDS + 0.05)
    with pytest.raises(InvalidKey):
        anne.items("community", team)
    assert cohort.login("Peeter Pärn").items("community", team)  # a teammate's link works


def test_a_live_session_checks_its_link_at_most_once_a_check_time(cohort):
    anne = cohort.login(MEMBER)
    team = anne.actor.team_id
    anne.check_access()
    checked = anne.access.checked_at
    for _ in range(20):
        anne.items("community", team)
    assert anne.access.checked_at == checked  # no query per call, only the cached check
    _ended(anne)
    anne.items("community", team)
    assert anne.access.checked_at > checked  # re-checked, still valid


@pytest.mark.parametrize("end", ["revoke", "remove person"])
def test_a_removed_person_s_open_session_stops_too(cohort, end):
    anne = cohort.login(MEMBER)
    admin = cohort.admin
    if end == "revoke":
        admin.revoke_links(anne.actor.person_id)
    else:
        me = admin.get(anne.actor.person_id)
        admin.delete(me.id, expected_version=me.version)
    with pytest.raises(InvalidKey):
        anne.check_access()


@pytest.mark.parametrize("change", ["username", "remove person"])
def test_a_hub_session_stops_when_its_login_is_taken_away(cohort, change):
    anne = cohort.service.login_hub("anne")
    admin = cohort.admin
    me = admin.get(anne.actor.person_id)
    anne.check_access()  # still valid
    if change == "username":
        admin.save(me.id, {**me.data.model_dump(mode="json"), "username": "anne2"},
                   expected_version=me.version)
    else:
        admin.delete(me.id, expected_version=me.version)
    with pytest.raises(UnknownHubUser):
        anne.check_access()


def test_the_system_session_has_no_link_to_check(cohort):
    cohort.admin.check_access()  # the command line: nothing to revoke
    assert cohort.admin.access is None


# --- team records are read like the team itself ---------------------------------------
TEAM_READS = {
    "get": lambda s, team_id: s.get(team_id),
    "history": lambda s, team_id: s.history(team_id),
    "team": lambda s, team_id: s.team(team_id),
    "restore": lambda s, team_id: s.restore(team_id, 1),
}


@pytest.mark.parametrize("person,team,visible", [
    (MEMBER, OWN, True), (MEMBER, OTHER, False), (MENTOR, OTHER, True),
    (COORDINATOR, OTHER, True)])
@pytest.mark.parametrize("read", ["get", "history", "team"])
def test_another_team_s_record_is_not_found_for_a_member(cohort, person, team, visible, read):
    session = cohort.login(person)
    team_id = cohort.teams[team]
    if visible:
        assert TEAM_READS[read](session, team_id)
    else:
        with pytest.raises(NotFound):
            TEAM_READS[read](session, team_id)


def test_another_team_s_deleted_record_is_not_found_for_a_member(cohort):
    admin, rouge = cohort.admin, cohort.teams[OTHER]
    record = admin.get(rouge)
    admin.delete(rouge, expected_version=record.version)
    member = cohort.login(MEMBER)
    for read in ("history", "restore"):
        with pytest.raises(NotFound):
            TEAM_READS[read](member, rouge)
    assert member.deleted("team", cohort.teams[OWN]) == []
