"""Who may do what: the role x action x own/other team matrix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..model import Access, Status


class Action(str, Enum):
    read = "read"  # see a team's workbook
    write = "write"  # change a team's section content
    comment = "comment"  # comment and reply
    submit = "submit"  # mark a section draft or submitted
    review = "review"  # mark a section reviewed
    mentoring = "mentoring"  # log mentoring hours
    admin = "admin"  # cohort set-up: teams, people, links


MEMBER_ACTIONS = {Action.read, Action.write, Action.comment, Action.submit, Action.mentoring}
MENTOR_ACTIONS = {Action.read, Action.comment, Action.review, Action.mentoring}


@dataclass(frozen=True)
class Actor:
    """The person behind a request."""

    person_id: str
    name: str
    access: Access
    cohort_id: str
    team_id: str | None = None


def allowed(actor: Actor, action: Action, team_id: str | None) -> bool:
    """May ``actor`` do ``action`` on team ``team_id`` (None: cohort level)?"""
    if actor.access is Access.coordinator:
        return True
    if actor.access is Access.mentor:
        return action in MENTOR_ACTIONS and (team_id is not None or action is Action.read)
    return (action in MEMBER_ACTIONS and team_id is not None and team_id == actor.team_id)


COHORT_KINDS = {"cohort", "team", "person"}


def action_for_write(kind: str, payload: dict) -> Action:
    """The action that writing an item of ``kind`` with ``payload`` needs."""
    if kind in COHORT_KINDS:
        return Action.admin
    if kind == "comment":
        return Action.comment
    if kind == "mentoring_session":
        return Action.mentoring
    if kind == "section_status":
        return Action.review if payload.get("status") == Status.reviewed.value else Action.submit
    return Action.write
