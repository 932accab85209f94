"""Arengufaaside hindamine: blind ratings, the consensus view, radar chart, interventions."""

from __future__ import annotations

import ipywidgets as w

from .. import phases as logic
from ..charts import radar_svg, series_legend
from ..exceptions import MissingReference, WorkbookError
from ..html import esc, notice, table, tag
from ..i18n import format_date, format_mean, t
from ..messages import error_message
from ..model.sections import Round
from ..service.permissions import Action, allowed
from .confirm import TwoStep
from .context import PageContext
from .options import set_options
from .paged_picker import PagedPicker
from .tracking import Refresh, Snapshot, View, quiet

SERIES_COLOURS = ("#1746a2", "#c51b7d", "#e08214", "#1b7837", "#542788", "#8c510a")


class PhasesPage:
    def __init__(self, ctx: PageContext, team_id: str):
        self.ctx, self.lang, self.session = ctx, ctx.lang, ctx.require_session()
        self.team = self.session.team(team_id)
        self.rubric = logic.cohort_rubric(self.session)
        self.rater = allowed(self.session.actor, Action.write, team_id) and \
            self.session.actor.team_id == team_id
        lang, rubric = self.lang, self.rubric
        communities = sorted(self.session.items("community", team_id),
                             key=lambda e: e.data.name.casefold())
        self.names = {c.id: c.data.name for c in communities}
        self.people = {p.id: p.data.name for p in self.session.people(team_id)}
        self.community = PagedPicker(lang, kind="dropdown", width="auto",
                                     name=t("engagement.community", lang),
                                     options=[(c.data.name, c.id) for c in communities])
        self.community.value = communities[0].id if communities else None
        self.community.add_class("wb-phase-community")
        self.round = w.ToggleButtons(options=[(t(f"round.{r.value}", lang), r.value)
                                              for r in Round], value=Round.baseline.value,
                                       style={"button_width": "auto"})
        self.round.add_class("wb-phase-round")
        phase_options = [(t("phases.not_rated", lang), 0)] + [
            (f"{p.number}. {p.name(lang)}", p.number) for p in rubric.phases]
        self.ratings = {d.code: w.Dropdown(options=phase_options, value=0,
                                           layout=w.Layout(width="260px"))
                        for d in rubric.dimensions}
        self.anchors = {d.code: w.HTML() for d in rubric.dimensions}
        for code, box in self.ratings.items():
            box.add_class(f"wb-rate-{code}")
            box.observe(lambda change, c=code: self._anchor(c), names="value")
        self.save_draft = w.Button(description=t("phases.save_draft", lang),
                                   layout=w.Layout(width="auto"))
        self.save_draft.add_class("wb-rate-draft")
        self.submit = w.Button(description=t("phases.submit", lang), button_style="primary",
                               layout=w.Layout(width="auto"))
        self.submit.add_class("wb-rate-submit")
        self.my_message = w.HTML()
        self.my_message.add_class("wb-rate-message")
        self.consensus_table = w.HTML()
        self.consensus_table.add_class("wb-consensus")
        self.agreed = {d.code: w.Dropdown(options=phase_options, value=0,
                                          layout=w.Layout(width="260px"))
                       for d in rubric.dimensions}
        for code, box in self.agreed.items():
            box.add_class(f"wb-agree-{code}")
        self.reason = w.Textarea(layout=w.Layout(width="98%"), rows=3)
        self.interventions = w.VBox()
        self.save_consensus = w.Button(description=t("phases.save_consensus", lang),
                                       button_style="primary", disabled=not self.rater,
                                       layout=w.Layout(width="auto"))
        self.save_consensus.add_class("wb-consensus-save")
        self.consensus_message = w.HTML()
        self.consensus_message.add_class("wb-consensus-message")
        self.chart = w.HTML()
        self.chart.add_class("wb-chart")
        self.change = w.HTML()
        self.overview: logic.Overview | None = None  # drawn by refresh()
        self._saved_interventions: set[str] = set()  # as last loaded, to tell unsaved clicks
        self.guard = Snapshot("phase-ratings", [*self.ratings.values(), *self.agreed.values(),
                                                self.reason])
        self.community.observe(lambda _: self.refresh(), names="value")
        self.round.observe(lambda _: self.refresh(), names="value")
        self.save_draft.on_click(lambda _: self._save_mine(submit=False))
        self.confirm_submit = TwoStep(
            self.submit, lambda: self._save_mine(submit=True), t("phases.confirm_submit", lang),
            lambda: setattr(self.my_message, "value",
                            notice(t("phases.submit_question", self.lang), "warning")))
        self.save_consensus.on_click(self._save_consensus)
        # a language switch rebuilds the page: the rater stays on their community and round
        self.view = View("phases-view", lambda: (self.community.value, self.round.value))
        if self.view.before:
            community, round_ = self.view.before
            if community in self.names:
                self.community.value = community
            self.round.value = round_
        self.refresh()
        self.guard.update = lambda: True  # the page's update() looks after the form
        Refresh("phases", self.update, dirty=self._interventions_dirty)

    # --- layout ---------------------------------------------------------------------------
    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        head = (tag("h2", esc(self.team.data.name)) + tag("p", esc(t("phases.intro", lang)))
                + tag("p", esc(t("phases.rubric", lang, name=self.rubric.name(lang))),
                      "wb-muted"))
        if not self.names:
            return [w.HTML(head + notice(t("phases.no_communities", lang), "info"))]
        if not self.rater:
            head += notice(t("phases.read_only", lang), "info")
        top = w.HBox([self.community, self.round])
        parts = [w.HTML(head), top]
        if self.rater:
            rows = [w.HBox([w.HTML(tag("b", esc(d.name(lang))), layout=w.Layout(width="230px")),
                            self.ratings[d.code], self.anchors[d.code]])
                    for d in self.rubric.dimensions]
            mine = w.VBox([w.HTML(tag("h3", esc(t("phases.my_ratings", lang))))] + rows
                          + [w.HBox([self.save_draft, self.submit]), self.my_message])
            mine.add_class("wb-my-ratings")
            parts.append(mine)
        agreed_rows = [w.HBox([w.HTML(tag("b", esc(d.name(lang))),
                                      layout=w.Layout(width="230px")), self.agreed[d.code]])
                       for d in self.rubric.dimensions]
        consensus = w.VBox([w.HTML(tag("h3", esc(t("phases.consensus", lang)))
                                   + tag("p", esc(t("phases.consensus_help", lang)), "wb-muted")),
                            self.consensus_table,
                            w.HTML(tag("h4", esc(t("phases.agreed", lang))))] + agreed_rows
                           + [w.HTML(tag("label", esc(t("phases.reason", lang)))), self.reason,
                              self.interventions, self.save_consensus, self.consensus_message])
        consensus.add_class("wb-consensus-box")
        parts += [consensus, w.HBox([self.chart, self.change])]
        return parts

    # --- state ----------------------------------------------------------------------------
    def _overview(self):
        return logic.overview(self.session, self.team.id, self.community.value,
                              Round(self.round.value))

    def _shown(self) -> logic.Overview:
        """The overview drawn by ``refresh()``, which the forms and the chart show."""
        assert self.overview is not None, "no community shown yet"
        return self.overview

    def update(self) -> bool:
        """A teammate saved (live update, ``tracking.py``): the communities, the consensus
        table, the chart and the change table follow in place, with the community and
        round kept. The person's ratings, agreed phases, reason and interventions are
        reloaded only when they hold no unsaved edits; False while that waits."""
        communities = sorted(self.session.items("community", self.team.id),
                             key=lambda e: e.data.name.casefold())
        self.names = {c.id: c.data.name for c in communities}
        set_options(self.community, [(c.data.name, c.id) for c in communities])
        if not self.community.value:
            return True
        if not self.dirty() and quiet(self.guard.edited_at):
            self.refresh()
            return True
        ov, shown = self._overview(), self.overview
        self._draw_consensus(ov)
        self._draw_chart(ov)
        self._draw_change()
        version = lambda e: getattr(e, "version", None)  # noqa: E731
        assert shown is not None  # refresh() drew it when the community was chosen
        return (version(ov.mine), version(ov.consensus)) == (
            version(shown.mine), version(shown.consensus))

    def dirty(self) -> bool:
        """Unsaved ratings, agreed phases, reason or interventions."""
        return self.guard.dirty() or self._interventions_dirty()

    def _interventions_dirty(self) -> bool:
        return self._chosen_of(self.interventions.children) != self._saved_interventions

    def refresh(self) -> None:
        if not self.community.value:
            return
        self.overview = ov = self._overview()
        mine = ov.mine.data.ratings if ov.mine else {}
        locked = bool(ov.mine and ov.mine.data.submitted)
        self.guard.loading = True  # filled from the store: not the person's edit
        self.confirm_submit.reset()
        for code, box in self.ratings.items():
            box.value = mine.get(code, 0)
            box.disabled = locked
            self._anchor(code)
        self.save_draft.disabled = self.submit.disabled = locked
        self.my_message.value = notice(t("phases.submitted", self.lang,
                                         date=format_date(ov.mine.data.date, self.lang)),
                                       "info") if locked else ""
        agreed = ov.consensus.data.phases if ov.consensus else {}
        for code, box in self.agreed.items():
            suggested = int(ov.scores[code]) if code in ov.scores else 0
            box.value = agreed.get(code, suggested)
            box.disabled = not self.rater
        self.reason.value = ov.consensus.data.reason if ov.consensus else ""
        self.guard.loading = False
        self.guard.reset()
        self._draw_consensus(ov)
        self._draw_interventions()
        self._draw_chart(ov)
        self._draw_change()

    def _anchor(self, code: str) -> None:
        value = self.ratings[code].value
        self.anchors[code].value = tag("span", esc(self.rubric.anchor(code, value, self.lang)),
                                       "wb-anchor") if value else ""

    def _rater_name(self, entry) -> str:
        return self.people.get(entry.data.rater_id, "?")

    def _draw_consensus(self, ov) -> None:
        lang = self.lang
        raters = ov.submitted
        headers = [t("phases.dimension", lang)] + [self._rater_name(e) for e in raters] + [
            t("phases.mean", lang), ""]
        rows = []
        for d in self.rubric.dimensions:
            cells = [esc(d.name(lang))] + [esc(e.data.ratings.get(d.code, "–")) for e in raters]
            mean = ov.scores.get(d.code)
            cells.append(esc(format_mean(mean, lang) if mean is not None else "–"))
            cells.append(tag("span", esc(t("phases.disagreement", lang)),
                             "wb-badge wb-disagreement") if ov.disagreement(d.code) else "")
            rows.append(cells)
        hidden_note = ""
        waiting = self._hidden_count()
        if waiting:
            hidden_note = notice(t("phases.hidden", lang, count=waiting), "info")
        overall = ov.agreed
        summary = tag("p", tag("b", esc(t("phases.overall", lang)) + ": ") + esc(
            t("phases.overall_value", lang, number=overall,
              name=self.rubric.phase(overall).name(lang)) if overall
            else t("phases.overall_none", lang)) + self._how(
                ov.consensus.data.phases if ov.consensus else {}, overall), "wb-overall")
        if ov.suggested:
            summary += tag("p", esc(t("phases.suggested", lang, phase=t(
                "phases.overall_value", lang, number=ov.suggested,
                name=self.rubric.phase(ov.suggested).name(lang))))
                + self._how(ov.scores, ov.suggested), "wb-muted")
        self.consensus_table.value = hidden_note + table(headers, rows, "wb-table") + summary

    def _how(self, phases: dict, overall: int | None) -> str:
        """" (the mean of the dimensions, rounded down: 2,5 → 2)" after an overall phase."""
        mean = logic.phase_mean(phases, self.rubric)
        if mean is None or overall is None:
            return ""
        rule = t(f"phases.rule.{self.rubric.scoring}", self.lang)
        return " " + tag("span", esc("(" + t("phases.overall_how", self.lang, rule=rule,
                                                  mean=format_mean(mean, self.lang),
                                                  number=overall) + ")"), "wb-overall-how")

    def _hidden_count(self) -> int:
        """How many teammates' assessments exist that this person cannot see yet."""
        if not self.rater:
            return 0
        return self.session.hidden_ratings(self.team.id, self.community.value, self.round.value,
                                           self.rubric.code)

    def _draw_interventions(self) -> None:
        lang, ov = self.lang, self._shown()
        phase = ov.agreed or ov.suggested
        chosen = set(ov.consensus.data.interventions) if ov.consensus else set()
        if not phase:
            self.interventions.children = []
            self._saved_interventions = set()
            return
        boxes = []
        for item in self.rubric.phase(phase).interventions:
            box = w.Checkbox(description=item(lang), value=item(lang) in chosen, indent=False,
                             disabled=not self.rater, layout=w.Layout(width="98%"))
            box.add_class("wb-intervention")
            box.observe(self.guard._changed, names="value")  # an unsaved edit too
            boxes.append(box)
        self._saved_interventions = self._chosen_of(boxes)
        self.interventions.children = [w.HTML(
            tag("h4", esc(t("phases.interventions", lang, phase=phase)))
            + tag("p", esc(t("phases.interventions_help", lang)), "wb-muted"))] + boxes

    @staticmethod
    def _chosen_of(boxes) -> set[str]:
        return {box.description for box in boxes if isinstance(box, w.Checkbox) and box.value}

    def _draw_chart(self, ov) -> None:
        lang = self.lang
        labels = [d.name(lang) for d in self.rubric.dimensions]
        dims = [d.code for d in self.rubric.dimensions]
        series = [(self._rater_name(e), [e.data.ratings.get(d) for d in dims],
                   SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, e in enumerate(ov.submitted)]
        if ov.consensus:
            series.append((t("phases.chart_agreed", lang),
                           [ov.consensus.data.phases.get(d.code) for d in self.rubric.dimensions],
                           "#111111"))
        title = f"{t('phases.chart', lang)}: {self.names.get(self.community.value, '')}"
        self.chart.value = (tag("h3", esc(title))
                            + radar_svg(labels, series, self.rubric.top, title)
                            + series_legend(series, t("phases.chart_values", lang), labels))

    def _draw_change(self) -> None:
        lang = self.lang
        diff = logic.change(self.session, self.team.id, self.community.value)
        if not diff:
            self.change.value = tag("h3", esc(t("phases.change", lang))) + tag(
                "p", esc(t("phases.no_change_yet", lang)), "wb-muted")
            return
        rows = [[esc(d.name(lang)), esc(diff[d.code][0]), esc(diff[d.code][1]),
                 esc(f"{diff[d.code][1] - diff[d.code][0]:+d}")]
                for d in self.rubric.dimensions if d.code in diff]
        self.change.value = tag("h3", esc(t("phases.change", lang))) + table(
            [t("phases.dimension", lang), t("round.baseline", lang), t("round.followup", lang),
             "±"], rows, "wb-table wb-change")

    # --- saving ---------------------------------------------------------------------------
    def _attempt(self, message: w.HTML, save):
        """Run ``save``; on a refusal show why in ``message`` (the form keeps its values)."""
        try:
            return save()
        except MissingReference:
            message.value = notice(t("phases.community_gone", self.lang), "error")
        except WorkbookError as exc:
            message.value = notice(error_message(exc, self.lang), "error")
        return None

    def _save_mine(self, submit: bool) -> None:
        ratings = {code: box.value for code, box in self.ratings.items() if box.value}
        missing = [d.name(self.lang) for d in self.rubric.dimensions if d.code not in ratings]
        if submit and missing:
            self.my_message.value = notice(t("phases.incomplete", self.lang,
                                             missing=", ".join(missing)), "error")
            return
        saved = self._attempt(self.my_message, lambda: logic.save_ratings(
            self.session, self.team.id, self.community.value, Round(self.round.value), ratings,
            submit=submit, current=self._shown().mine))
        if saved is None:
            return
        self.refresh()
        key = "phases.submitted_now" if submit else "phases.saved"
        self.my_message.value += notice(t(key, self.lang), "ok")

    def _save_consensus(self, _button=None) -> None:
        phases = {code: box.value for code, box in self.agreed.items() if box.value}
        chosen = [box.description for box in self.interventions.children
                  if isinstance(box, w.Checkbox) and box.value]
        saved = self._attempt(self.consensus_message, lambda: logic.save_consensus(
            self.session, self.team.id, self.community.value, Round(self.round.value), phases,
            self.reason.value, chosen, current=self._shown().consensus))
        if saved is None:
            return
        self.refresh()
        overall = logic.overview(self.session, self.team.id, saved.data.community_id,
                                 saved.data.round).agreed
        self.consensus_message.value = notice(t("phases.consensus_saved", self.lang,
                                                phase=overall or "–"), "ok")

