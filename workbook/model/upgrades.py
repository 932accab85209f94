"""Upgrades of stored documents, one schema version at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..exceptions import SchemaTooNew
from .base import SCHEMA_VERSION

#: (kind, version) -> function turning a payload of that version into version + 1.
#: A kind without an entry for a version is unchanged by that step.
STEPS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgrade(kind: str, version: int, payload: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored payload up to the current ``SCHEMA_VERSION``."""
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(f"a {kind} was stored by a newer version of the workbook "
                           f"(document version {version}, this program knows up to "
                           f"{SCHEMA_VERSION})", found=version, known=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        step = STEPS.get((kind, version))
        if step is not None:
            payload = step(dict(payload))
        version += 1
    return payload
