"""The organisation tree: Province → District → LocalAuthority → School, and the school calendar.

Province and District are reference data everyone in them may read; an LAO
(อปท.) belongs to a province and, except for an อบจ., to a district.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, select, true, false, CheckConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lsq_core.models.base import Audited, Model, Scoped
from lsq_core.security.scope import ALL, AUTHORITY, PROVINCE, SCHOOL, Scope, ScopeKey
from lsq_core.thai import digits_only, format_date_th, moe_code_error
from lsq_core.validation import Errors

AUTHORITY_TYPES = {
    "pao": "องค์การบริหารส่วนจังหวัด (อบจ.)",
    "city": "เทศบาลนคร",
    "town": "เทศบาลเมือง",
    "subdistrict_municipality": "เทศบาลตำบล",
    "sao": "องค์การบริหารส่วนตำบล (อบต.)",
}
AUTHORITY_TYPE_ABBR = {
    "pao": "อบจ.", "city": "ทน.", "town": "ทม.", "subdistrict_municipality": "ทต.", "sao": "อบต.",
}
EDUCATION_TYPE_SEPARATOR = ","


class Province(Scoped, Audited, Model):
    __tablename__ = "lsq_province"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True, nullable=False)  # DOPA province code
    name_th: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(100))

    districts = relationship("District", back_populates="province", order_by="District.name_th")

    def __repr__(self) -> str:
        return self.name_th

    @classmethod
    def scope_filter(cls, scope: Scope):
        if scope.is_all:
            return true()
        if scope.province_id is None:
            return false()
        return cls.id == scope.province_id

    def scope_key(self) -> ScopeKey:
        return ScopeKey(province_id=self.id)

    def lsq_validate(self) -> None:
        errors = Errors()
        if not digits_only(self.code or "").isdigit() or len(digits_only(self.code or "")) != 2:
            errors.add("code", "รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก")
        errors.add("name_th", None if (self.name_th or "").strip() else "กรุณากรอกชื่อจังหวัด")
        self.unique_errors(errors, {"code": "รหัสจังหวัด", "name_th": "ชื่อจังหวัด"})
        errors.raise_if_any()


class District(Scoped, Audited, Model):
    __tablename__ = "lsq_district"
    __table_args__ = (UniqueConstraint("province_id", "name_th"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(100))
    province_id: Mapped[int] = mapped_column(ForeignKey("lsq_province.id"), nullable=False, index=True)
    province = relationship("Province", back_populates="districts")

    def __repr__(self) -> str:
        return self.name_th

    @classmethod
    def scope_filter(cls, scope: Scope):
        if scope.is_all:
            return true()
        if scope.province_id is None:
            return false()
        return cls.province_id == scope.province_id

    def scope_key(self) -> ScopeKey:
        return ScopeKey(province_id=_id(self.province, self.province_id))

    def lsq_validate(self) -> None:
        errors = Errors()
        code = digits_only(self.code or "")
        if not (code.isdigit() and len(code) == 4):
            errors.add("code", "รหัสอำเภอต้องเป็นตัวเลข 4 หลัก")
        errors.add("name_th", None if (self.name_th or "").strip() else "กรุณากรอกชื่ออำเภอ")
        self.unique_errors(errors, {"code": "รหัสอำเภอ"})
        errors.raise_if_any()


class LocalAuthority(Scoped, Audited, Model):
    """An LAO (องค์กรปกครองส่วนท้องถิ่น): อบจ., เทศบาลนคร/เมือง/ตำบล or อบต."""

    __tablename__ = "lsq_authority"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # DLA's LAO code
    name_th: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    authority_type: Mapped[str] = mapped_column(String(32), nullable=False)
    province_id: Mapped[int] = mapped_column(ForeignKey("lsq_province.id"), nullable=False, index=True)
    district_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_district.id"), index=True)
    address: Mapped[Optional[str]] = mapped_column(Text)
    phone: Mapped[Optional[str]] = mapped_column(String(50))

    province = relationship("Province")
    district = relationship("District")
    schools = relationship("School", back_populates="authority", order_by="School.code")

    def __repr__(self) -> str:
        return self.name_th

    @property
    def type_label(self) -> str:
        return AUTHORITY_TYPES.get(self.authority_type, self.authority_type)

    @classmethod
    def scope_filter(cls, scope: Scope):
        if scope.level == ALL:
            return true()
        if scope.level == PROVINCE:
            return cls.province_id == scope.province_id
        if scope.level in (AUTHORITY, SCHOOL):
            return cls.id == scope.authority_id
        return false()

    def scope_key(self) -> ScopeKey:
        province_id = _id(self.province, self.province_id)
        return ScopeKey(province_id=province_id, authority_id=self.id)

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.authority_type not in AUTHORITY_TYPES:
            errors.add("authority_type", "ประเภท อปท. ต้องเป็น อบจ. เทศบาลนคร เทศบาลเมือง เทศบาลตำบล หรือ อบต.")
        if not (self.code or "").strip():
            errors.add("code", "กรุณากรอกรหัส อปท.")
        if not (self.name_th or "").strip():
            errors.add("name_th", "กรุณากรอกชื่อ อปท.")
        district = self.district
        province_id = _id(self.province, self.province_id)
        if self.authority_type == "pao" and (district is not None or self.district_id):
            errors.add("district", "อบจ. เป็นหน่วยระดับจังหวัด ไม่ต้องระบุอำเภอ")
        elif self.authority_type != "pao" and district is None and not self.district_id:
            errors.add("district", "กรุณาเลือกอำเภอที่ตั้งของ อปท.")
        if district is not None and province_id is not None and district.province_id != province_id:
            errors.add("district", "อำเภอที่เลือกไม่อยู่ในจังหวัดของ อปท.")
        self.unique_errors(errors, {"code": "รหัส อปท."})
        errors.raise_if_any()


class School(Scoped, Audited, Model):
    """A school or vocational college run by an LAO."""

    __tablename__ = "lsq_school"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # DLA school code
    moe_code: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)  # Ministry 10-digit code
    name_th: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    authority_id: Mapped[int] = mapped_column(ForeignKey("lsq_authority.id"), nullable=False, index=True)
    district_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lsq_district.id"), index=True)
    address: Mapped[Optional[str]] = mapped_column(Text)
    subdistrict: Mapped[Optional[str]] = mapped_column(String(100))
    postcode: Mapped[Optional[str]] = mapped_column(String(5))
    phone: Mapped[Optional[str]] = mapped_column(String(50))
    email: Mapped[Optional[str]] = mapped_column(String(200))
    # As printed on documents: "นายสมชาย ใจดี", "ผู้อำนวยการสถานศึกษา"
    director_name: Mapped[Optional[str]] = mapped_column(String(200))
    director_title: Mapped[Optional[str]] = mapped_column(String(200))
    registrar_name: Mapped[Optional[str]] = mapped_column(String(200))
    registrar_title: Mapped[Optional[str]] = mapped_column(String(200))
    #: comma-separated education type identifiers ("basic", "vocational")
    education_types: Mapped[str] = mapped_column(String(100), nullable=False, default="basic")
    #: comma-separated level codes offered ("p1,...,m3")
    levels: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: per-school policies for the rules the sources leave open, by grading scale:
    #: {"basic_2551": {"pending_results": "zero", ...}} (defaults: the scale's)
    settings: Mapped[Optional[dict]] = mapped_column(JSON, default=dict)

    authority = relationship("LocalAuthority", back_populates="schools")
    district = relationship("District")

    def __repr__(self) -> str:
        return self.name_th

    @property
    def education_type_list(self) -> list[str]:
        return [t for t in (self.education_types or "").split(EDUCATION_TYPE_SEPARATOR) if t]

    @property
    def level_list(self) -> list[str]:
        return [t for t in (self.levels or "").split(",") if t]

    @property
    def education_types_label(self) -> str:
        from flask import current_app

        registry = current_app.extensions["lsq"].education_types
        return ", ".join(registry[t].name_th if t in registry else t for t in self.education_type_list)

    @property
    def levels_label(self) -> str:
        from flask import current_app

        names = dict(current_app.extensions["lsq"].education_types.level_choices())
        return ", ".join(names.get(code, code) for code in self.level_list)

    @classmethod
    def scope_filter(cls, scope: Scope):
        if scope.level == ALL:
            return true()
        if scope.level == PROVINCE:
            return cls.authority_id.in_(
                select(LocalAuthority.id).where(LocalAuthority.province_id == scope.province_id)
            )
        if scope.level == AUTHORITY:
            return cls.authority_id == scope.authority_id
        if scope.level == SCHOOL:
            return cls.id == scope.school_id
        return false()

    def scope_key(self) -> ScopeKey:
        authority = self.authority
        return ScopeKey(
            province_id=authority.province_id if authority is not None else None,
            authority_id=_id(authority, self.authority_id),
            school_id=self.id,
        )

    def lsq_validate(self) -> None:
        from flask import current_app

        errors = Errors()
        if self.moe_code is not None:
            self.moe_code = digits_only(self.moe_code)
        errors.add("moe_code", moe_code_error(self.moe_code))
        if not (self.code or "").strip():
            errors.add("code", "กรุณากรอกรหัสสถานศึกษา (กสถ.)")
        if not (self.name_th or "").strip():
            errors.add("name_th", "กรุณากรอกชื่อสถานศึกษาภาษาไทย")
        if self.postcode and not (digits_only(self.postcode).isdigit() and len(digits_only(self.postcode)) == 5):
            errors.add("postcode", "รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก")
        registry = current_app.extensions["lsq"].education_types
        types = self.education_type_list
        if not types:
            errors.add("education_types", "กรุณาเลือกประเภทการศึกษาที่จัดอย่างน้อย 1 ประเภท")
        for t in types:
            if t not in registry:
                errors.add("education_types", f"ไม่รู้จักประเภทการศึกษา {t}")
        offered = {lvl.code for t in types if t in registry for lvl in registry[t].levels}
        for level in self.level_list:
            if level not in offered:
                errors.add("levels", f"ระดับชั้น {level} ไม่อยู่ในประเภทการศึกษาที่สถานศึกษาจัด")
        if self.district is not None and self.authority is not None \
                and self.district.province_id != self.authority.province_id:
            errors.add("district", "อำเภอที่เลือกไม่อยู่ในจังหวัดของ อปท. ต้นสังกัด")
        self.unique_errors(errors, {"code": "รหัสสถานศึกษา", "moe_code": "รหัสสถานศึกษาของ ศธ."})
        errors.raise_if_any()


class AcademicYear(Scoped, Audited, Model):
    """ปีการศึกษา, named by its Buddhist-Era year (2569 starts in May 2026)."""

    __tablename__ = "lsq_academic_year"
    __table_args__ = (CheckConstraint("year BETWEEN 2400 AND 2800", name="ck_academic_year_be"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date)

    terms = relationship("Term", back_populates="academic_year", order_by="Term.number")

    def __repr__(self) -> str:
        return f"ปีการศึกษา {self.year}"

    @classmethod
    def scope_filter(cls, scope: Scope):
        return true()  # the national calendar is visible to everyone signed in

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.year is None or not (2400 <= int(self.year) <= 2800):
            errors.add("year", "ปีการศึกษาต้องเป็นปีพุทธศักราช เช่น 2569")
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors.add("end_date", "วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น")
        self.unique_errors(errors, {"year": "ปีการศึกษา"})
        errors.raise_if_any()


TERM_NAMES = {1: "ภาคเรียนที่ 1", 2: "ภาคเรียนที่ 2", 3: "ภาคฤดูร้อน"}


class Term(Scoped, Audited, Model):
    __tablename__ = "lsq_term"
    __table_args__ = (UniqueConstraint("academic_year_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("lsq_academic_year.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)  # 1, 2; 3 = summer
    start_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    end_date: Mapped[Optional[dt.date]] = mapped_column(Date)

    academic_year = relationship("AcademicYear", back_populates="terms")

    def __repr__(self) -> str:
        year = self.academic_year.year if self.academic_year is not None else ""
        return f"{TERM_NAMES.get(self.number, self.number)}/{year}"

    @property
    def name_th(self) -> str:
        return TERM_NAMES.get(self.number, str(self.number))

    @classmethod
    def scope_filter(cls, scope: Scope):
        return true()

    def lsq_validate(self) -> None:
        errors = Errors()
        if self.number not in TERM_NAMES:
            errors.add("number", "ภาคเรียนต้องเป็น 1, 2 หรือ 3 (ภาคฤดูร้อน)")
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors.add("end_date", "วันสิ้นสุดต้องอยู่หลังวันเริ่มต้น")
        year = self.academic_year
        if year is not None and self.start_date and year.start_date and year.end_date:
            if not (year.start_date <= self.start_date <= year.end_date):
                errors.add("start_date", f"วันเริ่มภาคเรียนต้องอยู่ใน{year!r} "
                                         f"({format_date_th(year.start_date)} – {format_date_th(year.end_date)})")
        errors.raise_if_any()


def _id(related, fk):
    """The id of a related object when set (forms set the object), else the raw FK."""
    return related.id if related is not None else fk
