"""The ``workbook`` command: set up a cohort, hand out links, serve the app."""

from __future__ import annotations

import argparse
import json
import sys

from . import demo, settings
from .cli_errors import configure_logging, exit_code, one_line, output_file, output_folder
from .exceptions import WorkbookError
from .links import personal_link as _link
from .service import Service


def _cohort_session(service: Service, cohort_id: str | None):
    cohorts = service.cohorts()
    if not cohorts:
        raise WorkbookError("the database has no cohort yet: create one with 'workbook "
                            "cohort FILE.yaml' (or 'workbook demo')")
    if cohort_id is None:
        if len(cohorts) != 1:
            raise WorkbookError("name the cohort with --cohort: "
                                + ", ".join(f"{c.id} ({c.data.name})" for c in cohorts))
        cohort_id = cohorts[0].id
    elif cohort_id not in {c.id for c in cohorts}:
        raise WorkbookError(f"no cohort {cohort_id}")
    return service.system(cohort_id)


def cmd_init(args) -> None:
    Service.open(create=True)
    print(f"database ready: {settings.database_url()}")


def cmd_demo(args) -> None:
    service = Service.open(create=True)
    found = demo.find_demo(service)
    cohort_id = found.id if found else demo.create_demo(service)
    print(("Demo cohort already there" if found else "Created the demo cohort")
          + f" ({cohort_id}). Personal links (DEMO data; old demo links are revoked):")
    _print_links(demo.issue_links(service, cohort_id))


def cmd_cohort(args) -> None:
    from pathlib import Path

    from .cohort_file import load_cohort

    service = Service.open(create=True)
    cohort_id = load_cohort(service, Path(args.file))
    print(f"Created cohort {cohort_id}. Personal links (hand each one to its person only):")
    _print_links(demo.issue_links(service, cohort_id))


def _print_links(links) -> None:
    for link in links:
        who = f"{link.name} ({link.access}{', ' + link.team if link.team else ''})"
        print(f"  {who:55s} {_link(link.key)}")


def cmd_serve(args) -> None:
    from .frameworks import load

    load()  # a broken framework file stops the start with a message naming file and key
    if args.demo:
        cmd_demo(args)
    else:
        Service.open()  # fail early with a clear message if the database is missing
    print(f"Serving on {settings.get('WORKBOOK_BASE_URL')} (Ctrl+C stops)", flush=True)
    from .server import serve

    serve()


def cmd_link(args) -> None:
    session = _cohort_session(Service.open(), args.cohort)
    if args.action == "create":
        print(_link(session.issue_link(args.person)))
    elif args.action == "revoke":
        print(f"revoked {session.revoke_links(args.person)} link(s)")
    else:
        status = session.link_status()
        for p in session.people(staff=True) + [
                p for t in session.teams() for p in session.people(t.id)]:
            s = status.get(p.id, {"live": 0, "revoked": 0, "last_used": None})
            used = s["last_used"].isoformat(timespec="minutes") if s["last_used"] else "never"
            print(f"{p.id}  {p.data.name:30s} {p.data.access.value:12s} live={s['live']} "
                  f"revoked={s['revoked']} last_used={used}")


def _team_id(session, wanted: str) -> str:
    """A team by id or by its exact name."""
    for team in session.teams():
        if wanted in (team.id, team.data.name):
            return team.id
    raise WorkbookError(f"no team {wanted!r}; teams: "
                        + ", ".join(f"{t.id} ({t.data.name})" for t in session.teams()))


def _progress(done: int, total: int, label: str) -> None:
    if label:
        print(f"  [{done + 1}/{total}] {label}", file=sys.stderr, flush=True)


def _left_out(fmt, exc) -> None:
    print(f"workbook: left out {fmt.code}: {exc}", file=sys.stderr)


def cmd_export(args) -> None:
    from . import export
    from .export.safe import slug

    if args.output:  # before minutes of work, not after
        (output_folder if args.team else output_file)(args.output)
    session = _cohort_session(Service.open(), args.cohort)
    lang = args.lang
    if args.team is None:  # the whole cohort
        out = output_file(args.output or f"{slug(session.cohort().data.name, 'lend')}.zip")
        data = export.cohort_bundle(session, lang=lang, personal=args.personal,
                                    pdf=not args.no_pdf, progress=_progress,
                                    unavailable=_left_out)
        out.write_bytes(data)
        print(f"wrote {out} ({len(data) / 1e6:.1f} MB)")
        return
    team_id = _team_id(session, args.team)
    formats = args.format.split(",") if args.format else None
    unknown = sorted(set(formats or []) - set(export.FORMATS))
    if unknown:
        raise WorkbookError(f"unknown format(s) {', '.join(unknown)}; known: "
                            + ", ".join(export.FORMATS))
    if args.no_pdf:
        formats = [f for f in formats or export.FORMATS if f != "pdf"]
    folder = output_folder(args.output or slug(session.team(team_id).data.name))
    files = export.team_files(session, team_id, lang=lang, personal=args.personal,
                              formats=formats, progress=_progress, unavailable=_left_out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        print(f"wrote {folder / name}")


def cmd_dump(args) -> None:
    from .export import workbook_json

    if args.output:
        output_file(args.output)
    session = _cohort_session(Service.open(), args.cohort)
    text = json.dumps(workbook_json(session, _team_id(session, args.team), personal=True),
                      ensure_ascii=False, indent=1)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        print(text)


def _read_json(path: str):
    from .exceptions import BadWorkbookFile
    from .export.workbook_json import parse

    try:
        with open(path, encoding="utf-8") as fh:
            return parse(fh.read())  # refuses '[[[[...' before Python's JSON reader sees it
    except (OSError, UnicodeDecodeError) as exc:
        raise BadWorkbookFile(f"{path}: not a readable JSON file ({exc})") from exc
    except BadWorkbookFile as exc:
        raise BadWorkbookFile(f"{path}: {exc}") from exc


def cmd_import(args) -> None:
    from .export import import_workbook

    document = _read_json(args.file)
    team_id = import_workbook(Service.open(create=True), document)
    print(f"imported team {team_id} ({document['team'].get('name', '')}); give its people "
          "links with 'workbook link create PERSON_ID'")


def cmd_db(args) -> None:
    from .store import Store, backup
    from .store.schema import STORE_VERSION

    url = settings.database_url()
    if args.action == "migrate":
        store = Store.open(url, create=True)
        before = getattr(store.engine, "migrated_from")  # set by Store.open
        print("created the tables" if before is None else
              f"store version {before} -> {STORE_VERSION}" if before != STORE_VERSION else
              f"already at store version {STORE_VERSION}", f"({store.engine.url!r})")
    elif args.action == "backup":
        if args.file not in (None, "-"):
            output_file(args.file)
        document = backup.backup(Store.open(url), [args.cohort] if args.cohort else None)
        text = json.dumps(document, ensure_ascii=False)
        if args.file in (None, "-"):
            print(text)
        else:
            with open(args.file, "w", encoding="utf-8") as fh:
                fh.write(text)
            print(f"wrote {args.file}: {len(document['cohorts'])} cohort(s), "
                  f"{sum(len(c['items']) for c in document['cohorts'])} items", file=sys.stderr)
    elif args.action == "staff-role":
        from .store import readonly

        if not args.cohort:
            raise WorkbookError("db staff-role needs --cohort COHORT_ID")
        readonly.create_role(url, args.cohort, args.admin_url)
        print(f"read-only role {readonly.role_name(args.cohort)}: reads cohort {args.cohort} "
              "only (on SQLite: the file opened read-only, nothing to create)")
    else:
        if not args.file:
            raise WorkbookError("db restore needs the backup file")
        restored = backup.restore(Store.open(url, create=True), _read_json(args.file))
        print(f"restored {len(restored)} cohort(s): {', '.join(restored)}; their links work "
              "here now")


def cmd_geodata(args) -> None:
    from pathlib import Path

    from .geo import cache, geodata

    target = Path(settings.get("WORKBOOK_GEODATA"))
    shipped = False
    if args.action == "build":
        if not args.source:
            raise WorkbookError("geodata build needs a source folder")
        meta = cache.build(Path(args.source), target)
    elif args.action == "fetch":
        meta = cache.fetch(args.url or settings.get("WORKBOOK_GEODATA_URL"), target)
    else:
        found = geodata.load()
        if found is None:
            raise WorkbookError(f"no geodata: no cache in {target}, and the geodata shipped "
                                "with the package is missing (reinstall it); run 'workbook "
                                "geodata fetch' or 'workbook geodata build FOLDER'")
        meta, shipped = found.meta, found.shipped
    where = "shipped with the package" if shipped else f"in {target}"
    validity = meta.get("validity") or "?"
    print(f"geodata {where}: {meta['municipalities']} municipalities, "
          f"{meta['settlements']} settlement units, valid {validity}{_age(validity)} "
          f"(from {meta['origin']})")
    if shipped:
        print("for current data: 'workbook geodata fetch' (the Land Board, needs the "
              "internet) or 'workbook geodata build FOLDER'")


def _age(validity: str) -> str:
    """", 8 years ago" for a validity date such as "01.09.2018"; "" if it is not one."""
    import datetime as dt

    try:
        valid = dt.datetime.strptime(validity, "%d.%m.%Y").date()
    except ValueError:
        return ""
    years = (dt.date.today() - valid).days // 365
    return ", less than a year ago" if years < 1 else (
        f", {years} year{'s' if years > 1 else ''} ago")


def cmd_schema(args) -> None:
    from .file_models import models, schema_json

    print(schema_json(models()[args.file]))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbook", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create an empty database").set_defaults(func=cmd_init)
    sub.add_parser("demo", help="create the demo cohort and print fresh links"
                   ).set_defaults(func=cmd_demo)
    c = sub.add_parser("cohort", help="create a cohort from a YAML file and print its links")
    c.add_argument("file", help="a file shaped like data/demo/cohort.yaml")
    c.set_defaults(func=cmd_cohort)
    s = sub.add_parser("serve", help="start Voila on the notebooks")
    s.add_argument("--demo", action="store_true", help="create the demo cohort first")
    s.set_defaults(func=cmd_serve)
    lk = sub.add_parser("link", help="create, revoke or list personal links")
    lk.add_argument("action", choices=["create", "revoke", "list"])
    lk.add_argument("person", nargs="?", help="person id (create, revoke)")
    lk.add_argument("--cohort", help="cohort id (needed when there are several)")
    lk.set_defaults(func=cmd_link)
    g = sub.add_parser("geodata", help="the map's geodata: build (from a folder), fetch (the "
                       "Land Board's current data), info (which is in use, how old)")
    g.add_argument("action", choices=["build", "fetch", "info"])
    g.add_argument("source", nargs="?", help="source folder (build)")
    g.add_argument("--url", help="base URL of the official files (fetch)")
    g.set_defaults(func=cmd_geodata)
    d = sub.add_parser("dump", help="write a team's whole workbook as JSON (a backup, with "
                       "personal data)")
    d.add_argument("team", help="team id or name")
    d.add_argument("-o", "--output", help="file to write (default: standard output)")
    d.add_argument("--cohort", help="cohort id (needed when there are several)")
    d.set_defaults(func=cmd_dump)
    i = sub.add_parser("import", help="load a team's workbook from a JSON file written by "
                       "dump or export (into an empty or another database)")
    i.add_argument("file")
    i.set_defaults(func=cmd_import)
    b = sub.add_parser("db", help="the database: migrate (create or upgrade the tables), "
                       "backup (a portable JSON of whole cohorts), restore (from such a file), "
                       "staff-role (the read-only, cohort-limited role for staff notebooks)")
    b.add_argument("action", choices=["migrate", "backup", "restore", "staff-role"])
    b.add_argument("file", nargs="?", help="backup: the file to write (default: standard "
                   "output); restore: the file to read")
    b.add_argument("--cohort", help="backup: only this cohort (default: every cohort); "
                   "staff-role: the cohort")
    b.add_argument("--admin-url", help="staff-role: a database URL that may create roles "
                   "(default: WORKBOOK_DB)")
    b.set_defaults(func=cmd_db)
    sc = sub.add_parser("schema", help="print the JSON Schema of a file the workbook reads: "
                        "cohort (YAML), workbook (a team's JSON), backup")
    sc.add_argument("file", choices=["cohort", "workbook", "backup"])
    sc.set_defaults(func=cmd_schema)
    e = sub.add_parser("export", help="seminar exports: a team's files, or the whole cohort "
                       "as a zip")
    e.add_argument("team", nargs="?", help="team id or name (leave out for the whole cohort)")
    e.add_argument("-o", "--output", help="folder for a team's files, or the cohort's zip")
    e.add_argument("--format", help="comma-separated formats, e.g. report,xlsx (default: "
                   "all; an unknown one lists the known ones)")
    e.add_argument("--lang", choices=["et", "en"], default="et")
    e.add_argument("--personal", action="store_true",
                   help="include contact persons' names, e-mails and phones")
    e.add_argument("--no-pdf", action="store_true",
                   help="without PDF reports (a team's files or the cohort zip)")
    e.add_argument("--cohort", help="cohort id (needed when there are several)")
    e.set_defaults(func=cmd_export)
    return p


def reference() -> list[str]:
    """Every command's help as Markdown (docs/commands.md), at a fixed width of 88."""
    top = parser()
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    said = {a.dest: a.help or "" for a in sub._choices_actions}
    lines: list[str] = []
    for name, command in [("workbook", top), *sub.choices.items()]:
        command.formatter_class = _fixed_width  # not the terminal's, which varies
        title = name if name == "workbook" else f"workbook {name}"
        help_text = said.get(name, "")
        what = [help_text[:1].upper() + help_text[1:] + ".", ""] if help_text else []
        lines += [f"## `{title}`", "", *what, "```text",
                  *command.format_help().rstrip().splitlines(), "```", ""]
    return lines[:-1]


def _fixed_width(prog: str) -> argparse.HelpFormatter:
    return argparse.HelpFormatter(prog, width=86)  # what a terminal of 88 columns gives


def main(argv: list[str] | None = None) -> int:
    """Run a command; 0 when it worked. Anything wrong is one line on standard error
    (2: the input, the files or the database; 1: an unexpected error, with a reference
    whose traceback ``WORKBOOK_LOG_LEVEL=DEBUG`` shows), never a traceback."""
    args = parser().parse_args(argv)
    if getattr(args, "action", None) in ("create", "revoke") and not args.person:
        parser().error(f"link {args.action} needs a person id")
    try:
        settings.check_environment()
        configure_logging(settings.get("WORKBOOK_LOG_LEVEL"))
        args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
        print(f"workbook: {one_line(exc)}", file=sys.stderr)
        return exit_code(exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
