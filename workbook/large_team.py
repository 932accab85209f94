"""A team's workbook at the community limit, for the team-limit benchmark and tests.

``fill_to_limit`` first writes the ordinary sample workbook (``sample.fill_team``: every
section filled), then adds communities in chunks up to the limit, each with engagement
forms, submitted ratings by every member and an agreed phase, and activities that
refer to many of them. Writes go through the service (ratings as each rater), in
chunks of ``chunk`` items per transaction, so the service's own rules and its limit
apply. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random

from . import sample
from .frameworks import load
from .limits import MAX_COMMUNITIES_PER_TEAM
from .model.sections import Round
from .service import Session


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def fill_to_limit(session: Session, team_id: str, *, total: int = MAX_COMMUNITIES_PER_TEAM,
                  seed: int = 1, geo=None, chunk: int = 500, base: int = 20) -> int:
    """Fill a team's workbook to ``total`` communities (``session``: the coordinator or
    the system); returns how many communities the team then has."""
    rng = random.Random(seed)
    sample.fill_team(session, team_id, communities=min(base, total) - 1, seed=seed, geo=geo)
    have = len(session.items("community", team_id))
    members = session.people(team_id)
    writer = sample._as(session, members[0])
    cohort = session.cohort().data
    rubric = load().rubric(cohort.rubric)
    forms = load().forms.forms
    dims = [d.code for d in rubric.dimensions]
    start = min((w.date for w in cohort.workshops if w.date), default=dt.date(2026, 9, 1))
    extra = [{"name": f"{sample.PLACES[i % len(sample.PLACES)]} kogukond {i + 1}",
              "kind": "settlement", "size": rng.randrange(40, 900),
              "location": {"lat": 58.0 + rng.uniform(0, 1.4), "lon": 22.3 + rng.uniform(0, 5)},
              "needs": rng.sample(sample.NEEDS, 2)} for i in range(max(0, total - have))]
    made = []
    for part in _chunks(extra, chunk):
        made += writer.create_many("community", part, team_id=team_id)
    for part in _chunks(made, chunk):
        writer.create_many("engagement_form", [
            {"community_id": e.id, "form": form.name("et"), "level": form.level.value,
             "frequency": "kord kuus", "effectiveness": rng.randrange(1, 6)}
            for e in part for form in rng.sample(forms, 2)], team_id=team_id)
        for member in members:
            sample._as(session, member).create_many("assessment", [
                {"community_id": e.id, "rater_id": member.id, "rubric": rubric.code,
                 "round": Round.baseline.value, "date": start.isoformat(),
                 "ratings": {d: rng.randrange(1, rubric.top + 1) for d in dims},
                 "submitted": True} for e in part], team_id=team_id)
        writer.create_many("phase_consensus", [
            {"community_id": e.id, "rubric": rubric.code, "round": Round.baseline.value,
             "date": start.isoformat(), "phases": {d: rng.randrange(1, rubric.top + 1)
                                                   for d in dims},
             "reason": "Arutasime läbi.",
             "interventions": [i("et") for i in rubric.phase(2).interventions[:1]]}
            for e in part], team_id=team_id)
    if made:
        writer.create_many("activity", [
            {"title": f"Tegevus {i + 1}", "community_ids": [e.id for e in part],
             "start": (start + dt.timedelta(days=30 + 7 * i)).isoformat(),
             "end": (start + dt.timedelta(days=60 + 7 * i)).isoformat(), "status": "planned"}
            for i, part in enumerate(_chunks(made, 50))], team_id=team_id)
    return have + len(made)
