"""Staff notebooks' database: read-only, and on PostgreSQL limited to one cohort by
row-level security (workbook/store/readonly.py).

On PostgreSQL, creating a role needs a connection that may create roles: the test
cluster's superuser (``postgres``, as ``scripts/postgres`` sets it up), or the URL in
KOOSLOOME_TEST_PG_ADMIN.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from workbook import analysis, demo
from workbook.cohort_file import load_cohort
from workbook.model import Section
from workbook.service import Service
from workbook.store import readonly

PG = os.environ.get("KOOSLOOME_TEST_PG") or None
REFUSED = (sa.exc.DBAPIError,)


def admin_url() -> str | None:
    """A connection that may create roles on the test server (None: SQLite)."""
    if not PG:
        return None
    url = os.environ.get("KOOSLOOME_TEST_PG_ADMIN") or make_url(PG).set(
        username="postgres", password=None).render_as_string(hide_password=False)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not conn.execute(sa.text("SELECT rolsuper OR rolcreaterole FROM pg_roles "
                                        "WHERE rolname = current_user")).scalar():
                pytest.skip(f"{make_url(url).username} may not create roles")
    except sa.exc.OperationalError as exc:
        pytest.skip(f"no role-creating connection to the test server: {exc.orig}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def staff_roles(db_url):
    """``make(cohort_id)``: the cohort's read-only URL; the roles are dropped afterwards."""
    admin, made = admin_url(), []

    def make(cohort_id: str) -> str:
        made.append(cohort_id)
        return readonly.create_role(db_url, cohort_id, admin)

    yield make
    for cohort_id in dict.fromkeys(made) if admin else ():
        readonly.drop_role(cohort_id, admin)


def count(engine, sql: str, **params) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def test_a_staff_connection_reads_its_cohort_and_writes_nothing(cohort, db_url, staff_roles):
    other_id = load_cohort(cohort.service, demo.DEMO_FILE)  # a second cohort, same names
    ro = staff_roles(cohort.cohort_id)
    staff_roles(other_id)
    app = cohort.service.store.engine
    before = count(app, "SELECT count(*) FROM items")
    store = Service.open(ro).store
    try:
        own = count(store.engine, "SELECT count(*) FROM items WHERE cohort_id = :c",
                    c=cohort.cohort_id)
        assert own == count(app, "SELECT count(*) FROM items WHERE cohort_id = :c",
                            c=cohort.cohort_id) > 0
        assert count(store.engine, "SELECT count(*) FROM item_history") > 0
        hidden = count(store.engine, "SELECT count(*) FROM items WHERE cohort_id = :c",
                       c=other_id)
        hidden_history = count(store.engine, "SELECT count(*) FROM item_history h JOIN items i "
                               "ON i.id = h.item_id WHERE i.cohort_id = :c", c=other_id)
        if PG:  # row-level security: the other cohort is not there for this role
            assert hidden == 0 and hidden_history == 0
            assert count(store.engine, "SELECT count(*) FROM item_history") == count(
                app, "SELECT count(*) FROM item_history h JOIN items i ON i.id = h.item_id "
                "WHERE i.cohort_id = :c", c=cohort.cohort_id)
            for closed in ("access_keys", "presence"):  # keys and presence stay closed
                with pytest.raises(REFUSED, match="permission denied"):
                    count(store.engine, f"SELECT count(*) FROM {closed}")
        else:  # one file holds every cohort: read-only, not cohort-limited
            assert hidden > 0
        session = Service(store).login_hub("mart")  # the hub login, on the staff URL
        assert session.actor.cohort_id == (cohort.cohort_id if PG else other_id)
        team_id = session.teams()[0].id
        for write in (lambda: session.comment(team_id, Section.communities, "Tere"),
                      lambda: store.touch_presence(session.actor.person_id, team_id, "p")):
            with pytest.raises(REFUSED):
                write()
        with store.engine.connect() as conn:
            if PG:  # a read-write transaction does not help: the role has SELECT only
                conn.execute(sa.text("SET default_transaction_read_only = off"))
            with pytest.raises(REFUSED):
                conn.execute(sa.text("UPDATE items SET version = version + 1"))
    finally:
        store.close()
    assert count(app, "SELECT count(*) FROM items") == before


def test_the_analysis_api_under_the_hub_reads_through_the_staff_url(cohort, db_url,
                                                                    staff_roles, monkeypatch):
    ro = staff_roles(cohort.cohort_id)
    monkeypatch.setenv("WORKBOOK_DB", ro)
    monkeypatch.setenv("WORKBOOK_AUTH", "hub")
    monkeypatch.setenv("JUPYTERHUB_USER", "mart")
    monkeypatch.delenv("KOOSLOOME_MENTOR_KEY", raising=False)
    session = analysis.connect()
    teams = analysis.team_ids(session)
    assert "Saaremaa meeskond" in teams and len(analysis.review(session)) > 0
    assert "community" in analysis.frames(session, teams["Saaremaa meeskond"])
    with pytest.raises(REFUSED):  # a mentor's comment: allowed to them, refused by the database
        session.comment(teams["Saaremaa meeskond"], Section.communities, "Tere")
    session.store.close()


def test_making_the_role_again_keeps_it_working_and_the_app_writing(cohort, db_url,
                                                                    staff_roles):
    first = staff_roles(cohort.cohort_id)
    assert staff_roles(cohort.cohort_id) == first  # same password from the same app URL
    anne = cohort.login("Anne Vallasekretär")  # the app (table owner) still writes
    anne.create("goal", {"title": "Pärast"}, team_id=anne.actor.team_id)
    store = Service.open(first).store
    assert count(store.engine, "SELECT count(*) FROM items WHERE kind = 'goal'") == 1
    store.close()


def test_staff_urls():
    pg = "postgresql+psycopg://workbook:s3cret@db.example.ee:5432/workbook?options=x"
    ro = make_url(readonly.url(pg, "abc123"))
    assert ro.username == "workbook_ro_abc123" and ro.host == "db.example.ee"
    assert ro.query == {"options": "x"} and "s3cret" not in ro.password
    assert ro.password != make_url(readonly.url(pg, "abc124")).password
    assert readonly.url("sqlite:////srv/a b.sqlite", "c") == \
        "sqlite:///file:/srv/a%20b.sqlite?mode=ro&uri=true"
    with pytest.raises(ValueError):
        readonly.role_name("x'; DROP TABLE items; --")
