"""The ปพ.3 workflow: the school registrar prepares → the director approves (the date the
registrar enters) → the LAO's registration officer verifies or returns with reasons → locked.

Each step is one transaction and is written to the audit ledger (the models are
Audited; the reason of a return is also kept on the report). Who may take a step is
the security manager's (permissions "write" and "verify" on GraduateReport) and the
scope's; this module keeps the order of the steps and what each needs.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, Classroom, Enrollment, School, Student
from lsq_core.models.graduate_reports import GraduateReport, GraduateReportEntry
from lsq_core.thai import thai_today
from lsq_core.record import build_records
from lsq_core.validation import ValidationFailed

EDITABLE = ("draft", "returned")


def finishing_levels() -> dict[str, str]:
    """Level code → name, of every level a graduation rule finishes (ป.6, ม.3, ม.6 …)."""
    names = dict(current_app.extensions["lsq"].education_types.level_choices())
    return {level: names.get(level, level) for rule in current_app.extensions["lsq"].graduation_rules
            for level in rule.levels}


def cohort_students(school: School, year: AcademicYear, level: str) -> list[tuple[Student, Classroom]]:
    rows = (db.session.query(Student, Classroom).join(Enrollment, Enrollment.student_id == Student.id)
            .join(Classroom, Classroom.id == Enrollment.classroom_id)
            .filter(Classroom.school_id == school.id, Classroom.academic_year_id == year.id,
                    Classroom.level == level)
            .order_by(Classroom.room, Enrollment.number, Student.student_number))
    return [(student, classroom) for student, classroom in rows if student.status in ("studying", "graduated")]


def build(school: School, year: AcademicYear, level: str) -> GraduateReport:
    """Create or rebuild the report of a finishing level: every student who passes the check.

    Students who do not pass are left out and named, so the registrar sees who and why.
    """
    finishing = finishing_levels()
    if level not in finishing:
        raise ValidationFailed({"level": [f"ระดับชั้นนี้ไม่ใช่ชั้นที่จบการศึกษา ({' '.join(finishing.values())})"]})
    report = (db.session.query(GraduateReport)
              .filter_by(school_id=school.id, academic_year_id=year.id, level=level).one_or_none())
    if report is None:
        report = GraduateReport(school=school, academic_year=year, level=level, status="draft")
        db.session.add(report)
    elif report.status not in EDITABLE:
        raise ValidationFailed({"status": [f"รายงานนี้{report.status_label} แก้ไขไม่ได้"]})
    cohort = cohort_students(school, year, level)
    records = build_records(db.session, [student.id for student, _ in cohort])
    entries, left_out = [], []
    for student, classroom in cohort:
        record = records[student.id]
        graduation = record.get("graduation") or {"eligible": False, "reasons": ["ไม่พบผลการตรวจสอบเกณฑ์การจบ"]}
        if not graduation["eligible"]:
            left_out.append(f"{student.student_number} {student.full_name()}: {'; '.join(graduation['reasons'])}")
            continue
        entries.append(GraduateReportEntry(student=student, number=len(entries) + 1,
                                           figures=_figures(student, classroom, record)))
    if not entries:
        raise ValidationFailed({"students": ["ไม่มีนักเรียนที่ผ่านเกณฑ์การจบในระดับชั้นนี้", *left_out]})
    kept = {entry.student.id for entry in entries}
    for old in report.entries:
        if old.student_id not in kept:
            _withdraw(old.student, report)
    report.entries.clear()
    db.session.flush()  # the old entries go before the new ones come (one row per student and report)
    report.entries.extend(entries)
    report.built_on = dt.datetime.utcnow()
    report.status = "draft"
    db.session.commit()
    report.left_out = left_out
    return report


def _withdraw(student: Student, report: GraduateReport) -> None:
    """A student the submitted report made a graduate, left out when it is prepared again
    (their results changed after a return): studying again, until a report lists them."""
    if student.status == "graduated" and report.approved_on and student.status_date == report.approved_on:
        student.status, student.status_date, student.status_reason = "studying", None, None
        for enrollment in student.enrollments:
            if enrollment.classroom.academic_year_id == report.academic_year_id \
                    and enrollment.classroom.level == report.level:
                enrollment.outcome = None


def _figures(student: Student, classroom: Classroom, record: dict) -> dict:
    return {"student_number": student.student_number, "national_id": student.national_id,
            "name": record["student"]["name"], "birth_date": student.birth_date.isoformat(),
            "classroom": repr(classroom), "gpax": record["gpax"], "gpa_by_area": record["gpa_by_area"],
            "credits": record["credits"], "reading_thinking_writing": record["reading_thinking_writing"],
            "characteristics": record["characteristics"]}


def submit(report: GraduateReport, approved_on: dt.date | None, user, today: dt.date | None = None) -> None:
    """The director has approved: the graduates get their status and the report goes to the LAO.

    The check is run again, because results may have changed since the report was built.
    """
    today = today or thai_today()
    if report.status not in EDITABLE:
        raise ValidationFailed({"status": [f"รายงานนี้{report.status_label} ส่งซ้ำไม่ได้"]})
    if approved_on is None:
        raise ValidationFailed({"approved_on": ["กรุณาระบุวันที่ผู้อำนวยการอนุมัติการจบ"]})
    if approved_on > today:
        raise ValidationFailed({"approved_on": ["วันที่อนุมัติการจบต้องไม่เป็นวันในอนาคต"]})
    records = build_records(db.session, [entry.student_id for entry in report.entries])
    stale = [f"{entry.figures['student_number']} {entry.figures['name']}: "
             f"{'; '.join((records[entry.student_id].get('graduation') or {}).get('reasons') or ['-'])}"
             for entry in report.entries if not (records[entry.student_id].get("graduation") or {}).get("eligible")]
    if stale:
        raise ValidationFailed({"students": ["ผลการเรียนเปลี่ยนไปหลังจัดทำรายงาน กรุณาจัดทำรายงานใหม่:", *stale]})
    year = report.academic_year.year
    for entry in report.entries:
        student = entry.student
        student.status, student.status_date = "graduated", approved_on
        student.status_reason = f"สำเร็จการศึกษาชั้น {report.level_name} ปีการศึกษา {year}"
        for enrollment in student.enrollments:
            if enrollment.classroom.academic_year_id == report.academic_year_id \
                    and enrollment.classroom.level == report.level:
                enrollment.outcome = "graduated"
    report.approved_on = approved_on
    report.director_name = report.school.director_name
    report.status, report.submitted_by_id, report.submitted_on = "submitted", user.id, dt.datetime.utcnow()
    report.return_reason = None
    db.session.commit()


def verify(report: GraduateReport, user) -> None:
    """The LAO's registration officer has checked the report: it is locked from now on."""
    if report.status != "submitted":
        raise ValidationFailed({"status": [f"ตรวจสอบได้เฉพาะรายงานที่ส่งมาแล้ว (สถานะปัจจุบัน: {report.status_label})"]})
    report.status, report.checked_by_id, report.checked_on = "verified", user.id, dt.datetime.utcnow()
    db.session.commit()


def send_back(report: GraduateReport, user, reason: str) -> None:
    """Returned with the officer's reasons; the school corrects, rebuilds and submits again."""
    if report.status != "submitted":
        raise ValidationFailed({"status": [f"ส่งคืนได้เฉพาะรายงานที่ส่งมาแล้ว (สถานะปัจจุบัน: {report.status_label})"]})
    if not (reason or "").strip():
        raise ValidationFailed({"reason": ["กรุณาระบุเหตุผลที่ส่งคืนให้แก้ไข"]})
    report.status, report.checked_by_id, report.checked_on = "returned", user.id, dt.datetime.utcnow()
    report.return_reason = reason.strip()
    db.session.commit()


def verified_approval(student_id: int) -> dt.date | None:
    """The approval date a transcript carries: that of a verified report listing the student."""
    return (db.session.query(GraduateReport.approved_on)
            .join(GraduateReportEntry, GraduateReportEntry.report_id == GraduateReport.id)
            .filter(GraduateReportEntry.student_id == student_id, GraduateReport.status == "verified")
            .order_by(GraduateReport.approved_on.desc()).limit(1).scalar())
