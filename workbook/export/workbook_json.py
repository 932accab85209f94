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
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from ..exceptions import BadWorkbookFile, NotFound, SchemaTooNew, WorkbookError
from ..file_models import bad_file
from ..file_models.workbook_file import FORMAT, MemberDoc, StaffDoc, WorkbookFile
from ..io.json_shape import depth_of, shape
from ..model import KINDS, SCHEMA_VERSION, Scope, without_personal
from ..service import Service, Session

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


def _read(document: Any) -> WorkbookFile:
    """Every entry of the file upgraded and validated, every reference inside it
    checked (``file_models.workbook_file``); BadWorkbookFile naming the place
    otherwise. Reads no database."""
    if depth_of(document, MAX_DEPTH) > MAX_DEPTH:
        raise _too_deep()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadWorkbookFile(f"not a {FORMAT} file (the \"format\" field is missing or "
                              "different)", where="format")
    version = document.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise SchemaTooNew(f"the file was written by a newer version of the workbook "
                           f"(schema {version}, this program knows up to {SCHEMA_VERSION})")
    try:
        return WorkbookFile.model_validate(document)
    except ValidationError as exc:
        raise bad_file(exc) from exc


def _json(doc) -> dict:
    return doc.model_dump(mode="json", exclude={"id"})


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


def _check_against(store, file: WorkbookFile) -> tuple[bool, set[str]]:
    """What of the file the database has already: (the cohort?, staff ids); refused
    when the team, a member or an item is there, or an id is something else there."""
    cohort_id, rubric = file.cohort.id, file.cohort.rubric
    cohort_there = _existing(store, cohort_id, "cohort", cohort_id, "cohort.id")
    if cohort_there:
        there = store.get(cohort_id).payload.get("rubric")
        if there != rubric:
            raise BadWorkbookFile(f"cohort.rubric: the file uses {rubric}, the "
                                  f"cohort in this database {there}", where="cohort.rubric")
    if _existing(store, file.team.id, "team", None, "team.id"):
        raise BadWorkbookFile(f"team {file.team.id} is already in this database",
                              where="team.id")
    staff_there = {p.id for i, p in enumerate(file.staff)
                   if _existing(store, p.id, "person", cohort_id, f"staff[{i}].id")}
    staff_ids = {p.id for p in file.staff}
    there = {r.payload.get("username"): r for r in store.list(kind="person",
                                                              cohort_id=cohort_id)
             if r.payload.get("username") and r.id not in staff_ids}
    new_people = [(f"staff[{i}]", p) for i, p in enumerate(file.staff) if p.id not in staff_there]
    for where, person in new_people + [(f"members[{i}]", p) for i, p in enumerate(file.members)]:
        if person.username in there:
            raise BadWorkbookFile(f"{where}.username: {person.username!r} is given to "
                                  "another person of the cohort in this database",
                                  where=f"{where}.username")
    new = [(f"{where}[{i}].id", doc.id) for where, entries in [("members", file.members)]
           + [(f"items.{kind}", docs) for kind, docs in file.documents().items()]
           for i, doc in enumerate(entries)]
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
    cohort_id, team_id = file.cohort.id, file.team.id
    admin = service.system(cohort_id)
    with service.transaction():  # the checks against the database too: no one slips in
        cohort_there, staff_there = _check_against(service.store, file)
        if not cohort_there:
            with _at("cohort"):
                admin.create("cohort", _json(file.cohort), item_id=cohort_id)
        with _at("team"):
            admin.create("team", _json(file.team), item_id=team_id)
        groups: list[tuple[str, Sequence[StaffDoc | MemberDoc], str | None]] = [
            ("staff", file.staff, None), ("members", file.members, team_id)]
        for key, people, team_of in groups:
            for i, person in enumerate(people):
                if person.id not in staff_there:
                    with _at(f"{key}[{i}]"):
                        admin.create("person", _json(person), team_id=team_of,
                                     item_id=person.id)
        documents = file.documents()
        for kind in sorted(documents, key=list(KINDS).index):  # communities first
            if documents[kind]:
                with _at(f"items.{kind}"):
                    admin.create_many(kind, [_json(d) for d in documents[kind]],
                                      team_id=team_id, item_ids=[d.id for d in documents[kind]],
                                      as_written=True)
    return team_id
