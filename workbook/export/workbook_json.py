"""A team's whole workbook as JSON, and back into a store (a backup, or a move).

The file carries its format name and schema version. Importing it into an empty
store and exporting again gives the same JSON: ids are kept, items are sorted by
id. It holds the content, not the history: every item comes back as version 1.
Importing is all or nothing: every payload is upgraded to the current schema and
validated first, and an error names the place in the file.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..exceptions import BadWorkbookFile, NotFound, SchemaTooNew
from ..model import KINDS, SCHEMA_VERSION, Scope
from ..model.upgrades import upgrade
from ..service import Service, Session
from ..store import NewItem

FORMAT = "koosloome-workbook"
PERSONAL = {"person": "contacts", "community": "contact"}


def _doc(entry, personal: bool) -> dict:
    data = entry.data.model_dump(mode="json")
    field = PERSONAL.get(entry.kind)
    if field and not personal:
        data.pop(field, None)
    return {"id": entry.id, **data}


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


def _checked(kind: str, doc: Any, where: str, version: int) -> tuple[str, dict]:
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise BadWorkbookFile(f"{where}: an entry with an \"id\" is expected", where=where)
    payload = {k: v for k, v in doc.items() if k != "id"}
    try:
        model = KINDS[kind].model_validate(upgrade(kind, version, payload))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadWorkbookFile(f"{where}.{field}: {first['msg']}", where=f"{where}.{field}",
                              problem=first["msg"]) from exc
    return doc["id"], model.model_dump(mode="json")


def import_workbook(service: Service, document: Any) -> str:
    """Write a team's workbook from ``workbook_json`` output; returns the team id.

    The cohort and staff are created unless the store has them already (by id);
    the team and its members must be new. Nothing is written if anything is wrong.
    """
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
    store = service.store
    cohort_id, cohort = _checked("cohort", document.get("cohort"), "cohort", version)
    team_id, team = _checked("team", document.get("team"), "team", version)
    new: list[NewItem] = []
    if not _exists(store, cohort_id):
        new.append(NewItem("cohort", cohort, cohort_id, item_id=cohort_id))
    if _exists(store, team_id):
        raise BadWorkbookFile(f"team {team_id} is already in this database", where="team.id")
    new.append(NewItem("team", team, cohort_id, item_id=team_id))
    for i, doc in enumerate(_list(document, "staff")):
        pid, person = _checked("person", doc, f"staff[{i}]", version)
        if not _exists(store, pid):
            new.append(NewItem("person", person, cohort_id, item_id=pid))
    for i, doc in enumerate(_list(document, "members")):
        pid, person = _checked("person", doc, f"members[{i}]", version)
        new.append(NewItem("person", person, cohort_id, team_id, item_id=pid))
    items = document.get("items")
    if not isinstance(items, dict):
        raise BadWorkbookFile("items: an object of lists by kind is expected", where="items")
    for kind, docs in items.items():
        if kind not in KINDS or KINDS[kind].SCOPE is not Scope.team:
            raise BadWorkbookFile(f"items.{kind}: not a kind of a team's workbook",
                                  where=f"items.{kind}")
        for i, doc in enumerate(_list(items, kind, f"items.{kind}")):
            item_id, payload = _checked(kind, doc, f"items.{kind}[{i}]", version)
            new.append(NewItem(kind, payload, cohort_id, team_id, item_id=item_id))
    if len({n.item_id for n in new}) != len(new) or any(_exists(store, n.item_id)
                                                          for n in new):
        raise BadWorkbookFile("some ids are already in this database or repeated in the file",
                              where="id")
    store.insert(new)
    return team_id


def _list(document: dict, key: str, where: str | None = None) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise BadWorkbookFile(f"{where or key}: a list is expected", where=where or key)
    return value


def _exists(store, item_id: str) -> bool:
    try:
        store.get(item_id, include_deleted=True)
    except NotFound:
        return False
    return True
