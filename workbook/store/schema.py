"""Tables of the store and the store's own schema version."""

from __future__ import annotations

import sqlalchemy as sa

#: Version of the database layout. Upgrades run one step at a time (``UPGRADES``).
STORE_VERSION = 2

metadata = sa.MetaData()


class Payload(sa.types.TypeDecorator):
    """JSON documents: JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.

    The PostgreSQL dialect is imported only when PostgreSQL is used: ``with_variant``
    would import it (2 MB) into every page's kernel on SQLite too."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(sa.JSON())


meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

items = sa.Table(
    "items", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("cohort_id", sa.String(32), nullable=True),
    sa.Column("team_id", sa.String(32), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("payload", Payload(), nullable=False),
    sa.Column("author", sa.String(64), nullable=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_items_scope", "cohort_id", "team_id", "kind"),
)

history = sa.Table(
    "item_history", metadata,
    sa.Column("item_id", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("payload", Payload(), nullable=False),
    sa.Column("author", sa.String(64), nullable=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
)

access_keys = sa.Table(
    "access_keys", metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("person_id", sa.String(32), nullable=False, index=True),
    sa.Column("cohort_id", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
)

#: Who has a team's workbook open now: one row per person and team, refreshed by
#: every open page every few seconds.
presence = sa.Table(
    "presence", metadata,
    sa.Column("person_id", sa.String(32), primary_key=True),
    sa.Column("team_id", sa.String(32), primary_key=True),
    sa.Column("page", sa.String(64), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)


def _add_presence(conn) -> None:
    presence.create(conn)


#: store version n -> function(conn) upgrading it to n + 1.
UPGRADES: dict = {1: _add_presence}
