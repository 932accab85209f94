"""No command ends in a traceback: every subcommand, run as a real process with bad
inputs, exits non-zero with one clear line on standard error.

The subcommands are read from the argparse parser, once per choice of their
positional arguments (``link create``, ``link revoke``, ...), so a new command is
covered by the generic cases (an unusable database file, an unreachable PostgreSQL
server, an unknown option) without touching this file.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from workbook import cli, demo
from workbook.service import Service
from workbook.store import schema

ROOT = Path(__file__).resolve().parent.parent
MISSING = "@MISSING@"  # stands for a path in a folder that does not exist
UNREACHABLE_PG = "postgresql+psycopg://workbook:secret@127.0.0.1:9/nowhere"


def commands() -> list[list[str]]:
    """Every subcommand with every choice of its positionals; other positionals get
    a path in a missing folder (a person, a team, a file: none of them exists)."""
    parser = cli.parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for name, command in sub.choices.items():
        positionals = [a for a in command._actions if not a.option_strings]
        for values in itertools.product(*[a.choices or [MISSING] for a in positionals]):
            out.append([name, *values])
    return out


def run(argv: list[str], tmp_path: Path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("WORKBOOK_", "KOOSLOOME_"))}
    base.update({"WORKBOOK_GEODATA": str(tmp_path / "no-geodata"),
                 "WORKBOOK_GEODATA_URL": "http://127.0.0.1:9/ehak",  # never the internet
                 **env})
    argv = [a.replace(MISSING, str(tmp_path / "missing" / "x")) for a in argv]
    return subprocess.run([sys.executable, "-m", "workbook.cli", *argv], cwd=tmp_path,
                          env=base, capture_output=True, text=True, timeout=180)


def problems(cases: list[tuple], tmp_path: Path, *, one_line=True) -> list[str]:
    """Run every (argv, env[, expected text on stderr]) case at once; what each did
    wrong: exit code 0, a traceback, or not one line starting ``workbook: ``."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda case: run(case[0], tmp_path, **case[1]), cases))
    found = []
    for (argv, _env, *expect), proc in zip(cases, done):
        said = proc.stdout + proc.stderr
        lines = proc.stderr.strip().splitlines()
        wrong = ("exit code 0" if proc.returncode == 0 else
                 "a traceback" if "Traceback" in said else
                 "nothing on stderr" if not lines else
                 f"{len(lines)} lines" if one_line and (
                     len(lines) != 1 or not lines[0].startswith("workbook: ")) else
                 f"no {expect[0]!r}" if expect and expect[0] not in proc.stderr else None)
        if wrong:
            found.append(f"{' '.join(argv)}: {wrong}\n{proc.stderr[-2000:]}")
    return found


@pytest.fixture
def good_db(db_url) -> str:
    """A database with the demo cohort (its people and teams; no workbook filled)."""
    service = Service.open(db_url, create=True)
    demo.create_demo(service, filled=False)
    service.store.close()
    return db_url


def test_every_command_covers_the_parser():
    names = {argv[0] for argv in commands()}
    assert {"init", "demo", "cohort", "serve", "link", "geodata", "dump", "import", "db",
            "export", "schema"} <= names
    assert ["link", "revoke", MISSING] in commands()


def using_the_database() -> list[list[str]]:
    """Every command but ``geodata info`` and ``schema``, which read no database (and
    succeed: the geodata shipped with the package is there; a schema is the code's)."""
    return [argv for argv in commands()
            if argv[:2] != ["geodata", "info"] and argv[0] != "schema"]


def test_the_commands_that_read_no_database_work_without_one(tmp_path):
    env = {**os.environ, "WORKBOOK_DB": str(tmp_path / "a-file" / "workbook.sqlite"),
           "WORKBOOK_DATA": str(tmp_path / "data")}
    for argv in [a for a in commands() if a not in using_the_database()]:
        done = subprocess.run([sys.executable, "-m", "workbook.cli", *argv], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout and not done.stderr, (argv, done.stderr)


@pytest.mark.slow
def test_every_command_on_an_unusable_database_file(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    env = {"WORKBOOK_DB": str(tmp_path / "a-file" / "workbook.sqlite")}
    assert problems([(argv, env) for argv in using_the_database()], tmp_path) == []


@pytest.mark.slow
def test_every_command_on_an_unreachable_postgresql_server(tmp_path):
    env = {"WORKBOOK_DB": UNREACHABLE_PG}
    found = problems([(argv, env) for argv in using_the_database()], tmp_path)
    assert found == []
    assert "secret" not in run(["link", "list"], tmp_path, **env).stderr  # no password


@pytest.mark.slow
def test_every_command_with_an_unknown_option(good_db, tmp_path):
    env = {"WORKBOOK_DB": good_db}
    cases = [(argv + ["--no-such-option"], env, "unrecognized arguments")
             for argv in commands()]
    assert problems(cases, tmp_path, one_line=False) == []


@pytest.mark.slow
def test_commands_on_a_database_locked_by_another_program(tmp_path):
    path = tmp_path / "locked.sqlite"
    assert run(["init"], tmp_path, WORKBOOK_DB=str(path)).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
        "c.execute('UPDATE meta SET value = value'); print('locked', flush=True)\n"
        "sys.stdin.read()")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {"WORKBOOK_DB": str(path)}
        started = time.monotonic()
        found = problems([(["link", "list"], env, "locked by another program"),
                          (["init"], env, "locked by another program")], tmp_path)
        assert found == [] and time.monotonic() - started < 90
    finally:
        holder.communicate("", timeout=30)


@pytest.mark.slow
def test_bad_paths_and_files_are_refused_before_the_work(good_db, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00 not text")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00 not text")
    env = {"WORKBOOK_DB": good_db}
    team = "Saaremaa meeskond"
    cases = {
        ("export", "-o", f"{MISSING}/lend.zip"): "does not exist",
        ("export", "--no-pdf", "-o", str(tmp_path)): "is a folder",
        ("export", team, "-o", str(tmp_path / "a-file" / "out")): "not a folder",
        ("export", team, "--format", "docx"): "unknown format",
        ("dump", team, "-o", f"{MISSING}/team.json"): "does not exist",
        ("dump", "No such team"): "no team",
        ("db", "backup", f"{MISSING}/backup.json"): "does not exist",
        ("db", "restore", str(tmp_path / "binary.json")): "not a readable JSON",
        ("db", "restore"): "needs the backup file",
        ("cohort", str(tmp_path)): "cannot read",
        ("cohort", str(tmp_path / "binary.yaml")): "not valid YAML",
        ("import", str(tmp_path)): "not a readable JSON",
        ("import", str(tmp_path / "binary.json")): "not a readable JSON",
        ("link", "create", "0" * 32): "no item",
        ("link", "list", "--cohort", "nope"): "no cohort nope",
        ("geodata", "build", str(tmp_path / "a-file")): "",
    }
    assert problems([(list(argv), env, expect) for argv, expect in cases.items()],
                    tmp_path) == []
    assert not (tmp_path / "missing").exists()
    assert problems([(["link", "create"], env, "needs a person id")], tmp_path,
                    one_line=False) == []


def test_an_unexpected_error_is_one_line_with_a_reference(good_db, tmp_path):
    """A row no program version wrote (a person without a name) breaks the listing:
    one line with a reference; WORKBOOK_LOG_LEVEL=DEBUG shows the traceback."""
    engine = sa.create_engine(good_db)
    with engine.begin() as conn:
        conn.execute(schema.items.update().where(schema.items.c.kind == "person")
                     .values(payload={"access": "mentor"}))
    engine.dispose()
    quiet = run(["link", "list"], tmp_path, WORKBOOK_DB=good_db)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stdout + quiet.stderr
    [line] = quiet.stderr.strip().splitlines()
    assert line.startswith("workbook: unexpected error (ValidationError") and "reference" in line
    loud = run(["link", "list"], tmp_path, WORKBOOK_DB=good_db, WORKBOOK_LOG_LEVEL="DEBUG")
    assert loud.returncode == 1 and "Traceback" in loud.stderr and "reference" in loud.stderr


def test_export_to_a_missing_folder_fails_at_once(good_db, tmp_path):
    started = time.monotonic()
    proc = run(["export", "-o", str(tmp_path / "some" / "missing" / "lend.zip")], tmp_path,
               WORKBOOK_DB=good_db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"workbook: cannot write {tmp_path / 'some' / 'missing' / 'lend.zip'}: the folder "
        f"{tmp_path / 'some' / 'missing'} does not exist"]
    assert time.monotonic() - started < 30  # refused before the export's work

