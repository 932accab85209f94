"""Opening the database: URL checks, SQLite pragmas, schema creation and upgrades."""

from __future__ import annotations

import fcntl
import logging
import os
import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from ..exceptions import SchemaTooNew, StoreUnavailable
from . import schema

log = logging.getLogger(__name__)


def _sqlite_path(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.query.get("uri") == "true" and url.database.startswith("file:"):
        # a URI filename (read-only staff access: file:/path?mode=ro), see readonly.py
        return Path(unquote(url.database[len("file:"):].split("?", 1)[0]))
    return Path(url.database)


def _read_only(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.query.get("mode") == "ro"


def _check_sqlite_path(path: Path, create: bool, read_only: bool = False) -> None:
    if path.exists():
        wanted = os.R_OK if read_only else os.R_OK | os.W_OK
        if not os.access(path, wanted):
            raise StoreUnavailable(f"the database file {path} cannot be "
                                   + ("read" if read_only else "read and written"),
                                   path=str(path))
        return
    if read_only:
        raise StoreUnavailable(f"there is no database at {path}", path=str(path))
    if not create:
        raise StoreUnavailable(f"there is no database at {path}; create one with "
                               "`workbook demo` or `workbook init`", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the folder {path.parent}: {exc.strerror}",
                               path=str(path)) from exc
    if not os.access(path.parent, os.W_OK):
        raise StoreUnavailable(f"the folder {path.parent} is not writable", path=str(path))


def _sqlite_pragmas(dbapi_conn, _record):
    # Let SQLAlchemy's BEGIN below control transactions (pysqlite would defer them).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={READ_BUSY_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_read_only_pragmas(dbapi_conn, _record):
    """A read-only open (``mode=ro``): no journal changes, and SQLite refuses writes."""
    dbapi_conn.isolation_level = None
    for pragma in (f"busy_timeout={READ_BUSY_MS}", "foreign_keys=ON", "query_only=ON"):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def _sqlite_read_begin(conn):
    conn.connection.dbapi_connection.execute("BEGIN")  # deferred: never the write lock


READ_BUSY_MS = 10_000
WRITE_WAIT_S = 20.0


def _sqlite_begin(conn):
    """Take the write lock at the start: no deadlock between two upgrading readers.

    SQLite's own busy handler sleeps longer and longer (up to 100 ms a try) while
    another writer holds the lock, which makes the slowest saves slow when forty
    people save at once. Here the lock is asked for again every millisecond or two,
    with jitter, until ``WRITE_WAIT_S`` has passed.
    """
    raw = conn.connection.dbapi_connection
    raw.execute("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + WRITE_WAIT_S
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.002))
    finally:
        raw.execute(f"PRAGMA busy_timeout={READ_BUSY_MS}")


class WriteQueue:
    """Writers to one SQLite file wait in the kernel's queue, not in a polling loop.

    Every write transaction first takes an exclusive ``flock`` on a file beside
    the database. Waiting processes sleep until the lock is free, instead of
    asking SQLite for its write lock again and again; with forty writers on two
    cores the polling itself was using the CPU the writers needed.
    """

    def __init__(self, database: Path | None):
        self.path = None if database is None else Path(f"{database}-writelock")

    @contextmanager
    def held(self):
        if self.path is None:
            yield
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def create_engine(url_text: str, *, create: bool = False) -> sa.Engine:
    """An engine for ``url_text`` with the schema in place and at the current version."""
    try:
        url = make_url(url_text)
    except sa.exc.ArgumentError as exc:
        raise StoreUnavailable(f"not a database URL: {url_text!r}", path=url_text) from exc
    path, read_only = _sqlite_path(url), _read_only(url)
    if path is not None:
        _check_sqlite_path(path, create and not read_only, read_only)
    options = {}
    if url.get_backend_name() == "postgresql":
        # every page's kernel holds its own pool: keep each one small, and drop
        # connections the server closed (a restart) instead of failing a save
        options = {"pool_size": 2, "max_overflow": 4, "pool_pre_ping": True}
    try:
        engine = sa.create_engine(url, future=True, **options)
    except ModuleNotFoundError as exc:  # e.g. a URL for a driver that is not installed
        raise StoreUnavailable(f"no database driver for {url.drivername}: {exc.name} is "
                               "not installed", path=url_text) from exc
    engine.write_queue = WriteQueue(None if read_only else path)  # type: ignore[attr-defined]
    if read_only:
        sa.event.listen(engine, "connect", _sqlite_read_only_pragmas)
        sa.event.listen(engine, "begin", _sqlite_read_begin)
    elif url.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    try:
        engine.migrated_from = _prepare_schema(engine, create)  # type: ignore[attr-defined]
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        reason = " ".join(str(exc.orig).split())  # one line (psycopg adds a hint line)
        if path is not None and ("locked" in reason or "busy" in reason):
            reason = ("it is locked by another program; nothing was changed, try again "
                      "when that program has finished")
        raise StoreUnavailable(f"cannot open the database {url.render_as_string()}: "
                               f"{reason}", path=str(path or url_text)) from exc
    return engine


#: Serialises schema creation and upgrades between processes on PostgreSQL.
SCHEMA_LOCK = 7_301_202_601


def _prepare_schema(engine: sa.Engine, create: bool) -> int | None:
    """Create the tables, or upgrade them one version at a time; the version found
    (None: the tables were created now)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # two servers starting at once
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        has_meta = sa.inspect(conn).has_table("meta")
        if not has_meta:
            if not create:
                raise StoreUnavailable("the database has no workbook tables; create it with "
                                       "`workbook init`", path=str(engine.url))
            schema.metadata.create_all(conn)
            conn.execute(schema.meta.insert().values(key="store_version",
                                                     value=str(schema.STORE_VERSION)))
            return None
        found = before = int(conn.execute(sa.select(schema.meta.c.value)
                                 .where(schema.meta.c.key == "store_version")).scalar_one())
        if found > schema.STORE_VERSION:
            raise SchemaTooNew(
                f"the database was written by a newer version of the workbook (store version "
                f"{found}; this program knows up to {schema.STORE_VERSION}); upgrade the "
                "program, the data is left untouched", found=found, known=schema.STORE_VERSION)
        while found < schema.STORE_VERSION:
            log.info("upgrading the store from version %s", found)
            schema.UPGRADES[found](conn)
            found += 1
            conn.execute(schema.meta.update().where(schema.meta.c.key == "store_version")
                         .values(value=str(found)))
    return before
