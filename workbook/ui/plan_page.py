"""Visioon ja tegevuskava: the vision, goals, activities, proposed activities, timeline."""

from __future__ import annotations

import ipywidgets as w

from .. import plan
from ..charts import gantt_svg
from ..html import esc, notice, tag
from ..i18n import format_date, format_money, t
from ..model.sections import ActivityStatus
from ..service.permissions import Action, allowed
from .context import PageContext
from .item_editor import Field, ItemEditor
from .options import set_options
from .paged_picker import PagedPicker, Pager
from .text_part import TextPart
from .tracking import Refresh

MONTHS = "month.{}"
PROPOSED_PAGE = 10  # proposals shown at a time: a team at the limit may have thousands


class PlanPage:
    def __init__(self, ctx: PageContext, team_id: str):
        self.session, self.lang = ctx.require_session(), ctx.lang
        session, lang = self.session, self.lang
        self.team = session.team(team_id)
        self.editable = allowed(session.actor, Action.write, team_id)
        self.vision = TextPart(session, team_id, "vision", {}, lang, self.editable,
                               t("plan.vision", lang), t("plan.vision_help", lang),
                               field="statement")
        self.goals = ItemEditor(session, team_id, "goal", [
            Field("title", "plan.goal"), Field("indicator", "plan.indicator"),
            Field("target", "plan.target")], lang, self.editable, "title",
            on_change=self._goals_changed, sort_key=lambda e: e.data.title.casefold())
        self.activities = ItemEditor(session, team_id, "activity", self._activity_fields(),
                                     lang, self.editable, "title", on_change=self._changed,
                                     sort_key=lambda e: (str(e.data.start or "9"), e.data.title))
        self.activities.save.on_click(self._warn_dates)
        self.proposed = w.VBox()
        self.proposals: list[tuple[str, str]] = []
        self.proposed_pager = Pager(lang, self._draw_proposed, size=PROPOSED_PAGE)
        self.summary = w.HTML()
        self.filter_community = PagedPicker(lang, kind="dropdown", width="300px",
                                            name=t("engagement.community", lang))
        self.filter_goal = w.Dropdown(description=t("plan.goal", lang))
        for box in (self.filter_community, self.filter_goal):
            box.add_class("wb-gantt-filter")
            box.observe(lambda _: self._draw_gantt(), names="value")
        self.community_names: dict[str, str] = {}
        self.gantt = w.HTML()
        self.gantt.add_class("wb-gantt-box")
        self._changed()
        Refresh("plan", self._changed)  # a teammate's save: summary, proposals, timeline

    def _communities(self) -> list[tuple[str, str]]:
        return [(c.data.name, c.id) for c in sorted(
            self.session.items("community", self.team.id), key=lambda e: e.data.name.casefold())]

    def _goal_options(self) -> list[tuple[str, str | None]]:
        return [(t("plan.no_goal", self.lang), None)] + [
            (g.data.title, g.id) for g in self.session.items("goal", self.team.id)]

    def _activity_fields(self) -> list[Field]:
        lang = self.lang
        statuses = [(t(f"activity_status.{s.value}", lang), s.value) for s in ActivityStatus]
        return [Field("title", "plan.activity"),
                Field("goal_id", "plan.goal", "choice", self._goal_options),
                Field("community_ids", "plan.communities", "multi", self._communities,
                      listed=False),
                Field("owner", "plan.owner"), Field("partners", "plan.partners", listed=False),
                Field("start", "plan.start", "date"), Field("end", "plan.end", "date"),
                Field("resources", "plan.resources", "area", listed=False),
                Field("budget_eur", "plan.budget", "money"),
                Field("indicator", "plan.indicator", listed=False),
                Field("status", "plan.status", "choice", lambda: statuses),
                Field("pilot", "plan.pilot", "bool"),
                Field("notes", "plan.notes", "area", listed=False)]

    def _goals_changed(self) -> None:
        self.activities.options_changed()
        self._changed()

    def _changed(self) -> None:
        lang = self.lang
        entries = self.session.items("activity", self.team.id)
        total = plan.budget_total(entries)
        text = t("plan.summary", lang, count=len(entries),
                 pilot=sum(e.data.pilot for e in entries), budget=format_money(total, lang))
        self.summary.value = tag("p", esc(text), "wb-plan-summary")
        communities = self._communities()
        names = {v: k for k, v in communities}
        proposals = plan.proposed_activities(self.session, self.team.id)
        if (proposals, names) != (self.proposals, self.community_names) or not (
                self.proposed.children):  # redrawn only when changed: no click is lost
            self.proposals, self.community_names = proposals, names
            self._draw_proposed()
        set_options(self.filter_community, [(t("plan.all", lang), "")] + communities)
        if self.filter_community.value is None:
            self.filter_community.value = ""
        set_options(self.filter_goal, [(t("plan.all", lang), "")] + [
            (g.data.title, g.id) for g in self.session.items("goal", self.team.id)])
        if self.filter_goal.value is None:  # "all", shown as such rather than blank
            self.filter_goal.value = ""
        self._draw_gantt()

    def _draw_proposed(self) -> None:
        """A page of the interventions chosen on the phase page, each with a button."""
        lang, names = self.lang, self.community_names
        rows = []
        found = self.proposed_pager.window([(f"{text} ({names.get(c, '?')})", (text, c))
                                            for text, c in self.proposals])
        for label, (text, community_id) in found.options:
            button = w.Button(description=t("plan.use", lang), disabled=not self.editable,
                              layout=w.Layout(width="auto"))
            button.add_class("wb-propose")
            button.on_click(lambda _, x=text, c=community_id: self.activities.load(
                None, {"title": x, "community_ids": [c] if c in names else [],
                       "status": ActivityStatus.planned.value}))
            rows.append(w.HBox([button, w.HTML(esc(label))]))
        head = w.HTML(tag("h3", esc(t("plan.proposed", lang))) + tag(
            "p", esc(t("plan.proposed_help" if self.proposals else "plan.proposed_none", lang)),
            "wb-muted"))
        old = self.proposed.children
        self.proposed.children = [head, self.proposed_pager.search] + rows + [
            self.proposed_pager.bar]
        for box in old:  # the previous page's rows: closed, so turning pages does not pile up
            if box not in (self.proposed_pager.search, self.proposed_pager.bar):
                for widget in (*getattr(box, "children", ()), box):
                    widget.close()

    def _draw_gantt(self) -> None:
        lang = self.lang
        rows = plan.gantt_rows(self.session.items("activity", self.team.id),
                               self.filter_community.value or "", self.filter_goal.value or "")
        months = [t(MONTHS.format(m), lang) for m in range(1, 13)]
        legend = " ".join(tag("span", "■", style=f"color:{colour}") + " "
                          + esc(t(f"activity_status.{status.value}", lang))
                          for status, colour in plan.STATUS_COLOURS.items())
        svg = gantt_svg(rows, months, t("plan.timeline", lang))
        self.gantt.value = tag("p", legend, "wb-muted") + (
            svg or tag("p", esc(t("plan.timeline_empty", lang)), "wb-muted"))

    def _warn_dates(self, _button=None) -> None:
        """After a save: dates far outside the programme are pointed out."""
        saved = self.activities.current
        if saved is None:
            return
        window = plan.programme_window(self.session)
        for key, params in plan.date_warnings(saved.data.start, saved.data.end, window):
            self.activities.message.value += notice(t(key, self.lang, **{
                k: format_date(v, self.lang) for k, v in params.items()}), "warning")

    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        head = tag("h2", esc(self.team.data.name)) + tag("p", esc(t("plan.intro", lang)))
        if not self.editable:
            head += notice(t("communities.read_only", lang), "info")
        return [w.HTML(head), self.vision.root,
                w.HTML(tag("h3", esc(t("plan.goals", lang)))), self.goals.root,
                w.HTML(tag("h3", esc(t("plan.activities", lang)))), self.summary,
                self.proposed, self.activities.root,
                w.HTML(tag("h3", esc(t("plan.timeline", lang)))),
                w.HBox([w.HTML(tag("label", esc(t("engagement.community", lang)))),
                        self.filter_community, self.filter_goal]), self.gantt]

