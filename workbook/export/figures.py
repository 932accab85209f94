"""The charts and the map of a team's exports (report, slides), as inline SVG and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .. import plan
from ..charts import gantt_svg, radar_svg, stacked_bars_svg
from ..geo import geodata
from ..geo.layers import UNKNOWN_PHASE, phase_colour, point_feature
from ..i18n import t
from ..model.sections import Level, Round
from .content import TeamContent
from .tables import level_name

LEVEL_COLOURS = dict(zip(Level, ("#9fb3c8", "#62b0e8", "#2680c2", "#0f609b", "#0a3d62")))
ROUND_COLOURS = {Round.baseline: "#829ab1", Round.followup: "#1746a2"}


def features_of(content: TeamContent, lang: str, team_line: bool = False) -> list[dict]:
    """A point per located community (with the team's name in its popup if asked)."""
    out = []
    for e in content.communities:
        feature = point_feature(e.id, e.data.model_dump(mode="json"), lang)
        if feature and team_line:
            feature["properties"]["lines"].insert(0, [t("home.team", lang),
                                                      content.team.data.name])
        if feature:
            out.append(feature)
    return out


def static_map(features: list[dict], codes: list[str], lang: str, title: str) -> str:
    """An offline map of the points over the municipalities' outlines (and, for one
    municipality, its settlement units), crediting the Land Board."""
    from ..geo.static_map import build_static_map  # folium and pandas: only when exporting

    geo = geodata.load()
    if geo is None:
        return build_static_map(features, lang, title=title)
    outlines = [found for code in codes if (found := geo.municipality(code))]
    municipality = outlines[0] if len(outlines) == 1 else {
        "type": "FeatureCollection", "features": outlines}
    return build_static_map(features, lang, title=title, municipality=municipality,
                            settlements=geo.settlements_of(codes[0]) if len(codes) == 1
                            else None, attribution=geo.attribution(lang))


def map_document(content: TeamContent, lang: str, title: str = "") -> str:
    """The team's offline static map as a whole HTML document."""
    return static_map(features_of(content, lang), [content.team.data.municipality_code],
                      lang, title)


def map_frame(document: str, title: str, cls: str = "wb-map-frame") -> str:
    """A map document in a sandboxed frame: scripts run, nothing else is allowed."""
    return (f'<iframe class="{cls}" title="{escape(title)}" sandbox="allow-scripts" '
            f'srcdoc="{escape(document, quote=True)}"></iframe>')


def phase_counts(content: TeamContent) -> list[int]:
    """How many communities are in each phase (1..top), then how many are not assessed."""
    counts = [0] * (content.rubric.top + 1)
    for e in content.communities:
        phase = content.phases.get(e.id)
        counts[phase - 1 if phase else -1] += 1
    return counts


def one_colour_each(bars: Sequence[tuple[str, float, str]], title: str) -> str:
    """A bar chart with a colour per bar: (label, value, colour)."""
    series = [(label, colour) for label, _, colour in bars]
    rows = [(label, [value if j == i else 0 for j in range(len(bars))])
            for i, (label, value, _) in enumerate(bars)]
    return stacked_bars_svg(rows, series, title, legend=False)


def phase_bars(content: TeamContent, lang: str) -> str:
    rubric, counts = content.rubric, phase_counts(content)
    bars = [(f"{p.number}. {p.name(lang)}", counts[p.number - 1],
             phase_colour(p.number, rubric.top)) for p in rubric.phases]
    bars.append((t("map.phase_unknown", lang), counts[-1], UNKNOWN_PHASE))
    return one_colour_each(bars, t("export.phase_distribution", lang))


def level_counts(content: TeamContent) -> dict[Level | None, int]:
    """Communities by the highest engagement level in use (None: no form yet)."""
    counts: dict[Level | None, int] = {}
    for row in content.matrix:
        counts[row.highest] = counts.get(row.highest, 0) + 1
    return counts


def level_bars(content: TeamContent, lang: str) -> str:
    counts = level_counts(content)
    bars = [(level_name(lv, lang), counts.get(lv, 0), LEVEL_COLOURS[lv]) for lv in Level]
    bars.append((t("export.no_forms", lang), counts.get(None, 0), UNKNOWN_PHASE))
    return one_colour_each(bars, t("export.level_distribution", lang))


def radar(content: TeamContent, community, lang: str) -> str:
    """The agreed phases of one community: baseline and follow-up rounds."""
    dims = content.rubric.dimensions
    series = []
    for round_ in Round:
        cons = content.consensus_of(community.id, round_)
        if cons is not None:
            series.append((t(f"round.{round_.value}", lang),
                           [cons.data.phases.get(d.code) for d in dims], ROUND_COLOURS[round_]))
    if not series or len(dims) < 3:
        return ""
    return radar_svg([d.name(lang) for d in dims], series, content.rubric.top,
                     f"{t('phases.chart', lang)}: {community.data.name}")


def timeline(content: TeamContent, lang: str) -> str:
    return gantt_svg(plan.gantt_rows(content.activities),
                     [t(f"month.{m}", lang) for m in range(1, 13)], t("plan.timeline", lang))


def round_legend(lang: str) -> str:
    return "".join(f'<span class="wb-key"><span style="background:{c}"></span>'
                   f"{escape(t(f'round.{r.value}', lang))}</span>"
                   for r, c in ROUND_COLOURS.items())

