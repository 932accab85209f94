"""The communities page's widgets without a browser: handlers fire on .click() and values."""

from workbook.ui import communities as page_module
from workbook.ui.context import PageContext


def html_of(widget) -> str:
    """All HTML values in a widget tree."""
    out = [getattr(widget, "value", "")] if hasattr(widget, "value") and isinstance(
        getattr(widget, "value"), str) else []
    for child in getattr(widget, "children", ()):
        out.append(html_of(child))
    return " ".join(out)


def make_page(cohort, monkeypatch, geodata_dir, name="Anne Vallasekretär", lang="et"):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    ctx = PageContext(key="k" * 32, lang=lang, session=cohort.login(name))
    return page_module.CommunitiesPage(ctx, ctx.team_id())


def test_without_geodata_the_page_works_and_says_so(cohort, monkeypatch, tmp_path):
    """No cache built and the shipped geodata missing too (a broken install)."""
    from workbook.geo import default

    monkeypatch.setattr(default, "ARCHIVE", tmp_path / "gone.zip")
    page = make_page(cohort, monkeypatch, tmp_path / "none")
    html = " ".join(html_of(w) for w in page.widgets())
    assert "Geoandmed puuduvad" in html
    assert page.form.place.disabled
    page._clicked(58.3337, 22.2556)
    page.form.name.value = "Ilma geoandmeteta"
    page.form.save.click()
    assert "Lisatud: Ilma geoandmeteta" in page.message.value


def test_search_pick_and_save(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    page.form.place.value = "Lumanda"
    assert page.form.suggestions.options[0][0] == "Lümanda küla — Saaremaa vald"
    page.form.suggestions.value = page.form.suggestions.options[0][1]
    assert page.form.name.value == "Lümanda küla" and page.form.lat is not None
    assert page.map.pending.visible
    page.form.needs.value = "Pood\nBuss"
    page.form.save.click()
    assert "Lisatud: Lümanda küla" in page.message.value
    saved = {e.data.name: e for e in page.entries.values()}["Lümanda küla"]
    assert saved.data.needs == ["Pood", "Buss"] and len(saved.data.settlement_codes) == 1
    assert saved.id in page.map.located  # a point in the map's one layer
    assert page.map.marker.title == "Lümanda küla"  # the selected one has its own marker


def test_bad_values_keep_the_form_and_name_the_fields(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir, lang="en")
    page.form.name.value = "Suur küla"
    page.form.size.value = "a lot"
    page.form.save.click()
    assert "a lot" in page.message.value and "whole number" in page.message.value
    assert page.form.name.value == "Suur küla"


def test_outside_municipality_warns(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    page.form.name.value = "Tallinna sõbrad"
    page.form.coordinates.value = "59,437 24,745"
    page.form.coordinates_button.click()
    page.form.save.click()
    assert "väljaspool teie omavalitsust (Saaremaa vald)" in page.message.value


def test_a_mentor_sees_a_read_only_page(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir, name="Mart Mentor")
    assert page.form.save.disabled and not page.map.editable
    assert "Sul on selle lehe vaatamise õigus" in " ".join(html_of(w) for w in page.widgets())


def test_a_same_field_conflict_on_the_community_form_shows_both_values(
        cohort, monkeypatch, geodata_dir):
    anne = make_page(cohort, monkeypatch, geodata_dir)
    peeter = make_page(cohort, monkeypatch, geodata_dir, name="Peeter Pärn")
    item_id = next(iter(anne.entries))
    for page in (anne, peeter):
        entry = page.entries[item_id]
        page.form.load(entry.id, entry.version, entry.data.model_dump(mode="json"))
    peeter.form.notes.value = "Peetri märkmed"
    peeter._save()
    anne.form.notes.value = "Anne märkmed"
    anne.form.size.value = "120"  # a field Peeter did not touch: merges by itself
    anne._save()
    box = anne.conflict.children[0]
    assert "Anne märkmed" in html_of(box) and "Peetri märkmed" in html_of(box)
    box.children[2].value = "theirs"
    box.children[-1].click()
    saved = cohort.admin.get(item_id).data
    assert (saved.notes, saved.size) == ("Peetri märkmed", 120)
    assert anne.conflict.children == ()


def test_the_mouse_up_of_a_drag_is_not_taken_as_a_new_point(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    item_id = next(iter(page.map.located))
    page.map._point_clicked(event="click", properties={"id": item_id})  # a click selects
    assert page.picker.value == item_id and page.form.item_id == item_id
    marker = page.map.marker  # the selected community's own, draggable marker
    lat, lon = marker.location
    marker.location = (lat + 0.01, lon + 0.01)  # the browser's drag end
    page.map._interaction(type="click", coordinates=[lat + 0.011, lon + 0.012])  # its mouse-up
    assert "Asukoht muudetud" in page.message.value
    assert not page.map.pending.visible
    assert page.session.get(item_id).version == 2
    page.map._dragged_at -= 5  # later, a click is a click again
    page.map._interaction(type="click", coordinates=[lat, lon])
    assert page.map.pending.visible


def test_a_live_rebuild_keeps_the_map_view_and_the_chosen_community(
        cohort, monkeypatch, geodata_dir):
    from workbook.ui.tracking import Tracker, building

    tracker = Tracker()
    with building(tracker):
        page = make_page(cohort, monkeypatch, geodata_dir)
    chosen = next(iter(page.entries))
    page.picker.value = chosen
    page.map.map.center, page.map.map.zoom = (58.25, 22.5), 12
    page.map.base_switch.value, page.map.colour_by.value = "offline", "phase"
    tracker.keep()
    with building(tracker):
        again = make_page(cohort, monkeypatch, geodata_dir)
    assert again.picker.value == chosen and again.form.item_id == chosen
    assert tuple(again.map.map.center) == (58.25, 22.5) and again.map.map.zoom == 12
    assert (again.map.base_switch.value, again.map.colour_by.value) == ("offline", "phase")


def test_a_teammate_s_save_updates_the_page_in_place_and_keeps_typing(
        cohort, monkeypatch, geodata_dir):
    from workbook.ui.frame import Frame
    from workbook.ui.live import Live

    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    session = cohort.login("Anne Vallasekretär")
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    team = ctx.team_id()
    holder = {}
    frame = Frame(ctx, "section.communities", lambda c: (
        holder.setdefault("page", page_module.CommunitiesPage(c, team))).widgets())
    page, live = holder["page"], Live(frame, team, "communities")
    chosen, other = list(page.entries)[:2]
    page.picker.value = chosen
    page.map.map.center, page.map.map.zoom = (58.25, 22.5), 12
    page.form.notes.value = "pooleli märkmed"  # typed, not saved
    page.form.guard.edited_at = 0  # long ago
    body = list(frame.body.children)
    peeter = cohort.login("Peeter Pärn")
    peeter.create("community", {"name": "Uus küla", "location": {"lat": 57.9, "lon": 26.9}},
                  team_id=team)
    entry = peeter.get(other)
    data = entry.data.model_dump(mode="json")
    peeter.save(other, {**data, "notes": "Peetri märge"}, expected_version=entry.version)
    assert live.poll() is True
    assert list(frame.body.children) == body  # nothing rebuilt
    assert "Uus küla" in [label for label, _ in page.picker.options]
    assert any(f["properties"].get("name") == "Uus küla"
               for f in page.map.points.data["features"])
    assert page.picker.value == chosen and page.form.item_id == chosen
    assert page.form.notes.value == "pooleli märkmed" and frame.dirty()
    assert tuple(page.map.map.center) == (58.25, 22.5) and page.map.map.zoom == 12
    entry = peeter.get(chosen)  # now the community Anne is editing: waits for her
    peeter.save(chosen, {**entry.data.model_dump(mode="json"), "size": 40},
                expected_version=entry.version)
    assert live.poll() is False and "wb-waiting" in frame.state.value
    assert page.form.notes.value == "pooleli märkmed"
    page.form.save.click()  # merged: her notes, his size
    saved = session.get(chosen).data
    assert (saved.notes, saved.size) == ("pooleli märkmed", 40)
    frame.tracker.last_edit = 0  # her last keystroke long ago
    assert live.poll() is True and "wb-waiting" not in frame.state.value


def test_typed_coordinates_are_saved_without_marking_them_first(cohort, monkeypatch,
                                                                 geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    page.form.name.value = "Kirjutatud punkt"
    page.form.coordinates.value = "58.3337, 22.2556"
    page.form.save.click()  # no "Märgi kaardile" first
    assert "Lisatud: Kirjutatud punkt" in page.message.value
    saved = {e.data.name: e for e in page.entries.values()}["Kirjutatud punkt"]
    assert (saved.data.location.lat, saved.data.location.lon) == (58.3337, 22.2556)


def test_wrong_typed_coordinates_stop_the_save_and_keep_the_form(cohort, monkeypatch,
                                                                 geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    before = len(page.entries)
    page.form.name.value = "Vale punkt"
    page.form.coordinates.value = "põhja pool"
    page.form.save.click()
    assert "wb-notice-error" in page.message.value or "error" in page.message.value
    assert len(page.entries) == before and page.form.name.value == "Vale punkt"


def test_delete_asks_first_and_can_be_undone(cohort, monkeypatch, geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    entry = next(iter(page.entries.values()))
    page.picker.value = entry.id
    page.form.delete.click()
    assert entry.id in page.entries  # nothing deleted yet: the button asks
    assert page.form.delete.description == "Kinnita kustutamine"
    assert "Kas kustutada" in page.message.value
    page.form.delete.click()
    assert entry.id not in page.entries and "Kustutatud" in page.message.value
    assert page.undo.button.layout.display is None  # offered
    page.undo.button.click()
    assert page.entries[entry.id].data.name == entry.data.name
    assert page.form.item_id == entry.id and "Taastatud" in page.message.value


def test_choosing_another_community_cancels_a_pending_delete(cohort, monkeypatch,
                                                             geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir)
    first, second = list(page.entries.values())[:2]
    page.picker.value = first.id
    page.form.delete.click()
    page.picker.value = second.id
    page.form.delete.click()  # asks again, for the second one
    assert first.id in page.entries and second.id in page.entries


def test_a_communitys_history_shows_its_versions_and_restores_one(cohort, monkeypatch,
                                                                  geodata_dir):
    page = make_page(cohort, monkeypatch, geodata_dir, lang="en")
    entry = next(iter(page.entries.values()))
    page.picker.value = entry.id
    page.form.notes.value = "Uus märkus"
    page.form.save.click()
    page.show_history.value = True
    assert page.history.root.layout.display == "flex"
    assert "Notes" in page.history.table.value  # what changed, by its label
    page.history.version.value = entry.version
    page.history.restore.click()
    assert page.entries[entry.id].data.notes == entry.data.notes
    assert page.form.notes.value == entry.data.notes
