"""Issued documents and the serial counters behind ชุดที่ / เลขที่."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model
from lsq_core.models.study import SchoolScoped

DOCUMENT_STATUSES = {"valid": "ใช้ได้", "replaced": "ถูกแทนที่ด้วยใบแทน", "revoked": "ถูกยกเลิก"}


class SerialCounter(Model):
    """The last number issued per school, document type and academic year.

    Incremented with one atomic UPDATE … RETURNING inside the issuing transaction, so two
    issues never get the same number and a failed issue gives its number back (no gaps).
    """

    __tablename__ = "lsq_serial_counter"
    __table_args__ = (UniqueConstraint("school_id", "document_type", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False)
    document_type: Mapped[str] = mapped_column(String(40), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class IssuedDocument(SchoolScoped, Audited, Model):
    """One issued document, kept as it was issued: its PDF, hash, serial and verification token."""

    __tablename__ = "lsq_issued_document"
    __table_args__ = (UniqueConstraint("school_id", "document_type", "year", "serial_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("lsq_school.id"), nullable=False, index=True)
    document_type: Mapped[str] = mapped_column(String(40), nullable=False)
    student_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_student.id"), index=True)
    #: a cohort's document (ปพ.3) is of a graduate report, not of one student
    graduate_report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_graduate_report.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)  # พ.ศ. of the issue
    serial_set: Mapped[Optional[str]] = mapped_column(String(20))  # ชุดที่
    serial_number: Mapped[Optional[int]] = mapped_column(Integer)  # เลขที่
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    file_key: Mapped[str] = mapped_column(String(100), nullable=False)
    issued_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"))
    issued_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="valid")
    replaces_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_issued_document.id"))
    reason: Mapped[Optional[str]] = mapped_column(Text)  # why a replacement was issued
    revoked_on: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    revoked_reason: Mapped[Optional[str]] = mapped_column(Text)

    school = relationship("School")
    student = relationship("Student")
    graduate_report = relationship("GraduateReport")
    issued_by = relationship("User")
    replaces = relationship("IssuedDocument", remote_side=[id])

    audit_exclude = ("token",)

    def __repr__(self) -> str:
        return f"{self.document_type} {self.serial_label}"

    @property
    def serial_label(self) -> str:
        if self.serial_number is None:
            return "-"
        if not self.serial_set:
            return f"เลขที่ {self.serial_number}"
        return f"ชุดที่ {self.serial_set} เลขที่ {self.serial_number}"

    @property
    def status_label(self) -> str:
        return DOCUMENT_STATUSES.get(self.status, self.status)

    @property
    def type_name(self) -> str:
        """The Thai name of the document type ("ระเบียนแสดงผลการเรียน (ปพ.1)"), as registered by its plugin."""
        from flask import current_app

        doc_type = current_app.extensions["lsq"].document_types.get(self.document_type)
        return doc_type.name_th if doc_type is not None else self.document_type

    def links(self):
        from flask import url_for
        from markupsafe import Markup

        return Markup(f'<a href="{url_for("IssuedDocumentView.pdf", pk=self.id)}" target="_blank">PDF</a> · '
                      f'<a href="{url_for("VerifyView.verify", token=self.token)}" target="_blank">ตรวจสอบ</a>')

