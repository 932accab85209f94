import os
import sqlite3
import stat

import pytest
import sqlalchemy as sa

from workbook.exceptions import NotFound, SchemaTooNew, StaleVersion, StoreUnavailable
from workbook.store import Store, schema


@pytest.fixture
def store(db_url):
    s = Store.open(db_url, create=True)
    yield s
    s.close()


def test_stale_save_is_refused_and_not_applied(store):
    rec = store.create("vision", {"statement": "a"}, cohort_id="c", team_id="t", author="p1")
    store.save(rec.id, {"statement": "b"}, expected_version=1, author="p2")
    with pytest.raises(StaleVersion) as info:
        store.save(rec.id, {"statement": "c"}, expected_version=1, author="p3")
    assert info.value.current.version == 2
    assert info.value.current.payload == {"statement": "b"}
    assert store.get(rec.id).payload == {"statement": "b"}


def test_history_keeps_every_version_with_author(store):
    rec = store.create("vision", {"statement": "a"}, cohort_id="c", team_id="t", author="p1")
    store.save(rec.id, {"statement": "b"}, expected_version=1, author="p2")
    store.delete(rec.id, expected_version=2, author="p1")
    hist = store.history(rec.id)
    assert [(h.version, h.payload["statement"], h.author, h.deleted) for h in hist] == [
        (1, "a", "p1", False), (2, "b", "p2", False), (3, "b", "p1", True)]
    with pytest.raises(NotFound):
        store.get(rec.id)
    assert store.list(kind="vision") == []


def test_list_filters_by_scope(store):
    store.create("goal", {"title": "g1"}, cohort_id="c1", team_id="t1")
    store.create("goal", {"title": "g2"}, cohort_id="c1", team_id="t2")
    store.create("person", {"name": "x"}, cohort_id="c1")
    assert [r.payload["title"] for r in store.list(kind="goal", team_id="t1")] == ["g1"]
    assert len(store.list(cohort_id="c1", any_team=False)) == 1


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'wal.sqlite'}", create=True)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreUnavailable, match="no database at"):
        Store.open(f"sqlite:///{tmp_path / 'nope.sqlite'}")


def test_unwritable_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = "/proc/workbook/db.sqlite"  # root can write anywhere else
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        target = locked / "db.sqlite"
    with pytest.raises(StoreUnavailable):
        Store.open(f"sqlite:///{target}", create=True)


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are not the tables you are looking for " * 100)
    with pytest.raises(StoreUnavailable, match="cannot open"):
        Store.open(f"sqlite:///{path}")
    assert path.read_text().startswith("these are not")  # untouched


def test_database_from_a_newer_version_is_refused_untouched(db_url, tmp_path):
    store = Store.open(db_url, create=True)
    with store.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="99"))
    with pytest.raises(SchemaTooNew, match="newer version"):
        Store.open(db_url)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(schema.meta.c.value)).scalar() == "99"
    store.close()


def test_empty_sqlite_file_without_tables_needs_init(tmp_path):
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    with pytest.raises(StoreUnavailable, match="workbook init"):
        Store.open(f"sqlite:///{path}")


def test_schema_uses_only_portable_types():
    for table in schema.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, schema.Payload) else column.type
            assert isinstance(kind, (sa.String, sa.Integer, sa.JSON, sa.DateTime,
                                     sa.Boolean)), column


def test_bad_url_is_named(tmp_path):
    with pytest.raises(StoreUnavailable, match="not a database URL"):
        Store.open("::nonsense::")


# --- one transaction for many writes (a cohort file, a workbook import) -----------------

def test_a_transaction_writes_everything_or_nothing(store, db_url):
    other = Store.open(db_url)  # another connection pool: another kernel or command
    try:
        with store.transaction():
            first = store.create("team", {"name": "T"}, cohort_id="c")
            with store.transaction():  # a nested block joins the outer one
                second = store.create("vision", {"statement": "a"}, cohort_id="c",
                                      team_id=first.id)
            store.save(second.id, {"statement": "b"}, expected_version=1)  # locks its row
            assert store.get(second.id).payload == {"statement": "b"}  # sees its own writes
            if store.engine.dialect.name == "postgresql":  # (SQLite readers wait instead)
                assert other.list() == []  # nobody else sees them before the commit
        assert {r.id for r in other.list()} == {first.id, second.id}
        with pytest.raises(StaleVersion), store.transaction():
            store.create("goal", {"title": "g"}, cohort_id="c", team_id=first.id)
            store.delete(second.id, expected_version=2)
            store.save(first.id, {"name": "U"}, expected_version=1)
            store.save(second.id, {"statement": "c"}, expected_version=2)  # fails late
        assert [r.kind for r in other.list()] == ["team", "vision"]  # all rolled back
        assert len(other.history(second.id)) == 2 and other.get(first.id).version == 1
    finally:
        other.close()


def test_other_writers_wait_for_a_transaction_without_deadlock(store, db_url):
    import threading

    other = Store.open(db_url)
    done = threading.Event()

    def write_elsewhere():
        other.create("goal", {"title": "from another kernel"}, cohort_id="c", team_id="t")
        done.set()

    try:
        with store.transaction():
            rec = store.create("goal", {"title": "mine"}, cohort_id="c", team_id="t")
            thread = threading.Thread(target=write_elsewhere)
            thread.start()
            done.wait(0.5)  # SQLite: queued behind the block; PostgreSQL: a row of its own
            store.save(rec.id, {"title": "mine, saved"}, expected_version=1)
        thread.join(timeout=30)
        assert done.is_set()
        assert sorted(r.payload["title"] for r in store.list(kind="goal")) == [
            "from another kernel", "mine, saved"]
    finally:
        other.close()
