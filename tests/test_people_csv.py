"""Importing team members from CSV: all rows checked first, all or nothing."""

import pytest

from workbook.exceptions import PermissionDenied, ValidationFailed
from workbook.io import people_csv

GOOD = ("nimi;meeskond;pool;roll;e-post;telefon\n"
        "Malle Mänd;Saaremaa meeskond;vald;Sotsiaalnõunik;malle@saaremaavald.ee;+372 5555 1234\n"
        "Toomas Tõnts;rõuge meeskond;MTÜ;juhatuse liige;;\n")


def teams(cohort):
    return dict(cohort.teams)


def test_a_good_file_adds_every_member_in_one_go(cohort):
    rows = people_csv.read(GOOD.encode("cp1257"), teams(cohort))
    assert rows.bad == [] and len(rows.good) == 2
    assert people_csv.add(cohort.admin, rows) == 2
    names = {p.data.name: p for t in cohort.teams.values() for p in cohort.admin.people(t)}
    assert names["Malle Mänd"].team_id == cohort.teams["Saaremaa meeskond"]
    assert names["Malle Mänd"].data.contacts.email == "malle@saaremaavald.ee"
    assert names["Toomas Tõnts"].data.side.value == "ngo"


def test_english_headers_commas_and_a_bom(cohort):
    data = ("\ufeffname,team,side\nMari Maasikas,Rõuge meeskond,community\n").encode("utf-8")
    rows = people_csv.read(data, teams(cohort))
    assert [p["name"] for _t, p in rows.good] == ["Mari Maasikas"]


def test_bad_rows_are_named_and_nothing_is_added(cohort):
    before = len(cohort.admin.people(cohort.teams["Saaremaa meeskond"]))
    data = GOOD + "Keegi;Tundmatu meeskond;vald;;\n;Saaremaa meeskond;kogukond;;pole-meil\n"
    rows = people_csv.read(data.encode("utf-8"), teams(cohort))
    assert [(b.number, [p[0] for p in b.problems]) for b in rows.bad] == [
        (4, ["team"]), (5, ["name", "contacts.email"])]
    with pytest.raises(ValidationFailed):
        people_csv.add(cohort.admin, rows)
    assert len(cohort.admin.people(cohort.teams["Saaremaa meeskond"])) == before


def test_a_file_without_the_needed_columns(cohort):
    with pytest.raises(ValidationFailed) as info:
        people_csv.read(b"nimi;amet\nMalle;x\n", teams(cohort))
    assert info.value.errors[0][2]["columns"] == "team, side"


def test_only_the_coordinator_imports(cohort):
    rows = people_csv.read(GOOD.encode("utf-8"), teams(cohort))
    with pytest.raises(PermissionDenied):
        people_csv.add(cohort.login("Mart Mentor"), rows)
