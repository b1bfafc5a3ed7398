"""Where a page's cost goes under gunicorn: CPU milliseconds per request in the workers, in
PostgreSQL and in the client, for the bare page, the proposal page or the list.

    .venv/bin/python bench/cpu_split.py proposal --database postgresql://postgres@127.0.0.1:5432/h_scale_big

Uses a database loaded by `bench/pages.py --load-only`. CPU time (from /proc) moves much less
than requests per second when the machine is shared, so two runs can be compared.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import start_gunicorn, stop, worker_pids  # noqa: E402


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes (those gone are skipped)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def fetch(port: int, paths: list[str], count: int, concurrency: int = 4) -> None:
    import http.client
    numbers = iter(range(count))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for number in numbers:
            connection.request("GET", paths[number % len(paths)], headers={"Accept-Language": "ar"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{paths[number % len(paths)]}: {response.status}")
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", choices=["bare", "proposal", "list"])
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", "-r", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8120)
    args = parser.parse_args()
    from sqlalchemy import create_engine, text
    engine = create_engine(args.database.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        consultation = connection.execute(text("SELECT max(id) FROM consultations")).scalar()
        refs = [row[0] for row in connection.execute(text(
            "SELECT ref FROM proposals WHERE status != 'hidden' ORDER BY random() LIMIT 2000"))]
    engine.dispose()
    base = f"/consultations/{consultation}/proposals"
    paths = {"bare": ["/_bare/"], "proposal": [f"/p/{ref}" for ref in refs],
             "list": [base, f"{base}?page=3", f"{base}?page=50"]}[args.page]
    process = start_gunicorn(args.database, args.port, 4, 7000, fake_encoder=True)
    try:
        fetch(args.port, paths, 400)       # warm: plans prepared, templates compiled
        workers = worker_pids(process.pid)
        postgres = [int(pid) for pid in subprocess.run(["pgrep", "postgres"], capture_output=True,
                                                       text=True).stdout.split()]
        before = cpu_seconds(workers), cpu_seconds(postgres), resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        fetch(args.port, paths, args.requests)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        client = (after.ru_utime + after.ru_stime) - (before[2].ru_utime + before[2].ru_stime)
        per = 1000 / args.requests
        print(f"{args.page}: {args.requests / wall:.0f} req/s · CPU ms a request: workers "
              f"{(cpu_seconds(workers) - before[0]) * per:.2f}, PostgreSQL {(cpu_seconds(postgres) - before[1]) * per:.2f}, "
              f"client {client * per:.2f}")
    finally:
        stop(process)


if __name__ == "__main__":
    main()
