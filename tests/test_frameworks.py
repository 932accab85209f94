"""Framework files: the shipped ones load; broken ones name the file, key and problem."""

import shutil

import pytest
import yaml

from workbook import cli
from workbook.frameworks import FrameworkError, load
from workbook.frameworks.loader import load_folder
from workbook.settings import get


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "frameworks"
    shutil.copytree(get("WORKBOOK_FRAMEWORKS"), target)
    return target


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_shipped_frameworks_load_completely():
    fw = load()
    assert [lv.code.value for lv in fw.levels.levels] == [
        "inform", "consult", "involve", "collaborate", "empower"]
    assert len(fw.forms.forms) >= 12
    assert {f.code for f in fw.forms.forms} >= {"village_meeting", "participatory_budget",
                                                 "delegated_service"}
    assert len(fw.assets.assets) == 6
    default, crm = fw.rubric("default"), fw.rubric("crm")
    assert (default.top, len(default.dimensions)) == (5, 6)
    assert (crm.top, len(crm.dimensions)) == (9, 6)
    for rubric in (default, crm):
        for d in rubric.dimensions:
            for p in rubric.phases:
                assert rubric.anchor(d.code, p.number, "et") != rubric.anchor(d.code, p.number,
                                                                             "en")
        assert all(p.interventions for p in rubric.phases)


@pytest.mark.parametrize("file, change, key", [
    ("levels.yaml", lambda d: d["levels"].pop(), "levels"),
    ("forms.yaml", lambda d: d["forms"][0].update(level="shout"), "forms.0.level"),
    ("forms.yaml", lambda d: d["forms"][1].update(colour="red"), "forms.1.colour"),
    ("assets.yaml", lambda d: d["assets"][0]["name"].pop("en"), "assets.0.name.en"),
    ("rubrics/default.yaml", lambda d: d["anchors"]["leadership"].pop(3), "anchors.leadership"),
    ("rubrics/default.yaml", lambda d: d["phases"][1].update(number=7), "phases"),
    ("rubrics/crm.yaml", lambda d: d.update(code="other"), "code"),
])
def test_a_broken_file_is_named_with_its_key(folder, file, change, key):
    edit(folder / file, change)
    with pytest.raises(FrameworkError) as info:
        load_folder(folder)
    assert info.value.params["file"] == file
    assert info.value.params["key"] == key
    assert file in str(info.value)


def test_not_yaml_and_missing_files(folder):
    (folder / "levels.yaml").write_text("levels: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="levels.yaml: not valid YAML"):
        load_folder(folder)
    (folder / "levels.yaml").unlink()
    with pytest.raises(FrameworkError, match="levels.yaml: cannot read"):
        load_folder(folder)


def test_unknown_rubric_is_a_clear_error():
    with pytest.raises(FrameworkError, match="no rubric 'nope'"):
        load().rubric("nope")


def test_serve_refuses_to_start_with_a_broken_framework(folder, monkeypatch, capsys, db_url):
    edit(folder / "forms.yaml", lambda d: d["forms"][0].update(level="shout"))
    monkeypatch.setenv("WORKBOOK_FRAMEWORKS", str(folder))
    monkeypatch.setenv("WORKBOOK_DB", db_url)
    assert cli.main(["serve"]) == 2
    assert "forms.yaml: forms.0.level" in capsys.readouterr().err
