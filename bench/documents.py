"""Benchmark: ปพ.1 transcripts per second, xhtml2pdf (the product's engine) against WeasyPrint.

    pip install -e ".[bench]"          # WeasyPrint, the comparison only (needs pango)
    python bench/documents.py          # SQLite demo database in a temporary folder

Builds the demo database (``lsq_core.demo.load_demo``, as ``lsq demo`` does) and takes
the ม.6 student of school 8100202 with the lowest id (a full ม.4–ม.6 record, two sides).

1. xhtml2pdf: the context is built once exactly as ``lsq_core.documents.issuing.issue``
   builds it for "basic_ed.pp1" (record of the stage, serial, QR code, the type's own
   context), then ``render_document(doc_type, context)`` is timed: N documents in one
   process, and N documents in two forked processes (N/2 each, workers warmed first).
   Also ``issuing.issue`` itself in one process (database, serial, QR, hash, file store).
2. WeasyPrint: the SAME HTML (``engine.render_html`` with that context) with the Sarabun
   @font-face URLs ("font:…") rewritten to file:// paths of ``engine.FONT_DIR``.
3. The bulk job: ``bulk_documents`` for a cohort of LSQ_BENCH_COHORT (default 300) copies
   of that student, prepared and run in-process through ``lsq_core.jobs.run_job``
   (issue each, merge one PDF, zip the singles), timed once.

Every rate is the median of 3 runs. LSQ_BENCH_DOCS (default 20) sets N; LSQ_BENCH_COHORT=0
skips the bulk job. Targets (the issue): ≥ 5 ปพ.1/s on a 2-core machine, and xhtml2pdf's
time ≤ 0.6 × WeasyPrint's. Results: bench/results/documents.md.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from lsq_core.app import create_app  # noqa: E402
from lsq_core.cli import init_database  # noqa: E402
from lsq_core.demo import load_demo  # noqa: E402
from lsq_core.documents import engine, issuing  # noqa: E402
from lsq_core.extensions import db  # noqa: E402
from lsq_core.models import Classroom, Enrollment, Result, School, Student, TraitAssessment  # noqa: E402
from lsq_core.record import build_records, latest_levels  # noqa: E402

DOCS = int(os.environ.get("LSQ_BENCH_DOCS", 20))
COHORT = int(os.environ.get("LSQ_BENCH_COHORT", 300))
RUNS = 3
TYPE = "basic_ed.pp1"
REGISTRAR = "registrar_b"  # the registrar of school 8100202

# set in the parent before the pool forks: the workers inherit them
_DOC_TYPE = None
_CONTEXT = None


def _render_many(n: int) -> int:
    for _ in range(n):
        engine.render_document(_DOC_TYPE, _CONTEXT)
    return n


def median_rate(call, n: int) -> tuple[float, list[float]]:
    """Documents per second: the median of RUNS timings of ``call()`` making n documents."""
    times, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # this process's CPU seconds per document: less disturbed by other work on the machine than the
    # wall clock (meaningless for the pool, whose work is in its children)
    return n / statistics.median(times), times + [statistics.median(cpu) / n]


def weasyprint_renderer(template_dir: Path):
    try:
        import weasyprint
    except ImportError:
        return None, None
    font_url = engine.FONT_DIR.resolve().as_uri() + "/"

    def render(html: str) -> bytes:
        html = html.replace('url("font:', f'url("{font_url}')
        return weasyprint.HTML(string=html, base_url=str(template_dir)).write_pdf()

    return render, weasyprint.__version__


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def build_context(doc_type, student, user):
    """The context of issuing.issue for a student document, without keeping the document."""
    levels = doc_type.record_levels(latest_levels(db.session, [student.id]).get(student.id))
    record = build_records(db.session, [student.id], levels=levels)[student.id]
    document = issuing._new_document(doc_type, student.school_id, user, None, None, None, student_id=student.id)
    context = {"student": student, "record": record}
    context.update(issuing._platform_context(doc_type, student.school, document, None, None))
    context.update(doc_type.context(record, student, student.school, document))
    return context


def clone_students(source: Student, count: int) -> list[int]:
    """``count`` copies of a student (row, enrolments, results, trait assessments), by Core inserts."""
    student_table = Student.__table__
    row = dict(db.session.execute(select(student_table).where(student_table.c.id == source.id)).mappings().one())
    row.pop("id")
    ids = []
    for n in range(count):
        copy = {**row, "student_number": f"C{n:05d}", "national_id": f"9{n:012d}", "last_name": f"ทดสอบ{n}"}
        ids.append(db.session.execute(insert(student_table).values(**copy)).inserted_primary_key[0])
    for table in (Result.__table__, Enrollment.__table__, TraitAssessment.__table__):
        rows = [dict(r) for r in db.session.execute(select(table).where(table.c.student_id == source.id)).mappings()]
        for r in rows:
            r.pop("id")
        copies = [{**r, "student_id": pk} for pk in ids for r in rows]
        if copies:
            db.session.execute(insert(table), copies)
    db.session.commit()
    return ids


def bulk_job(student_ids: list[int], user) -> tuple[float, int, int, int]:
    """bulk_documents prepared and run in this process; (seconds, merged PDF bytes, its pages, documents)."""
    from lsq_core.jobs import get_kind, now, run_job
    from lsq_core.jobs.files import job_files
    from lsq_core.models import Job

    from flask import current_app

    started = time.perf_counter()
    with current_app.test_request_context("/"):
        g.user = user
        kind = get_kind("bulk_documents")
        plan = kind.prepare({"type": TYPE, "student_ids": student_ids}, user)
        job = Job(kind=kind.name, parameters={**plan.params, "base_url": None}, status="queued", total=plan.total,
                  done=0, school_id=plan.school_id, created_by_id=user.id, created_on=now(), message="รอคิว")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    run_job(job_id)
    elapsed = time.perf_counter() - started
    job = db.session.get(Job, job_id)
    if job.status != "done":
        raise SystemExit(f"bulk job {job.status}: {job.message}")
    merged = job_files().path(job.pdf_key).read_bytes()
    return elapsed, len(merged), pages(merged), len(job.result["documents"])


def main() -> None:
    global _DOC_TYPE, _CONTEXT

    folder = tempfile.mkdtemp(prefix="lsq-bench-docs-")
    app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                      "SECRET_KEY": "bench" * 8})
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} at start; {DOCS} documents a run, "
          f"median of {RUNS}")
    with app.app_context(), app.test_request_context("/"):
        init_database()
        load_demo()
        user = app.appbuilder.sm.find_user(username=REGISTRAR)
        g.user = user
        student = (db.session.query(Student).join(Enrollment).join(Classroom).join(School)
                   .filter(School.code == "8100202", Classroom.level == "m6").order_by(Student.id).first())
        doc_type = issuing.document_types().get(TYPE)
        context = build_context(doc_type, student, user)
        html = engine.render_html(doc_type.template_dir, doc_type.template, context)
        pdf = engine.render_document(doc_type, context)  # warm: imports, fonts, every lazy attribute
        print(f"student {student.student_number} ({context['record'].get('level')}), HTML {len(html):,} chars, "
              f"xhtml2pdf PDF {len(pdf):,} bytes, {pages(pdf)} pages")
        _DOC_TYPE, _CONTEXT = doc_type, context
        rows = []

        rate, times = median_rate(lambda: _render_many(DOCS), DOCS)
        rows.append(("xhtml2pdf, render_document, 1 process", rate, times))

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(2) as pool:
            pool.map(_render_many, [1, 1])  # warm both workers
            half = DOCS // 2
            rate, times = median_rate(lambda: pool.map(_render_many, [half, DOCS - half]), DOCS)
        rows.append(("xhtml2pdf, render_document, 2 processes", rate, times))

        wp_render, wp_version = weasyprint_renderer(doc_type.template_dir)
        if wp_render is None:
            print("WeasyPrint is not installed: pip install -e '.[bench]' (needs pango); its rows are skipped")
        else:
            wp_pdf = wp_render(html)  # warm
            print(f"WeasyPrint {wp_version}: PDF {len(wp_pdf):,} bytes, {pages(wp_pdf)} pages")
            if os.environ.get("LSQ_BENCH_SAVE"):  # both PDFs, to look at
                Path(os.environ["LSQ_BENCH_SAVE"]).mkdir(parents=True, exist_ok=True)
                Path(os.environ["LSQ_BENCH_SAVE"], "pp1-xhtml2pdf.pdf").write_bytes(pdf)
                Path(os.environ["LSQ_BENCH_SAVE"], "pp1-weasyprint.pdf").write_bytes(wp_pdf)

            def weasy_many(n=DOCS):
                for _ in range(n):
                    wp_render(html)

            rate, times = median_rate(weasy_many, DOCS)
            rows.append((f"WeasyPrint {wp_version}, same HTML, 1 process", rate, times))

        db.session.rollback()  # the serial the context took

        def issue_many(n=DOCS):
            for _ in range(n):
                issuing.issue(TYPE, student, user)

        rate, times = median_rate(issue_many, DOCS)
        rows.append(("issuing.issue (DB, serial, QR, render, store), 1 process", rate, times))

        print()
        print("| what | documents/s (median) | seconds for", DOCS, "docs (runs) | CPU s/document (this process) |")
        print("|---|---|---|---|")
        for name, rate, times in rows:
            cpu = "–" if "2 processes" in name else f"{times[-1]:.3f}"
            print(f"| {name} | **{rate:.2f}** | {', '.join(f'{t:.2f}' for t in times[:-1])} | {cpu} |")
        xh = rows[0][1]
        wp = next((r for n, r, _ in rows if n.startswith("WeasyPrint")), None)
        if wp:
            # CPU seconds are the figure to quote when other work shares the cores: the wall clock
            # of either engine then depends on what else ran during its runs
            wp_cpu = next(t[-1] for n, _, t in rows if n.startswith("WeasyPrint"))
            print(f"\nxhtml2pdf time / WeasyPrint time (1 process): {rows[0][2][-1] / wp_cpu:.2f}× in CPU seconds, "
                  f"{wp / xh:.2f}× wall clock (target ≤ 0.6×)")
        print(f"2 processes: {rows[1][1]:.2f}/s (target ≥ 5/s)")

        if COHORT:
            started = time.perf_counter()
            ids = clone_students(student, COHORT)
            print(f"\ncohort of {COHORT} copies made in {time.perf_counter() - started:.1f} s; running bulk_documents …")
            g.user = user
            elapsed, size, merged_pages, count = bulk_job(ids, user)
            print(f"bulk_documents {TYPE} for {count} students, in-process: {elapsed:.1f} s "
                  f"({count / elapsed:.2f} documents/s), merged PDF {size / 1e6:.1f} MB, {merged_pages} pages")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
