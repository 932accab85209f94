"""Frameworks are data: engagement levels, forms, asset categories and phase rubrics.

Trainers change them in ``data/frameworks/*.yaml`` (or a folder named by the
``WORKBOOK_FRAMEWORKS`` setting) without code. Every file is validated when it is
loaded; an error names the file, the key and what is wrong.
"""

from .loader import FrameworkError, Frameworks, load
from .schema import Rubric
from .scoring import DISAGREEMENT, Score, dimension_scores, overall_phase, score, spread

__all__ = ["DISAGREEMENT", "FrameworkError", "Frameworks", "Rubric", "Score",
           "dimension_scores", "load", "overall_phase", "score", "spread"]
