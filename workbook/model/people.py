"""The cohort, its teams and its people."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .base import Item, LongText, Name, Personal, Scope, ShortText, register

MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class Access(str, Enum):
    member = "member"
    mentor = "mentor"
    coordinator = "coordinator"


class Side(str, Enum):
    municipality = "municipality"
    community = "community"
    ngo = "ngo"


class Workshop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(ge=1, le=5)
    date: dt.date | None = None
    place: ShortText = ""


@register
class Cohort(Item):
    KIND = "cohort"
    SCOPE = Scope.cohort

    name: Name
    groups: list[ShortText] = Field(default_factory=list, max_length=10)
    workshops: list[Workshop] = Field(default_factory=list, max_length=5)
    seminar_date: dt.date | None = None
    rubric: ShortText = "default"
    demo: bool = False

    @model_validator(mode="after")
    def _unique_workshops(self):
        numbers = [w.number for w in self.workshops]
        if len(numbers) != len(set(numbers)):
            raise PydanticCustomError("duplicate_workshop", "workshop numbers must be unique")
        return self


@register
class Team(Item):
    KIND = "team"
    SCOPE = Scope.cohort

    name: Name
    municipality_code: MunicipalityCode
    municipality_name: Name
    topic: LongText = ""
    group: ShortText = ""


@register
class Person(Item):
    """A member of a team, a mentor or the coordinator."""

    KIND = "person"
    SCOPE = Scope.cohort

    name: Name
    access: Access
    side: Side | None = None
    role: ShortText = ""
    contacts: Personal = Field(default_factory=Personal)
    #: the person's login name on the programme's JupyterHub (identity from the hub
    #: instead of a personal link); empty where links are used
    username: Annotated[str, StringConstraints(
        strip_whitespace=True, max_length=64, pattern=r"^$|^[a-z0-9][a-z0-9._@-]*$")] = ""

    @model_validator(mode="after")
    def _members_have_a_side(self):
        if self.access is Access.member and self.side is None:
            raise PydanticCustomError("member_needs_side",
                                      "a team member needs a side: municipality, community or ngo")
        return self
