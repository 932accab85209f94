"""Workshop II logic: engagement forms per community, the matrix, cooperation agreements."""

from __future__ import annotations

from dataclasses import dataclass

from .model.sections import Level
from .service import Entry, Session

LEVELS = list(Level)


@dataclass(frozen=True)
class MatrixRow:
    community_id: str
    name: str
    by_level: dict[Level, list[str]]  # level -> names of the forms used at that level

    @property
    def highest(self) -> Level | None:
        used = [lv for lv in LEVELS if self.by_level.get(lv)]
        return used[-1] if used else None

    @property
    def only_informing(self) -> bool:
        """Engagement that stays at informing (or none at all)."""
        return self.highest in (None, Level.inform)


def matrix(session: Session, team_id: str) -> list[MatrixRow]:
    """One row per community: the forms in use at each engagement level."""
    forms: dict[str, dict[Level, list[str]]] = {}
    for entry in session.items("engagement_form", team_id):
        forms.setdefault(entry.data.community_id, {}).setdefault(entry.data.level, []).append(
            entry.data.form)
    communities = sorted(session.items("community", team_id),
                         key=lambda e: e.data.name.casefold())
    return [MatrixRow(c.id, c.data.name, forms.get(c.id, {})) for c in communities]


def forms_of(session: Session, team_id: str, community_id: str) -> list[Entry]:
    return sorted((e for e in session.items("engagement_form", team_id)
                   if e.data.community_id == community_id),
                  key=lambda e: (LEVELS.index(e.data.level), e.data.form.casefold()))


def save(session: Session, team_id: str, kind: str, payload: dict, *,
         current: Entry | None) -> Entry:
    """Create or save an engagement form or an agreement (the service validates)."""
    if current is None:
        return session.create(kind, payload, team_id=team_id)
    return session.save(current.id, payload, expected_version=current.version)
