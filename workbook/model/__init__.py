"""Pydantic models of the whole workbook; no I/O here."""

from .base import (
                   KINDS,
                   PERSONAL_FIELDS,
                   SCHEMA_VERSION,
                   Item,
                   Personal,
                   Scope,
                   Section,
                   without_personal,
)
from .people import Access, Cohort, Person, Side, Team, Workshop
from .sections import (
                   Activity,
                   ActivityStatus,
                   Agreement,
                   Assessment,
                   Asset,
                   AssetCategory,
                   Comment,
                   Community,
                   CommunityKind,
                   Contact,
                   Delegation,
                   EngagementForm,
                   GeoPoint,
                   Goal,
                   Level,
                   MentoringSession,
                   ModelPart,
                   ModelPartName,
                   ModelParty,
                   PhaseConsensus,
                   PilotPartName,
                   PilotReport,
                   SectionStatus,
                   Status,
                   Vision,
)

__all__ = [
    "KINDS", "PERSONAL_FIELDS", "SCHEMA_VERSION", "without_personal", "Item", "Personal",
    "Scope", "Section", "Access", "Cohort",
    "Person", "Side", "Team", "Workshop", "Activity", "ActivityStatus", "Agreement", "Asset",
    "AssetCategory", "Assessment", "Comment", "Community", "CommunityKind", "Contact",
    "Delegation", "EngagementForm", "GeoPoint", "Goal", "Level", "MentoringSession",
    "ModelPart", "ModelPartName", "ModelParty", "PhaseConsensus", "PilotPartName", "PilotReport",
    "SectionStatus", "Status", "Vision",
]
