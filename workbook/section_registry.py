"""The workbook's sections, declared once: everything else reads this registry.

A section is a member of ``Section`` (its stored name) and one ``SectionSpec`` in
``SECTIONS``: its numeral, its entry notebook (whose name gives its address), its
page, its progress rule, and what the seminar export shows of it (the spreadsheet's
tables, the report's part, the slides). Its names live in the locale files under
``nav.<name>`` (the navigation's short label) and ``section.<name>`` (the title).

The navigation and the page table (``ui/app.py``), the home page's progress, the
mentor's review matrix and review bar, the staff server's page list (``hub.py``), the
export spreadsheet, report and slides all iterate ``SECTIONS``. Adding a section
therefore touches five files: this one, its page (``workbook/ui/``), its entry
notebook, and the two locale files (docs/architecture.md, "Adding a section").

Functions are named by ``"module:attribute"`` and imported when first used, so this
module imports nothing of the package (the models import ``Section`` from here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import import_module
from typing import Any


class Section(str, Enum):
    """The workbook's sections, in workshop order (I-V, then the pilot)."""

    communities = "communities"
    engagement = "engagement"
    phases = "phases"
    model = "model"
    plan = "plan"
    pilot = "pilot"

    @property
    def spec(self) -> SectionSpec:
        return SPECS[self]

    @property
    def numeral(self) -> str:
        return self.spec.numeral


@dataclass(frozen=True)
class SectionSpec:
    section: Section
    numeral: str  # "I".."V"; "" for a section outside the five workshops
    notebook: str  # the entry notebook; its name after the number is the address
    page: str  # the page's class, ``(PageContext, team id)``, with ``widgets()``
    progress: str  # ``(payloads by kind) -> Progress``: how far a team has come
    tables: str  # ``(TeamContent, lang) -> list[Table]``: the spreadsheet's sheet
    report: str = ""  # ``(TeamContent, lang) -> html``; default: the tables
    slides: tuple[str, ...] = ()  # ``(TeamContent, lang) -> html`` each, one slide

    @property
    def name(self) -> str:
        return self.section.value

    @property
    def slug(self) -> str:
        """``01_kogukonnad.ipynb`` -> ``kogukonnad``: the section's address."""
        return slug_of(self.notebook)

    @property
    def title_key(self) -> str:
        return f"section.{self.name}"

    @property
    def nav_key(self) -> str:
        return f"nav.{self.name}"

    def call(self, role: str, *args: Any) -> Any:
        """Call the function declared for ``role`` (``progress``, ``tables``, ``report``)."""
        return resolve(getattr(self, role))(*args)


def slug_of(notebook: str) -> str:
    """``01_kogukonnad.ipynb`` -> ``kogukonnad``: a page's address from its notebook."""
    stem = notebook.rsplit("/", 1)[-1].removesuffix(".ipynb")
    return stem.split("_", 1)[1] if stem[:2].isdigit() and "_" in stem else stem


@cache
def resolve(path: str) -> Callable[..., Any]:
    """``"workbook.export.tables:plan_tables"`` -> that function (imported on first use)."""
    module, _, attribute = path.partition(":")
    return getattr(import_module(module), attribute)


def _builtin(section: Section, numeral: str, notebook: str, page: str,
             slides: tuple[str, ...]) -> SectionSpec:
    """One of the workbook's own sections: its rules under its name in the usual modules
    (``progress.communities``, ``tables.communities_tables``, ``report.communities_html``)."""
    name = section.value
    return SectionSpec(section, numeral, notebook, f"workbook.ui.{page}",
                       f"workbook.service.progress:{name}",
                       f"workbook.export.tables:{name}_tables",
                       f"workbook.export.report:{name}_html",
                       tuple(f"workbook.export.slides:{make}" for make in slides))


SECTIONS: tuple[SectionSpec, ...] = (
    _builtin(Section.communities, "I", "01_kogukonnad.ipynb",
             "communities:CommunitiesPage", ("map_slide",)),
    _builtin(Section.engagement, "II", "02_koosloome_vormid.ipynb",
             "engagement:EngagementPage", ("engagement_slide",)),
    _builtin(Section.phases, "III", "03_arengufaasid.ipynb", "phases:PhasesPage",
             ("phases_slide",)),
    _builtin(Section.model, "IV", "04_koostoomudel.ipynb", "model_page:ModelPage",
             ("model_slide",)),
    _builtin(Section.plan, "V", "05_tegevuskava.ipynb", "plan_page:PlanPage",
             ("plan_slide",)),
    _builtin(Section.pilot, "", "06_piloot.ipynb", "pilot_page:PilotPage",
             ("pilot_slide", "lessons_slide")),
)
SPECS: dict[Section, SectionSpec] = {spec.section: spec for spec in SECTIONS}

#: The pages that are not a section of a team's workbook, by notebook.
HOME_NOTEBOOK = "00_avaleht.ipynb"
OTHER_NOTEBOOKS = ("07_mentor.ipynb", "08_koordinaator.ipynb", "09_eksport.ipynb")


def notebooks() -> frozenset[str]:
    """Every page's notebook: the only ones that get the read-write database."""
    return frozenset({HOME_NOTEBOOK, *OTHER_NOTEBOOKS, *(s.notebook for s in SECTIONS)})
