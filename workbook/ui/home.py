"""Avaleht: what each role sees first."""

from __future__ import annotations

from typing import cast

import ipywidgets as w

from ..html import badge, esc, notice, progress_bar, table, tag
from ..i18n import format_date, format_datetime, t
from ..messages import section_title
from ..model import Access, Section, Side
from ..service import Entry, Session
from .context import PageContext, page_exists

COMMUNITY_SIDES = (Side.community, Side.ngo)


def composition(members: list[Entry]) -> tuple[int, int]:
    """(municipality members, community and NGO members)."""
    muni = sum(1 for m in members if m.data.side is Side.municipality)
    comm = sum(1 for m in members if m.data.side in COMMUNITY_SIDES)
    return muni, comm


def composition_warning(members: list[Entry], lang: str) -> str:
    muni, comm = composition(members)
    missing = []
    if muni < 2:
        missing.append(t("home.missing_municipality", lang, count=2 - muni))
    if comm < 2:
        missing.append(t("home.missing_community", lang, count=2 - comm))
    if not missing:
        return ""
    return notice(t("home.composition_warning", lang, missing=", ".join(missing)))


def sections_table(ctx: PageContext, session: Session, team_id: str, links: bool) -> str:
    lang = ctx.lang
    progress = session.progress(team_id)
    statuses = session.statuses(team_id)
    rows = []
    for section in Section:
        p = progress[section]
        status = statuses[section].value
        page = section.spec.notebook
        if not links:
            action = ""
        elif page_exists(page):
            staff = {} if session.actor.team_id else {"team": team_id}  # whose workbook to open
            action = tag("a", esc(t("home.open", lang)), href=ctx.link(page, **staff),
                         target="_self")
        else:
            action = tag("span", esc(t("home.not_yet", lang)), "wb-muted")
        rows.append([esc(section_title(section, lang)), badge(t(f"status.{status}", lang), status),
                     progress_bar(p.share, t("home.progress_items", lang, done=p.done,
                                             total=p.total)), action])
    headers = [t("home.section", lang), t("home.status", lang), t("home.progress", lang)]
    return table(headers + ([""] if links else []), [r[: len(headers) + links] for r in rows],
                 "wb-table wb-sections")


def team_facts(team: Entry, lang: str) -> str:
    d = team.data
    facts = [(t("home.municipality", lang), f"{esc(d.municipality_name)} "
              f"<span class='wb-muted'>({esc(d.municipality_code)})</span>"),
             (t("home.topic", lang), esc(d.topic) if d.topic
              else tag("span", esc(t("home.no_topic", lang)), "wb-muted"))]
    if d.group:
        facts.append((t("home.group", lang), esc(d.group)))
    return tag("dl", "".join(tag("dt", esc(k)) + tag("dd", v) for k, v in facts), "wb-facts")


def members_list(members: list[Entry], lang: str) -> str:
    if not members:
        return tag("p", esc(t("home.no_members", lang)), "wb-muted")
    muni, comm = composition(members)
    items = "".join(tag("li", esc(m.data.name) + " – " + esc(t(f"side.{m.data.side.value}", lang))
                        + (f" <span class='wb-muted'>({esc(m.data.role)})</span>"
                           if m.data.role else "")) for m in members)
    summary = tag("p", esc(t("home.composition", lang, municipality=muni, community=comm)),
                  "wb-muted")
    return tag("ul", items, "wb-members") + summary


def member_view(ctx: PageContext, session: Session) -> str:
    lang = ctx.lang
    team = session.team(cast(str, session.actor.team_id))  # a member has a team
    members = session.people(team.id)
    card = (tag("h2", esc(t("home.team", lang)) + ": " + esc(team.data.name), "wb-team-name")
            + team_facts(team, lang)
            + tag("h3", esc(t("home.members", lang))) + composition_warning(members, lang)
            + members_list(members, lang))
    sections = tag("h2", esc(t("home.sections", lang))) + sections_table(ctx, session, team.id,
                                                                         links=True)
    return tag("div", card, "wb-card") + tag("div", sections, "wb-card")


def teams_view(ctx: PageContext, session: Session) -> str:
    lang = ctx.lang
    teams = session.teams()
    if not teams:
        return tag("div", tag("p", esc(t("home.no_teams", lang))), "wb-card")
    cards = []
    for team in teams:
        members = session.people(team.id)
        cards.append(tag("div", tag("h2", esc(team.data.name), "wb-team-name")
                         + team_facts(team, lang)
                         + tag("p", esc(t("home.members_count", lang, count=len(members))))
                         + composition_warning(members, lang)
                         + sections_table(ctx, session, team.id, links=True), "wb-card"))
    return tag("h2", esc(t("home.teams", lang))) + "".join(cards)


def link_state(status: dict | None, lang: str) -> str:
    if not status or not status["live"]:
        return tag("span", esc(t("home.link_none", lang)), "wb-muted")
    if status["last_used"] is None:
        return badge(t("home.link_never", lang), "submitted")
    return esc(t("home.link_used", lang, when=format_datetime(status["last_used"], lang)))


def cohort_view(ctx: PageContext, session: Session) -> str:
    lang = ctx.lang
    cohort = session.cohort().data
    workshops = ", ".join(f"{t('home.workshop', lang, number=ws.number)}: "
                          f"{format_date(ws.date, lang) or t('home.no_date', lang)}"
                          for ws in sorted(cohort.workshops, key=lambda ws: ws.number))
    facts = [(t("home.cohort", lang), esc(cohort.name)),
             (t("home.group", lang), esc(", ".join(cohort.groups))),
             (t("home.workshops", lang), esc(workshops)),
             (t("home.seminar", lang), esc(format_date(cohort.seminar_date, lang)
                                           or t("home.no_date", lang)))]
    card = tag("div", tag("h2", esc(cohort.name), "wb-cohort-name") + tag(
        "dl", "".join(tag("dt", esc(k)) + tag("dd", v) for k, v in facts), "wb-facts"), "wb-card")
    links = session.link_status()
    teams: dict[str | None, str] = {tm.id: tm.data.name for tm in session.teams()}
    people = session.people(staff=True) + [p for tid in teams for p in session.people(tid)]
    rows = [[esc(p.data.name), esc(t(f"role.{p.data.access.value}", lang)),
             esc(teams.get(p.team_id, "")), link_state(links.get(p.id), lang)] for p in people]
    people_card = tag("div", tag("h2", esc(t("home.people", lang))) + table(
        [t("home.people", lang), t("home.role", lang), t("home.team", lang),
         t("home.link_status", lang)], rows, "wb-table wb-people"), "wb-card")
    return card + people_card + teams_view(ctx, session)


VIEWS = {Access.member: member_view, Access.mentor: teams_view, Access.coordinator: cohort_view}


def build(ctx: PageContext) -> list[w.Widget]:
    session = ctx.require_session()
    html = VIEWS[session.actor.access](ctx, session)
    out = w.HTML(html)
    out.add_class("wb-home")
    return [out]
