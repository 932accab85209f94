"""Load and validate the framework files; errors name the file, the key and the problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from .. import settings
from ..exceptions import WorkbookError
from .schema import Assets, Forms, Levels, Rubric


class FrameworkError(WorkbookError):
    """A framework file is missing, not YAML, or not of the expected shape."""

    code = "frameworks.error"


@dataclass(frozen=True)
class Frameworks:
    folder: Path
    levels: Levels
    forms: Forms
    assets: Assets
    rubrics: dict[str, Rubric]

    def rubric(self, code: str) -> Rubric:
        if code not in self.rubrics:
            raise FrameworkError(f"no rubric {code!r} in {self.folder / 'rubrics'}; known: "
                                 + ", ".join(sorted(self.rubrics)), file="rubrics",
                                 key=code, problem="unknown rubric")
        return self.rubrics[code]

    def level(self, code: str):
        return next(lv for lv in self.levels.levels if lv.code.value == code)

    def form(self, code: str):
        return next((f for f in self.forms.forms if f.code == code), None)


def _read(path: Path, model: type[BaseModel]):
    name = path.name if path.parent.name != "rubrics" else f"rubrics/{path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkError(f"{name}: cannot read ({exc.strerror})", file=name, key="",
                             problem=str(exc.strerror)) from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{name}: not valid YAML: {exc}", file=name, key="",
                             problem="not valid YAML") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"])
        named = re.match(r"Value error, ([\w.]+): (.*)", err["msg"], re.S)
        if not key and named:  # a whole-file rule names its key in the message
            key, err["msg"] = named.group(1), named.group(2)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FrameworkError(f"{name}: {key}: {err['msg']}{more}", file=name, key=key,
                             problem=err["msg"]) from exc


def load_folder(folder: Path) -> Frameworks:
    folder = Path(folder)
    rubrics = {}
    for path in sorted((folder / "rubrics").glob("*.yaml")):
        rubric = _read(path, Rubric)
        if rubric.code != path.stem:
            raise FrameworkError(f"rubrics/{path.name}: code: is {rubric.code!r} but the file "
                                 f"is named {path.stem!r}", file=f"rubrics/{path.name}",
                                 key="code", problem="differs from the file name")
        rubrics[rubric.code] = rubric
    if not rubrics:
        raise FrameworkError(f"no rubrics in {folder / 'rubrics'}", file="rubrics", key="",
                             problem="no rubric files")
    return Frameworks(folder, _read(folder / "levels.yaml", Levels),
                      _read(folder / "forms.yaml", Forms), _read(folder / "assets.yaml", Assets),
                      rubrics)


@lru_cache(maxsize=4)
def _cached(folder: str, stamp: float) -> Frameworks:
    return load_folder(Path(folder))


def load(folder: str | Path | None = None) -> Frameworks:
    """The frameworks in ``folder`` (default: the WORKBOOK_FRAMEWORKS setting), cached."""
    path = Path(folder or settings.get("WORKBOOK_FRAMEWORKS")).expanduser().resolve()
    files = list(path.rglob("*.yaml"))
    stamp = max((f.stat().st_mtime for f in files), default=0.0)
    return _cached(str(path), stamp)
