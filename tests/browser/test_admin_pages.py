"""The coordinator page and the mentor overview in a real Voila server."""

ADMIN, MENTOR_PAGE, HOME = "08_koordinaator.ipynb", "07_mentor.ipynb", "00_avaleht.ipynb"


def test_the_coordinator_adds_a_team_and_creates_a_link_shown_once(voila, page):
    pw = page.open(voila.url_for("Kadri Koordinaator", ADMIN))
    pw.fill(".wb-team-name input", "Alutaguse meeskond")
    pw.fill(".wb-team-municipality_code input", "130")  # wrong: 4 digits needed
    pw.fill(".wb-team-municipality_name input", "Alutaguse vald")
    pw.click(".wb-team-save")
    pw.wait_for_selector(".wb-team-message .wb-notice-error")
    pw.fill(".wb-team-municipality_code input", "0130")
    pw.click(".wb-team-save")
    pw.wait_for_selector(".wb-team-table:has-text('Alutaguse meeskond')")
    pw.select_option(".wb-admin-link-person select", label="Urmas Uibo")  # nobody else opens theirs
    pw.click(".wb-admin-link-create")
    pw.wait_for_selector(".wb-admin-new-link")
    assert "00_avaleht.ipynb?k=" in pw.inner_text(".wb-admin-new-link")
    assert "Urmas Uibo" in pw.inner_text(".wb-admin-never")
    assert page.remote == []
    again = page.open(voila.url_for("Kadri Koordinaator", ADMIN))
    assert again.locator(".wb-admin-new-link").count() == 0  # never shown again


def test_staff_pages_are_linked_from_home_and_closed_to_members(voila, page):
    pw = page.open(voila.url_for("Kadri Koordinaator", HOME))
    links = pw.locator(".wb-nav a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {"#/mentor", "#/koordinaator", "#/eksport"} <= set(links)
    member = page.open(voila.url_for("Anne Vallasekretär", HOME))
    links = member.locator(".wb-nav a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "#/eksport" in links and "#/mentor" not in links and "#/koordinaator" not in links
    # a member who opens a staff page's address gets their own home page instead
    for notebook in (ADMIN, MENTOR_PAGE):
        pw = page.open(voila.url_for("Anne Vallasekretär", notebook))
        pw.wait_for_function("location.hash === '#/avaleht'")
        assert pw.locator(".wb-header h1").inner_text() == "Avaleht"
        assert "Rõuge meeskond" not in pw.inner_text(".wb-body")  # no other team's data
