"""The cohort file (YAML): the cohort, its staff, its teams with members and communities.

Its shape is ``data/demo/cohort.yaml``. The models are the stored documents' own
(``Cohort``, ``Person``, ``Team``, ``Community``) with the file's nesting around them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..model import Access, Cohort, Community, Person, Team
from . import Listed, refuse

STAFF = (Access.mentor, Access.coordinator)


class StaffEntry(Person):
    """A mentor or coordinator of the cohort (in no team)."""

    access: Annotated[Access, WithJsonSchema({"enum": [a.value for a in STAFF]})]

    @field_validator("access")
    @classmethod
    def _staff(cls, access: Access) -> Access:
        if access not in STAFF:
            raise PydanticCustomError("staff_access", "staff are mentors or coordinators (a "
                                      "member is listed under a team's members)")
        return access


class MemberEntry(Person):
    """A member of a team (``access`` is ``member``, and may be left out)."""

    access: Annotated[Access, WithJsonSchema({"enum": [Access.member.value]})] = Access.member

    @field_validator("access")
    @classmethod
    def _member(cls, access: Access) -> Access:
        if access is not Access.member:
            raise PydanticCustomError("member_access", "a team's members are members (staff "
                                      "are listed under staff)")
        return access


class TeamEntry(Team):
    """A team, its members and the communities it starts with."""

    members: Listed[MemberEntry] = Field(default_factory=list)
    communities: Listed[Community] = Field(default_factory=list)


class CohortFile(BaseModel):
    """A whole cohort; every user name once, every team's group one of the cohort's,
    the rubric one of the loaded frameworks'."""

    model_config = ConfigDict(extra="forbid", title="Koosloome cohort file")

    cohort: Cohort
    staff: Listed[StaffEntry] = Field(default_factory=list)
    teams: Listed[TeamEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _across_entries(self) -> CohortFile:
        refuse(self._rubric_problems() + self._name_problems() + self._group_problems())
        return self

    def people(self) -> list[tuple[str, Person]]:
        """(place in the file, person) of the staff, then of each team's members."""
        return [(f"staff[{i}]", p) for i, p in enumerate(self.staff)] + [
            (f"teams[{i}].members[{j}]", m) for i, team in enumerate(self.teams)
            for j, m in enumerate(team.members)]

    def _rubric_problems(self) -> list[tuple[str, str]]:
        from ..frameworks import load

        known = sorted(load().rubrics)
        if self.cohort.rubric in known:
            return []
        return [("cohort.rubric", f"there is no rubric {self.cohort.rubric!r}; known: "
                                  f"{', '.join(known)}")]

    def _name_problems(self) -> list[tuple[str, str]]:
        return unique_names(self.people(), "(a user name names one person of the cohort)")

    def _group_problems(self) -> list[tuple[str, str]]:
        groups = self.cohort.groups
        return [(f"teams[{i}].group", f"{team.group!r} is not one of the cohort's groups "
                                      f"({', '.join(groups) or 'none'})")
                for i, team in enumerate(self.teams) if team.group and team.group not in groups]


def unique_names(people: list[tuple[str, Person]], why: str = "") -> list[tuple[str, str]]:
    """A user name given to two people of the file: the second place, naming the first."""
    out: list[tuple[str, str]] = []
    given: dict[str, str] = {}  # user name -> where it was first given
    for where, person in people:
        name = person.username
        if name and name in given:
            out.append((f"{where}.username", f"{name!r} is already given to {given[name]} "
                                             f"{why}".rstrip()))
        elif name:
            given[name] = where
    return out
