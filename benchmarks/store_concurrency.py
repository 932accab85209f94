"""Concurrent writers through the service, against raw sqlite3 inserts in the same run.

N writer processes (1, 10, 40 by default) each create items and save new versions
of them through ``Session.save`` (the path every page uses), against one SQLite
file in WAL mode. Printed per N: saves per second, p50/p95 latency of a save,
lost updates (acknowledged saves missing from the history: must be 0), refused
saves a person would see (must be 0), and the rate of plain ``sqlite3`` inserts
of the same payloads by the same number of processes.
Usage: python benchmarks/store_concurrency.py [--writers 1,10,40] [--saves 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workbook import demo  # noqa: E402
from workbook.exceptions import WorkbookError  # noqa: E402
from workbook.service import Service  # noqa: E402

PAYLOAD = {"name": "Kogukond", "needs": ["Noortekeskus", "Ühistransport"], "notes": "x" * 400}


def writer(url: str, key: str, saves: int, start, out) -> None:
    session = Service.open(url).login(key)
    team = session.actor.team_id
    start.wait()
    latencies, acks, refused = [], [], 0
    entry = None
    for i in range(saves):
        payload = {**PAYLOAD, "name": f"Kogukond {i}", "size": i}
        began = time.perf_counter()
        try:
            if entry is None or i % 5 == 0:
                entry = session.create("community", payload, team_id=team)
            else:
                entry = session.save(entry.id, payload, expected_version=entry.version)
        except WorkbookError:
            refused += 1
            continue
        latencies.append(time.perf_counter() - began)
        acks.append((entry.id, entry.version))
    out.put((latencies, acks, refused))


def raw_writer(path: str, saves: int, start, out) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")  # as the store's connections
    start.wait()
    began = time.perf_counter()
    for i in range(saves):
        conn.execute("INSERT INTO items (payload) VALUES (?)",
                     (json.dumps({**PAYLOAD, "size": i}, ensure_ascii=False),))
    out.put(time.perf_counter() - began)


def run(target, args_for, n: int) -> tuple[list, float]:
    ctx = mp.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args_for(i), start, out)) for i in range(n)]
    for p in procs:
        p.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=600) for _ in procs]
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join()
    return results, elapsed


def lost_updates(url: str, acks: list) -> int:
    store = Service.open(url).store
    missing = 0
    for item_id, version in acks:
        if version not in {r.version for r in store.history(item_id)}:
            missing += 1
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1,10,40")
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    print(f"{'writers':>7} {'saves/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'lost':>5} "
          f"{'refused':>7} {'raw/s':>8} {'ratio':>6}")
    for n in (int(x) for x in args.writers.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite"
            service = Service.open(url, create=True)
            links = demo.issue_links(service, demo.create_demo(service))
            keys = [link.key for link in links if link.access == "member"]
            results, elapsed = run(writer, lambda i: (url, keys[i % len(keys)], args.saves), n)
            latencies = sorted(x for r in results for x in r[0])
            acks = [a for r in results for a in r[1]]
            refused = sum(r[2] for r in results)
            raw_path = f"{tmp}/raw.sqlite"
            raw = sqlite3.connect(raw_path, isolation_level=None)
            raw.execute("PRAGMA journal_mode=WAL")  # once, before the writers start
            raw.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.close()
            _, raw_elapsed = run(raw_writer, lambda i: (raw_path, args.saves), n)
            rate, raw_rate = len(acks) / elapsed, n * args.saves / raw_elapsed
            p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
            print(f"{n:>7} {rate:>8.0f} {statistics.median(latencies) * 1000:>7.1f} "
                  f"{p95 * 1000:>7.1f} {lost_updates(url, acks):>5} {refused:>7} "
                  f"{raw_rate:>8.0f} {rate / raw_rate:>6.2f}")


if __name__ == "__main__":
    main()
