"""Student lists and results as Excel or CSV, for a school's own use (mail merges, checks,
other systems). One query each, in the order a registrar reads them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lsq_core.exports import Exporter, ExportError, Option, table_bytes
from lsq_core.models import AcademicYear, Subject
from lsq_core.models.org import Term
from lsq_core.models.results import Result
from lsq_core.models.study import SEXES, STUDENT_STATUSES, Classroom, Enrollment, Student
from lsq_core.thai import format_date_th

YEAR = Option("year", "ปีการศึกษา (พ.ศ.) (ว่าง = ปีล่าสุด)")
RESULT_YEAR = Option("year", "ปีการศึกษา (พ.ศ.) (ว่าง = ทุกปี)")
KIND_NAMES = {"basic": "พื้นฐาน", "additional": "เพิ่มเติม", "activity": "กิจกรรม"}


def _year(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise ExportError(f"ปีการศึกษา {value!r} ต้องเป็นตัวเลข พ.ศ. เช่น 2569")
    return int(value)


def _level_names() -> dict[str, str]:
    from flask import current_app

    return dict(current_app.extensions["lsq"].education_types.level_choices())


class StudentListExporter(Exporter):
    """The school's students with their classroom (level/room, number) in an academic year."""

    HEADERS = ["รหัสสถานศึกษา", "ปีการศึกษา", "ชั้น", "ห้อง", "เลขที่", "เลขประจำตัวนักเรียน", "เลขประจำตัวประชาชน",
               "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "สถานภาพ"]

    def export(self, session, schools, options):
        kind = self.kind(options)
        year = _year(self.option(options, "year"))
        ids = [s.id for s in schools]
        if year is None:
            year = session.execute(select(AcademicYear.year).join(
                Classroom, Classroom.academic_year_id == AcademicYear.id).where(
                Classroom.school_id.in_(ids)).order_by(AcademicYear.year.desc()).limit(1)).scalar()
        levels, today = _level_names(), dt.date.today()
        order = {code: i for i, code in enumerate(levels)}
        found = session.execute(
            select(Student, Classroom.level, Classroom.room, Enrollment.number)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .join(Classroom, Classroom.id == Enrollment.classroom_id)
            .join(AcademicYear, AcademicYear.id == Classroom.academic_year_id)
            .where(Classroom.school_id.in_(ids), AcademicYear.year == year)).all()
        codes = {s.id: s.code for s in schools}
        found.sort(key=lambda r: (codes[r[0].school_id], order.get(r[1], 99), r[2], r[3] or 0, r[0].student_number))
        rows = ([codes[s.school_id], year, levels.get(level, level), room, number, s.student_number, s.national_id,
                 s.prefix(today), s.first_name, s.last_name, SEXES.get(s.sex, s.sex),
                 format_date_th(s.birth_date, "numeric"), STUDENT_STATUSES.get(s.status, s.status)]
                for s, level, room, number in found)
        data = table_bytes(kind, "รายชื่อนักเรียน", self.HEADERS, rows)
        return f"students-{'-'.join(codes[i] for i in ids)}-{year}.{kind}", data


class ResultsExporter(Exporter):
    """Results, one row per student, subject and term (of one academic year, or all)."""

    HEADERS = ["รหัสสถานศึกษา", "เลขประจำตัวนักเรียน", "เลขประจำตัวประชาชน", "ชื่อ", "นามสกุล", "ปีการศึกษา",
               "ภาคเรียน", "ชั้น", "รหัสวิชา", "ชื่อวิชา", "กลุ่มสาระ", "ประเภท", "หน่วยกิต", "คะแนน", "ผลการเรียน",
               "ผลการเรียนเดิม", "การแก้ไข"]

    def export(self, session, schools, options):
        kind = self.kind(options)
        year = _year(self.option(options, "year"))
        ids = [s.id for s in schools]
        codes = {s.id: s.code for s in schools}
        levels = _level_names()
        query = (select(Student.school_id, Student.student_number, Student.national_id, Student.first_name,
                        Student.last_name, AcademicYear.year, Term.number, Result.level, Subject.code,
                        Subject.name_th, Subject.group, Subject.kind, Subject.credits, Result.score, Result.grade,
                        Result.original_grade, Result.remedy_kind)
                 .join(Student, Student.id == Result.student_id).join(Subject, Subject.id == Result.subject_id)
                 .join(Term, Term.id == Result.term_id).join(AcademicYear, AcademicYear.id == Term.academic_year_id)
                 .where(Student.school_id.in_(ids), *([AcademicYear.year == year] if year else []))
                 .order_by(Student.school_id, Student.student_number, AcademicYear.year, Term.number, Subject.code))
        rows = ([codes[r[0]], *r[1:7], levels.get(r[7], r[7]), r[8], r[9], r[10], KIND_NAMES.get(r[11], r[11]),
                 *r[12:]] for r in session.execute(query))
        data = table_bytes(kind, "ผลการเรียน", self.HEADERS, rows)
        return f"results-{'-'.join(codes[i] for i in ids)}{'-' + str(year) if year else ''}.{kind}", data
