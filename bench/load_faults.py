"""Load and fault test (bounded; 127.0.0.1 only): for a minute, a steady stream of submissions and
page views against gunicorn (4 workers) on PostgreSQL, while a grouping run and a 5,000-row import
go through the job queue (Redis + `flask worker`), a web worker is killed (kill -9) and, later, the
job workers are killed too and started again. Prints: requests and answers per kind, latencies,
server errors (5xx) and broken connections (each placed against the kill), acknowledged
submissions found in the database, and what became of the run and the import (failed at the
worker's death within a minute, then started again from their pages and done).

    .venv/bin/python bench/load_faults.py --database postgresql://postgres@127.0.0.1:5432/h_jobs

The database is emptied (DROP SCHEMA public) and loaded with the demo. Redis: --redis (a db of its
own, a queue of its own).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.http_session import Session  # noqa: E402

VENV = ROOT / ".venv" / "bin"
SERVERS: list[subprocess.Popen] = []     # every process this script started, stopped at the end


def stop_servers() -> None:
    for process in SERVERS:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in SERVERS:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Results:
    def __init__(self, started: float):
        self.started = started
        self.lock = threading.Lock()
        self.status = defaultdict(Counter)       # kind -> status -> count
        self.latency = defaultdict(list)         # kind -> seconds
        self.broken: list[tuple[float, str, str]] = []   # (t, kind, error)
        self.server_errors: list[tuple[float, str, int]] = []
        self.acknowledged: list[str] = []

    def record(self, kind: str, began: float, status: int | None, error: str | None = None) -> None:
        now = time.monotonic()
        with self.lock:
            if status is None:
                self.broken.append((began - self.started, kind, error or "?"))
                self.status[kind]["broken"] += 1
                return
            self.status[kind][status] += 1
            self.latency[kind].append(now - began)
            if status >= 500:
                self.server_errors.append((began - self.started, kind, status))


def call(results: Results, kind: str, function, *args):
    began = time.monotonic()
    try:
        answer = function(*args)
    except Exception as error:  # noqa: BLE001 - a broken connection is what is measured
        results.record(kind, began, None, type(error).__name__)
        return None
    results.record(kind, began, answer[0])
    return answer


def submitter(base: str, consultation_id: int, results: Results, stop: threading.Event, pause: float) -> None:
    session = Session(base, timeout=30)
    n = 0
    while not stop.is_set():
        n += 1
        form = call(results, "submit form", session.get, f"/consultations/{consultation_id}/propose")
        if form is None or form[0] != 200:
            time.sleep(pause)
            continue
        page = form[1]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        submission = re.search(r'name="submission_token" type="hidden" value="([^"]*)"', page)
        select = re.search(r'<select[^>]*name="axis_id"[^>]*>(.*?)</select>', page, re.S)
        axes = [v for v in re.findall(r'value="(\d+)"', select.group(1)) if v != "0"] if select else []
        if not (token and submission and axes):
            results.record("submit form", time.monotonic(), 599, "form without fields")
            continue
        marker = uuid.uuid4().hex[:8]
        answer = call(results, "submit", session.request, "POST", f"/consultations/{consultation_id}/propose", {
            "csrf_token": token.group(1), "submission_token": submission.group(1), "website": "",
            "title": f"حمل {marker}: نشر محاضر جلسات المجلس البلدي", "problem": f"Les procès-verbaux ne sont pas publiés ({n}).",
            "reform": "Publier chaque procès-verbal en ligne dans la semaine.", "axis_id": random.choice(axes),
            "governorate": random.choice(["kef", "gafsa", "kairouan", "tunis"]), "proposer_type": "citizen"})
        if answer and answer[0] == 302 and "/p/" in answer[2].get("Location", ""):
            with results.lock:
                results.acknowledged.append(answer[2]["Location"].rstrip("/").rsplit("/", 1)[-1])
        time.sleep(pause)


def viewer(base: str, consultation_id: int, results: Results, stop: threading.Event, pause: float) -> None:
    session = Session(base, timeout=30)
    pages = [("home", "/"), ("proposal list", f"/consultations/{consultation_id}/proposals"),
             ("search", f"/consultations/{consultation_id}/proposals?q=budget"),
             ("themes", f"/consultations/{consultation_id}/themes"),
             ("api", f"/api/v1/proposals?consultation={consultation_id}")]
    while not stop.is_set():
        kind, path = random.choice(pages)
        if kind == "proposal list" and results.acknowledged and random.random() < 0.5:
            kind, path = "proposal page", f"/p/{random.choice(results.acknowledged)}"
        call(results, kind, session.get, path)
        time.sleep(pause)


def big_csv(rows: int) -> bytes:
    lines = ["title,problem,reform,governorate"]
    lines += [f"Import {i}: publier le registre {i},Le registre {i} n'est pas public,Le publier en données ouvertes,kef"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def demo_accounts(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\S+@demo\.consult\.tn)\s+\S.*?\s(\S+)$", output, re.M))


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="PostgreSQL URL (emptied!)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--submitters", type=int, default=3)
    parser.add_argument("--viewers", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--kill-web-at", type=float, default=20)
    parser.add_argument("--kill-jobs-at", type=float, default=35, help="kill the job workers then (0: never)")
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn's worker timeout (boot included)")
    parser.add_argument("--cold", action="store_true",
                        help="web workers load the encoder at their first submission (not gunicorn.conf.py's master)")
    args = parser.parse_args()
    assert args.database.startswith("postgresql://") and "127.0.0.1" in args.database

    from sqlalchemy import create_engine, text
    engine = create_engine(args.database.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": args.database, "REDIS_URL": args.redis, "JOBS_QUEUE": queue,
           "SUBMISSION_RATE_LIMIT": "100000 per minute", "PYTHONUNBUFFERED": "1"}
    flask = [str(VENV / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    log("loading the demo")
    demo = subprocess.run(flask + ["demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    accounts = demo_accounts(demo)
    consultation_id = int(re.search(r"consultation #(\d+)", demo).group(1))
    with engine.connect() as connection:   # rows of the workshop channel name their workshop
        workshop_id = connection.execute(text("SELECT id FROM workshops WHERE consultation_id = :c ORDER BY id"),
                                         {"c": consultation_id}).scalar()

    logs = open("/tmp/bench-load-faults.log", "w")
    def start_job_workers():
        # Niced as scripts/serve.sh does: background work yields the CPU to the web workers.
        started = [subprocess.Popen(["nice", "-n", "10", *flask, "worker"], cwd=ROOT, env=env, stdout=logs,
                                    stderr=logs) for _ in range(2)]
        SERVERS.extend(started)
        from redis import Redis
        from rq import Queue, Worker
        rq_queue = Queue(queue, connection=Redis.from_url(args.redis))
        for _ in range(240):                  # until both listen on the queue
            if Worker.count(queue=rq_queue) >= 2:
                break
            time.sleep(0.5)
        return started
    job_workers = start_job_workers()
    # gunicorn.conf.py (read from ROOT) loads the encoder once in the master, before the workers fork.
    web = subprocess.Popen([str(VENV / "gunicorn"), "--workers", "4", "--bind", f"127.0.0.1:{args.port}",
                            "--timeout", str(args.timeout), "wsgi:app"], cwd=ROOT,
                           env=dict(env, CONSULT_PRELOAD_ENCODER="0" if args.cold else "1"), stdout=logs, stderr=logs)
    SERVERS.append(web)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(300):
        try:
            if Session(base).get("/")[0] in (200, 302) and len(children(web.pid)) == 4:
                break
        except OSError:
            pass
        time.sleep(0.5)
    log(f"serving on {base}: gunicorn {web.pid} (4 workers), job workers {[w.pid for w in job_workers]}")

    coordinator, facilitator = Session(base, timeout=120), Session(base, timeout=120)
    coordinator.login("coordinator@demo.consult.tn", accounts["coordinator@demo.consult.tn"])
    facilitator.login("facilitator@demo.consult.tn", accounts["facilitator@demo.consult.tn"])

    started = time.monotonic()
    results = Results(started)
    stop = threading.Event()
    threads = [threading.Thread(target=submitter, args=(base, consultation_id, results, stop, 0.2))
               for _ in range(args.submitters)]
    threads += [threading.Thread(target=viewer, args=(base, consultation_id, results, stop, 0.05))
                for _ in range(args.viewers)]
    for thread in threads:
        thread.daemon = True
        thread.start()
    figures: dict[str, object] = {}
    killed_at = None
    try:
        time.sleep(3)
        status, _page, headers = coordinator.post_form(f"/consultations/{consultation_id}/grouping",
                                                       {"granularity": "1.0", "k": ""})
        run_id = int(headers["Location"].rstrip("/").rsplit("/", 1)[-1])
        log(f"grouping run {run_id} started ({status})")
        t = time.monotonic()
        status, _page, headers = facilitator.post_file(
            f"/consultations/{consultation_id}/proposals/import", {"channel": "workshop", "workshop_id": str(workshop_id)},
            "file", "import.csv", big_csv(args.import_rows))
        figures["import request"] = f"{status} in {time.monotonic() - t:.2f} s"
        import_url = headers.get("Location", "").replace(base, "")
        log(f"{args.import_rows}-row import queued: {figures['import request']} -> {import_url}")

        time.sleep(max(0.0, started + args.kill_web_at - time.monotonic()))
        victim = random.choice(children(web.pid))
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic() - started
        log(f"killed web worker {victim} at {killed_at:.1f} s")

        jobs_killed_at = None
        if args.kill_jobs_at:
            time.sleep(max(0.0, started + args.kill_jobs_at - time.monotonic()))
            states = (json.loads(coordinator.get(f"/grouping/runs/{run_id}/progress")[1])["status"],
                      "done" if 'id="import-summary"' in facilitator.get(import_url)[1] else "not done")
            for worker in job_workers:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
            jobs_killed_at = time.monotonic()
            log(f"killed the job workers at {jobs_killed_at - started:.1f} s (run: {states[0]}, import: {states[1]}); "
                "starting two new ones")
            job_workers = start_job_workers()

        time.sleep(max(0.0, started + args.seconds - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    log("load stopped; following the run and the import")

    # A run started from the web ends in "preview": computed, waiting for the coordinator to apply it.
    FINISHED = ("done", "preview")

    def follow(deadline=600):
        """Wait for the run and the import to finish; start a failed one again (once)."""
        retried = set()
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            run = json.loads(coordinator.get(f"/grouping/runs/{run_id}/progress")[1])
            page = facilitator.get(import_url + "?lang=en")[1]
            imported = 'id="import-summary"' in page
            if run["status"] == "failed" and "run" not in retried:
                figures["run failed after the job workers' death"] = f"{time.monotonic() - jobs_killed_at:.0f} s"
                coordinator.post_form(f"/grouping/runs/{run_id}/retry", {}, form_page=f"/grouping/runs/{run_id}")
                retried.add("run")
                log("run failed (worker killed): started again")
            if 'id="import-failed"' in page and "import" not in retried:
                figures["import failed after the job workers' death"] = f"{time.monotonic() - jobs_killed_at:.0f} s"
                facilitator.post_form(import_url + "/retry", {}, form_page=import_url)
                retried.add("import")
                log("import failed (worker killed): started again")
            if run["status"] in FINISHED and imported:
                summary = re.search(r'id="import-summary">(.*?)</p>', page, re.S).group(1)
                return run, " ".join(re.sub(r"<[^>]+>", " ", summary).split())
            time.sleep(2)
        return run, "not finished"

    try:
        run, import_summary = follow()
    finally:
        with engine.connect() as connection:
            found = set(connection.execute(text("SELECT ref FROM proposals WHERE ref = ANY(:refs)"),
                                           {"refs": list(results.acknowledged)}).scalars())
            jobs = connection.execute(text("SELECT key, status, attempts FROM jobs ORDER BY id")).all()
        stop_servers()

    print("\n=== load and faults:", f"{args.seconds} s, {args.submitters} submitters, {args.viewers} viewers,"
          f" gunicorn 4 workers (timeout {args.timeout} s), PostgreSQL, RQ on Redis (2 job workers) ===")
    total = sum(sum(c.values()) for c in results.status.values())
    print(f"requests: {total} ({total / args.seconds:.0f}/s)")
    for kind in sorted(results.status):
        lat = results.latency[kind]
        print(f"  {kind:14} {dict(sorted(results.status[kind].items(), key=str))}  "
              f"p50 {1000 * percentile(lat, 0.5):.0f} ms  p95 {1000 * percentile(lat, 0.95):.0f} ms")
    near = lambda t: killed_at is not None and abs(t - killed_at) < 2  # noqa: E731
    print(f"server errors (5xx): {len(results.server_errors)}"
          f" ({sum(near(t) for t, *_ in results.server_errors)} within 2 s of the web worker's kill)")
    print(f"broken connections: {len(results.broken)} "
          f"({sum(near(t) for t, *_ in results.broken)} within 2 s of the kill at {killed_at:.1f} s)"
          + (f": {results.broken}" if results.broken else ""))
    print(f"acknowledged submissions: {len(results.acknowledged)}, found in the database: "
          f"{len(found & set(results.acknowledged))}, missing: {sorted(set(results.acknowledged) - found)}")
    print(f"grouping run {run_id}: {run['status']}, {run['proposals']} proposals, {run['themes']} themes, "
          f"{run['duration_seconds']} s (last attempt)")
    print(f"import of {args.import_rows} rows: {import_summary}")
    for name, value in figures.items():
        print(f"{name}: {value}")
    print("jobs:", ", ".join(f"{key} {status} ({attempts} attempts)" for key, status, attempts in jobs))
    other_errors = [e for e in results.server_errors if not near(e[0])]
    ok = (not other_errors and results.acknowledged and found >= set(results.acknowledged)
          and run["status"] in FINISHED and f"{args.import_rows} proposals imported" in import_summary)
    print("RESULT:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_servers()
