"""The operating calendar (ปฏิทินการดำเนินงาน) and extensions of a term's data-entry window.

The DLA admin keeps one calendar per academic year: events with dates (the system
opens, appointment orders due, migration requests due, term results due, ปพ.3 due,
GPAX export due …), for one education type or for all, and for the roles they
concern. Everyone signed in may read it; each home page lists what is due next.

A "term results due" event that names a term *is* that term's data-entry window
for its education type (lsq_core.entry_windows): results may be entered or changed
from its start date (if any) through its due date. After that, only the LAO
registration officer of the school's LAO can reopen entry for one school, with a
ResultEntryExtension that records until when, why and who granted it.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Date, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.audit import RECORD_TYPES
from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.models.study import SchoolScoped
from lsq_core.security.scope import Scope
from lsq_core.thai import format_date_th, thai_today
from lsq_core.validation import Errors

#: the fixed list of event kinds, with their Thai labels (the DLA letter's deadlines first)
EVENT_KINDS = {
    "system_open": "เปิดระบบให้บันทึกข้อมูล",
    "appointment_orders_due": "กำหนดส่งคำสั่งแต่งตั้งเจ้าพนักงานทะเบียน/นายทะเบียน",
    "migration_requests_due": "กำหนดส่งคำขอโอนย้ายข้อมูลจาก LocalSchool",
    "term_results_due": "กำหนดบันทึกผลการเรียนประจำภาคเรียน",
    "graduate_report_due": "กำหนดส่งแบบรายงานผู้สำเร็จการศึกษา (ปพ.3 / รบ.2)",
    "gpax_export_due": "กำหนดส่งข้อมูล GPAX เพื่อการคัดเลือกเข้ามหาวิทยาลัย",
    "other": "อื่น ๆ",
}
TERM_RESULTS_DUE = "term_results_due"
RECORD_TYPES.update({"lsq_calendar_event": "ปฏิทินการดำเนินงาน",
                     "lsq_result_entry_extension": "การขยายเวลาบันทึกผลการเรียน"})
ALL_EDUCATION_TYPES_LABEL = "ทุกประเภทการศึกษา"
EVERYONE_LABEL = "ทุกคน"


class CalendarEvent(Scoped, Audited, Model):
    """One dated item of the DLA's operating calendar for an academic year."""

    __tablename__ = "lsq_calendar_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False, index=True)
    #: an education type identifier ("basic", "vocational"); None: every education type
    education_type: Mapped[Optional[str]] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40), nullable=False, default="other")
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    #: for "term results due": the term whose result entry this event opens and closes
    term_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_term.id"), index=True)
    #: comma-separated role names it concerns (lsq_core.security.roles); empty: everyone
    audience: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    note: Mapped[Optional[str]] = mapped_column(Text)

    academic_year = relationship("AcademicYear")
    term = relationship("Term")

    def __repr__(self) -> str:
        return self.title or self.kind_label

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def education_type_label(self) -> str:
        if not self.education_type:
            return ALL_EDUCATION_TYPES_LABEL
        from flask import current_app

        registry = current_app.extensions["lsq"].education_types
        return registry[self.education_type].name_th if self.education_type in registry else self.education_type

    @property
    def audience_list(self) -> list[str]:
        return [r for r in (self.audience or "").split(",") if r]

    @property
    def audience_label(self) -> str:
        from lsq_core.security.roles import ROLE_LABELS

        roles = self.audience_list
        return ", ".join(ROLE_LABELS.get(r, r) for r in roles) if roles else EVERYONE_LABEL

    @property
    def dates_label(self) -> str:
        if self.start_date and self.start_date != self.due_date:
            return f"{format_date_th(self.start_date)} – {format_date_th(self.due_date)}"
        return format_date_th(self.due_date)

    def concerns(self, role_names, education_types) -> bool:
        """Is this event for someone with these roles, working with these education types?
        (``education_types`` None: every type, as for the DLA admin.)"""
        audience = set(self.audience_list)
        if audience and not audience & set(role_names):
            return False
        return not self.education_type or education_types is None or self.education_type in education_types

    @classmethod
    def scope_filter(cls, scope: Scope):
        return true()  # the national calendar is for everyone signed in

    # scope_key() stays the empty key: only a user whose scope is everything (the DLA admin) writes

    def lsq_validate(self) -> None:
        from flask import current_app

        from lsq_core.security.roles import ROLE_LABELS

        errors = Errors()
        self.education_type = (self.education_type or "").strip() or None
        if self.kind not in EVENT_KINDS:
            errors.add("kind", "ประเภทกิจกรรมต้องเป็นหนึ่งในรายการของปฏิทินการดำเนินงาน")
        if not (self.title or "").strip():
            self.title = EVENT_KINDS.get(self.kind, "")
        if self.education_type and self.education_type not in current_app.extensions["lsq"].education_types:
            errors.add("education_type", f"ไม่รู้จักประเภทการศึกษา {self.education_type}")
        if self.due_date is None:
            errors.add("due_date", "กรุณาระบุวันครบกำหนด")
        elif self.start_date and self.start_date > self.due_date:
            errors.add("start_date", "วันเริ่มต้องไม่อยู่หลังวันครบกำหนด")
        for role in self.audience_list:
            if role not in ROLE_LABELS:
                errors.add("audience", f"ไม่รู้จักบทบาท {role}")
        term, year = self.term, self.academic_year
        if term is None and self.term_id is not None:
            from lsq_core.extensions import db
            from lsq_core.models.org import Term

            term = db.session.get(Term, self.term_id)
        if term is not None:
            if self.kind != TERM_RESULTS_DUE:
                errors.add("term", "ระบุภาคเรียนได้เฉพาะกิจกรรม “กำหนดบันทึกผลการเรียนประจำภาคเรียน”")
            year_id = year.id if year is not None else self.academic_year_id
            if year_id is not None and term.academic_year_id != year_id:
                errors.add("term", f"{term!r} ไม่อยู่ในปีการศึกษาที่เลือก")
        if year is None and self.academic_year_id is None:
            errors.add("academic_year", "กรุณาเลือกปีการศึกษา")
        errors.raise_if_any()


class ResultEntryExtension(SchoolScoped, Audited, Model):
    """The LAO registration officer reopens a closed term's result entry for one school, until a date."""

    __tablename__ = "lsq_result_entry_extension"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("lsq_term.id"), nullable=False, index=True)
    #: the last day (Thai calendar day) results may be entered under this extension
    until: Mapped[dt.date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    granted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    granted_on: Mapped[dt.date] = mapped_column(Date, nullable=False, default=thai_today)

    school = relationship("School")
    term = relationship("Term")
    granted_by = relationship("User")

    def __repr__(self) -> str:
        school = self.school.name_th if self.school is not None else ""
        return f"ขยายเวลาบันทึกผล {self.term!r} {school} ถึง {format_date_th(self.until)}"

    @property
    def granted_by_name(self) -> str:
        user = self.granted_by
        return f"{user.first_name} {user.last_name}" if user is not None else ""


    def lsq_validate(self) -> None:
        errors = Errors()
        if self.school is None and self.school_id is None:
            errors.add("school", "กรุณาเลือกสถานศึกษา")
        if self.term is None and self.term_id is None:
            errors.add("term", "กรุณาเลือกภาคเรียน")
        if not (self.reason or "").strip():
            errors.add("reason", "กรุณาระบุเหตุผลการขยายเวลา (บันทึกไว้ในบันทึกการเปลี่ยนแปลง)")
        if self.until is None:
            errors.add("until", "กรุณาระบุวันสิ้นสุดการขยายเวลา")
        elif self.until < thai_today():
            errors.add("until", f"วันสิ้นสุดการขยายเวลาต้องไม่ก่อนวันนี้ ({format_date_th(thai_today())})")
        errors.raise_if_any()
