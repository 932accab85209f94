"""Small charts as inline SVG: no script, no remote asset, text escaped.

Chart elements have class names of their own (``wb-chart-bar``, ``wb-timeline-bar``),
never a page's (``wb-bar`` is the pilot's hours bar): a page's CSS ``width`` on a
shared class would override every bar's width attribute and draw them all alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import datetime as dt

WIDTH, HEIGHT = 600, 330  # wide: axis labels sit left and right of the chart
CX, CY = WIDTH / 2, HEIGHT / 2
RADIUS = 115
MIN_BAR = 3  # a one-day activity on a long timeline stays visible


def _scale_attrs(plot_x: float, plot_width: float, scale: float, min_width: float = 0) -> str:
    """The bar area and the scale (SVG units per unit of value) as data attributes, so a
    bar's drawn length can be checked against its ``data-value``."""
    return (f'data-plot-x="{plot_x}" data-plot-width="{plot_width}" data-scale="{scale:.6g}" '
            f'data-min-width="{min_width}"')


def _point(i: int, n: int, value: float, top: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    r = RADIUS * value / top
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def series_legend(series: list[tuple[str, list[float | None], str]], caption: str,
                  labels: list[str]) -> str:
    """The chart's legend (each series' colour and name), and its values as a table that
    a screen reader (or anyone) can read instead of the picture."""
    items = "".join(f'<li><span class="wb-swatch" style="background:{escape(colour)}" '
                    f'aria-hidden="true"></span>{escape(name)}</li>'
                    for name, _values, colour in series)
    head = "".join(f"<th scope='col'>{escape(name)}</th>" for name, _v, _c in series)
    rows = "".join(
        f"<tr><th scope='row'>{escape(label)}</th>"
        + "".join(f"<td>{'' if values[i] is None else escape(str(values[i]))}</td>"
                  for _name, values, _c in series) + "</tr>"
        for i, label in enumerate(labels))
    table = (f"<table class='wb-table wb-chart-table'><caption>{escape(caption)}</caption>"
             f"<thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (f'<ul class="wb-legend">{items}</ul>'
            f"<details class='wb-chart-values'><summary>{escape(caption)}</summary>{table}"
            "</details>")


def radar_svg(labels: list[str], series: list[tuple[str, list[float | None], str]],
              top: int, title: str = "") -> str:
    """A radar chart: one axis per label (0..top), one polygon per series."""
    n = len(labels)
    if n < 3:
        raise ValueError("a radar chart needs at least three axes")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" class="wb-radar" '
             f'aria-label="{escape(title)}">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for ring in range(1, top + 1):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, ring, top) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#d9e2ec" stroke-width="1"/>')
    for i, label in enumerate(labels):
        x, y = _point(i, n, top, top)
        lx, ly = _point(i, n, top * 1.12, top)
        anchor = "middle" if abs(lx - CX) < 8 else ("start" if lx > CX else "end")
        parts.append(f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" '
                     f'stroke="#bcccdc"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="11" '
                     f'dominant-baseline="middle">{escape(label)}</text>')
    for name, values, colour in series:
        if any(v is None for v in values):
            continue
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, cast(float, v), top)
                                                        for i, v in enumerate(values)))
        parts.append(f'<polygon points="{pts}" fill="{escape(colour)}" fill-opacity="0.18" '
                     f'stroke="{escape(colour)}" stroke-width="2" class="wb-series">'
                     f"<title>{escape(name)}</title></polygon>")
    parts.append("</svg>")
    return "".join(parts)


def gantt_svg(rows: list[tuple[str, dt.date, dt.date, str]], month_names: list[str],
              title: str = "") -> str:
    """A timeline: one bar per (label, start date, end date, colour), months marked."""
    import datetime as dt

    if not rows:
        return ""
    first = min(r[1] for r in rows).replace(day=1)
    last = max(r[2] for r in rows)
    days = max((last - first).days + 1, 28)
    label_w, chart_w, bar_h, top = 220, 560, 22, 28
    height = top + bar_h * len(rows) + 8
    x = lambda d: label_w + chart_w * (d - first).days / days  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + chart_w + 10} '
             f'{height}" width="{label_w + chart_w + 10}" height="{height}" role="img" '
             f'class="wb-gantt" aria-label="{escape(title)}" '
             + _scale_attrs(label_w, chart_w, chart_w / days, MIN_BAR) + ">"]
    month = first
    while month <= last:
        px = x(month)
        parts.append(f'<line x1="{px:.1f}" y1="{top - 6}" x2="{px:.1f}" y2="{height}" '
                     f'stroke="#e4e7eb"/><text x="{px + 3:.1f}" y="{top - 10}" font-size="10">'
                     f'{escape(month_names[month.month - 1])} {month.year}</text>')
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for i, (label, start, end, colour) in enumerate(rows):
        y = top + i * bar_h
        length = (end - start).days + 1  # both days included
        width = max(x(end + dt.timedelta(days=1)) - x(start), MIN_BAR)
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="4" y="{y + 15}" font-size="11">{escape(short)}</text>'
                     f'<rect x="{x(start):.1f}" y="{y + 4}" width="{width:.1f}" '
                     f'height="{bar_h - 8}" rx="3" fill="{escape(colour)}" '
                     f'class="wb-timeline-bar" data-value="{length}" '
                     f'data-start="{start.isoformat()}" data-end="{end.isoformat()}">'
                     f"<title>{escape(label)}</title></rect>")
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars_svg(rows: Sequence[tuple[str, Sequence[float]]], series: list[tuple[str, str]],
                     title: str = "", unit: str = "", legend: bool = True) -> str:
    """Horizontal bars, one per row, each split into the series (name, colour) by value,
    with a legend of the series above (unless ``legend`` is False)."""
    if not rows:
        return ""
    legend = legend and len(series) > 1
    label_w, chart_w, bar_h = 200, 420, 24
    total_w = label_w + chart_w + 50
    keys, x, y = [], 4, 4  # the legend wraps onto as many lines as it needs
    for name, colour in series if legend else []:
        width = 28 + 7 * len(name)
        if x > 4 and x + width > total_w:
            x, y = 4, y + 18
        keys.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{escape(colour)}"/>'
                    f'<text x="{x + 16}" y="{y + 10}" font-size="11">{escape(name)}</text>')
        x += width
    top = (y + 24) if keys else 6
    height = top + bar_h * len(rows) + 6
    biggest = max((sum(values) for _, values in rows), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w} {height}" '
             f'width="{total_w}" height="{height}" role="img" class="wb-bars" '
             f'aria-label="{escape(title)}" ' + _scale_attrs(label_w, chart_w, chart_w / biggest)
             + ">"]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts += keys
    for i, (label, values) in enumerate(rows):
        y = top + i * bar_h
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="4" y="{y + 16}" font-size="12">{escape(short)}</text>')
        left: float = label_w
        for (name, colour), value in zip(series, values):
            if not value:
                continue
            bar_width = chart_w * value / biggest
            parts.append(f'<rect x="{left:.1f}" y="{y + 4}" width="{bar_width:.1f}" '
                         f'height="{bar_h - 8}" fill="{escape(colour)}" '
                         f'class="wb-chart-bar" data-value="{value:g}">'
                         f"<title>{escape(label)} · {escape(name)}: {value:g}{escape(unit)}"
                         "</title></rect>")
            left += bar_width
        total = sum(values)
        parts.append(f'<text x="{left + 4:.1f}" y="{y + 16}" font-size="11" fill="#486581">'
                     f"{total:g}</text>")
    parts.append("</svg>")
    return "".join(parts)
