"""Load a cohort (staff, teams, members, communities) from a YAML file.

The file has the shape of ``data/demo/cohort.yaml``. All or nothing: the whole file
is checked first (every entry against its form, the rubric against the loaded
frameworks, user names unique in the file, teams' groups among the cohort's), and a
file with problems is refused with one message naming each entry and field
(``teams[1].members[0].username``). Then everything is written through the service,
with every rule it applies to a person's saves, in one store transaction: a
failure at any write leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

from .exceptions import ValidationFailed, WorkbookError
from .model import Access
from .service import Service
from .service.validation import validate
from .store import new_id

STAFF = (Access.mentor.value, Access.coordinator.value)
NOTHING_WRITTEN = "the cohort file has errors (nothing was written):\n  "


class Entry(NamedTuple):
    where: str  # the entry's place in the file: ``teams[1].members[0]``
    kind: str
    payload: dict
    team: int | None  # the index of the entry's team in ``teams``


def read_spec(source: Path) -> dict:
    """Parse the file; a clear error for a missing file or bad YAML."""
    try:
        spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationFailed(f"cannot read {source}: {exc.strerror}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"{source} is not valid YAML (UTF-8): {exc}") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("cohort"), dict):
        raise ValidationFailed(f"{source}: the file needs a 'cohort:' section")
    return spec


def _listed(parent: dict, key: str, where: str, problems: list[str]) -> list[tuple[str, dict]]:
    """(place, mapping) of every entry of the list ``parent[key]``; others are problems."""
    value = parent.get(key) or []
    if not isinstance(value, list):
        problems.append(f"{where}: a list is expected")
        return []
    out = []
    for i, entry in enumerate(value):
        if isinstance(entry, dict):
            out.append((f"{where}[{i}]", entry))
        else:
            problems.append(f"{where}[{i}]: a mapping (name: ..., ...) is expected")
    return out


def _entries(spec: dict, problems: list[str]) -> list[Entry]:
    """Every document of the file, in the order it is written."""
    out = [Entry("cohort", "cohort", spec["cohort"], None)]
    out += [Entry(w, "person", p, None) for w, p in _listed(spec, "staff", "staff", problems)]
    for i, (where, team) in enumerate(_listed(spec, "teams", "teams", problems)):
        body = {k: v for k, v in team.items() if k not in ("members", "communities")}
        out.append(Entry(where, "team", body, i))
        out += [Entry(w, "person", {**m, "access": Access.member.value}, i)
                for w, m in _listed(team, "members", f"{where}.members", problems)]
        out += [Entry(w, "community", c, i)
                for w, c in _listed(team, "communities", f"{where}.communities", problems)]
    return out


def _rubric_problem(cohort: dict) -> list[str]:
    from .frameworks import load

    known = sorted(load().rubrics)
    rubric = cohort.get("rubric", "default")
    if rubric in known:
        return []
    return [f"cohort.rubric: there is no rubric {rubric!r}; known: {', '.join(known)}"]


def _cross_problems(entries: list[Entry]) -> list[str]:
    """What no single entry shows: user names given twice, teams in groups the cohort
    does not have."""
    problems: list[str] = []
    given: dict[str, str] = {}  # user name -> where it was first given
    groups = entries[0].payload.get("groups") or []
    for e in entries:
        name = e.payload.get("username") if e.kind == "person" else None
        if name and name in given:
            problems.append(f"{e.where}.username: {name!r} is already given to "
                            f"{given[name]} (a user name names one person of the cohort)")
        elif name:
            given[name] = e.where
        if e.kind == "team" and e.payload.get("group") and e.payload["group"] not in groups:
            problems.append(f"{e.where}.group: {e.payload['group']!r} is not one of the "
                            f"cohort's groups ({', '.join(map(str, groups)) or 'none'})")
    return problems


def check(spec: dict) -> list[Entry]:
    """Check the whole file; raise one ValidationFailed listing every problem."""
    problems: list[str] = []
    entries = _entries(spec, problems)
    valid = []
    for entry in entries:
        if entry.kind == "person" and entry.team is None and entry.payload.get(
                "access") not in STAFF:
            problems.append(f"{entry.where}.access: staff are mentors or coordinators (a "
                            "member is listed under a team's members)")
            continue
        try:
            model = validate(entry.kind, entry.payload)
        except ValidationFailed as exc:
            problems += [f"{entry.where}.{field}: {code}" for field, code, _ in exc.errors]
            continue
        valid.append(entry._replace(payload=model.model_dump(mode="json")))
    if not problems:  # the entries are well formed: now what spans them
        problems += _rubric_problem(valid[0].payload) + _cross_problems(valid)
    if problems:
        raise ValidationFailed(NOTHING_WRITTEN + "\n  ".join(problems))
    return entries


def load_cohort(service: Service, source: Path) -> str:
    """Check the whole file, then create its cohort in one transaction; returns the
    cohort id. Nothing is written if anything is wrong, at any step."""
    entries = check(read_spec(source))
    cohort_id = new_id()
    admin = service.system(cohort_id)
    team_ids: dict[int | None, str] = {}  # by the entries' ``team`` (None: staff)
    with service.transaction():
        for entry in entries:
            try:
                if entry.kind == "cohort":
                    admin.create("cohort", entry.payload, item_id=cohort_id)
                elif entry.kind == "team":
                    team_ids[entry.team] = admin.create("team", entry.payload).id
                else:
                    admin.create(entry.kind, entry.payload, team_id=team_ids.get(entry.team))
            except WorkbookError as exc:
                raise ValidationFailed(f"{NOTHING_WRITTEN}{entry.where}: {exc}",
                                       errors=getattr(exc, "errors", ())) from exc
    return cohort_id
