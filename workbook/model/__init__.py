"""Pydantic models of the whole workbook; no I/O here."""

from .base import KINDS, SCHEMA_VERSION, Item, Personal, Scope, Section
from .people import Access, Cohort, Person, Side, Team, Workshop
from .sections import (Activity, ActivityStatus, Agreement, Asset, AssetCategory, Assessment,
                       CollaborationModel, Comment, Community, CommunityKind, Contact,
                       EngagementForm, GeoPoint, Goal, Level, MentoringSession, PhaseConsensus,
                       PilotReport, SectionStatus, Status, Vision)

__all__ = [
    "KINDS", "SCHEMA_VERSION", "Item", "Personal", "Scope", "Section", "Access", "Cohort",
    "Person", "Side", "Team", "Workshop", "Activity", "ActivityStatus", "Agreement", "Asset",
    "AssetCategory", "Assessment", "CollaborationModel", "Comment", "Community",
    "CommunityKind", "Contact", "EngagementForm", "GeoPoint", "Goal", "Level",
    "MentoringSession", "PhaseConsensus", "PilotReport", "SectionStatus", "Status", "Vision",
]
