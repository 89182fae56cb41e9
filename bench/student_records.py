"""Benchmark: the full record of every student of a generated 3,000-student school.

    python bench/student_records.py                 # SQLite in a temporary folder
    LSQ_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python bench/student_records.py

Generates one school with 3,000 students (500 in each of ม.1–ม.6), each with 60
results (6 terms × 10 subjects, about 180,000 rows), then times
``lsq_core.record.build_records`` for all of them: the median of 3 runs and the
peak memory of the process. Target: under 1 second. Results: bench/results/.

LSQ_BENCH_ANALYZE=1 runs ANALYZE after loading, as PostgreSQL's autovacuum would
within a minute on a production server (the test server here has it off): the
query plans then are those of a database with statistics.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from basic_ed.rules import BASIC_SCALE, DEFAULT_POLICY  # noqa: E402
from lsq_core.app import create_app  # noqa: E402
from lsq_core.cli import init_database  # noqa: E402
from lsq_core.demo import load_demo  # noqa: E402
from lsq_core.extensions import db  # noqa: E402
from lsq_core.models import AcademicYear, Result, School, Student, Subject, TraitAssessment  # noqa: E402

STUDENTS = int(os.environ.get("LSQ_BENCH_STUDENTS", 3000))
LEVELS = ("m1", "m2", "m3", "m4", "m5", "m6")
AREAS = ("ท", "ค", "ว", "ส", "พ", "ศ", "ง", "อ")


def database_url(folder: str) -> tuple[str, callable]:
    base = os.environ.get("LSQ_BENCH_DATABASE_URL")
    if not base:
        return f"sqlite:///{folder}/bench.db", lambda: None
    schema = "bench_" + uuid.uuid4().hex[:8]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    return make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False), drop


def generate(rng: random.Random) -> list[int]:
    school = db.session.query(School).filter_by(code="8100202").one()
    years = {y.year: y for y in db.session.query(AcademicYear)}
    terms = [(y, t) for y in (2567, 2568, 2569) for t in years[y].terms]
    subjects = {}
    for stage, year_digit in (("2", "1"), ("2", "2"), ("2", "3"), ("3", "1"), ("3", "2"), ("3", "3")):
        for term in (1, 2):
            for i, area in enumerate(AREAS + ("ค", "ว")):
                kind = "basic" if i < 8 else "additional"
                code = f"{area}{stage}{year_digit}{1 if kind == 'basic' else 2}{term}{i % 8}"
                subjects.setdefault(code, Subject(school=school, curriculum="basic_2551", code=code,
                                                  name_th=f"วิชา {code}", group=area, kind=kind,
                                                  credits=Decimal("1.5") if i < 3 else Decimal("1.0")))
    db.session.add_all(subjects.values())
    students = [Student(school=school, education_type="basic", student_number=f"B{n:05d}",
                        national_id=f"G{n:012d}", first_name="นักเรียน", last_name=f"ทดสอบ{n}",
                        sex="M" if n % 2 else "F", birth_date=__import__("datetime").date(2011, 1, 1),
                        status="studying") for n in range(STUDENTS)]
    db.session.add_all(students)
    db.session.flush()
    codes = list(subjects.values())
    rows = []
    for index, student in enumerate(students):
        level = LEVELS[index % len(LEVELS)]
        for term_index, (year, term) in enumerate(terms):
            for subject in codes[term_index * 10:(term_index + 1) * 10]:
                score = Decimal(max(0, min(100, int(rng.gauss(70, 12)))))
                grade = BASIC_SCALE.grade_for_score(score, DEFAULT_POLICY)
                ev = BASIC_SCALE.evaluate(grade, subject.weight, subject.kind, DEFAULT_POLICY)
                rows.append({"student_id": student.id, "subject_id": subject.id, "term_id": term.id,
                             "level": LEVELS[min(5, term_index // 2 + (3 if level >= "m4" else 0))],
                             "score": score, "attendance": Decimal(100), "grade": grade, "points": ev.points,
                             "gpa_weight": ev.gpa_weight, "credits_studied": ev.credits_studied,
                             "credits_earned": ev.credits_earned, "remedy_attempts": 0, "source": "entry",
                             "version": 1})
    for start in range(0, len(rows), 20000):
        db.session.execute(insert(Result.__table__), rows[start:start + 20000])
    db.session.execute(insert(TraitAssessment.__table__), [
        {"student_id": s.id, "academic_year_id": years[2569].id, "kind": kind, "item": 0, "level": "good"}
        for s in students for kind in ("rtw", "char")])
    db.session.commit()
    return [s.id for s in students]


def main() -> None:
    from lsq_core.record import build_records

    folder = tempfile.mkdtemp(prefix="lsq-bench-")
    url, drop = database_url(folder)
    app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": url, "SECRET_KEY": "bench" * 8})
    try:
        with app.app_context():
            init_database()
            load_demo(with_students=False)
            started = time.perf_counter()
            ids = generate(random.Random(1))
            generated = time.perf_counter() - started
            count = db.session.query(Result).count()
            if os.environ.get("LSQ_BENCH_ANALYZE"):
                for table in db.metadata.sorted_tables:
                    db.session.execute(text(f'ANALYZE "{table.name}"'))
                db.session.commit()
            timings, cpu = [], []
            for _ in range(3):
                db.session.expunge_all()
                records = None  # the previous run's records are freed before the clock starts
                started, cpu_started = time.perf_counter(), time.process_time()
                records = build_records(db.session, ids)
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            assert len(records) == len(ids)
            if os.environ.get("LSQ_BENCH_PARTS"):
                from lsq_core import gpa as G
                from lsq_core.record import _result_rows

                for name, call in (("result rows", lambda: _result_rows(db.session, ids[:900])),
                                   ("term sums", lambda: G.term_sums(db.session, ids[:900])),
                                   ("area sums", lambda: G.area_gpas(db.session, ids[:900])),
                                   ("credits", lambda: G.credits(db.session, ids[:900]))):
                    started = time.perf_counter()
                    call()
                    print(f"  {name} (900 students): {time.perf_counter() - started:.3f} s")
            if os.environ.get("LSQ_BENCH_PROFILE"):
                import cProfile
                import pstats

                db.session.expunge_all()
                cProfile.runctx("build_records(db.session, ids)", globals(), locals(), "/tmp/lsq-bench.prof")
                pstats.Stats("/tmp/lsq-bench.prof").sort_stats("tottime").print_stats(15)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            engine = db.engine.url.get_backend_name()
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()
    print(f"database: {engine}")
    print(f"students: {len(ids)}, results: {count} (generated in {generated:.1f} s)")
    print(f"build_records, all students: median {statistics.median(timings):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in timings)})")
    # on a shared machine the wall time varies with the load; this process's own CPU
    # time (all of SQLite's work, none of the PostgreSQL server's) varies less
    print(f"CPU time of this process: median {statistics.median(cpu):.2f} s, load average {os.getloadavg()[0]:.1f}")
    print(f"peak memory of the process (ru_maxrss): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
