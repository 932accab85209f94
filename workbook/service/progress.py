"""How far a team has come in each section: a share from 0 to 1, with its basis."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ModelPartName, PilotPartName, Section

MODEL_TOTAL = len(ModelPartName) + 2  # the text parts, the parties, the delegation plan
PILOT_TOTAL = len(PilotPartName)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


def section_progress(items: dict[str, list[dict]]) -> dict[Section, Progress]:
    """Progress per section from a team's live payloads, grouped by kind.

    I: communities with a location, needs and resources; II: communities with at
    least one engagement form; III: communities with an agreed phase; IV: parts of
    the canvas filled; V: vision, a goal, an activity; pilot: report parts filled.
    """
    communities = items.get("community", [])
    n = len(communities)
    described = sum(1 for c in communities
                    if c.get("location") and c.get("needs") and c.get("assets"))
    engaged = {f["community_id"] for f in items.get("engagement_form", [])}
    agreed = {c["community_id"] for c in items.get("phase_consensus", []) if c.get("phases")}
    ids = {c["_id"] for c in communities}
    model_done = (len({p["part"] for p in items.get("model_part", []) if p.get("text")})
                  + bool(items.get("model_party")) + bool(items.get("delegation")))
    report_done = len({p["part"] for p in items.get("pilot_report", []) if p.get("text")})
    vision = (items.get("vision") or [{}])[0]
    plan_done = (bool(vision.get("statement")) + bool(items.get("goal"))
                 + bool(items.get("activity")))
    return {
        Section.communities: Progress(described, n),
        Section.engagement: Progress(len(engaged & ids), n),
        Section.phases: Progress(len(agreed & ids), n),
        Section.model: Progress(model_done, MODEL_TOTAL),
        Section.plan: Progress(plan_done, 3),
        Section.pilot: Progress(report_done, PILOT_TOTAL),
    }
