"""Students, classrooms and enrolments: shared by every education plugin.

A student belongs to one school at a time; what they study is recorded per
academic year through an enrolment in a classroom (ห้องเรียน, ป.1/1 … ม.6/3,
ปวช.1/1 …).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from sqlalchemy import (
    Date, ForeignKey, Integer, String, Text, UniqueConstraint, and_, exists, false, select, true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.models.org import LocalAuthority, School, _id
from lsq_core.security.scope import ALL, AUTHORITY, PROVINCE, SCHOOL, Scope, ScopeKey
from lsq_core.thai import digits_only, national_id_error
from lsq_core.validation import Errors

STUDENT_STATUSES = {
    "studying": "กำลังศึกษา",
    "moved_out": "ย้ายออก",
    "dropped_out": "ลาออก",
    "discharged": "จำหน่าย",
    "graduated": "สำเร็จการศึกษา",
}
SEXES = {"M": "ชาย", "F": "หญิง"}
G_CODE = re.compile(r"^G[0-9]{12}$")


def school_scope_filter(school_column, scope: Scope):
    """Rows that belong to a school: the visibility rule every school-level record shares."""
    if scope.level == ALL:
        return true()
    if scope.level == PROVINCE:
        return school_column.in_(
            select(School.id).join(LocalAuthority).where(LocalAuthority.province_id == scope.province_id))
    if scope.level == AUTHORITY:
        return school_column.in_(select(School.id).where(School.authority_id == scope.authority_id))
    if scope.level == SCHOOL:
        return school_column == scope.school_id
    return false()


def school_key(school, school_id) -> ScopeKey:
    if school is None and school_id is not None:
        from lsq_core.extensions import db

        school = db.session.get(School, school_id)
    if school is None:
        return ScopeKey()
    return ScopeKey(province_id=school.authority.province_id, authority_id=school.authority_id,
                    school_id=school.id)


class SchoolScoped(Scoped):
    """A record that belongs to one school (``school_id`` and ``school``): seen and written
    within the scopes that hold that school."""

    @classmethod
    def scope_filter(cls, scope: Scope):
        return school_scope_filter(cls.school_id, scope)

    def scope_key(self) -> ScopeKey:
        return school_key(self.school, self.school_id)


def prefix_for(sex: str | None, birth_date: dt.date | None, on: dt.date, adult_age: int = 15) -> str:
    """คำนำหน้าชื่อ at a date: เด็กชาย/เด็กหญิง under 15 full years, นาย/นางสาว from 15 (domain §9.3)."""
    if birth_date is None or sex not in SEXES:
        return ""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if age < adult_age:
        return "เด็กชาย" if sex == "M" else "เด็กหญิง"
    return "นาย" if sex == "M" else "นางสาว"


class Student(Scoped, Audited, Model):
    __tablename__ = "lsq_student"
    __table_args__ = (UniqueConstraint("school_id", "student_number"),
                      UniqueConstraint("school_id", "national_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    education_type: Mapped[str] = mapped_column(String(32), nullable=False, default="basic")
    student_number: Mapped[str] = mapped_column(String(20), nullable=False)  # เลขประจำตัวนักเรียน
    #: 13-digit national ID, or the Ministry's G-code for learners without Thai civil registration
    national_id: Mapped[str] = mapped_column(String(13), nullable=False, index=True)
    prefix_override: Mapped[Optional[str]] = mapped_column(String(50))
    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    first_name_en: Mapped[Optional[str]] = mapped_column(String(100))
    last_name_en: Mapped[Optional[str]] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(1), nullable=False)
    birth_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    nationality: Mapped[Optional[str]] = mapped_column(String(50), default="ไทย")
    ethnicity: Mapped[Optional[str]] = mapped_column(String(50), default="ไทย")
    religion: Mapped[Optional[str]] = mapped_column(String(50))
    father_name: Mapped[Optional[str]] = mapped_column(String(200))
    mother_name: Mapped[Optional[str]] = mapped_column(String(200))
    guardian_name: Mapped[Optional[str]] = mapped_column(String(200))
    guardian_relation: Mapped[Optional[str]] = mapped_column(String(50))
    guardian_phone: Mapped[Optional[str]] = mapped_column(String(50))
    address: Mapped[Optional[str]] = mapped_column(Text)
    entry_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    entry_level: Mapped[Optional[str]] = mapped_column(String(10))
    previous_school: Mapped[Optional[str]] = mapped_column(String(200))
    #: the curriculum version the student studies under (vocational: ปวช. 2562, ปวส. 2563 …)
    curriculum: Mapped[Optional[str]] = mapped_column(String(40))
    #: vocational: the สาขางาน (or สาขาวิชา) the student studies, in the programme tree
    programme_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_programme_unit.id"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="studying", index=True)
    status_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    status_reason: Mapped[Optional[str]] = mapped_column(Text)
    #: the same national ID is on record at another school: a transfer to confirm
    transfer_flag: Mapped[Optional[str]] = mapped_column(String(255))

    school = relationship("School")
    programme = relationship("ProgrammeUnit")
    enrollments = relationship("Enrollment", back_populates="student", cascade="all, delete-orphan")

    audit_exclude = ("national_id",)

    def __repr__(self) -> str:
        return f"{self.student_number} {self.full_name()}"

    def prefix(self, on: dt.date | None = None) -> str:
        return self.prefix_override or prefix_for(self.sex, self.birth_date, on or dt.date.today())

    def full_name(self, on: dt.date | None = None) -> str:
        return f"{self.prefix(on)}{self.first_name} {self.last_name}"

    @property
    def name(self) -> str:
        return self.full_name()

    @property
    def status_label(self) -> str:
        return STUDENT_STATUSES.get(self.status, self.status)

    def record_link(self):
        from flask import url_for
        from markupsafe import Markup

        return Markup(f'<a href="{url_for("StudentView.record", pk=self.id)}">ระเบียนผลการเรียน</a>')

    @property
    def is_g_code(self) -> bool:
        return bool(self.national_id) and self.national_id.startswith("G")

    @classmethod
    def scope_filter(cls, scope: Scope):
        condition = school_scope_filter(cls.school_id, scope)
        if scope.is_teacher:
            from lsq_core.models.results import TeachingAssignment

            condition = and_(condition, exists().where(
                Enrollment.student_id == cls.id,
                Enrollment.classroom_id == TeachingAssignment.classroom_id,
                TeachingAssignment.teacher_id == scope.teacher_id))
        return condition

    def scope_key(self) -> ScopeKey:
        return school_key(self.school, self.school_id)

    def lsq_validate(self) -> None:
        from lsq_core.extensions import db

        errors = Errors()
        raw = (self.national_id or "").strip().upper()
        if raw.startswith("G"):
            self.national_id = raw
            if not G_CODE.match(raw):
                errors.add("national_id", "รหัส G ต้องเป็นตัว G ตามด้วยตัวเลข 12 หลัก เช่น G644200000001")
        else:
            self.national_id = digits_only(raw)
            errors.add("national_id", national_id_error(self.national_id))
        if self.sex not in SEXES:
            errors.add("sex", "เพศต้องเป็น ชาย (M) หรือ หญิง (F)")
        if self.status not in STUDENT_STATUSES:
            errors.add("status", "สถานะนักเรียนไม่ถูกต้อง")
        if self.status != "studying" and self.status_date is None:
            errors.add("status_date", f"กรุณาระบุวันที่{STUDENT_STATUSES.get(self.status, '')}")
        if not (self.student_number or "").strip():
            errors.add("student_number", "กรุณากรอกเลขประจำตัวนักเรียน")
        if not (self.first_name or "").strip():
            errors.add("first_name", "กรุณากรอกชื่อ")
        if not (self.last_name or "").strip():
            errors.add("last_name", "กรุณากรอกนามสกุล")
        if self.birth_date and self.birth_date > dt.date.today():
            errors.add("birth_date", "วันเกิดต้องไม่อยู่ในอนาคต")
        school_id = _id(self.school, self.school_id)
        if school_id and self.national_id and "national_id" not in errors.messages:
            with db.session.no_autoflush:
                same_school = db.session.query(Student).filter(
                    Student.school_id == school_id, Student.national_id == self.national_id,
                    Student.id != (self.id or 0)).first()
                if same_school is not None:
                    errors.add("national_id", f"เลขประจำตัวนี้มีอยู่แล้วในสถานศึกษา ({same_school!r})")
                elsewhere = db.session.query(Student).filter(
                    Student.school_id != school_id, Student.national_id == self.national_id,
                    Student.status == "studying").first()
                self.transfer_flag = (f"พบเลขประจำตัวนี้ที่ {elsewhere.school.name_th} "
                                      f"(เลขประจำตัวนักเรียน {elsewhere.student_number}): ตรวจสอบการย้าย"
                                      if elsewhere is not None else None)
            school_row = self.school or db.session.get(School, school_id)
            if school_row is not None and self.education_type not in school_row.education_type_list:
                errors.add("education_type", "สถานศึกษานี้ไม่ได้จัดการศึกษาประเภทนี้")
        self._check_curriculum(errors)
        errors.raise_if_any()


    def _check_curriculum(self, errors: Errors) -> None:
        from flask import current_app

        if not self.curriculum and self.programme is None:
            return
        curricula = current_app.extensions["lsq"].curricula
        curriculum = curricula.get(self.curriculum) if self.curriculum else None
        if self.curriculum and curriculum is None:
            errors.add("curriculum", f"ไม่รู้จักหลักสูตร {self.curriculum}")
        elif curriculum is not None and curriculum.education_type != self.education_type:
            errors.add("curriculum", f"{curriculum.name_th} ไม่ใช่หลักสูตรของประเภทการศึกษานี้")
        if self.programme is not None and self.curriculum and self.programme.curriculum != self.curriculum:
            errors.add("programme", f"{self.programme.name_th} ไม่อยู่ในโครงสร้างของหลักสูตรที่เลือก")


class Classroom(Scoped, Audited, Model):
    __tablename__ = "lsq_classroom"
    __table_args__ = (UniqueConstraint("school_id", "academic_year_id", "level", "room"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False, index=True)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # level code: p1 … m6, pvc1 …
    room: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    homeroom_teacher: Mapped[Optional[str]] = mapped_column(String(200))
    homeroom_teacher_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))

    school = relationship("School")
    academic_year = relationship("AcademicYear")
    enrollments = relationship("Enrollment", back_populates="classroom", order_by="Enrollment.number")

    def __repr__(self) -> str:
        return f"{self.level_name}/{self.room}"

    @property
    def level_name(self) -> str:
        from flask import current_app

        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        return names.get(self.level, self.level)

    @property
    def label(self) -> str:
        year = self.academic_year.year if self.academic_year is not None else ""
        return f"{self!r} ({year})"

    def actions(self):
        from flask import current_app, url_for
        from markupsafe import Markup

        links = [f'<a class="btn btn-xs btn-default" href="{url_for("TraitGridView.grid", pk=self.id)}">'
                 'ประเมินการอ่านฯ/คุณลักษณะ</a>']
        if self.level in ("p6", "m3", "m6", "pvc3", "pvs2"):
            links.append(f'<a class="btn btn-xs btn-default" href="{url_for("CohortView.graduation", pk=self.id)}">'
                         'ตรวจสอบ/อนุมัติการจบ</a>')
        if current_app.appbuilder.sm.has_access("can_write", "Job"):
            links.append(f'<a class="btn btn-xs btn-default" href="{url_for("JobView.bulk", classroom_id=self.id)}">'
                         'ออกเอกสารทั้งห้อง</a>')
        return Markup(" ".join(links))

    @classmethod
    def scope_filter(cls, scope: Scope):
        condition = school_scope_filter(cls.school_id, scope)
        if scope.is_teacher:
            from lsq_core.models.results import TeachingAssignment

            condition = and_(condition, exists().where(TeachingAssignment.classroom_id == cls.id,
                                                       TeachingAssignment.teacher_id == scope.teacher_id))
        return condition

    def scope_key(self) -> ScopeKey:
        return school_key(self.school, self.school_id)

    def lsq_validate(self) -> None:
        errors = Errors()
        school = self.school
        if school is not None and self.level not in school.level_list:
            errors.add("level", f"สถานศึกษานี้ไม่ได้เปิดสอนระดับชั้น {self.level}")
        if self.room is None or not (1 <= int(self.room) <= 99):
            errors.add("room", "ห้องต้องเป็นตัวเลข 1–99")
        errors.raise_if_any()


ENROLLMENT_OUTCOMES = {
    "": "-",
    "promoted": "เลื่อนชั้น",
    "repeat": "ซ้ำชั้น",
    "left": "ออกระหว่างปี",
    "graduated": "จบการศึกษา",
}


class Enrollment(Scoped, Audited, Model):
    """A student in a classroom for an academic year, with their number in the class (เลขที่)."""

    __tablename__ = "lsq_enrollment"
    __table_args__ = (UniqueConstraint("student_id", "classroom_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("lsq_student.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("lsq_classroom.id"), nullable=False, index=True)
    number: Mapped[Optional[int]] = mapped_column(Integer)
    outcome: Mapped[Optional[str]] = mapped_column(String(20))

    student = relationship("Student", back_populates="enrollments")
    classroom = relationship("Classroom", back_populates="enrollments")

    def __repr__(self) -> str:
        return f"{self.student!r} — {self.classroom!r}"

    @classmethod
    def scope_filter(cls, scope: Scope):
        classrooms = select(Classroom.id).where(Classroom.scope_filter(scope))
        return cls.classroom_id.in_(classrooms)

    def scope_key(self) -> ScopeKey:
        classroom = self.classroom
        if classroom is None and self.classroom_id is not None:
            from lsq_core.extensions import db

            classroom = db.session.get(Classroom, self.classroom_id)
        return classroom.scope_key() if classroom is not None else ScopeKey()

    def lsq_validate(self) -> None:
        errors = Errors()
        student, classroom = self.student, self.classroom
        if student is not None and classroom is not None and student.school_id != classroom.school_id:
            errors.add("classroom", "นักเรียนและห้องเรียนต้องอยู่ในสถานศึกษาเดียวกัน")
        errors.raise_if_any()
