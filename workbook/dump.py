"""A team's whole workbook as one JSON-ready dict, with the schema version."""

from __future__ import annotations

from .model import KINDS, SCHEMA_VERSION, Scope
from .service import Session


def dump_team(session: Session, team_id: str) -> dict:
    team = session.team(team_id)
    out = {"schema_version": SCHEMA_VERSION,
           "team": {"id": team.id, **team.data.model_dump(mode="json")},
           "members": [{"id": p.id, **p.data.model_dump(mode="json")}
                       for p in session.people(team_id)],
           "items": {}}
    for kind, cls in KINDS.items():
        if cls.SCOPE is Scope.team:
            out["items"][kind] = [{"id": e.id, "version": e.version,
                                   **e.data.model_dump(mode="json")}
                                  for e in session.items(kind, team_id)]
    return out
