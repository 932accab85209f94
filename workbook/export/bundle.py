"""The whole cohort for the final seminar: one zip with every team's pack.

    <cohort>/index.html          every team's pack linked, the cohort's figures
    <cohort>/kaart.html          all teams' communities on one offline map
    <cohort>/<team>/aruanne.html, aruanne.pdf, slaidid.html, andmed.xlsx, ...

Everything opens from the unzipped folder with no network (base tiles aside).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ..charts import stacked_bars_svg
from ..geo.layers import UNKNOWN_PHASE, phase_colour
from ..html import esc, tag
from ..i18n import format_date, t
from ..messages import section_title
from ..model.sections import ActivityStatus, Level
from ..plan import STATUS_COLOURS
from ..service import Session
from .content import TeamContent
from .figures import LEVEL_COLOURS, features_of, level_counts, phase_counts, static_map
from .formats import FORMATS, Job, Progress, files_of
from .numbers import Hours, Money
from .report import document
from .safe import slug
from .tables import Table, level_name

MAP_FILE = "kaart.html"


@dataclass
class TeamPack:
    folder: str
    content: TeamContent
    files: list[tuple[str, str]]  # (format code, file name)


def combined_map(session: Session, packs: list[TeamPack], lang: str) -> str:
    """Every team's communities on one map, over every team's municipality."""
    features = [f for p in packs for f in features_of(p.content, lang, team_line=True)]
    codes = [p.content.team.data.municipality_code for p in packs]
    title = f"{session.cohort().data.name} · {t('section.communities', lang)}"
    return static_map(features, codes, lang, title)


def _charts(packs: list[TeamPack], lang: str) -> str:
    if not packs:
        return ""
    rubric = packs[0].content.rubric
    names = [p.content.team.data.name for p in packs]
    phase_series = [(f"{ph.number}. {ph.name(lang)}", phase_colour(ph.number, rubric.top))
                    for ph in rubric.phases] + [(t("map.phase_unknown", lang), UNKNOWN_PHASE)]
    phases = stacked_bars_svg([(n, phase_counts(p.content)) for n, p in zip(names, packs)],
                              phase_series, t("export.phase_distribution", lang))
    level_rows = []
    for name, pack in zip(names, packs):
        counts = level_counts(pack.content)
        level_rows.append((name, [counts.get(lv, 0) for lv in Level] + [counts.get(None, 0)]))
    levels = stacked_bars_svg(level_rows, [(level_name(lv, lang), LEVEL_COLOURS[lv])
                                           for lv in Level]
                              + [(t("export.no_forms", lang), UNKNOWN_PHASE)],
                              t("export.level_distribution", lang))
    status_rows = [(name, [sum(1 for a in p.content.activities if a.data.status is s)
                           for s in ActivityStatus]) for name, p in zip(names, packs)]
    statuses = stacked_bars_svg(status_rows, [(t(f"activity_status.{s.value}", lang),
                                               STATUS_COLOURS[s]) for s in ActivityStatus],
                                t("export.plan_status", lang))
    return "".join(tag("h3", esc(title)) + tag("div", svg, "wb-charts") for title, svg in (
        (t("export.phase_distribution", lang), phases),
        (t("export.level_distribution", lang), levels),
        (t("export.plan_status", lang), statuses)))


def summary_table(packs: list[TeamPack], lang: str) -> Table:
    headers = [t("home.team", lang), t("home.municipality", lang),
               t("export.n_communities", lang), t("export.n_assessed", lang),
               t("export.forms", lang), t("agreements.title", lang), t("plan.activities", lang),
               t("plan.budget", lang), t("pilot.hours", lang)]
    rows = []
    for p in packs:
        c = p.content
        rows.append([c.team.data.name, c.team.data.municipality_name, len(c.communities),
                     len(c.phases), len(c.forms), len(c.agreements), len(c.activities),
                     Money.of(c.budget), Hours.of(c.hours_used)])
    return Table(t("export.summary", lang), headers, rows)


def index_html(session: Session, packs: list[TeamPack], lang: str, personal: bool) -> str:
    from .report import table_html

    cohort = session.cohort().data
    when = format_date(cohort.seminar_date, lang) if cohort.seminar_date else ""
    demo = tag("div", esc(t("app.demo_banner", lang)), "wb-demo") if cohort.demo else ""
    team_rows = []
    for p in packs:
        links = " · ".join(tag("a", esc(FORMATS[code].label(lang)),
                               href=f"{p.folder}/{name}")
                           for code, name in p.files)
        statuses = ", ".join(f"{section_title(s, lang)}: {t(f'status.{st.value}', lang)}"
                             for s, st in p.content.statuses.items())
        team_rows.append(tag("li", tag("h3", esc(p.content.team.data.name)) + tag("p", links)
                             + tag("p", esc(statuses), "wb-muted")))
    personal_line = t("export.personal", lang) + ": " + t(
        "export.personal_yes" if personal else "export.personal_no", lang)
    body = (tag("h1", esc(cohort.name)) + tag("p", esc(" · ".join(
        x for x in (t("home.seminar", lang), when) if x)), "wb-muted") + demo
        + tag("p", esc(personal_line), "wb-muted")
        + tag("h2", esc(t("home.teams", lang)), "wb-first") + tag("ul", "".join(team_rows),
                                                                 "wb-team-list")
        + tag("h2", esc(t("export.cohort_map", lang)))
        + tag("p", tag("a", esc(t("export.open_map", lang)), href=MAP_FILE))
        + tag("iframe", "", "wb-map-frame", src=MAP_FILE, title=t("export.cohort_map", lang))
        + tag("h2", esc(t("export.figures", lang))) + table_html(summary_table(packs, lang),
                                                                  lang)
        + _charts(packs, lang)
        + tag("footer", esc(t("export.made_with", lang) + " · "
                            + format_date(packs[0].content.exported_on if packs else None,
                                          lang)), "wb-footer"))
    return document(cohort.name, tag("main", body, "wb-doc wb-index"), lang)


def cohort_bundle(session: Session, *, lang: str = "et", personal: bool = False,
                  pdf: bool = True, progress: Progress | None = None,
                  unavailable=None) -> bytes:
    """The cohort's zip (see the module's docstring). Coordinator only. With
    ``unavailable``, a team's file that cannot be made (its PDF) is reported and left
    out, and the rest of the zip is made; without, the error stops the export."""
    session.require_export(None, personal=personal)
    teams = session.teams()
    formats = [code for code in FORMATS if pdf or code != "pdf"]
    root = slug(session.cohort().data.name, "lend")
    buffer = io.BytesIO()
    steps = len(teams) + 1

    def build(printer=None) -> list[TeamPack]:
        packs: list[TeamPack] = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, team in enumerate(teams):
                if progress:
                    progress(i, steps, team.data.name)
                job = Job(session, team.id, lang, personal, printer)
                folder = _unique(slug(team.data.name), packs)
                made = files_of(job, formats, unavailable=unavailable)
                for name, data in made.items():
                    zf.writestr(f"{root}/{folder}/{name}", data)
                packs.append(TeamPack(folder, job.content, [
                    (code, FORMATS[code].filename(lang)) for code in formats
                    if FORMATS[code].filename(lang) in made]))
            if progress:
                progress(len(teams), steps, t("export.cohort_map", lang))
            zf.writestr(f"{root}/{MAP_FILE}", combined_map(session, packs, lang))
            zf.writestr(f"{root}/index.html", index_html(session, packs, lang, personal))
        return packs

    if pdf:
        from .pdf import print_all

        print_all(build)
    else:
        build()
    if progress:
        progress(steps, steps, "")
    return buffer.getvalue()



def zip_of(files: dict[str, bytes], folder: str) -> bytes:
    """Files (name -> bytes) zipped into one folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def _unique(folder: str, packs: list[TeamPack]) -> str:
    """Two teams whose names fold to the same folder get ``-2``, ``-3``."""
    taken = {p.folder for p in packs}
    name, n = folder, 1
    while name in taken:
        n += 1
        name = f"{folder}-{n}"
    return name
