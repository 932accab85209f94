"""A team at the community limit keeps every page small: widgets and widget state bounded.

The pages are built in-process (no browser), as the browser would receive them, for a
team filled to ``MAX_COMMUNITIES_PER_TEAM`` with engagement forms, ratings, agreed
phases and activities that refer to many communities (``workbook/large_team.py``).
Before the map drew one layer and the lists paged, the communities page alone had
over 10,000 widgets and the plan page over 16,000.
"""

import pytest

from workbook import large_team
from workbook.limits import MAX_COMMUNITIES_PER_TEAM
from workbook.ui.context import PageContext
from workbook.ui.frame import Frame
from workbook.ui.widget_count import page_builders, page_size

MAX_WIDGETS = 1000
MAX_STATE = 1_500_000  # bytes of widget state a browser receives for one page
MEMBER, MENTOR = "Tiina Tamm", "Mart Mentor"


@pytest.fixture
def at_limit(cohort):
    team_id = cohort.teams["Rõuge meeskond"]
    have = large_team.fill_to_limit(cohort.admin, team_id)
    assert have == MAX_COMMUNITIES_PER_TEAM
    return cohort


def pages() -> dict:
    """Page -> (who opens it, its builder): the mentor the mentor overview."""
    return {name: (MENTOR if name == "mentor" else MEMBER, builder)
            for name, builder in page_builders().items()}


def build(cohort, name: str, builder) -> Frame:
    ctx = PageContext(key="k" * 32, lang="et", session=cohort.login(name))
    frame = Frame(ctx, "home.title", builder)
    assert "wb-error" not in str(frame.body.children[0].get_state())  # the page really built
    return frame


@pytest.mark.slow
def test_every_page_stays_small_for_a_team_at_the_limit(at_limit, monkeypatch, geodata_dir):
    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    sizes = {}
    for label, (who, builder) in pages().items():
        size = page_size([build(at_limit, who, builder).root])
        sizes[label] = size
    print({label: (s.widgets, round(s.state_bytes / 1e6, 2)) for label, s in sizes.items()})
    too_big = {label: s for label, s in sizes.items()
               if s.widgets > MAX_WIDGETS or s.state_bytes > MAX_STATE}
    assert not too_big


@pytest.mark.slow
def test_the_communities_page_at_the_limit_pages_its_list_and_draws_one_layer(
        at_limit, monkeypatch, geodata_dir):
    from workbook.ui.communities import CommunitiesPage

    monkeypatch.setenv("WORKBOOK_GEODATA", str(geodata_dir))
    ctx = PageContext(key="k" * 32, lang="et", session=at_limit.login(MEMBER))
    page = CommunitiesPage(ctx, ctx.team_id())
    located = sum(1 for e in page.entries.values() if e.data.location)
    assert len(page.map.points.data["features"]) == located > 1900  # one layer, every point
    assert page.map.marker is None  # nothing chosen: no marker of its own yet
    assert len(page.picker.list.options) == 50
    assert "1–50 / 2000" in page.picker.pager.shown.value
    page.picker.pager.next.click()
    assert "51–100 / 2000" in page.picker.pager.shown.value
    label, chosen = page.picker.list.options[3]
    page.picker.list.value = chosen  # a community from the second page
    assert page.form.item_id == chosen and page.form.name.value == label
    page.picker.pager.search.value = "kase kogukond 17"
    assert all("17" in option for option, _id in page.picker.list.options)
    other = next(i for i in page.map.located if i != chosen and i not in {
        v for _label, v in page.picker.list.options})
    page.map._point_clicked(event="click", properties={"id": other})  # a point on the map
    assert page.picker.value == other and page.form.item_id == other
    assert other in {v for _label, v in page.picker.list.options}  # the list turned to it
    assert page.map.marker.title == page.entries[other].data.name


@pytest.mark.slow
def test_an_activity_can_refer_to_communities_on_any_page(at_limit):
    from workbook.ui.plan_page import PlanPage

    ctx = PageContext(key="k" * 32, lang="et", session=at_limit.login(MEMBER))
    page = PlanPage(ctx, ctx.team_id())
    editor = page.activities
    activity = next(e for e in editor.by_id.values() if len(e.data.community_ids) == 50)
    editor.picker.value = activity.id
    chosen = editor.widgets["community_ids"]
    assert set(chosen.value) == set(activity.data.community_ids)
    assert len(chosen.list.options) <= 100  # the chosen ones and one page
    chosen.pager.search.value = "Vana kogukond 1999"
    extra = chosen.list.options[-1][1]
    chosen.list.value = tuple(chosen.list.value) + (extra,)
    editor.save.click()
    saved = at_limit.admin.get(activity.id).data.community_ids
    assert len(saved) == 51 and extra in saved
    assert len(page.proposed.children) <= 2 + 10 + 1  # a page of proposals, not thousands
