"""The home page's logic without a browser: build the widgets and read their HTML."""


from workbook.ui import home
from workbook.ui.context import PageContext
from workbook.ui.frame import Frame


def page_html(session, lang="et") -> str:
    ctx = PageContext(key="k" * 32, lang=lang, session=session)
    return "".join(w.value for w in home.build(ctx))


def test_member_sees_own_team_and_links_keep_the_key(cohort):
    html = page_html(cohort.login("Anne Vallasekretär"))
    assert "Saaremaa meeskond" in html and "Rõuge meeskond" not in html
    assert "Saaremaa vald" in html and "0714" in html
    assert "I Kogukondade kaardistamine" in html


def test_every_page_frame_marks_demo_data(cohort):
    ctx = PageContext(key="k" * 32, lang="et", session=cohort.login("Anne Vallasekretär"))
    frame = Frame(ctx, "page.home", lambda c: [])
    assert "DEMO" in frame.header.value


def test_composition_warns_but_does_not_block(cohort):
    rouge = page_html(cohort.login("Tiina Tamm"))
    assert "1 kogukonna või vabaühenduse esindaja" in rouge
    saare = page_html(cohort.login("Anne Vallasekretär"))
    assert "wb-notice-warning" not in saare


def test_english_page_has_no_estonian_labels(cohort):
    html = page_html(cohort.login("Tiina Tamm"), "en")
    assert "Team composition" in html and "Workbook sections" in html
    assert "Meeskonna koosseis" not in html


def test_mentor_sees_every_team(cohort):
    html = page_html(cohort.login("Mart Mentor"))
    assert "Saaremaa meeskond" in html and "Rõuge meeskond" in html


def test_coordinator_sees_the_cohort_and_who_never_opened_a_link(cohort):
    html = page_html(cohort.login("Kadri Koordinaator"))
    assert "DEMO – Koosloome lend 2026" in html and "15.04.2027" in html
    assert html.count("pole avatud") == 12  # everyone but the coordinator herself


def test_user_text_is_escaped(cohort):
    team_id = cohort.teams["Saaremaa meeskond"]
    team = cohort.admin.team(team_id)
    evil = "<img src=x onerror=alert(1)>"
    cohort.admin.save(team_id, {**team.data.model_dump(mode="json"), "topic": evil},
                      expected_version=team.version)
    html = page_html(cohort.login("Anne Vallasekretär"))
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_language_switch_rerenders_the_page(cohort):
    ctx = PageContext(key="k" * 32, lang="et", session=cohort.login("Tiina Tamm"))
    frame = Frame(ctx, "home.title", home.build)
    assert "Avaleht" in frame.header.value
    frame.lang.value = "en"
    assert "Home" in frame.header.value
    assert "Team composition" in frame.body.children[0].value


def test_a_failing_page_shows_a_reference_not_a_traceback(cohort, caplog):
    def broken(ctx):
        raise RuntimeError("secret internals")

    frame = Frame(PageContext(key=None, lang="en", session=None), "home.title", broken)
    text = frame.body.children[0].value
    assert "Something went wrong" in text and "secret internals" not in text
    assert "Traceback" not in text
    assert "secret internals" in caplog.text  # logged server-side


def test_mentor_opens_each_teams_section_pages(cohort):
    html = page_html(cohort.login("Mart Mentor"))
    for team_id in cohort.teams.values():
        assert f"01_kogukonnad.ipynb?k={'k' * 32}&amp;lang=et&amp;team={team_id}" in html
