"""Load a cohort (staff, teams, members, communities) from a YAML file.

The file has the shape of ``data/demo/cohort.yaml``; ``file_models.cohort_file``
describes it (its JSON Schema: docs/schemas/cohort.schema.json). All or nothing: the whole
file is checked first (every entry against its form, the rubric against the loaded
frameworks, user names unique in the file, teams' groups among the cohort's), and a
file with problems is refused with one message naming each entry and field
(``teams[1].members[0].username``). Then everything is written through the service,
with every rule it applies to a person's saves, in one store transaction: a
failure at any write leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from .exceptions import ValidationFailed, WorkbookError
from .file_models import lines
from .file_models.cohort_file import CohortFile
from .service import Service
from .store import new_id

NOTHING_WRITTEN = "the cohort file has errors (nothing was written):\n  "


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


def check(spec: dict) -> CohortFile:
    """Check the whole file; raise one ValidationFailed listing every problem."""
    try:
        return CohortFile.model_validate(spec)
    except ValidationError as exc:
        raise ValidationFailed(NOTHING_WRITTEN + "\n  ".join(lines(exc))) from exc


def _json(model, **exclude) -> dict:
    return model.model_dump(mode="json", exclude=set(exclude))


def load_cohort(service: Service, source: Path) -> str:
    """Check the whole file, then create its cohort in one transaction; returns the
    cohort id. Nothing is written if anything is wrong, at any step."""
    found = check(read_spec(source))
    cohort_id = new_id()
    admin = service.system(cohort_id)
    where = "cohort"
    try:
        with service.transaction():
            admin.create("cohort", _json(found.cohort), item_id=cohort_id)
            for i, staff in enumerate(found.staff):
                where = f"staff[{i}]"
                admin.create("person", _json(staff))
            for i, team in enumerate(found.teams):
                where = f"teams[{i}]"
                team_id = admin.create("team", _json(team, members=1, communities=1)).id
                for kind, key, entries in (("person", "members", team.members),
                                           ("community", "communities", team.communities)):
                    for j, entry in enumerate(entries):
                        where = f"teams[{i}].{key}[{j}]"
                        admin.create(kind, _json(entry), team_id=team_id)
    except WorkbookError as exc:
        raise ValidationFailed(f"{NOTHING_WRITTEN}{where}: {exc}",
                               errors=getattr(exc, "errors", ())) from exc
    return cohort_id
