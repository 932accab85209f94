"""Forty writers (ten teams of four) saving at once for a minute: nothing lost, no errors.

Each writer is a real process with its own connection, like a Voila kernel. It
saves its own communities and, every few saves, the team's shared goal, changing
its own field of it from a stale version so that the service must merge. An edit
conflict is answered as a person would (keep mine), and counted; every other
error fails the test. At the end every acknowledged version must be in the
history with the payload that was acknowledged.
Set KOOSLOOME_RELIABILITY_SECONDS to shorten the run (default 60).
"""

import json
import os
import subprocess
import sys

import pytest

from workbook.service import Service
from workbook.store import new_id

SECONDS = float(os.environ.get("KOOSLOOME_RELIABILITY_SECONDS", "60"))
TEAMS, MEMBERS = 10, 4
FIELDS = ("title", "indicator", "target", "title")  # the fourth member also edits the title

WRITER = """
import json, sys, time
from workbook.exceptions import EditConflict
from workbook.service import Service
from workbook.service.merge import apply_choices
url, key, goal_id, field, seconds = sys.argv[1:6]
session = Service.open(url).login(key)
team = session.actor.team_id
acks, conflicts, entry, i = [], 0, None, 0
goal = session.get(goal_id)
deadline = time.monotonic() + float(seconds)
while time.monotonic() < deadline:
    i += 1
    if i % 4 == 0:
        data = goal.data.model_dump(mode="json") | {field: f"{field} {i}"}
        version = goal.version
        while True:
            try:
                goal = session.save(goal_id, data, expected_version=version)
                break
            except EditConflict as exc:  # the person keeps their own value, saves again
                conflicts += 1
                data = apply_choices(exc.merged, {c.path: c.mine for c in exc.conflicts})
                version = exc.current.version
        acks.append([goal.id, goal.version, goal.data.model_dump(mode="json")])
        continue
    payload = {"name": f"Kogukond {i}", "notes": "x" * 300, "size": i}
    if entry is None or i % 5 == 1:
        entry = session.create("community", payload, team_id=team)
    else:
        entry = session.save(entry.id, payload, expected_version=entry.version)
    acks.append([entry.id, entry.version, entry.data.model_dump(mode="json")])
print(json.dumps({"acks": acks, "conflicts": conflicts}))
"""


def setup_cohort(service):
    cohort_id = new_id()
    admin = service.system(cohort_id)
    admin.create("cohort", {"name": "Koormustest"}, item_id=cohort_id)
    writers = []
    for n in range(TEAMS):
        team = admin.create("team", {"name": f"Meeskond {n}", "municipality_code": "0130",
                                     "municipality_name": "Alutaguse vald"})
        goal = admin.create("goal", {"title": "Ühine eesmärk"}, team_id=team.id)
        for m in range(MEMBERS):
            person = admin.create("person", {"name": f"Liige {n}-{m}", "access": "member",
                                             "side": "municipality"}, team_id=team.id)
            writers.append((admin.issue_link(person.id), goal.id, FIELDS[m]))
    return writers


@pytest.mark.slow
def test_forty_writers_for_a_minute_lose_nothing(db_url):
    service = Service.open(db_url, create=True)
    writers = setup_cohort(service)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, key, goal, field,
                               str(SECONDS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env)
             for key, goal, field in writers]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=SECONDS + 300)
        assert proc.returncode == 0, err[-2000:]  # no error a user would see
        results.append(json.loads(out))
    acks = [a for r in results for a in r["acks"]]
    assert len(acks) > 40 * 10
    history = {}
    for item_id in {a[0] for a in acks}:
        history[item_id] = {h.version: h.payload for h in service.store.history(item_id)}
    lost = [a for a in acks if history[a[0]].get(a[1]) != a[2]]
    assert lost == []
    for goal_id in {goal for _key, goal, _field in writers}:  # merged: every field written
        final = service.store.get(goal_id).payload
        assert final["indicator"].startswith("indicator") and final["target"].startswith("target")
    print(f"{len(acks)} acknowledged saves, "
          f"{sum(r['conflicts'] for r in results)} conflicts answered")
