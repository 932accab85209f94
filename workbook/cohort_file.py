"""Load a cohort (staff, teams, members, communities) from a YAML file.

The file has the shape of ``data/demo/cohort.yaml``. Every document is validated
before anything is written, so a file with one bad entry writes nothing and the
message names the entry (``teams[1].members[0]``) and the field.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .exceptions import ValidationFailed
from .service import Service
from .service.validation import validate
from .store import new_id


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


def _documents(spec: dict):
    """Yield (where, kind, payload, team index) for every document in the spec."""
    yield "cohort", "cohort", spec["cohort"], None
    for i, person in enumerate(spec.get("staff") or []):
        yield f"staff[{i}]", "person", person, None
    for i, team in enumerate(spec.get("teams") or []):
        if not isinstance(team, dict):
            raise ValidationFailed(f"teams[{i}] is not a mapping")
        body = {k: v for k, v in team.items() if k not in ("members", "communities")}
        yield f"teams[{i}]", "team", body, i
        for j, member in enumerate(team.get("members") or []):
            yield f"teams[{i}].members[{j}]", "person", {**member, "access": "member"}, i
        for j, community in enumerate(team.get("communities") or []):
            yield f"teams[{i}].communities[{j}]", "community", community, i


def check(spec: dict) -> list:
    """Validate every document; raise one ValidationFailed listing all problems."""
    docs, problems = [], []
    for where, kind, payload, team in _documents(spec):
        try:
            validate(kind, payload if isinstance(payload, dict) else {})
            docs.append((kind, payload, team))
        except ValidationFailed as exc:
            problems += [f"{where}.{field}: {code}" for field, code, _ in exc.errors]
    if problems:
        raise ValidationFailed("the cohort file has errors (nothing was written):\n  "
                               + "\n  ".join(problems))
    return docs


def load_cohort(service: Service, source: Path) -> str:
    """Validate the whole file, then create its cohort; returns the cohort id."""
    docs = check(read_spec(source))
    cohort_id = new_id()
    admin = service.system(cohort_id)
    team_ids: dict[int, str] = {}
    for kind, payload, team in docs:
        if kind == "cohort":
            admin.create("cohort", payload, item_id=cohort_id)
        elif kind == "team":
            team_ids[team] = admin.create("team", payload).id
        else:
            admin.create(kind, payload, team_id=team_ids.get(team))
    return cohort_id
