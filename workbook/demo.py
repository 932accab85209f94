"""The demo cohort: loaded from ``data/demo/cohort.yaml``, with fresh links each run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cohort_file import load_cohort
from .model import Access
from .service import Service

DEMO_FILE = Path(__file__).resolve().parent / "share" / "demo" / "cohort.yaml"


@dataclass(frozen=True)
class Link:
    person_id: str
    name: str
    access: str
    team: str
    key: str


def find_demo(service: Service):
    """The demo cohort's entry, or None."""
    return next((c for c in service.cohorts() if c.data.demo), None)


#: The demo team shown with a finished workbook (every section filled, ``sample.py``).
FILLED_TEAM = "Kastre meeskond"


def create_demo(service: Service, source: Path = DEMO_FILE, *, filled: bool = True) -> str:
    """Load the demo cohort into the store; returns the cohort id. With ``filled``, the
    FILLED_TEAM gets a whole sample workbook (the others stay as in the file)."""
    cohort_id = load_cohort(service, source)
    if filled:
        from . import sample
        from .geo import geodata

        admin = service.system(cohort_id)
        for team in admin.teams():
            if team.data.name == FILLED_TEAM:
                sample.fill_team(admin, team.id, geo=geodata.load())
    return cohort_id


def issue_links(service: Service, cohort_id: str) -> list[Link]:
    """Revoke every person's old links in the cohort and issue one new link each."""
    admin = service.system(cohort_id)
    team_names: dict[str | None, str] = {t.id: t.data.name for t in admin.teams()}
    people = admin.people(staff=True) + [p for t in team_names for p in admin.people(t)]
    order = {Access.coordinator: 0, Access.mentor: 1, Access.member: 2}
    people.sort(key=lambda p: (order[p.data.access], team_names.get(p.team_id, "")))
    links = []
    for person in people:
        admin.revoke_links(person.id)
        links.append(Link(person_id=person.id, name=person.data.name,
                          access=person.data.access.value,
                          team=team_names.get(person.team_id, ""),
                          key=admin.issue_link(person.id)))
    return links

