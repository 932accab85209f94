"""The coordinator page's widgets against a real store."""

import datetime as dt

from workbook.ui.cohort_admin import CohortAdminPage
from workbook.ui.context import PageContext

COORDINATOR = "Kadri Koordinaator"


def page_for(cohort, name=COORDINATOR, lang="et"):
    page = CohortAdminPage(PageContext(key="k" * 32, lang=lang, session=cohort.login(name)))
    return page, page.widgets()


def test_only_the_coordinator_gets_the_page(cohort):
    for name in ("Mart Mentor", "Anne Vallasekretär"):
        _page, widgets = page_for(cohort, name)
        assert "koordinaatorile" in widgets[0].value


def test_cohort_settings_are_saved(cohort):
    page, _ = page_for(cohort)
    page.groups.value = "Lõuna\nLääne"
    page.workshops[3][0].value = dt.date(2027, 1, 20)
    page.seminar.value = dt.date(2027, 6, 1)
    page._save_cohort()
    data = cohort.admin.cohort().data
    assert data.groups == ["Lõuna", "Lääne"] and data.seminar_date == dt.date(2027, 6, 1)
    assert {ws.number: ws.date for ws in data.workshops}[3] == dt.date(2027, 1, 20)


def test_add_a_team_and_a_member_then_a_link_shown_once(cohort):
    page, _ = page_for(cohort)
    teams = page.teams
    teams.widgets["name"].value = "Alutaguse meeskond"
    teams.widgets["municipality_code"].value = "0130"
    teams.widgets["municipality_name"].value = "Alutaguse vald"
    teams.save.click()
    assert "Salvestatud" in teams.message.value
    team_id = next(v for label, v in page.people_team.options if label == "Alutaguse meeskond")
    page.people_team.value = team_id
    people = page.people
    people.widgets["name"].value = "Ülle Uus"
    people.widgets["side"].value = "municipality"
    people.widgets["contacts.email"].value = "ylle@alutagusevald.ee"
    people.save.click()
    person = next(p for p in cohort.admin.people(team_id))
    assert person.data.contacts.email == "ylle@alutagusevald.ee"
    page.link_person.value = person.id
    page._new_link()
    assert "k=" in page.link_message.value
    assert "Ülle Uus" in page.links_table.value.split("</p>")[0]  # never opened
    page._links_table()
    assert "k=" not in page.links_table.value  # the key is never shown again
    page._revoke()
    assert "1" in page.link_message.value


def test_a_csv_with_a_bad_row_names_it_and_adds_nobody(cohort):
    page, _ = page_for(cohort)
    before = len(cohort.admin.people(cohort.teams["Rõuge meeskond"]))
    data = "nimi;meeskond;pool\nMari Maasikas;Rõuge meeskond;kogukond\nJüri;Pärnu;vald\n"
    page.upload.value = ({"name": "m.csv", "type": "text/csv", "size": len(data),
                          "content": memoryview(data.encode("cp1257")),
                          "last_modified": dt.datetime.now()},)
    assert "Rida 3" in page.import_message.value and "Pärnu" in page.import_message.value
    assert page.import_button.disabled
    assert len(cohort.admin.people(cohort.teams["Rõuge meeskond"])) == before
    good = data.replace("Jüri;Pärnu;vald\n", "")
    page.upload.value = ({"name": "m.csv", "type": "text/csv", "size": len(good),
                          "content": memoryview(good.encode("utf-8")),
                          "last_modified": dt.datetime.now()},)
    assert not page.import_button.disabled
    page.import_button.click()
    assert "Lisatud 1" in page.import_message.value
    assert len(cohort.admin.people(cohort.teams["Rõuge meeskond"])) == before + 1


def test_rubrics_are_offered_by_name_in_the_persons_language(cohort):
    from workbook.frameworks import load

    rubrics = load().rubrics
    for lang in ("et", "en"):
        page, _ = page_for(cohort, lang=lang)
        labels = [label for label, _code in page.rubric.options]
        assert labels == [rubrics[code].name(lang) for code in sorted(rubrics)]
        assert not set(labels) & set(rubrics)  # no internal codes ("default", "crm")
