"""Read-only, cohort-limited database access for staff notebooks (JupyterLab under the hub).

A mentor's or the coordinator's JupyterLab runs code of their own. Its kernels get
``url(app_url, cohort_id)`` as their database instead of the app's read-write URL:

- PostgreSQL: the login role ``workbook_ro_<cohort>``, with SELECT on the workbook's
  tables and nothing else, its transactions read-only by default, and row-level
  security policies that show it only its cohort's rows of ``items`` and
  ``item_history``. ``create_role`` creates or updates the role, its grants and its
  policies (``workbook db staff-role COHORT``). Creating a role needs a connection
  that may create roles (``admin_url``); the grants and policies are made by the
  owner of the tables (the app's URL).
- SQLite: the same file opened read-only (``file:…?mode=ro``). A file has no users:
  anyone who can run code as the file's owner can open it read-write, and every
  cohort is in it, so this only stops writes through the workbook's own API. A hub
  for a whole programme uses PostgreSQL.

The role's password is derived from the app's URL (an HMAC keyed by it): the hub
computes a staff server's URL when it spawns it, without storing another secret,
and learning a role's password tells nothing about the app's.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROLE_PREFIX = "workbook_ro_"
#: Tables a staff notebook reads; every other table (access keys, presence) stays closed.
READABLE = ("meta", "items", "item_history")
#: The app's own policy: RLS is switched on for these tables, and an app that does not
#: own them (a deployment with a separate owner) must keep seeing and writing every row.
APP_POLICY = "workbook_app"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _checked(cohort_id: str) -> str:
    if not _SAFE_ID.match(cohort_id or ""):
        raise ValueError(f"not a cohort id: {cohort_id!r}")
    return cohort_id


def role_name(cohort_id: str) -> str:
    """The PostgreSQL role that reads one cohort."""
    return ROLE_PREFIX + _checked(cohort_id).lower().replace("-", "_")


def password(app_url: str, cohort_id: str) -> str:
    """The role's password: an HMAC of the role name keyed by the app's URL."""
    key = make_url(app_url).render_as_string(hide_password=False).encode()
    return hmac.new(key, role_name(cohort_id).encode(), hashlib.sha256).hexdigest()


def url(app_url: str, cohort_id: str) -> str:
    """The read-only URL of ``cohort_id``'s data for the database at ``app_url``."""
    parsed = make_url(app_url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.query.get("uri") == "true" or parsed.database in (None, "", ":memory:"):
            return app_url  # already a URI filename (read-only or not), or in memory
        return f"sqlite:///file:{quote(parsed.database)}?mode=ro&uri=true"
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"no read-only staff access for {parsed.get_backend_name()}")
    return parsed.set(username=role_name(cohort_id), password=password(app_url, cohort_id)
                      ).render_as_string(hide_password=False)


def role_exists(engine: sa.Engine, cohort_id: str) -> bool:
    """Has ``create_role`` made this cohort's role (always True on SQLite)?"""
    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as conn:
        return _has_role(conn, role_name(cohort_id))


def _has_role(conn, role: str) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                        {"r": role}).first() is not None


def ensure_role(app_url: str, cohort_id: str) -> str:
    """The cohort's read-only URL, making its role first when it is missing (which
    needs an app user that may create roles)."""
    engine = sa.create_engine(app_url)
    try:
        exists = role_exists(engine, cohort_id)
    finally:
        engine.dispose()
    return url(app_url, cohort_id) if exists else create_role(app_url, cohort_id)


def create_role(app_url: str, cohort_id: str, admin_url: str | None = None) -> str:
    """Create or update ``cohort_id``'s read-only role, grants and policies; its URL.

    Nothing to create on SQLite. Running it again is harmless (and resets the role's
    password to the one derived from the current ``app_url``)."""
    ro_url = url(app_url, cohort_id)
    if make_url(app_url).get_backend_name() != "postgresql":
        return ro_url
    role = role_name(cohort_id)
    admin = sa.create_engine(admin_url or app_url)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                f'THEN CREATE ROLE "{role}"; END IF; END $$'))
            conn.execute(sa.text(f"ALTER ROLE \"{role}\" WITH LOGIN NOINHERIT NOCREATEDB "
                                 f"NOCREATEROLE PASSWORD '{password(app_url, cohort_id)}'"))
            conn.execute(sa.text(f'ALTER ROLE "{role}" SET default_transaction_read_only = on'))
    finally:
        admin.dispose()
    owner = sa.create_engine(app_url)
    try:
        with owner.begin() as conn:
            _grant(conn, role, cohort_id, make_url(app_url).username)
    finally:
        owner.dispose()
    return ro_url


def _grant(conn, role: str, cohort_id: str, app_user: str | None) -> None:
    """SELECT on the workbook's tables, and row-level security limited to the cohort."""
    schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    conn.execute(sa.text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
    tables = ", ".join(f'"{schema}"."{t}"' for t in READABLE)
    conn.execute(sa.text(f'GRANT SELECT ON {tables} TO "{role}"'))
    in_cohort = {
        "items": f"cohort_id = '{cohort_id}'",
        "item_history": "EXISTS (SELECT 1 FROM items i WHERE i.id = item_history.item_id "
                        f"AND i.cohort_id = '{cohort_id}')",
    }
    for table, condition in in_cohort.items():
        name = f'"{schema}"."{table}"'
        conn.execute(sa.text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
        conn.execute(sa.text(f'DROP POLICY IF EXISTS "{role}" ON {name}'))
        conn.execute(sa.text(f'CREATE POLICY "{role}" ON {name} FOR SELECT TO "{role}" '
                             f"USING ({condition})"))
        if app_user:
            conn.execute(sa.text(f'DROP POLICY IF EXISTS "{APP_POLICY}" ON {name}'))
            conn.execute(sa.text(f'CREATE POLICY "{APP_POLICY}" ON {name} TO "{app_user}" '
                                 "USING (true) WITH CHECK (true)"))


def drop_role(cohort_id: str, admin_url: str) -> None:
    """Remove a cohort's role, its grants and its policies (in this database)."""
    role = role_name(cohort_id)
    engine = sa.create_engine(admin_url)
    try:
        with engine.begin() as conn:
            if _has_role(conn, role):
                conn.execute(sa.text(f'DROP OWNED BY "{role}"'))
                conn.execute(sa.text(f'DROP ROLE "{role}"'))
    finally:
        engine.dispose()
