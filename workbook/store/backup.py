"""A portable backup of whole cohorts: every row, every version, every link.

The file is JSON, the same from SQLite and PostgreSQL, so a cohort moves between
them (``workbook db backup`` on one, ``workbook db restore`` on the other) with its
history, authors, times and personal links intact: people's links keep working.
Presence is left out (it is only who had a page open). Restoring is one transaction
and refuses a cohort whose ids are already in the database.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from pydantic import ValidationError

from ..exceptions import BadWorkbookFile, NotFound, SchemaTooNew
from ..model import KINDS, SCHEMA_VERSION
from ..model.upgrades import upgrade
from . import schema
from .items import Store

FORMAT = "koosloome-backup"
TABLES = {"items": schema.items, "history": schema.history, "keys": schema.access_keys}
TIMES = {"updated_at", "at", "created_at", "revoked_at", "last_used_at"}


def _row(mapping) -> dict:
    return {k: (v.astimezone(dt.UTC).isoformat() if isinstance(v, dt.datetime) else v)
            for k, v in mapping.items()}


def _rows_of(conn, cohort_id: str) -> dict[str, list[dict]]:
    items, history, keys = schema.items.c, schema.history.c, schema.access_keys.c
    ids = sa.select(items.id).where(items.cohort_id == cohort_id)
    queries = {
        "items": sa.select(schema.items).where(items.cohort_id == cohort_id).order_by(items.id),
        "history": sa.select(schema.history).where(history.item_id.in_(ids))
        .order_by(history.item_id, history.version),
        "keys": sa.select(schema.access_keys).where(keys.cohort_id == cohort_id)
        .order_by(keys.key_hash),
    }
    return {name: [_row(r._mapping) for r in conn.execute(q)] for name, q in queries.items()}


def backup(store: Store, cohort_ids: list[str] | None = None) -> dict:
    """Every row of the cohorts (all of them by default), JSON-ready."""
    with store.engine.connect() as conn:
        known = list(conn.execute(sa.select(schema.items.c.id).where(
            schema.items.c.kind == "cohort").order_by(schema.items.c.id)).scalars())
        for cohort_id in cohort_ids or []:
            if cohort_id not in known:
                raise NotFound(f"no cohort {cohort_id}; cohorts: {', '.join(known)}",
                               item_id=cohort_id)
        cohort_ids = known if cohort_ids is None else cohort_ids
        cohorts = [{"cohort_id": cid, **_rows_of(conn, cid)} for cid in cohort_ids]
    return {"format": FORMAT, "store_version": schema.STORE_VERSION,
            "schema_version": SCHEMA_VERSION, "cohorts": cohorts}


def _value_ok(column: sa.Column, value) -> bool:
    if value is None:
        return bool(column.nullable)
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return isinstance(value, bool)
    if isinstance(kind, sa.Integer):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(kind, sa.String):
        return isinstance(value, str) and len(value) <= (kind.length or 10**9)
    if isinstance(kind, sa.DateTime):
        return isinstance(value, dt.datetime)
    return isinstance(value, dict)  # the JSON payload


def _parsed(row, table: sa.Table, where: str) -> dict:
    """A row of ``table`` from the file: every column there, of the right type."""
    columns = {c.name: c for c in table.columns}
    if not isinstance(row, dict) or set(row) != set(columns):
        problem = (f"the fields must be {sorted(columns)}" if isinstance(row, dict)
                   else "not an object")
        raise BadWorkbookFile(f"{where}: {problem}", where=where)
    out = dict(row)
    for name in TIMES & set(out):
        if isinstance(out[name], str):
            try:
                out[name] = dt.datetime.fromisoformat(out[name])
            except ValueError as exc:
                raise BadWorkbookFile(f"{where}.{name}: not a time", where=where) from exc
    for name, column in columns.items():
        if not _value_ok(column, out[name]):
            raise BadWorkbookFile(f"{where}.{name}: not a valid value", where=f"{where}.{name}")
    return out


def _cohort_rows(cohort, where: str) -> tuple[str, dict[str, list[dict]]]:
    """The rows of one cohort of the file, each checked, all belonging to that cohort."""
    if not isinstance(cohort, dict) or not isinstance(cohort.get("cohort_id"), str):
        raise BadWorkbookFile(f"{where}: a cohort with a cohort_id is expected", where=where)
    cohort_id = cohort["cohort_id"]
    rows = {}
    for name, table in TABLES.items():
        found = cohort.get(name) or []
        if not isinstance(found, list):
            raise BadWorkbookFile(f"{where}.{name}: a list is expected", where=where)
        rows[name] = [_parsed(r, table, f"{where}.{name}[{j}]") for j, r in enumerate(found)]
    item_kinds = {r["id"]: r["kind"] for r in rows["items"]}
    if item_kinds.get(cohort_id) != "cohort":
        raise BadWorkbookFile(f"{where}: the cohort {cohort_id} itself is missing", where=where)
    for j, r in enumerate(rows["items"]):
        at = f"{where}.items[{j}]"
        if r["cohort_id"] != cohort_id:
            raise BadWorkbookFile(f"{at}: not a row of cohort {cohort_id}", where=at)
        if r["kind"] not in KINDS:
            raise BadWorkbookFile(f"{at}.kind: no kind {r['kind']}", where=at)
        try:
            KINDS[r["kind"]].model_validate(upgrade(r["kind"], r["schema_version"],
                                                    r["payload"]))
        except (ValidationError, SchemaTooNew) as exc:
            raise BadWorkbookFile(f"{at}.payload: not a valid {r['kind']}", where=at) from exc
    for j, r in enumerate(rows["history"]):
        if item_kinds.get(r["item_id"]) != r["kind"]:
            raise BadWorkbookFile(f"{where}.history[{j}]: not a version of this cohort's items",
                                  where=f"{where}.history[{j}]")
    for j, r in enumerate(rows["keys"]):
        if r["cohort_id"] != cohort_id or item_kinds.get(r["person_id"]) != "person":
            raise BadWorkbookFile(f"{where}.keys[{j}]: not a link of this cohort's people",
                                  where=f"{where}.keys[{j}]")
    return cohort_id, rows


def restore(store: Store, document) -> list[str]:
    """Write the cohorts of a backup into ``store``; returns their ids. Everything is
    checked first, then written in one transaction: all or nothing."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadWorkbookFile(f"not a {FORMAT} file", where="format")
    store_version, schema_version = document.get("store_version"), document.get("schema_version")
    if not (isinstance(store_version, int) and isinstance(schema_version, int)):
        raise BadWorkbookFile("store_version and schema_version: whole numbers are expected",
                              where="store_version")
    if store_version > schema.STORE_VERSION or schema_version > SCHEMA_VERSION:
        raise SchemaTooNew("the backup was written by a newer version of the workbook; "
                           "upgrade this program first")
    cohorts = document.get("cohorts")
    if not isinstance(cohorts, list):
        raise BadWorkbookFile("cohorts: a list is expected", where="cohorts")
    checked = [_cohort_rows(c, f"cohorts[{i}]") for i, c in enumerate(cohorts)]
    with store._writing() as conn:
        for i, (cohort_id, rows) in enumerate(checked):
            ids = [r["id"] for r in rows["items"]]
            taken = conn.execute(sa.select(sa.func.count()).select_from(schema.items)
                                 .where(schema.items.c.id.in_(ids))).scalar()
            hashes = [r["key_hash"] for r in rows["keys"]]
            taken += conn.execute(sa.select(sa.func.count()).select_from(schema.access_keys)
                                  .where(schema.access_keys.c.key_hash.in_(hashes))).scalar()
            if taken:
                raise BadWorkbookFile(f"cohorts[{i}]: cohort {cohort_id} (or some of its "
                                      "rows) is already in this database; nothing was "
                                      "restored", where=f"cohorts[{i}]")
            for name, table in TABLES.items():
                if rows[name]:
                    conn.execute(table.insert(), rows[name])
    return [cohort_id for cohort_id, _ in checked]
