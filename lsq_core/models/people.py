"""People: appointments (คำสั่งแต่งตั้ง), each user's profile and scope, and sign-up requests.

Flask-AppBuilder owns the ``ab_user`` table; LSQ keeps what it adds about a
person in ``lsq_user_profile`` (one row per user) instead of subclassing FAB's
User, so FAB upgrades cannot break the mapping.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from flask_appbuilder.security.sqla.models import User  # noqa: F401 - mapper needs it first
from sqlalchemy import (
    Date, DateTime, ForeignKey, Integer, String, Text, false, select, true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model, Scoped, scope_by_own_columns
from lsq_core.models.org import LocalAuthority, _id
from lsq_core.security.scope import ALL, AUTHORITY, PROVINCE, SCHOOL, Scope, ScopeKey
from lsq_core.thai import digits_only, format_date_th, national_id_error
from lsq_core.validation import Errors

APPOINTMENT_ROLES = {
    "lao_registration_officer": "เจ้าพนักงานทะเบียน อปท.",
    "school_registrar": "นายทะเบียนสถานศึกษา",
    "committee_member": "กรรมการจัดทำเอกสารหลักฐานการศึกษา",
}
APPOINTMENT_STATUSES = {
    "pending": "รอตรวจสอบ",
    "active": "มีผล",
    "ended": "สิ้นสุด",
    "cancelled": "ยกเลิก",
}


def _authority_filter(cls, scope: Scope):
    """Rows carrying authority_id and school_id: the shared visibility rule."""
    if scope.level == ALL:
        return true()
    if scope.level == PROVINCE:
        return cls.authority_id.in_(
            select(LocalAuthority.id).where(LocalAuthority.province_id == scope.province_id)
        )
    if scope.level == AUTHORITY:
        return cls.authority_id == scope.authority_id
    if scope.level == SCHOOL:
        return cls.school_id == scope.school_id
    return false()


def _authority_key(authority, authority_id, school, school_id) -> ScopeKey:
    if school is not None:
        authority = school.authority
        authority_id = school.authority_id
    return ScopeKey(
        province_id=authority.province_id if authority is not None else None,
        authority_id=_id(authority, authority_id),
        school_id=_id(school, school_id),
    )


class Appointment(Scoped, Audited, Model):
    """An appointment order: who is appointed to what, for which LAO or school, from when."""

    __tablename__ = "lsq_appointment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_name: Mapped[str] = mapped_column(String(200), nullable=False)  # with prefix, as on the order
    position: Mapped[Optional[str]] = mapped_column(String(200))  # ตำแหน่ง, e.g. ครู คศ.2
    role: Mapped[str] = mapped_column(String(40), nullable=False)
    authority_id: Mapped[int] = mapped_column(ForeignKey("lsq_authority.id"), nullable=False, index=True)
    school_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_school.id"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(50), nullable=False)  # เลขที่คำสั่ง, e.g. 123/2569
    order_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    effective_from: Mapped[dt.date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[Optional[dt.date]] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    # the uploaded order: a PDF kept in the file store, never in the row
    order_file_key: Mapped[Optional[str]] = mapped_column(String(100))
    order_file_name: Mapped[Optional[str]] = mapped_column(String(255))
    order_file_size: Mapped[Optional[int]] = mapped_column(Integer)
    order_file_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    note: Mapped[Optional[str]] = mapped_column(Text)

    authority = relationship("LocalAuthority")
    school = relationship("School")
    user = relationship("User")

    def __repr__(self) -> str:
        return f"{self.person_name} — {self.role_label} ({self.order_number})"

    @property
    def role_label(self) -> str:
        return APPOINTMENT_ROLES.get(self.role, self.role)

    @property
    def status_label(self) -> str:
        return APPOINTMENT_STATUSES.get(self.status, self.status)

    def order_file_link(self):
        from flask import url_for
        from markupsafe import Markup, escape

        if not self.order_file_key:
            return Markup("<em>ยังไม่ได้แนบไฟล์</em>")
        url = url_for("AppointmentView.order", pk=self.id)
        return Markup(f'<a href="{escape(url)}" target="_blank">{escape(self.order_file_name)}</a>')

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.status == "active" and self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to)

    @classmethod
    def scope_filter(cls, scope: Scope):
        return _authority_filter(cls, scope)

    def scope_key(self) -> ScopeKey:
        return _authority_key(self.authority, self.authority_id, self.school, self.school_id)

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.role not in APPOINTMENT_ROLES:
            errors.add("role", "บทบาทตามคำสั่งต้องเป็น เจ้าพนักงานทะเบียน อปท. นายทะเบียนสถานศึกษา หรือกรรมการ")
        if self.status not in APPOINTMENT_STATUSES:
            errors.add("status", "สถานะคำสั่งไม่ถูกต้อง")
        if not (self.person_name or "").strip():
            errors.add("person_name", "กรุณากรอกชื่อผู้ได้รับแต่งตั้ง")
        if not (self.order_number or "").strip():
            errors.add("order_number", "กรุณากรอกเลขที่คำสั่ง")
        if self.order_date is None:
            errors.add("order_date", "กรุณากรอกวันที่ของคำสั่ง")
        if self.effective_from is None:
            errors.add("effective_from", "กรุณากรอกวันที่คำสั่งมีผล")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors.add("effective_to", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มมีผล "
                                       f"({format_date_th(self.effective_from)})")
        school = self.school
        authority_id = _id(self.authority, self.authority_id)
        if self.role == "lao_registration_officer" and (school is not None or self.school_id):
            errors.add("school", "คำสั่งแต่งตั้งเจ้าพนักงานทะเบียนเป็นของ อปท. ไม่ต้องระบุสถานศึกษา")
        if self.role in ("school_registrar", "committee_member") and school is None and not self.school_id:
            errors.add("school", "กรุณาเลือกสถานศึกษาของคำสั่งแต่งตั้งนี้")
        if school is not None:
            if authority_id is None:
                self.authority = school.authority
            elif school.authority_id != authority_id:
                errors.add("school", "สถานศึกษาที่เลือกไม่ได้สังกัด อปท. นี้")
        elif authority_id is None:
            errors.add("authority", "กรุณาเลือก อปท.")
        errors.raise_if_any()


class UserProfile(Scoped, Audited, Model):
    """What LSQ knows about a user beyond FAB's account: scope and identity."""

    __tablename__ = "lsq_user_profile"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), unique=True, nullable=False)
    title: Mapped[Optional[str]] = mapped_column(String(50))  # คำนำหน้า: นาย, นาง, นางสาว, ว่าที่ ร.ต. ...
    national_id: Mapped[Optional[str]] = mapped_column(String(13))
    position: Mapped[Optional[str]] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(50))
    province_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_province.id"), index=True)
    authority_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_authority.id"), index=True)
    school_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_school.id"), index=True)

    user = relationship("User", backref="lsq_profile_rows")
    province = relationship("Province")
    authority = relationship("LocalAuthority")
    school = relationship("School")

    audit_exclude = ("national_id",)

    def __repr__(self) -> str:
        return self.user.username if self.user is not None else f"profile {self.id}"

    @property
    def scope_label(self) -> str:
        if self.school is not None:
            return self.school.name_th
        if self.authority is not None:
            return self.authority.name_th
        if self.province is not None:
            return f"จังหวัด{self.province.name_th}"
        return "ทั้งประเทศ"

    @classmethod
    def scope_filter(cls, scope: Scope):
        return scope_by_own_columns(cls, scope)

    def scope_key(self) -> ScopeKey:
        return ScopeKey(province_id=_id(self.province, self.province_id),
                        authority_id=_id(self.authority, self.authority_id),
                        school_id=_id(self.school, self.school_id))

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.national_id:
            self.national_id = digits_only(self.national_id)
            errors.add("national_id", national_id_error(self.national_id))
        school, authority = self.school, self.authority
        if school is not None and authority is not None and school.authority_id != authority.id:
            errors.add("school", "สถานศึกษาที่เลือกไม่ได้สังกัด อปท. ที่เลือก")
        errors.raise_if_any()


SIGNUP_ROLES = {
    "school_registrar": "นายทะเบียนสถานศึกษา",
    "lao_registration_officer": "เจ้าพนักงานทะเบียน อปท.",
}
SIGNUP_STATUSES = {"pending": "รออนุมัติ", "approved": "อนุมัติแล้ว", "rejected": "ไม่อนุมัติ"}


class SignupRequest(Scoped, Audited, Model):
    """An application for an account, waiting for the right approver.

    A school registrar is approved by the registration officer of the school's
    LAO; an LAO registration officer by a DLA admin (lsq_core.signup).
    """

    __tablename__ = "lsq_signup_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True)
    requested_role: Mapped[str] = mapped_column(String(40), nullable=False)
    title: Mapped[Optional[str]] = mapped_column(String(50))
    national_id: Mapped[str] = mapped_column(String(13), nullable=False)
    position: Mapped[str] = mapped_column(String(200), nullable=False)
    phone: Mapped[Optional[str]] = mapped_column(String(50))
    authority_id: Mapped[int] = mapped_column(ForeignKey("lsq_authority.id"), nullable=False, index=True)
    school_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_school.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(50), nullable=False)
    order_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    order_file_key: Mapped[str] = mapped_column(String(100), nullable=False)
    order_file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    order_file_size: Mapped[int] = mapped_column(Integer, nullable=False)
    order_file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending", index=True)
    submitted_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=dt.datetime.utcnow)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    decided_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    decision_reason: Mapped[Optional[str]] = mapped_column(Text)

    user = relationship("User", foreign_keys=[user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    authority = relationship("LocalAuthority")
    school = relationship("School")

    audit_exclude = ("national_id",)

    def __repr__(self) -> str:
        return f"{self.applicant_name} ({self.role_label})"

    @property
    def applicant_name(self) -> str:
        user = self.user
        if user is None:
            return ""
        return f"{self.title or ''}{user.first_name} {user.last_name}".strip()

    @property
    def role_label(self) -> str:
        return SIGNUP_ROLES.get(self.requested_role, self.requested_role)

    @property
    def status_label(self) -> str:
        return SIGNUP_STATUSES.get(self.status, self.status)

    def order_link(self):
        from flask import url_for
        from markupsafe import Markup, escape

        url = url_for("SignupRequestView.order", pk=self.id)
        return Markup(f'<a href="{escape(url)}" target="_blank">{escape(self.order_file_name)}</a>')

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    @classmethod
    def scope_filter(cls, scope: Scope):
        if scope.level == SCHOOL:
            return false()  # applications are for approvers, not for schools
        return _authority_filter(cls, scope)

    def scope_key(self) -> ScopeKey:
        return _authority_key(self.authority, self.authority_id, self.school, self.school_id)


