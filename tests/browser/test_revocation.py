"""A revoked link reaches the person's open page: it stops saving and updating, says
why, and keeps what was typed so it can be copied."""

import time
import uuid

PLAN = "05_tegevuskava.ipynb"
ANNE, PEETER, LIIS = "Anne Vallasekretär", "Peeter Pärn", "Liis Külavanem"
INVALID = "See link ei kehti"
QUIET_SECONDS = 6  # a teammate's save would show within 5 s on a live page


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"


def test_a_revoked_link_stops_the_open_page_and_keeps_the_typing(own_voila, page, page2):
    server = own_voila(pool_size=0)  # its own: the revocation touches no other links
    anne_session = server.service.login(server.keys[ANNE])
    team, cohort_id = anne_session.actor.team_id, anne_session.actor.cohort_id
    admin = server.service.system(cohort_id)
    anne = page.open(server.url_for(ANNE, PLAN))
    peeter = page2.open(server.url_for(PEETER, PLAN))
    peeter.wait_for_selector(f".wb-presence:has-text('{ANNE}')", timeout=15_000)
    mine = unique("Anne pooleli eesmärk")
    anne.fill(".wb-goal-title input", mine)
    anne.wait_for_selector(".wb-page.wb-dirty")

    began = time.monotonic()
    assert admin.revoke_links(anne_session.actor.person_id) == 1
    teammate = server.service.login(server.keys[LIIS])
    theirs = unique("Peetri eesmärk pärast tühistamist")
    teammate.create("goal", {"title": theirs}, team_id=team)
    said = unique("Kommentaar pärast tühistamist")
    teammate.comment(team, "plan", said)

    anne.wait_for_selector(f".wb-access-ended:has-text('{INVALID}')", timeout=10_000)
    noticed = time.monotonic() - began
    print(f"the page showed the revocation after {noticed:.1f} s")
    anne.click(".wb-goal-save")
    anne.wait_for_selector(f".wb-goal-message:has-text('{INVALID}')", timeout=10_000)
    assert anne.input_value(".wb-goal-title input") == mine  # kept, to be copied
    assert anne.locator(".wb-page.wb-dirty").count() == 1  # leaving still warns
    assert mine not in [g.data.title for g in admin.items("goal", team)]  # nothing saved

    time.sleep(QUIET_SECONDS)  # no more live updates: the teammate's writes stay away
    text = anne.inner_text(".wb-page")
    assert theirs not in text and said not in text
    assert anne.input_value(".wb-goal-title input") == mine
    peeter.wait_for_selector(f".wb-presence:not(:has-text('{ANNE}'))", timeout=15_000)
    assert theirs in peeter.inner_text(".wb-goal-table")  # live updates reach the others
    assert noticed < 5, f"the page noticed the revocation after {noticed:.1f} s"
    assert page.remote == [] and page2.remote == []
