"""Workshop III logic: each member's blind ratings, the team's consensus, overall phases.

The page calls only these functions. Ratings are stored per rater as
``Assessment`` items; the agreed phases per dimension as one ``PhaseConsensus``
per community, round and rubric.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .frameworks import DISAGREEMENT, Rubric, load, overall_phase, score, spread
from .model.sections import Round
from .service import Entry, Session


@dataclass
class Overview:
    """What one person may see of one community's assessment in one round."""

    rubric: Rubric
    mine: Entry | None
    others: list[Entry]  # visible (the viewer submitted, or is staff)
    consensus: Entry | None
    scores: dict[str, float] = field(default_factory=dict)  # mean of submitted ratings
    spreads: dict[str, int] = field(default_factory=dict)
    suggested: int | None = None  # truncated mean of the dimension means

    @property
    def submitted(self) -> list[Entry]:
        return [e for e in ([self.mine] if self.mine else []) + self.others if e.data.submitted]

    def disagreement(self, dimension: str) -> bool:
        return self.spreads.get(dimension, 0) >= DISAGREEMENT

    @property
    def agreed(self) -> int | None:
        """The overall phase from the agreed phases (the framework's rule)."""
        return None if self.consensus is None else agreed_phase(self.consensus, self.rubric)


def agreed_phase(consensus: Entry, rubric: Rubric) -> int | None:
    """A consensus's overall phase: the mean of its agreed dimensions, truncated."""
    phases = {k: float(v) for k, v in consensus.data.phases.items()}
    return overall_phase(phases, [d.code for d in rubric.dimensions])


def phase_mean(phases: dict[str, float], rubric: Rubric) -> float | None:
    """The mean of the dimension phases the overall phase is derived from (None until
    every dimension has one), to show next to the overall phase."""
    codes = [d.code for d in rubric.dimensions]
    if not codes or any(code not in phases for code in codes):
        return None
    return sum(float(phases[code]) for code in codes) / len(codes)


def cohort_rubric(session: Session) -> Rubric:
    return load().rubric(session.cohort().data.rubric)


def _of(entries: list[Entry], community_id: str, round_: Round, rubric: str) -> list[Entry]:
    return [e for e in entries if e.data.community_id == community_id
            and e.data.round == round_ and e.data.rubric == rubric]


def overview(session: Session, team_id: str, community_id: str, round_: Round) -> Overview:
    rubric = cohort_rubric(session)
    assessments = _of(session.items("assessment", team_id), community_id, round_, rubric.code)
    me = session.actor.person_id
    mine = next((e for e in assessments if e.data.rater_id == me), None)
    others = [e for e in assessments if e.data.rater_id != me]
    consensus = next(iter(_of(session.items("phase_consensus", team_id), community_id, round_,
                              rubric.code)), None)
    result = Overview(rubric, mine, others, consensus)
    ratings = [e.data.ratings for e in result.submitted]
    dims = [d.code for d in rubric.dimensions]
    s = score(ratings, dims)
    result.scores, result.suggested = s.dimensions, s.overall
    result.spreads = {d: spread(ratings, d) for d in dims}
    return result


def save_ratings(session: Session, team_id: str, community_id: str, round_: Round,
                 ratings: dict[str, int], *, submit: bool, current: Entry | None,
                 notes: str = "") -> Entry:
    """Save (or submit) the person's own ratings; StaleVersion/AlreadySubmitted refuse."""
    rubric = cohort_rubric(session)
    payload = {"community_id": community_id, "rater_id": session.actor.person_id,
               "rubric": rubric.code, "round": round_.value,
               "date": (current.data.date if current else dt.date.today()).isoformat(),
               "ratings": ratings, "submitted": submit, "notes": notes}
    if current is None:
        return session.create("assessment", payload, team_id=team_id)
    return session.save(current.id, payload, expected_version=current.version)


def save_consensus(session: Session, team_id: str, community_id: str, round_: Round,
                   phases: dict[str, int], reason: str, interventions: list[str], *,
                   current: Entry | None) -> Entry:
    rubric = cohort_rubric(session)
    payload = {"community_id": community_id, "rubric": rubric.code, "round": round_.value,
               "date": dt.date.today().isoformat(), "phases": phases, "reason": reason,
               "interventions": interventions}
    if current is None:
        return session.create("phase_consensus", payload, team_id=team_id)
    return session.save(current.id, payload, expected_version=current.version)


def overall_by_community(session: Session, team_id: str) -> dict[str, int]:
    """Each community's latest agreed overall phase (follow-up before baseline)."""
    rubric = cohort_rubric(session)
    found: dict[str, int] = {}
    for round_ in (Round.baseline, Round.followup):  # later rounds overwrite earlier
        for e in session.items("phase_consensus", team_id):
            if e.data.round == round_ and e.data.rubric == rubric.code:
                overall = agreed_phase(e, rubric)
                if overall is not None:
                    found[e.data.community_id] = overall
    return found


def change(session: Session, team_id: str, community_id: str) -> dict[str, tuple[int, int]]:
    """Per dimension: (baseline, follow-up) agreed phases, where both rounds agreed one."""
    rubric = cohort_rubric(session)
    by_round = {e.data.round: e.data.phases for e in session.items("phase_consensus", team_id)
                if e.data.community_id == community_id and e.data.rubric == rubric.code}
    base, follow = by_round.get(Round.baseline, {}), by_round.get(Round.followup, {})
    return {d.code: (base[d.code], follow[d.code]) for d in rubric.dimensions
            if d.code in base and d.code in follow}
