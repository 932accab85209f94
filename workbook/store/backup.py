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
from ..file_models import bad_file
from ..file_models.backup_file import FORMAT, BackupFile
from ..model import SCHEMA_VERSION
from . import schema
from .items import Store

TABLES = {"items": schema.items, "history": schema.history, "keys": schema.access_keys}


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


def restore(store: Store, document) -> list[str]:
    """Write the cohorts of a backup into ``store``; returns their ids. Everything is
    checked first, then written in one transaction: all or nothing."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadWorkbookFile(f"not a {FORMAT} file", where="format")
    store_version, schema_version = document.get("store_version"), document.get("schema_version")
    if (isinstance(store_version, int) and store_version > schema.STORE_VERSION
            or isinstance(schema_version, int) and schema_version > SCHEMA_VERSION):
        raise SchemaTooNew("the backup was written by a newer version of the workbook; "
                           "upgrade this program first")
    try:
        checked = [(c.cohort_id, c.rows) for c in BackupFile.model_validate(document).cohorts]
    except ValidationError as exc:
        raise bad_file(exc) from exc
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
