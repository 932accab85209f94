"""Working together: presence, live-update markers, comments and section review.

A mixin of ``Session``: every method checks the person's permission first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..exceptions import MissingReference, PermissionDenied
from ..model import KINDS, Section, Status
from .permissions import Action

if TYPE_CHECKING:
    from ..model import Item
    from ..store import Store
    from .permissions import Actor
    from .service import Entry, Service

#: A page counts as open while it has reported within this many seconds.
PRESENCE_SECONDS = 20
#: Kinds that are about the workbook rather than its content.
META_KINDS = {"comment", "section_status"}


@dataclass(frozen=True)
class SectionReview:
    """One cell of the mentor's matrix: a team's section."""

    team_id: str
    section: Section
    status: Status
    status_at: dt.datetime | None
    last_change: dt.datetime | None
    open_comments: int

    @property
    def changed_since_review(self) -> bool:
        return (self.status is Status.reviewed and self.last_change is not None
                and self.status_at is not None and self.last_change > self.status_at)


def section_of(kind: str) -> Section | None:
    model = KINDS.get(kind)
    return None if model is None else model.SECTION


class Collaboration:
    if TYPE_CHECKING:  # provided by ``Session``, the class this one is a mixin of
        service: Service
        actor: Actor

        @property
        def store(self) -> Store: ...
        def check_access(self) -> None: ...
        def _require(self, action: Action, team_id: str | None) -> None: ...
        def get(self, item_id: str) -> Entry: ...
        def teams(self) -> list[Entry]: ...
        def items(self, kind: str, team_id: str) -> list[Entry]: ...
        def create(self, kind: str, data: dict | Item, *, team_id: str | None = None,
                   item_id: str | None = None) -> Entry: ...
        def save(self, item_id: str, data: dict | Item, *, expected_version: int) -> Entry: ...

    # --- live updates and presence ----------------------------------------------------
    def change_marker(self, team_id: str) -> tuple[int, str]:
        """Changes whenever someone else creates, saves or deletes in the team's workbook."""
        self._require(Action.read, team_id)
        return self.store.change_marker(self.actor.cohort_id, team_id,
                                        not_by=self.actor.person_id)

    def here(self, team_id: str, page: str) -> list[str]:
        """Note that this person has the team's ``page`` open; names of the others there."""
        self._require(Action.read, team_id)
        self.store.touch_presence(self.actor.person_id, team_id, page)
        since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=PRESENCE_SECONDS)
        names = self.names()
        return sorted({names.get(pid, "?") for pid, _page in self.store.present(team_id, since)
                       if pid != self.actor.person_id})

    def leave(self, team_id: str) -> None:
        """Off the presence list (allowed after the access ended too: it only removes)."""
        self.service.store.leave(self.actor.person_id, team_id)

    def language(self) -> str | None:
        """The language this person last chose, remembered for their next visit."""
        if not self.actor.person_id:
            return None
        return self.store.preference(self.actor.person_id, "lang")

    def set_language(self, lang: str) -> None:
        self.check_access()
        if self.actor.person_id:
            self.store.set_preference(self.actor.person_id, "lang", lang)

    def names(self) -> dict[str, str]:
        """Names of the cohort's people, by id (for history, comments, presence)."""
        return {r.id: r.payload.get("name", "?")
                for r in self.store.list(kind="person", cohort_id=self.actor.cohort_id)}

    # --- comments ---------------------------------------------------------------------
    def comment(self, team_id: str, section: Section, body: str, *,
                item_id: str | None = None, parent_id: str | None = None):
        """A comment on a section or on one of its items, or a reply to a comment."""
        if item_id is not None:
            target = self.get(item_id)
            if target.team_id != team_id:
                raise MissingReference(f"item {item_id} is not in team {team_id}", item=item_id)
        if parent_id is not None:
            parent = self.get(parent_id)
            if parent.kind != "comment" or parent.team_id != team_id:
                raise MissingReference(f"comment {parent_id} is not in team {team_id}",
                                       item=parent_id)
            section, item_id = parent.data.section, parent.data.item_id
        payload = {"section": Section(section).value, "body": body, "item_id": item_id,
                   "parent_id": parent_id}
        return self.create("comment", payload, team_id=team_id)

    def comments(self, team_id: str, section: Section | None = None) -> list:
        """Comments and replies, oldest first."""
        found = sorted(self.items("comment", team_id), key=lambda c: c.data.written_at)
        return [c for c in found if section is None or c.data.section == section]

    def resolve(self, comment_id: str, resolved: bool = True):
        """Resolve (or reopen) a comment thread."""
        entry = self.get(comment_id)
        if entry.kind != "comment":
            raise PermissionDenied("only comments are resolved")
        data = entry.data.model_dump(mode="json") | {"resolved": resolved}
        return self.save(comment_id, data, expected_version=entry.version)

    # --- section review ---------------------------------------------------------------
    def review_matrix(self) -> list[SectionReview]:
        """Every visible team x section: status, last change, open comments."""
        return [cell for team in self.teams() for cell in self.review_matrix_of(team.id)]

    def review_matrix_of(self, team_id: str) -> list[SectionReview]:
        """One team's row of the matrix."""
        self._require(Action.read, team_id)
        recs = self.store.list(cohort_id=self.actor.cohort_id, team_id=team_id)
        statuses = {r.payload["section"]: r for r in recs if r.kind == "section_status"}
        out = []
        for section in Section:
            changes = [r.updated_at for r in recs
                       if r.kind not in META_KINDS and section_of(r.kind) is section]
            status = statuses.get(section.value)
            out.append(SectionReview(
                team_id=team_id, section=section,
                status=Status(status.payload["status"]) if status else Status.draft,
                status_at=status.updated_at if status else None,
                last_change=max(changes) if changes else None,
                open_comments=sum(1 for r in recs if r.kind == "comment"
                                  and r.payload["section"] == section.value
                                  and not r.payload.get("resolved")
                                  and not r.payload.get("parent_id"))))
        return out
