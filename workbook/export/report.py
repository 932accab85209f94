"""A team's report: one self-contained HTML file with every section.

Everything is inline: the stylesheet, the charts (SVG), the static map (its
Leaflet code inlined, in a sandboxed frame). It opens offline from a USB stick;
only the map's base tiles need the network, and the outlines show without them.
Every piece of user text is escaped; Markdown parts go through the safe renderer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import cast

from .. import plan
from ..geo import geodata
from ..html import esc, progress_bar, tag
from ..i18n import format_date, format_money, format_number, t
from ..markdown import to_html
from ..messages import section_title
from ..model.sections import ModelPartName, PilotPartName, Round
from ..section_registry import SECTIONS, SectionSpec
from . import figures
from .content import TeamContent
from .numbers import Kinded
from .tables import (
    Table,
    engagement_tables,
    model_tables,
    phase_label,
    pilot_tables,
    plan_tables,
    team_table,
)


def anchor(spec: SectionSpec) -> str:
    return f"s-{spec.name}"


#: Radar charts in a report: one per assessed community up to this many (each is a
#: few kB of SVG); the table under them has every community's agreed phases.
MAX_RADARS = 100


@cache
def stylesheet() -> str:
    return Path(__file__).with_name("export.css").read_text(encoding="utf-8")


def cell_html(value, lang: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (dt.date, dt.datetime)):
        return esc(format_date(value, lang))
    if isinstance(value, Kinded):  # hours, means, euros: by their kind's rule
        return esc(value.text(lang))
    if isinstance(value, Decimal):
        exponent = cast(int, value.normalize().as_tuple().exponent)  # a finite number's
        return esc(format_number(value, lang, max(0, -exponent)))
    if isinstance(value, (int, float)):
        return esc(format_number(value, lang, 0 if float(value) == int(value) else 5))
    return "<br>".join(esc(line) for line in str(value).splitlines())


def table_html(table: Table, lang: str, heading: str = "h3") -> str:
    head = tag(heading, esc(table.title)) if heading else ""
    if not table.rows:
        return head + tag("p", esc(t("editor.none", lang)), "wb-empty")
    numeric = lambda v: isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)  # noqa
    body = "".join(tag("tr", "".join(
        f'<td class="wb-num">{cell_html(v, lang)}</td>' if numeric(v)
        else f"<td>{cell_html(v, lang)}</td>" for v in row)) for row in table.rows)
    header = "".join(tag("th", esc(h)) for h in table.headers)
    return head + tag("table", tag("thead", tag("tr", header)) + tag("tbody", body),
                      "wb-table")


def markdown_block(text: str, lang: str) -> str:
    html = to_html(text or "")
    return tag("div", html, "wb-markdown") if html.strip() else tag(
        "p", esc(t("export.not_written", lang)), "wb-empty")


def document(title: str, body: str, lang: str, extra_head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{stylesheet()}</style>{extra_head}</head>"
            f"<body>{body}</body></html>")


def header_html(c: TeamContent, lang: str, subtitle: str) -> str:
    team, cohort = c.team.data, c.cohort.data
    facts = "".join(tag("dt", esc(k)) + tag("dd", cell_html(v, lang))
                    for k, v in team_table(c, lang)[0].rows if v not in ("", None))
    demo = tag("div", esc(t("app.demo_banner", lang)), "wb-demo") if cohort.demo else ""
    return (tag("h1", esc(team.name)) + tag("p", esc(subtitle), "wb-muted") + demo
            + tag("dl", facts, "wb-facts"))


def attribution(lang: str) -> str:
    geo = geodata.load()
    parts = [t("export.made_with", lang)]
    if geo is not None:
        parts.append(geo.attribution(lang))
    parts.append(t("export.osm", lang))
    return " · ".join(parts)


# --- sections ------------------------------------------------------------------------

def tables_html(tables: list[Table], lang: str) -> str:
    return "".join(table_html(tb, lang) for tb in tables)


def communities_table(c: TeamContent, lang: str) -> Table:
    """The communities in a page's width (the spreadsheet has every column)."""
    headers = [t(k, lang) for k in ("field.name", "field.kind", "phases.overall", "field.size",
                                    "field.needs", "field.assets", "field.organisations")]
    if c.personal:
        headers.append(t("field.contact", lang))
    rows = []
    for e in c.communities:
        d = e.data
        row = [d.name, t(f"community.kind.{d.kind.value}", lang),
               phase_label(c, c.phases.get(e.id), lang), d.size, "\n".join(d.needs),
               "\n".join(f"{a.text} ({t(f'asset.{a.category.value}', lang)})" for a in d.assets),
               "\n".join(d.organisations)]
        if c.personal:
            row.append("\n".join(v for v in (d.contact.name, d.contact.email, d.contact.phone)
                                 if v))
        rows.append(row)
    return Table(t("communities.list", lang), headers, rows)


def communities_html(c: TeamContent, lang: str) -> str:
    title = t("section.communities", lang)
    located = sum(1 for e in c.communities if e.data.location)
    return (tag("p", esc(t("communities.count", lang, count=len(c.communities),
                            located=located)), "wb-muted")
            + figures.map_frame(figures.map_document(c, lang, title), title)
            + table_html(communities_table(c, lang), lang))


def engagement_html(c: TeamContent, lang: str) -> str:
    informing = [row.name for row in c.matrix if row.only_informing]
    note = tag("p", esc(t("export.only_informing", lang, names=", ".join(informing))),
               "wb-warn") if informing else ""
    return (tag("div", figures.level_bars(c, lang), "wb-charts") + note
            + tables_html(engagement_tables(c, lang), lang))


def consensus_table(c: TeamContent, lang: str) -> Table:
    """The agreed phases, one row per community and round (the dimensions are in the
    radar charts; the spreadsheet has them as columns)."""
    rows = []
    for e in c.communities:
        for round_ in Round:
            cons = c.consensus_of(e.id, round_)
            if cons is not None:
                rows.append([e.data.name, t(f"round.{round_.value}", lang),
                             phase_label(c, c.overall(cons), lang), cons.data.reason,
                             "\n".join(cons.data.interventions)])
    return Table(f"{t('phases.consensus', lang)} ({c.rubric.name(lang)})",
                 [t(k, lang) for k in ("engagement.community", "phases.round",
                                       "phases.overall", "phases.reason",
                                       "export.interventions")], rows)


def phases_html(c: TeamContent, lang: str) -> str:
    assessed = [e for e in c.communities
                if any(c.consensus_of(e.id, round_) for round_ in Round)]
    radars = "".join(tag("figure", tag("figcaption", esc(e.data.name)) + svg)
                     for e in assessed[:MAX_RADARS] if (svg := figures.radar(c, e, lang)))
    capped = (tag("p", esc(t("export.radars_capped", lang, shown=MAX_RADARS,
                             total=len(assessed))), "wb-muted")
              if len(assessed) > MAX_RADARS else "")
    return (tag("p", esc(t("phases.rubric", lang, name=c.rubric.name(lang))), "wb-muted")
            + tag("h3", esc(t("export.phase_distribution", lang)))
            + tag("div", figures.phase_bars(c, lang), "wb-charts")
            + (tag("h3", esc(t("phases.chart", lang))) + figures.round_legend(lang) + capped
               + tag("div", radars, "wb-charts wb-radars") if radars else "")
            + table_html(consensus_table(c, lang), lang))


def model_html(c: TeamContent, lang: str) -> str:
    parts = "".join(tag("h3", esc(t(f"model.part.{p.value}", lang)))
                    + markdown_block(c.model_parts.get(p.value, ""), lang)
                    for p in ModelPartName)
    return parts + tables_html(model_tables(c, lang)[1:], lang)


def plan_summary(c: TeamContent, lang: str) -> str:
    """"8 activities, 3 of them in the pilot; total budget €1,250" (the app says the same)."""
    return t("plan.summary", lang, count=len(c.activities), pilot=len(c.pilot_activities),
             budget=format_money(c.budget, lang))


def plan_html(c: TeamContent, lang: str) -> str:
    summary = plan_summary(c, lang)
    _vision, goals, activities = plan_tables(c, lang)
    return (tag("h3", esc(t("plan.vision", lang))) + markdown_block(c.vision, lang)
            + table_html(goals, lang)
            + tag("h3", esc(t("plan.timeline", lang))) + tag("p", esc(summary), "wb-muted")
            + tag("div", figures.timeline(c, lang), "wb-charts") + table_html(activities, lang))


def hours_html(c: TeamContent, lang: str) -> str:
    share, text, over = plan.hours_summary(c.mentoring, lang)
    return tag("p", progress_bar(share, text)) + (tag("p", esc(over), "wb-warn") if over else "")


def pilot_html(c: TeamContent, lang: str) -> str:
    parts = "".join(tag("h3", esc(t(f"pilot.part.{p.value}", lang)))
                    + markdown_block(c.pilot_parts.get(p.value, ""), lang)
                    for p in PilotPartName)
    activities = Table(t("pilot.progress", lang),
                       [t("plan.activity", lang), t("plan.status", lang), t("plan.end", lang),
                        t("plan.notes", lang)],
                       [[a.data.title, t(f"activity_status.{a.data.status.value}", lang),
                         a.data.end, a.data.notes] for a in c.pilot_activities])
    return (hours_html(c, lang) + table_html(pilot_tables(c, lang)[0], lang)
            + table_html(activities, lang) + tag("h3", esc(t("pilot.results", lang))) + parts)


def section_html(spec: SectionSpec, c: TeamContent, lang: str) -> str:
    """A section's part of the report: its own, or else its tables."""
    if spec.report:
        return spec.call("report", c, lang)
    return tables_html(spec.call("tables", c, lang), lang)


def report_html(c: TeamContent, lang: str) -> str:
    """The whole report as one HTML document."""
    team = c.team.data
    title = f"{team.name} · {t('export.report', lang)}"
    subtitle = f"{t('export.report', lang)} · {c.cohort.data.name}"
    toc = tag("nav", tag("h2", esc(t("export.contents", lang)), "wb-first") + tag("ol", "".join(
        tag("li", tag("a", esc(section_title(s.section, lang)), href=f"#{anchor(s)}"))
        for s in SECTIONS)), "wb-toc")
    members = table_html(team_table(c, lang)[1], lang)
    sections = "".join(
        tag("section", tag("h2", esc(section_title(s.section, lang)), id=anchor(s))
            + tag("p", esc(t("home.status", lang)) + ": "
                  + esc(t(f"status.{c.statuses[s.section].value}", lang)), "wb-muted")
            + section_html(s, c, lang)) for s in SECTIONS)
    footer = tag("footer", esc(attribution(lang)), "wb-footer")
    body = tag("main", header_html(c, lang, subtitle) + members + toc + sections + footer,
               "wb-doc wb-report")
    return document(title, body, lang)
