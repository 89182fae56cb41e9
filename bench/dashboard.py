"""Benchmark: the progress dashboard of a generated province with 200 schools and 100,000 students.

    python bench/dashboard.py                 # SQLite in a temporary folder
    LSQ_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python bench/dashboard.py

Generates, beside the demo's organisation tree, one province of 20 LAOs with 10 schools
each (200 schools), 500 students per school (100,000) in 12 classrooms of the current
academic year (ป.1–ป.6, two rooms each), 16 teaching assignments per classroom (8 subjects
in each of the two terms: 1.6 million expected results), the results of term 1 (about 2 %
missing, about 1 % ร or มส) and of term 2 for a third of the classrooms (about 1 million
result rows), some graduates of ป.6, ปพ.3 reports in every state, and registrar and
registration-officer appointments in every flag. All with Core bulk inserts.

Then times ``lsq_core.dashboard.progress`` for the province as its province officer sees it
(every school's figures and the LAO and province roll-ups): the median of 3 runs and the
peak memory of the process. Target: 0.5 s. Results: bench/results/dashboard.md.

LSQ_BENCH_ANALYZE=1 runs ANALYZE after loading; LSQ_BENCH_ANALYZE=vacuum runs VACUUM ANALYZE
on PostgreSQL (what autovacuum does on a production server after a bulk insert: statistics,
and the visibility map that index-only scans need).

The index the dashboard's result count is meant to read (RESULT_INDEX below, proposed for
the model and a migration, not in them yet) is created after loading, unless
LSQ_BENCH_NO_INDEX=1 (to measure without it). ``IF NOT EXISTS``: once a migration creates
it under this name, the statement does nothing.
LSQ_BENCH_SCHOOLS / LSQ_BENCH_STUDENTS_PER_SCHOOL change the size.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from bench.student_records import database_url  # noqa: E402
from lsq_core.app import create_app  # noqa: E402
from lsq_core.cli import init_database  # noqa: E402
from lsq_core.demo import load_demo  # noqa: E402
from lsq_core.extensions import db  # noqa: E402
from lsq_core.models import (  # noqa: E402
    AcademicYear, Appointment, Classroom, District, Enrollment, LocalAuthority, Province, Result, School, Student,
    Subject, TeachingAssignment,
)
from lsq_core.models.graduate_reports import GraduateReport  # noqa: E402
from lsq_core.security.scope import PROVINCE, Scope  # noqa: E402

SCHOOLS = int(os.environ.get("LSQ_BENCH_SCHOOLS", 200))
PER_SCHOOL = int(os.environ.get("LSQ_BENCH_STUDENTS_PER_SCHOOL", 500))
LEVELS = ("p1", "p2", "p3", "p4", "p5", "p6")
ROOMS = 2
AREAS = ("ท", "ค", "ว", "ส", "พ", "ศ", "ง", "อ")
GRADES = ("4", "3.5", "3", "2.5", "2", "1.5", "1")
#: the results per (classroom, subject, term) with their grade: lsq_core.dashboard._entered counts
#: them from this index alone (an index-only scan on PostgreSQL, a covering index on SQLite)
RESULT_INDEX = ("CREATE INDEX IF NOT EXISTS ix_lsq_result_classroom_subject_term_grade "
                "ON lsq_result (classroom_id, subject_id, term_id, grade)")


def bulk(table, rows, size=20000):
    for start in range(0, len(rows), size):
        db.session.execute(insert(table), rows[start:start + size])


def ids_of(model, column, values):
    return dict(db.session.execute(select(column, model.id).where(column.in_(values))).all())


def generate(rng: random.Random, year: AcademicYear, today: dt.date) -> int:
    terms = {t.number: t.id for t in year.terms}
    db.session.execute(insert(Province.__table__), [{"code": "90", "name_th": "สุขสันต์", "name_en": "Bench"}])
    province_id = db.session.execute(select(Province.id).where(Province.code == "90")).scalar_one()
    db.session.execute(insert(District.__table__), [{"code": "9001", "name_th": "เมืองสุขสันต์",
                                                     "province_id": province_id}])
    district_id = db.session.execute(select(District.id).where(District.code == "9001")).scalar_one()
    laos = SCHOOLS // 10
    bulk(LocalAuthority.__table__, [{"code": f"90{n:03d}", "name_th": f"องค์การบริหารส่วนตำบลทดสอบ {n}",
                                     "authority_type": "sao", "province_id": province_id,
                                     "district_id": district_id} for n in range(laos)])
    lao_ids = ids_of(LocalAuthority, LocalAuthority.code, [f"90{n:03d}" for n in range(laos)])
    school_rows = [{"code": f"90{n:05d}", "moe_code": f"30900{n:05d}", "name_th": f"โรงเรียนทดสอบ {n}",
                    "authority_id": lao_ids[f"90{n // 10:03d}"], "district_id": district_id,
                    "education_types": "basic", "levels": ",".join(LEVELS)} for n in range(SCHOOLS)]
    bulk(School.__table__, school_rows)
    school_ids = ids_of(School, School.code, [r["code"] for r in school_rows])
    schools = [school_ids[r["code"]] for r in school_rows]

    subjects = [{"school_id": s, "curriculum": "basic_2551", "code": f"{area}1{lv[1]}10{term}",
                 "name_th": f"วิชา {area} {lv} {term}", "group": area, "kind": "basic", "credits": None, "hours": 40}
                for s in schools for lv in LEVELS for term in (1, 2) for area in AREAS]
    bulk(Subject.__table__, subjects)
    subject_ids = {(s, code): pk for s, code, pk in db.session.execute(
        select(Subject.school_id, Subject.code, Subject.id).where(Subject.school_id.in_(schools)))}
    bulk(Classroom.__table__, [{"school_id": s, "academic_year_id": year.id, "level": lv, "room": room}
                               for s in schools for lv in LEVELS for room in range(1, ROOMS + 1)])
    classrooms = {(s, lv, room): pk for s, lv, room, pk in db.session.execute(
        select(Classroom.school_id, Classroom.level, Classroom.room, Classroom.id)
        .where(Classroom.school_id.in_(schools)))}
    assignments = []
    for (s, lv, room), classroom in classrooms.items():
        for term in (1, 2):
            for area in AREAS:
                assignments.append({"classroom_id": classroom, "subject_id": subject_ids[(s, f"{area}1{lv[1]}10{term}")],
                                    "term_id": terms[term]})
    bulk(TeachingAssignment.__table__, assignments)

    students = []
    for i, s in enumerate(schools):
        for n in range(PER_SCHOOL):
            number = i * PER_SCHOOL + n
            students.append({"school_id": s, "education_type": "basic", "student_number": f"S{n:05d}",
                             "national_id": f"G9{number:011d}", "first_name": "นักเรียน", "last_name": f"ทดสอบ{n}",
                             "sex": "M" if n % 2 else "F", "birth_date": dt.date(2014, 1, 1),
                             "status": "studying"})
    bulk(Student.__table__, students)
    student_ids = {(s, number): pk for s, number, pk in db.session.execute(
        select(Student.school_id, Student.student_number, Student.id).where(Student.school_id.in_(schools)))}
    enrolments, results, graduated = [], [], []
    per_room = PER_SCHOOL // (len(LEVELS) * ROOMS) + 1
    for index, s in enumerate(schools):
        if index and index % 10 == 0:  # in chunks, so the generator's memory stays small
            bulk(Enrollment.__table__, enrolments)
            bulk(Result.__table__, results)
            enrolments, results = [], []
        term2_rooms = {key for key in classrooms if key[0] == s and rng.random() < 1 / 3}
        for n in range(PER_SCHOOL):
            slot = min(n // per_room, len(LEVELS) * ROOMS - 1)
            lv, room = LEVELS[slot // ROOMS], slot % ROOMS + 1
            classroom = classrooms[(s, lv, room)]
            student = student_ids[(s, f"S{n:05d}")]
            outcome = None
            if lv == "p6" and s % 4 == 0 and n % 3:  # some ป.6 classes already approved
                outcome = "graduated"
                graduated.append(student)
            enrolments.append({"student_id": student, "classroom_id": classroom, "number": n % per_room + 1,
                               "outcome": outcome})
            for term in (1, 2):
                if term == 2 and (s, lv, room) not in term2_rooms:
                    continue
                for area in AREAS:
                    roll = rng.random()
                    if roll < 0.02:
                        continue  # not entered yet
                    grade = "ร" if roll < 0.025 else "มส" if roll < 0.03 else rng.choice(GRADES)
                    results.append({"student_id": student, "subject_id": subject_ids[(s, f"{area}1{lv[1]}10{term}")],
                                    "term_id": terms[term], "classroom_id": classroom, "level": lv,
                                    "grade": grade, "gpa_weight": 0, "credits_studied": 0, "credits_earned": 0,
                                    "remedy_attempts": 0, "source": "entry", "version": 1})
    bulk(Enrollment.__table__, enrolments)
    bulk(Result.__table__, results)
    for start in range(0, len(graduated), 5000):
        db.session.execute(Student.__table__.update().where(Student.id.in_(graduated[start:start + 5000]))
                           .values(status="graduated", status_date=today))
    bulk(GraduateReport.__table__, [{"school_id": s, "academic_year_id": year.id, "level": "p6",
                                     "status": ("draft", "submitted", "returned", "verified")[i % 4]}
                                    for i, s in enumerate(schools) if i % 5])
    order = dt.date(today.year - 1, 5, 20)
    appointments = []
    for i, s in enumerate(schools):
        if i % 10 == 9:
            continue  # missing
        end = (None, today + dt.timedelta(days=30), today - dt.timedelta(days=5), today + dt.timedelta(days=400))[i % 4]
        appointments.append({"person_name": f"ครูทดสอบ {i}", "role": "school_registrar",
                             "authority_id": lao_ids[f"90{i // 10:03d}"], "school_id": s,
                             "order_number": f"{i}/2569", "order_date": order, "effective_from": order,
                             "effective_to": end, "status": "active"})
    for n in range(laos):
        if n % 7 == 6:
            continue
        appointments.append({"person_name": f"นักวิชาการทดสอบ {n}", "role": "lao_registration_officer",
                             "authority_id": lao_ids[f"90{n:03d}"], "school_id": None,
                             "order_number": f"L{n}/2569", "order_date": order, "effective_from": order,
                             "effective_to": None, "status": "active"})
    bulk(Appointment.__table__, appointments)
    db.session.commit()
    return province_id


def server_cpu(pid) -> float:
    """CPU seconds used so far by a PostgreSQL backend on this machine (its /proc entry), so
    that the server's own work can be told from waiting for a core on a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    from lsq_core import dashboard

    keep = os.environ.get("LSQ_BENCH_KEEP")  # SQLite only: a folder whose bench.db is reused when present
    folder = keep or tempfile.mkdtemp(prefix="lsq-bench-")
    reuse = bool(keep) and (Path(folder) / "bench.db").exists()
    url, drop = database_url(folder)
    app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": url, "SECRET_KEY": "bench" * 8})
    try:
        with app.app_context():
            today = dashboard.thai_today()
            started = time.perf_counter()
            if reuse:
                province_id = db.session.execute(select(Province.id).where(Province.code == "90")).scalar_one()
            else:
                init_database()
                load_demo(with_students=False)
                year = dashboard.current_year(db.session, today)
                province_id = generate(random.Random(1), year, today)
            generated = time.perf_counter() - started
            counts = {name: db.session.query(model).count() for name, model in
                      (("students", Student), ("enrolments", Enrollment), ("teaching assignments", TeachingAssignment),
                       ("results", Result), ("appointments", Appointment))}
            if not os.environ.get("LSQ_BENCH_NO_INDEX"):
                db.session.execute(text(RESULT_INDEX))
                db.session.commit()
            analyze = os.environ.get("LSQ_BENCH_ANALYZE")
            if analyze == "vacuum" and db.engine.url.get_backend_name() == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    for table in Result.metadata.sorted_tables:
                        conn.execute(text(f'VACUUM ANALYZE "{table.name}"'))
            elif analyze:
                # the models' metadata (FAB's Model), not db.metadata, which holds no table
                for table in Result.metadata.sorted_tables:
                    db.session.execute(text(f'ANALYZE "{table.name}"'))
                db.session.commit()
            scope = Scope(PROVINCE, province_id=province_id)
            timings, cpu, backend_cpu = [], [], []
            backend = None  # the server process, when PostgreSQL runs on this machine
            if db.engine.url.get_backend_name() == "postgresql" and db.engine.url.host in ("127.0.0.1", "localhost"):
                backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
                if not Path(f"/proc/{backend}/stat").exists():
                    backend = None
            for _ in range(3):
                db.session.expunge_all()
                figures = None
                backend_started = server_cpu(backend) if backend else 0.0
                started, cpu_started = time.perf_counter(), time.process_time()
                figures = dashboard.progress(db.session, scope)
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                if backend:
                    backend_cpu.append(server_cpu(backend) - backend_started)
            if os.environ.get("LSQ_BENCH_PARTS"):  # each grouped query on its own
                from lsq_core.models import Classroom

                year = dashboard.current_year(db.session, today)
                schools = dashboard._school_ids(scope)
                gone = dashboard._gone(db.session, year.id, schools)
                keys, taught = dashboard._classrooms(db.session, Classroom.school_id, year.id, schools)
                for name, call in (("students", lambda: dashboard._students(db.session, schools)),
                                   ("classrooms", lambda: dashboard._classrooms(db.session, Classroom.school_id,
                                                                                year.id, schools)),
                                   ("expected", lambda: dashboard._expected(db.session, year.id, schools, keys,
                                                                            taught, gone)),
                                   ("entered", lambda: dashboard._entered(db.session, year.id, schools, keys,
                                                                          taught, gone)),
                                   ("graduates", lambda: dashboard._graduates(db.session, Classroom.school_id,
                                                                              year.id, schools))):
                    part_started = time.perf_counter()
                    call()
                    print(f"  {name}: {time.perf_counter() - part_started:.3f} s")
            json_started = time.perf_counter()
            dashboard.as_json(figures)
            json_time = time.perf_counter() - json_started
            if os.environ.get("LSQ_BENCH_PROFILE"):
                import cProfile
                import pstats

                cProfile.runctx("dashboard.progress(db.session, scope)", globals(), locals(), "/tmp/lsq-dash.prof")
                pstats.Stats("/tmp/lsq-dash.prof").sort_stats("cumtime").print_stats(12)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            engine = db.engine.url.get_backend_name()
            total = figures["total"]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()
    print(f"database: {engine}")
    print(", ".join(f"{name}: {n:,}" for name, n in counts.items()) + f" (generated in {generated:.1f} s)")
    print(f"province: {len(figures['schools'])} schools, {len(figures['authorities'])} LAOs; "
          f"students {total['students']:,}, expected results {total['expected_results']:,}, "
          f"complete {total['complete_results']:,} ({total['results_complete_pct']} %), pending {total['pending']:,}, "
          f"graduates {total['graduates']:,}, registrar appointments {total['registrar_appointments']}")
    print(f"dashboard.progress, the province: median {statistics.median(timings):.3f} s "
          f"(runs: {', '.join(f'{t:.3f}' for t in timings)}); as_json {json_time:.3f} s")
    print(f"CPU time of this process: median {statistics.median(cpu):.3f} s, load average {os.getloadavg()[0]:.1f}")
    if backend_cpu:
        print(f"CPU time of the PostgreSQL backend (parallel workers not included): median "
              f"{statistics.median(backend_cpu):.3f} s (runs: {', '.join(f'{t:.3f}' for t in backend_cpu)})")
    print(f"peak memory of the process (ru_maxrss): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
