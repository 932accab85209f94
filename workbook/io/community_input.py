"""One validation for a community's raw values, shared by the form and every importer.

Raw values are strings keyed by the canonical names in ``COLUMNS``; a file's
headers are matched to them through ``HEADER_ALIASES`` (see ``columns``). The
result is a payload the Community model accepts: ``validate`` is called here, so
the model's rules are the only rules. Problems name the column and the value as
the person typed them.
"""

from __future__ import annotations

import re
from typing import Any

from ..exceptions import ValidationFailed
from ..geo.coords import parse_number
from ..geo.gazetteer import fold
from ..model.sections import CommunityKind
from ..service.validation import validate
from .columns import (
    ASSET_COLUMNS,
    CATEGORY_ALIASES,
    COLUMNS,
    GENERIC_ASSETS,
    HEADER_ALIASES,
    KIND_ALIASES,
    column_for,
    kind_for,
)
from .location_input import PAIRS, is_number, read_location, typed_location
from .problems import Note, Problem

__all__ = ["ASSET_COLUMNS", "COLUMNS", "GENERIC_ASSETS", "HEADER_ALIASES", "KIND_ALIASES",
           "PAIRS", "Note", "Problem", "checked_row", "column_for", "community_payload",
           "typed_location"]


def _size(text: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    if is_number(text) and parse_number(text).is_integer():
        return int(parse_number(text))
    problems.append(Problem("size", text, "int_parsing"))
    return None


def _items(text: str, separators: str = r"[;\n]") -> list[str]:
    """A list from one cell: one item per line when the cell has several lines (as the
    form and the XLSX export write lists, so an item may hold a ``;``), otherwise
    items separated by ``separators``."""
    if "\n" in text.strip():
        separators = "\n"
    return [part.strip() for part in re.split(separators, text) if part.strip()]


def _assets(fields: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Assets from every category column; ``physical: hall`` moves an entry to a category."""
    assets, sources = [], []
    for column in ASSET_COLUMNS:
        for item in _items(fields.get(column, "")):
            category, text = column.removeprefix("assets_"), item
            head, colon, rest = item.partition(":")
            if colon and rest.strip() and fold(head) in CATEGORY_ALIASES:
                category, text = CATEGORY_ALIASES[fold(head)].value, rest.strip()
            assets.append({"category": category, "text": text})
            sources.append(column)
    return assets, sources


def community_payload(fields: dict[str, str]) -> tuple[dict | None, list[Problem]]:
    """Raw values → a payload the Community model accepts, or None and the problems."""
    payload, problems, _notes = checked_row(fields)
    return payload, problems


def checked_row(fields: dict[str, str]) -> tuple[dict | None, list[Problem], list[Note]]:
    """``community_payload`` and the notes on what was put right (swapped coordinates,
    L-EST97 converted), for the import preview."""
    raw = {k: "" if v is None else str(v).replace("\r\n", "\n").strip()
           for k, v in fields.items()}
    problems: list[Problem] = []
    kind = kind_for(raw.get("kind", ""))
    if kind is None:
        problems.append(Problem("kind", raw["kind"], "import.unknown_kind"))
    size = _size(raw.get("size", ""), problems)
    point, where, changed = read_location(raw)
    assets, sources = _assets(raw)
    payload = {
        "name": raw.get("name", ""),
        "kind": (kind or CommunityKind.settlement).value,
        "location": point,
        "settlement_codes": _items(raw.get("settlement_codes", ""), r"[;,\n]"),
        "organisations": _items(raw.get("organisations", "")),
        "size": size,
        "contact": {"name": raw.get("contact_name", ""), "email": raw.get("contact_email", ""),
                    "phone": raw.get("contact_phone", "")},
        "needs": _items(raw.get("needs", "")),
        "assets": assets,
        "notes": raw.get("notes", ""),
    }
    problems += where
    try:
        validate("community", payload)
    except ValidationFailed as exc:
        problems += [_model_problem(payload, sources, *error) for error in exc.errors]
    return (None, problems, []) if problems else (payload, [], changed)


def _model_problem(payload: dict, sources: list[str], where: str, code: str,
                   params: dict) -> Problem:
    """A model error (``contact.email``, ``needs.0``, ``assets.2.text``) as a column's,
    with the value that was refused."""
    path = where.split(".")
    value: Any = payload
    for step in path:
        if isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            value = value.get(step) if isinstance(value, dict) else None
    column = path[0]
    if column == "contact" and len(path) > 1:
        column = f"contact_{path[1]}"
    elif column == "assets" and len(path) > 1 and path[1].isdigit():
        column = sources[int(path[1])]
    return Problem(column, "" if value is None else str(value),
                   code, {k: v for k, v in params.items() if k != "input"})
