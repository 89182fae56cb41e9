"""Job kind ``bulk_documents``: one student document type for a whole classroom or cohort,
as one merged PDF and as a zip of single files named by student number.

Parameters: ``{"type": "basic_ed.pp7", "classroom_id": N}`` (the classroom's students who
are studying or graduated, in class-number order), with ``"graduated_only": true`` for a
graduating cohort, or ``{"type": ..., "student_ids": [...]}`` for a chosen list (one school).
Any registered document type whose ``subject`` is "student" works.

All or nothing, as far as it can be known beforehand: ``prepare`` checks every student's
eligibility (level, status) in the request and refuses the job, naming each ineligible
student, before a single serial is taken; a registrar fixes the list and starts again.
Each document is then issued through lsq_core.documents.issuing.issue (its own serial,
hash, QR code and register entry, one transaction each). Should an issue still fail half
way (a template error, a rule of the type's own context), the job stops and fails naming
the student; the documents already issued stay valid in the register (a serial once
given is never taken back), the message says how many, and no merged file is offered.
"""

from __future__ import annotations

import io
import zipfile

from flask import current_app, g
from pypdf import PdfWriter

from lsq_core.documents import issuing
from lsq_core.extensions import db
from lsq_core.jobs import JobFailed, JobKind, Output, Plan, register_kind
from lsq_core.models import Classroom, Enrollment, Student
from lsq_core.org_rules import file_store
from lsq_core.record import build_records
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed

KIND = "bulk_documents"
#: students of a classroom who get its documents (not those who moved out, dropped out or were discharged)
IN_CLASS = ("studying", "graduated")


def student_types():
    """The document types that can be issued per student, in registry order."""
    return [t for t in current_app.extensions["lsq"].document_types if t.subject == "student"]


def may_issue(doc_type, user) -> bool:
    sm = current_app.appbuilder.sm
    return any(sm.has_role(user, role) for role in doc_type.issuers)


def _document_type(type_id: str, user):
    doc_type = current_app.extensions["lsq"].document_types.get(type_id)
    if doc_type is None:
        raise ValidationFailed({"type": [f"ไม่รู้จักเอกสารประเภท {type_id or '-'}"]})
    if doc_type.subject != "student":
        raise ValidationFailed({"type": [f"{doc_type.name_th} ไม่ใช่เอกสารรายบุคคล จึงออกเป็นชุดไม่ได้"]})
    if not may_issue(doc_type, user):
        raise issuing.NotAnIssuer(type_id)
    return doc_type


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed({field: ["ต้องเป็นจำนวนเต็ม"]}) from None


def _students(params: dict) -> tuple[list[Student], str, int]:
    """The students, a Thai description of whom, and their school; out of scope → OutOfScope (404)."""
    if params.get("classroom_id") not in (None, ""):
        classroom = scoped_query(db.session, Classroom).filter(
            Classroom.id == _int(params["classroom_id"], "classroom_id")).one_or_none()
        if classroom is None:
            raise OutOfScope()
        check_writable(classroom)
        wanted = ("graduated",) if params.get("graduated_only") else IN_CLASS
        students = (db.session.query(Student).join(Enrollment, Enrollment.student_id == Student.id)
                    .filter(Enrollment.classroom_id == classroom.id, Student.status.in_(wanted))
                    .order_by(Enrollment.number, Student.student_number).all())
        who = f"ห้อง {classroom.label}" + (" (ผู้สำเร็จการศึกษา)" if params.get("graduated_only") else "")
        return students, who, classroom.school_id
    ids = params.get("student_ids")
    if not isinstance(ids, list) or not ids:
        raise ValidationFailed({"classroom_id": ["กรุณาเลือกห้องเรียน หรือระบุรายชื่อนักเรียน"]})
    ids = list(dict.fromkeys(_int(pk, "student_ids") for pk in ids))
    found = {s.id: s for s in scoped_query(db.session, Student).filter(Student.id.in_(ids))}
    if len(found) != len(ids):
        raise OutOfScope()
    students = [found[pk] for pk in ids]
    for student in students:
        check_writable(student)
    schools = {s.school_id for s in students}
    if len(schools) != 1:
        raise ValidationFailed({"student_ids": ["ออกเอกสารเป็นชุดได้ครั้งละหนึ่งสถานศึกษา"]})
    return students, f"นักเรียนที่เลือก {len(students)} คน", schools.pop()


def _ineligible(doc_type, students: list[Student]) -> list[str]:
    """Each student the type may not be issued to, with why (the same rules as issuing.issue)."""
    records = build_records(db.session, [s.id for s in students])
    problems = []
    for student in students:
        level = records[student.id].get("level")
        if doc_type.levels and level not in doc_type.levels:
            problems.append(f"{student.student_number} {student.full_name()}: ไม่ได้อยู่ในระดับชั้นที่เอกสารนี้กำหนด")
        elif doc_type.requires_status and student.status != doc_type.requires_status:
            problems.append(f"{student.student_number} {student.full_name()}: "
                            "ยังไม่ได้รับอนุมัติให้สำเร็จการศึกษา")
    return problems


def prepare(params: dict, user) -> Plan:
    type_id = str(params.get("type") or "")
    doc_type = _document_type(type_id, user)
    students, who, school_id = _students(params)
    if not students:
        raise ValidationFailed({"classroom_id": [f"{who} ไม่มีนักเรียนที่จะออก{doc_type.name_th}ให้"]})
    problems = _ineligible(doc_type, students)
    if problems:
        raise ValidationFailed({"student_ids": [
            f"ยังไม่ได้ออกเอกสารฉบับใด: นักเรียน {len(problems)} คนไม่มีสิทธิ์ได้รับ{doc_type.name_th}", *problems]})
    return Plan(params={"type": type_id, "student_ids": [s.id for s in students],
                        "classroom_id": params.get("classroom_id") or None,
                        "graduated_only": bool(params.get("graduated_only")),
                        "title": f"{doc_type.name_th} {who} {len(students)} คน"},
                school_id=school_id, total=len(students))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return " ".join(m for messages in exc.messages.values() for m in messages)
    return str(exc) or type(exc).__name__


def run(job, params: dict, progress) -> Output:
    type_id, ids = params["type"], params["student_ids"]
    doc_type = current_app.extensions["lsq"].document_types.get(type_id)
    found = {s.id: s for s in scoped_query(db.session, Student).filter(Student.id.in_(ids))}
    issued: list[tuple[str, bytes, object]] = []
    store = file_store()
    for number, pk in enumerate(ids, start=1):
        student = found.get(pk)
        if student is None:
            raise JobFailed(f"ไม่พบนักเรียนรายการที่ {number} (อาจถูกลบหรือย้ายออกจากขอบเขตของผู้สั่งงาน) "
                            f"ออกเอกสารไปแล้ว {len(issued)} ฉบับ")
        label = f"{student.student_number} {student.full_name()}"
        try:
            document = issuing.issue(type_id, student, g.user)
        except Exception as exc:  # noqa: BLE001 - named in the job's message
            db.session.rollback()
            raise JobFailed(f"ออก{doc_type.name_th}ให้ {label} ไม่สำเร็จ: {_reason(exc)} — "
                            f"ออกไปแล้ว {len(issued)} ฉบับ (อยู่ในทะเบียนคุมการออกเอกสาร) "
                            "ไม่มีไฟล์รวมให้ดาวน์โหลด") from exc
        issued.append((student.student_number, store.path(document.file_key).read_bytes(),
                       (document.id, document.serial_label)))
        progress(number)
    return Output(files={"pdf": merge(data for _, data, _ in issued),
                         "zip": zip_files((f"{n}.pdf", data) for n, data, _ in issued)},
                  result={"documents": [d[0] for _, _, d in issued], "serials": [d[1] for _, _, d in issued]},
                  message=f"ออก{doc_type.name_th} แล้ว {len(issued)} ฉบับ")


def merge(pdfs) -> bytes:
    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_files(named) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in named:
            archive.writestr(name, data)
    return out.getvalue()


register_kind(JobKind(KIND, "ออกเอกสารเป็นชุด", prepare, run))
