"""The documents of each workbook section (I-V and the pilot)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .base import Item, ItemId, LongText, Name, Personal, Section, ShortText, register


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- I: communities -----------------------------------------------------------------

class CommunityKind(str, Enum):
    settlement = "settlement"
    district = "district"
    interest = "interest"
    organisation = "organisation"


class AssetCategory(str, Enum):
    individuals = "individuals"
    associations = "associations"
    institutions = "institutions"
    physical = "physical"
    economic = "economic"
    cultural = "cultural"


class GeoPoint(_Part):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Asset(_Part):
    category: AssetCategory
    text: Name


class Contact(Personal):
    name: ShortText = ""


@register
class Community(Item):
    KIND = "community"
    SECTION = Section.communities

    name: Name
    kind: CommunityKind = CommunityKind.settlement
    location: GeoPoint | None = None
    settlement_codes: list[ShortText] = Field(default_factory=list)
    organisations: list[ShortText] = Field(default_factory=list)
    size: int | None = Field(default=None, ge=0, le=2_000_000)
    contact: Contact = Field(default_factory=Contact)
    needs: list[ShortText] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    notes: LongText = ""


# --- II: engagement forms and agreements -------------------------------------------

class Level(str, Enum):
    inform = "inform"
    consult = "consult"
    involve = "involve"
    collaborate = "collaborate"
    empower = "empower"


class Initiator(str, Enum):
    municipality = "municipality"
    community = "community"
    both = "both"


@register
class EngagementForm(Item):
    KIND = "engagement_form"
    SECTION = Section.engagement

    community_id: ItemId
    form: Name
    level: Level
    frequency: ShortText = ""
    initiator: Initiator = Initiator.municipality
    effectiveness: int | None = Field(default=None, ge=1, le=5)
    notes: LongText = ""


class AgreementStatus(str, Enum):
    idea = "idea"
    draft = "draft"
    agreed = "agreed"


@register
class Agreement(Item):
    KIND = "agreement"
    SECTION = Section.engagement

    title: Name
    parties: list[ShortText] = Field(default_factory=list)
    principles: LongText = ""
    representatives: LongText = ""
    selection: LongText = ""
    municipality_commits: LongText = ""
    community_commits: LongText = ""
    status: AgreementStatus = AgreementStatus.idea
    review_date: dt.date | None = None


# --- III: development phases --------------------------------------------------------

class Round(str, Enum):
    baseline = "baseline"
    followup = "followup"


@register
class Assessment(Item):
    """One rater's ratings of one community: dimension code -> phase number."""

    KIND = "assessment"
    SECTION = Section.phases

    community_id: ItemId
    rater_id: ItemId
    rubric: ShortText
    round: Round = Round.baseline
    date: dt.date
    ratings: dict[str, int] = Field(default_factory=dict)
    submitted: bool = False
    notes: LongText = ""

    @model_validator(mode="after")
    def _ratings_positive(self):
        bad = {k: v for k, v in self.ratings.items() if v < 1}
        if bad:
            raise PydanticCustomError("phase_below_one", "phases start at 1: {bad}",
                                      {"bad": str(bad)})
        return self


@register
class PhaseConsensus(Item):
    """The phase a team agreed on for one community, per dimension, with a reason."""

    KIND = "phase_consensus"
    SECTION = Section.phases

    community_id: ItemId
    rubric: ShortText
    round: Round = Round.baseline
    date: dt.date
    phases: dict[str, int] = Field(default_factory=dict)
    reason: LongText = ""
    interventions: list[ShortText] = Field(default_factory=list)


# --- IV: collaboration model ------------------------------------------------------
# The canvas is several items, each saved on its own, so two people can fill two
# parts at once: one ModelPart per text part, and one item per party or delegation.

class ModelPartName(str, Enum):
    aims = "aims"
    principles = "principles"
    forms_by_phase = "forms_by_phase"
    representation = "representation"
    decisions = "decisions"
    communication = "communication"
    resources = "resources"
    intercommunity = "intercommunity"
    advocacy = "advocacy"


@register
class ModelPart(Item):
    """One text part of the collaboration model canvas (Markdown)."""

    KIND = "model_part"
    SECTION = Section.model

    part: ModelPartName
    text: LongText = ""


@register
class ModelParty(Item):
    KIND = "model_party"
    SECTION = Section.model

    name: Name
    side: ShortText = ""
    role: ShortText = ""
    contact_point: ShortText = ""


@register
class Delegation(Item):
    """A public service the municipality could delegate to a community or NGO."""

    KIND = "delegation"
    SECTION = Section.model

    service: Name
    partner: ShortText = ""
    form: ShortText = ""
    indicators: LongText = ""
    timeline: ShortText = ""


# --- V: vision and action plan ------------------------------------------------------

@register
class Vision(Item):
    KIND = "vision"
    SECTION = Section.plan

    statement: LongText = ""


@register
class Goal(Item):
    KIND = "goal"
    SECTION = Section.plan

    title: Name
    indicator: ShortText = ""
    target: ShortText = ""


class ActivityStatus(str, Enum):
    planned = "planned"
    under_way = "under_way"
    done = "done"
    dropped = "dropped"


@register
class Activity(Item):
    KIND = "activity"
    SECTION = Section.plan

    title: Name
    goal_id: ItemId | None = None
    community_ids: list[ItemId] = Field(default_factory=list)
    owner: ShortText = ""
    partners: ShortText = ""
    start: dt.date | None = None
    end: dt.date | None = None
    resources: LongText = ""
    budget_eur: Decimal | None = Field(default=None, ge=0, le=10_000_000, decimal_places=2)
    indicator: ShortText = ""
    status: ActivityStatus = ActivityStatus.planned
    pilot: bool = False
    notes: LongText = ""

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError("end_before_start", "the end date is before the start date")
        return self


# --- pilot and mentoring ------------------------------------------------------------

@register
class MentoringSession(Item):
    KIND = "mentoring_session"
    SECTION = Section.pilot

    date: dt.date
    mentor_id: ItemId | None = None
    hours: Decimal = Field(gt=0, le=12, decimal_places=2)
    topics: LongText = ""
    agreements: LongText = ""
    next_steps: LongText = ""


class PilotPartName(str, Enum):
    tried = "tried"
    worked = "worked"
    changes = "changes"
    highlights = "highlights"


@register
class PilotReport(Item):
    """One part of the pilot's results and lessons (Markdown), saved on its own."""

    KIND = "pilot_report"
    SECTION = Section.pilot

    part: PilotPartName
    text: LongText = ""


# --- review -------------------------------------------------------------------------

@register
class Comment(Item):
    """A mentor's or member's comment on a section or on one item."""

    KIND = "comment"

    section: Section
    item_id: ItemId | None = None
    parent_id: ItemId | None = None
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=5000)]
    resolved: bool = False
    author_id: ShortText = ""  # set by the service: who wrote it (may edit the body)
    written_at: dt.datetime | None = None  # set by the service; threads sort by it


class Status(str, Enum):
    draft = "draft"
    submitted = "submitted"
    reviewed = "reviewed"


@register
class SectionStatus(Item):
    KIND = "section_status"

    section: Section
    status: Status = Status.draft
