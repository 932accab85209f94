"""The file formats as models: the published JSON Schemas are current and describe the
files the workbook really writes and reads; refusals name the entry and field."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from workbook import demo
from workbook.exceptions import ValidationFailed
from workbook.export.workbook_json import workbook_json
from workbook.file_models import models, schema_json
from workbook.file_models.cohort_file import CohortFile
from workbook.store import backup

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"


def published(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def as_json(document) -> dict:
    """What a file holds: dates as text, as YAML and JSON files carry them."""
    return json.loads(json.dumps(document, default=str))


@pytest.mark.parametrize("name", ["cohort", "workbook", "backup"])
def test_the_published_schemas_are_the_models(name):
    """After a change to a model: ``workbook schema NAME > docs/schemas/NAME.schema.json``."""
    assert (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8") == (
        schema_json(models()[name]) + "\n")


def test_the_schema_command_prints_it():
    done = subprocess.run([sys.executable, "-m", "workbook.cli", "schema", "cohort"],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == published("cohort")


def test_the_schemas_accept_the_files_the_workbook_writes(filled, service):
    """The demo's filled team: a document of every kind, with ratings and comments."""
    spec = as_json(yaml.safe_load(demo.DEMO_FILE.read_text(encoding="utf-8")))
    jsonschema.validate(spec, published("cohort"))
    team = filled.teams[demo.FILLED_TEAM]
    document = as_json(workbook_json(filled.admin, team, personal=True))
    assert all(document["items"][kind] for kind in ("community", "assessment", "activity"))
    jsonschema.validate(document,
                        published("workbook"))
    jsonschema.validate(as_json(backup.backup(service.store)), published("backup"))


def test_the_schemas_refuse_what_the_models_refuse():
    spec = as_json(yaml.safe_load(demo.DEMO_FILE.read_text(encoding="utf-8")))
    spec["teams"][0]["members"][0]["side"] = "martian"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(spec, published("cohort"))
    with pytest.raises(ValueError):
        CohortFile.model_validate(spec)
    spec["teams"][0]["members"][0]["side"] = "ngo"
    spec["staff"][0]["access"] = "member"  # staff are mentors or coordinators
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(spec, published("cohort"))


def test_a_key_with_nothing_under_it_is_an_empty_list():
    found = CohortFile.model_validate(yaml.safe_load(
        "cohort: {name: Lend}\nstaff:\nteams:\n  - name: T\n    municipality_code: '0283'\n"
        "    municipality_name: Kambja vald\n    members:\n    communities:\n"))
    assert found.staff == [] and found.teams[0].members == [] == found.teams[0].communities


def test_a_refusal_names_every_entry_and_field():
    from workbook.cohort_file import check

    spec = {"cohort": {"name": "Lend", "groups": ["A"]},
            "staff": [{"name": "Kati", "username": "kati", "access": "member"}],
            "teams": [{"name": "T", "municipality_code": "0283", "municipality_name": "K",
                       "group": "B", "members": ["Mari", {"name": "M", "side": "martian"}],
                       "communities": "Kambja"}]}
    with pytest.raises(ValidationFailed) as info:
        check(spec)
    assert str(info.value).splitlines()[1:] == [
        "  staff[0].access: staff are mentors or coordinators (a member is listed under a "
        "team's members)",
        "  teams[0].members[0]: Input should be a valid dictionary",
        "  teams[0].members[1].side: Input should be 'municipality', 'community' or 'ngo'",
        "  teams[0].communities: Input should be a valid list"]
    spec["staff"][0]["access"] = "mentor"
    spec["teams"][0].update(members=[{"name": "M", "username": "kati", "side": "ngo"}],
                            communities=[])
    with pytest.raises(ValidationFailed) as info:
        check(spec)
    assert str(info.value).splitlines()[1:] == [
        "  teams[0].members[0].username: 'kati' is already given to staff[0] (a user name "
        "names one person of the cohort)",
        "  teams[0].group: 'B' is not one of the cohort's groups (A)"]
