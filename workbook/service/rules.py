"""Rules that span items: blind assessments, references to communities, rating scales.

Blind until submitted: a team member sees other members' ratings of a community
only after submitting their own for the same community, round and rubric (the two
independent scorers of the Community Readiness Model). Mentors and the
coordinator do not rate, so they see every rating.
"""

from __future__ import annotations

from .. import limits
from ..exceptions import (
    AlreadySubmitted,
    MissingReference,
    PermissionDenied,
    TooManyCommunities,
    ValidationFailed,
)
from ..model import Access
from ..store import Record
from .permissions import Actor

REFERS_TO_COMMUNITY = ("engagement_form", "assessment", "phase_consensus")


def _key(payload: dict) -> tuple:
    return payload.get("community_id"), payload.get("round"), payload.get("rubric")


def hidden(actor: Actor, records: list[Record]) -> set[str]:
    """Ids of the assessments in ``records`` this actor may not see yet."""
    if actor.access is not Access.member:
        return set()
    assessments = [r for r in records if r.kind == "assessment"]
    submitted = {_key(r.payload) for r in assessments
                 if r.payload.get("rater_id") == actor.person_id and r.payload.get("submitted")}
    return {r.id for r in assessments
            if r.payload.get("rater_id") != actor.person_id and _key(r.payload) not in submitted}


def check_community(session, kind: str, payload: dict, team_id: str | None) -> None:
    """An item about communities must name live communities of the same team."""
    if kind in REFERS_TO_COMMUNITY:
        wanted = [payload.get("community_id")]
    elif kind == "activity":
        wanted = list(payload.get("community_ids") or [])
    else:
        return
    for community_id in wanted:
        try:
            community = session.store.get(community_id)
        except Exception:  # noqa: BLE001 - NotFound or a deleted row: both mean "gone"
            community = None
        if community is None or community.kind != "community" or community.team_id != team_id:
            raise MissingReference(f"community {community_id} is gone or not in team {team_id}",
                                   item=community_id)


def check_community_limit(session, kind: str, team_id: str | None, adding: int) -> None:
    """A team's workbook holds at most ``MAX_COMMUNITIES_PER_TEAM`` live communities
    (one COUNT query; an import past the limit writes nothing)."""
    if kind != "community" or team_id is None or adding <= 0:
        return
    limit = limits.MAX_COMMUNITIES_PER_TEAM
    count = session.store.count(kind="community", cohort_id=session.actor.cohort_id,
                                team_id=team_id)
    if count + adding > limit:
        raise TooManyCommunities(f"team {team_id} has {count} communities; {adding} more "
                                 f"would pass the limit of {limit}",
                                 limit=limit, count=count, adding=adding)


def check_assessment(actor: Actor, payload: dict, current: dict | None, top: int,
                     dimensions: list[str]) -> None:
    """Raters rate as themselves, within the scale; a submitted assessment is final."""
    if actor.access is Access.member and payload.get("rater_id") != actor.person_id:
        raise PermissionDenied("a member rates only as themselves")
    if current and current.get("submitted") and actor.access is Access.member:
        raise AlreadySubmitted("this assessment is already submitted")
    check_scale(payload, "ratings", top, dimensions)


def check_scale(payload: dict, field: str, top: int, dimensions: list[str]) -> None:
    """Ratings (an assessment's) or agreed phases (a consensus's) are phases 1..top of
    the rubric's own dimensions."""
    errors = []
    for dim, value in (payload.get(field) or {}).items():
        if dim not in dimensions:
            errors.append((f"{field}.{dim}", "unknown_dimension", {"input": dim}))
        elif not 1 <= value <= top:
            errors.append((f"{field}.{dim}", "rating_out_of_scale",
                           {"input": str(value), "top": str(top)}))
    if errors:
        raise ValidationFailed(f"{field} outside the rubric: " + ", ".join(e[0] for e in errors),
                               errors=errors)


def check_username(session, payload: dict, current: dict | None) -> None:
    """A JupyterHub login names one person of a cohort (the hub identifies people by it)."""
    name = payload.get("username") or ""
    if not name or (current and current.get("username") == name):
        return
    taken = [r for r in session.store.list(kind="person", cohort_id=session.actor.cohort_id)
             if r.payload.get("username") == name]
    if taken:
        raise ValidationFailed(f"the user name {name} is taken in this cohort",
                               errors=[("username", "username_taken", {"input": name})])


def check_comment(actor: Actor, payload: dict, current: dict | None) -> None:
    """Only its author changes a comment's text (the service sets the author on
    creation); anyone who may comment may resolve or reopen a thread."""
    if current is None:
        return
    keep = {k: v for k, v in current.items() if k != "resolved"}
    if actor.person_id != current.get("author_id") and keep != {
            k: v for k, v in payload.items() if k != "resolved"}:
        raise PermissionDenied("only its author edits a comment")
    if payload.get("author_id") != current.get("author_id"):
        raise PermissionDenied("a comment's author does not change")
