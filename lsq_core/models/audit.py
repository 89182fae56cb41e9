"""The audit ledger: one AuditEvent per create, update and delete of an audited record."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Model, Scoped, scope_by_own_columns
from lsq_core.security.scope import Scope, ScopeKey

ACTIONS = {"create": "เพิ่ม", "update": "แก้ไข", "delete": "ลบ"}

#: what each audited table holds, as a registrar calls it (plugins may add theirs)
RECORD_TYPES = {
    "lsq_province": "จังหวัด", "lsq_district": "อำเภอ", "lsq_authority": "อปท.",
    "lsq_school": "สถานศึกษา", "lsq_academic_year": "ปีการศึกษา", "lsq_term": "ภาคเรียน",
    "lsq_appointment": "คำสั่งแต่งตั้ง", "lsq_user_profile": "ขอบเขตผู้ใช้",
    "lsq_signup_request": "คำขอใช้งานระบบ", "lsq_student": "นักเรียน", "lsq_classroom": "ห้องเรียน",
    "lsq_enrollment": "การลงทะเบียนเข้าห้องเรียน", "lsq_subject": "รายวิชา",
    "lsq_teaching_assignment": "การมอบหมายการสอน", "lsq_result": "ผลการเรียน",
    "lsq_trait_assessment": "ผลการประเมินการอ่านฯ/คุณลักษณะ", "lsq_course_plan": "โครงสร้างรายวิชา",
    "lsq_issued_document": "เอกสารหลักฐานการศึกษา",
}


class AuditEvent(Scoped, Model):
    """Who changed which record, when, from what to what, and why.

    The scope columns are copied from the record when the event is written, so
    the ledger is visible to exactly those who may see the record, even after
    the record itself is deleted.
    """

    __tablename__ = "lsq_audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    record_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    record_label: Mapped[Optional[str]] = mapped_column(String(255))
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    province_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    authority_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    school_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)

    actor = relationship("User")

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def record_type_label(self) -> str:
        return RECORD_TYPES.get(self.table_name, self.table_name)

    @property
    def changes_text(self):
        from markupsafe import Markup, escape

        rows = "".join(
            f"<tr><td>{escape(field)}</td><td>{escape(change.get('old'))}</td>"
            f"<td>{escape(change.get('new'))}</td></tr>"
            for field, change in sorted((self.changes or {}).items()))
        return Markup(f'<table class="table table-condensed">{rows}</table>')

    @classmethod
    def scope_filter(cls, scope: Scope):
        return scope_by_own_columns(cls, scope)

    def scope_key(self) -> ScopeKey:
        return ScopeKey(self.province_id, self.authority_id, self.school_id)
