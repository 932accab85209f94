"""Seminar exports: a team's report (HTML, PDF), slides, data (XLSX, CSV, GeoJSON, JSON),
and the whole cohort as one zip. Personal contact data stays out unless asked for.

    from workbook import export
    files = export.team_files(session, team_id)        # file name -> bytes
    zipped = export.cohort_bundle(session)            # coordinator only
"""

from .bundle import cohort_bundle
from .formats import FORMATS, Format, team_files
from .workbook_json import import_workbook, workbook_json

__all__ = ["FORMATS", "Format", "cohort_bundle", "import_workbook", "team_files",
           "workbook_json"]
