"""The backup file (JSON): whole cohorts, every row of their documents, versions and links.

A row's fields are its table's columns (``store.schema``), so the models are made from
the tables: a column added there is in the file's model at once. The rules that span
rows (every row belongs to its cohort, every payload is a valid document of its kind,
every version and link is of the cohort's own) are the cohort model's validator.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
    model_validator,
)

from ..exceptions import SchemaTooNew
from ..model import KINDS
from ..model.upgrades import upgrade
from ..store import schema
from . import Listed, refuse

FORMAT = "koosloome-backup"


def _time(value: Any) -> Any:
    """A time is written as ISO 8601 text (a number is not a time here)."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not a time (ISO 8601 is expected)") from None
    if not isinstance(value, dt.datetime):
        raise ValueError("not a time (ISO 8601 is expected)")
    return value


def _field(column: sa.Column) -> Any:
    kind = column.type
    found: Any
    if isinstance(kind, sa.Boolean):
        found = StrictBool
    elif isinstance(kind, sa.Integer):
        found = StrictInt
    elif isinstance(kind, sa.String):
        found = Annotated[StrictStr, Field(max_length=kind.length)]
    elif isinstance(kind, sa.DateTime):
        found = Annotated[dt.datetime, BeforeValidator(_time)]
    else:  # the JSON payload
        found = dict[str, Any]
    return (found | None) if column.nullable else found


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _row_model(name: str, table: sa.Table) -> type[_Row]:
    fields: dict[str, Any] = {c.name: (_field(c), ...) for c in table.columns}
    return create_model(name, __base__=_Row, **fields)


if TYPE_CHECKING:
    ItemRow = _Row
    HistoryRow = _Row
    KeyRow = _Row
else:
    ItemRow = _row_model("ItemRow", schema.items)
    HistoryRow = _row_model("HistoryRow", schema.history)
    KeyRow = _row_model("KeyRow", schema.access_keys)


class BackupCohort(BaseModel):
    """One cohort's rows: its documents, their versions, its people's links."""

    model_config = ConfigDict(extra="forbid")

    cohort_id: StrictStr
    items: Listed[ItemRow] = Field(default_factory=list)
    history: Listed[HistoryRow] = Field(default_factory=list)
    keys: Listed[KeyRow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _its_own_rows(self) -> BackupCohort:
        refuse(self._problems())
        return self

    @cached_property
    def rows(self) -> dict[str, list[dict]]:
        """The rows by table name (``items``, ``history``, ``keys``), ready to insert
        (made once: the checks read them, then the restore writes them)."""
        return {name: [row.model_dump() for row in getattr(self, name)]
                for name in ("items", "history", "keys")}

    def _problems(self) -> list[tuple[str, str]]:
        rows = self.rows
        kinds = {r["id"]: r["kind"] for r in rows["items"]}
        if kinds.get(self.cohort_id) != "cohort":
            return [("cohort_id", f"the cohort {self.cohort_id} itself is missing")]
        out = []
        for j, r in enumerate(rows["items"]):
            if r["cohort_id"] != self.cohort_id:
                out.append((f"items[{j}]", f"not a row of cohort {self.cohort_id}"))
            elif r["kind"] not in KINDS:
                out.append((f"items[{j}].kind", f"no kind {r['kind']}"))
            elif not _valid(r):
                out.append((f"items[{j}].payload", f"not a valid {r['kind']}"))
        out += [(f"history[{j}]", "not a version of this cohort's items")
                for j, r in enumerate(rows["history"]) if kinds.get(r["item_id"]) != r["kind"]]
        out += [(f"keys[{j}]", "not a link of this cohort's people")
                for j, r in enumerate(rows["keys"])
                if r["cohort_id"] != self.cohort_id or kinds.get(r["person_id"]) != "person"]
        return out


def _valid(row: dict) -> bool:
    try:
        KINDS[row["kind"]].model_validate(upgrade(row["kind"], row["schema_version"],
                                                  row["payload"]))
    except (ValidationError, SchemaTooNew):
        return False
    return True


class BackupFile(BaseModel):
    """Whole cohorts, as ``workbook db backup`` writes them."""

    model_config = ConfigDict(extra="forbid", title="Koosloome backup file")

    format: Literal["koosloome-backup"]
    store_version: StrictInt = Field(ge=1, le=schema.STORE_VERSION)
    schema_version: StrictInt = Field(ge=1)
    cohorts: list[BackupCohort]
