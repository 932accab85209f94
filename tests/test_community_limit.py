"""A team's workbook holds at most MAX_COMMUNITIES_PER_TEAM communities (workbook/limits.py):
creating, importing and restoring refuse to pass it, and write nothing when they do."""

import time

import pytest

from workbook import limits
from workbook.exceptions import TooManyCommunities
from workbook.i18n import t
from workbook.messages import error_message

MEMBER = "Anne Vallasekretär"


@pytest.fixture
def near_limit(cohort, monkeypatch):
    """Anne's team two communities short of a (lowered) limit; one of them deleted."""
    anne = cohort.login(MEMBER)
    team = anne.actor.team_id
    gone = anne.create("community", {"name": "Kustutatud küla"}, team_id=team)
    anne.delete(gone.id, expected_version=gone.version)
    count = len(anne.items("community", team))
    monkeypatch.setattr(limits, "MAX_COMMUNITIES_PER_TEAM", count + 2)
    return anne, team, gone, count


def _create(n):
    return lambda s, team, gone: s.create_many(
        "community", [{"name": f"Küla {i}"} for i in range(n)], team_id=team)


# (what, communities it adds) -> passes the limit of count + 2?
WRITES = {
    "create one": (lambda s, team, gone: s.create("community", {"name": "Uus"}, team_id=team),
                   1, False),
    "import two": (_create(2), 2, False),
    "import three": (_create(3), 3, True),
    "restore a deleted one": (lambda s, team, gone: s.restore(gone.id, 1), 1, False),
}


@pytest.mark.parametrize("what", list(WRITES))
def test_writes_up_to_the_limit_pass_and_past_it_write_nothing(near_limit, what):
    anne, team, gone, count = near_limit
    write, adding, refused = WRITES[what]
    if refused:
        with pytest.raises(TooManyCommunities) as info:
            write(anne, team, gone)
        assert info.value.params == {"limit": count + 2, "count": count, "adding": adding}
        assert len(anne.items("community", team)) == count
    else:
        write(anne, team, gone)
        assert len(anne.items("community", team)) == count + adding


@pytest.mark.parametrize("what", list(WRITES))
def test_at_the_limit_every_way_of_adding_a_community_is_refused(near_limit, what):
    anne, team, gone, count = near_limit
    anne.create_many("community", [{"name": "A"}, {"name": "B"}], team_id=team)
    write, adding, _ = WRITES[what]
    with pytest.raises(TooManyCommunities):
        write(anne, team, gone)
    assert len(anne.items("community", team)) == count + 2


def test_at_the_limit_editing_and_other_teams_still_work(near_limit, cohort):
    anne, team, gone, count = near_limit
    anne.create_many("community", [{"name": "A"}, {"name": "B"}], team_id=team)
    one = anne.items("community", team)[0]
    anne.save(one.id, {**one.data.model_dump(mode="json"), "name": "Uus nimi"},
              expected_version=one.version)
    anne.restore(one.id, one.version)  # an earlier version of a live one: adds nothing
    tiina = cohort.login("Tiina Tamm")
    tiina.create("community", {"name": "Rõuge küla"}, team_id=tiina.actor.team_id)


@pytest.mark.parametrize("lang, words", [("et", "2000 kogukonda"), ("en", "2000 communities")])
def test_the_message_names_the_limit(lang, words):
    exc = TooManyCommunities("", limit=2000, count=2000, adding=1)
    assert words in error_message(exc, lang) and t("error.too_many_communities", lang)


def test_the_real_limit_is_counted_without_loading_the_team(cohort):
    anne = cohort.login(MEMBER)
    team, store = anne.actor.team_id, cohort.service.store
    have = len(anne.items("community", team))
    store.create_many("community", [{"name": f"Küla {i}"} for i in
                                    range(limits.MAX_COMMUNITIES_PER_TEAM - have)],
                      cohort_id=cohort.cohort_id, team_id=team)
    began = time.perf_counter()
    with pytest.raises(TooManyCommunities):
        anne.create("community", {"name": "Üks veel"}, team_id=team)
    elapsed = time.perf_counter() - began
    assert store.count(kind="community", cohort_id=cohort.cohort_id,
                       team_id=team) == limits.MAX_COMMUNITIES_PER_TEAM
    assert elapsed < 1.0, f"a refused create took {elapsed:.2f} s"
