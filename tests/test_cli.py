import json
import re

import pytest

from workbook import cli
from workbook.service import Service

LINK = re.compile(r"http://127\.0\.0\.1:8866/voila/render/00_avaleht\.ipynb\?k=([\w-]{32})")


@pytest.fixture
def env_db(db_url, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DB", db_url)
    return db_url


def test_demo_prints_one_link_per_person_and_rotates_them(env_db, capsys):
    assert cli.main(["demo"]) == 0
    first = LINK.findall(capsys.readouterr().out)
    assert len(first) == 13  # coordinator, mentor, 11 members
    assert cli.main(["demo"]) == 0  # second run keeps the data, issues new links
    out = capsys.readouterr().out
    assert "already there" in out
    service = Service.open(env_db)
    assert len(service.cohorts()) == 1
    assert service.login(LINK.findall(out)[0]).actor.name == "Kadri Koordinaator"
    with pytest.raises(Exception):
        service.login(first[0])


def test_link_create_revoke_list(env_db, capsys):
    cli.main(["demo"])
    capsys.readouterr()
    service = Service.open(env_db)
    admin = service.system(service.cohorts()[0].id)
    person = admin.people(staff=True)[1]
    assert cli.main(["link", "create", person.id]) == 0
    key = LINK.findall(capsys.readouterr().out)[0]
    assert service.login(key).actor.person_id == person.id
    assert cli.main(["link", "revoke", person.id]) == 0
    assert "revoked 2 link(s)" in capsys.readouterr().out
    assert cli.main(["link", "list"]) == 0
    listing = capsys.readouterr().out
    assert key not in listing and "Mart Mentor" in listing


def test_dump_writes_a_team_as_json(env_db, tmp_path, capsys):
    cli.main(["demo"])
    service = Service.open(env_db)
    admin = service.system(service.cohorts()[0].id)
    team = admin.teams()[0]
    out = tmp_path / "team.json"
    assert cli.main(["dump", team.id, "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["team"]["name"] == team.data.name
    assert len(data["items"]["community"]) == len(admin.items("community", team.id))


def test_missing_database_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "missing.sqlite"))
    assert cli.main(["link", "list"]) == 2
    assert "no database at" in capsys.readouterr().err


def test_unknown_setting_is_a_clear_error(env_db, monkeypatch, capsys):
    monkeypatch.setenv("WORKBOOK_PROT", "1")
    assert cli.main(["init"]) == 2
    assert "WORKBOOK_PROT" in capsys.readouterr().err


COHORT = """
cohort: {name: "Lend 2027", groups: ["A"], seminar_date: 2027-05-01}
staff:
  - {name: "Kati Koordinaator", access: coordinator}
teams:
  - name: "Kambja meeskond"
    municipality_code: "0283"
    municipality_name: "Kambja vald"
    members:
      - {name: "Mari Maasikas", side: municipality}
      - {name: "Tõnu Tamm", side: %s}
"""


def test_cohort_file_creates_the_cohort_and_prints_links(env_db, tmp_path, capsys):
    source = tmp_path / "lend.yaml"
    source.write_text(COHORT % "ngo", encoding="utf-8")
    assert cli.main(["cohort", str(source)]) == 0
    keys = LINK.findall(capsys.readouterr().out)
    assert len(keys) == 3
    service = Service.open(env_db)
    [cohort] = service.cohorts()
    assert cohort.data.name == "Lend 2027" and not cohort.data.demo
    assert service.login(keys[-1]).me().data.name in {"Mari Maasikas", "Tõnu Tamm"}


def test_a_bad_cohort_file_writes_nothing_and_names_the_entry(env_db, tmp_path, capsys):
    source = tmp_path / "lend.yaml"
    source.write_text(COHORT % "martian", encoding="utf-8")
    assert cli.main(["cohort", str(source)]) == 2
    err = capsys.readouterr().err
    assert "teams[0].members[1].side" in err and "nothing was written" in err
    assert Service.open(env_db).cohorts() == []
    source.write_text("cohort: [unclosed", encoding="utf-8")
    assert cli.main(["cohort", str(source)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    assert cli.main(["cohort", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("formats, wanted", [
    ([], {".html", ".xlsx", ".csv", ".geojson", ".json"}),
    (["--format", "pdf,report"], {".html"}),
])
def test_export_of_a_team_with_no_pdf_writes_no_pdf(env_db, tmp_path, capsys, formats, wanted):
    cli.main(["demo"])
    out = tmp_path / "files"
    assert cli.main(["export", "Saaremaa meeskond", "--no-pdf", "-o", str(out), *formats]) == 0
    written = {p.suffix for p in out.iterdir()}
    assert ".pdf" not in written and wanted <= written
    assert "pdf" not in capsys.readouterr().err


@pytest.mark.parametrize("content", ["[" * 100_000, '{"a": ' * 50_000 + "1" + "}" * 50_000])
def test_import_of_a_deeply_nested_file_is_one_clear_line(env_db, tmp_path, capsys, content):
    cli.main(["init"])
    source = tmp_path / "deep.json"
    source.write_text(content, encoding="utf-8")
    assert cli.main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("workbook: ") and str(source) in err
    assert "Traceback" not in err and "Recursion" not in err
    assert Service.open(env_db).cohorts() == []  # nothing written


def test_db_staff_role_needs_a_cohort_and_makes_its_role(env_db, capsys):
    from test_staff_readonly import admin_url

    from workbook.store import readonly

    assert cli.main(["db", "staff-role"]) != 0
    err = capsys.readouterr().err
    assert "--cohort" in err and "Traceback" not in err
    cli.main(["demo"])
    cohort_id = Service.open(env_db).cohorts()[0].id
    admin = admin_url()
    try:
        assert cli.main(["db", "staff-role", "--cohort", cohort_id,
                         *(["--admin-url", admin] if admin else [])]) == 0
        assert readonly.role_name(cohort_id) in capsys.readouterr().out
    finally:
        if admin:
            readonly.drop_role(cohort_id, admin)
