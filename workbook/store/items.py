"""Items with optimistic concurrency and full history, and access-key rows."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, overload

import sqlalchemy as sa

from ..exceptions import NotFound, StaleVersion
from ..model import SCHEMA_VERSION
from . import schema
from .engine import create_engine


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def _aware(value: dt.datetime) -> dt.datetime: ...
@overload
def _aware(value: None) -> None: ...
def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite drops the zone; we store UTC
        value = value.replace(tzinfo=dt.UTC)
    return value


def dialect_insert(engine: sa.Engine):
    """The INSERT with ON CONFLICT of this database (SQLite and PostgreSQL both have it)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert


def new_id() -> str:
    return uuid.uuid4().hex


#: The connection of each store's open ``Store.transaction()`` in this thread (or task).
_OPEN: ContextVar[dict] = ContextVar("workbook_store_transactions", default={})


@dataclass(frozen=True)
class Record:
    """One stored version of an item."""

    id: str
    kind: str
    cohort_id: str | None
    team_id: str | None
    version: int
    schema_version: int
    payload: dict[str, Any]
    author: str | None
    updated_at: dt.datetime
    deleted: bool = False


def _record(row) -> Record:
    m = row._mapping
    return Record(id=m["id"], kind=m["kind"], cohort_id=m["cohort_id"], team_id=m["team_id"],
                  version=m["version"], schema_version=m["schema_version"],
                  payload=m["payload"], author=m["author"], updated_at=_aware(m["updated_at"]),
                  deleted=bool(m["deleted"]))


@dataclass(frozen=True)
class NewItem:
    """An item to create: ``Store.insert`` writes many of them at once."""

    kind: str
    payload: dict[str, Any]
    cohort_id: str | None
    team_id: str | None = None
    author: str | None = None
    item_id: str | None = None


@dataclass(frozen=True)
class KeyRow:
    key_hash: str
    person_id: str
    cohort_id: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class Store:
    """Persistence of items: one row per item, every version kept in history."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, create: bool = False) -> Store:
        return cls(create_engine(url, create=create))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self):
        """One write transaction for everything inside: all of it is written, or none.

        Every read and write of this store inside the block, in this thread, joins the
        same connection, so a later step sees what an earlier one wrote and nothing
        waits for a lock the block itself holds: on SQLite the block queues once for the
        file's write lock (``WriteQueue``, then ``BEGIN IMMEDIATE``); on PostgreSQL the
        rows a save locks stay locked by this one transaction until the commit. An
        exception leaving the block rolls everything back; a nested block joins the
        outer one. Other threads and processes queue behind it as behind any save.
        """
        joined = _OPEN.get().get(id(self))
        if joined is not None:
            yield joined
            return
        queue = getattr(self.engine, "write_queue", None)
        with (queue.held() if queue else nullcontext()), self.engine.begin() as conn:
            token = _OPEN.set({**_OPEN.get(), id(self): conn})
            try:
                yield conn
            finally:
                _OPEN.reset(token)

    #: A write transaction, queued behind other writers; joins an open ``transaction()``.
    _writing = transaction

    @contextmanager
    def _reading(self):
        """A connection to read with: the open transaction's (it sees its own writes)."""
        joined = _OPEN.get().get(id(self))
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as conn:
            yield conn

    # --- items ------------------------------------------------------------------
    def create(self, kind: str, payload: dict, *, cohort_id: str | None,
               team_id: str | None = None, author: str | None = None,
               item_id: str | None = None) -> Record:
        return self.create_many(kind, [payload], cohort_id=cohort_id, team_id=team_id,
                                author=author, item_ids=[item_id])[0]

    def create_many(self, kind: str, payloads: list[dict], *, cohort_id: str | None,
                    team_id: str | None = None, author: str | None = None,
                    item_ids: Sequence[str | None] | None = None,
                    team_ids: list[str | None] | None = None) -> list[Record]:
        """Create several items in one transaction: all are written or none.

        ``team_ids`` gives each item its own team (a member import across teams).
        """
        ids = item_ids or [None] * len(payloads)
        teams = team_ids or [team_id] * len(payloads)
        return self.insert([NewItem(kind, payload, cohort_id, team, author, item_id)
                            for payload, item_id, team in zip(payloads, ids, teams)])

    def insert(self, new: list[NewItem]) -> list[Record]:
        """Create items of any kinds in one transaction (an import): all or none."""
        now = utcnow()
        rows = [dict(id=n.item_id or new_id(), kind=n.kind, cohort_id=n.cohort_id,
                     team_id=n.team_id, version=1, schema_version=SCHEMA_VERSION,
                     payload=n.payload, author=n.author, updated_at=now, deleted=False)
                for n in new]
        with self._writing() as conn:
            for values in rows:
                conn.execute(schema.items.insert().values(**values))
                self._remember(conn, values)
        return [_record_from(values) for values in rows]

    def save(self, item_id: str, payload: dict, *, expected_version: int,
             author: str | None = None, deleted: bool = False, revive: bool = False,
             merge: Callable[[dict, Record], dict] | None = None) -> Record:
        """Store a new version; refused with StaleVersion if ``expected_version`` is old.

        With ``merge``, a stale save is not refused: ``merge(base payload, latest
        record)`` gives the payload to store over the latest version, in the same
        transaction (no one can save in between), or raises to write nothing.
        A deleted item is refused too, unless ``revive`` (a restore from history).
        """
        now = utcnow()
        c = schema.items.c
        with self._writing() as conn:
            # The row stays locked until the commit (PostgreSQL; SQLite writers already
            # queue for the whole file): nobody can save between our read and our write.
            row = conn.execute(sa.select(schema.items).where(c.id == item_id)
                               .with_for_update()).first()
            if row is None:
                raise NotFound(f"no item {item_id}", item_id=item_id)
            current = _record(row)
            body = payload
            if current.deleted and not revive or (current.version != expected_version
                                                  and merge is None):
                raise StaleVersion(f"item {item_id} is at version {current.version}, the save "
                                   f"started from {expected_version}", current=current)
            if current.version != expected_version:
                base = conn.execute(sa.select(schema.history.c.payload).where(
                    schema.history.c.item_id == item_id,
                    schema.history.c.version == expected_version)).scalar_one_or_none()
                if base is None:
                    raise StaleVersion(f"item {item_id} has no version {expected_version}",
                                       current=current)
                assert merge is not None  # a stale save without merge was refused above
                body = merge(base, current)
            conn.execute(schema.items.update().where(c.id == item_id).values(
                version=current.version + 1, payload=body, author=author, updated_at=now,
                deleted=deleted, schema_version=SCHEMA_VERSION))
            row = conn.execute(sa.select(schema.items).where(c.id == item_id)).first()
            self._remember(conn, row._mapping)
        return _record(row)

    def delete(self, item_id: str, *, expected_version: int, author: str | None = None) -> Record:
        """Mark an item deleted (a new version); its history stays."""
        return self.save(item_id, self.get(item_id).payload, expected_version=expected_version,
                         author=author, deleted=True)

    def get(self, item_id: str, *, include_deleted: bool = False) -> Record:
        with self._reading() as conn:
            row = conn.execute(sa.select(schema.items)
                               .where(schema.items.c.id == item_id)).first()
        if row is None or (row._mapping["deleted"] and not include_deleted):
            raise NotFound(f"no item {item_id}", item_id=item_id)
        return _record(row)

    def list(self, *, kind: str | None = None, cohort_id: str | None = None,
             team_id: str | None = None, any_team: bool = True,
             deleted: bool = False) -> list[Record]:
        """Live (or, with ``deleted``, deleted) items matching every filter, oldest first."""
        q = sa.select(schema.items).where(schema.items.c.deleted == sa.true() if deleted
                                          else schema.items.c.deleted == sa.false())
        if kind is not None:
            q = q.where(schema.items.c.kind == kind)
        if cohort_id is not None:
            q = q.where(schema.items.c.cohort_id == cohort_id)
        if team_id is not None:
            q = q.where(schema.items.c.team_id == team_id)
        elif not any_team:
            q = q.where(schema.items.c.team_id.is_(None))
        q = q.order_by(schema.items.c.updated_at, schema.items.c.id)
        with self._reading() as conn:
            return [_record(r) for r in conn.execute(q)]

    def taken(self, ids: builtins.list[str]) -> set[str]:
        """Which of ``ids`` the store has (deleted items too), a few queries for many."""
        found: set[str] = set()
        with self._reading() as conn:
            for start in range(0, len(ids), 500):
                found.update(conn.execute(sa.select(schema.items.c.id).where(
                    schema.items.c.id.in_(ids[start:start + 500]))).scalars())
        return found

    def count(self, *, kind: str, cohort_id: str, team_id: str) -> int:
        """How many live items of ``kind`` a team has (one COUNT, no payloads loaded)."""
        c = schema.items.c
        q = (sa.select(sa.func.count()).select_from(schema.items)
             .where(c.kind == kind, c.cohort_id == cohort_id, c.team_id == team_id,
                    c.deleted == sa.false()))
        with self._reading() as conn:
            return int(conn.execute(q).scalar_one())

    def change_marker(self, cohort_id: str, team_id: str, *, not_by: str | None = None
                      ) -> tuple[int, str]:
        """Changes with every create, save or delete in a team's workbook by anyone
        but ``not_by`` (a page ignores its own person's saves)."""
        c = schema.items.c
        q = (sa.select(sa.func.count(), sa.func.max(c.updated_at))
             .where(c.cohort_id == cohort_id, c.team_id == team_id))
        if not_by is not None:
            q = q.where(sa.or_(c.author.is_(None), c.author != not_by))
        with self._reading() as conn:
            count, latest = conn.execute(q).one()
        return int(count), str(latest)

    def version(self, item_id: str, version: int) -> Record:
        """One earlier version of an item, from its history."""
        for rec in self.history(item_id):
            if rec.version == version:
                return rec
        raise NotFound(f"no version {version} of item {item_id}", item_id=item_id)

    # --- presence ---------------------------------------------------------------------
    def touch_presence(self, person_id: str, team_id: str, page: str) -> None:
        insert = dialect_insert(self.engine)(schema.presence).values(
            person_id=person_id, team_id=team_id, page=page, seen_at=utcnow())
        with self._writing() as conn:  # one statement: two tabs of one person never clash
            conn.execute(insert.on_conflict_do_update(
                index_elements=["person_id", "team_id"],
                set_={"page": insert.excluded.page, "seen_at": insert.excluded.seen_at}))

    def present(self, team_id: str, since: dt.datetime) -> builtins.list[tuple[str, str]]:
        """(person id, page) of everyone whose page on the team was seen after ``since``."""
        p = schema.presence.c
        with self._reading() as conn:
            rows = conn.execute(sa.select(p.person_id, p.page)
                                .where(p.team_id == team_id, p.seen_at > since)
                                .order_by(p.person_id)).all()
        return [(r.person_id, r.page) for r in rows]

    def leave(self, person_id: str, team_id: str) -> None:
        p = schema.presence.c
        with self._writing() as conn:
            conn.execute(schema.presence.delete()
                         .where(p.person_id == person_id, p.team_id == team_id))

    def preference(self, person_id: str, name: str) -> str | None:
        """A person's setting kept between visits (their language), or None."""
        m = schema.meta.c
        with self._reading() as conn:
            return conn.execute(sa.select(m.value).where(
                m.key == f"{name}:{person_id}")).scalar_one_or_none()

    def set_preference(self, person_id: str, name: str, value: str) -> None:
        key = f"{name}:{person_id}"
        insert = dialect_insert(self.engine)(schema.meta).values(key=key, value=value[:200])
        with self._writing() as conn:
            conn.execute(insert.on_conflict_do_update(index_elements=["key"],
                                                      set_={"value": insert.excluded.value}))

    def history(self, item_id: str) -> builtins.list[Record]:
        h = schema.history.c
        q = sa.select(schema.history).where(h.item_id == item_id).order_by(h.version)
        with self._reading() as conn:
            rows = conn.execute(q).all()
            head = conn.execute(sa.select(schema.items.c.cohort_id, schema.items.c.team_id)
                                .where(schema.items.c.id == item_id)).first()
        if head is None:
            raise NotFound(f"no item {item_id}", item_id=item_id)
        return [Record(id=r.item_id, kind=r.kind, cohort_id=head.cohort_id,
                       team_id=head.team_id, version=r.version,
                       schema_version=r.schema_version, payload=r.payload, author=r.author,
                       updated_at=_aware(r.at), deleted=bool(r.deleted)) for r in rows]

    @staticmethod
    def _remember(conn, values) -> None:
        conn.execute(schema.history.insert().values(
            item_id=values["id"], version=values["version"], kind=values["kind"],
            schema_version=values["schema_version"], payload=values["payload"],
            author=values["author"], at=values["updated_at"], deleted=values["deleted"]))

    # --- access keys -----------------------------------------------------------------
    def add_key(self, key_hash: str, *, person_id: str, cohort_id: str,
                created_by: str | None) -> None:
        with self._writing() as conn:
            conn.execute(schema.access_keys.insert().values(
                key_hash=key_hash, person_id=person_id, cohort_id=cohort_id,
                created_at=utcnow(), created_by=created_by))

    def find_key(self, key_hash: str) -> KeyRow | None:
        with self._reading() as conn:
            row = conn.execute(sa.select(schema.access_keys)
                               .where(schema.access_keys.c.key_hash == key_hash)).first()
        return None if row is None else _key(row)

    def key_live(self, key_hash: str) -> bool:
        """Whether a key is unrevoked and its person is still in the workbook (one query:
        open pages ask this about every second)."""
        k, i = schema.access_keys.c, schema.items.c
        q = (sa.select(sa.literal(1))
             .select_from(schema.access_keys.join(schema.items, i.id == k.person_id))
             .where(k.key_hash == key_hash, k.revoked_at.is_(None), i.deleted == sa.false()))
        with self._reading() as conn:
            return conn.execute(q).first() is not None

    def keys_of(self, cohort_id: str) -> builtins.list[KeyRow]:
        with self._reading() as conn:
            rows = conn.execute(sa.select(schema.access_keys)
                                .where(schema.access_keys.c.cohort_id == cohort_id)
                                .order_by(schema.access_keys.c.created_at)).all()
        return [_key(r) for r in rows]

    def touch_key(self, key_hash: str) -> None:
        with self._writing() as conn:
            conn.execute(schema.access_keys.update()
                         .where(schema.access_keys.c.key_hash == key_hash)
                         .values(last_used_at=utcnow()))

    def revoke_keys(self, person_id: str) -> int:
        """Revoke every live key of a person; returns how many."""
        k = schema.access_keys.c
        with self._writing() as conn:
            return conn.execute(schema.access_keys.update()
                                .where(k.person_id == person_id, k.revoked_at.is_(None))
                                .values(revoked_at=utcnow())).rowcount


def _key(row) -> KeyRow:
    m = row._mapping
    return KeyRow(key_hash=m["key_hash"], person_id=m["person_id"], cohort_id=m["cohort_id"],
                  created_at=_aware(m["created_at"]), revoked_at=_aware(m["revoked_at"]),
                  last_used_at=_aware(m["last_used_at"]))


def _record_from(values: dict) -> Record:
    return Record(**{k: values[k] for k in ("id", "kind", "cohort_id", "team_id", "version",
                                            "schema_version", "payload", "author",
                                            "updated_at", "deleted")})
