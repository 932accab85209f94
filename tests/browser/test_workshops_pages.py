"""Workshops II and III in a real Voila server: engagement forms, the matrix, ratings."""

import datetime as dt

from workbook.geo.layers import phase_colour
from workbook.model.sections import Round

ENGAGEMENT, PHASES = "02_koosloome_vormid.ipynb", "03_arengufaasid.ipynb"
ANNE, PEETER = "Anne Vallasekretär", "Peeter Pärn"
DIMENSIONS = ("leadership", "participation", "organisations", "resources", "cooperation",
              "belonging")


def community_id(voila, member, name):
    session = voila.service.login(voila.keys[member])
    return next(c.id for c in session.items("community", session.actor.team_id)
                if c.data.name == name), session


def choose(pw, selector: str, text: str) -> None:
    texts = [o.replace("\xa0", " ") for o in pw.locator(f"{selector} option").all_inner_texts()]
    pw.select_option(selector, index=texts.index(text))


def test_record_an_engagement_form_and_see_the_matrix(voila, page):
    pw = page.open(voila.url_for("Tiina Tamm", ENGAGEMENT))
    assert pw.locator(".wb-matrix .wb-only-inform").count() >= 1  # nothing recorded yet
    pw.fill(".wb-engagement-form input", "Kaasav eelarve")
    pw.wait_for_function("document.querySelector('.wb-engagement-level select').selectedIndex"
                         " == 4")  # the catalogue's level for participatory budgeting
    pw.click(".wb-engagement-save")
    pw.wait_for_selector(".wb-message:has-text('Salvestatud: Kaasav eelarve')")
    first_row = pw.locator(".wb-matrix tbody tr").first
    assert "Kaasav eelarve" in first_row.inner_text()
    assert first_row.locator(".wb-only-inform").count() == 0
    assert "Kaasav eelarve" in pw.inner_text(".wb-engagement-table")
    pw.reload()
    pw.wait_for_selector(".wb-ready")
    assert "Kaasav eelarve" in pw.inner_text(".wb-matrix")


def test_record_a_cooperation_agreement(voila, page):
    pw = page.open(voila.url_for("Tiina Tamm", ENGAGEMENT, lang="en"))
    pw.fill(".wb-agreement-title input", "Haanja village house agreement")
    pw.fill(".wb-agreement-parties textarea", "Haanja Külaselts\nRõuge vald")
    pw.click(".wb-agreement-save")
    pw.wait_for_selector(".wb-agreement-table:has-text('Haanja village house agreement')")
    assert "Haanja Külaselts, Rõuge vald" in pw.inner_text(".wb-agreement-table")


def test_blind_rating_then_consensus(voila, page):
    karla, peeter = community_id(voila, PEETER, "Kärla alevik")
    from workbook import phases

    phases.save_ratings(peeter, peeter.actor.team_id, karla, Round.baseline,
                        dict.fromkeys(DIMENSIONS, 4), submit=True, current=None)
    pw = page.open(voila.url_for(ANNE, PHASES))
    choose(pw, ".wb-phase-community select", "Kärla alevik")
    pw.wait_for_selector(".wb-consensus:has-text('1 hinnang ootab')")
    assert PEETER not in pw.inner_text(".wb-consensus")  # hidden until Anne submits
    for code in DIMENSIONS:
        pw.select_option(f".wb-rate-{code} select", index=2)
    pw.wait_for_function(f"document.querySelectorAll('.wb-anchor').length == {len(DIMENSIONS)}")
    pw.click(".wb-rate-submit")  # asks first: a submitted rating is final
    pw.wait_for_selector(".wb-rate-message:has-text('Esitatud hinnangut enam muuta ei saa')")
    assert pw.locator(".wb-consensus:has-text('1 hinnang ootab')").count() == 1  # not yet
    pw.click(".wb-rate-submit:has-text('Kinnita: esita hinnang')")
    pw.wait_for_selector(".wb-rate-message:has-text('Hinnang esitatud')")
    table = pw.inner_text(".wb-consensus")
    assert PEETER in table and ANNE in table
    assert pw.locator(".wb-consensus .wb-disagreement").count() == len(DIMENSIONS)  # 2 vs 4
    assert pw.locator(".wb-rate-leadership select").is_disabled()
    assert pw.locator(".wb-chart svg .wb-series").count() == 2
    for code in DIMENSIONS:
        pw.select_option(f".wb-agree-{code} select", index=3)
    pw.locator(".wb-consensus-box textarea").fill("Arutasime ja leppisime kokku.")
    pw.locator(".wb-intervention input").first.check()
    pw.click(".wb-consensus-save")
    pw.wait_for_selector(".wb-consensus-message:has-text('üldine faas 3')")
    pw.reload()
    pw.wait_for_selector(".wb-ready")
    choose(pw, ".wb-phase-community select", "Kärla alevik")
    pw.wait_for_selector(".wb-overall:has-text('3.')")
    saved = [e for e in peeter.items("phase_consensus", peeter.actor.team_id)
             if e.data.community_id == karla][0]
    assert saved.data.phases == dict.fromkeys(DIMENSIONS, 3) and len(saved.data.interventions) == 1
    assert saved.data.date == dt.date.today()
    # the agreed overall phase colours the community on the map
    pw = page.open(voila.url_for(ANNE, "01_kogukonnad.ipynb"))
    pw.wait_for_selector(".wb-map path.wb-point")
    choose(pw, ".wb-community-list select", "Kärla alevik")  # its own marker, its colour
    pw.wait_for_selector(".wb-map .wb-pin")
    pw.click(".wb-colour-by button:has-text('arengufaasi järgi')")
    pw.wait_for_selector(".leaflet-control:has-text('3. ')")
    pin = ".wb-map .leaflet-marker-icon[title='Kärla alevik'] .wb-pin"
    pw.wait_for_function(f"document.querySelector(\"{pin}\").style.background == "
                         f"'{_rgb(phase_colour(3, 5))}'")
    colour = phase_colour(3, 5)  # and its point in the map's one layer
    pw.wait_for_selector(f".wb-map path.wb-point[fill='{colour}']")


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_submit_needs_every_dimension(voila, page):
    pw = page.open(voila.url_for("Liis Külavanem", PHASES, lang="en"))
    pw.select_option(".wb-rate-leadership select", index=1)
    pw.click(".wb-rate-submit")
    pw.click(".wb-rate-submit:has-text('Confirm: submit')")
    pw.wait_for_selector(".wb-rate-message:has-text('Rate every dimension')")
