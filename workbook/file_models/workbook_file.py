"""A team's workbook file (JSON): its cohort, the cohort's staff, the team, its members,
and every document of its workbook by kind, each with its id.

Written by ``export.workbook_json`` and read back by ``export.import_workbook``. Every
document is the stored model's own, upgraded first from the file's schema version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..exceptions import ValidationFailed
from ..frameworks import load
from ..model import KINDS, SCHEMA_VERSION, Cohort, Person, Scope, Team
from ..model.base import ItemId
from ..model.upgrades import upgrade
from ..service.rules import check_scale
from . import refuse
from .cohort_file import MemberEntry, StaffEntry, unique_names

FORMAT = "koosloome-workbook"


class CohortDoc(Cohort):
    id: ItemId


class TeamDoc(Team):
    id: ItemId


class StaffDoc(StaffEntry):
    id: ItemId


class MemberDoc(MemberEntry):
    id: ItemId


class _Items(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: The workbook's documents by kind: one list per kind of a team's workbook.
TEAM_KINDS = {kind: cls for kind, cls in KINDS.items() if cls.SCOPE is Scope.team}
if TYPE_CHECKING:
    WorkbookItems = _Items
else:  # a model made from the kinds: a new kind of document is in the file at once
    WorkbookItems = create_model(
        "WorkbookItems", __base__=_Items,
        **{kind: (list[create_model(f"{cls.__name__}Doc", __base__=cls, id=(ItemId, ...))],
                  Field(default_factory=list)) for kind, cls in TEAM_KINDS.items()})

#: Fields holding another document's id, and the kinds (or people) they may point at.
REFERENCES = {"community_id": "community", "community_ids": "community", "goal_id": "goal",
              "rater_id": "members", "mentor_id": "staff", "parent_id": "comment",
              "item_id": "*"}


class WorkbookFile(BaseModel):
    """One team's workbook; every reference inside it points at a document of the file,
    every id is given once, ratings are on the cohort's rubric's scale."""

    model_config = ConfigDict(extra="forbid", title="Koosloome workbook file")

    format: Literal["koosloome-workbook"]
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION, strict=True)
    personal_data: bool = False
    cohort: CohortDoc
    staff: list[StaffDoc] = Field(default_factory=list)
    team: TeamDoc
    members: list[MemberDoc] = Field(default_factory=list)
    items: WorkbookItems

    @model_validator(mode="before")
    @classmethod
    def _upgraded(cls, data: Any) -> Any:
        """Every document brought up to the current schema before it is checked."""
        version = data.get("schema_version") if isinstance(data, dict) else None
        if not isinstance(version, int) or not 1 <= version < SCHEMA_VERSION:
            return data

        def up(kind: str, doc: Any) -> Any:
            if not isinstance(doc, dict):
                return doc
            return {**upgrade(kind, version, {k: v for k, v in doc.items() if k != "id"}),
                    **({"id": doc["id"]} if "id" in doc else {})}

        def each(kind: str, docs: Any) -> Any:
            return [up(kind, d) for d in docs] if isinstance(docs, list) else docs
        items = data.get("items")
        return {**data, "cohort": up("cohort", data.get("cohort")),
                "team": up("team", data.get("team")),
                "staff": each("person", data.get("staff", [])),
                "members": each("person", data.get("members", [])),
                "items": ({k: each(k, v) if k in TEAM_KINDS else v for k, v in items.items()}
                          if isinstance(items, dict) else items)}

    @model_validator(mode="after")
    def _across_entries(self) -> WorkbookFile:
        refuse(self._id_problems() + self._name_problems() + self._reference_problems())
        return self

    def documents(self) -> dict[str, list[Any]]:
        """The workbook's documents by kind, in the file's order."""
        return {kind: getattr(self.items, kind) for kind in TEAM_KINDS}

    def _id_problems(self) -> list[tuple[str, str]]:
        ids = [self.cohort.id, self.team.id] + [p.id for p in self.staff + self.members] + [
            d.id for docs in self.documents().values() for d in docs]
        return [] if len(set(ids)) == len(ids) else [("id", "some ids are repeated in the file")]

    def _name_problems(self) -> list[tuple[str, str]]:
        people: list[tuple[str, Person]] = [(f"staff[{i}]", p) for i, p in
                                            enumerate(self.staff)]
        return unique_names(people + [(f"members[{i}]", p) for i, p in enumerate(self.members)])

    def _reference_problems(self) -> list[tuple[str, str]]:
        """Every reference points at a document of the file; ratings and agreed phases
        are on their rubric's scale (the service's own rules)."""
        docs = self.documents()
        ids = {kind: {d.id for d in found} for kind, found in docs.items()}
        ids["members"] = {p.id for p in self.members}
        ids["staff"] = {p.id for p in self.staff}
        ids["*"] = set().union(*(v for k, v in ids.items() if k != "staff"))
        rubrics = load().rubrics
        if self.cohort.rubric not in rubrics:
            return [("cohort.rubric", f"no rubric {self.cohort.rubric}")]
        out: list[tuple[str, str]] = []
        for kind, found in docs.items():
            for i, doc in enumerate(found):
                where = f"items.{kind}[{i}]"
                for field, target in REFERENCES.items():
                    value = getattr(doc, field, None)
                    values = value if isinstance(value, list) else [value]
                    bad = [v for v in values if v is not None and v not in ids[target]]
                    if field in type(doc).model_fields and bad:
                        out.append((f"{where}.{field}", f"{bad[0]} is not in the file"))
                if kind in ("assessment", "phase_consensus"):
                    out += _scale_problems(doc, kind, where, rubrics)
        return out


def _scale_problems(doc, kind: str, where: str, rubrics: dict) -> list[tuple[str, str]]:
    rubric = rubrics.get(doc.rubric)
    if rubric is None:
        return [(f"{where}.rubric", f"no rubric {doc.rubric}")]
    try:
        check_scale(doc.model_dump(mode="json"), "ratings" if kind == "assessment" else "phases",
                    rubric.top, [d.code for d in rubric.dimensions])
    except ValidationFailed as exc:
        field = exc.errors[0][0] if exc.errors else kind
        return [(f"{where}.{field}", "not on the rubric's scale")]
    return []
