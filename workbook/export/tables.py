"""A team's workbook as titled tables, one group per section, headers in the user's language.

The spreadsheet writes these tables as they are (typed cells); the report and the
slides show them as HTML. Cells are plain values: text, numbers, dates, booleans
or None, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..frameworks import load
from ..i18n import t
from ..messages import section_title
from ..model.sections import AssetCategory, Level, ModelPartName, PilotPartName, Round
from ..section_registry import SECTIONS
from .content import TeamContent
from .numbers import Hours, Money


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def level_name(level: Level, lang: str) -> str:
    return load().level(level.value).name(lang)


def level_names(lang: str) -> dict[Level, str]:
    """Every level's name, read once per table (``load`` looks at the files each call)."""
    frameworks = load()
    return {lv: frameworks.level(lv.value).name(lang) for lv in Level}


def phase_label(c: TeamContent, number: int | None, lang: str) -> str:
    if number is None:
        return ""
    return t("phases.overall_value", lang, number=number, name=c.rubric.phase(number).name(lang))


def overall_header(c: TeamContent, lang: str) -> str:
    """"Overall phase (the mean of the dimensions, rounded down)": how it is derived."""
    return f"{t('phases.overall', lang)} ({t(f'phases.rule.{c.rubric.scoring}', lang)})"


def _lines(values: list[str]) -> str:
    return "\n".join(values)


def team_table(c: TeamContent, lang: str) -> list[Table]:
    team, cohort = c.team.data, c.cohort.data
    facts = [[t("export.cohort", lang), cohort.name], [t("home.team", lang), team.name],
             [t("home.municipality", lang), team.municipality_name],
             [t("home.topic", lang), team.topic], [t("home.group", lang), team.group],
             [t("export.exported_on", lang), c.exported_on],
             [t("export.personal", lang), t("export.personal_yes" if c.personal
                                            else "export.personal_no", lang)]]
    headers = [t("field.name", lang), t("export.side", lang), t("home.role", lang)]
    if c.personal:
        headers += [t("export.email", lang), t("export.phone", lang)]
    members = []
    for p in c.members:
        side = t(f"side.{p.data.side.value}", lang) if p.data.side else ""
        row = [p.data.name, side, p.data.role]
        if c.personal:
            row += [p.data.contacts.email, p.data.contacts.phone]
        members.append(row)
    return [Table(t("export.about", lang), [t("export.what", lang), t("export.value", lang)],
                  facts),
            Table(t("home.members", lang), headers, members)]


def communities_tables(c: TeamContent, lang: str) -> list[Table]:
    headers = [t("field.name", lang), t("field.kind", lang), overall_header(c, lang),
               t("field.lat", lang), t("field.lon", lang), t("field.size", lang),
               t("field.organisations", lang), t("field.needs", lang)]
    headers += [f"{t('field.assets', lang)}: {t(f'asset.{a.value}', lang)}"
                for a in AssetCategory]
    if c.personal:
        headers += [t("field.contact_name", lang), t("field.contact_email", lang),
                    t("field.contact_phone", lang)]
    headers.append(t("field.notes", lang))
    rows = []
    for e in c.communities:
        d = e.data
        row = [d.name, t(f"community.kind.{d.kind.value}", lang),
               phase_label(c, c.phases.get(e.id), lang),
               d.location.lat if d.location else None, d.location.lon if d.location else None,
               d.size, _lines(d.organisations), _lines(d.needs)]
        row += [_lines([a.text for a in d.assets if a.category is cat]) for cat in AssetCategory]
        if c.personal:
            row += [d.contact.name, d.contact.email, d.contact.phone]
        rows.append(row + [d.notes])
    return [Table(t("communities.list", lang), headers, rows)]


def engagement_tables(c: TeamContent, lang: str) -> list[Table]:
    levels, names = list(Level), level_names(lang)
    matrix = Table(t("engagement.matrix", lang),
                   [t("engagement.community", lang)] + [names[lv] for lv in levels],
                   [[row.name] + [", ".join(row.by_level.get(lv, [])) for lv in levels]
                    for row in c.matrix])
    forms = Table(t("export.forms", lang),
                  [t("engagement.community", lang), t("engagement.form", lang),
                   t("engagement.level", lang), t("engagement.frequency", lang),
                   t("engagement.initiator", lang), t("engagement.effectiveness", lang),
                   t("engagement.notes", lang)],
                  [[c.community_names.get(e.data.community_id, ""), e.data.form,
                    names[e.data.level], e.data.frequency,
                    t(f"initiator.{e.data.initiator.value}", lang), e.data.effectiveness,
                    e.data.notes] for e in c.forms])
    agreements = Table(t("agreements.title", lang),
                       [t(k, lang) for k in (
                           "agreements.title_field", "agreements.parties",
                           "agreements.principles", "agreements.representatives",
                           "agreements.selection", "agreements.municipality_commits",
                           "agreements.community_commits", "agreements.status",
                           "agreements.review_date")],
                       [[a.data.title, _lines(a.data.parties), a.data.principles,
                         a.data.representatives, a.data.selection, a.data.municipality_commits,
                         a.data.community_commits,
                         t(f"agreement_status.{a.data.status.value}", lang), a.data.review_date]
                        for a in c.agreements])
    return [matrix, forms, agreements]


def phases_tables(c: TeamContent, lang: str) -> list[Table]:
    dims = c.rubric.dimensions
    headers = ([t("engagement.community", lang), t("phases.round", lang), t("pilot.date", lang)]
               + [d.name(lang) for d in dims]
               + [overall_header(c, lang), t("phases.reason", lang),
                  t("export.interventions", lang)])
    rows = []
    for community in c.communities:
        for round_ in Round:
            cons = c.consensus_of(community.id, round_)
            if cons is None:
                continue
            overall = c.overall(cons)
            rows.append([community.data.name, t(f"round.{round_.value}", lang), cons.data.date]
                        + [cons.data.phases.get(d.code) for d in dims]
                        + [phase_label(c, overall, lang), cons.data.reason,
                           _lines(cons.data.interventions)])
    title = f"{t('phases.consensus', lang)} ({c.rubric.name(lang)})"
    return [Table(title, headers, rows)]


def model_tables(c: TeamContent, lang: str) -> list[Table]:
    parts = Table(t("section.model", lang), [t("export.part", lang), t("export.text", lang)],
                  [[t(f"model.part.{p.value}", lang), c.model_parts.get(p.value, "")]
                   for p in ModelPartName])
    parties = Table(t("model.parties", lang),
                    [t(k, lang) for k in ("model.party_name", "model.party_side",
                                          "model.party_role", "model.party_contact")],
                    [[p.data.name, p.data.side, p.data.role, p.data.contact_point]
                     for p in c.parties])
    delegation = Table(t("model.delegation", lang),
                       [t(k, lang) for k in ("model.delegation_service", "model.delegation_partner",
                                             "model.delegation_form",
                                             "model.delegation_indicators",
                                             "model.delegation_timeline")],
                       [[d.data.service, d.data.partner, d.data.form, d.data.indicators,
                         d.data.timeline] for d in c.delegations])
    return [parts, parties, delegation]


def plan_tables(c: TeamContent, lang: str) -> list[Table]:
    goals = {g.id: g.data.title for g in c.goals}
    vision = Table(t("plan.vision", lang), [t("plan.vision", lang)], [[c.vision]])
    goal_table = Table(t("plan.goals", lang),
                       [t("plan.goal", lang), t("plan.indicator", lang), t("plan.target", lang)],
                       [[g.data.title, g.data.indicator, g.data.target] for g in c.goals])
    keys = ("plan.activity", "plan.goal", "plan.communities", "plan.owner", "plan.partners",
            "plan.start", "plan.end", "plan.resources", "plan.budget", "plan.indicator",
            "plan.status", "plan.pilot", "plan.notes")
    activities = Table(t("plan.activities", lang), [t(k, lang) for k in keys], [
        [a.data.title, goals.get(a.data.goal_id or "", ""),
         _lines([c.community_names.get(i, "") for i in a.data.community_ids]), a.data.owner,
         a.data.partners, a.data.start, a.data.end, a.data.resources, Money.of(a.data.budget_eur),
         a.data.indicator, t(f"activity_status.{a.data.status.value}", lang), a.data.pilot,
         a.data.notes] for a in c.activities])
    return [vision, goal_table, activities]


def pilot_tables(c: TeamContent, lang: str) -> list[Table]:
    sessions = Table(t("pilot.mentoring", lang),
                     [t(k, lang) for k in ("pilot.date", "pilot.mentor", "pilot.hours",
                                           "pilot.topics", "pilot.agreements",
                                           "pilot.next_steps")],
                     [[m.data.date, c.names.get(m.data.mentor_id or "", ""), Hours.of(m.data.hours),
                       m.data.topics, m.data.agreements, m.data.next_steps]
                      for m in c.mentoring])
    results = Table(t("pilot.results", lang), [t("export.part", lang), t("export.text", lang)],
                    [[t(f"pilot.part.{p.value}", lang), c.pilot_parts.get(p.value, "")]
                     for p in PilotPartName])
    return [sessions, results]


def all_tables(c: TeamContent, lang: str) -> list[tuple[str, list[Table]]]:
    """(sheet title, tables): the team first, then one group per section."""
    return [(t("export.team_sheet", lang), team_table(c, lang))] + [
        (section_title(s.section, lang), s.call("tables", c, lang)) for s in SECTIONS]
