"""The files people hand the workbook, as pydantic models with a published JSON Schema.

- ``cohort_file.CohortFile``: a cohort set up from YAML (``workbook cohort FILE``);
- ``workbook_file.WorkbookFile``: one team's workbook as JSON (export and import);
- ``backup_file.BackupFile``: whole cohorts with history and links (``workbook db``).

A model checks the file's shape and every entry; the rules that span entries (a user
name given twice, a reference to an item that is not in the file) are its validators.
``problems`` turns pydantic's errors into lines that name the entry and field the way
a person finds them in the file: ``teams[1].members[0].username: ...``.
Each model's JSON Schema is published in ``docs/schemas/`` (``workbook schema NAME``),
and ``docs/file-formats.md`` lists its fields (``reference``, through cog).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ValidationError
from pydantic_core import PydanticCustomError

from ..exceptions import BadWorkbookFile

#: "a valid dictionary or instance of MemberEntry": the class name means nothing to a reader
INSTANCE = re.compile(r" or instance of \w+")

T = TypeVar("T")
MAX_LISTED = 10  # problems in a refusal's message: a broken file can have thousands
#: pydantic's wording where it would puzzle someone reading their own file
PLAIN = {"extra_forbidden": "not expected here (an unknown field, or a kind this file "
                            "does not hold)"}


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


#: A list in a file; a key with nothing under it (YAML's ``members:``) is an empty list.
Listed = Annotated[list[T], BeforeValidator(_none_is_empty)]


def place(loc: Sequence[int | str]) -> str:
    """``("teams", 1, "members", 0, "username")`` -> ``teams[1].members[0].username``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def refuse(found: list[tuple[str, str]]) -> None:
    """Raise the problems a rule spanning entries found, as (place inside the model being
    validated, message); ``problems`` puts the model's own place in front."""
    if found:
        raise PydanticCustomError("entries", "{text}", {
            "text": "; ".join(f"{where}: {message}" for where, message in found),
            "problems": found})


def _joined(base: str, relative: str) -> str:
    return f"{base}.{relative}" if base and relative else base or relative


def problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(place, message) of every error, in the file's order."""
    out = []
    for err in exc.errors(include_url=False):
        if err["type"] == "entries":
            out += [(_joined(place(err["loc"]), where), message)
                    for where, message in err["ctx"]["problems"]]
            continue
        message = PLAIN.get(err["type"]) or INSTANCE.sub("", err["msg"].removeprefix(
            "Value error, "))
        out.append((place(err["loc"]), message))
    return out


def lines(exc: ValidationError) -> list[str]:
    return [_line(where, message) for where, message in problems(exc)]


def _line(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def bad_file(exc: ValidationError) -> BadWorkbookFile:
    """A workbook file or backup refused: its first ``MAX_LISTED`` problems, the first
    one's place as ``where``."""
    found = problems(exc)
    return BadWorkbookFile("; ".join(_line(*p) for p in found[:MAX_LISTED]),
                           where=found[0][0], problem=found[0][1])


def schema_json(model: type[BaseModel]) -> str:
    """The model's JSON Schema (of the file as written), as docs/schemas/ holds it."""
    return json.dumps(model.model_json_schema(mode="validation"), indent=2,
                      ensure_ascii=False, sort_keys=True)


def models() -> dict[str, type[BaseModel]]:
    """The file formats by the name ``workbook schema`` knows them by."""
    from .backup_file import BackupFile
    from .cohort_file import CohortFile
    from .workbook_file import WorkbookFile

    return {"cohort": CohortFile, "workbook": WorkbookFile, "backup": BackupFile}


def reference() -> list[str]:
    """docs/file-formats.md's field tables: every entry of every file, field by field."""
    out: list[str] = []
    for name, model in models().items():
        schema = model.model_json_schema(mode="validation")
        out += [f"### `{name}`: {schema.get('title', name)}", "",
                f"JSON Schema: [schemas/{name}.schema.json](schemas/{name}.schema.json)", ""]
        defs = schema.get("$defs", {})
        for title, part in [(schema["title"], schema), *sorted(defs.items())]:
            if "properties" not in part:
                continue
            out += [f"**{title}**", "", "| field | type | required |", "|---|---|---|"]
            wanted = set(part.get("required", []))
            out += [f"| `{field}` | {_type(spec, defs)} | {'yes' if field in wanted else ''} |"
                    for field, spec in part["properties"].items()]
            out.append("")
    return out[:-1]


def _type(spec: dict, defs: dict) -> str:
    """A property's type in a few words: ``list of Community``, ``text (≤ 200)``."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return _type(defs[name], defs) if "enum" in defs.get(name, {}) else name
    if "anyOf" in spec:
        return " or ".join(_type(s, defs) for s in spec["anyOf"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type(spec.get('items', {}), defs)}"
    if kind == "object":
        return f"object of {_type(spec['additionalProperties'], defs)}" if isinstance(
            spec.get("additionalProperties"), dict) else "object"
    names = {"string": "text", "integer": "whole number", "number": "number",
             "boolean": "true/false", "null": "empty"}
    text = names.get(kind, kind)
    if spec.get("format") in ("date", "date-time"):
        text = spec["format"]
    if "maxLength" in spec:
        text += f" (≤ {spec['maxLength']})"
    return text
