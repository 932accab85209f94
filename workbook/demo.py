"""The demo cohort: loaded from ``data/demo/cohort.yaml``, with fresh links each run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Access
from .service import Service
from .store import new_id

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "cohort.yaml"


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


def create_demo(service: Service, source: Path = DEMO_FILE) -> str:
    """Load the demo cohort into the store; returns the cohort id."""
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    cohort_id = new_id()
    admin = service.system(cohort_id)
    admin.create("cohort", spec["cohort"], item_id=cohort_id)
    for person in spec["staff"]:
        admin.create("person", person)
    for team in spec["teams"]:
        members = team.pop("members")
        communities = team.pop("communities")
        team_id = admin.create("team", team).id
        for member in members:
            admin.create("person", {**member, "access": "member"}, team_id=team_id)
        for community in communities:
            admin.create("community", community, team_id=team_id)
    return cohort_id


def issue_demo_links(service: Service, cohort_id: str) -> list[Link]:
    """Revoke the demo people's old links and issue one new link each."""
    admin = service.system(cohort_id)
    team_names = {t.id: t.data.name for t in admin.teams()}
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
