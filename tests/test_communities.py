"""Workshop I logic: saving, moving and importing communities, and the team's static map."""

import pytest

from workbook import communities as logic
from workbook.exceptions import EditConflict

FORM = {"name": "Kärla noored", "kind": "interest", "lat": "58.3337", "lon": "22.2556",
        "needs": "Noortekeskus\nTransport", "assets_physical": "Rahvamaja",
        "contact_name": "Liis", "contact_email": "liis@example.ee"}


@pytest.fixture
def anne(cohort):
    return cohort.login("Anne Vallasekretär")


def test_save_creates_then_updates_and_keeps_history(anne, geo):
    team = anne.actor.team_id
    saved = logic.save_community(anne, team, FORM, geo=geo)
    assert saved.warnings == []
    data = saved.entry.data
    assert data.needs == ["Noortekeskus", "Transport"] and data.contact.email == "liis@example.ee"
    again = logic.save_community(anne, team, {**FORM, "size": "25"}, geo=geo,
                                 item_id=saved.entry.id, expected_version=1)
    assert again.entry.version == 2 and again.entry.data.size == 25
    assert [h.version for h in anne.history(saved.entry.id)] == [1, 2]


def test_outside_the_municipality_is_saved_with_a_warning(anne, geo):
    saved = logic.save_community(anne, anne.actor.team_id,
                                 {**FORM, "lat": "59.437", "lon": "24.745"}, geo=geo)
    [(key, params)] = saved.warnings
    assert key == "communities.outside_municipality" and params["municipality"] == "Saaremaa vald"


@pytest.mark.parametrize("lat, lon", [("56.95", "24.1"), ("59.0", "20.9"), ("57.8", "23.5")])
def test_outside_estonia_is_refused_and_nothing_is_written(anne, geo, lat, lon):
    team = anne.actor.team_id
    before = len(anne.items("community", team))
    with pytest.raises(Exception) as info:
        logic.save_community(anne, team, {**FORM, "lat": lat, "lon": lon}, geo=geo)
    assert isinstance(info.value, (logic.OutsideEstonia, logic.FormInvalid))
    if isinstance(info.value, logic.OutsideEstonia):  # the outline check, past the box
        from workbook.messages import error_message

        assert f"{lat.replace('.', ',')}000" in error_message(info.value, "et")
        assert f"{lat}000" in error_message(info.value, "en")
    assert len(anne.items("community", team)) == before


def test_without_geodata_the_box_check_still_refuses_riga(anne):
    with pytest.raises(logic.FormInvalid):
        logic.save_community(anne, anne.actor.team_id, {**FORM, "lat": "56.95", "lon": "24.1"},
                             geo=None)
    assert logic.save_community(anne, anne.actor.team_id, FORM, geo=None).warnings == []


def test_bad_form_values_name_each_field(anne, geo):
    with pytest.raises(logic.FormInvalid) as info:
        logic.save_community(anne, anne.actor.team_id,
                             {**FORM, "name": " ", "size": "palju", "contact_email": "x"},
                             geo=geo)
    assert {p.column for p in info.value.problems} == {"name", "size", "contact_email"}


def test_a_move_merges_with_a_teammates_save_of_another_field(anne, cohort, geo):
    entry = logic.save_community(anne, anne.actor.team_id, FORM, geo=geo).entry
    peeter = cohort.login("Peeter Pärn")
    peeter.save(entry.id, {**entry.data.model_dump(mode="json"), "size": 5},
                expected_version=entry.version)
    moved = logic.move_community(anne, entry, 58.34, 22.26, geo=geo)  # the stale version
    assert moved.entry.data.location.lat == 58.34 and moved.entry.data.size == 5
    assert moved.entry.version == 3


def test_two_moves_of_one_community_conflict(anne, cohort, geo):
    entry = logic.save_community(anne, anne.actor.team_id, FORM, geo=geo).entry
    peeter = cohort.login("Peeter Pärn")
    logic.move_community(peeter, entry, 58.30, 22.20, geo=geo)
    with pytest.raises(EditConflict) as info:
        logic.move_community(anne, entry, 58.34, 22.26, geo=geo)
    paths = {c.path for c in info.value.conflicts}
    assert paths >= {"location.lat", "location.lon"}
    assert anne.get(entry.id).data.location.lat == 58.30  # nothing written


def test_import_preview_then_confirm_in_one_go(anne, geo):
    team = anne.actor.team_id
    csv = ("nimi;laius;pikkus\nKärla alevik;58,3337;22,2556\nUus selts;58,25;22,5\n"
           ";58,2;22,4\n").encode("cp1257")
    found = logic.import_preview(anne, team, "k.csv", csv, geo)
    assert [g.duplicate_of for g in found.good] == ["Kärla alevik", None]
    assert [b.number for b in found.bad] == [4]
    made = logic.import_confirm(anne, team, found)
    assert [e.data.name for e in made] == ["Uus selts"]


def test_static_map_of_the_team(anne, geo):
    html = logic.static_map_html(anne, anne.actor.team_id, "et", geo)
    assert "Kärla alevik" in html and "Rõuge" not in html and "Saaremaa vald" in html
    assert "Maa-amet, haldus- ja asustusjaotus, 01.09.2018" in html
    assert "Kogukondade kaardistamine" in html
    assert "data-wb-points" in logic.static_map_html(anne, anne.actor.team_id, "en", None)
