"""A writer killed with SIGKILL in the middle of saves leaves a consistent database."""

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from workbook.service import Service

WRITER = """
import sys
import sqlalchemy as sa

from workbook.service import Service
session = Service.open(sys.argv[1]).login(sys.argv[2])
team = session.actor.team_id
entry = None
for i in range(100000):
    payload = {"name": f"Kogukond {i}", "notes": "x" * 2000, "size": i}
    if entry is None or i % 3 == 0:
        entry = session.create("community", payload, team_id=team)
    else:
        entry = session.save(entry.id, payload, expected_version=entry.version)
    print(entry.id, entry.version, flush=True)  # acknowledged
"""


def test_kill_9_keeps_every_acknowledged_save(cohort, db_url, tmp_path):
    key = cohort.links["Anne Vallasekretär"].key
    proc = subprocess.Popen([sys.executable, "-c", WRITER, db_url, key],
                            stdout=subprocess.PIPE, text=True)
    acks = []
    deadline = time.monotonic() + 60
    while len(acks) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line:
            acks.append(line.split())
    os.kill(proc.pid, signal.SIGKILL)
    acks += [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
    proc.wait()
    assert len(acks) >= 150
    store = Service.open(db_url).store
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        orphans = conn.execute(sa.text(  # every version belongs to an item, on both backends
            "SELECT count(*) FROM item_history h LEFT JOIN items i ON i.id = h.item_id "
            "WHERE i.id IS NULL")).scalar()
        assert orphans == 0
    for item_id, version in acks:
        current = store.get(item_id)
        history = [r.version for r in store.history(item_id)]
        assert int(version) in history and current.version == max(history)
        assert history == list(range(1, current.version + 1))  # no gaps, no half-writes
