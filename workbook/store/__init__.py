"""Persistence on SQLAlchemy Core: a SQLite file by default, any SQLAlchemy URL."""

from .items import KeyRow, NewItem, Record, Store, new_id, utcnow

__all__ = ["KeyRow", "NewItem", "Record", "Store", "new_id", "utcnow"]
