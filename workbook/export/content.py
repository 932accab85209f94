"""Everything a seminar export shows of one team, read once through the service.

Every exporter (report, slides, spreadsheet, GeoJSON) formats this one object, so
they agree on what a team's workbook holds. Personal contact data is dropped
here unless the export asks for it, so no exporter can leak it by mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .. import engagement, phases, plan
from ..frameworks import Rubric
from ..model import PERSONAL_FIELDS, Section, Status
from ..model.sections import Round
from ..service import Entry, Session


@dataclass
class TeamContent:
    cohort: Entry
    team: Entry
    rubric: Rubric
    personal: bool
    exported_on: dt.date
    members: list[Entry]
    names: dict[str, str]  # person id -> name (members and staff)
    statuses: dict[Section, Status]
    communities: list[Entry]
    phases: dict[str, int]  # community id -> latest agreed overall phase
    matrix: list[engagement.MatrixRow]
    forms: list[Entry]
    agreements: list[Entry]
    consensus: list[Entry]
    model_parts: dict[str, str]  # part name -> Markdown
    parties: list[Entry]
    delegations: list[Entry]
    vision: str
    goals: list[Entry]
    activities: list[Entry]
    mentoring: list[Entry]
    pilot_parts: dict[str, str]
    community_names: dict[str, str] = field(default_factory=dict)
    _consensus_index: dict | None = field(default=None, repr=False, compare=False)

    @property
    def hours_used(self) -> Decimal:
        return plan.hours_used(self.mentoring)

    @property
    def budget(self) -> Decimal:
        return plan.budget_total(self.activities)

    @property
    def pilot_activities(self) -> list[Entry]:
        return [a for a in self.activities if a.data.pilot]

    def overall(self, consensus: Entry) -> int | None:
        """The overall phase of one agreed assessment (the rubric's rule)."""
        return phases.agreed_phase(consensus, self.rubric)

    def consensus_of(self, community_id: str, round_: Round) -> Entry | None:
        """The first agreed assessment of a community in a round (an index, built once:
        a scan per community made a team at the community limit take minutes)."""
        if self._consensus_index is None:
            self._consensus_index = {}
            for c in self.consensus:
                self._consensus_index.setdefault((c.data.community_id, c.data.round), c)
        return self._consensus_index.get((community_id, round_))


def _by_name(entries: list[Entry], attr: str) -> list[Entry]:
    return sorted(entries, key=lambda e: str(getattr(e.data, attr)).casefold())


def _without_contacts(entry: Entry) -> Entry:
    """The entry with its personal data (``PERSONAL_FIELDS``) back at their defaults."""
    fields = type(entry.data).model_fields
    data = entry.data.model_copy(update={
        name: fields[name].get_default(call_default_factory=True)
        for name in PERSONAL_FIELDS.get(entry.kind, ())})
    return Entry(id=entry.id, kind=entry.kind, team_id=entry.team_id, version=entry.version,
                 author=entry.author, updated_at=entry.updated_at, data=data,
                 deleted=entry.deleted)


def collect(session: Session, team_id: str, *, personal: bool = False,
            today: dt.date | None = None) -> TeamContent:
    """Read a team's whole workbook for an export (the session checks access)."""
    session.require_export(team_id, personal=personal)
    team = session.team(team_id)
    cohort = session.cohort()
    rubric = phases.cohort_rubric(session)
    items = lambda kind: session.items(kind, team_id)  # noqa: E731
    strip = (lambda e: e) if personal else _without_contacts
    members = [strip(p) for p in _by_name(session.people(team_id), "name")]
    communities = [strip(c) for c in _by_name(items("community"), "name")]
    consensus = [c for c in items("phase_consensus") if c.data.rubric == rubric.code]
    activities = sorted(items("activity"),
                        key=lambda e: (e.data.start or dt.date.max, e.data.title.casefold()))
    vision = next(iter(items("vision")), None)
    return TeamContent(
        cohort=cohort, team=team, rubric=rubric, personal=personal,
        exported_on=today or dt.date.today(), members=members,
        names={p.id: p.data.name for p in session.people(team_id)
               + session.people(staff=True)},
        statuses=session.statuses(team_id), communities=communities,
        phases=phases.overall_by_community(session, team_id),
        matrix=engagement.matrix(session, team_id),
        forms=sorted(items("engagement_form"), key=lambda e: (
            engagement.LEVELS.index(e.data.level), e.data.form.casefold())),
        agreements=_by_name(items("agreement"), "title"), consensus=consensus,
        model_parts={e.data.part.value: e.data.text for e in items("model_part")},
        parties=_by_name(items("model_party"), "name"),
        delegations=_by_name(items("delegation"), "service"),
        vision=vision.data.statement if vision else "",
        goals=_by_name(items("goal"), "title"), activities=activities,
        mentoring=sorted(items("mentoring_session"), key=lambda e: e.data.date),
        pilot_parts={e.data.part.value: e.data.text for e in items("pilot_report")},
        community_names={c.id: c.data.name for c in communities})
