"""Whole-cohort actions of a school: approving a graduating class, promoting at year end.

Each is one transaction: every student changes or none does.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from lsq_core.extensions import db
from lsq_core.models import AcademicYear, Classroom, CoursePlan, Enrollment, Student
from lsq_core.record import build_records
from lsq_core.validation import ValidationFailed


def graduation_candidates(classroom: Classroom) -> list[dict]:
    """The classroom's students with the graduation check of their level."""
    rule = current_app.extensions["lsq"].graduation_rules.for_level(classroom.level)
    if rule is None:
        raise ValidationFailed({"classroom": [f"ระดับชั้น {classroom.level_name} ไม่ใช่ชั้นที่จบการศึกษา"]})
    enrollments = sorted(classroom.enrollments, key=lambda e: (e.number or 0, e.student_id))
    records = build_records(db.session, [e.student_id for e in enrollments])
    candidates = []
    for enrollment in enrollments:
        record = records[enrollment.student_id]
        graduation = record["graduation"] or {"eligible": False, "reasons": ["ไม่พบผลการตรวจสอบเกณฑ์การจบ"]}
        candidates.append({"student": enrollment.student, "number": enrollment.number, "gpax": record["gpax"],
                           "eligible": graduation["eligible"], "reasons": graduation["reasons"],
                           "status": enrollment.student.status})
    return candidates


def approve_graduation(classroom: Classroom, on: dt.date, student_ids=None) -> list[Student]:
    """Set the chosen (default: every eligible) students of a final-level classroom as graduated.

    Refuses the whole approval, naming each student, when a chosen one does not meet the criteria.
    """
    if on is None:
        raise ValidationFailed({"date": ["กรุณาระบุวันที่อนุมัติการจบการศึกษา"]})
    candidates = graduation_candidates(classroom)
    chosen = [c for c in candidates if (student_ids is None and c["eligible"])
              or (student_ids is not None and c["student"].id in set(student_ids))]
    refused = [c for c in chosen if not c["eligible"]]
    if refused:
        raise ValidationFailed({"students": [
            f"{c['student'].student_number} {c['student'].full_name()}: {'; '.join(c['reasons'])}" for c in refused]})
    if not chosen:
        raise ValidationFailed({"students": ["ไม่มีนักเรียนที่ผ่านเกณฑ์ให้อนุมัติ"]})
    graduated = []
    for candidate in chosen:
        student = candidate["student"]
        student.status, student.status_date = "graduated", on
        student.status_reason = f"สำเร็จการศึกษาชั้น {classroom.level_name} ปีการศึกษา {classroom.academic_year.year}"
        for enrollment in student.enrollments:
            if enrollment.classroom_id == classroom.id:
                enrollment.outcome = "graduated"
        graduated.append(student)
    db.session.commit()
    return graduated


def promote_school(school, from_year: AcademicYear, to_year: AcademicYear, repeaters=(), leavers=()) -> dict:
    """Year-end promotion of a whole school: every studying student moves up a level into
    the classroom of the same room number next year (created when missing); repeaters stay
    in their level, leavers get the outcome "left"; a student in the school's last level,
    or already graduated, is not moved.

    :returns: counts of promoted, repeating, leaving and finishing students.
    """
    registry = current_app.extensions["lsq"].education_types
    order = [lvl.code for _, lvl in registry.all_levels()]
    repeaters, leavers = set(repeaters), set(leavers)
    if to_year.year != from_year.year + 1:
        raise ValidationFailed({"to_year": ["ต้องเลื่อนชั้นไปปีการศึกษาถัดไป"]})
    classrooms = db.session.query(Classroom).filter_by(school_id=school.id, academic_year_id=from_year.id).all()
    targets: dict[tuple[str, int], Classroom] = {
        (c.level, c.room): c for c in db.session.query(Classroom).filter_by(school_id=school.id,
                                                                            academic_year_id=to_year.id)}
    counts = {"promoted": 0, "repeat": 0, "left": 0, "finished": 0}
    for classroom in classrooms:
        for enrollment in classroom.enrollments:
            student = enrollment.student
            if student.status != "studying":
                continue
            if student.id in leavers:
                enrollment.outcome = "left"
                counts["left"] += 1
                continue
            if student.id in repeaters:
                level = classroom.level
                enrollment.outcome = "repeat"
                counts["repeat"] += 1
            elif classroom.level not in order or order.index(classroom.level) + 1 >= len(order) \
                    or order[order.index(classroom.level) + 1] not in school.level_list:
                counts["finished"] += 1
                continue
            else:
                level = order[order.index(classroom.level) + 1]
                enrollment.outcome = "promoted"
                counts["promoted"] += 1
            target = targets.get((level, classroom.room))
            if target is None:
                target = Classroom(school=school, academic_year=to_year, level=level, room=classroom.room,
                                   homeroom_teacher=None)
                db.session.add(target)
                targets[(level, classroom.room)] = target
            already = db.session.query(Enrollment).filter_by(student_id=student.id).join(Classroom).filter(
                Classroom.academic_year_id == to_year.id).first()
            if already is None:
                db.session.add(Enrollment(student=student, classroom=target, number=enrollment.number))
    db.session.commit()
    return counts


def copy_course_plan(school, from_year: AcademicYear, to_year: AcademicYear) -> int:
    """Copy a school's course structure to the next year; rows already there are kept. Returns rows added."""
    existing = {(p.level, p.term_number, p.subject_id) for p in db.session.query(CoursePlan).filter_by(
        school_id=school.id, academic_year_id=to_year.id)}
    added = 0
    for plan in db.session.query(CoursePlan).filter_by(school_id=school.id, academic_year_id=from_year.id):
        key = (plan.level, plan.term_number, plan.subject_id)
        if key in existing:
            continue
        db.session.add(CoursePlan(school=school, academic_year=to_year, level=plan.level,
                                  term_number=plan.term_number, subject_id=plan.subject_id))
        added += 1
    db.session.commit()
    return added
