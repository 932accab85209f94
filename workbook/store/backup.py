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

from ..exceptions import BadWorkbookFile, SchemaTooNew
from ..model import SCHEMA_VERSION
from . import schema
from .items import Store

FORMAT = "koosloome-backup"
TABLES = {"items": schema.items, "history": schema.history, "keys": schema.access_keys}
TIMES = {"updated_at", "at", "created_at", "revoked_at", "last_used_at"}


def _row(mapping) -> dict:
    return {k: (v.astimezone(dt.timezone.utc).isoformat() if isinstance(v, dt.datetime) else v)
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
        if cohort_ids is None:
            cohort_ids = list(conn.execute(sa.select(schema.items.c.id).where(
                schema.items.c.kind == "cohort").order_by(schema.items.c.id)).scalars())
        cohorts = [{"cohort_id": cid, **_rows_of(conn, cid)} for cid in cohort_ids]
    return {"format": FORMAT, "store_version": schema.STORE_VERSION,
            "schema_version": SCHEMA_VERSION, "cohorts": cohorts}


def _parsed(row: dict, table: sa.Table, where: str) -> dict:
    names = {c.name for c in table.columns}
    if not isinstance(row, dict) or set(row) - names:
        raise BadWorkbookFile(f"{where}: unexpected fields {sorted(set(row) - names)}"
                              if isinstance(row, dict) else f"{where}: not an object",
                              where=where)
    out = dict(row)
    for name in TIMES & set(out):
        if out[name] is not None:
            try:
                out[name] = dt.datetime.fromisoformat(out[name])
            except (TypeError, ValueError) as exc:
                raise BadWorkbookFile(f"{where}.{name}: not a time", where=where) from exc
    return out


def restore(store: Store, document) -> list[str]:
    """Write the cohorts of a backup into ``store``; returns their ids. All or nothing."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadWorkbookFile(f"not a {FORMAT} file", where="format")
    versions = (document.get("store_version"), document.get("schema_version"))
    if not all(isinstance(v, int) for v in versions):
        raise BadWorkbookFile("store_version and schema_version: whole numbers are expected",
                              where="store_version")
    if versions[0] > schema.STORE_VERSION or versions[1] > SCHEMA_VERSION:
        raise SchemaTooNew("the backup was written by a newer version of the workbook; "
                           "upgrade this program first")
    restored = []
    with store._writing() as conn:
        for i, cohort in enumerate(document.get("cohorts") or []):
            where = f"cohorts[{i}]"
            taken = conn.execute(sa.select(sa.func.count()).select_from(schema.items).where(
                schema.items.c.cohort_id == cohort.get("cohort_id"))).scalar()
            if taken:
                raise BadWorkbookFile(f"{where}: cohort {cohort.get('cohort_id')} is already "
                                      "in this database (nothing was restored)", where=where)
            for name, table in TABLES.items():
                rows = [_parsed(r, table, f"{where}.{name}[{j}]")
                        for j, r in enumerate(cohort.get(name) or [])]
                if rows:
                    try:
                        conn.execute(table.insert(), rows)
                    except sa.exc.IntegrityError as exc:
                        raise BadWorkbookFile(f"{where}.{name}: an id is already in this "
                                              "database (nothing was restored)",
                                              where=where) from exc
            restored.append(cohort["cohort_id"])
    return restored
