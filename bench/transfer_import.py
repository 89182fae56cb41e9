"""Benchmark: a transfer workbook with 100,000 results, checked and imported.

    python bench/transfer_import.py                 # SQLite in a temporary folder
    LSQ_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python bench/transfer_import.py

Builds (openpyxl write-only) a workbook for the demo's โรงเรียนเทศบาลบ้านท้ายช้าง (8200101,
ป.1–ป.6): LSQ_BENCH_STUDENTS students (default 3,200) with national IDs, classrooms and
enrolments of 2567 and 2568, the 48 subjects of ป.1–ป.6 (8 learning areas, hours per year),
and 8 subjects × 2 terms × 2 years = 32 results per student (102,400 results), scores with
Thai digits in every tenth row. Then times:

0. the floor: the same workbook read with openpyxl in read-only mode (every sheet, values only)
   and its rows inserted with one executemany into a scratch table (sheet + nine text columns),
   measured just before and just after the import (the ratio uses their mean),
1. the dry run (``lsq_core.transfer.reader.dry_run``),
2. the import (``import_workbook``: dry run, then the rows in one transaction, results through
   lsq_core.results_bulk), wall and CPU seconds, rows per second, and its ratio to the floor,
3. the same workbook imported again (must change nothing),
4. the export of the school's data (write-only, streamed) and the import of that export
   (must change nothing; rows equal to what is stored are skipped),

with the peak memory of the process during the import (VmHWM, reset just before it) and over
the whole run (ru_maxrss).
Targets (issue 6): import ≤ 30 s, ≤ 3× the floor, ≤ 500 MB. Results: bench/results/transfer_import.md.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook  # noqa: E402
from sqlalchemy import Column, Integer, MetaData, String, Table  # noqa: E402

from bench.student_records import database_url  # noqa: E402
from lsq_core.app import create_app  # noqa: E402
from lsq_core.cli import init_database  # noqa: E402
from lsq_core.demo import load_demo  # noqa: E402
from lsq_core.extensions import db  # noqa: E402
from lsq_core.models import Result, Student  # noqa: E402
from lsq_core.models.org import School  # noqa: E402
from lsq_core.thai import to_thai_digits  # noqa: E402
from lsq_core.transfer.export import write_workbook  # noqa: E402
from lsq_core.transfer.importer import import_workbook  # noqa: E402
from lsq_core.transfer.reader import dry_run  # noqa: E402
from lsq_core.transfer.schema import EXPLANATION_TITLE, SHEETS_BY_KEY  # noqa: E402

STUDENTS = int(os.environ.get("LSQ_BENCH_STUDENTS", 3200))
AREAS = ("ท", "ค", "ว", "ส", "พ", "ศ", "ง", "อ")
ROOMS = 4


def national_id(n: int) -> str:
    digits = f"5{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    return digits + str((11 - total % 11) % 10)


def make_workbook(path: str, students: int, seed: int = 6) -> int:
    """Write the workbook; returns the number of result rows."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    sheets = {key: wb.create_sheet(sheet.title) for key, sheet in SHEETS_BY_KEY.items()}
    for key, ws in sheets.items():
        ws.append(SHEETS_BY_KEY[key].headers)
    people = []
    for i in range(students):
        start = 1 + i % 5  # ป.1–ป.5 in 2567, one level up in 2568
        people.append((f"B{i:05d}", start, 1 + (i // 5) % ROOMS))
        sheets["students"].append([f"B{i:05d}", national_id(i), None, f"นักเรียน{i}", "ทดสอบ", None, None,
                                   "ชาย" if i % 2 else "หญิง", f"{1 + i % 28:02d}/0{1 + i % 9}/{2560 - start}"])
    for year in (2567, 2568):
        for level in range(1, 7):
            for room in range(1, ROOMS + 1):
                sheets["classrooms"].append([year, f"ป.{level}", room, None])
    for level in range(1, 7):
        for area in AREAS:
            sheets["subjects"].append([f"{area}1{level}101", f"วิชา {area} ป.{level}", None, "basic_2551", area,
                                       "พื้นฐาน", None, 120])
    results = 0
    for number, start, room in people:
        for offset, year in enumerate((2567, 2568)):
            level = start + offset
            sheets["enrolments"].append([year, f"ป.{level}", room, number, None, None])
            for term in (1, 2):
                for area in AREAS:
                    score = rng.randint(35, 100)
                    text = to_thai_digits(score) if results % 10 == 0 else score
                    sheets["results"].append([number, f"{area}1{level}101", year, term, f"ป.{level}", room, text,
                                              100, None])
                    results += 1
    wb.create_sheet(EXPLANATION_TITLE)
    wb.save(path)
    return results


def floor(path: str) -> tuple[float, float, int]:
    """Read the workbook with openpyxl read-only and insert its rows with one executemany:
    the least any import of this file can do. Returns (wall s, CPU s, rows)."""
    table = Table("bench_floor", MetaData(), Column("id", Integer, primary_key=True), Column("sheet", String(40)),
                  *(Column(f"c{i}", String(200)) for i in range(9)))
    table.create(db.engine)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        wb = load_workbook(path, read_only=True)
        rows = []
        for ws in wb.worksheets:
            for values in ws.iter_rows(min_row=2, values_only=True):
                cells = [None if v is None else str(v) for v in values[:9]]
                cells += [None] * (9 - len(cells))
                rows.append({"sheet": ws.title, **{f"c{i}": v for i, v in enumerate(cells)}})
        wb.close()
        with db.engine.begin() as conn:
            conn.execute(table.insert(), rows)
        return time.perf_counter() - t0, time.process_time() - c0, len(rows)
    finally:
        table.drop(db.engine)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the resident-set high-water mark (VmHWM) afresh, so a step's peak is its own (Linux)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def step_peak_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url, drop = database_url(folder)
        try:
            app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40, "TESTING": True,
                              "INSTANCE_PATH": folder})
            with app.app_context():
                init_database()
                load_demo()
                path = f"{folder}/transfer.xlsx"
                t0 = time.perf_counter()
                results = make_workbook(path, STUDENTS)
                t_build = time.perf_counter() - t0
                size = os.path.getsize(path) / 1e6
                school = db.session.query(School).filter_by(code="8200101").one()
                db.session.commit()

                t_floor, c_floor, floor_rows = floor(path)

                t0 = time.perf_counter()
                report = dry_run(path, school)
                t_dry = time.perf_counter() - t0
                assert report.ok, report.table()[:2000]
                db.session.rollback()

                ticks = []
                gc.collect()
                reset_peak()
                t0, c0 = time.perf_counter(), time.process_time()
                outcome = import_workbook(path, school, progress=lambda done, total: ticks.append(done))
                t_import, c_import = time.perf_counter() - t0, time.process_time() - c0
                peak_import = step_peak_mb()
                assert outcome.committed
                # the floor again right after: the ratio uses the mean of the two, so that a load that
                # changes during the run (a shared machine) does not tilt it
                t_floor2, c_floor2, _ = floor(path)
                t_floor_mean, c_floor_mean = (t_floor + t_floor2) / 2, (c_floor + c_floor2) / 2
                school = db.session.query(School).filter_by(code="8200101").one()
                stored = (db.session.query(Result).join(Student)
                          .filter(Student.school_id == school.id, Student.student_number.like("B%")).count())
                assert stored == results, (stored, results)

                t0 = time.perf_counter()
                again = import_workbook(path, school)
                t_again = time.perf_counter() - t0
                assert again.committed and not any(again.created.values()) and not any(again.updated.values())

                exported = f"{folder}/exported.xlsx"
                t0 = time.perf_counter()
                written = write_workbook(exported, school, filled=True)
                t_export = time.perf_counter() - t0
                t0 = time.perf_counter()
                back = import_workbook(exported, school)
                t_back = time.perf_counter() - t0
                assert back.committed and not any(back.created.values()) and not any(back.updated.values())
            print(f"database: {url.split('?')[0].split('://')[0]}")
            print(f"workbook: {STUDENTS:,} students, {results:,} results, {size:.1f} MB, built in {t_build:.1f} s")
            print(f"floor (openpyxl read-only + one executemany of {floor_rows:,} rows): {t_floor:.1f} s "
                  f"(CPU {c_floor:.1f} s) before the import, {t_floor2:.1f} s (CPU {c_floor2:.1f} s) after")
            print(f"dry run: {t_dry:.1f} s")
            print(f"import (dry run + write, one transaction): {t_import:.1f} s (CPU {c_import:.1f} s), "
                  f"{results / t_import:,.0f} results/s, {t_import / t_floor_mean:.2f}x the floor "
                  f"(CPU {c_import / c_floor_mean:.2f}x), {len(ticks)} progress reports")
            print(f"peak memory of the process during the import: {peak_import:.0f} MB")
            print(f"import again (nothing changes): {t_again:.1f} s")
            print(f"export of the school's data ({written['results']:,} results): {t_export:.1f} s")
            print(f"import of that export (nothing changes): {t_back:.1f} s")
            print(f"peak memory of the process over the whole run (the floor holds its rows): {peak_mb():.0f} MB")
            print(f"load average: {os.getloadavg()[0]:.2f}")
        finally:
            drop()


if __name__ == "__main__":
    main()
