"""A team's whole workbook as JSON, and back into a store (a backup, or a move).

The file carries its format name and schema version. Importing it into an empty
store and exporting again gives the same JSON: ids are kept, items are sorted by
id. It holds the content, not the history: every item comes back as version 1.
Importing is all or nothing: every payload is upgraded to the current schema and
validated first, and an error names the place in the file; then everything is
written through the service (every rule of a person's saves applies) in one
transaction. A document nested
deeper than ``MAX_DEPTH`` is refused before anything else (``parse`` checks the
text before ``json.loads``, which would end in RecursionError).
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..exceptions import BadWorkbookFile, NotFound, SchemaTooNew, ValidationFailed, WorkbookError
from ..frameworks import load
from ..io.json_shape import depth_of, shape
from ..model import KINDS, SCHEMA_VERSION, Access, Scope, without_personal
from ..model.upgrades import upgrade
from ..service import Service, Session
from ..service.rules import check_scale

FORMAT = "koosloome-workbook"
MAX_DEPTH = 64  # a workbook file nests about 8 levels deep


def _too_deep() -> BadWorkbookFile:
    return BadWorkbookFile(f"nested more than {MAX_DEPTH} levels deep (the limit is "
                           f"{MAX_DEPTH}); not a workbook file", where="", limit=MAX_DEPTH)


def parse(text: str) -> Any:
    """A workbook file's text as JSON; BadWorkbookFile when too deep or broken."""
    if shape(text, MAX_DEPTH).depth > MAX_DEPTH:
        raise _too_deep()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadWorkbookFile(f"not readable JSON ({exc})", where="") from exc


def _doc(entry, personal: bool) -> dict:
    data = entry.data.model_dump(mode="json")
    return {"id": entry.id, **(data if personal else without_personal(entry.kind, data))}


def workbook_json(session: Session, team_id: str, *, personal: bool = False) -> dict:
    """The team's workbook, its cohort and the cohort's staff, as one JSON-ready dict."""
    session.require_export(team_id, personal=personal)
    team = session.team(team_id)
    items = {}
    for kind, cls in KINDS.items():
        if cls.SCOPE is Scope.team:
            items[kind] = sorted((_doc(e, personal) for e in session.items(kind, team_id)),
                                 key=lambda d: d["id"])
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "personal_data": personal,
            "cohort": _doc(session.cohort(), personal),
            "staff": sorted((_doc(p, personal) for p in session.people(staff=True)),
                            key=lambda d: d["id"]),
            "team": _doc(team, personal),
            "members": sorted((_doc(p, personal) for p in session.people(team_id)),
                              key=lambda d: d["id"]),
            "items": items}


ID = re.compile(r"^[0-9a-f]{32}$")
STAFF = (Access.mentor.value, Access.coordinator.value)


def _checked(kind: str, doc: Any, where: str, version: int) -> tuple[str, dict]:
    if not isinstance(doc, dict) or not ID.match(str(doc.get("id", ""))):
        raise BadWorkbookFile(f"{where}: an entry with an \"id\" of 32 hex digits is expected",
                              where=where)
    payload = {k: v for k, v in doc.items() if k != "id"}
    try:
        model = KINDS[kind].model_validate(upgrade(kind, version, payload))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadWorkbookFile(f"{where}.{field}: {first['msg']}", where=f"{where}.{field}",
                              problem=first["msg"]) from exc
    return doc["id"], model.model_dump(mode="json")


def _people(document: dict, key: str, version: int, allowed: tuple) -> list[tuple]:
    out = []
    for i, doc in enumerate(_list(document, key)):
        pid, person = _checked("person", doc, f"{key}[{i}]", version)
        if person["access"] not in allowed:
            raise BadWorkbookFile(f"{key}[{i}].access: {person['access']} is not allowed here",
                                  where=f"{key}[{i}].access")
        out.append((pid, person))
    return out


def _existing(store, item_id: str, kind: str, cohort_id: str | None, where: str) -> bool:
    """Is ``item_id`` in the store already, as a ``kind`` of the cohort? (else refused)"""
    try:
        rec = store.get(item_id, include_deleted=True)
    except NotFound:
        return False
    if rec.kind != kind or (cohort_id is not None and rec.cohort_id != cohort_id):
        raise BadWorkbookFile(f"{where}: {item_id} is already in this database as something "
                              "else", where=where)
    return True


def _check_references(items: dict[str, list[tuple]], members: set, staff: set,
                      rubric_of) -> None:
    """Every reference inside the team's workbook points at an item of the file, and
    ratings and agreed phases are on the rubric's scale (the service's own rules)."""
    ids = {kind: {item_id for item_id, _ in docs} for kind, docs in items.items()}
    communities, every = ids.get("community", set()), set().union(*ids.values(), members)
    wanted = {"community_id": communities, "community_ids": communities,
              "goal_id": ids.get("goal", set()), "rater_id": members,
              "mentor_id": staff, "parent_id": ids.get("comment", set()), "item_id": every}
    for kind, docs in items.items():
        for i, (_item_id, payload) in enumerate(docs):
            where = f"items.{kind}[{i}]"
            for field, allowed in wanted.items():
                value = payload.get(field)
                values = value if isinstance(value, list) else [value]
                bad = [v for v in values if v is not None and v not in allowed]
                if field in payload and bad:
                    raise BadWorkbookFile(f"{where}.{field}: {bad[0]} is not in the file",
                                          where=f"{where}.{field}")
            if kind in ("assessment", "phase_consensus"):
                rubric = rubric_of(payload["rubric"], where)
                try:
                    check_scale(payload, "ratings" if kind == "assessment" else "phases",
                                rubric.top, [d.code for d in rubric.dimensions])
                except ValidationFailed as exc:
                    raise BadWorkbookFile(f"{where}.{exc.errors[0][0]}: not on the rubric's "
                                          "scale", where=where) from exc


@dataclass(frozen=True)
class _File:
    """A workbook file whose every entry is checked: (id, payload) pairs."""

    cohort: tuple[str, dict]
    team: tuple[str, dict]
    staff: list[tuple[str, dict]]
    members: list[tuple[str, dict]]
    items: dict[str, list[tuple[str, dict]]]


def _read(document: Any) -> _File:
    """Every entry of the file upgraded and validated, every reference inside it
    checked; BadWorkbookFile naming the place otherwise. Reads no database."""
    if depth_of(document, MAX_DEPTH) > MAX_DEPTH:
        raise _too_deep()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadWorkbookFile(f"not a {FORMAT} file (the \"format\" field is missing or "
                              "different)", where="format")
    version = document.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise BadWorkbookFile("schema_version: a whole number is expected",
                              where="schema_version")
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(f"the file was written by a newer version of the workbook "
                           f"(schema {version}, this program knows up to {SCHEMA_VERSION})")
    cohort = _checked("cohort", document.get("cohort"), "cohort", version)
    team = _checked("team", document.get("team"), "team", version)
    staff = _people(document, "staff", version, STAFF)
    members = _people(document, "members", version, (Access.member.value,))
    raw = document.get("items")
    if not isinstance(raw, dict):
        raise BadWorkbookFile("items: an object of lists by kind is expected", where="items")
    items: dict[str, list[tuple]] = {}
    for kind, docs in raw.items():
        if kind not in KINDS or KINDS[kind].SCOPE is not Scope.team:
            raise BadWorkbookFile(f"items.{kind}: not a kind of a team's workbook",
                                  where=f"items.{kind}")
        items[kind] = [_checked(kind, doc, f"items.{kind}[{i}]", version)
                       for i, doc in enumerate(_list(raw, kind, f"items.{kind}"))]

    def rubric_of(code: str, where: str):
        try:
            return load().rubric(code)
        except WorkbookError as exc:
            raise BadWorkbookFile(f"{where}.rubric: no rubric {code}", where=where) from exc

    rubric_of(cohort[1]["rubric"], "cohort")
    _check_references(items, {pid for pid, _ in members}, {pid for pid, _ in staff}, rubric_of)
    ids = [cohort[0], team[0]] + [i for i, _ in staff + members] + [
        i for docs in items.values() for i, _ in docs]
    if len(set(ids)) != len(ids):
        raise BadWorkbookFile("id: some ids are repeated in the file", where="id")
    return _File(cohort, team, staff, members, items)


def _check_against(store, file: _File) -> tuple[bool, set[str]]:
    """What of the file the database has already: (the cohort?, staff ids); refused
    when the team, a member or an item is there, or an id is something else there."""
    cohort_id, cohort = file.cohort
    cohort_there = _existing(store, cohort_id, "cohort", cohort_id, "cohort.id")
    if cohort_there:
        there = store.get(cohort_id).payload.get("rubric")
        if there != cohort["rubric"]:
            raise BadWorkbookFile(f"cohort.rubric: the file uses {cohort['rubric']}, the "
                                  f"cohort in this database {there}", where="cohort.rubric")
    if _existing(store, file.team[0], "team", None, "team.id"):
        raise BadWorkbookFile(f"team {file.team[0]} is already in this database",
                              where="team.id")
    staff_there = {pid for i, (pid, _) in enumerate(file.staff)
                   if _existing(store, pid, "person", cohort_id, f"staff[{i}].id")}
    names = [p["username"] for _, p in file.staff + file.members if p["username"]] + [
        r.payload.get("username") for r in store.list(kind="person", cohort_id=cohort_id)
        if r.payload.get("username") and r.id not in {pid for pid, _ in file.staff}]
    if len(names) != len(set(names)):
        raise BadWorkbookFile("members.username: a user name is given to two people of the "
                              "cohort", where="members.username")
    new = [(f"{where}[{i}].id", item_id) for where, entries in [("members", file.members)]
           + [(f"items.{kind}", docs) for kind, docs in file.items.items()]
           for i, (item_id, _payload) in enumerate(entries)]
    taken = store.taken([item_id for _where, item_id in new])
    for where, item_id in new:
        if item_id in taken:
            raise BadWorkbookFile(f"{where}: {item_id} is already in this database",
                                  where=where)
    return cohort_there, staff_there


@contextmanager
def _at(where: str):
    """A rule of the service refusing a write, as a refusal naming the file's place."""
    try:
        yield
    except BadWorkbookFile:
        raise
    except WorkbookError as exc:
        raise BadWorkbookFile(f"{where}: {exc}", where=where, problem=str(exc)) from exc


def import_workbook(service: Service, document: Any) -> str:
    """Write a team's workbook from ``workbook_json`` output; returns the team id.

    The cohort and staff are created unless the store has them already (by id, as
    that cohort and its staff); the team and its members must be new. The file is
    checked first (every entry, every reference inside it), then everything is
    written through the service, as the cohort's coordinator, with every rule it
    applies to a person's saves (permissions, validation, references, the team's
    community limit, rating scales, user names), in one transaction. Ids are kept,
    and comments keep their authors. Nothing is written if anything is wrong.
    """
    file = _read(document)
    (cohort_id, cohort), (team_id, team) = file.cohort, file.team
    admin = service.system(cohort_id)
    with service.transaction():  # the checks against the database too: no one slips in
        cohort_there, staff_there = _check_against(service.store, file)
        if not cohort_there:
            with _at("cohort"):
                admin.create("cohort", cohort, item_id=cohort_id)
        with _at("team"):
            admin.create("team", team, item_id=team_id)
        for key, people, team_of in (("staff", file.staff, None),
                                     ("members", file.members, team_id)):
            for i, (pid, person) in enumerate(people):
                if pid not in staff_there:
                    with _at(f"{key}[{i}]"):
                        admin.create("person", person, team_id=team_of, item_id=pid)
        for kind in sorted(file.items, key=list(KINDS).index):  # communities first
            if file.items[kind]:
                ids, payloads = zip(*file.items[kind])
                with _at(f"items.{kind}"):
                    admin.create_many(kind, list(payloads), team_id=team_id,
                                      item_ids=list(ids), as_written=True)
    return team_id


def _list(document: dict, key: str, where: str | None = None) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise BadWorkbookFile(f"{where or key}: a list is expected", where=where or key)
    return value
