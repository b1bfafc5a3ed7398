"""Time (and profile) the import of a 5,000-row workshop spreadsheet, through the Flask test client.

    .venv/bin/python bench/import_5000.py [--rows 5000] [--format xlsx|csv] [--database URL]
                                          [--fake-encoder] [--profile]

Builds a throw-away database (SQLite by default; `--database postgresql://...` empties that one's
tables first), a consultation in its collection phase with some proposals already there, and a file
of ROWS proposals in Arabic, French and English, then POSTs it to the import page as a coordinator.
The multilingual encoder is the real one (as in production) unless --fake-encoder; it is loaded
before the clock starts. Prints the request's time (wall clock and CPU: on a shared machine the CPU time is the figure to
compare) and the rows imported; --breakdown the CPU time of each step; --profile prints where the
time went (cProfile, top functions by cumulative and by own time).
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import io
import pstats
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEXTS = [
    ("نشر ميزانية البلدية {n} كبيانات مفتوحة", "لا تنشر البلدية ميزانيتها بصيغة قابلة لإعادة الاستعمال.",
     "نشر الميزانية ونتائج تنفيذها كل ثلاثة أشهر على بوابة البيانات المفتوحة."),
    ("Publier les marchés publics de la commune {n}", "Les appels d'offres ne sont publiés qu'en PDF.",
     "Publier chaque marché et son exécution au format ouvert, avec un identifiant unique."),
    ("Open council meetings in town {n}", "Citizens cannot attend or follow municipal council sessions.",
     "Broadcast the sessions online and publish the minutes within a week."),
    ("إحداث مجلس شباب محلي في المعتمدية {n}", "غياب مشاركة الشباب في القرار المحلي.",
     "إحداث مجلس استشاري للشباب يجتمع كل شهرين ويقدم توصياته للمجلس البلدي."),
    ("Digitaliser l'état civil à {n}", "Les citoyens se déplacent plusieurs fois pour un extrait de naissance.",
     "Un guichet en ligne pour demander et recevoir les extraits, avec suivi de la demande."),
]
HEADER = ["العنوان", "الإشكالية", "الإصلاح المقترح", "المحور", "الولاية", "البلدية", "صاحب المقترح"]
GOVERNORATES = ["kef", "gafsa", "kairouan", "tunis", "sfax"]


def rows(count: int):
    for n in range(count):
        title, problem, reform = TEXTS[n % len(TEXTS)]
        yield [title.format(n=n + 1), problem, reform, "participation" if n % 2 else "local",
               GOVERNORATES[n % len(GOVERNORATES)], "", "association" if n % 3 else "citizen"]


def file_bytes(count: int, kind: str) -> bytes:
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows(count))
        return ("\ufeff" + buffer.getvalue()).encode()
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def time_the_steps() -> dict[str, float]:
    """Wrap the import's steps with timers; returns {step: seconds}, filled as the import runs."""
    from consult.clustering import embedding
    from consult.clustering.algorithms import vectors
    from consult.proposals import importing, services
    from consult.proposals.signals import proposals_saved
    steps = {"reading the file": 0.0, "judging the rows": 0.0, "building the proposals": 0.0,
             "semantic encoder (clustering)": 0.0, "lexical sketch (clustering)": 0.0,
             "other embedding work (clustering)": 0.0}

    def timed(function, name, inner=()):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            before = sum(steps[n] for n in inner)
            try:
                return function(*args, **kwargs)
            finally:
                steps[name] += time.process_time() - started - (sum(steps[n] for n in inner) - before)
        return wrapper
    importing.read_table = timed(importing.read_table, "reading the file")
    importing._judge = timed(importing._judge, "judging the rows")
    services.build = timed(services.build, "building the proposals")
    vectors.lexical_sketch = timed(vectors.lexical_sketch, "lexical sketch (clustering)")
    encoder = embedding.get_encoder()
    encoder.encode = timed(encoder.encode, "semantic encoder (clustering)")
    embedding.ENCODER = encoder
    proposals_saved.send = timed(proposals_saved.send, "other embedding work (clustering)",
                                 inner=("semantic encoder (clustering)", "lexical sketch (clustering)"))
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--database")
    parser.add_argument("--fake-encoder", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-output", help="also save the profile's statistics to this file")
    parser.add_argument("--breakdown", action="store_true",
                        help="time the steps of the import (reading, judging, building, saving, embedding)")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from consult import create_app
    from consult.accounts import services as accounts
    from consult.clustering import embedding
    from consult.consultations.models import Axis, Consultation, Phase, PHASE_KINDS
    from consult.core.extensions import db, limiter
    from consult.proposals import services as proposals
    from consult.proposals.models import Proposal

    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='bench-import-')}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "bench",
                      "SERVER_NAME": "localhost", "WTF_CSRF_ENABLED": False,
                      "MAX_CONTENT_LENGTH": 64 * 1024 * 1024, "MAX_FORM_MEMORY_SIZE": 64 * 1024 * 1024})
    limiter.enabled = False
    if args.fake_encoder:
        from tests.fakes import FakeEncoder
        embedding.ENCODER = FakeEncoder()
    with app.app_context():
        upgrade()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        consultation = Consultation(title={"en": "Bench"}, description={})
        consultation.axes = [Axis(code="participation", position=1, name={"en": "Participation"}),
                             Axis(code="local", position=2, name={"en": "Local governance"})]
        start = date.today() - timedelta(days=5)
        for index, kind in enumerate(PHASE_KINDS):
            consultation.phases.append(Phase(kind=kind, starts_on=start + timedelta(days=10 * index),
                                             ends_on=start + timedelta(days=10 * index + 9)))
        db.session.add(consultation)
        accounts.create_user("Bench", "bench@example.tn", "coordinator", password="bench password 1")
        db.session.flush()
        for n in range(200):   # proposals already there, that the import compares against
            proposals.submit(consultation, {"title": f"Existing {n}", "problem": "p", "reform": "r",
                                            "axis_id": consultation.axes[0].id, "governorate": "kef"})
        db.session.commit()
        consultation_id = consultation.id
        embedding.get_encoder().encode(["warm-up"])   # loaded once per worker, not per request
    if args.profile:   # the profiler slows the reading of the file past its 10 s bound on a busy machine
        import dataclasses
        from consult.proposals import import_files
        import_files.LIMITS = dataclasses.replace(import_files.LIMITS, max_seconds=600)
    data = file_bytes(args.rows, args.format)
    client = app.test_client()
    client.post("/accounts/login", data={"email": "bench@example.tn", "password": "bench password 1"})

    def post():
        return client.post(f"/consultations/{consultation_id}/proposals/import",
                           data={"file": (io.BytesIO(data), f"bench.{args.format}"), "channel": "workshop",
                                 "workshop_id": "0"}, content_type="multipart/form-data")
    steps = time_the_steps() if args.breakdown else None
    profile = cProfile.Profile(time.process_time) if args.profile else None   # CPU time: fair on a busy machine
    started, cpu_started = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    response = post()
    if profile:
        profile.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[-3000:])
    with app.app_context():
        imported = db.session.scalar(db.select(db.func.count(Proposal.id))) - 200
    backend = url.split(":", 1)[0]
    encoder = "fake encoder" if args.fake_encoder else "real encoder"
    print(f"{backend}, {encoder}: {args.rows}-row {args.format.upper()} ({len(data) // 1024} KB) imported "
          f"{imported} proposals in {elapsed:.2f} s ({cpu:.2f} s of CPU: on a busy machine, the figure to compare)")
    if steps is not None:
        accounted = sum(steps.values())
        for name, seconds in steps.items():
            print(f"  {name:<34} {seconds:6.2f} s")
        print(f"  {'the rest (request, flush, report page)':<34} {cpu - accounted:6.2f} s")
        print("  (CPU seconds; the encoder's own threads count too)")
    if profile:
        if args.profile_output:
            profile.dump_stats(args.profile_output)
        stats = pstats.Stats(profile).strip_dirs()
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
