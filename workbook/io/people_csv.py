"""Team members from a CSV file: check every row first, then add all or none.

Columns (Estonian or English headers, any order): nimi/name, meeskond/team,
pool/side, roll/role, e-post/email, telefon/phone. ``;`` or ``,`` separated (the
one whose header names the columns),
UTF-8 (with or without BOM) or Windows-1257, as Estonian Excel saves it.
Read with the community importers' bounds: columns and cell lengths as they stream
(``importers.bounds``), at most ``MAX_ROWS`` people, and values quoted in
messages shortened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from ..exceptions import ValidationFailed
from ..service.validation import validate
from .importers.base import ImportFailed
from .importers.tabular import BLANK_RUN, csv_records, decode
from .problems import shorten

MAX_ROWS = 1000  # people in one file: a cohort's teams, with room to spare

HEADERS = {
    "name": ("nimi", "name", "ees- ja perekonnanimi"),
    "team": ("meeskond", "team"),
    "side": ("pool", "side", "osapool"),
    "role": ("roll", "role", "amet"),
    "email": ("e-post", "email", "e-mail", "epost"),
    "phone": ("telefon", "phone", "tel"),
}
SIDES = {"vald": "municipality", "omavalitsus": "municipality", "kov": "municipality",
         "municipality": "municipality", "kogukond": "community", "community": "community",
         "mtü": "ngo", "mtu": "ngo", "ngo": "ngo", "ühendus": "ngo"}


@dataclass
class BadRow:
    number: int  # the file's line number (the header is line 1)
    problems: list[tuple[str, str, dict]]  # (column, code, params)


@dataclass
class MemberRows:
    good: list[tuple[str, dict]] = field(default_factory=list)  # (team id, person payload)
    bad: list[BadRow] = field(default_factory=list)


def _column(header: str) -> str | None:
    key = header.strip().lower()
    return next((col for col, names in HEADERS.items() if key in names), None)


def _header_score(values) -> int:
    """Known columns of a header row (0 without a name column): chooses the delimiter."""
    found = {_column(str(v)) for v in values} - {None}
    return len(found) if "name" in found else 0


def read(data: bytes, teams: dict[str, str]) -> MemberRows:
    """Check every row; ``teams`` maps team name -> id (names compared without case)."""
    text = decode(data)
    if not text.strip():
        raise ValidationFailed("the file is empty", errors=[("file", "empty_file", {})])
    records = csv_records(text, _header_score)
    header = [_column(h) for h in next(records)]
    missing = [c for c in ("name", "team", "side") if c not in header]
    if missing:
        raise ValidationFailed("missing columns: " + ", ".join(missing), errors=[
            ("file", "missing_columns", {"columns": ", ".join(missing)})])
    by_name = {name.strip().casefold(): tid for name, tid in teams.items()}
    out, blanks = MemberRows(), 0
    for number, values in enumerate(records, start=2):
        blanks = 0 if any(v.strip() for v in values) else blanks + 1
        if blanks >= BLANK_RUN:
            break
        if blanks:
            continue
        if len(out.good) + len(out.bad) >= MAX_ROWS:
            raise ImportFailed(f"more than {MAX_ROWS} people", code="import.too_many_people",
                               limit=MAX_ROWS)
        row = {col: v.strip() for col, v in zip(header, values) if col}
        problems = []
        team_id = by_name.get(row.get("team", "").casefold())
        if team_id is None:
            problems.append(("team", "unknown_team", {"input": shorten(row.get("team", ""))}))
        side = SIDES.get(row.get("side", "").casefold())
        if side is None:
            problems.append(("side", "unknown_side", {"input": shorten(row.get("side", ""))}))
        payload = {"name": row.get("name", ""), "access": "member", "side": side or "community",
                   "role": row.get("role", ""),
                   "contacts": {"email": row.get("email", ""), "phone": row.get("phone", "")}}
        try:
            validate("person", payload)
        except ValidationFailed as exc:
            problems += exc.errors
        if problems:
            out.bad.append(BadRow(number, problems))
        else:
            out.good.append((cast(str, team_id), payload))  # no problems: the team is known
    return out


def add(session, rows: MemberRows) -> int:
    """Create every good row in one transaction; nothing if any row is bad."""
    if rows.bad:
        raise ValidationFailed(f"{len(rows.bad)} bad rows; nothing was added")
    return len(session.create_people(rows.good))
