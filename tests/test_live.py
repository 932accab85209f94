"""Live rebuilds wait for unsaved edits, in item editors and in hand-made forms."""

from workbook.exceptions import InvalidKey
from workbook.ui.context import PageContext
from workbook.ui.engagement import EngagementPage
from workbook.ui.frame import Frame
from workbook.ui.live import Live


def frame_for(cohort, name):
    session = cohort.login(name)
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    frame = Frame(ctx, "engagement.title",
                  lambda c: EngagementPage(c, session.actor.team_id).widgets())
    return frame, Live(frame, session.actor.team_id, "engagement")


def test_a_teammate_s_save_waits_while_a_form_holds_typing(cohort):
    frame, live = frame_for(cohort, "Anne Vallasekretär")
    page_form = next(e for e in frame.tracker.editors if e.key == "engagement-form")
    page_form.widgets[-1].value = "pooleli märkmed"  # the notes box, typed
    live.frame.tracker.last_edit = 0  # long ago: only the unsaved text holds the page
    assert frame.dirty() and "wb-dirty" in frame.root._dom_classes
    peeter = cohort.login("Peeter Pärn")
    peeter.create("goal", {"title": "Peetri eesmärk"}, team_id=peeter.actor.team_id)
    assert live.poll() is False and "wb-waiting" in frame.state.value
    assert page_form.widgets[-1].value == "pooleli märkmed"  # not overwritten
    page_form.reset()  # saved (the form reloads after a save)
    live.frame.tracker.last_edit = 0
    assert live.poll() is True and not frame.dirty()
    assert "wb-saved" in frame.state.value and "wb-dirty" not in frame.root._dom_classes


def test_own_saves_do_not_rebuild_the_page(cohort):
    frame, live = frame_for(cohort, "Anne Vallasekretär")
    anne = frame.ctx.session
    anne.create("goal", {"title": "Anne eesmärk"}, team_id=anne.actor.team_id)
    assert live.poll() is False


def test_a_rebuild_keeps_open_histories_and_the_chosen_item(cohort):
    from workbook.ui.plan_page import PlanPage

    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    goal = session.create("goal", {"title": "Noored kaasa"}, team_id=team)
    session.create("vision", {"statement": "Kogukonnad otsustavad kaasa"}, team_id=team)
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    frame = Frame(ctx, "plan.title", lambda c: PlanPage(c, team).widgets())
    live = Live(frame, team, "plan")
    editors = {e.key: e for e in frame.tracker.editors}
    editors["editor-goal"].picker.value = goal.id
    editors["editor-goal"].show_history.value = True
    vision = editors["part-vision-vision"]
    vision.show_history.value = True
    peeter = cohort.login("Peeter Pärn")
    peeter.create("goal", {"title": "Peetri eesmärk"}, team_id=team)
    frame.tracker.last_edit = 0
    assert live.poll() is True
    again = {e.key: e for e in frame.tracker.editors}
    assert again["editor-goal"] is not editors["editor-goal"]  # rebuilt ...
    assert again["editor-goal"].picker.value == goal.id  # ... as it was
    assert again["editor-goal"].history.root.layout.display == "flex"
    assert again[vision.key].history.root.layout.display == "flex"


def test_a_revoked_link_stops_the_page_and_keeps_what_was_typed(cohort):
    frame, live = frame_for(cohort, "Anne Vallasekretär")
    frame.live = live  # as Frame.watch sets it
    anne = frame.ctx.session
    team = anne.actor.team_id
    page_form = next(e for e in frame.tracker.editors if e.key == "engagement-form")
    page_form.widgets[-1].value = "pooleli märkmed"
    live.presence()
    peeter = cohort.login("Peeter Pärn")
    assert peeter.here(team, "engagement") == ["Anne Vallasekretär"]
    cohort.admin.revoke_links(anne.actor.person_id)
    peeter.create("goal", {"title": "Pärast tühistamist"}, team_id=team)
    anne.access.checked_at = 0  # the last check was long ago
    frame.tracker.last_edit = 0
    try:
        live.poll()
    except InvalidKey:
        pass  # the live task ends here (see Live._run)
    assert live.stopped and frame.ended is not None
    assert "See link ei kehti" in frame.alert.value and "kopeeri" in frame.alert.value
    assert page_form.widgets[-1].value == "pooleli märkmed"  # not rebuilt, not cleared
    assert frame.dirty() and "wb-dirty" in frame.root._dom_classes  # leaving still warns
    assert peeter.here(team, "engagement") == []  # off the presence list at once
    frame.ctx.lang = "en"
    frame.render(keep=True)  # a language switch does not rebuild the forms either
    assert "This link is not valid" in frame.alert.value
    assert page_form.widgets[-1].value == "pooleli märkmed" and frame.dirty()


def test_a_rater_stays_on_their_community_and_round_when_a_teammate_saves(cohort):
    from workbook.ui.phases import PhasesPage

    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    frame = Frame(ctx, "phases.title", lambda c: PhasesPage(c, team).widgets())
    live = Live(frame, team, "phases")
    page = next(e for e in frame.tracker.editors if e.key == "phases-view")
    picker = next(w for w in _all(frame.body.children)
                  if "wb-phase-community" in getattr(w, "_dom_classes", ()))
    second = picker.options[1][1]
    picker.value = second
    rounds = next(w for w in _all(frame.body.children)
                  if "wb-phase-round" in getattr(w, "_dom_classes", ()))
    rounds.value = "followup"
    peeter = cohort.login("Peeter Pärn")
    peeter.create("goal", {"title": "Peetri eesmärk"}, team_id=team)
    frame.tracker.last_edit = 0
    assert live.poll() is True  # rebuilt ...
    picker = next(w for w in _all(frame.body.children)
                  if "wb-phase-community" in getattr(w, "_dom_classes", ()))
    rounds = next(w for w in _all(frame.body.children)
                  if "wb-phase-round" in getattr(w, "_dom_classes", ()))
    assert (picker.value, rounds.value) == (second, "followup")  # ... where the rater was
    assert page is not None


def _all(widgets):
    for widget in widgets:
        yield widget
        yield from _all(getattr(widget, "children", ()))
