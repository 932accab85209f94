"""Scoring as the Community Readiness Model does it.

Each rater scores every dimension on their own. A dimension's score is the mean
of the raters' scores; the overall phase is the mean of the dimension scores,
truncated to a whole phase (3.83 is phase 3: a community has not reached a phase
until it is fully there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import mean

DISAGREEMENT = 2  # a spread of two phases or more is flagged


@dataclass(frozen=True)
class Score:
    dimensions: dict[str, float]  # dimension code -> mean of ratings
    overall: int | None  # truncated mean of the dimension scores; None if incomplete


def dimension_scores(ratings: list[dict[str, int]], dimensions: list[str]) -> dict[str, float]:
    """Mean rating per dimension over raters (dimensions nobody rated are left out)."""
    out = {}
    for code in dimensions:
        values = [r[code] for r in ratings if code in r]
        if values:
            out[code] = round(mean(values), 2)
    return out


def overall_phase(scores: dict[str, float], dimensions: list[str]) -> int | None:
    """The mean of the dimension scores, truncated; None until every dimension has one."""
    if not dimensions or any(code not in scores for code in dimensions):
        return None
    return math.floor(mean(scores[code] for code in dimensions) + 1e-9)


def score(ratings: list[dict[str, int]], dimensions: list[str]) -> Score:
    dims = dimension_scores(ratings, dimensions)
    return Score(dims, overall_phase(dims, dimensions))


def spread(ratings: list[dict[str, int]], dimension: str) -> int:
    """Highest minus lowest rating of a dimension (0 with fewer than two ratings)."""
    values = [r[dimension] for r in ratings if dimension in r]
    return max(values) - min(values) if len(values) > 1 else 0
