"""Concurrent writers through the service, against raw inserts in the same run.

N writer processes (1, 10, 40 by default) each create items and save new versions
of them through ``Session.save`` (the path every page uses), against one SQLite
file in WAL mode and, with ``--postgres URL``, against a PostgreSQL server too.
Printed per backend and N: saves per second, p50/p95 latency of a save, lost
updates (acknowledged saves missing from the history: must be 0), refused saves a
person would see (must be 0), and the rate of plain inserts of the same payloads
by the same number of processes into the same backend (``sqlite3``; ``psycopg``).
Usage: python benchmarks/store_concurrency.py [--writers 1,10,40] [--saves 30]
           [--postgres postgresql+psycopg://user:pw@127.0.0.1:54329/db]
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


def raw_pg_writer(url: str, saves: int, start, out) -> None:
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    start.wait()
    began = time.perf_counter()
    for i in range(saves):
        conn.execute("INSERT INTO raw_items (payload) VALUES (%s::jsonb)",
                     (json.dumps({**PAYLOAD, "size": i}, ensure_ascii=False),))
    out.put(time.perf_counter() - began)
    conn.close()


def raw_sqlite(tmp: str) -> tuple:
    path = f"{tmp}/raw.sqlite"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")  # once, before the writers start
    raw.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, payload TEXT)")
    raw.close()
    return raw_writer, path


def raw_postgres(url: str) -> tuple:
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE TABLE raw_items (id serial PRIMARY KEY, payload jsonb)")
    return raw_pg_writer, plain


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


def measure(url: str, raw: tuple, n: int, saves: int) -> dict:
    service = Service.open(url, create=True)
    links = demo.issue_links(service, demo.create_demo(service, filled=False))
    keys = [link.key for link in links if link.access == "member"]
    results, elapsed = run(writer, lambda i: (url, keys[i % len(keys)], saves), n)
    latencies = sorted(x for r in results for x in r[0])
    acks = [a for r in results for a in r[1]]
    raw_target, raw_url = raw
    _, raw_elapsed = run(raw_target, lambda i: (raw_url, saves), n)
    rate, raw_rate = len(acks) / elapsed, n * saves / raw_elapsed
    return {"rate": rate, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0,
            "lost": lost_updates(url, acks), "refused": sum(r[2] for r in results),
            "raw": raw_rate, "ratio": rate / raw_rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1,10,40")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (scripts/postgres start)")
    args = parser.parse_args()
    from workbook.store.scratch import new_database

    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print("| backend | writers | saves/s | p50 ms | p95 ms | lost | refused | raw inserts/s "
          "| ratio |\n|---|---|---|---|---|---|---|---|---|")
    for n in (int(x) for x in args.writers.split(",")):
        for backend in backends:
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    url, raw = f"sqlite:///{tmp}/bench.sqlite", raw_sqlite(tmp)
                else:
                    url = new_database(Path(tmp), "bench", args.postgres)
                    raw = raw_postgres(new_database(Path(tmp), "raw", args.postgres))
                m = measure(url, raw, n, args.saves)
            print(f"| {backend} | {n} | {m['rate']:,.0f} | {m['p50']:.1f} | {m['p95']:.1f} | "
                  f"{m['lost']} | {m['refused']} | {m['raw']:,.0f} | {m['ratio']:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
