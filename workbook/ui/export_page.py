"""Eksport: a team's seminar files, or (the coordinator) the whole cohort as one zip.

Members export their own team; mentors any team; the coordinator any team or the
cohort, and only the coordinator may include personal contact data. The files
are made in the kernel, with a progress bar, and handed over as short-lived
download links (``workbook/downloads.py``).
"""

from __future__ import annotations

import logging
import uuid

import ipywidgets as w

from .. import downloads, export
from ..exceptions import ExportUnavailable, WorkbookError
from ..export.bundle import zip_of
from ..export.pdf import chromium_path
from ..export.safe import slug
from ..html import esc, notice, tag
from ..i18n import format_number, t
from ..messages import error_message
from ..model import Access
from .context import PageContext

COHORT = "__cohort__"
log = logging.getLogger("workbook.ui")


def size_text(size: int, lang: str) -> str:
    if size < 1_000_000:
        return f"{format_number(size / 1000, lang, 0)} kB"
    return f"{format_number(size / 1_000_000, lang, 1)} MB"


class ExportPage:
    def __init__(self, ctx: PageContext):
        self.ctx, self.session, self.lang = ctx, ctx.require_session(), ctx.lang
        lang, actor = self.lang, self.session.actor
        self.coordinator = actor.access is Access.coordinator
        options = [(team.data.name, team.id) for team in self.session.teams()]
        if self.coordinator:
            options.append((t("export.whole_cohort", lang), COHORT))
        self.target = w.Dropdown(options=options, value=ctx.team_id() if options else None,
                                 description=t("export.what_to_export", lang),
                                 style={"description_width": "initial"},
                                 layout=w.Layout(width="60%"))
        self.target.add_class("wb-export-target")
        self.formats = {code: w.Checkbox(value=True, description=fmt.label(lang), indent=False,
                                         layout=w.Layout(width="auto"))
                        for code, fmt in export.FORMATS.items()}
        for code, box in self.formats.items():
            box.add_class(f"wb-export-format-{code}")
        self.language = w.ToggleButtons(options=[("Eesti", "et"), ("English", "en")],
                                        value=lang, description=t("export.language", lang),
                                        style={"description_width": "initial"})
        self.language.add_class("wb-export-lang")
        self.personal = w.Checkbox(value=False, indent=False,
                                   description=t("export.include_personal", lang),
                                   layout=w.Layout(width="auto", display=""
                                                   if self.coordinator else "none"))
        self.personal.add_class("wb-export-personal")
        self.make = w.Button(description=t("export.make", lang), button_style="primary",
                             icon="download", disabled=not options)
        self.make.add_class("wb-export-make")
        self.make.on_click(self._make)
        self.bar = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="60%",
                                                                        visibility="hidden"))
        self.bar.add_class("wb-export-progress")
        self.step = w.HTML()
        self.step.add_class("wb-export-step")
        self.result = w.HTML()
        self.result.add_class("wb-export-result")
        self.target.observe(lambda _: self._target_changed(), names="value")

    def widgets(self) -> list[w.Widget]:
        lang = self.lang
        intro = tag("p", esc(t("export.intro", lang))) + tag(
            "p", esc(t("export.offline", lang)), "wb-muted")
        if not self.coordinator:
            intro += tag("p", esc(t("export.personal_left_out", lang)), "wb-muted")
        formats = w.VBox([w.HTML(tag("b", esc(t("export.formats", lang))))]
                         + list(self.formats.values()))
        formats.add_class("wb-export-formats")
        return [w.HTML(intro), self.target, self.language, formats, self.personal, self.make,
                w.HBox([self.bar, self.step]), self.result]

    def _target_changed(self) -> None:
        self.result.value = ""
        cohort = self.target.value == COHORT
        for code, box in self.formats.items():  # the cohort's zip always holds every format
            box.disabled = cohort and code != "pdf"

    def _progress(self, done: int, total: int, label: str) -> None:
        self.bar.max, self.bar.value = max(total, 1), done
        self.step.value = esc(label)

    def _make(self, _button=None) -> None:
        lang = self.lang
        if self.target.value != COHORT and not any(b.value for b in self.formats.values()):
            self.result.value = notice(t("export.none_chosen", lang), "error")
            return
        self.make.disabled, self.result.value = True, ""
        self.bar.layout.visibility = "visible"
        problems: list[str] = []
        try:
            files = self._files(problems)
            links = downloads.publish(files)
        except WorkbookError as exc:
            self.result.value = notice(error_message(exc, lang), "error")
            return
        except Exception:  # noqa: BLE001 - a message with a reference, never a traceback
            ref = uuid.uuid4().hex[:8]
            log.exception("export failed (reference %s)", ref)
            self.result.value = notice(t("error.unexpected_export", lang, ref=ref), "error")
            return
        finally:
            self.make.disabled = False
            self.step.value = ""
            self.bar.layout.visibility = "hidden"
        items = "".join(tag("li", tag("a", esc(name), href=f"../../{link}", download=name)
                                  + " " + tag("span", f"({esc(size_text(len(files[name]), lang))})",
                                              "wb-muted"))
                        for name, link in links.items())
        note = t("export.personal_yes" if self.personal.value else "export.personal_no", lang)
        self.result.value = (notice(t("export.ready", lang), "ok")
                             + "".join(notice(p, "warning") for p in problems)
                             + tag("ul", items, "wb-export-links")
                             + tag("p", esc(f"{t('export.personal', lang)}: {note}. "
                                            f"{t('export.links_expire', lang)}"), "wb-muted"))

    def _files(self, problems: list[str]) -> dict[str, bytes]:
        lang, content_lang = self.lang, self.language.value
        personal = self.personal.value and self.coordinator
        def unavailable(fmt, exc) -> None:  # a file left out; the others are made
            problems.append(f"{fmt.label(lang)}: {error_message(exc, lang)}")

        if self.target.value == COHORT:
            pdf = self.formats["pdf"].value
            if pdf:
                try:
                    chromium_path()
                except ExportUnavailable as exc:  # the zip without PDFs, and say so
                    problems.append(error_message(exc, lang))
                    pdf = False
            data = export.cohort_bundle(self.session, lang=content_lang, personal=personal,
                                        pdf=pdf, progress=self._progress,
                                        unavailable=unavailable)
            return {f"{slug(self.session.cohort().data.name, 'lend')}.zip": data}
        wanted = [code for code, box in self.formats.items() if box.value]

        team = self.session.team(self.target.value)
        files = export.team_files(self.session, team.id, lang=content_lang, personal=personal,
                                  formats=wanted, progress=self._progress,
                                  unavailable=unavailable)
        if len(files) > 1:
            folder = slug(team.data.name)
            files[f"{folder}.zip"] = zip_of(files, folder)
        return files
