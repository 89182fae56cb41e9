"""The graduate report (ปพ.3) of a school's finishing level in one academic year, and its workflow.

The school registrar builds it from the students who pass the graduation check,
enters the director's approval date and submits it; the registration officer of
the school's LAO verifies it or returns it with reasons. A verified report is
locked. Each entry keeps the figures printed on the form as they were when the
report was built, so the verified report never changes under the officer's feet.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model
from lsq_core.models.study import SchoolScoped

REPORT_STATUSES = {
    "draft": "กำลังจัดทำ",
    "submitted": "ส่งให้ อปท. ตรวจสอบแล้ว",
    "returned": "ส่งคืนให้แก้ไข",
    "verified": "ตรวจสอบแล้ว (ล็อก)",
}


class GraduateReport(SchoolScoped, Audited, Model):
    __tablename__ = "lsq_graduate_report"
    __table_args__ = (UniqueConstraint("school_id", "academic_year_id", "level"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # the finishing level: p6, m3, m6
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft")
    #: วันอนุมัติการจบ: the director's approval, printed on ปพ.3 and the transcripts
    approved_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    director_name: Mapped[Optional[str]] = mapped_column(String(200))
    built_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    submitted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    submitted_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    checked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    checked_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    #: the officer's reasons when returned
    return_reason: Mapped[Optional[str]] = mapped_column(Text)

    school = relationship("School")
    academic_year = relationship("AcademicYear")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    checked_by = relationship("User", foreign_keys=[checked_by_id])
    entries = relationship("GraduateReportEntry", back_populates="report", cascade="all, delete-orphan",
                           order_by="GraduateReportEntry.number")

    def __repr__(self) -> str:
        year = self.academic_year.year if self.academic_year is not None else ""
        return f"ปพ.3 {self.level_name} ปีการศึกษา {year}"

    @property
    def status_label(self) -> str:
        return REPORT_STATUSES.get(self.status, self.status)

    @property
    def level_name(self) -> str:
        from flask import current_app

        return dict(current_app.extensions["lsq"].education_types.level_choices()).get(self.level, self.level)

    @property
    def graduates(self) -> int:
        return len(self.entries)



class GraduateReportEntry(Model):
    """One graduate on the report: the student and the figures the form prints."""

    __tablename__ = "lsq_graduate_report_entry"
    __table_args__ = (UniqueConstraint("report_id", "student_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("lsq_graduate_report.id", ondelete="CASCADE"),
                                           nullable=False, index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("lsq_student.id"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)  # ที่ (running order on the form)
    #: name, IDs, birth date, GPAX, per-area GPA, credits, assessments, as printed
    figures: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    report = relationship("GraduateReport", back_populates="entries")
    student = relationship("Student")
