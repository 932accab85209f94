"""Turning pydantic errors into (field, code, params) the UI can translate."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..exceptions import ValidationFailed
from ..model import KINDS, Item


def field_errors(exc: ValidationError) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"]) or "*"
        params = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        params["input"] = str(err.get("input"))[:80]
        out.append((field, err["type"], params))
    return out


def validate(kind: str, payload: dict) -> Item:
    """Validate ``payload`` as a ``kind``; raise ValidationFailed naming each bad field."""
    cls = KINDS.get(kind)
    if cls is None:
        raise ValidationFailed(f"unknown kind {kind!r}",
                               errors=[("kind", "unknown_kind", {"input": kind})])
    try:
        return cls.model_validate(payload)
    except ValidationError as exc:
        errors = field_errors(exc)
        summary = "; ".join(f"{f}: {c}" for f, c, _ in errors)
        raise ValidationFailed(f"invalid {kind}: {summary}", errors=errors) from exc
