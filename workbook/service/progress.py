"""How far a team has come in each section: a share from 0 to 1, with its basis."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ModelPartName, PilotPartName, Section
from ..section_registry import SECTIONS

MODEL_TOTAL = len(ModelPartName) + 2  # the text parts, the parties, the delegation plan
PILOT_TOTAL = len(PilotPartName)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


Items = dict[str, list[dict]]  # a team's live payloads by kind, each with its ``_id``


def section_progress(items: Items) -> dict[Section, Progress]:
    """Progress per section, by each section's rule (``section_registry``)."""
    return {spec.section: spec.call("progress", items) for spec in SECTIONS}


def communities(items: Items) -> Progress:
    """I: communities with a location, needs and resources."""
    found = items.get("community", [])
    return Progress(sum(1 for c in found if c.get("location") and c.get("needs")
                        and c.get("assets")), len(found))


def _community_ids(items: Items) -> set[str]:
    return {c["_id"] for c in items.get("community", [])}


def engagement(items: Items) -> Progress:
    """II: communities with at least one engagement form."""
    ids = _community_ids(items)
    return Progress(len({f["community_id"] for f in items.get("engagement_form", [])} & ids),
                    len(ids))


def phases(items: Items) -> Progress:
    """III: communities with an agreed phase."""
    ids = _community_ids(items)
    agreed = {c["community_id"] for c in items.get("phase_consensus", []) if c.get("phases")}
    return Progress(len(agreed & ids), len(ids))


def model(items: Items) -> Progress:
    """IV: the canvas's text parts, the parties and the delegation plan filled."""
    done = (len({p["part"] for p in items.get("model_part", []) if p.get("text")})
            + bool(items.get("model_party")) + bool(items.get("delegation")))
    return Progress(done, MODEL_TOTAL)


def plan(items: Items) -> Progress:
    """V: a vision, a goal, an activity."""
    vision = (items.get("vision") or [{}])[0]
    return Progress(bool(vision.get("statement")) + bool(items.get("goal"))
                    + bool(items.get("activity")), 3)


def pilot(items: Items) -> Progress:
    """The pilot: the report's parts filled."""
    return Progress(len({p["part"] for p in items.get("pilot_report", []) if p.get("text")}),
                    PILOT_TOTAL)
