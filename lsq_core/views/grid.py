"""The results grid: one screen per subject, classroom and term, with all its students.

The page is keyboard-first (Enter and the arrow keys move between cells) and a
column pasted from Excel fills down from the cell it is pasted in. Saving is
all or nothing: a bad cell or a result someone else changed meanwhile stops the
whole save, and the answer names the row and the field.
"""

from __future__ import annotations

from flask import abort, jsonify, request
from flask_appbuilder import BaseView, expose, has_access
from sqlalchemy.orm.exc import StaleDataError

from lsq_core import gpa as G
from lsq_core.audit import set_audit_reason
from lsq_core.extensions import db
from lsq_core.models import Enrollment, Result, TeachingAssignment
from lsq_core.results_service import VersionConflict, enter_result, scale_for
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESULT_PERMISSIONS
from lsq_core.security.scope import OutOfScope
from lsq_core.validation import ValidationFailed

FIELD_LABELS = {"score": "คะแนน", "attendance": "เวลาเรียน (%)", "grade": "ผลเป็นตัวอักษร", "term": "ภาคเรียน"}
FIELD_COLUMNS = {"grade": "letter"}  # the service's field → the grid's column


def _assignment(pk) -> TeachingAssignment:
    item = scoped_query(db.session, TeachingAssignment).filter(TeachingAssignment.id == pk).one_or_none()
    if item is None:
        abort(404)
    return item


def _rows(assignment):
    enrollments = (db.session.query(Enrollment).filter_by(classroom_id=assignment.classroom_id)
                   .order_by(Enrollment.number).all())
    students = [e.student for e in enrollments]
    results = {r.student_id: r for r in db.session.query(Result).filter(
        Result.subject_id == assignment.subject_id, Result.term_id == assignment.term_id,
        Result.student_id.in_([s.id for s in students]))}
    gpas = G.term_gpas(db.session, [s.id for s in students])
    scale = scale_for(assignment.subject)
    rows = []
    for enrollment in enrollments:
        student = enrollment.student
        result = results.get(student.id)
        rows.append({
            "student_id": student.id, "number": enrollment.number, "student_number": student.student_number,
            "name": student.full_name(), "result_id": result.id if result else None,
            "version": result.version if result else None,
            "score": format(result.score, "f") if result and result.score is not None else "",
            "attendance": format(result.attendance, "f") if result and result.attendance is not None else "",
            "grade": result.grade if result and result.grade else "",
            # the letter column holds only what a teacher types instead of a score
            "letter": result.grade if result and result.grade and not scale.is_numeric(result.grade) else "",
            "original_grade": result.original_grade if result else None,
            "term_gpa": (lambda v: format(v, "f") if v is not None else "")(
                gpas.get((student.id, assignment.term_id))),
        })
    return rows


class ResultGridView(BaseView):
    route_base = "/results"
    class_permission_name = "Result"
    method_permission_name = {"grid": "read", "save": "write"}
    base_permissions = RESULT_PERMISSIONS
    default_view = "grid"

    @expose("/grid/<int:pk>")
    @has_access
    def grid(self, pk):
        assignment = _assignment(pk)
        scale = scale_for(assignment.subject)
        return self.render_template(
            "lsq/result_grid.html", title=f"บันทึกผลการเรียน {assignment.subject!r}",
            assignment=assignment, rows=_rows(assignment), activity=assignment.subject.kind == "activity",
            grades=scale.allowed_grades(assignment.subject.kind))

    @expose("/grid/<int:pk>/save", methods=["POST"])
    @has_access
    def save(self, pk):
        assignment = _assignment(pk)
        body = request.get_json(silent=True) or {}
        reason = (body.get("reason") or "").strip() or None
        set_audit_reason(reason)
        enrolled = {e.student_id: e for e in db.session.query(Enrollment).filter_by(
            classroom_id=assignment.classroom_id)}
        errors, conflicts = [], []
        for index, row in enumerate(body.get("rows") or [], start=1):
            student_id = row.get("student_id")
            enrollment = enrolled.get(student_id)
            if enrollment is None:
                errors.append({"row": index, "field": "student_id", "message": "นักเรียนไม่อยู่ในห้องเรียนนี้"})
                continue
            result = db.session.query(Result).filter_by(student_id=student_id, subject_id=assignment.subject_id,
                                                        term_id=assignment.term_id).one_or_none()
            if result is None:
                if not any(str(row.get(k) or "").strip() for k in ("score", "letter", "attendance")):
                    continue
                result = Result(student=enrollment.student, subject=assignment.subject, term=assignment.term,
                                classroom=assignment.classroom, level=assignment.classroom.level)
            try:
                check_writable(result)
                enter_result(result, score=row.get("score"), grade=row.get("letter"),
                             attendance=row.get("attendance"), expected_version=row.get("version"), reason=reason)
            except OutOfScope:
                db.session.rollback()
                abort(404)
            except VersionConflict:
                conflicts.append({"row": index, "student_number": enrollment.student.student_number,
                                  "message": "ผลการเรียนนี้ถูกแก้ไขโดยผู้อื่นแล้ว"})
            except ValidationFailed as exc:
                for field, messages in exc.messages.items():
                    errors.append({"row": index, "number": enrollment.number,
                                   "student_number": enrollment.student.student_number,
                                   "field": FIELD_COLUMNS.get(field, field),
                                   "field_label": FIELD_LABELS.get(field, field), "message": " ".join(messages)})
        if errors or conflicts:
            db.session.rollback()
            status = 409 if conflicts and not errors else 422
            return jsonify(saved=False, errors=errors, conflicts=conflicts,
                           message="ยังไม่ได้บันทึก: แก้ไขรายการที่แจ้งแล้วบันทึกใหม่"), status
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            return jsonify(saved=False, conflicts=[{"message": "ผลการเรียนถูกแก้ไขโดยผู้อื่นพร้อมกัน"}]), 409
        return jsonify(saved=True, rows=_rows(assignment))
