"""A cohort file is all or nothing: checked whole first, then written in one transaction.

Every test counts the rows of every table (items, item_history, access_keys) before and
after a refused file. Runs on SQLite and on PostgreSQL (KOOSLOOME_TEST_PG).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from workbook import demo
from workbook.cohort_file import load_cohort
from workbook.exceptions import ValidationFailed
from workbook.frameworks import load
from workbook.store import schema

COHORT = """
cohort: {name: "Lend 2027", groups: ["A"], seminar_date: 2027-05-01, rubric: %(rubric)s}
staff:
  - {name: "Kati Koordinaator", username: kati, access: coordinator}
teams:
  - name: "Kambja meeskond"
    municipality_code: "0283"
    municipality_name: "Kambja vald"
    group: "A"
    members:
      - {name: "Mari Maasikas", username: mari, side: municipality}
      - {name: "Tõnu Tamm", username: tonu, side: ngo}
    communities:
      - {name: "Kambja alevik", kind: settlement}
  - name: "Elva meeskond"
    municipality_code: "0171"
    municipality_name: "Elva vald"
    members:
      - {name: "Kalle Kask", username: %(second)s, side: community}
      - {name: "Liis Lepp", username: liis, side: %(last_side)s}
"""


def cohort_file(tmp_path, *, rubric="default", second="kalle", last_side="municipality"):
    path = tmp_path / "lend.yaml"
    path.write_text(COHORT % {"rubric": rubric, "second": second, "last_side": last_side},
                    encoding="utf-8")
    return path


def row_counts(service) -> dict[str, int]:
    with service.store.engine.connect() as conn:
        return {table.name: conn.execute(sa.select(sa.func.count()).select_from(table))
                .scalar_one() for table in (schema.items, schema.history, schema.access_keys)}


@pytest.fixture
def before(cohort):
    """The demo cohort with its links: a database that is not empty."""
    return row_counts(cohort.service)


def test_a_good_file_writes_the_whole_cohort(service, tmp_path):
    cohort_id = load_cohort(service, cohort_file(tmp_path))
    admin = service.system(cohort_id)
    teams = {t.data.name: t.id for t in admin.teams()}
    assert set(teams) == {"Kambja meeskond", "Elva meeskond"}
    assert [p.data.username for p in admin.people(teams["Elva meeskond"])] == ["kalle", "liis"]
    assert row_counts(service) == {"items": 9, "item_history": 9, "access_keys": 0}


def test_a_user_name_given_twice_writes_nothing(cohort, before, tmp_path):
    with pytest.raises(ValidationFailed) as info:
        load_cohort(cohort.service, cohort_file(tmp_path, second="mari"))
    message = str(info.value)
    assert "teams[1].members[0].username" in message and "teams[0].members[0]" in message
    assert "nothing was written" in message
    assert row_counts(cohort.service) == before


def test_an_unknown_rubric_is_refused_naming_it_and_the_known_ones(cohort, before, tmp_path):
    with pytest.raises(ValidationFailed) as info:
        load_cohort(cohort.service, cohort_file(tmp_path, rubric="crm-2099"))
    message = str(info.value)
    assert "cohort.rubric" in message and "'crm-2099'" in message
    assert all(code in message for code in load().rubrics)
    assert row_counts(cohort.service) == before


def test_the_last_member_invalid_writes_nothing(cohort, before, tmp_path):
    with pytest.raises(ValidationFailed, match=r"teams\[1\]\.members\[1\]\.side"):
        load_cohort(cohort.service, cohort_file(tmp_path, last_side="martian"))
    assert row_counts(cohort.service) == before


@pytest.mark.parametrize("change, where", [
    (lambda t: t.replace('group: "A"', 'group: "B"'), "teams[0].group"),
    (lambda t: t.replace("access: coordinator", "access: member"), "staff[0].access"),
    (lambda t: t.replace("- {name: \"Mari Maasikas\"", "- Mari\n      - {name: \"M\""),
     "teams[0].members[0]"),
    (lambda t: t.replace('communities:\n      - {name: "Kambja alevik", kind: settlement}',
                         'communities: "Kambja alevik"'), "teams[0].communities"),
])
def test_a_problem_across_entries_names_the_entry(cohort, before, tmp_path, change, where):
    path = cohort_file(tmp_path)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_cohort(cohort.service, path)
    assert where in str(info.value) and "nothing was written" in str(info.value)
    assert row_counts(cohort.service) == before


def test_a_failure_at_the_last_write_writes_nothing(cohort, before, tmp_path, monkeypatch):
    """A failure the checks cannot foresee (the database refusing the last row) rolls
    back the cohort, its staff, teams and members written before it."""
    store = cohort.service.store
    insert, calls = store.insert, []

    def insert_then_fail_on_the_ninth(new):
        calls.append(new)
        if len(calls) == 9:  # the last member of the second team
            raise ValidationFailed("the database refused the row")
        return insert(new)

    monkeypatch.setattr(store, "insert", insert_then_fail_on_the_ninth)
    with pytest.raises(ValidationFailed) as info:
        load_cohort(cohort.service, cohort_file(tmp_path))
    assert "teams[1].members[1]" in str(info.value) and len(calls) == 9
    assert row_counts(cohort.service) == before
    assert [c.data.demo for c in cohort.service.cohorts()] == [True]


def test_the_demo_file_still_loads(service):
    assert demo.create_demo(service, filled=False)


def test_a_refused_community_is_named_by_its_place_in_the_file(cohort, before, tmp_path,
                                                                monkeypatch):
    store = cohort.service.store
    insert = store.insert

    def refuse_communities(new):
        if any(n.kind == "community" for n in new):
            raise ValidationFailed("the team has too many communities")
        return insert(new)

    monkeypatch.setattr(store, "insert", refuse_communities)
    with pytest.raises(ValidationFailed, match=r"teams\[0\]\.communities\[0\]: the team"):
        load_cohort(cohort.service, cohort_file(tmp_path))
    assert row_counts(cohort.service) == before
