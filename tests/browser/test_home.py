"""The home page in a real Voila server, driven in headless Chromium."""

import pytest

from workbook.exceptions import InvalidKey

MEMBER = "Anne Vallasekretär"


def test_member_link_opens_the_team_home_in_estonian(voila, page):
    pw = page.open(voila.url_for(MEMBER))
    assert pw.locator(".wb-team-name").inner_text() == "Meeskond: Saaremaa meeskond"
    body = pw.inner_text("body")
    assert pw.locator(".wb-brand").inner_text() == "Koosloome töövihik"
    assert pw.locator(".wb-header h1").inner_text() == "Avaleht"
    assert pw.title() == "Avaleht · Koosloome töövihik"
    assert "Töövihiku osad" in body and "Rõuge meeskond" not in body
    assert "Traceback" not in body
    assert "DEMO" in pw.inner_text(".wb-header .wb-demo")
    assert page.remote == []  # nothing was fetched from the internet


def test_language_switch_shows_the_same_page_in_english(voila, page):
    try:
        pw = page.open(voila.url_for(MEMBER))
        pw.click(".wb-lang button:has-text('English')")
        pw.wait_for_selector(".wb-team-name:has-text('Team: Saaremaa meeskond')")
        pw.wait_for_selector(".wb-header h1:has-text('Home')")  # set last
        assert "Workbook sections" in pw.inner_text("body")
        # links to sections are the app's addresses; the page's own address keeps the key
        # and now the chosen language
        hrefs = pw.locator(".wb-sections a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))")
        assert hrefs[0] == "#/kogukonnad" and len(hrefs) == 6
        assert f"k={voila.keys[MEMBER]}" in pw.url and "lang=en" in pw.url
    finally:  # the switch is remembered for the person: back to Estonian for the others
        voila.service.login(voila.keys[MEMBER]).set_language("et")

def test_lang_parameter_opens_english_directly(voila, page):
    pw = page.open(voila.url_for("Tiina Tamm", lang="en"))
    assert "Team composition" in pw.inner_text("body")
    assert "Still missing: 1 community or NGO representative" in pw.inner_text("body")


def test_mentor_sees_the_list_of_teams(voila, page):
    body = page.open(voila.url_for("Mart Mentor")).inner_text("body")
    assert "Saaremaa meeskond" in body and "Rõuge meeskond" in body


def test_coordinator_sees_the_cohort(voila, page):
    pw = page.open(voila.url_for("Kadri Koordinaator"))
    assert pw.locator(".wb-cohort-name").inner_text() == "DEMO – Koosloome lend 2026"
    assert pw.locator(".wb-people tbody tr").count() == 13  # staff 2, members 4 + 3 + 4


@pytest.mark.parametrize("key", ["", "not-a-key", "A" * 32, "<script>alert(1)</script>"])
def test_invalid_link_shows_a_clear_page_and_no_workbook(voila, page, key):
    pw = page.open(voila.page_url(key=key), ready=".wb-error-box")
    body = pw.inner_text("body")
    assert "See link ei kehti." in body
    for secret in ("Saaremaa", "Rõuge", "Kärla", "DEMO", "Traceback"):
        assert secret not in body


def test_revoked_link_stops_working(voila, page):
    admin = voila.service.system(voila.service.cohorts()[0].id)
    person = next(p for t in admin.teams() for p in admin.people(t.id)
                  if p.data.name == "Maie Mets")
    admin.revoke_links(person.id)
    with pytest.raises(InvalidKey):
        voila.service.login(voila.keys["Maie Mets"])
    body = page.open(voila.url_for("Maie Mets"), ready=".wb-error-box").inner_text("body")
    assert "See link ei kehti." in body and "Rõuge" not in body


def test_keys_do_not_reach_the_server_log(voila, page):
    page.open(voila.url_for(MEMBER))
    assert voila.keys[MEMBER] not in voila.log.read_text()
