"""Scale of the pages: p50/p95, requests per second and worker memory, at 1,000 to 100,000 proposals.

    .venv/bin/python bench/pages.py --proposals 10000 --database sqlite
    .venv/bin/python bench/pages.py --proposals 100000 --database postgresql://postgres@127.0.0.1:5432/h_scale \
        --workers 4 --port 8110

Loads N synthetic proposals (with stored vectors, map places, themes, score sheets) by bulk
inserts (SQLAlchemy core) into a fresh database (SQLite in a temporary folder, or the PostgreSQL
database given, whose tables are dropped first), starts gunicorn with W workers on 127.0.0.1 and
fetches each page with a few concurrent keep-alive clients (threads, http.client). Beside them it
fetches a bare Flask page (no database, no login, no babel) rendering a template of the size of
the proposal page: the ratio of requests per second to it says how much the application costs
over Flask and Jinja themselves, and machine load affects both alike. Finally it prints the
resident memory (RSS) of each worker, after the similar lookup has loaded its index.

Not a test: the figures are noisy on a shared machine; compare ratios, and runs made together.
`--load-only`/`--skip-load` reuse a loaded PostgreSQL database between runs.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOVERNORATES = ("tunis", "ariana", "sfax", "sousse", "gabes", "kef", "gafsa", "bizerte")
WORDS = ("ميزانية", "البلدية", "الماء", "النقل", "الشفافية", "budget", "commune", "transparence",
         "eau", "transport", "données", "ouvertes", "youth", "hospital", "access", "information")
QUERIES = ["نشر ميزانية البلدية على الانترنت", "Publier le budget de la commune en ligne",
           "Improve public transport between towns", "تحسين خدمات المستشفيات العمومية"]
BARE_TEMPLATE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ title }}</title>
</head><body><main class="container">{% for row in rows %}<div class="card"><h2>{{ row.title }}</h2>
<p>{{ row.text }}</p></div>{% endfor %}</main></body></html>"""


# --- the application gunicorn serves --------------------------------------------------------------

def serve():
    """gunicorn 'bench.pages:serve()': the application (no rate limits) and the bare page at /_bare."""
    import jinja2
    from flask import Flask, render_template
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from consult import create_app
    from consult.core.extensions import limiter

    app = create_app({"RATELIMIT_ENABLED": False})
    limiter.enabled = False
    if os.environ.get("BENCH_FAKE_ENCODER") == "1":
        sys.path.insert(0, str(ROOT / "tests"))
        from fakes import FakeEncoder
        from consult.clustering import embedding
        embedding.ENCODER = FakeEncoder()
    size = int(os.environ.get("BENCH_BARE_BYTES", "20000"))
    bare = Flask("bare")
    # A named template, compiled once and cached as the application's are (render_template_string
    # would compile it on every request, which made the bare page slower than a real one).
    bare.jinja_loader = jinja2.DictLoader({"bare.html": BARE_TEMPLATE})
    rows = [{"title": f"Proposal {i}", "text": "نص " * 40} for i in range(max(1, size // 200))]

    @bare.get("/")
    def page():
        return render_template("bare.html", title="bare", rows=rows)
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/_bare": bare})
    return app


# --- loading ----------------------------------------------------------------------------------------

def load(url: str, n: int, seed: int = 0) -> int:
    """A fresh schema with one consultation of n proposals; returns the consultation id."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from consult import create_app
    from consult.accounts.models import User
    from consult.clustering.algorithms.vectors import VECTOR_DIM, VECTOR_VERSION
    from consult.clustering.models import ClusteringRun, ProposalVector, Theme
    from consult.consultations.models import Axis, Consultation, Phase
    from consult.core.extensions import db
    from consult.core.text import fold_for_search
    from consult.proposals.models import Proposal
    from consult.scoring.models import ScoreSheet, WorkingGroup
    from consult.workshops.models import Workshop

    rng = np.random.default_rng(seed)
    rand = random.Random(seed)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="heads")
        started = time.perf_counter()
        today = datetime.now(timezone.utc).date()
        consultation = Consultation(title={"ar": "استشارة", "fr": "Consultation", "en": "Consultation"},
                                    description={"ar": "وصف", "fr": "Description", "en": "Description"})
        consultation.axes = [Axis(code=f"axis{i}", position=i, name={"ar": f"محور {i}", "fr": f"Axe {i}",
                                                                      "en": f"Axis {i}"}) for i in range(5)]
        for i, kind in enumerate(("collection", "grouping", "scoring", "draft", "final", "followup")):
            consultation.phases.append(Phase(kind=kind, starts_on=today - timedelta(days=5 - 10 * i),
                                             ends_on=today + timedelta(days=4 + 10 * i)))
        db.session.add(consultation)
        db.session.flush()
        workshops = [Workshop(consultation_id=consultation.id, code=f"W{i}", governorate=GOVERNORATES[i],
                              held_on=today, venue={"ar": "قاعة"}) for i in range(4)]
        users = [User(email=f"member{i}@example.org", name=f"Member {i}", password_hash="-", role="citizen")
                 for i in range(3)]
        db.session.add_all(workshops + users)
        run = ClusteringRun(consultation_id=consultation.id, status="done", stage="done", progress=1.0,
                            source="cli", algorithm_version="bench", vector_version=VECTOR_VERSION,
                            n_proposals=n)
        db.session.add(run)
        db.session.flush()
        n_themes = max(10, min(400, n // 250))
        theme_rows = [{"consultation_id": consultation.id, "run_id": run.id, "name": None,
                       "label": {"ar": f"موضوع {t}", "fr": f"thème {t}", "en": f"theme {t}"},
                       "summary": {"representatives": []}, "locked": False} for t in range(n_themes)]
        db.session.execute(insert(Theme), theme_rows)
        themes = [t.id for t in db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id)
                                                   .order_by(Theme.id))]
        axes = [a.id for a in consultation.axes]
        first_id = (db.session.scalar(db.select(db.func.max(Proposal.id))) or 0) + 1
        representatives: dict[int, list] = {t: [] for t in themes}
        created = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=30)
        for start in range(0, n, 5000):
            count = min(5000, n - start)
            proposals, vectors_rows = [], []
            vectors = rng.normal(size=(count, VECTOR_DIM)).astype(np.float32)
            vectors[:, :512] /= np.linalg.norm(vectors[:, :512], axis=1, keepdims=True)
            vectors[:, 512:] /= np.linalg.norm(vectors[:, 512:], axis=1, keepdims=True)
            places = rng.normal(size=(count, 2))
            for i in range(count):
                number = start + i
                pid = first_id + number
                theme_id = themes[number % n_themes] if number % 10 else None
                title = " ".join(rand.sample(WORDS, 5)) + f" {number}"
                problem = " ".join(rand.choices(WORDS, k=40))
                reform = " ".join(rand.choices(WORDS, k=40))
                if theme_id and len(representatives[theme_id]) < 3:
                    representatives[theme_id].append(pid)
                proposals.append({
                    "id": pid, "ref": f"P-{number:07d}", "consultation_id": consultation.id,
                    "axis_id": axes[number % len(axes)],
                    "workshop_id": workshops[number % 4].id if number % 3 == 0 else None,
                    "title": title, "problem": problem, "reform": reform, "results": "", "body": "",
                    "governorate": GOVERNORATES[number % len(GOVERNORATES)], "municipality": "",
                    "proposer_type": "citizen", "channel": "workshop" if number % 3 == 0 else "online",
                    "language": ("ar", "fr", "en")[number % 3],
                    "status": "hidden" if number % 97 == 0 else ("grouped" if theme_id else "received"),
                    "theme_id": theme_id, "search_text": fold_for_search(f"{title} {problem} {reform}"),
                    "created_at": created + timedelta(seconds=20 * number),
                    "updated_at": created + timedelta(seconds=20 * number)})
                vectors_rows.append({"proposal_id": pid, "consultation_id": consultation.id,
                                     "version": VECTOR_VERSION, "vector": vectors[i].astype("<f4").tobytes(),
                                     "x": float(places[i, 0]), "y": float(places[i, 1]), "created_at": created})
            db.session.execute(insert(Proposal), proposals)
            db.session.execute(insert(ProposalVector), vectors_rows)
            db.session.commit()
        for theme in db.session.scalars(db.select(Theme).filter(Theme.id.in_(themes))):
            theme.summary = {"representatives": representatives[theme.id]}
        group = WorkingGroup(consultation_id=consultation.id, name="Group")
        db.session.add(group)
        db.session.flush()
        db.session.execute(insert(ScoreSheet), [
            {"group_id": group.id, "theme_id": t, "member_id": u.id, "status": "submitted",
             "levels": {}, "values_served": [], "justification": "-", "conflict_reason": ""}
            for t in themes for u in users])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        print(f"loaded {n:,} proposals, {n_themes} themes into {db.engine.dialect.name} "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        return consultation.id


# --- measuring -------------------------------------------------------------------------------------

def fetch_all(port: int, paths: list[str], requests: int, concurrency: int) -> dict:
    """Fetch the paths (round robin) `requests` times with `concurrency` keep-alive clients."""
    timings, errors, lock = [], [], threading.Lock()
    counter = iter(range(requests))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for number in counter:
            path = paths[number % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Language": "ar"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                timings.append(elapsed)
                if status != 200:
                    errors.append((path, status))
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    timings.sort()
    return {"p50": 1000 * statistics.median(timings), "p95": 1000 * timings[int(0.95 * (len(timings) - 1))],
            "rps": len(timings) / wall, "errors": errors}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (a mapped file) count once over the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def pages(consultation_id: int, port: int, url: str) -> dict[str, list[str]]:
    """The paths of each page measured (a few variants each, so that caches do not flatter them)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        refs = [r[0] for r in connection.execute(text(
            "SELECT ref FROM proposals WHERE status != 'hidden' ORDER BY random() LIMIT 50"))]
        themes = [r[0] for r in connection.execute(text("SELECT id FROM themes ORDER BY random() LIMIT 20"))]
    engine.dispose()
    c = consultation_id
    base = f"/consultations/{c}/proposals"
    return {
        "home": [f"/consultations/{c}"],
        "list": [base, f"{base}?page=3", f"{base}?page=50"],
        "list+filters": [f"{base}?region=sfax&language=fr", f"{base}?axis=2&channel=workshop",
                         f"{base}?status=grouped&region=tunis&page=2"],
        "list+search": [f"{base}?q=budget", f"{base}?q=transparence+eau", f"{base}?q=%D8%A7%D9%84%D9%85%D8%A7%D8%A1"],
        "proposal": [f"/p/{ref}" for ref in refs],
        "themes+map": [f"/consultations/{c}/themes"],
        "theme": [f"/themes/{t}" for t in themes],
        "similar": [f"/consultations/{c}/similar?text=" + quote(q) for q in QUERIES],
        "api": [f"/api/v1/proposals?consultation={c}", f"/api/v1/proposals?consultation={c}&page=7",
                f"/api/v1/proposals?consultation={c}&region=sfax"],
        "csv(region+lang)": [f"/api/v1/proposals.csv?consultation={c}&region=sfax&language=fr"],
        "csv(all)": [f"/api/v1/proposals.csv?consultation={c}"],
        "bare": ["/_bare/"],
    }


def page_size(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Accept-Language": "ar"})
    body = connection.getresponse().read()
    connection.close()
    return len(body)


def start_gunicorn(url: str, port: int, workers: int, bare_bytes: int, fake_encoder: bool) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, BENCH_BARE_BYTES=str(bare_bytes),
               BENCH_FAKE_ENCODER="1" if fake_encoder else "0", PYTHONPATH=str(ROOT),
               CONSULT_PRELOAD_ENCODER="0" if fake_encoder else "1")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--timeout", "300", "--log-level", "warning", "bench.pages:serve()"],
                               cwd=ROOT, env=env, start_new_session=True)
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", "-n", type=int, default=1000)
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL URL (its tables are dropped)")
    parser.add_argument("--workers", "-w", type=int, default=4)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--concurrency", "-c", type=int, default=4)
    parser.add_argument("--requests", "-r", type=int, default=60, help="requests per page")
    parser.add_argument("--warm-up", type=int, default=15, help="requests per worker and page before measuring")
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded database (PostgreSQL)")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--fake-encoder", action="store_true",
                        help="the tests' fake encoder for the similar lookup (no model in each worker)")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()

    url = args.database
    if url == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-pages-')}/bench.db"
    if args.skip_load:
        from sqlalchemy import create_engine, text
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:
            consultation_id = connection.execute(text("SELECT max(id) FROM consultations")).scalar()
            count = connection.execute(text("SELECT count(*) FROM proposals")).scalar()
        engine.dispose()
        args.proposals = count
        print(f"reusing {count:,} proposals")
    else:
        consultation_id = load(url, args.proposals)
    if args.load_only:
        return
    load_average = os.getloadavg()[0]
    process = start_gunicorn(url, args.port, args.workers, 20000, args.fake_encoder)
    try:
        paths = pages(consultation_id, args.port, url)
        bare_bytes = page_size(args.port, paths["proposal"][0])
        stop(process)
        process = start_gunicorn(url, args.port, args.workers, bare_bytes, args.fake_encoder)
        wanted = [name for name in paths if not args.only or name in args.only.split(",") or name == "bare"]
        # Warm up, as a server that has been up a while: the similar index and the encoder load,
        # and each worker's connection holds its prepared statements, whose generic plans
        # PostgreSQL uses from about the 10th execution on a connection (psycopg prepares at the
        # 5th, the server plans the first 5 executions anew).
        for name in wanted:
            fetch_all(args.port, paths[name], args.warm_up * args.workers, args.workers)
        print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {args.proposals:,} proposals · "
              f"{url.split(':')[0]} · {args.workers} workers · concurrency {args.concurrency} · "
              f"load {load_average:.1f} on {os.cpu_count()} cores · proposal page {bare_bytes:,} bytes")
        print(f"{'page':18} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'/bare':>6}  errors")
        results = {}
        for name in ["bare"] + [w for w in wanted if w != "bare"]:
            count = args.requests if not name.startswith("csv(all)") else max(8, args.requests // 8)
            results[name] = fetch_all(args.port, paths[name], count, args.concurrency)
        bare_rps = results["bare"]["rps"]
        for name, r in results.items():
            errors = f"{len(r['errors'])} ({r['errors'][0]})" if r["errors"] else ""
            print(f"{name:18} {r['p50']:8.0f} {r['p95']:8.0f} {r['rps']:7.1f} {r['rps'] / bare_rps:6.0%}  {errors}")
        pids = worker_pids(process.pid)
        print("worker RSS MB: " + ", ".join(f"{rss_mb(p):.0f}" for p in pids)
              + " · PSS MB: " + ", ".join(f"{pss_mb(p):.0f}" for p in pids))
    finally:
        stop(process)


if __name__ == "__main__":
    main()
