"""Subjects, teaching assignments, results with their history, and the yearly
assessments of reading-thinking-writing and desirable characteristics.

A Result stores, beside what the teacher entered (score, attendance, letter),
what the plugin's grading scale derived from it when it was saved: the grade
points, the weight that enters the GPA divisor and the credits earned. GPA is
then one SUM over rows in the database, for a whole school at once, and the
education plugins decide what counts (lsq_core.grading).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, and_, exists, false,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.models.study import Classroom, SchoolScoped, Student, school_scope_filter
from lsq_core.security.scope import Scope, ScopeKey
from lsq_core.validation import Errors

SUBJECT_KINDS = {"basic": "รายวิชาพื้นฐาน", "additional": "รายวิชาเพิ่มเติม", "activity": "กิจกรรมพัฒนาผู้เรียน"}


class Subject(SchoolScoped, Audited, Model):
    """A subject (รายวิชา) or activity as a school teaches it: code, credits or hours, area."""

    __tablename__ = "lsq_subject"
    __table_args__ = (UniqueConstraint("school_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    curriculum: Mapped[str] = mapped_column(String(40), nullable=False)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    name_th: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    #: learning area (ท ค ว …) or vocational subject group
    group: Mapped[str] = mapped_column(String(20), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="basic")
    credits: Mapped[Optional[Decimal]] = mapped_column(Numeric(4, 1))
    hours: Mapped[Optional[int]] = mapped_column(Integer)  # per term (secondary) or per year (primary)
    theory_hours: Mapped[Optional[int]] = mapped_column(Integer)  # ท of ท-ป-น (vocational)
    practice_hours: Mapped[Optional[int]] = mapped_column(Integer)  # ป of ท-ป-น
    activity_type: Mapped[Optional[str]] = mapped_column(String(30))

    school = relationship("School")

    def __repr__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def kind_label(self) -> str:
        from flask import current_app

        state = current_app.extensions["lsq"]
        curriculum = state.curricula.get(self.curriculum)
        education_type = state.education_types.get(curriculum.education_type) if curriculum is not None else None
        names = dict(education_type.subject_kinds) if education_type is not None else {}
        return names.get(self.kind) or SUBJECT_KINDS.get(self.kind, self.kind)

    @property
    def group_label(self) -> str:
        """The learning area or หมวด/กลุ่ม as its curriculum names it (a vocational code like
        core_th means nothing to a registrar)."""
        from flask import current_app

        curriculum = current_app.extensions["lsq"].curricula.get(self.curriculum)
        group = curriculum.group(self.group) if curriculum is not None else None
        return group.name_th if group is not None else self.group

    @property
    def weight(self) -> Decimal:
        """What the subject weighs in a GPA: credits, or hours where a level counts hours."""
        if self.credits is not None:
            return Decimal(self.credits)
        return Decimal(self.hours or 0)


    def lsq_validate(self) -> None:
        from flask import current_app

        errors = Errors()
        curricula = current_app.extensions["lsq"].curricula
        curriculum = curricula.get(self.curriculum or "")
        if curriculum is None:
            errors.add("curriculum", "ไม่รู้จักหลักสูตรนี้")
            errors.raise_if_any()
        self.code = (self.code or "").strip().replace(" ", "")
        if self.kind not in SUBJECT_KINDS:
            errors.add("kind", "ประเภทรายวิชาต้องเป็น พื้นฐาน เพิ่มเติม หรือกิจกรรม")
        for field, message in curriculum.check_subject(self):
            errors.add(field, message)
        if self.credits is not None and (Decimal(self.credits) < 0 or Decimal(self.credits) * 2 % 1 != 0):
            errors.add("credits", "หน่วยกิตต้องเป็นจำนวนเต็มหรือครึ่งหน่วย (0.5, 1.0, 1.5 …)")
        if self.credits is None and not self.hours:
            errors.add("hours", "กรุณาระบุหน่วยกิต หรือจำนวนชั่วโมง")
        from lsq_core.extensions import db

        with db.session.no_autoflush:
            school_id = self.school.id if self.school is not None else self.school_id
            other = db.session.query(Subject).filter(Subject.school_id == school_id, Subject.code == self.code,
                                                     Subject.id != (self.id or 0)).first()
        if other is not None:
            errors.add("code", f"รหัสวิชา {self.code} มีอยู่แล้วในสถานศึกษา ({other.name_th})")
        errors.raise_if_any()


class TeachingAssignment(Scoped, Audited, Model):
    """Who teaches which subject to which classroom in which term: a teacher's window on results."""

    __tablename__ = "lsq_teaching_assignment"
    __table_args__ = (UniqueConstraint("classroom_id", "subject_id", "term_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("lsq_classroom.id"), nullable=False, index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("lsq_subject.id"), nullable=False, index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("lsq_term.id"), nullable=False, index=True)
    teacher_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"), index=True)

    classroom = relationship("Classroom")
    subject = relationship("Subject")
    term = relationship("Term")
    teacher = relationship("User")

    def __repr__(self) -> str:
        return f"{self.subject!r} — {self.classroom!r} — {self.term!r}"

    def grid_link(self):
        from flask import url_for
        from markupsafe import Markup

        return Markup(f'<a class="btn btn-xs btn-primary" href="{url_for("ResultGridView.grid", pk=self.id)}">'
                      'บันทึกผลการเรียน</a>')

    @classmethod
    def scope_filter(cls, scope: Scope):
        condition = cls.classroom_id.in_(select(Classroom.id).where(school_scope_filter(Classroom.school_id, scope)))
        if scope.is_teacher:
            condition = and_(condition, cls.teacher_id == scope.teacher_id)
        return condition

    def scope_key(self) -> ScopeKey:
        classroom = self.classroom
        return classroom.scope_key() if classroom is not None else ScopeKey()

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.classroom is not None and self.subject is not None \
                and self.classroom.school_id != self.subject.school_id:
            errors.add("subject", "รายวิชาต้องเป็นของสถานศึกษาเดียวกับห้องเรียน")
        if self.classroom is not None and self.term is not None \
                and self.classroom.academic_year_id != self.term.academic_year_id:
            errors.add("term", "ภาคเรียนต้องอยู่ในปีการศึกษาของห้องเรียน")
        errors.raise_if_any()


RESULT_SOURCES = {"entry": "บันทึกโดยสถานศึกษา", "transfer": "ผลการเรียนจากสถานศึกษาเดิม", "import": "นำเข้า"}


class Result(Scoped, Audited, Model):
    """One student's result in one subject in one term."""

    __tablename__ = "lsq_result"
    __table_args__ = (
        UniqueConstraint("student_id", "subject_id", "term_id"),
        # the dashboards count a year's results per (classroom, subject, term) from this index alone
        # (an index-only scan on PostgreSQL, bench/results/dashboard.md); it serves classroom lookups too
        Index("ix_lsq_result_classroom_subject_term_grade", "classroom_id", "subject_id", "term_id", "grade"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("lsq_student.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("lsq_subject.id"), nullable=False, index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("lsq_term.id"), nullable=False, index=True)
    classroom_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_classroom.id"))
    level: Mapped[Optional[str]] = mapped_column(String(10))  # the level it was studied in
    score: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2))
    attendance: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2))  # per cent of the subject's time
    #: the head of the school waived the attendance rule for this result (vocational ข้อ 36)
    attendance_waived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                    server_default=false())
    #: an earlier (or, under "best", a weaker) attempt of a repeated subject: shown, not counted
    superseded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                    server_default=false())
    grade: Mapped[Optional[str]] = mapped_column(String(8))  # "4" … "0", "ร", "มส", "ผ", "มผ"
    # derived by the grading scale when saved
    points: Mapped[Optional[Decimal]] = mapped_column(Numeric(3, 1))
    gpa_weight: Mapped[Decimal] = mapped_column(Numeric(6, 1), nullable=False, default=Decimal(0))
    credits_studied: Mapped[Decimal] = mapped_column(Numeric(6, 1), nullable=False, default=Decimal(0))
    credits_earned: Mapped[Decimal] = mapped_column(Numeric(6, 1), nullable=False, default=Decimal(0))
    # remediation: the first result stays visible beside the remedied one
    original_grade: Mapped[Optional[str]] = mapped_column(String(8))
    original_score: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2))
    remedy_kind: Mapped[Optional[str]] = mapped_column(String(10))
    remedy_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    remedied_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="entry")
    source_school: Mapped[Optional[str]] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    student = relationship("Student")
    subject = relationship("Subject")
    term = relationship("Term")
    classroom = relationship("Classroom")
    history = relationship("ResultHistory", back_populates="result", order_by="ResultHistory.id",
                           cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"{self.student!r} {self.subject.code if self.subject else ''} {self.grade or ''}"

    @classmethod
    def scope_filter(cls, scope: Scope):
        condition = cls.student_id.in_(select(Student.id).where(school_scope_filter(Student.school_id, scope)))
        if scope.is_teacher:
            condition = and_(condition, exists().where(
                TeachingAssignment.teacher_id == scope.teacher_id,
                TeachingAssignment.classroom_id == cls.classroom_id,
                TeachingAssignment.subject_id == cls.subject_id,
                TeachingAssignment.term_id == cls.term_id))
        return condition

    def scope_key(self) -> ScopeKey:
        student = self.student
        if student is None and self.student_id is not None:
            from lsq_core.extensions import db

            student = db.session.get(Student, self.student_id)
        return student.scope_key() if student is not None else ScopeKey()

    @property
    def history_text(self):
        from markupsafe import Markup, escape

        from lsq_core.thai import format_date_th, local_time

        rows = "".join(
            f"<tr><td>{escape(format_date_th(local_time(h.changed_on), 'short'))}</td><td>{escape(h.actor_name)}</td>"
            f"<td>{escape(h.action)}</td><td>{escape(h.old_grade or '')} → {escape(h.new_grade or '')}</td>"
            f"<td>{escape(h.reason or '')}</td></tr>" for h in self.history)
        return Markup(f'<table class="table table-condensed">{rows}</table>')

    def writable_in(self, scope: Scope) -> bool:
        if not scope.covers(self.scope_key()):
            return False
        if not scope.is_teacher:
            return True
        from lsq_core.extensions import db

        def ident(obj, fk):
            return obj.id if obj is not None else fk

        with db.session.no_autoflush:
            return db.session.query(TeachingAssignment).filter_by(
                teacher_id=scope.teacher_id, classroom_id=ident(self.classroom, self.classroom_id),
                subject_id=ident(self.subject, self.subject_id), term_id=ident(self.term, self.term_id),
            ).first() is not None

    def lsq_validate(self) -> None:
        errors = Errors()
        student, subject, classroom = self.student, self.subject, self.classroom
        if student is None:
            errors.add("student", "กรุณาระบุนักเรียน")
        if subject is None:
            errors.add("subject", "กรุณาระบุรายวิชา")
        if self.term is None and self.term_id is None:
            errors.add("term", "กรุณาระบุภาคเรียน")
        if student is not None and subject is not None and student.school_id != subject.school_id:
            errors.add("subject", "รายวิชาต้องเป็นของสถานศึกษาของนักเรียน")
        if student is not None and classroom is not None and classroom.school_id != student.school_id:
            errors.add("classroom", "ห้องเรียนต้องเป็นของสถานศึกษาของนักเรียน")
        errors.raise_if_any()


class ResultHistory(Model):
    """Every value a result has had: entries, remedies and imports, in order."""

    __tablename__ = "lsq_result_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("lsq_result.id", ondelete="CASCADE"), nullable=False,
                                           index=True)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=dt.datetime.utcnow)
    actor_name: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)  # entry, remedy, import, transfer
    old_score: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2))
    old_grade: Mapped[Optional[str]] = mapped_column(String(8))
    new_score: Mapped[Optional[Decimal]] = mapped_column(Numeric(5, 2))
    new_grade: Mapped[Optional[str]] = mapped_column(String(8))
    reason: Mapped[Optional[str]] = mapped_column(Text)

    result = relationship("Result", back_populates="history")


TRAIT_LEVELS = {"excellent": "ดีเยี่ยม", "good": "ดี", "pass": "ผ่าน", "fail": "ไม่ผ่าน"}
TRAIT_KINDS = {"rtw": "การอ่าน คิดวิเคราะห์ และเขียน", "char": "คุณลักษณะอันพึงประสงค์"}
CHARACTERISTICS = ("รักชาติ ศาสน์ กษัตริย์", "ซื่อสัตย์สุจริต", "มีวินัย", "ใฝ่เรียนรู้", "อยู่อย่างพอเพียง",
                   "มุ่งมั่นในการทำงาน", "รักความเป็นไทย", "มีจิตสาธารณะ")


def assessment_kinds() -> dict[str, str]:
    """The whole-programme assessments the education plugins declare (vocational: มาตรฐานวิชาชีพ)."""
    from flask import current_app

    return {kind: name for education_type in current_app.extensions["lsq"].education_types
            for kind, name in education_type.assessments}


class TraitAssessment(Scoped, Audited, Model):
    """A year's assessment of reading-thinking-writing or a desirable characteristic.

    ``item`` 0 is the overall result; 1–8 the eight characteristics.
    """

    __tablename__ = "lsq_trait_assessment"
    __table_args__ = (UniqueConstraint("student_id", "academic_year_id", "kind", "item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("lsq_student.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    item: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    level: Mapped[str] = mapped_column(String(10), nullable=False)

    student = relationship("Student")
    academic_year = relationship("AcademicYear")

    @property
    def level_label(self) -> str:
        return TRAIT_LEVELS.get(self.level, self.level)

    @classmethod
    def scope_filter(cls, scope: Scope):
        return cls.student_id.in_(select(Student.id).where(Student.scope_filter(scope)))

    def scope_key(self) -> ScopeKey:
        student = self.student
        return student.scope_key() if student is not None else ScopeKey()

    def lsq_validate(self) -> None:
        errors = Errors()
        programme_wide = assessment_kinds()
        if self.kind not in TRAIT_KINDS and self.kind not in programme_wide:
            errors.add("kind", "ประเภทการประเมินไม่ถูกต้อง")
        if self.kind in programme_wide:
            if self.level not in ("pass", "fail"):
                errors.add("level", f"ผล{programme_wide[self.kind]}ต้องเป็น ผ่าน หรือไม่ผ่าน")
            if self.item != 0:
                errors.add("item", "หัวข้อการประเมินไม่ถูกต้อง")
            errors.raise_if_any()
            return
        if self.level not in TRAIT_LEVELS:
            errors.add("level", "ผลการประเมินต้องเป็น ดีเยี่ยม ดี ผ่าน หรือไม่ผ่าน")
        if self.kind == "rtw" and self.item != 0 or not (0 <= (self.item or 0) <= len(CHARACTERISTICS)):
            errors.add("item", "หัวข้อการประเมินไม่ถูกต้อง")
        errors.raise_if_any()


class CoursePlan(SchoolScoped, Audited, Model):
    """A school's course structure (โครงสร้างรายวิชา): which subjects a level studies in a term
    of an academic year. Copied forward from one year to the next (lsq_core.cohorts)."""

    __tablename__ = "lsq_course_plan"
    __table_args__ = (UniqueConstraint("school_id", "academic_year_id", "level", "term_number", "subject_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    term_number: Mapped[int] = mapped_column(Integer, nullable=False)
    subject_id: Mapped[int] = mapped_column(ForeignKey("lsq_subject.id"), nullable=False)

    school = relationship("School")
    academic_year = relationship("AcademicYear")
    subject = relationship("Subject")

    def __repr__(self) -> str:
        return f"{self.level} {self.term_number} {self.subject!r}"


    def lsq_validate(self) -> None:
        errors = Errors()
        if self.subject is not None and self.school is not None and self.subject.school_id != self.school.id:
            errors.add("subject", "รายวิชาต้องเป็นของสถานศึกษานี้")
        if self.school is not None and self.level not in self.school.level_list:
            errors.add("level", f"สถานศึกษานี้ไม่ได้เปิดสอนระดับชั้น {self.level}")
        if self.term_number not in (1, 2, 3):
            errors.add("term_number", "ภาคเรียนต้องเป็น 1, 2 หรือ 3")
        errors.raise_if_any()
