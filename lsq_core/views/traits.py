"""The assessment grid of a classroom's year: reading-thinking-writing and the eight
desirable characteristics (ดีเยี่ยม / ดี / ผ่าน / ไม่ผ่าน), one row per student.

Saving is all or nothing, like the results grid.
"""

from __future__ import annotations

from flask import abort, jsonify, request
from flask_appbuilder import BaseView, expose, has_access

from lsq_core.audit import set_audit_reason
from lsq_core.extensions import db
from lsq_core.models import Classroom, TraitAssessment
from lsq_core.models.results import CHARACTERISTICS, TRAIT_LEVELS
from lsq_core.scoping import check_writable, scoped_query
from lsq_core.security.roles import RESOURCE_PERMISSIONS
from lsq_core.security.scope import OutOfScope

#: (kind, item, column title): the overall results first, then the eight characteristics
COLUMNS = [("rtw", 0, "การอ่าน คิดวิเคราะห์ และเขียน"), ("char", 0, "คุณลักษณะฯ (รวม)")] + [
    ("char", n, f"{n}. {name}") for n, name in enumerate(CHARACTERISTICS, start=1)]


class TraitGridView(BaseView):
    route_base = "/assessments"
    class_permission_name = "TraitAssessment"
    method_permission_name = {"grid": "read", "save": "write"}
    base_permissions = RESOURCE_PERMISSIONS
    default_view = "grid"

    def _classroom(self, pk) -> Classroom:
        classroom = scoped_query(db.session, Classroom).filter(Classroom.id == pk).one_or_none()
        if classroom is None:
            abort(404)
        return classroom

    def _values(self, classroom):
        students = [e.student_id for e in classroom.enrollments]
        found = db.session.query(TraitAssessment).filter(
            TraitAssessment.student_id.in_(students), TraitAssessment.academic_year_id == classroom.academic_year_id)
        return {(t.student_id, t.kind, t.item): t.level for t in found}

    @expose("/grid/<int:pk>")
    @has_access
    def grid(self, pk):
        classroom = self._classroom(pk)
        return self.render_template("lsq/trait_grid.html", title=f"ประเมินการอ่านฯ และคุณลักษณะ {classroom.label}",
                                    classroom=classroom, columns=COLUMNS, levels=TRAIT_LEVELS,
                                    values=self._values(classroom),
                                    enrollments=sorted(classroom.enrollments, key=lambda e: e.number or 0))

    @expose("/grid/<int:pk>/save", methods=["POST"])
    @has_access
    def save(self, pk):
        classroom = self._classroom(pk)
        try:
            check_writable(classroom)
        except OutOfScope:
            abort(404)
        body = request.get_json(silent=True) or {}
        set_audit_reason(body.get("reason") or f"ประเมินการอ่านฯ และคุณลักษณะ {classroom.label}")
        enrolled = {e.student_id: e for e in classroom.enrollments}
        current = {(t.student_id, t.kind, t.item): t for t in db.session.query(TraitAssessment).filter(
            TraitAssessment.student_id.in_(list(enrolled)),
            TraitAssessment.academic_year_id == classroom.academic_year_id)}
        errors = []
        for index, row in enumerate(body.get("rows") or [], start=1):
            enrollment = enrolled.get(row.get("student_id"))
            if enrollment is None:
                errors.append({"row": index, "message": "นักเรียนไม่อยู่ในห้องเรียนนี้"})
                continue
            for kind, item, title in COLUMNS:
                level = (row.get(f"{kind}_{item}") or "").strip()
                key = (enrollment.student_id, kind, item)
                if not level:
                    continue
                if level not in TRAIT_LEVELS:
                    errors.append({"row": index, "student_number": enrollment.student.student_number,
                                   "field_label": title, "message": "ต้องเป็น ดีเยี่ยม ดี ผ่าน หรือไม่ผ่าน"})
                    continue
                if key in current:
                    current[key].level = level
                else:
                    current[key] = TraitAssessment(student_id=enrollment.student_id, kind=kind, item=item,
                                                   academic_year_id=classroom.academic_year_id, level=level)
                    db.session.add(current[key])
        if errors:
            db.session.rollback()
            return jsonify(saved=False, errors=errors, message="ยังไม่ได้บันทึก: แก้ไขรายการที่แจ้งแล้วบันทึกใหม่"), 422
        db.session.commit()
        return jsonify(saved=True)
