"""Koostöömudel: the collaboration model canvas, parties and the delegation plan."""

from __future__ import annotations

import ipywidgets as w

from .. import engagement, paging, phases
from ..exceptions import WorkbookError
from ..html import esc, notice, table, tag
from ..i18n import t
from ..model import ModelPartName
from ..service.permissions import Action, allowed
from .context import PageContext
from .item_editor import Field, ItemEditor
from .text_part import TextPart
from .tracking import Refresh

PARTY_FIELDS = [Field("name", "model.party_name"), Field("side", "model.party_side"),
                Field("role", "model.party_role"), Field("contact_point", "model.party_contact")]
DELEGATION_FIELDS = [Field("service", "model.delegation_service"),
                     Field("partner", "model.delegation_partner"),
                     Field("form", "model.delegation_form"),
                     Field("indicators", "model.delegation_indicators", "area"),
                     Field("timeline", "model.delegation_timeline")]


def engagement_by_phase(session, team_id: str, lang: str) -> str:
    """Pages II–III summarised: each community's agreed phase and its engagement forms."""
    try:
        rubric = phases.cohort_rubric(session)
        overall = phases.overall_by_community(session, team_id)
    except WorkbookError:
        return ""
    rows = []
    for row in engagement.matrix(session, team_id):
        phase = overall.get(row.community_id)
        forms = "; ".join(f for forms in row.by_level.values() for f in forms)
        rows.append([esc(row.name),
                     esc(f"{phase}. {rubric.phase(phase).name(lang)}" if phase else "–"),
                     esc(forms or "–")])
    if not rows:
        return ""
    note = ""
    if len(rows) > paging.PAGE_SIZE:  # a team at the community limit: the report has all
        note = tag("p", esc(t("model.summary_capped", lang, shown=paging.PAGE_SIZE,
                              total=len(rows))), cls="wb-note")
        rows = rows[:paging.PAGE_SIZE]
    return table([t("engagement.community", lang), t("phases.overall", lang),
                  t("engagement.form", lang)], rows, "wb-table wb-model-summary") + note


class ModelPage:
    def __init__(self, ctx: PageContext, team_id: str):
        session, lang = ctx.require_session(), ctx.lang
        self.session, self.lang = session, lang
        self.team = session.team(team_id)
        self.editable = allowed(session.actor, Action.write, team_id)
        self.parts = {p.value: TextPart(session, team_id, "model_part", {"part": p.value}, lang,
                                        self.editable, t(f"model.part.{p.value}", lang),
                                        t(f"model.help.{p.value}", lang))
                      for p in ModelPartName}
        self.parties = ItemEditor(session, team_id, "model_party", PARTY_FIELDS, lang,
                                  self.editable, "name",
                                  sort_key=lambda e: e.data.name.casefold())
        self.delegation = ItemEditor(session, team_id, "delegation", DELEGATION_FIELDS, lang,
                                     self.editable, "service",
                                     sort_key=lambda e: e.data.service.casefold())
        self.summary = w.HTML()
        self._summary()
        Refresh("model-summary", self._summary)  # pages II–III changed by a teammate

    def _summary(self) -> None:
        self.summary.value = (tag("h3", esc(t("model.forms_summary", self.lang)))
                              + engagement_by_phase(self.session, self.team.id, self.lang))

    def widgets(self) -> list[w.Widget]:
        lang, parts = self.lang, self.parts
        head = tag("h2", esc(self.team.data.name)) + tag("p", esc(t("model.intro", lang)))
        if not self.editable:
            head += notice(t("communities.read_only", lang), "info")
        return [w.HTML(head), parts["aims"].root, parts["principles"].root,
                w.HTML(tag("h3", esc(t("model.parties", lang)))), self.parties.root,
                self.summary,
                parts["forms_by_phase"].root, parts["representation"].root,
                parts["decisions"].root, parts["communication"].root, parts["resources"].root,
                w.HTML(tag("h3", esc(t("model.delegation", lang)))
                       + tag("p", esc(t("model.delegation_help", lang)), "wb-muted")),
                self.delegation.root, parts["intercommunity"].root, parts["advocacy"].root]

