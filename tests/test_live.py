"""Live updates: in place where every editor can (the plan page), with what is typed
kept; rebuilds that wait for unsaved edits in hand-made forms."""

from workbook.exceptions import InvalidKey
from workbook.ui.context import PageContext
from workbook.ui.engagement import EngagementPage
from workbook.ui.frame import Frame
from workbook.ui.live import Live


def frame_for(cohort, name):
    session = cohort.login(name)
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    frame = Frame(ctx, "section.engagement",
                  lambda c: EngagementPage(c, session.actor.team_id).widgets())
    return frame, Live(frame, session.actor.team_id, "engagement")


def test_a_hand_made_form_keeps_typing_and_waits_for_its_own_entry(cohort):
    frame, live = frame_for(cohort, "Anne Vallasekretär")
    page = next(e for e in frame.tracker.editors if e.key == "engagement").draw.__self__
    body = list(frame.body.children)
    page.form.value = "Külakoosolek"
    page.save_button.click()
    entry = page.current
    assert entry is not None and page.picker.value == entry.id
    page.notes.value = "pooleli märkmed"  # typed, not saved
    page.guard.edited_at = frame.tracker.last_edit = 0  # long ago
    assert frame.dirty() and "wb-dirty" in frame.root._dom_classes
    peeter = cohort.login("Peeter Pärn")
    peeter.create("goal", {"title": "Peetri eesmärk"}, team_id=peeter.actor.team_id)
    assert live.poll() is True  # elsewhere: nothing waits, nothing rebuilt
    assert list(frame.body.children) == body and page.notes.value == "pooleli märkmed"
    now = peeter.get(entry.id)
    peeter.save(entry.id, {**now.data.model_dump(mode="json"), "frequency": "iga nädal"},
                expected_version=now.version)  # the entry Anne edits
    assert live.poll() is False and "wb-waiting" in frame.state.value
    assert page.notes.value == "pooleli märkmed" and page.picker.value == entry.id
    page.save_button.click()  # her save merges with his
    saved = peeter.get(entry.id).data
    assert (saved.notes, saved.frequency) == ("pooleli märkmed", "iga nädal")
    frame.tracker.last_edit = 0
    assert live.poll() is True and not frame.dirty()
    assert "wb-saved" in frame.state.value and "wb-dirty" not in frame.root._dom_classes


def test_own_saves_do_not_rebuild_the_page(cohort):
    frame, live = frame_for(cohort, "Anne Vallasekretär")
    anne = frame.ctx.session
    anne.create("goal", {"title": "Anne eesmärk"}, team_id=anne.actor.team_id)
    assert live.poll() is False


def plan_frame(cohort, name="Anne Vallasekretär"):
    from workbook.ui.plan_page import PlanPage

    session = cohort.login(name)
    team = session.actor.team_id
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    frame = Frame(ctx, "section.plan", lambda c: PlanPage(c, team).widgets())
    return frame, Live(frame, team, "plan"), {e.key: e for e in frame.tracker.editors}


def test_a_teammate_s_save_changes_the_page_in_place(cohort):
    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    goal = session.create("goal", {"title": "Noored kaasa"}, team_id=team)
    session.create("vision", {"statement": "Kogukonnad otsustavad kaasa"}, team_id=team)
    frame, live, editors = plan_frame(cohort)
    body = list(frame.body.children)
    editors["editor-goal"].picker.value = goal.id
    editors["editor-goal"].show_history.value = True
    vision = editors["part-vision-vision"]
    vision.show_history.value = True
    peeter = cohort.login("Peeter Pärn")
    peeter.create("goal", {"title": "Peetri eesmärk"}, team_id=team)
    assert live.poll() is True
    assert list(frame.body.children) == body  # the same widgets: nothing rebuilt
    assert [e.key for e in frame.tracker.editors] == list(editors)
    goals = editors["editor-goal"]
    assert goals.picker.value == goal.id and goals.history.root.layout.display == "flex"
    assert "Peetri eesmärk" in goals.list.value  # the teammate's goal is listed ...
    assert "Peetri eesmärk" in [label for label, _ in goals.picker.options]
    activity_goals = editors["editor-activity"].widgets["goal_id"].options
    assert "Peetri eesmärk" in [label for label, _ in activity_goals]  # ... and offered
    assert vision.history.root.layout.display == "flex"
    assert "wb-saved" in frame.state.value and "wb-waiting" not in frame.state.value


def test_typing_stays_while_teammates_changes_to_other_items_appear(cohort):
    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    mine = session.create("goal", {"title": "Anne eesmärk"}, team_id=team)
    theirs = session.create("goal", {"title": "Peetri eesmärk"}, team_id=team)
    frame, live, editors = plan_frame(cohort)
    goals = editors["editor-goal"]
    goals.picker.value = mine.id
    goals.widgets["indicator"].value = "osalejate arv"  # typed, not saved
    goals.edited_at = 0  # long ago
    peeter = cohort.login("Peeter Pärn")
    peeter.save(theirs.id, {"title": "Peetri uus eesmärk"}, expected_version=theirs.version)
    assert live.poll() is True  # another item: shown at once, while Anne types
    assert "Peetri uus eesmärk" in goals.list.value
    assert goals.picker.value == mine.id and goals.widgets["indicator"].value == "osalejate arv"
    assert frame.dirty() and "wb-waiting" not in frame.state.value
    now = peeter.get(mine.id)
    peeter.save(mine.id, {"title": "Anne eesmärk", "target": "20"},
                expected_version=now.version)  # the item Anne edits: waits for her
    assert live.poll() is False and "wb-waiting" in frame.state.value
    assert goals.widgets["indicator"].value == "osalejate arv"
    goals.save.click()  # her save merges with his (other fields)
    assert "Salvestatud" in goals.message.value
    saved = session.get(mine.id).data
    assert (saved.indicator, saved.target) == ("osalejate arv", "20")
    frame.tracker.last_edit = 0  # her last keystroke long ago
    assert live.poll() is True and "wb-waiting" not in frame.state.value


def test_an_item_deleted_by_a_teammate_keeps_what_was_typed(cohort):
    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    goal = session.create("goal", {"title": "Kaob ära"}, team_id=team)
    frame, live, editors = plan_frame(cohort)
    goals = editors["editor-goal"]
    goals.picker.value = goal.id
    goals.widgets["indicator"].value = "pooleli"
    cohort.login("Peeter Pärn").delete(goal.id, expected_version=goal.version)
    assert live.poll() is True
    assert goals.widgets["indicator"].value == "pooleli"
    assert "kustutas" in goals.message.value
    goals.save.click()  # added again, with what Anne typed
    again = [e for e in session.items("goal", team) if e.data.title == "Kaob ära"]
    assert len(again) == 1 and again[0].data.indicator == "pooleli" and again[0].id != goal.id


def test_a_comment_being_written_stays_and_a_mentor_s_comment_appears(cohort):
    from workbook.model import Section
    from workbook.ui.pages import team_page_builder
    from workbook.ui.plan_page import PlanPage

    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    ctx.team_id = lambda: team
    frame = Frame(ctx, "section.plan", team_page_builder(PlanPage, Section.plan))
    live = Live(frame, team, "plan")
    panel = next(e for e in frame.tracker.editors if e.key.startswith("comments-"))
    panel.body.value = "Kas see sobib?"
    assert frame.dirty()  # an unsent comment counts as unsaved
    cohort.login("Mart Mentor").comment(team, Section.plan, "Hea algus!")
    assert live.poll() is True
    shown = "".join(getattr(b, "value", "") for t in panel.threads.children
                    for b in getattr(t, "children", (t,)))
    assert "Hea algus!" in shown and panel.body.value == "Kas see sobib?"


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
    frame = Frame(ctx, "section.phases", lambda c: PhasesPage(c, team).widgets())
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


def test_a_rater_s_unsaved_ratings_stay_while_a_teammate_s_consensus_shows(cohort):
    from workbook import phases as logic
    from workbook.model.sections import Round
    from workbook.ui.phases import PhasesPage

    session = cohort.login("Anne Vallasekretär")
    team = session.actor.team_id
    ctx = PageContext(key="k" * 32, lang="et", session=session)
    holder = {}
    frame = Frame(ctx, "section.phases", lambda c: (
        holder.setdefault("page", PhasesPage(c, team))).widgets())
    page, live = holder["page"], Live(frame, team, "phases")
    body = list(frame.body.children)
    community = page.community.value
    code = next(iter(page.ratings))
    page.ratings[code].value = 2  # her own rating, not saved
    page.guard.edited_at = frame.tracker.last_edit = 0
    peeter = cohort.login("Peeter Pärn")
    now = logic.overview(peeter, team, community, Round.baseline)
    logic.save_consensus(peeter, team, community, Round.baseline,
                         {c: 3 for c in page.ratings}, "Arutasime",
                         [], current=now.consensus)
    assert live.poll() is False and "wb-waiting" in frame.state.value  # her form waits
    assert list(frame.body.children) == body and page.ratings[code].value == 2
    assert page.community.value == community
    assert "3." in page.consensus_table.value  # his agreed phase is shown meanwhile
    page.save_draft.click()
    frame.tracker.last_edit = page.guard.edited_at = 0
    assert live.poll() is True and page.reason.value == "Arutasime"
    assert page.ratings[code].value == 2 and not frame.dirty()


def _all(widgets):
    for widget in widgets:
        yield widget
        yield from _all(getattr(widget, "children", ()))
