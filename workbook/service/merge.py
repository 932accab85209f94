"""Three-way merge of a stale save: the version it started from, mine and theirs.

Fields only one side changed are taken from that side; a field both changed to
different values is a conflict. Mappings (a location, the ratings of a rubric)
merge key by key, so two raters' dimensions or a name and a location never clash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class FieldConflict:
    """A field both people changed: the value it had, mine and theirs."""

    path: str  # dotted, e.g. "needs" or "location.lat"
    base: Any
    mine: Any
    theirs: Any


def three_way(base: dict, mine: dict, theirs: dict, prefix: str = ""
              ) -> tuple[dict, list[FieldConflict]]:
    """The merged payload (theirs where both changed) and the conflicting fields."""
    merged: dict = {}
    conflicts: list[FieldConflict] = []
    for key in list(theirs) + [k for k in mine if k not in theirs]:
        b, m, t = base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING)
        path = f"{prefix}{key}"
        if m == t or m == b:
            value = t
        elif t == b:
            value = m
        elif all(isinstance(v, dict) for v in (b, m, t)):
            value, inner = three_way(b, m, t, f"{path}.")
            conflicts += inner
        else:
            conflicts.append(FieldConflict(path, None if b is _MISSING else b,
                                           None if m is _MISSING else m,
                                           None if t is _MISSING else t))
            value = t
        if value is not _MISSING:
            merged[key] = value
    return merged, conflicts


def apply_choices(merged: dict, choices: dict[str, Any]) -> dict:
    """``merged`` with the person's choice for each conflicting dotted path."""
    out = _copy(merged)
    for path, value in choices.items():
        node = out
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value
