"""`workbook db migrate | backup | restore`: a cohort moves between SQLite and PostgreSQL.

Under `scripts/test` this file runs twice: with SQLite only, and with KOOSLOOME_TEST_PG,
where `new_db` is a PostgreSQL schema, so the moves are SQLite -> PostgreSQL and back.
"""

from __future__ import annotations

import json

import pytest

from workbook import cli, demo
from workbook.exceptions import BadWorkbookFile
from workbook.service import Service
from workbook.store import Store, backup, schema


def sqlite_url(tmp_path, name):
    return f"sqlite:///{tmp_path / f'{name}.sqlite'}"


def used_cohort(url):
    """A demo cohort with history (saves, a delete) and personal links."""
    service = Service.open(url, create=True)
    cohort_id = demo.create_demo(service)
    links = {link.name: link.key for link in demo.issue_links(service, cohort_id)}
    anne = service.login(links["Anne Vallasekretär"])
    goal = anne.create("goal", {"title": "Esimene"}, team_id=anne.actor.team_id)
    goal = anne.save(goal.id, {"title": "Teine"}, expected_version=goal.version)
    anne.delete(goal.id, expected_version=goal.version)
    return service, cohort_id, links


@pytest.mark.parametrize("direction", ["sqlite to this backend", "this backend to sqlite"])
def test_a_cohort_moves_with_its_history_and_links(tmp_path, new_db, direction):
    source, target = sqlite_url(tmp_path, "a"), new_db("b")
    if direction == "this backend to sqlite":
        source, target = new_db("a2"), sqlite_url(tmp_path, "b2")
    service, cohort_id, links = used_cohort(source)
    document = json.loads(json.dumps(backup.backup(service.store)))  # through a file
    assert backup.restore(Store.open(target, create=True), document) == [cohort_id]
    moved = Service.open(target)
    assert backup.backup(moved.store) == document  # every row, version, time and author
    anne = moved.login(links["Anne Vallasekretär"])  # the links work on the new server
    (deleted,) = anne.deleted("goal", anne.actor.team_id)
    assert [v.data.title for v in anne.history(deleted.id)] == ["Esimene", "Teine", "Teine"]


def test_restore_is_all_or_nothing(tmp_path, new_db):
    service, cohort_id, _links = used_cohort(new_db("a"))
    document = backup.backup(service.store)
    target = Store.open(new_db("b"), create=True)
    backup.restore(target, document)
    before = len(target.list())
    with pytest.raises(BadWorkbookFile, match="already in this database"):
        backup.restore(target, document)
    other = Store.open(new_db("c"), create=True)
    for change, place in BREAKAGES:
        broken = json.loads(json.dumps(document))
        change(broken["cohorts"][0])
        with pytest.raises(BadWorkbookFile, match=place):
            backup.restore(other, broken)
    assert other.list() == [] and len(target.list()) == before
    with pytest.raises(BadWorkbookFile, match="cohorts: Input should be a valid list"):
        backup.restore(other, {**document, "cohorts": {}})


def first_of(rows, kind):
    return next(r for r in rows if r["kind"] == kind)


BREAKAGES = [  # (change to the first cohort of a backup, the place the refusal names)
    (lambda c: c["history"][-1].update(at="eile"), r"cohorts\[0\]\.history\[\d+\]\.at"),
    (lambda c: c["items"][0].update(version="abc"), r"cohorts\[0\]\.items\[0\]\.version"),
    (lambda c: c["items"][0].pop("author"), r"cohorts\[0\]\.items\[0\]\.author: Field required"),
    (lambda c: first_of(c["items"], "community")["payload"].update(size=-1),
     r"cohorts\[0\]\.items\[\d+\]\.payload: not a valid community"),
    (lambda c: c["items"][1].update(cohort_id="e" * 32), r"cohorts\[0\]\.items\[1\]: not a row"),
    (lambda c: c.pop("cohort_id"), r"cohorts\[0\]\.cohort_id: Field required"),
    (lambda c: c["keys"][0].update(person_id="d" * 32), r"cohorts\[0\]\.keys\[0\]"),
]


def test_backup_of_an_unknown_cohort_is_refused(new_db):
    from workbook.exceptions import NotFound

    service, _cohort_id, _links = used_cohort(new_db("a"))
    with pytest.raises(NotFound, match="no cohort"):
        backup.backup(service.store, ["0" * 32])


def test_cli_migrate_backup_restore(tmp_path, new_db, version_1_store, monkeypatch, capsys):
    old = new_db("old")
    version_1_store(old)
    monkeypatch.setenv("WORKBOOK_DB", old)
    assert cli.main(["db", "migrate"]) == 0
    assert f"store version 1 -> {schema.STORE_VERSION}" in capsys.readouterr().out
    assert cli.main(["db", "migrate"]) == 0
    assert "already at store version" in capsys.readouterr().out
    assert cli.main(["demo"]) == 0
    dump = tmp_path / "lend.json"
    assert cli.main(["db", "backup", str(dump)]) == 0
    monkeypatch.setenv("WORKBOOK_DB", sqlite_url(tmp_path, "moved"))
    assert cli.main(["db", "restore", str(dump)]) == 0
    assert "restored 1 cohort(s)" in capsys.readouterr().out
    assert cli.main(["db", "restore", str(dump)]) == 2
    assert "already in this database" in capsys.readouterr().err
    monkeypatch.setenv("WORKBOOK_DB", sqlite_url(tmp_path, "new"))
    assert cli.main(["db", "migrate"]) == 0
    assert "created the tables" in capsys.readouterr().out
