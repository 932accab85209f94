"""Workshops IV–V and the pilot in a real Voila server: fill each page, reload, find it."""

MODEL, PLAN, PILOT = "04_koostoomudel.ipynb", "05_tegevuskava.ipynb", "06_piloot.ipynb"
MEMBER = "Jaan Jõesaar"  # Saaremaa team


def test_fill_the_collaboration_model_and_find_it_after_a_reload(voila, page):
    url = voila.url_for(MEMBER, MODEL)
    pw = page.open(url)
    pw.fill(".wb-part-aims textarea", "**Ühine** eesmärk: külad otsustavad kaasa")
    pw.press(".wb-part-aims textarea", "Tab")  # the preview follows when the field is left
    pw.wait_for_selector(".wb-preview strong:has-text('Ühine')")  # Markdown preview
    pw.click(".wb-part-save-aims")
    pw.wait_for_selector(".wb-part-message-aims:has-text('Salvestatud')")
    pw.fill(".wb-model_party-name input", "Kärla Külade Selts")
    pw.fill(".wb-model_party-role input", "partner")
    pw.click(".wb-model_party-save")
    pw.wait_for_selector(".wb-model_party-table:has-text('Kärla Külade Selts')")
    pw.fill(".wb-delegation-service input", "Külabussi korraldamine")
    pw.click(".wb-delegation-save")
    pw.wait_for_selector(".wb-delegation-table:has-text('Külabussi korraldamine')")
    pw = page.open(url)
    assert pw.input_value(".wb-part-aims textarea").startswith("**Ühine** eesmärk")
    assert "Kärla Külade Selts" in pw.inner_text(".wb-model_party-table")
    assert "Külabussi korraldamine" in pw.inner_text(".wb-delegation-table")


def test_vision_goal_activity_and_timeline(voila, page):
    url = voila.url_for(MEMBER, PLAN, lang="en")
    pw = page.open(url)
    pw.fill(".wb-part-vision textarea", "Villages and the municipality decide together.")
    pw.press(".wb-part-vision textarea", "Tab")
    pw.click(".wb-part-save-vision")
    pw.wait_for_selector(".wb-part-message-vision:has-text('Saved')")
    pw.fill(".wb-goal-title input", "More village meetings")
    pw.click(".wb-goal-save")
    pw.wait_for_selector(".wb-goal-table:has-text('More village meetings')")
    pw.fill(".wb-activity-title input", "Village day in Kärla")
    pw.fill(".wb-activity-start input", "2027-01-15")
    pw.fill(".wb-activity-end input", "2027-03-01")
    pw.fill(".wb-activity-budget_eur input", "750")
    pw.locator(".wb-activity-pilot input").check()
    pw.click(".wb-activity-save")
    pw.wait_for_selector(".wb-activity-message:has-text('Saved: Village day in Kärla')")
    pw.wait_for_selector(".wb-gantt rect.wb-timeline-bar")
    assert "total budget €750." in pw.inner_text(".wb-plan-summary")
    # end before start is refused, and the form keeps what was typed
    pw.fill(".wb-activity-end input", "2027-01-01")
    pw.click(".wb-activity-save")
    pw.wait_for_selector(".wb-activity-message:has-text('the end is before the start')")
    assert pw.input_value(".wb-activity-title input") == "Village day in Kärla"
    pw = page.open(url)
    assert "Villages and the municipality" in pw.input_value(".wb-part-vision textarea")
    assert "Village day in Kärla" in pw.inner_text(".wb-activity-table")
    assert pw.locator(".wb-gantt rect.wb-timeline-bar").count() >= 1
    assert page.remote == []


def test_mentoring_log_and_pilot_results(voila, page):
    url = voila.url_for("Mart Mentor", PILOT, team=voila.service.login(
        voila.keys[MEMBER]).actor.team_id)
    pw = page.open(url)
    for hours in ("10", "7"):
        pw.select_option(".wb-mentoring_session-pick select", index=0)  # "new": the form empties
        pw.wait_for_function("document.querySelector('.wb-mentoring_session-hours input')"
                             ".value == ''")
        pw.fill(".wb-mentoring_session-date input", "2027-02-01")
        pw.fill(".wb-mentoring_session-hours input", hours)
        pw.click(".wb-mentoring_session-save")
        pw.wait_for_selector(".wb-mentoring_session-message:has-text('Salvestatud')")
    pw.wait_for_selector(".wb-hours:has-text('Kasutatud 17,0 / 16,0 tundi')")
    assert "ületatud 1,0 tunni võrra" in pw.inner_text(".wb-hours")
    pw.fill(".wb-mentoring_session-hours input", "-2")
    pw.click(".wb-mentoring_session-save")
    pw.wait_for_selector(".wb-mentoring_session-message:has-text('peab olema suurem kui 0')")
    member = page.open(voila.url_for(MEMBER, PILOT))
    member.fill(".wb-part-worked textarea", "Külapäev tõi kokku 80 inimest.")
    member.press(".wb-part-worked textarea", "Tab")
    member.click(".wb-part-save-worked")
    member.wait_for_selector(".wb-part-message-worked:has-text('Salvestatud')")
    member = page.open(voila.url_for(MEMBER, PILOT))
    assert member.input_value(".wb-part-worked textarea") == "Külapäev tõi kokku 80 inimest."
    assert "17,0 / 16,0" in member.inner_text(".wb-hours")
