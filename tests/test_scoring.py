"""Scoring rules of the Community Readiness Model, on hand-computed cases."""

import pytest

from workbook.frameworks import dimension_scores, overall_phase, score, spread

DIMS = ["a", "b", "c"]


def test_dimension_score_is_the_mean_of_raters():
    ratings = [{"a": 3, "b": 4, "c": 2}, {"a": 4, "b": 4, "c": 5}]
    assert dimension_scores(ratings, DIMS) == {"a": 3.5, "b": 4.0, "c": 3.5}


@pytest.mark.parametrize("scores, overall", [
    ({"a": 3.5, "b": 4.0, "c": 3.5}, 3),      # mean 3.67 -> truncated to 3
    ({"a": 4.0, "b": 4.0, "c": 4.0}, 4),
    ({"a": 5.0, "b": 4.5, "c": 4.5}, 4),      # 4.67 -> 4, never rounded up
    ({"a": 1.0, "b": 1.0, "c": 1.5}, 1),
])
def test_overall_is_the_truncated_mean_of_dimension_scores(scores, overall):
    assert overall_phase(scores, DIMS) == overall


def test_overall_waits_until_every_dimension_is_scored():
    assert overall_phase({"a": 3.0, "b": 3.0}, DIMS) is None
    assert score([{"a": 2}], DIMS).overall is None


def test_crm_example_with_four_raters():
    # four interviews scored on six dimensions, as in the model's handbook layout
    dims = ["efforts", "knowledge_efforts", "leadership", "climate", "knowledge_issue",
            "resources"]
    ratings = [dict(zip(dims, r)) for r in ([3, 3, 4, 2, 3, 2], [4, 3, 4, 3, 3, 3],
                                             [3, 2, 5, 3, 4, 2], [4, 3, 4, 2, 3, 3])]
    result = score(ratings, dims)
    assert result.dimensions == {"efforts": 3.5, "knowledge_efforts": 2.75, "leadership": 4.25,
                                 "climate": 2.5, "knowledge_issue": 3.25, "resources": 2.5}
    assert result.overall == 3  # mean 3.125


def test_spread_flags_two_phases_or_more():
    ratings = [{"a": 2}, {"a": 4}, {"a": 3}]
    assert spread(ratings, "a") == 2 and spread([{"a": 2}], "a") == 0
