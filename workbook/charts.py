"""Small charts as inline SVG: no script, no remote asset, text escaped."""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 600, 330  # wide: axis labels sit left and right of the chart
CX, CY = WIDTH / 2, HEIGHT / 2
RADIUS = 115


def _point(i: int, n: int, value: float, top: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    r = RADIUS * value / top
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


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
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, n, v, top)
                                                        for i, v in enumerate(values)))
        parts.append(f'<polygon points="{pts}" fill="{escape(colour)}" fill-opacity="0.18" '
                     f'stroke="{escape(colour)}" stroke-width="2" class="wb-series">'
                     f"<title>{escape(name)}</title></polygon>")
    parts.append("</svg>")
    return "".join(parts)
