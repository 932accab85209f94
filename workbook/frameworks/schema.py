"""The shape of each framework file, checked strictly (unknown keys are errors)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model.sections import AssetCategory, Level


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Strict):
    """A text in both languages."""

    et: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.et


class LevelInfo(_Strict):
    code: Level
    name: Text
    goal: Text
    promise: Text


class FormTemplate(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    level: Level
    description: Text


class AssetInfo(_Strict):
    code: AssetCategory
    name: Text
    examples: Text


def _exactly(key: str, found: list, wanted: list) -> None:
    """A whole-file rule: the codes under ``key`` must be ``wanted``, in order."""
    if found != wanted:
        raise ValueError(f"{key}: must be exactly: " + ", ".join(w.value for w in wanted))


class Levels(_Strict):
    levels: list[LevelInfo]

    @model_validator(mode="after")
    def _all_five_in_order(self):
        _exactly("levels", [lv.code for lv in self.levels], list(Level))
        return self


class Forms(_Strict):
    forms: list[FormTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        codes = [f.code for f in self.forms]
        if len(codes) != len(set(codes)):
            repeated = sorted({c for c in codes if codes.count(c) > 1})
            raise ValueError(f"forms: codes repeat: {repeated}")
        return self


class Assets(_Strict):
    assets: list[AssetInfo]

    @model_validator(mode="after")
    def _all_six(self):
        _exactly("assets", [a.code for a in self.assets], list(AssetCategory))
        return self


class Dimension(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


class Phase(_Strict):
    number: int = Field(ge=1)
    name: Text
    description: Text
    interventions: list[Text] = Field(default_factory=list)


class Rubric(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    scoring: str = Field(pattern=r"^mean_truncated$")
    dimensions: list[Dimension] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=2)
    anchors: dict[str, dict[int, Text]]

    @model_validator(mode="after")
    def _complete(self):
        numbers = [p.number for p in self.phases]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"phases: must be numbered 1..{len(numbers)} in order, not {numbers}")
        codes = [d.code for d in self.dimensions]
        if len(codes) != len(set(codes)):
            raise ValueError("dimensions: codes repeat")
        if set(self.anchors) != set(codes):
            extra, missing = set(self.anchors) - set(codes), set(codes) - set(self.anchors)
            raise ValueError(f"anchors: missing dimensions {sorted(missing)}, "
                             f"unknown {sorted(extra)}")
        for code in codes:
            if sorted(self.anchors[code]) != numbers:
                raise ValueError(f"anchors.{code}: needs phases {numbers}, "
                                 f"has {sorted(self.anchors[code])}")
        return self

    @property
    def top(self) -> int:
        return len(self.phases)

    def phase(self, number: int) -> Phase:
        if not 1 <= number <= self.top:
            raise ValueError(f"rubric {self.code} has no phase {number} (1..{self.top})")
        return self.phases[number - 1]

    def anchor(self, dimension: str, number: int, lang: str) -> str:
        return self.anchors[dimension][number](lang)
