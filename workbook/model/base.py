"""Base of every stored document: kinds, sections and the schema version."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..section_registry import Section

#: Version of the stored document format. Bump it and add an upgrade step in
#: ``workbook.model.upgrades`` whenever a stored shape changes.
SCHEMA_VERSION = 1

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


class Scope(str, Enum):
    cohort = "cohort"  # belongs to the cohort (teams, people)
    team = "team"  # belongs to one team's workbook


class Item(BaseModel):
    """A stored document. Subclasses set KIND, SCOPE and SECTION."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_assignment=True)

    KIND: ClassVar[str] = ""
    SCOPE: ClassVar[Scope] = Scope.team
    SECTION: ClassVar[Section | None] = None


KINDS: dict[str, type[Item]] = {}

#: Personal data by kind: left out of seminar exports and mentors' tables unless asked for.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {"community": ("contact",),
                                               "person": ("contacts", "username")}


def without_personal(kind: str, data: dict) -> dict:
    """A stored document's fields without its personal data."""
    return {k: v for k, v in data.items() if k not in PERSONAL_FIELDS.get(kind, ())}


def register(cls: type[Item]) -> type[Item]:
    """Class decorator adding a model to the kind registry."""
    if not cls.KIND or cls.KIND in KINDS:
        raise ValueError(f"bad or duplicate kind {cls.KIND!r}")
    KINDS[cls.KIND] = cls
    return cls


class Personal(BaseModel):
    """Contact details of a person: personal data, kept out of seminar exports."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    PERSONAL: ClassVar[bool] = True

    email: Annotated[str, StringConstraints(max_length=200,
                                            pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""
    phone: Annotated[str, StringConstraints(max_length=40,
                                            pattern=r"^$|^[+0-9 ()-]{5,40}$")] = ""
