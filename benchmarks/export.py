"""The cohort bundle for 10 teams x 50 communities: total time and the size of each artefact.

Every team's workbook is filled in every section (``workbook/sample.py``: communities
at real settlement units, ratings by four members, consensus, model, plan, pilot).
The baseline, measured in the same run, is the plainest export of the same data:
every team's workbook written as JSON. Aims: the bundle under 30 s, a team's HTML
report under 2 MB.
Usage: python benchmarks/export.py [--geodata FOLDER] [--teams 10] [--communities 50]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook import export, sample  # noqa: E402
from workbook.geo import cache, geodata  # noqa: E402
from workbook.service import Service  # noqa: E402

EHAK = REPO.parent / "shared" / "data" / "ehak"


def make_cohort(service: Service, geo, teams: int, communities: int) -> object:
    """A cohort of ``teams`` municipalities with the most settlement units, all filled."""
    from workbook.store import new_id

    cohort_id = new_id()
    admin = service.system(cohort_id)
    admin.create("cohort", {"name": "Benchmark lend", "rubric": "default", "workshops": [
        {"number": 1, "date": "2026-09-10"}], "seminar_date": "2027-04-15"},
        item_id=cohort_id)
    admin.create("person", {"name": "Mart Mentor", "access": "mentor"})
    found = json.loads((Path(geo.folder) / "municipalities.geojson").read_text())["features"]
    biggest = sorted(found, key=lambda f: -len(
        (geo.settlements_of(f["properties"]["code"]) or {}).get("features", [])))[:teams]
    for i, feature in enumerate(biggest):
        code, name = feature["properties"]["code"], feature["properties"]["name"]
        team = admin.create("team", {"name": f"{name} meeskond", "municipality_code": code,
                                     "municipality_name": name})
        for j, side in enumerate(("municipality", "municipality", "community", "ngo")):
            admin.create("person", {"name": f"Liige {i}-{j}", "access": "member",
                                    "side": side}, team_id=team.id)
        sample.fill_team(admin, team.id, communities=communities - 1, seed=i, geo=geo)
    return admin


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geodata", help="a built geodata cache (default: build from ../shared)")
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--communities", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.geodata) if args.geodata else Path(tmp) / "geo"
        if not args.geodata:
            cache.build(EHAK, folder)
        import os

        os.environ["WORKBOOK_GEODATA"] = str(folder)
        geo = geodata.load(folder)
        service = Service.open(f"sqlite:///{tmp}/bench.sqlite", create=True)
        fill, admin = timed(lambda: make_cohort(service, geo, args.teams, args.communities))
        teams = admin.teams()
        items = len(service.store.list())
        print(f"cohort: {len(teams)} teams x {args.communities} communities, {items} items "
              f"(filled in {fill:.1f} s)")
        base, plain, without, with_pdf = [], [], [], []
        for _ in range(args.runs):
            seconds, docs = timed(lambda: [json.dumps(export.workbook_json(admin, t.id))
                                           for t in teams])
            base.append(seconds)
            plain.append(sum(len(d) for d in docs))
            seconds, _ = timed(lambda: export.cohort_bundle(admin, pdf=False))
            without.append(seconds)
            seconds, bundle = timed(lambda: export.cohort_bundle(admin, pdf=True))
            with_pdf.append(seconds)
        b, w0, w1 = (statistics.median(x) for x in (base, without, with_pdf))
        print("\n| export | time | ratio to the JSON baseline |\n|---|---|---|")
        print(f"| baseline: every team as JSON | {b:.2f} s | 1.0 |")
        print(f"| cohort zip without PDF | {w0:.2f} s | {w0 / b:.1f} |")
        print(f"| cohort zip with PDF | {w1:.2f} s | {w1 / b:.1f} |")
        sizes: dict[str, list[int]] = {}
        with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
            for info in zf.infolist():
                parts = info.filename.split("/")
                key = parts[-1] if len(parts) == 3 else f"(cohort) {parts[-1]}"
                sizes.setdefault(key, []).append(info.file_size)
        unpacked = sum(map(sum, sizes.values()))
        print(f"\nzip: {len(bundle) / 1e6:.1f} MB; unpacked {unpacked / 1e6:.1f} MB; "
              f"the plain JSON of all teams {plain[-1] / 1e6:.2f} MB")
        print("\n| file | per team: median | largest |\n|---|---|---|")
        for name, values in sorted(sizes.items()):
            print(f"| {name} | {statistics.median(values) / 1e6:.2f} MB | "
                  f"{max(values) / 1e6:.2f} MB |")
        report = max(sizes.get("aruanne.html", [0]))
        print(f"\naims: bundle {w1:.1f} s (under 30 s: {'met' if w1 < 30 else 'MISSED'}), "
              f"largest HTML report {report / 1e6:.2f} MB (under 2 MB: "
              f"{'met' if report < 2e6 else 'MISSED'})")


if __name__ == "__main__":
    main()
