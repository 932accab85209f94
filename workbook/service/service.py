"""The one API that notebooks, the command line and tests call.

``Service`` opens the store and turns an access key into a ``Session`` bound to
one person; every read and write of a session checks that person's permission.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from .. import settings
from ..exceptions import (
    AlreadySubmitted,
    EditConflict,
    InvalidKey,
    NotFound,
    PermissionDenied,
    StaleVersion,
    UnknownHubUser,
)
from ..model import KINDS, Access, Item, Person, Scope, Section, SectionStatus, Status
from ..model.upgrades import upgrade
from ..store import Record, Store
from . import keys
from .access import AccessCheck, Credential
from .collaboration import Collaboration
from .merge import three_way
from .permissions import COHORT_KINDS, Action, Actor, action_for_write, allowed
from .progress import Progress, section_progress
from .rules import (
    check_assessment,
    check_comment,
    check_community,
    check_community_limit,
    check_scale,
    check_username,
    hidden,
)
from .validation import validate

log = logging.getLogger(__name__)
T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A validated item with its store metadata."""

    id: str
    kind: str
    team_id: str | None
    version: int
    author: str | None
    updated_at: Any
    data: T
    deleted: bool = False


def _entry(rec: Record) -> Entry:
    payload = upgrade(rec.kind, rec.schema_version, rec.payload)
    return Entry(id=rec.id, kind=rec.kind, team_id=rec.team_id, version=rec.version,
                 author=rec.author, updated_at=rec.updated_at,
                 data=KINDS[rec.kind].model_validate(payload), deleted=rec.deleted)


class Service:
    """Entry point: ``Service.open()`` then ``login(key)`` or ``system(cohort_id)``."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = False) -> Service:
        return cls(Store.open(url or settings.database_url(), create=create))

    def login(self, key: str | None) -> Session:
        """Resolve a personal key; InvalidKey for malformed, unknown or revoked keys."""
        if not keys.well_formed(key):
            raise InvalidKey("malformed key")
        digest = keys.hash_key(key)
        row = self.store.find_key(digest)
        if row is None or row.revoked_at is not None:
            raise InvalidKey("unknown or revoked key")
        try:
            person = _entry(self.store.get(row.person_id))
        except NotFound as exc:
            raise InvalidKey("the key's person was removed") from exc
        self.store.touch_key(digest)
        return self._session(person, row.cohort_id, Credential(person.id, key_hash=digest))

    def login_hub(self, username: str | None) -> Session:
        """The person whose ``username`` is this JupyterHub login (the hub has checked who
        it is). A login is unique within a cohort; when people of several cohorts have it
        (a mentor of two cohorts), the most recently created cohort's person.
        UnknownHubUser otherwise."""
        people = [r for r in self.store.list(kind="person")
                  if username and r.payload.get("username") == username]
        if not people:
            raise UnknownHubUser(f"no person has the hub login {username!r}",
                                 username=username or "")
        # a person is always created in a cohort: its cohort_id is set
        created = {r.cohort_id: self.store.history(cast(str, r.cohort_id))[0].updated_at
                   for r in people}
        rec = max(people, key=lambda r: (created[r.cohort_id], r.id))
        return self._session(_entry(rec), cast(str, rec.cohort_id),
                             Credential(rec.id, username=username))

    def _session(self, person: Entry, cohort_id: str, credential: Credential) -> Session:
        p: Person = person.data
        return Session(self, Actor(person_id=person.id, name=p.name, access=p.access,
                                   cohort_id=cohort_id, team_id=person.team_id),
                       credential)

    def system(self, cohort_id: str) -> Session:
        """A coordinator-level session for the command line."""
        return Session(self, Actor(person_id="system", name="system",
                                   access=Access.coordinator, cohort_id=cohort_id))

    def transaction(self):
        """A block whose writes through this service are one store transaction: all of
        them or none (a cohort file, a workbook import). Every rule still applies to
        each write, and a check sees what the block wrote before it."""
        return self.store.transaction()

    def cohorts(self) -> list[Entry]:
        """Every cohort in the store (command line only)."""
        return [_entry(r) for r in self.store.list(kind="cohort")]


class Session(Collaboration):
    """Everything one person can do, each call checked against their role.

    A session from a link or a hub login also re-checks that login about every second
    (``access.py``): every read and write reaches the store through ``store``.
    """

    def __init__(self, service: Service, actor: Actor, credential: Credential | None = None):
        self.service = service
        self.actor = actor
        self.access = None if credential is None else AccessCheck(credential, service.store)

    @property
    def store(self) -> Store:
        """The store, once the session's link (or hub login) is known to still work."""
        if self.access is not None:
            self.access.check()
        return self.service.store

    def check_access(self) -> None:
        """InvalidKey now if the link was revoked or the person removed (no cache)."""
        if self.access is not None:
            self.access.check(force=True)

    def when_access_ends(self, listener) -> None:
        """Call ``listener(InvalidKey)`` once, when a call finds the access ended."""
        if self.access is not None:
            self.access.listeners.append(listener)

    # --- checks -----------------------------------------------------------------------
    def _require(self, action: Action, team_id: str | None) -> None:
        if not allowed(self.actor, action, team_id):
            raise PermissionDenied(f"{self.actor.access.value} may not {action.value} "
                                   f"team {team_id}", action=action.value)

    def _visible(self, rec: Record) -> bool:
        if rec.cohort_id != self.actor.cohort_id and rec.id != self.actor.cohort_id:
            return False
        if rec.kind == "team":  # a team record's id is its team's id
            return allowed(self.actor, Action.read, rec.id)
        if rec.team_id is None:
            return True  # cohort-level: the cohort itself, staff
        return allowed(self.actor, Action.read, rec.team_id)

    # --- reading ----------------------------------------------------------------------
    def get(self, item_id: str) -> Entry:
        """One item; NotFound too when it exists but is not visible (reveals nothing)."""
        return _entry(self._record(item_id))

    def _record(self, item_id: str, include_deleted: bool = False) -> Record:
        rec = self.store.get(item_id, include_deleted=include_deleted)
        if not self._visible(rec) or (rec.kind == "assessment" and self._blind([rec])):
            raise NotFound(f"no item {item_id}", item_id=item_id)
        return rec

    def _blind(self, recs: list[Record]) -> set[str]:
        """Assessments among ``recs`` the actor may not see yet (blind until submitted)."""
        if not any(r.kind == "assessment" for r in recs):
            return set()
        team_ids = {r.team_id for r in recs if r.kind == "assessment"}
        mine = [r for t in team_ids for r in self.store.list(
            kind="assessment", cohort_id=self.actor.cohort_id, team_id=t)]
        return hidden(self.actor, mine) & {r.id for r in recs}

    def cohort(self) -> Entry:
        return self.get(self.actor.cohort_id)

    def me(self) -> Entry:
        return self.get(self.actor.person_id)

    def teams(self) -> list[Entry]:
        recs = self.store.list(kind="team", cohort_id=self.actor.cohort_id)
        return [_entry(r) for r in recs if allowed(self.actor, Action.read, r.id)]

    def team(self, team_id: str) -> Entry:
        if not allowed(self.actor, Action.read, team_id):
            raise NotFound(f"no team {team_id}", item_id=team_id)
        entry = self.get(team_id)
        if entry.kind != "team":
            raise NotFound(f"no team {team_id}", item_id=team_id)
        return entry

    def people(self, team_id: str | None = None, *, staff: bool = False) -> list[Entry]:
        """Members of a team, or (``staff=True``) mentors and coordinators."""
        if staff:
            recs = self.store.list(kind="person", cohort_id=self.actor.cohort_id,
                                   any_team=False)
        else:
            self._require(Action.read, team_id)
            recs = self.store.list(kind="person", cohort_id=self.actor.cohort_id,
                                   team_id=team_id)
        return [_entry(r) for r in recs]

    def items(self, kind: str, team_id: str) -> list[Entry]:
        self._require(Action.read, team_id)
        recs = self.store.list(kind=kind, cohort_id=self.actor.cohort_id, team_id=team_id)
        blind = self._blind(recs)
        return [_entry(r) for r in recs if r.id not in blind]

    def hidden_ratings(self, team_id: str, community_id: str, round_: str, rubric: str) -> int:
        """How many teammates' submitted ratings of a community this person cannot see yet."""
        self._require(Action.read, team_id)
        recs = self.store.list(kind="assessment", cohort_id=self.actor.cohort_id,
                               team_id=team_id)
        blind = self._blind(recs)
        return sum(1 for r in recs if r.id in blind and r.payload.get("submitted")
                   and (r.payload.get("community_id"), r.payload.get("round"),
                        r.payload.get("rubric")) == (community_id, round_, rubric))

    def history(self, item_id: str) -> list[Entry]:
        """Every version of an item, oldest first (deleted items too)."""
        self._record(item_id, include_deleted=True)
        return [_entry(r) for r in self.store.history(item_id)]

    def deleted(self, kind: str, team_id: str) -> list[Entry]:
        """A team's deleted items of one kind, to restore from history."""
        self._require(Action.read, team_id)
        recs = self.store.list(kind=kind, cohort_id=self.actor.cohort_id, team_id=team_id,
                               deleted=True)
        blind = self._blind(recs)
        return [_entry(r) for r in recs if r.id not in blind]

    def progress(self, team_id: str) -> dict[Section, Progress]:
        self._require(Action.read, team_id)
        grouped: dict[str, list[dict]] = {}
        for rec in self.store.list(cohort_id=self.actor.cohort_id, team_id=team_id):
            grouped.setdefault(rec.kind, []).append({**rec.payload, "_id": rec.id})
        return section_progress(grouped)

    def statuses(self, team_id: str) -> dict[Section, Status]:
        found = {e.data.section: e.data.status for e in self.items("section_status", team_id)}
        return {s: found.get(s, Status.draft) for s in Section}

    # --- writing ----------------------------------------------------------------------
    def create(self, kind: str, data: dict | Item, *, team_id: str | None = None,
               item_id: str | None = None) -> Entry:
        payload = self._stamped(kind, data)
        model = validate(kind, payload)
        scope_team = team_id
        if (kind == "person" and cast(Person, model).access is Access.member
                and team_id is None):
            raise PermissionDenied("a member belongs to a team")
        if KINDS[kind].SCOPE is Scope.team and team_id is None:
            raise PermissionDenied(f"a {kind} belongs to a team")
        if team_id is not None and kind != "person":
            self.team(team_id)  # the team exists and is visible
        self._require(action_for_write(kind, payload), scope_team)
        self._check(kind, model.model_dump(mode="json"), None, team_id)
        check_community_limit(self, kind, team_id, 1)
        cohort_id = item_id if kind == "cohort" else self.actor.cohort_id
        rec = self.store.create(kind, model.model_dump(mode="json"), cohort_id=cohort_id,
                                team_id=team_id, author=self.actor.person_id, item_id=item_id)
        return _entry(rec)

    def create_many(self, kind: str, items: Sequence[dict | Item], *, team_id: str,
                    item_ids: list[str] | None = None, as_written: bool = False
                    ) -> list[Entry]:
        """Create several team items in one transaction (an import): all or nothing.

        ``item_ids`` keeps the items' ids, and ``as_written`` comments' authors and times
        (a workbook file read back in: the system session only)."""
        if as_written and self.actor.person_id != "system":
            raise PermissionDenied("only an import keeps the authors of comments")
        payloads = [self._stamped(kind, d, keep=as_written) for d in items]
        models = [validate(kind, p) for p in payloads]
        self.team(team_id)
        for payload, model in zip(payloads, models):
            self._require(action_for_write(kind, payload), team_id)
            self._check(kind, model.model_dump(mode="json"), None, team_id)
        check_community_limit(self, kind, team_id, len(models))
        recs = self.store.create_many(kind, [m.model_dump(mode="json") for m in models],
                                      cohort_id=self.actor.cohort_id, team_id=team_id,
                                      author=self.actor.person_id, item_ids=item_ids)
        return [_entry(r) for r in recs]

    def create_people(self, rows: list[tuple[str, dict]]) -> list[Entry]:
        """Add members (team id, person payload) to several teams in one transaction."""
        self._require(Action.admin, None)
        for team_id, _payload in rows:
            self.team(team_id)
        models = [validate("person", payload).model_dump(mode="json") for _t, payload in rows]
        recs = self.store.create_many("person", models, cohort_id=self.actor.cohort_id,
                                      team_ids=[team_id for team_id, _p in rows],
                                      author=self.actor.person_id)
        return [_entry(r) for r in recs]

    def save(self, item_id: str, data: dict | Item, *, expected_version: int) -> Entry:
        """Save a new version started from ``expected_version``.

        If a teammate saved in between, fields only one of the two changed merge by
        themselves; a field both changed raises EditConflict with both values, and
        nothing is written until the person chooses (save the choice over
        ``exc.current.version``).
        """
        current = self.get(item_id)
        payload = data.model_dump(mode="json") if isinstance(data, Item) else data
        mine = validate(current.kind, payload).model_dump(mode="json")
        self._require(action_for_write(current.kind, mine), self._write_scope(current))
        self._check(current.kind, mine, current.data.model_dump(mode="json"), current.team_id)

        def merge(base: dict, latest: Record) -> dict:
            merged, conflicts = three_way(base, mine, latest.payload)
            if conflicts:
                raise EditConflict(f"{len(conflicts)} field(s) changed by both",
                                   conflicts=conflicts, merged=merged, current=_entry(latest))
            return validate(current.kind, merged).model_dump(mode="json")

        try:
            rec = self.store.save(item_id, mine, expected_version=expected_version,
                                  author=self.actor.person_id, merge=merge)
        except StaleVersion as exc:
            if exc.current is not None and exc.current.deleted and not isinstance(
                    exc, EditConflict):
                raise NotFound(f"item {item_id} was deleted", item_id=item_id) from exc
            raise
        return _entry(rec)

    def restore(self, item_id: str, version: int) -> Entry:
        """Save an earlier version as the newest one (also brings back a deleted item)."""
        rec = self._record(item_id, include_deleted=True)
        old = self.store.version(item_id, version)
        payload = upgrade(old.kind, old.schema_version, old.payload)
        self._require(action_for_write(rec.kind, payload),
                      None if rec.kind in COHORT_KINDS else rec.team_id)
        # a deleted assessment is still its rater's: one submitted stays final
        keep = rec.kind == "assessment" or not rec.deleted
        self._check(rec.kind, payload, rec.payload if keep else None, rec.team_id)
        if rec.deleted:
            check_community_limit(self, rec.kind, rec.team_id, 1)
        saved = self.store.save(item_id, payload, expected_version=rec.version,
                                author=self.actor.person_id, revive=True)
        return _entry(saved)

    def delete(self, item_id: str, *, expected_version: int) -> None:
        current = self.get(item_id)
        self._require(action_for_write(current.kind, {}), self._write_scope(current))
        if (current.kind == "assessment" and current.data.submitted
                and self.actor.access is Access.member):
            raise AlreadySubmitted("a submitted assessment is final: it cannot be deleted")
        self.store.delete(item_id, expected_version=expected_version,
                          author=self.actor.person_id)

    def _stamped(self, kind: str, data: dict | Item, keep: bool = False) -> dict:
        """The payload to write; a comment is written as oneself, now, whatever the
        payload says (unless ``keep``: an import)."""
        payload = data.model_dump(mode="json") if isinstance(data, Item) else data
        if kind == "comment" and not keep:
            payload = {**payload, "author_id": self.actor.person_id,
                       "written_at": dt.datetime.now(dt.UTC).isoformat()}
        return payload

    def _check(self, kind: str, payload: dict, current: dict | None, team_id: str | None):
        check_community(self, kind, payload, team_id)
        if kind == "comment":
            check_comment(self.actor, payload, current)
        if kind in ("assessment", "phase_consensus"):
            from ..frameworks import load

            rubric = load().rubric(payload["rubric"])
            dimensions = [d.code for d in rubric.dimensions]
            if kind == "assessment":
                check_assessment(self.actor, payload, current, rubric.top, dimensions)
            else:
                check_scale(payload, "phases", rubric.top, dimensions)
        if kind == "person":
            check_username(self, payload, current)

    @staticmethod
    def _write_scope(entry: Entry) -> str | None:
        return None if entry.kind in COHORT_KINDS else entry.team_id

    def set_status(self, team_id: str, section: Section, status: Status) -> Entry:
        existing = [e for e in self.items("section_status", team_id) if e.data.section == section]
        data = SectionStatus(section=section, status=status)
        if existing:
            return self.save(existing[0].id, data, expected_version=existing[0].version)
        return self.create("section_status", data, team_id=team_id)

    # --- exports ----------------------------------------------------------------------
    def require_export(self, team_id: str | None, *, personal: bool = False) -> None:
        """A team's export needs read access to it (a member: their own team); the whole
        cohort's bundle and personal contact data need the coordinator."""
        if team_id is None:
            self._require(Action.admin, None)
        else:
            self.team(team_id)
        if personal:
            self._require(Action.admin, None)

    # --- cohort set-up (coordinator) -------------------------------------------------
    def issue_link(self, person_id: str) -> str:
        """A new personal key for a person; the key itself is returned only here."""
        self._require(Action.admin, None)
        person = self.get(person_id)
        if person.kind != "person":
            raise NotFound(f"no person {person_id}", item_id=person_id)
        key = keys.generate_key()
        self.store.add_key(keys.hash_key(key), person_id=person_id,
                           cohort_id=self.actor.cohort_id, created_by=self.actor.person_id)
        log.info("issued a link for person %s", person_id)  # never the key itself
        return key

    def revoke_links(self, person_id: str) -> int:
        self._require(Action.admin, None)
        self.get(person_id)
        return self.store.revoke_keys(person_id)

    def link_status(self) -> dict[str, dict]:
        """Per person: live links, when created and last used (never the keys)."""
        self._require(Action.admin, None)
        out: dict[str, dict] = {}
        for row in self.store.keys_of(self.actor.cohort_id):
            st = out.setdefault(row.person_id, {"live": 0, "revoked": 0, "last_used": None})
            st["revoked" if row.revoked_at else "live"] += 1
            if row.last_used_at and (st["last_used"] is None or row.last_used_at > st["last_used"]):
                st["last_used"] = row.last_used_at
        return out
