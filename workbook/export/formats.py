"""The registry of a team's export formats: code -> file name and the function that makes it.

Every maker gets one ``Job`` (the team's content, read once) and returns bytes.
The page, the command line and the cohort bundle all go through ``team_files``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ..exceptions import ExportUnavailable
from ..i18n import t
from ..service import Session
from .content import TeamContent, collect

Progress = Callable[[int, int, str], None]


class Printer(Protocol):
    """A PDF printer shared by a batch (``pdf.print_all``)."""

    def pdf(self, html: str) -> bytes: ...


@dataclass
class Job:
    session: Session
    team_id: str
    lang: str
    personal: bool
    printer: Printer | None = None  # a PDF printer shared by a batch (see pdf.print_all)

    @cached_property
    def content(self) -> TeamContent:
        return collect(self.session, self.team_id, personal=self.personal)

    @cached_property
    def report(self) -> str:
        from .report import report_html

        return report_html(self.content, self.lang)


def _report(job: Job) -> bytes:
    return job.report.encode("utf-8")


def _pdf(job: Job) -> bytes:
    from .pdf import pdf_bytes

    if job.printer is not None:
        return job.printer.pdf(job.report)
    return pdf_bytes(job.report)


def _slides(job: Job) -> bytes:
    from .slides import deck_html

    return deck_html(job.content, job.lang).encode("utf-8")


def _xlsx(job: Job) -> bytes:
    from .spreadsheet import xlsx_bytes

    return xlsx_bytes(job.content, job.lang)


def _csv(job: Job) -> bytes:
    from .spreadsheet import communities_csv

    return communities_csv(job.content, job.lang)


def _geojson(job: Job) -> bytes:
    from .geojson import geojson_bytes

    return geojson_bytes(job.content, job.lang)


def _json(job: Job) -> bytes:
    from .workbook_json import workbook_json

    doc = workbook_json(job.session, job.team_id, personal=job.personal)
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


@dataclass(frozen=True)
class Format:
    code: str
    extension: str
    make: Callable[[Job], bytes] = field(repr=False)

    def filename(self, lang: str) -> str:
        return f"{t(f'export.file.{self.code}', lang)}.{self.extension}"

    def label(self, lang: str) -> str:
        return t(f"export.format.{self.code}", lang)


FORMATS: dict[str, Format] = {f.code: f for f in (
    Format("report", "html", _report), Format("pdf", "pdf", _pdf),
    Format("slides", "html", _slides), Format("xlsx", "xlsx", _xlsx),
    Format("csv", "csv", _csv), Format("geojson", "geojson", _geojson),
    Format("json", "json", _json),
)}


def team_files(session: Session, team_id: str, *, lang: str = "et", personal: bool = False,
               formats: list[str] | None = None, progress: Progress | None = None,
               unavailable: Callable[[Format, Exception], None] | None = None
               ) -> dict[str, bytes]:
    """File name -> bytes for each format (all by default) of one team.

    With ``unavailable``, a format this machine cannot make (a PDF without Chromium)
    is reported to it and skipped; without, the error stops the export.
    """
    return files_of(Job(session, team_id, lang, personal), formats, progress, unavailable)


def files_of(job: Job, formats: list[str] | None = None, progress: Progress | None = None,
             unavailable: Callable[[Format, Exception], None] | None = None
             ) -> dict[str, bytes]:
    lang = job.lang
    job.content  # noqa: B018 - access is checked here, before any work
    wanted = [FORMATS[code] for code in (list(FORMATS) if formats is None else formats)]
    out = {}
    for i, fmt in enumerate(wanted):
        if progress:
            progress(i, len(wanted), fmt.label(lang))
        try:
            out[fmt.filename(lang)] = fmt.make(job)
        except ExportUnavailable as exc:
            if unavailable is None:
                raise
            unavailable(fmt, exc)
    if progress:
        progress(len(wanted), len(wanted), "")
    return out
