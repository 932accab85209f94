"""The one-page app without a browser: addresses, roles, kept sections, the language."""

import pytest

from workbook.section_registry import SECTIONS, slug_of
from workbook.ui.app import App, parse
from workbook.ui.context import PageContext

MEMBER, MENTOR, COORDINATOR = "Anne Vallasekretär", "Mart Mentor", "Kadri Koordinaator"


def app_for(cohort, name: str, start: str = "avaleht", lang: str = "et") -> App:
    ctx = PageContext(key="k" * 32, lang=lang, session=cohort.login(name))
    return App(ctx, start)


def nav_of(app: App) -> str:
    return app.nav.value


def test_addresses_and_notebooks():
    assert slug_of("01_kogukonnad.ipynb") == "kogukonnad"
    assert slug_of("02_koosloome_vormid.ipynb") == "koosloome_vormid"
    assert parse("#/kogukonnad/abc") == ("kogukonnad", "abc")
    assert parse("/tegevuskava/") == ("tegevuskava", None)
    assert parse("") == ("avaleht", None)


def test_a_member_sees_the_workbook_and_not_the_staff_pages(cohort):
    app = app_for(cohort, MEMBER)
    nav = nav_of(app)
    assert 'href="#/kogukonnad"' in nav and "I Kogukonnad" in nav
    assert "#/mentor" not in nav and "#/koordinaator" not in nav
    app.go("koordinaator")  # not for members: home
    assert app.current == "avaleht"
    app.go("no-such-section")
    assert app.current == "avaleht"


def test_staff_addresses_name_the_team(cohort):
    app = app_for(cohort, COORDINATOR)
    assert "#/koordinaator" in nav_of(app) and "#/mentor" in nav_of(app)
    team = cohort.teams["Rõuge meeskond"]
    app.go(f"arengufaasid/{team}")
    assert app.current == f"arengufaasid/{team}"
    assert "Rõuge meeskond" in str(app.section_frame().body.children[0].get_state())
    assert f'href="#/tegevuskava/{team}"' in nav_of(app)  # the team stays chosen


def test_a_section_is_kept_with_what_was_typed(cohort, monkeypatch, geodata_dir):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    app = app_for(cohort, MEMBER, "kogukonnad")
    frame = app.section_frame()
    page_form = [w for w in _all(frame.body.children)
                 if "wb-form" in getattr(w, "_dom_classes", ())]
    assert page_form
    name = next(w for w in _all(page_form) if type(w).__name__ == "Text")
    name.value = "Pooleli küla"
    app.go("tegevuskava")
    assert frame.root.layout.display == "none" and "wb-nav-unsaved" in nav_of(app)
    app.go("kogukonnad")
    assert app.section_frame() is frame and name.value == "Pooleli küla"


def test_the_language_switch_keeps_typed_text_and_is_remembered(cohort, monkeypatch,
                                                                geodata_dir):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    app = app_for(cohort, MEMBER, "kogukonnad")
    form = next(w for w in _all(app.section_frame().body.children)
                if "wb-form" in getattr(w, "_dom_classes", ()))
    next(w for w in _all([form]) if type(w).__name__ == "Text").value = "Uus küla"
    app.lang.value = "en"
    frame = app.section_frame()
    assert "Community mapping" in frame.header.value
    form = next(w for w in _all(frame.body.children) if "wb-form" in getattr(w, "_dom_classes", ()))
    assert next(w for w in _all([form]) if type(w).__name__ == "Text").value == "Uus küla"
    assert frame.dirty()  # still unsaved, and said so
    assert 'data-lang="en"' in app.meta.value
    assert cohort.login(MEMBER).language() == "en"


def _all(widgets):
    for widget in widgets:
        yield widget
        yield from _all(getattr(widget, "children", ()))


@pytest.mark.parametrize("name", [MEMBER, MENTOR, COORDINATOR])
def test_every_section_opens_for_every_role(cohort, monkeypatch, geodata_dir, name):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    app = app_for(cohort, name)
    for slug in [s.slug for s in SECTIONS] + ["eksport", "mentor", "koordinaator"]:
        app.go(slug)
        state = str(app.section_frame().body.children[0].get_state())
        assert "wb-error" not in state, slug


def test_a_mentor_reading_every_team_holds_a_bounded_number_of_sections(cohort):
    from workbook.ui.app import KEPT

    app = app_for(cohort, MENTOR)
    teams = list(cohort.teams.values())
    app.go(f"piloot/{teams[0]}")  # the mentor writes the mentoring log there
    editor = next(w for w in _all(app.section_frame().body.children)
                  if "wb-editor-mentoring_session" in getattr(w, "_dom_classes", ()))
    text = next(w for w in _all([editor]) if type(w).__name__ == "Textarea")
    text.value = "pooleli"  # unsaved: this section is kept whatever happens
    kept = app.section_frame()
    assert kept.dirty()
    for team in teams:
        for slug in ("koosloome_vormid", "arengufaasid", "koostoomudel", "tegevuskava",
                     "eksport"):
            app.go(f"{slug}/{team}")
    assert len(app.frames) <= KEPT and kept in app.frames.values()
    assert len(app.body.children) == len(app.frames)
