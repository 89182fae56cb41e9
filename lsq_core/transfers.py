"""Transfer-in: a student who comes from another LSQ school brings their results along.

The new school's registrar adds the student (the same national ID is then
flagged as found at the other school) and accepts the transfer: the results and
assessments recorded at the previous school are copied to the new record,
marked as coming from that school, and the previous record is closed as ย้ายออก.
"""

from __future__ import annotations

import datetime as dt

from lsq_core.extensions import db
from lsq_core.models import Result, Student, TraitAssessment
from lsq_core.models.results import ResultHistory
from lsq_core.validation import ValidationFailed

COPIED = ("subject_id", "term_id", "level", "score", "attendance", "grade", "points", "gpa_weight",
          "credits_studied", "credits_earned", "original_grade", "original_score", "remedy_kind",
          "remedy_attempts", "remedied_on")


def previous_record(student: Student) -> Student | None:
    return (db.session.query(Student)
            .filter(Student.national_id == student.national_id, Student.school_id != student.school_id,
                    Student.status == "studying")
            .order_by(Student.id.desc()).first())


def transfer_in(student: Student, on: dt.date, actor_name: str) -> int:
    """Copy the previous school's results to ``student``; returns how many results came along."""
    previous = previous_record(student)
    if previous is None:
        raise ValidationFailed({"national_id": ["ไม่พบนักเรียนเลขประจำตัวนี้ที่กำลังศึกษาในสถานศึกษาอื่น"]})
    if on is None:
        raise ValidationFailed({"date": ["กรุณาระบุวันที่ย้ายเข้า"]})
    have = {(r.subject_id, r.term_id) for r in db.session.query(Result).filter_by(student_id=student.id)}
    copied = 0
    for old in db.session.query(Result).filter_by(student_id=previous.id):
        if (old.subject_id, old.term_id) in have:
            continue
        new = Result(student=student, source="transfer", source_school=previous.school.name_th,
                     **{field: getattr(old, field) for field in COPIED})
        new.history.append(ResultHistory(actor_name=actor_name, action="transfer", new_score=old.score,
                                         new_grade=old.grade,
                                         reason=f"ย้ายมาจาก{previous.school.name_th}"))
        db.session.add(new)
        copied += 1
    for old in db.session.query(TraitAssessment).filter_by(student_id=previous.id):
        exists = db.session.query(TraitAssessment).filter_by(
            student_id=student.id, academic_year_id=old.academic_year_id, kind=old.kind, item=old.item).first()
        if exists is None:
            db.session.add(TraitAssessment(student=student, academic_year_id=old.academic_year_id, kind=old.kind,
                                           item=old.item, level=old.level))
    previous.status, previous.status_date = "moved_out", on
    previous.status_reason = f"ย้ายไป{student.school.name_th}"
    student.previous_school = student.previous_school or previous.school.name_th
    student.transfer_flag = None
    db.session.commit()
    return copied
