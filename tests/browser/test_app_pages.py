"""The workbook as one app, in a real Voila server and headless Chromium: moving between
sections with no page load, addresses, Back and Forward, the language switched in
place, phone and projector screens, and axe-core's WCAG 2.1 A/AA rules."""

import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from workbook.i18n import t
from workbook.section_registry import SECTIONS
from workbook.ui.app import BY_SLUG

MEMBER, MENTOR, COORDINATOR = "Tiina Tamm", "Mart Mentor", "Kadri Koordinaator"
TEAM_SECTIONS = [s.slug for s in SECTIONS]
EVERY = {MEMBER: ["avaleht", *TEAM_SECTIONS, "eksport"],
         MENTOR: ["avaleht", *TEAM_SECTIONS, "eksport", "mentor"],
         COORDINATOR: ["avaleht", *TEAM_SECTIONS, "eksport", "mentor", "koordinaator"]}
VISIBLE = ".wb-app-body > .wb-page:not([style*='none'])"
OVERFLOW = (Path(__file__).with_name("overflow.js")).read_text()
FRAMED = """sel => {
    const map = document.querySelector(sel), m = map.getBoundingClientRect();
    const outline = [...map.querySelectorAll('.leaflet-overlay-pane path')]
        .map(p => p.getBoundingClientRect())
        .reduce((a, b) => (a && a.width * a.height >= b.width * b.height ? a : b), null);
    return !!outline && outline.left >= m.left - 2 && outline.right <= m.right + 2
        && outline.top >= m.top - 2 && outline.bottom <= m.bottom + 2
        && Math.max(outline.width / m.width, outline.height / m.height) >= 0.5; }"""
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def shown(pw, slug: str, timeout: float = 90_000) -> None:
    """Wait until the section ``slug`` is in view, built, and named in the tab."""
    pw.wait_for_function(
        """s => { const m = document.querySelector('.wb-meta');
                  return m && m.dataset.route.split('/')[0] === s
                    && document.title === m.dataset.title; }""", arg=slug, timeout=timeout)
    pw.wait_for_selector(f"{VISIBLE} .wb-ready", timeout=timeout)


def go(pw, slug: str) -> None:
    """Click the section in the navigation and wait for it."""
    pw.locator(f".wb-nav a[href='#/{slug}'], .wb-nav a[href^='#/{slug}/']").click()
    shown(pw, slug)


def heading(pw) -> str:
    return pw.locator(f"{VISIBLE} .wb-header h1").inner_text()


@pytest.mark.parametrize("who,lang", [(MEMBER, "et"), (MEMBER, "en"), (MENTOR, "et"),
                                      (COORDINATOR, "en")])
def test_moving_through_the_app_loads_no_page(voila, page, who, lang):
    pw = page.open(voila.url_for(who, lang=lang))
    shown(pw, "avaleht")
    pw.evaluate("window.wbSamePage = true")  # gone if a new document loads
    path = ["kogukonnad", "tegevuskava", "piloot"] + (["koordinaator"] if who == COORDINATOR
                                                      else [])
    for slug in path:
        go(pw, slug)
        title = t(BY_SLUG[slug].title_key, lang)
        assert heading(pw) == title
        assert pw.title() == f"{title} · {t('app.title', lang)}"
        assert pw.evaluate("document.documentElement.lang") == lang
        current = pw.locator(".wb-nav a[aria-current='page']")
        assert current.get_attribute("href").startswith(f"#/{slug}")
    pw.go_back()
    shown(pw, path[-2])
    assert heading(pw) == t(BY_SLUG[path[-2]].title_key, lang)
    pw.go_forward()
    shown(pw, path[-1])
    assert pw.evaluate("window.wbSamePage === true")
    assert pw.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.remote == [] or all("tile" in u or "openstreetmap" in u or "maaamet" in u
                                     for u in page.remote)


def test_a_section_address_reopens_that_section(voila, page):
    pw = page.open(voila.url_for(MEMBER) + "#/tegevuskava")
    shown(pw, "tegevuskava")
    assert heading(pw) == "Visioon ja tegevuskava"
    # a mentor's address names the team too, and opens that team's section
    admin = voila.service.system(voila.service.cohorts()[0].id)
    team = next(x for x in admin.teams() if x.data.name == "Rõuge meeskond")
    pw = page.open(voila.url_for(MENTOR) + f"#/arengufaasid/{team.id}")
    shown(pw, "arengufaasid")
    assert "Rõuge meeskond" in pw.locator(VISIBLE).inner_text()
    assert pw.url.endswith(f"#/arengufaasid/{team.id}")


def test_an_unknown_or_forbidden_address_shows_home(voila, page):
    pw = page.open(voila.url_for(MEMBER) + "#/koordinaator")
    shown(pw, "avaleht")
    assert pw.url.endswith("#/avaleht")
    assert pw.locator(".wb-nav a[href='#/koordinaator']").count() == 0


def test_the_language_switch_keeps_typed_text_and_is_remembered(voila, page, page2):
    session = voila.service.login(voila.keys[MEMBER])
    try:
        pw = page.open(voila.url_for(MEMBER) + "#/kogukonnad")
        shown(pw, "kogukonnad")
        name = pw.locator(f"{VISIBLE} .wb-form input[type='text']").first
        name.fill("Uus küla, veel salvestamata")
        pw.wait_for_selector(f"{VISIBLE} .wb-unsaved")
        pw.click(".wb-lang button:has-text('English')")
        pw.wait_for_function("document.documentElement.lang === 'en'")
        pw.wait_for_selector(f"{VISIBLE} .wb-header h1:has-text('Community mapping')")
        assert pw.title() == "Community mapping · Co-creation workbook"
        name = pw.locator(f"{VISIBLE} .wb-form input[type='text']").first
        assert name.input_value() == "Uus küla, veel salvestamata"
        assert pw.locator(f"{VISIBLE} .wb-unsaved").inner_text() != ""  # still unsaved
        # a section opened after the switch is in English too
        go(pw, "tegevuskava")
        assert heading(pw) == "Vision and action plan"
        # a reload keeps the language and the section; the person's link, opened
        # anywhere, remembers it
        assert "lang=en" in pw.url
        assert session.language() == "en"
        other = page2.open(voila.url_for(MEMBER))
        shown(other, "avaleht")
        assert other.evaluate("document.documentElement.lang") == "en"
        assert heading(other) == "Home"
    finally:
        session.set_language("et")


@pytest.mark.parametrize("width,height", [(390, 844), (1920, 1080)])
def test_every_section_fits_a_phone_and_a_projector(voila, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        pw = context.new_page()
        pw.goto(voila.url_for(MEMBER), timeout=90_000)
        shown(pw, "avaleht")
        problems = {}
        for slug in EVERY[MEMBER]:
            if slug != "avaleht":
                go(pw, slug)
            over = pw.evaluate(OVERFLOW)
            cut = pw.evaluate("""() => [...document.querySelectorAll(
                    '.wb-app-body > .wb-page:not([style*="none"]) button')]
                .filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1)
                .map(b => b.innerText)""")
            # a field whose label wraps above it stays inside its row, not under the next
            # element (the plan's goal filter once hid behind the chart's legend)
            spilled = pw.evaluate("""() => [...document.querySelectorAll(
                    '.wb-app-body > .wb-page:not([style*="none"]) .widget-inline-hbox')]
                .filter(b => b.offsetParent).flatMap(b => [...b.children].filter(c =>
                    c.getBoundingClientRect().bottom > b.getBoundingClientRect().bottom + 1)
                .map(c => (b.innerText || c.tagName).slice(0, 30)))""")
            if over or cut or spilled:
                problems[slug] = over[:5] + cut[:5] + spilled[:5]
            if slug == "kogukonnad":
                box = pw.locator(f"{VISIBLE} .wb-map").bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
                assert box["width"] >= (0.85 * width if width < 700 else 900)
                assert box["height"] >= (0.5 * height if width < 700 else 700)
                # the municipality framed for this map's size: whole, and at least half
                # its width or height (framed for ~600 px, it overflowed a phone's map
                # and filled a third of a projector's)
                pw.wait_for_function(FRAMED, arg=f"{VISIBLE} .wb-map", timeout=15_000)
        assert problems == {}
    finally:
        context.close()


@pytest.mark.parametrize("who,slug,table", [(MENTOR, "mentor", ".wb-matrix"),
                                            (COORDINATOR, "avaleht", ".wb-table")])
def test_staff_tables_on_a_phone_scroll_in_their_box_with_whole_words(voila, browser, who,
                                                                       slug, table):
    """A mentor reading the matrix on a phone: the table scrolls sideways in its own box,
    and no heading is broken into letters (it once read "M ee sk on d")."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        pw = context.new_page()
        pw.goto(voila.url_for(who) + f"#/{slug}", timeout=90_000)
        shown(pw, slug)
        cells = pw.locator(f"{VISIBLE} {table} th").evaluate_all("""els => els.map(e => {
            const line = parseFloat(getComputedStyle(e).lineHeight) || 20;
            return [e.innerText, Math.round(e.getBoundingClientRect().height / line)]; })""")
        assert cells and [c for c in cells if c[1] > max(3, len(c[0].split()))] == []
        assert pw.evaluate(OVERFLOW) == []
        # the text around the table wraps on the screen, not at the table's width
        cut = pw.locator(f"{VISIBLE} p").evaluate_all(
            "els => els.filter(e => e.getBoundingClientRect().right > 391).map(e => e.innerText)")
        assert cut == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["et", "en"])
def test_no_serious_accessibility_violation_on_any_section(voila, page, lang):
    axe, found = Axe(), {}
    for who in (MEMBER, COORDINATOR):
        pw = page.open(voila.url_for(who, lang=lang))
        shown(pw, "avaleht")
        for slug in EVERY[who] if who == MEMBER else ["mentor", "koordinaator"]:
            if slug != "avaleht":
                go(pw, slug)
            result = axe.run(pw, options=WCAG).response
            bad = [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in result["violations"]
                   if v["impact"] in ("critical", "serious")]
            if bad:
                found[f"{who} {slug}"] = bad
    assert found == {}


def test_sections_built_ahead_are_ready_at_the_first_click_and_not_present(own_voila, page,
                                                                           tmp_path):
    """With WORKBOOK_PREBUILD_SECONDS, the sections are built hidden while the person is
    on home: the first click builds nothing more, the map draws in full, and the person
    is not listed as "here" on sections they have not opened."""
    server = own_voila(settings={"WORKBOOK_PREBUILD_SECONDS": "1"}, pool_size=0)
    pw = page.open(server.url_for(MEMBER))
    shown(pw, "avaleht")
    sections = ".wb-app-body > .wb-page"
    pw.wait_for_function(f"n => document.querySelectorAll('{sections}').length === n",
                         arg=len(EVERY[MEMBER]), timeout=120_000)  # all built, hidden
    assert pw.locator(VISIBLE).count() == 1
    session = server.service.login(server.keys[MEMBER])
    teammate = next(p for p in session.people(session.actor.team_id)
                    if p.id != session.actor.person_id)
    other = server.service.login(next(k for n, k in server.keys.items()
                                      if n == teammate.data.name))
    assert MEMBER not in other.here(session.actor.team_id, "communities")
    go(pw, "kogukonnad")
    assert pw.locator(sections).count() == len(EVERY[MEMBER])  # nothing built at the click
    box = pw.locator(f"{VISIBLE} .wb-map .leaflet-container").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    assert pw.locator(f"{VISIBLE} .wb-map path.leaflet-interactive").count() > 0
    pw.screenshot(path=str(tmp_path / "prebuilt-communities.png"))  # to look at
    team, deadline = session.actor.team_id, time.monotonic() + 15
    while MEMBER not in other.here(team, "communities") and time.monotonic() < deadline:
        time.sleep(0.5)  # shown: now listed as here, at the next presence report
    assert MEMBER in other.here(team, "communities")
    go(pw, "tegevuskava")
    assert heading(pw) == "Visioon ja tegevuskava"
    assert pw.locator(sections).count() == len(EVERY[MEMBER])
