"""Issuing official documents: numbering, rendering, keeping, replacing, revoking, verifying.

Every issue is one transaction: the serial is taken with an atomic UPDATE … RETURNING
on the counter row (PostgreSQL holds the row lock until commit, so concurrent issues
queue; a failed issue rolls its number back, so serials never repeat and leave no
gaps), the PDF is rendered and its SHA-256 taken, the file stored unchanged, and the
IssuedDocument written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app, url_for
from sqlalchemy import update

from lsq_core.documents import thai
from lsq_core.documents.engine import qr_data_uri, render_document
from lsq_core.extensions import db
from lsq_core.models.documents import IssuedDocument, SerialCounter
from lsq_core.org_rules import file_store
from lsq_core.record import build_records, latest_levels
from lsq_core.thai import academic_year_of, thai_today
from lsq_core.validation import ValidationFailed


class NotAnIssuer(Exception):
    """The user's role may not issue this document type (answered 403)."""


def document_types():
    return current_app.extensions["lsq"].document_types


def allocate_serial(school_id: int, document_type: str, year: int) -> int:
    """The next เลขที่ for a school, type and year, inside the caller's transaction."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(SerialCounter.__table__).values(
        school_id=school_id, document_type=document_type, year=year, last_number=0).on_conflict_do_nothing())
    return db.session.execute(
        update(SerialCounter.__table__)
        .where(SerialCounter.school_id == school_id, SerialCounter.document_type == document_type,
               SerialCounter.year == year)
        .values(last_number=SerialCounter.last_number + 1)
        .returning(SerialCounter.last_number)).scalar_one()


MAX_NAME = 15
_NAME_PREFIXES = ("โรงเรียน", "เด็กชาย", "เด็กหญิง", "นางสาว", "นาย", "นาง")


def name_words(names) -> set[str]:
    """The people's and places' names on a page, as words the breaker should keep whole: a cell
    wraps before or after "คลองจิหลาด", never inside it (the dictionary does not know most
    names). Long compounds ("องค์การบริหารส่วนจังหวัดกระบี่") are dictionary words already
    and must stay breakable."""
    words = set()
    for name in names:
        for token in (name or "").split():
            prefix = next((p for p in _NAME_PREFIXES if token.startswith(p) and len(token) > len(p) + 1), "")
            words.add(token[len(prefix):])
    return {w for w in words if thai.has_thai(w) and len(w) <= MAX_NAME}


def _names(context) -> list[str]:
    school, student, report = context.get("school"), context.get("student"), context.get("report")
    names = [school.name_th, school.authority.name_th, school.director_name, school.registrar_name]
    people = [student] if student is not None else [entry.student for entry in report.entries] if report else []
    for person in people:
        names += [person.first_name, person.last_name, person.father_name, person.mother_name,
                  person.previous_school]
    return names


def masked_name(name: str) -> str:
    """"นางสาวกมลชนก สมบูรณ์" → "นางสาวกมลชนก ส******": enough to recognise, not to harvest."""
    first, _, last = (name or "").partition(" ")
    return f"{first} {last[:1]}{'*' * max(len(last) - 1, 0)}".strip()


def _document_type(type_id: str, user, subject: str):
    doc_type = document_types().get(type_id)
    if doc_type is None or doc_type.subject != subject:
        raise ValidationFailed({"type": [f"ไม่รู้จักเอกสารประเภท {type_id}"]})
    sm = current_app.appbuilder.sm
    if not any(sm.has_role(user, role) for role in doc_type.issuers):
        raise NotAnIssuer(type_id)
    return doc_type


def issue(type_id: str, student, user, *, reason: str | None = None, replaces: IssuedDocument | None = None,
          today: dt.date | None = None) -> IssuedDocument:
    """Issue a student's document (ปพ.1, ปพ.2, ปพ.7 …)."""
    doc_type = _document_type(type_id, user, "student")
    # a transcript reports one stage: its own results and figures, not the whole record's
    levels = doc_type.record_levels(latest_levels(db.session, [student.id]).get(student.id))
    record = build_records(db.session, [student.id], levels=levels)[student.id]
    if not doc_type.serves(student, record.get("level")):
        raise ValidationFailed({"student_id": [f"{doc_type.name_th} ไม่ใช่เอกสารของผู้เรียนประเภทหรือระดับชั้นนี้"]})
    if doc_type.requires_status and student.status != doc_type.requires_status:
        raise ValidationFailed({"student_id": [f"{doc_type.name_th} ออกให้เฉพาะผู้สำเร็จการศึกษาที่ได้รับอนุมัติแล้ว"]})
    document = _new_document(doc_type, student.school_id, user, today, replaces, reason, student_id=student.id)
    context = {"student": student, "record": record}
    context.update(_platform_context(doc_type, student.school, document, today, replaces))
    context.update(doc_type.context(record, student, student.school, document))
    return _keep(doc_type, document, context, f"{type_id}-{student.student_number}.pdf", replaces)


def cohort_type_for(report):
    """The cohort document type (from the plugins) that prints a graduate report of this level."""
    return next((t for t in document_types() if t.subject == "cohort"
                 and (not t.levels or report.level in t.levels)), None)


def issue_for_report(type_id: str, report, user, *, reason: str | None = None,
                     replaces: IssuedDocument | None = None, today: dt.date | None = None) -> IssuedDocument:
    """Issue a cohort's document (ปพ.3) of a graduate report; only a verified report is official."""
    doc_type = _document_type(type_id, user, "cohort")
    if doc_type.levels and report.level not in doc_type.levels:
        raise ValidationFailed({"report_id": [f"{doc_type.name_th} ไม่ใช้กับระดับชั้นนี้"]})
    if report.status != "verified":
        raise ValidationFailed({"report_id": [f"ออก{doc_type.name_th}ได้เมื่อ อปท. ตรวจสอบรายงานแล้วเท่านั้น"]})
    document = _new_document(doc_type, report.school_id, user, today, replaces, reason, graduate_report_id=report.id)
    context = {"report": report, **_platform_context(doc_type, report.school, document, today, replaces)}
    context.update(doc_type.report_context(report, report.school, document))
    return _keep(doc_type, document, context, f"{type_id}-{report.id}.pdf", replaces)


def _new_document(doc_type, school_id, user, today, replaces, reason, **subject) -> IssuedDocument:
    year = academic_year_of(today or thai_today())
    document = IssuedDocument(school_id=school_id, document_type=doc_type.identifier, year=year,
                              token=secrets.token_urlsafe(24), issued_by_id=user.id, issued_on=dt.datetime.utcnow(),
                              status="valid", replaces=replaces, reason=reason, sha256="", file_key="", **subject)
    if doc_type.controlled_serial:
        counter_year = year if doc_type.serial_per_year else 0
        document.serial_set = str(year) if doc_type.serial_per_year else None
        document.serial_number = allocate_serial(school_id, doc_type.identifier, counter_year)
    return document


def _platform_context(doc_type, school, document, today, replaces) -> dict:
    verify_url = url_for("VerifyView.verify", token=document.token, _external=True)
    return {"school": school, "today": today or thai_today(), "document": document, "verify_url": verify_url,
            "qr": qr_data_uri(verify_url), "replacement": replaces is not None}


def _keep(doc_type, document, context, filename, replaces) -> IssuedDocument:
    with thai.words_kept_whole(name_words(_names(context))):
        pdf = render_document(doc_type, context)
    stored = file_store().save_pdf(pdf, filename)
    document.sha256, document.file_key = hashlib.sha256(pdf).hexdigest(), stored.key
    db.session.add(document)
    if replaces is not None:
        replaces.status = "replaced"
    db.session.commit()
    return document


def reissue(original: IssuedDocument, user, reason: str) -> IssuedDocument:
    """A replacement (ใบแทน) with a reason; the original is marked replaced."""
    if not (reason or "").strip():
        raise ValidationFailed({"reason": ["กรุณาระบุเหตุผลที่ออกใบแทน"]})
    if original.status != "valid":
        raise ValidationFailed({"status": [f"เอกสารนี้{original.status_label}แล้ว"]})
    if original.graduate_report is not None:
        return issue_for_report(original.document_type, original.graduate_report, user, reason=reason.strip(),
                                replaces=original)
    return issue(original.document_type, original.student, user, reason=reason.strip(), replaces=original)


def revoke(document: IssuedDocument, reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationFailed({"reason": ["กรุณาระบุเหตุผลที่ยกเลิกเอกสาร"]})
    if document.status == "revoked":
        raise ValidationFailed({"status": ["เอกสารนี้ถูกยกเลิกแล้ว"]})
    document.status, document.revoked_on, document.revoked_reason = "revoked", dt.datetime.utcnow(), reason.strip()
    db.session.commit()
