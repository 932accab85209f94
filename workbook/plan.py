"""Workshop V and the pilot: proposed activities, date checks, totals, the mentoring budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .i18n import format_hours, t
from .model.sections import ActivityStatus
from .service import Entry, Session

HOURS_AVAILABLE = Decimal(16)  # mentoring hours per team during the pilot
STATUS_COLOURS = {ActivityStatus.planned: "#829ab1", ActivityStatus.under_way: "#1746a2",
                  ActivityStatus.done: "#2e7d32", ActivityStatus.dropped: "#c62828"}
MARGIN_BEFORE, MARGIN_AFTER = dt.timedelta(days=60), dt.timedelta(days=365)


def proposed_activities(session: Session, team_id: str) -> list[tuple[str, str]]:
    """(intervention, community id) chosen on the phase page and not yet an activity."""
    titles = {e.data.title.casefold() for e in session.items("activity", team_id)}
    seen, out = set(), []
    for consensus in session.items("phase_consensus", team_id):
        for text in consensus.data.interventions:
            if text.casefold() not in titles and (text, consensus.data.community_id) not in seen:
                seen.add((text, consensus.data.community_id))
                out.append((text, consensus.data.community_id))
    return out


def programme_window(session: Session) -> tuple[dt.date, dt.date] | None:
    """From two months before the first workshop to a year after the seminar."""
    cohort = session.cohort().data
    dates = [ws.date for ws in cohort.workshops if ws.date] + (
        [cohort.seminar_date] if cohort.seminar_date else [])
    if not dates:
        return None
    return min(dates) - MARGIN_BEFORE, max(dates) + MARGIN_AFTER


def date_warnings(start: dt.date | None, end: dt.date | None,
                  window: tuple[dt.date, dt.date] | None) -> list[tuple[str, dict]]:
    """Dates far outside the programme: warned about, not refused."""
    if window is None:
        return []
    out = []
    for value in (start, end):
        if value and not window[0] <= value <= window[1]:
            out.append(("plan.date_far", {"date": value, "first": window[0], "last": window[1]}))
    return out


def budget_total(activities: list[Entry]) -> Decimal:
    return sum((e.data.budget_eur or Decimal(0) for e in activities
                if e.data.status is not ActivityStatus.dropped), Decimal(0))


def hours_used(sessions: list[Entry]) -> Decimal:
    return sum((e.data.hours for e in sessions), Decimal(0))


def hours_summary(sessions: list[Entry], lang: str) -> tuple[float, str, str]:
    """(share of the 16 hours used, "10,5 / 16 tundi" text, over-the-budget text or "")."""
    used = hours_used(sessions)
    text = t("pilot.hours_used", lang, used=format_hours(used, lang),
             available=format_hours(HOURS_AVAILABLE, lang))
    over = t("pilot.hours_over", lang, over=format_hours(used - HOURS_AVAILABLE, lang)
             ) if used > HOURS_AVAILABLE else ""
    return float(min(used / HOURS_AVAILABLE, Decimal(1))), text, over


def gantt_rows(activities: list[Entry], community: str = "", goal: str = "") -> list[tuple]:
    """(title, start, end, colour) of the dated activities matching the filters."""
    rows = []
    for e in sorted(activities, key=lambda e: (e.data.start or dt.date.max, e.data.title)):
        if community and community not in e.data.community_ids:
            continue
        if goal and e.data.goal_id != goal:
            continue
        if e.data.start:
            rows.append((e.data.title, e.data.start, e.data.end or e.data.start,
                         STATUS_COLOURS[e.data.status]))
    return rows
