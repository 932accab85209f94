"""Throwaway databases for tests and benchmarks: a SQLite file, or a PostgreSQL schema.

With a PostgreSQL server URL, every scratch database is a new schema on that
server, reached through ``search_path`` in the URL, so each test starts empty and
nothing it writes is seen by another. Without one, it is a SQLite file.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import cast
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def new_database(folder: Path, name: str = "workbook", server: str | None = None) -> str:
    """The URL of a new, empty database: a file in ``folder``, or a schema on ``server``."""
    if not server:
        return f"sqlite:///{Path(folder) / f'{name}.sqlite'}"
    schema = f"t_{uuid.uuid4().hex[:16]}"
    engine = sa.create_engine(server)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options={quote(f'-csearch_path={schema}')}"


def drop_database(url: str) -> None:
    """Remove a scratch schema (a SQLite file goes with its folder)."""
    parsed = make_url(url)
    options = cast(str, parsed.query.get("options", ""))  # one value: create_database's
    if parsed.get_backend_name() != "postgresql" or "search_path=" not in options:
        return
    schema = options.split("search_path=", 1)[1]
    engine = sa.create_engine(parsed.difference_update_query(["options"]))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()
