"""The set-based result import (lsq_core.results_bulk) writes exactly what the per-row path
(``results_service.enter_result`` for every row, as the importer did before) writes:
the same result rows, the same ResultHistory rows and the same audit ledger events, for new
results and for changes on top of stored ones. Each path runs on the same database state in
its own transaction, which is rolled back after its rows are read.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lsq_core.audit import set_audit_reason
from lsq_core.entry_windows import EntryWindowClosed
from lsq_core.extensions import db
from lsq_core.models import AuditEvent, Classroom, Result, Student, Subject
from lsq_core.models.calendar import TERM_RESULTS_DUE, CalendarEvent
from lsq_core.models.org import AcademicYear, Term
from lsq_core.models.results import ResultHistory
from lsq_core.results_bulk import write_results
from lsq_core.results_service import enter_result
from lsq_core.thai import thai_today
from lsq_core.transfer.importer import _assign, import_workbook
from lsq_core.transfer.reader import dry_run
from tests.test_transfer import build, clean_rows, school

REASON = "นำเข้าจากแฟ้มโอนข้อมูล"


def first_results():
    """New results: scores (Thai digits, a fraction), attendance below the threshold (มส), letters,
    a grade given beside a score, with and without a room; activities passed and failed."""
    return {
        "results": [
            {"student_number": "T0001", "subject_code": "ท11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": 85, "attendance": 100},
            {"student_number": "T0002", "subject_code": "ท11101", "year": "๒๕๖๘", "term": "๑", "level": "ป.1",
             "score": "๗๒.๕", "attendance": 95},
            {"student_number": "T0003", "subject_code": "ค11101", "year": 2568, "term": 1, "grade": "ร"},
            {"student_number": "T0001", "subject_code": "ค11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": 90, "attendance": 70},
            {"student_number": "T0002", "subject_code": "ค11101", "year": 2568, "term": 1, "score": "49.5"},
            {"student_number": "T0003", "subject_code": "ท11101", "year": 2568, "term": 2, "level": "ป.1",
             "room": 1, "score": 60, "grade": "2"},
            {"student_number": "T0001", "subject_code": "ท11101", "year": 2568, "term": 2, "score": 0},
        ],
        "activities": [
            {"student_number": "T0001", "subject_code": "ก11901", "year": 2568, "term": 1, "grade": "ผ"},
            {"student_number": "T0002", "subject_code": "ก11901", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "grade": "มผ"},
        ],
    }


def second_results():
    """On top of the first: one row the same, one score changed, one letter as stored (skipped), one
    attendance raised above the threshold, one moved to a room, one attendance only, one new;
    an activity changed and one as stored."""
    return {
        "results": [
            {"student_number": "T0001", "subject_code": "ท11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": 85, "attendance": 100},
            {"student_number": "T0002", "subject_code": "ท11101", "year": 2568, "term": 1, "level": "ป.1",
             "score": 80, "attendance": 95},
            {"student_number": "T0003", "subject_code": "ค11101", "year": 2568, "term": 1, "grade": "ร"},
            {"student_number": "T0001", "subject_code": "ค11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": 90, "attendance": 90},
            {"student_number": "T0002", "subject_code": "ค11101", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "score": "49.5"},
            {"student_number": "T0003", "subject_code": "ท11101", "year": 2568, "term": 2, "level": "ป.1",
             "room": 1, "score": 60, "attendance": 99, "grade": "2"},
            {"student_number": "T0003", "subject_code": "ค11101", "year": 2568, "term": 2, "score": 77},
        ],
        "activities": [
            {"student_number": "T0001", "subject_code": "ก11901", "year": 2568, "term": 1, "grade": "มผ"},
            {"student_number": "T0002", "subject_code": "ก11901", "year": 2568, "term": 1, "level": "ป.1",
             "room": 1, "grade": "มผ"},
        ],
    }


def workbook(results):
    rows = clean_rows()
    rows.update(results)
    return build(rows)


def lookups(target):
    students = {s.student_number: s for s in db.session.query(Student).filter_by(school_id=target.id)}
    subjects = {s.code: s for s in db.session.query(Subject).filter_by(school_id=target.id)}
    rooms = {(y, c.level, c.room): c.id for c, y in db.session.query(Classroom, AcademicYear.year)
             .join(AcademicYear, Classroom.academic_year_id == AcademicYear.id)
             .filter(Classroom.school_id == target.id)}
    return students, subjects, rooms


def per_row(rows, students, subjects, rooms):
    """The importer's result path before results_bulk: every row through enter_result (the reference)."""
    existing = {(r.student_id, r.subject_id, r.term_id): r for r in db.session.query(Result)}
    for record in rows:
        student, subject = students[record.student_number], subjects[record.subject_code]
        room_id = rooms[(record.year, record.level, record.room)] if record.room is not None else None
        result = existing.get((student.id, subject.id, record.term_id))
        is_new = result is None
        if is_new:
            result = Result(student=student, subject=subject, term=db.session.get(Term, record.term_id),
                            source="import")
            result.level, result.classroom_id = record.level, room_id
            moved = False
        else:
            moved = _assign(result, {"level": record.level, "classroom_id": room_id})
        if not is_new and not moved and record.grade is not None \
                and (result.score, result.attendance, result.grade) == (record.score, record.attendance, record.grade):
            continue
        enter_result(result, score=None if record.score is None else str(record.score),
                     attendance=None if record.attendance is None else str(record.attendance),
                     grade=record.grade, action="import", reason=REASON)
    db.session.flush()


def bulk(rows, students, subjects, rooms, target):
    write_results(rows, target, students=students, subjects=subjects, rooms=rooms, action="import", reason=REASON)


RESULT_COLUMNS = [c.key for c in Result.__table__.c if c.key != "id"]


def snapshot(since_event: int) -> dict:
    """Everything both paths write, keyed by natural key (ids and clocks differ between runs)."""
    results = {r.id: r for r in db.session.query(Result).all()}
    key = {i: (r.student.student_number, r.subject.code, r.term_id) for i, r in results.items()}
    history: dict[tuple, list] = {}
    for h in db.session.query(ResultHistory).order_by(ResultHistory.id):
        history.setdefault(key[h.result_id], []).append(
            (h.actor_name, h.action, h.old_score, h.old_grade, h.new_score, h.new_grade, h.reason))
    events = sorted(
        repr((e.action, key.get(e.record_id), e.actor_id, e.actor_name, e.record_label,
              json.dumps(e.changes, sort_keys=True, ensure_ascii=False), e.reason,
              e.province_id, e.authority_id, e.school_id))
        for e in db.session.query(AuditEvent).filter(AuditEvent.id > since_event,
                                                     AuditEvent.table_name == "lsq_result"))
    return {"results": {key[i]: tuple(getattr(r, c) for c in RESULT_COLUMNS) for i, r in results.items()},
            "history": history, "events": events}


def both_paths(rows, target):
    """Run the reference and the bulk path on the same state; return both snapshots."""
    marker = db.session.query(db.func.max(AuditEvent.id)).scalar() or 0
    got = []
    for path in ("per_row", "bulk"):
        set_audit_reason("นำเข้าจากแฟ้มโอนข้อมูล (transfer workbook)")
        students, subjects, rooms = lookups(target)
        if path == "per_row":
            per_row(rows, students, subjects, rooms)
        else:
            bulk(rows, students, subjects, rooms, target)
        db.session.expire_all()
        got.append(snapshot(marker))
        db.session.rollback()
    return got


def assert_same(reference, got):
    for part in ("results", "history", "events"):
        assert reference[part] == got[part], part


def result_rows(results, target):
    report = dry_run(workbook(results), target)
    assert report.ok, report.table()
    return report.rows["results"] + report.rows["activities"]


def test_bulk_writes_what_enter_result_writes_new_and_changed(fresh_app):
    with fresh_app.app_context():
        target = school()
        # the students, rooms and subjects first (no results), committed
        assert import_workbook(workbook({"results": [], "activities": []}), target).committed
        target = school()

        reference, got = both_paths(result_rows(first_results(), target), target)
        assert_same(reference, got)
        new = {k: v for k, v in got["results"].items() if k[0].startswith("T")}
        assert len(new) == 9 and sum(len(h) for k, h in got["history"].items() if k[0].startswith("T")) == 9
        assert sum(1 for e in got["events"] if "'create'" in e) == 9
        grades = {k[:2]: v[RESULT_COLUMNS.index("grade")] for k, v in new.items()}
        assert grades[("T0001", "ค11101")] == "มส" and grades[("T0002", "ค11101")] == "1"  # 49.5 rounds up to 50

        # the first set stored (through the importer, i.e. results_bulk), then the second on top of it
        outcome = import_workbook(workbook(first_results()), school())
        assert outcome.committed and outcome.created == {"results": 7, "activities": 2}
        target = school()
        reference, got = both_paths(result_rows(second_results(), target), target)
        assert_same(reference, got)
        changed = [e for e in got["events"] if "'update'" in e]
        assert len(changed) == 5 and sum(1 for e in got["events"] if "'create'" in e) == 1

        # and through the importer, counted as before
        outcome = import_workbook(workbook(second_results()), school())
        assert outcome.committed
        assert outcome.created == {"results": 1} and outcome.updated == {"results": 4, "activities": 1}
        again = import_workbook(workbook(second_results()), school())
        assert again.committed and not any(again.created.values()) and not any(again.updated.values())


def test_bulk_checks_the_entry_window_once_per_term_and_writes_nothing_when_closed(fresh_app):
    with fresh_app.app_context():
        target = school()
        assert import_workbook(workbook({"results": [], "activities": []}), target).committed
        target = school()
        rows = result_rows(first_results(), target)
        term = db.session.get(Term, rows[0].term_id)
        db.session.add(CalendarEvent(academic_year_id=term.academic_year_id, kind=TERM_RESULTS_DUE,
                                     education_type="basic", term_id=term.id, title="ปิดรับผลการเรียน",
                                     due_date=thai_today() - dt.timedelta(days=1)))
        db.session.commit()
        before = (db.session.query(Result).count(), db.session.query(ResultHistory).count(),
                  db.session.query(AuditEvent).count())
        students, subjects, rooms = lookups(school())
        with pytest.raises(EntryWindowClosed) as closed:
            write_results(rows, school(), students=students, subjects=subjects, rooms=rooms, reason=REASON)
        assert "ปิดการบันทึก" in closed.value.message
        db.session.rollback()
        assert (db.session.query(Result).count(), db.session.query(ResultHistory).count(),
                db.session.query(AuditEvent).count()) == before
